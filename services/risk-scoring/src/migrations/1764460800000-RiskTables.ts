import type { MigrationInterface, QueryRunner } from 'typeorm';

export class RiskTables1764460800000 implements MigrationInterface {
  name = 'RiskTables1764460800000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE case_features (
        loan_id        text PRIMARY KEY,
        customer_id    text        NOT NULL,
        loan_sequence  bigint      NOT NULL,
        status         text        NOT NULL,
        features       jsonb       NOT NULL,
        updated_at     timestamptz NOT NULL
      )`);
    await q.query(`
      CREATE TABLE case_risk (
        loan_id          text PRIMARY KEY,
        verdict          jsonb       NOT NULL,
        scored_at        timestamptz NOT NULL,
        -- when the verdict last changed (and was published)
        changed_at       timestamptz NOT NULL
      )`);
    // Every change of verdict, kept so outcomes can be compared per arm, model and policy version.
    await q.query(`
      CREATE TABLE case_risk_history (
        id               bigserial   PRIMARY KEY,
        loan_id          text        NOT NULL,
        loan_sequence    bigint      NOT NULL,
        arm              text        NOT NULL,
        band             text        NOT NULL,
        segment          text        NOT NULL,
        treatment        text        NOT NULL,
        model_version    text        NOT NULL,
        policy_version   text        NOT NULL,
        verdict          jsonb       NOT NULL,
        cause_event_id   uuid        NOT NULL,
        changed_at       timestamptz NOT NULL
      )`);
    await q.query(`CREATE INDEX case_risk_history_by_loan ON case_risk_history (loan_id, id)`);
    await q.query(`CREATE INDEX case_risk_history_by_arm ON case_risk_history (arm, policy_version)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE case_risk_history`);
    await q.query(`DROP TABLE case_risk`);
    await q.query(`DROP TABLE case_features`);
  }
}
