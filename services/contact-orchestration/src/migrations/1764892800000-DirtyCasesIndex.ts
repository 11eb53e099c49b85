import type { MigrationInterface, QueryRunner } from 'typeorm';

export class DirtyCasesIndex1764892800000 implements MigrationInterface {
  name = 'DirtyCasesIndex1764892800000';

  async up(q: QueryRunner): Promise<void> {
    // The planner claims changed cases first: found through this small index, however many unchanged
    // active cases wait for their planning interval.
    await q.query(`CREATE INDEX cases_dirty ON cases (loan_id) WHERE plan_dirty AND state = 'ACTIVE' AND treatment_id IS NOT NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX cases_dirty`);
  }
}
