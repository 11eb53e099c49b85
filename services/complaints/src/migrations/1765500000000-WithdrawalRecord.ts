import type { MigrationInterface, QueryRunner } from 'typeorm';

export class WithdrawalRecord1765500000000 implements MigrationInterface {
  name = 'WithdrawalRecord1765500000000';

  async up(q: QueryRunner): Promise<void> {
    // Who withdrew a complaint (`<role>:<subject>`) and when, on the complaint itself: a withdrawal
    // lifts the contact suspension, so it is the one change whose author everyone asks about. For
    // complaints withdrawn before, the append-only history already says.
    await q.query(`ALTER TABLE complaints ADD COLUMN withdrawn_by text, ADD COLUMN withdrawn_at timestamptz`);
    await q.query(`
      UPDATE complaints c SET withdrawn_by = h.actor_role || ':' || h.actor, withdrawn_at = h.at
      FROM (SELECT DISTINCT ON (complaint_id) complaint_id, actor, actor_role, at FROM complaint_history WHERE action = 'withdrawn' ORDER BY complaint_id, id) h
      WHERE c.complaint_id = h.complaint_id AND c.status = 'withdrawn'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE complaints DROP COLUMN withdrawn_at, DROP COLUMN withdrawn_by`);
  }
}
