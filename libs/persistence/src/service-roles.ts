/**
 * Least privilege in PostgreSQL: two roles per service, neither of them a superuser.
 *
 * - `clearpath_<service>_owner` (NOLOGIN) owns the service's schemas and everything in them. Nobody
 *   logs in as it: the migrate command connects with the admin URL and runs the migrations as it.
 * - `clearpath_<service>` (LOGIN) is what the running service connects as: USAGE on its own schemas,
 *   SELECT/INSERT/UPDATE/DELETE on their tables, USAGE on their sequences; no CREATE anywhere, no
 *   TRUNCATE, no access to another service's schema. Default privileges give it the same on the
 *   tables later migrations create.
 * - An append-only audit table (one with the `<table>_append_only` trigger of append-only.ts) keeps
 *   only SELECT and INSERT, for the runtime role and for the owner alike; the trigger refuses a
 *   change by anyone else (a superuser included).
 *
 * The statements are idempotent: the migrate command runs them on every `up`, before and after the
 * migrations, so a schema made before this existed (owned by the superuser) is taken over too.
 */

const IDENTIFIER = /^[a-z_][a-z0-9_]*$/;

export interface ServiceRoles {
  /** NOLOGIN; owns the schema and its objects; the migrations run as it. */
  readonly owner: string;
  /** LOGIN; the running service: DML on its own tables and nothing else. */
  readonly runtime: string;
}

/** `contact-orchestration` → `clearpath_contact_orchestration` (runtime) and `clearpath_contact_orchestration_owner`. */
export function serviceRoles(service: string): ServiceRoles {
  const runtime = `clearpath_${service.replace(/-/g, '_')}`;
  if (!IDENTIFIER.test(runtime) || runtime.length > 57) throw new Error(`not a service name: ${service}`);
  return { owner: `${runtime}_owner`, runtime };
}

/**
 * The URL a service runs with: `url` (the admin URL of the same database) with the user replaced by
 * the service's runtime role and no password (trust on the development stack; set a password in the
 * service's own `<SERVICE>_DATABASE_URL` anywhere else).
 */
export function serviceDatabaseUrl(url: string, service: string): string {
  const parsed = new URL(url);
  parsed.username = serviceRoles(service).runtime;
  parsed.password = '';
  return parsed.toString();
}

// Names are checked against IDENTIFIER, so quoting them needs no escaping.
const checked = (name: string): string => {
  if (!IDENTIFIER.test(name)) throw new Error(`not a plain identifier: ${name}`);
  return name;
};
export const quote = (name: string): string => `"${checked(name)}"`;
const literal = (name: string): string => `'${checked(name)}'`;

const ROLE_LIMITS = 'NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS';

/**
 * Creates the role unless it exists, and takes back any attribute it should not have. Roles belong
 * to the whole cluster: the migrations of two databases may create the same role at the same time,
 * hence the exception handler.
 */
export function ensureRoleSql(role: string, login: boolean): string {
  const attributes = `${login ? 'LOGIN' : 'NOLOGIN'} ${ROLE_LIMITS}`;
  return `DO $$
BEGIN
  IF NOT EXISTS (SELECT FROM pg_catalog.pg_roles WHERE rolname = ${literal(role)}) THEN
    BEGIN
      CREATE ROLE ${quote(role)} ${attributes};
    EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL;
    END;
  END IF;
  IF EXISTS (SELECT FROM pg_catalog.pg_roles WHERE rolname = ${literal(role)}
             AND (rolsuper OR rolcreatedb OR rolcreaterole OR rolreplication OR rolbypassrls OR rolcanlogin <> ${login})) THEN
    ALTER ROLE ${quote(role)} ${attributes};
  END IF;
END $$`;
}

/**
 * Before the migrations, as the admin connection: both roles, the schema owned by the owner role,
 * and every object already in the schema handed to it (schemas migrated as the superuser before).
 */
export function provisionSchemaSql(schema: string, roles: ServiceRoles): string[] {
  const s = quote(schema);
  const owner = quote(roles.owner);
  return [
    ensureRoleSql(roles.owner, false),
    ensureRoleSql(roles.runtime, true),
    // An admin that is not a superuser must be a member of the owner role to migrate as it.
    `DO $$
BEGIN
  IF NOT (SELECT rolsuper FROM pg_catalog.pg_roles WHERE rolname = current_user)
     AND NOT pg_has_role(current_user, ${literal(roles.owner)}, 'MEMBER') THEN
    EXECUTE format('GRANT %I TO %I', ${literal(roles.owner)}, current_user);
  END IF;
END $$`,
    // PostgreSQL 15's default, made explicit for databases created from an older template.
    `REVOKE CREATE ON SCHEMA public FROM PUBLIC`,
    `DO $$ BEGIN EXECUTE format('GRANT CONNECT ON DATABASE %I TO %I', current_database(), ${literal(roles.runtime)}); END $$`,
    `CREATE SCHEMA IF NOT EXISTS ${s} AUTHORIZATION ${owner}`,
    `ALTER SCHEMA ${s} OWNER TO ${owner}`,
    `DO $$
DECLARE
  o record;
BEGIN
  -- Tables, views and free-standing sequences; a serial's sequence follows its table, indexes too.
  FOR o IN
    SELECT c.oid::regclass AS name,
           CASE c.relkind WHEN 'S' THEN 'SEQUENCE' WHEN 'v' THEN 'VIEW' WHEN 'm' THEN 'MATERIALIZED VIEW' WHEN 'f' THEN 'FOREIGN TABLE' ELSE 'TABLE' END AS kind
    FROM pg_catalog.pg_class c
    WHERE c.relnamespace = ${literal(schema)}::regnamespace
      AND c.relkind IN ('r', 'p', 'v', 'm', 'f', 'S')
      AND c.relowner <> ${literal(roles.owner)}::regrole
      AND NOT (c.relkind = 'S' AND EXISTS (
        SELECT FROM pg_catalog.pg_depend d
        WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid AND d.refclassid = 'pg_class'::regclass AND d.deptype IN ('a', 'i')))
  LOOP
    EXECUTE format('ALTER %s %s OWNER TO %I', o.kind, o.name, ${literal(roles.owner)});
  END LOOP;
  FOR o IN
    SELECT p.oid::regprocedure AS name, CASE p.prokind WHEN 'p' THEN 'PROCEDURE' WHEN 'a' THEN 'AGGREGATE' ELSE 'FUNCTION' END AS kind
    FROM pg_catalog.pg_proc p
    WHERE p.pronamespace = ${literal(schema)}::regnamespace AND p.proowner <> ${literal(roles.owner)}::regrole
  LOOP
    EXECUTE format('ALTER %s %s OWNER TO %I', o.kind, o.name, ${literal(roles.owner)});
  END LOOP;
  -- Enums, domains, ranges and composite types of their own (a table's row type follows the table).
  FOR o IN
    SELECT t.oid::regtype AS name, CASE t.typtype WHEN 'd' THEN 'DOMAIN' ELSE 'TYPE' END AS kind
    FROM pg_catalog.pg_type t
    WHERE t.typnamespace = ${literal(schema)}::regnamespace AND t.typowner <> ${literal(roles.owner)}::regrole
      AND (t.typtype IN ('e', 'd', 'r') OR (t.typtype = 'c' AND (SELECT relkind FROM pg_catalog.pg_class WHERE oid = t.typrelid) = 'c'))
  LOOP
    EXECUTE format('ALTER %s %s OWNER TO %I', o.kind, o.name, ${literal(roles.owner)});
  END LOOP;
END $$`,
  ];
}

/**
 * After the migrations, as the admin connection: what the runtime role may do in the schema, the
 * same for tables future migrations create, and append-only tables reduced to SELECT and INSERT.
 */
export function grantSchemaSql(schema: string, roles: ServiceRoles, migrationsTable = 'migrations'): string[] {
  const s = quote(schema);
  const owner = quote(roles.owner);
  const runtime = quote(roles.runtime);
  return [
    `REVOKE ALL ON SCHEMA ${s} FROM PUBLIC`,
    `GRANT USAGE ON SCHEMA ${s} TO ${runtime}`,
    `GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA ${s} TO ${runtime}`,
    `GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA ${s} TO ${runtime}`,
    `ALTER DEFAULT PRIVILEGES FOR ROLE ${owner} IN SCHEMA ${s} GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO ${runtime}`,
    `ALTER DEFAULT PRIVILEGES FOR ROLE ${owner} IN SCHEMA ${s} GRANT USAGE, SELECT ON SEQUENCES TO ${runtime}`,
    // The service may see which migrations ran, not record or forget one.
    `DO $$
BEGIN
  IF to_regclass(${literal(schema)} || '.' || ${literal(migrationsTable)}) IS NOT NULL THEN
    REVOKE INSERT, UPDATE, DELETE ON ${s}.${quote(migrationsTable)} FROM ${runtime};
  END IF;
END $$`,
    `DO $$
DECLARE
  g record;
BEGIN
  FOR g IN
    SELECT DISTINCT c.oid::regclass AS tab, a.grantee
    FROM pg_catalog.pg_class c
    JOIN pg_catalog.pg_trigger t ON t.tgrelid = c.oid AND NOT t.tgisinternal AND t.tgname = c.relname || '_append_only'
    CROSS JOIN LATERAL aclexplode(coalesce(c.relacl, acldefault('r', c.relowner))) a
    WHERE c.relnamespace = ${literal(schema)}::regnamespace AND a.privilege_type IN ('UPDATE', 'DELETE', 'TRUNCATE')
  LOOP
    EXECUTE format('REVOKE UPDATE, DELETE, TRUNCATE ON %s FROM %s', g.tab,
      CASE WHEN g.grantee = 0 THEN 'PUBLIC' ELSE quote_ident(pg_catalog.pg_get_userbyid(g.grantee)) END);
  END LOOP;
END $$`,
  ];
}

/** The tables of `schema` that append-only.ts (or a migration in its manner) made append-only. */
export function appendOnlyTablesSql(schema: string): string {
  return `SELECT c.relname AS table FROM pg_catalog.pg_class c
    JOIN pg_catalog.pg_trigger t ON t.tgrelid = c.oid AND NOT t.tgisinternal AND t.tgname = c.relname || '_append_only'
    WHERE c.relnamespace = ${literal(schema)}::regnamespace ORDER BY 1`;
}
