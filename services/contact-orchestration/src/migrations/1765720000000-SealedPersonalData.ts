import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Personal data sealed at rest under each debtor's own data key (issue 14): the identity of
 * contact_details in one sealed `identity`, with blind-index digests (`lookups`) so a reply can
 * still be matched by the number it came from; third parties' phone numbers indexed the same way.
 * The plaintext columns stay, nullable, for rows written before: a migration has no master key, so
 * the service seals those at startup (LegacyReseal) and clears the plaintext. The other sealed
 * columns (third_parties.name and phone, provider_messages, dispute notes, breathing-space reasons)
 * are text already and need no change.
 */
export class SealedPersonalData1765720000000 implements MigrationInterface {
  name = 'SealedPersonalData1765720000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE contact_details ADD COLUMN identity text, ADD COLUMN lookups text[] NOT NULL DEFAULT '{}'`);
    await q.query(`ALTER TABLE contact_details ALTER COLUMN full_name DROP NOT NULL, ALTER COLUMN phone DROP NOT NULL`);
    await q.query(`CREATE INDEX contact_details_by_lookup ON contact_details USING gin (lookups)`);
    // Rows still in plaintext, for the startup re-seal to find without a scan.
    await q.query(`CREATE INDEX contact_details_unsealed ON contact_details (customer_id) WHERE identity IS NULL`);
    await q.query(`ALTER TABLE third_parties ADD COLUMN phone_lookup text`);
    await q.query(`CREATE INDEX third_parties_by_phone_lookup ON third_parties (phone_lookup) WHERE withdrawn_at IS NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    // What was sealed cannot be brought back here (no master key): those rows go, and the compacted
    // customer-contacts topic brings the details again once the older code reads it.
    await q.query(`DROP INDEX third_parties_by_phone_lookup`);
    await q.query(`DELETE FROM third_parties WHERE phone_lookup IS NOT NULL`);
    await q.query(`ALTER TABLE third_parties DROP COLUMN phone_lookup`);
    await q.query(`DELETE FROM contact_details WHERE full_name IS NULL OR phone IS NULL`);
    await q.query(`ALTER TABLE contact_details ALTER COLUMN full_name SET NOT NULL, ALTER COLUMN phone SET NOT NULL`);
    await q.query(`DROP INDEX contact_details_unsealed`);
    await q.query(`DROP INDEX contact_details_by_lookup`);
    await q.query(`ALTER TABLE contact_details DROP COLUMN lookups, DROP COLUMN identity`);
  }
}
