import type { MigrationInterface, QueryRunner } from 'typeorm';

export class PlanCanceller1765650000000 implements MigrationInterface {
  name = 'PlanCanceller1765650000000';

  async up(q: QueryRunner): Promise<void> {
    // Who cancelled a plan (`<role>:<subject>`, like created_by and approved_by); null for plans
    // cancelled before it was kept.
    await q.query(`ALTER TABLE plans ADD COLUMN cancelled_by text`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE plans DROP COLUMN cancelled_by`);
  }
}
