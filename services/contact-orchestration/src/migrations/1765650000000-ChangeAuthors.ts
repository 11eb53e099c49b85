import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Every change made through the API keeps who made it (the principal's subject), not only the
 * first one: the end of a breathing space (early, or once treatment ended), the withdrawal of an
 * inconvenient time, a third party's request to be contacted again, a task completed (a
 * supervisor may complete someone else's). Null for changes made before.
 */
export class ChangeAuthors1765650000000 implements MigrationInterface {
  name = 'ChangeAuthors1765650000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE breathing_spaces ADD COLUMN treatment_ended_by text, ADD COLUMN ended_early_by text`);
    await q.query(`ALTER TABLE inconvenient_times ADD COLUMN withdrawn_by text`);
    await q.query(`ALTER TABLE third_parties ADD COLUMN more_requested_by text, ADD COLUMN more_requested_at timestamptz`);
    await q.query(`ALTER TABLE agent_tasks ADD COLUMN completed_by text`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE agent_tasks DROP COLUMN completed_by`);
    await q.query(`ALTER TABLE third_parties DROP COLUMN more_requested_at, DROP COLUMN more_requested_by`);
    await q.query(`ALTER TABLE inconvenient_times DROP COLUMN withdrawn_by`);
    await q.query(`ALTER TABLE breathing_spaces DROP COLUMN ended_early_by, DROP COLUMN treatment_ended_by`);
  }
}
