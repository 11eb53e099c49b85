import type { QueryRunner } from 'typeorm';

/**
 * Makes a table an audit trail: a trigger refuses UPDATE, DELETE and TRUNCATE, so what was written
 * stays as written (compliance decisions, complaint history, DLQ replays). Dropping the table drops
 * the triggers; {@link dropAppendOnly} then drops the function.
 *
 * The trigger (named `<table>_append_only`) is also the mark the migrate command looks for: after
 * every migration it leaves such a table only SELECT and INSERT, for the service's runtime role and
 * its owner role alike (service-roles.ts), so a change is refused by privileges first and by the
 * trigger for whoever bypasses them (a superuser).
 */
export async function makeAppendOnly(q: Pick<QueryRunner, 'query'>, table: string): Promise<void> {
  if (!/^[a-z_][a-z0-9_]*$/.test(table)) throw new Error(`not a plain table name: ${table}`);
  await q.query(`
      CREATE FUNCTION ${table}_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION '${table} is append-only: % refused', TG_OP;
      END $$`);
  await q.query(`
      CREATE TRIGGER ${table}_append_only BEFORE UPDATE OR DELETE ON ${table}
      FOR EACH ROW EXECUTE FUNCTION ${table}_append_only()`);
  await q.query(`
      CREATE TRIGGER ${table}_no_truncate BEFORE TRUNCATE ON ${table}
      FOR EACH STATEMENT EXECUTE FUNCTION ${table}_append_only()`);
}

export async function dropAppendOnly(q: Pick<QueryRunner, 'query'>, table: string): Promise<void> {
  await q.query(`DROP FUNCTION IF EXISTS ${table}_append_only() CASCADE`);
}
