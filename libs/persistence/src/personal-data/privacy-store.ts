import { ensureRoleSql, quote } from '../service-roles';

/**
 * The key store: every customer's data keys (wrapped under a master key) and the register of
 * erased customers, in a schema of its own that no service owns — it stands where a lender would
 * put a KMS. Only the services that hold personal data reach it, each with the least it needs:
 * ingestion learns customers (creates keys) and erases them; the services that keep contact
 * details or complaint text create and read keys; nobody but the erasure path deletes one, and the
 * register of erasures is only ever added to.
 */
export const PRIVACY_SCHEMA = 'privacy';
export const PRIVACY_OWNER = 'clearpath_privacy_owner';

export type KeyStoreAccess = 'seal' | 'seal-and-erase';

/** Which services may reach the key store, and how. A service not listed gets nothing. */
export const KEY_STORE_ACCESS: Readonly<Record<string, KeyStoreAccess>> = {
  ingestion: 'seal-and-erase',
  'contact-orchestration': 'seal',
  complaints: 'seal',
};

export function keyStoreAccessOf(service: string): KeyStoreAccess | undefined {
  return Object.prototype.hasOwnProperty.call(KEY_STORE_ACCESS, service) ? KEY_STORE_ACCESS[service] : undefined;
}

/**
 * Idempotent, run by the admin connection of every listed service's migrate command (serialised
 * with the other provisioning of the database): the owner role, the schema, its two tables, and the
 * runtime role's grants.
 */
export function provisionKeyStoreSql(runtimeRole: string, access: KeyStoreAccess): string[] {
  const schema = quote(PRIVACY_SCHEMA);
  const owner = quote(PRIVACY_OWNER);
  const runtime = quote(runtimeRole);
  const statements = [
    ensureRoleSql(PRIVACY_OWNER, false),
    `CREATE SCHEMA IF NOT EXISTS ${schema} AUTHORIZATION ${owner}`,
    `REVOKE ALL ON SCHEMA ${schema} FROM PUBLIC`,
    `CREATE TABLE IF NOT EXISTS ${schema}.subject_keys (
      customer_id    text        NOT NULL,
      version        integer     NOT NULL CHECK (version > 0),
      master_key_id  text        NOT NULL,
      wrapped_key    bytea       NOT NULL,
      created_at     timestamptz NOT NULL,
      PRIMARY KEY (customer_id, version)
    )`,
    `CREATE TABLE IF NOT EXISTS ${schema}.erased_subjects (
      customer_id  text        PRIMARY KEY,
      erased_at    timestamptz NOT NULL,
      erased_by    text        NOT NULL,
      reason       text        NOT NULL
    )`,
    `ALTER TABLE ${schema}.subject_keys OWNER TO ${owner}`,
    `ALTER TABLE ${schema}.erased_subjects OWNER TO ${owner}`,
    `REVOKE ALL ON ALL TABLES IN SCHEMA ${schema} FROM ${runtime}`,
    `GRANT USAGE ON SCHEMA ${schema} TO ${runtime}`,
    `GRANT SELECT, INSERT ON ${schema}.subject_keys TO ${runtime}`,
    `GRANT SELECT ON ${schema}.erased_subjects TO ${runtime}`,
  ];
  if (access === 'seal-and-erase') {
    statements.push(`GRANT DELETE ON ${schema}.subject_keys TO ${runtime}`, `GRANT INSERT ON ${schema}.erased_subjects TO ${runtime}`);
  }
  return statements;
}
