import type { MigrationInterface, QueryRunner } from 'typeorm';

export class ThirdParties1765238400000 implements MigrationInterface {
  name = 'ThirdParties1765238400000';

  async up(q: QueryRunner): Promise<void> {
    // People the debtor named (personal data): asked, only when the debtor cannot be reached and only
    // how to reach them — once each, more only when they asked for it.
    await q.query(`
      CREATE TABLE third_parties (
        id                uuid PRIMARY KEY,
        customer_id       text        NOT NULL,
        name              text        NOT NULL,
        phone             text        NOT NULL,
        relationship      text        NOT NULL,
        contacts_allowed  integer     NOT NULL DEFAULT 1,
        contacts_made     integer     NOT NULL DEFAULT 0,
        recorded_by       text        NOT NULL,
        recorded_at       timestamptz NOT NULL,
        withdrawn_at      timestamptz
      )`);
    await q.query(`CREATE INDEX third_parties_by_customer ON third_parties (customer_id) WHERE withdrawn_at IS NULL`);
    await q.query(`ALTER TABLE contact_attempts ADD COLUMN third_party_id uuid`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE contact_attempts DROP COLUMN third_party_id`);
    await q.query(`DROP TABLE third_parties`);
  }
}
