import { Client } from 'pg';
import type { MigrationInterface, QueryRunner } from 'typeorm';
import { appendOnlyTablesSql, createServiceDataSource, dropAppendOnly, makeAppendOnly, migrateUp, serviceDatabaseUrl, serviceRoles } from '../src';

/**
 * Least privilege on the real PostgreSQL: what a service's runtime role may and may not do, for two
 * made-up services migrated here (alpha, beta, and gamma migrated by the superuser first, as every
 * schema was before the roles existed), then for the platform's own schemas as `npm run stack:up`
 * provisioned them in the test database.
 */
// libs/testing's testStack.databaseUrl; a lib may not import the testing lib.
const ADMIN_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/clearpath_test';
const SERVICES = ['lp-alpha', 'lp-beta', 'lp-gamma'] as const;
type Service = (typeof SERVICES)[number];
const schemaOf = (service: Service) => service.replace(/-/g, '_');

class Notes1700000000001 implements MigrationInterface {
  name = 'Notes1700000000001';
  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE notes (id bigserial PRIMARY KEY, body text NOT NULL)`);
    await q.query(`CREATE TABLE audit (id bigserial PRIMARY KEY, what text NOT NULL)`);
    await makeAppendOnly(q, 'audit');
  }
  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE audit`);
    await dropAppendOnly(q, 'audit');
    await q.query(`DROP TABLE notes`);
  }
}

class Later1700000000002 implements MigrationInterface {
  name = 'Later1700000000002';
  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE later (id bigserial PRIMARY KEY, body text NOT NULL)`);
  }
  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE later`);
  }
}

const admin = new Client({ connectionString: ADMIN_URL });
const clients: Client[] = [];

async function migrate(service: Service, migrations: Array<new () => MigrationInterface>, provision = true): Promise<string[]> {
  const dataSource = createServiceDataSource({ url: ADMIN_URL, schema: schemaOf(service), migrations, poolSize: 1 });
  try {
    return await migrateUp(dataSource, provision ? { service } : {});
  } finally {
    await dataSource.destroy();
  }
}

/** A connection as the service's runtime role, the way the service connects. */
async function runtime(service: string): Promise<Client> {
  const client = new Client({ connectionString: serviceDatabaseUrl(ADMIN_URL, service) });
  await client.connect();
  clients.push(client);
  return client;
}

async function dropAll(): Promise<void> {
  for (const service of SERVICES) {
    await admin.query(`DROP SCHEMA IF EXISTS ${schemaOf(service)} CASCADE`);
    for (const role of Object.values(serviceRoles(service))) {
      const exists = await admin.query(`SELECT 1 FROM pg_roles WHERE rolname = $1`, [role]);
      if (exists.rowCount === 0) continue;
      await admin.query(`DROP OWNED BY ${role}`);
      await admin.query(`DROP ROLE ${role}`);
    }
  }
}

/** Every privilege of the schema, its objects and its default privileges, to compare two runs. */
async function privileges(schema: string): Promise<unknown[]> {
  const { rows } = await admin.query(
    `SELECT 'schema' AS kind, nspname AS name, pg_get_userbyid(nspowner) AS owner, nspacl::text AS acl FROM pg_namespace WHERE nspname = $1
     UNION ALL
     SELECT 'relation', relname, pg_get_userbyid(relowner), relacl::text FROM pg_class WHERE relnamespace = $1::regnamespace
     UNION ALL
     SELECT 'default', defaclobjtype::text, pg_get_userbyid(defaclrole), defaclacl::text FROM pg_default_acl WHERE defaclnamespace = $1::regnamespace
     ORDER BY 1, 2, 3`,
    [schema],
  );
  return rows;
}

beforeAll(async () => {
  await admin.connect();
  await dropAll();
});

afterAll(async () => {
  await Promise.all(clients.map((c) => c.end().catch(() => undefined)));
  await dropAll();
  await admin.end();
});

describe('provisioning', () => {
  it('creates a NOLOGIN owner and a LOGIN runtime role per service, with no power over the cluster, and is idempotent', async () => {
    expect(await migrate('lp-alpha', [Notes1700000000001])).toEqual(['Notes1700000000001']);
    const first = await privileges('lp_alpha');
    // Again, and at the same time as another service's: nothing changes, nothing fails.
    const [again] = await Promise.all([migrate('lp-alpha', [Notes1700000000001]), migrate('lp-beta', [Notes1700000000001])]);
    expect(again).toEqual([]);
    expect(await privileges('lp_alpha')).toEqual(first);

    const { rows } = await admin.query(
      `SELECT rolname, rolcanlogin, rolsuper, rolcreatedb, rolcreaterole, rolreplication, rolbypassrls FROM pg_roles WHERE rolname LIKE 'clearpath_lp_alpha%' ORDER BY 1`,
    );
    const powerless = { rolsuper: false, rolcreatedb: false, rolcreaterole: false, rolreplication: false, rolbypassrls: false };
    expect(rows).toEqual([
      { rolname: 'clearpath_lp_alpha', rolcanlogin: true, ...powerless },
      { rolname: 'clearpath_lp_alpha_owner', rolcanlogin: false, ...powerless },
    ]);
    const owners = await admin.query(
      `SELECT DISTINCT pg_get_userbyid(relowner) AS owner FROM pg_class WHERE relnamespace = 'lp_alpha'::regnamespace
       UNION SELECT pg_get_userbyid(nspowner) FROM pg_namespace WHERE nspname = 'lp_alpha'`,
    );
    expect(owners.rows).toEqual([{ owner: 'clearpath_lp_alpha_owner' }]);
  });

  it('takes back an attribute a role should not have', async () => {
    await admin.query(`ALTER ROLE clearpath_lp_alpha CREATEDB CREATEROLE`);
    await migrate('lp-alpha', [Notes1700000000001]);
    const { rows } = await admin.query(`SELECT rolcreatedb, rolcreaterole FROM pg_roles WHERE rolname = 'clearpath_lp_alpha'`);
    expect(rows).toEqual([{ rolcreatedb: false, rolcreaterole: false }]);
  });

  it('takes over a schema the superuser migrated before the roles existed', async () => {
    await migrate('lp-gamma', [Notes1700000000001], false);
    const before = await admin.query(`SELECT DISTINCT pg_get_userbyid(relowner) AS owner FROM pg_class WHERE relnamespace = 'lp_gamma'::regnamespace`);
    expect(before.rows).toEqual([{ owner: 'postgres' }]);

    expect(await migrate('lp-gamma', [Notes1700000000001, Later1700000000002])).toEqual(['Later1700000000002']);
    const objects = await admin.query(
      `SELECT DISTINCT pg_get_userbyid(relowner) AS owner FROM pg_class WHERE relnamespace = 'lp_gamma'::regnamespace
       UNION SELECT DISTINCT pg_get_userbyid(proowner) FROM pg_proc WHERE pronamespace = 'lp_gamma'::regnamespace`,
    );
    expect(objects.rows).toEqual([{ owner: 'clearpath_lp_gamma_owner' }]);
    const gamma = await runtime('lp-gamma');
    await gamma.query(`INSERT INTO lp_gamma.notes (body) VALUES ('x'), ('y')`);
    await gamma.query(`INSERT INTO lp_gamma.later (body) VALUES ('x')`);
    await gamma.query(`INSERT INTO lp_gamma.audit (what) VALUES ('x')`);
    await expect(gamma.query(`DELETE FROM lp_gamma.audit`)).rejects.toThrow(/permission denied for table audit/);
  });
});

describe("a service's runtime role", () => {
  let alpha: Client;

  beforeAll(async () => {
    alpha = await runtime('lp-alpha');
  });

  it('is not a superuser and cannot become its owner role', async () => {
    const { rows } = await alpha.query(`SELECT current_user, current_setting('is_superuser') AS superuser`);
    expect(rows).toEqual([{ current_user: 'clearpath_lp_alpha', superuser: 'off' }]);
    await expect(alpha.query(`SET ROLE clearpath_lp_alpha_owner`)).rejects.toThrow(/permission denied to set role/);
    await expect(alpha.query(`SET ROLE postgres`)).rejects.toThrow(/permission denied to set role/);
  });

  it('does its normal DML on its own tables', async () => {
    const inserted = await alpha.query(`INSERT INTO lp_alpha.notes (body) VALUES ('first') RETURNING id`);
    const id = inserted.rows[0].id as string;
    await alpha.query(`UPDATE lp_alpha.notes SET body = 'second' WHERE id = $1`, [id]);
    expect((await alpha.query(`SELECT body FROM lp_alpha.notes WHERE id = $1`, [id])).rows).toEqual([{ body: 'second' }]);
    await alpha.query(`SELECT id FROM lp_alpha.notes WHERE id = $1 FOR UPDATE`, [id]);
    await alpha.query(`DELETE FROM lp_alpha.notes WHERE id = $1`, [id]);
    await alpha.query(`INSERT INTO lp_alpha.audit (what) VALUES ('logged') ON CONFLICT DO NOTHING`);
    expect((await alpha.query(`SELECT what FROM lp_alpha.audit`)).rows).toContainEqual({ what: 'logged' });
  });

  it('cannot UPDATE, DELETE or TRUNCATE its own append-only audit table; neither can its owner role; the trigger stops a superuser', async () => {
    await alpha.query(`INSERT INTO lp_alpha.audit (what) VALUES ('evidence')`);
    await expect(alpha.query(`UPDATE lp_alpha.audit SET what = 'rewritten'`)).rejects.toThrow(/permission denied for table audit/);
    await expect(alpha.query(`DELETE FROM lp_alpha.audit`)).rejects.toThrow(/permission denied for table audit/);
    await expect(alpha.query(`TRUNCATE lp_alpha.audit`)).rejects.toThrow(/permission denied for table audit/);
    await expect(alpha.query(`TRUNCATE lp_alpha.notes`)).rejects.toThrow(/permission denied for table notes/);

    // Nobody logs in as the owner role: the admin acts as it, as the migrate command does.
    await admin.query('BEGIN');
    try {
      await admin.query('SET LOCAL ROLE clearpath_lp_alpha_owner');
      await expect(admin.query(`UPDATE lp_alpha.audit SET what = 'rewritten'`)).rejects.toThrow(/permission denied for table audit/);
    } finally {
      await admin.query('ROLLBACK');
    }
    await expect(admin.query(`UPDATE lp_alpha.audit SET what = 'rewritten'`)).rejects.toThrow(/audit is append-only: UPDATE refused/);
    await expect(admin.query(`TRUNCATE lp_alpha.audit`)).rejects.toThrow(/audit is append-only: TRUNCATE refused/);
    expect((await alpha.query(`SELECT what FROM lp_alpha.audit WHERE what = 'evidence'`)).rows).toEqual([{ what: 'evidence' }]);
  });

  it("cannot read or write another service's schema", async () => {
    await expect(alpha.query(`SELECT * FROM lp_beta.notes`)).rejects.toThrow(/permission denied for schema lp_beta/);
    await expect(alpha.query(`INSERT INTO lp_beta.notes (body) VALUES ('x')`)).rejects.toThrow(/permission denied for schema lp_beta/);
    const beta = await runtime('lp-beta');
    await expect(beta.query(`SELECT * FROM lp_alpha.audit`)).rejects.toThrow(/permission denied for schema lp_alpha/);
  });

  it('cannot create anything: not in public, not in its own schema, not a schema', async () => {
    await expect(alpha.query(`CREATE TABLE public.lp_intruder (id int)`)).rejects.toThrow(/permission denied for schema public/);
    await expect(alpha.query(`CREATE TABLE lp_alpha.intruder (id int)`)).rejects.toThrow(/permission denied for schema lp_alpha/);
    await expect(alpha.query(`CREATE FUNCTION lp_alpha.f() RETURNS int LANGUAGE sql AS 'SELECT 1'`)).rejects.toThrow(/permission denied for schema lp_alpha/);
    await expect(alpha.query(`CREATE SCHEMA lp_intruder`)).rejects.toThrow(/permission denied for database/);
    await expect(alpha.query(`ALTER TABLE lp_alpha.notes ADD COLUMN x int`)).rejects.toThrow(/must be owner of table notes/);
    await expect(alpha.query(`DROP TABLE lp_alpha.notes`)).rejects.toThrow(/must be owner of table notes/);
  });

  it('reads the migrations table but cannot record or forget a migration', async () => {
    expect((await alpha.query(`SELECT name FROM lp_alpha.migrations`)).rows).toEqual([{ name: 'Notes1700000000001' }]);
    await expect(alpha.query(`DELETE FROM lp_alpha.migrations`)).rejects.toThrow(/permission denied for table migrations/);
    await expect(alpha.query(`INSERT INTO lp_alpha.migrations (timestamp, name) VALUES (2, 'Fake2')`)).rejects.toThrow(
      /permission denied for table migrations/,
    );
  });

  it('gets DML on a table a later migration creates, through the default privileges', async () => {
    await admin.query('BEGIN');
    try {
      await admin.query('SET LOCAL ROLE clearpath_lp_alpha_owner');
      await admin.query(`CREATE TABLE lp_alpha.made_by_owner (id bigserial PRIMARY KEY, body text)`);
      await admin.query('COMMIT');
    } catch (error) {
      await admin.query('ROLLBACK');
      throw error;
    }
    await alpha.query(`INSERT INTO lp_alpha.made_by_owner (body) VALUES ('x')`);
    await alpha.query(`UPDATE lp_alpha.made_by_owner SET body = 'y'`);
    await alpha.query(`DELETE FROM lp_alpha.made_by_owner`);
    await expect(alpha.query(`TRUNCATE lp_alpha.made_by_owner`)).rejects.toThrow(/permission denied/);
  });
});

describe('the platform schemas, as stack:up provisioned them', () => {
  // The audit tables each service has at least; a new one (a `<table>_append_only` trigger) is checked too.
  const PLATFORM = {
    ingestion: { schema: 'ingestion', appendOnly: ['loan_events'] },
    'risk-scoring': { schema: 'risk_scoring', appendOnly: [] },
    'contact-orchestration': { schema: 'contact_orchestration', appendOnly: ['compliance_decisions', 'dispute_history'] },
    'repayment-plan': { schema: 'repayment_plan', appendOnly: [] },
    complaints: { schema: 'complaints', appendOnly: ['complaint_history'] },
    'flow-monitor': { schema: 'flow_monitor', appendOnly: ['dlq_replay'] },
  } as const;
  const services = Object.keys(PLATFORM) as Array<keyof typeof PLATFORM>;

  it.each(services)('%s: its own role, no superuser, DML on its tables and its outbox and inbox, nothing in the other schemas', async (service) => {
    const { schema } = PLATFORM[service];
    const { runtime: role } = serviceRoles(service);
    const own = await runtime(service);
    expect((await own.query(`SELECT current_user, current_setting('is_superuser') AS superuser`)).rows).toEqual([{ current_user: role, superuser: 'off' }]);

    const appendOnly = (await admin.query(appendOnlyTablesSql(schema))).rows.map((r: { table: string }) => r.table);
    expect(appendOnly).toEqual(expect.arrayContaining([...PLATFORM[service].appendOnly]));
    const { rows } = await admin.query(
      `SELECT c.relname AS table,
              has_table_privilege($1, c.oid, 'SELECT') AS select, has_table_privilege($1, c.oid, 'INSERT') AS insert,
              has_table_privilege($1, c.oid, 'UPDATE') AS update, has_table_privilege($1, c.oid, 'DELETE') AS delete,
              has_table_privilege($1, c.oid, 'TRUNCATE') AS truncate
       FROM pg_class c WHERE c.relnamespace = $2::regnamespace AND c.relkind = 'r' AND c.relname <> 'migrations' ORDER BY 1`,
      [role, schema],
    );
    expect(rows.map((r) => r.table)).toEqual(expect.arrayContaining(['inbox', 'outbox']));
    for (const row of rows) {
      const audit = appendOnly.includes(row.table);
      expect(row).toEqual({ table: row.table, select: true, insert: true, update: !audit, delete: !audit, truncate: false });
    }
    for (const table of appendOnly) {
      const column = (await admin.query(`SELECT attname FROM pg_attribute WHERE attrelid = $1::regclass AND attnum = 1`, [`${schema}.${table}`])).rows[0]
        .attname as string;
      await expect(own.query(`UPDATE ${schema}.${table} SET ${column} = ${column}`)).rejects.toThrow(new RegExp(`permission denied for table ${table}`));
      await expect(own.query(`DELETE FROM ${schema}.${table}`)).rejects.toThrow(new RegExp(`permission denied for table ${table}`));
      await expect(own.query(`TRUNCATE ${schema}.${table}`)).rejects.toThrow(new RegExp(`permission denied for table ${table}`));
    }
    await expect(own.query(`CREATE TABLE ${schema}.intruder (id int)`)).rejects.toThrow(new RegExp(`permission denied for schema ${schema}`));

    for (const other of services.filter((s) => s !== service)) {
      const otherSchema = PLATFORM[other].schema;
      await expect(own.query(`SELECT count(*) FROM ${otherSchema}.inbox`)).rejects.toThrow(new RegExp(`permission denied for schema ${otherSchema}`));
      const usage = await admin.query(`SELECT has_schema_privilege($1, $2, 'USAGE') AS usage`, [role, otherSchema]);
      expect({ otherSchema, usage: usage.rows[0].usage }).toEqual({ otherSchema, usage: false });
    }
  });
});
