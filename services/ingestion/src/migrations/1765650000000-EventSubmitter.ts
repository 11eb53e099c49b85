import type { MigrationInterface, QueryRunner } from 'typeorm';

export class EventSubmitter1765650000000 implements MigrationInterface {
  name = 'EventSubmitter1765650000000';

  async up(q: QueryRunner): Promise<void> {
    // Who posted an event over HTTP (`client:<client>` of the API key, or a token's subject): with
    // several clients allowed to publish, the channel alone no longer says. Null for events logged
    // before, and always for Kafka, where the broker authenticates the producer, not the record.
    await q.query(`
      ALTER TABLE loan_events
        ADD COLUMN submitted_by text,
        ADD CONSTRAINT loan_events_submitter_over_http CHECK (submitted_by IS NULL OR channel = 'http')`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE loan_events DROP CONSTRAINT loan_events_submitter_over_http, DROP COLUMN submitted_by`);
  }
}
