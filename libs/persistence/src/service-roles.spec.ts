import { appendOnlyTablesSql, grantSchemaSql, provisionSchemaSql, serviceDatabaseUrl, serviceRoles } from './service-roles';

describe('service roles', () => {
  it('names a runtime login and an owner per service', () => {
    expect(serviceRoles('ingestion')).toEqual({ owner: 'clearpath_ingestion_owner', runtime: 'clearpath_ingestion' });
    expect(serviceRoles('contact-orchestration')).toEqual({ owner: 'clearpath_contact_orchestration_owner', runtime: 'clearpath_contact_orchestration' });
  });

  it('refuses a name that is not a plain identifier', () => {
    for (const bad of ['Ingestion', 'ingestion"; DROP ROLE postgres; --', 'a b', 'x'.repeat(60)]) {
      expect(() => serviceRoles(bad)).toThrow(/not a service name/);
    }
    expect(() => provisionSchemaSql('ingestion"; --', serviceRoles('ingestion'))).toThrow(/not a plain identifier/);
    expect(() => grantSchemaSql('Ingestion', serviceRoles('ingestion'))).toThrow(/not a plain identifier/);
  });

  it("gives a service the admin URL's database with its own role and no password", () => {
    expect(serviceDatabaseUrl('postgres://postgres@127.0.0.1:5432/clearpath_test', 'risk-scoring')).toBe(
      'postgres://clearpath_risk_scoring@127.0.0.1:5432/clearpath_test',
    );
    expect(serviceDatabaseUrl('postgresql://admin:s3cret@db.internal/clearpath?sslmode=require', 'complaints')).toBe(
      'postgresql://clearpath_complaints@db.internal/clearpath?sslmode=require',
    );
  });
});

describe('provisioning SQL', () => {
  const roles = serviceRoles('ingestion');
  const before = provisionSchemaSql('ingestion_it', roles).join(';\n');
  const after = grantSchemaSql('ingestion_it', roles).join(';\n');

  it('creates the owner without login and the runtime role with login, neither with any power over the cluster', () => {
    expect(before).toContain('CREATE ROLE "clearpath_ingestion_owner" NOLOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS');
    expect(before).toContain('CREATE ROLE "clearpath_ingestion" LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS');
    // An existing role that gained an attribute loses it again.
    expect(before).toContain('ALTER ROLE "clearpath_ingestion" LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS');
    expect(before).not.toMatch(/\s(SUPERUSER|CREATEDB|CREATEROLE|REPLICATION|BYPASSRLS)\b/);
  });

  it('gives the schema, and what a superuser migrated into it before, to the owner', () => {
    expect(before).toContain('CREATE SCHEMA IF NOT EXISTS "ingestion_it" AUTHORIZATION "clearpath_ingestion_owner"');
    expect(before).toContain('ALTER SCHEMA "ingestion_it" OWNER TO "clearpath_ingestion_owner"');
    expect(before).toMatch(/ALTER %s %s OWNER TO %I/);
    expect(before).toContain('REVOKE CREATE ON SCHEMA public FROM PUBLIC');
  });

  it('grants the runtime role DML on its own schema only, the same on future tables, and never CREATE or TRUNCATE', () => {
    expect(after).toContain('GRANT USAGE ON SCHEMA "ingestion_it" TO "clearpath_ingestion"');
    expect(after).toContain('GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA "ingestion_it" TO "clearpath_ingestion"');
    expect(after).toContain('GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA "ingestion_it" TO "clearpath_ingestion"');
    expect(after).toContain(
      'ALTER DEFAULT PRIVILEGES FOR ROLE "clearpath_ingestion_owner" IN SCHEMA "ingestion_it" GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO "clearpath_ingestion"',
    );
    const grants = after.split(';\n').filter((s) => s.startsWith('GRANT') || s.startsWith('ALTER DEFAULT'));
    for (const grant of grants) expect(grant).not.toMatch(/\b(CREATE|TRUNCATE|ALL PRIVILEGES|REFERENCES|TRIGGER)\b|WITH GRANT OPTION/);
    expect(after).not.toMatch(/"(?!ingestion_it"|clearpath_ingestion"|clearpath_ingestion_owner"|migrations")[a-z_]+"/);
  });

  it('leaves append-only tables (those with the <table>_append_only trigger) SELECT and INSERT, and the migrations table read-only', () => {
    expect(after).toContain("t.tgname = c.relname || '_append_only'");
    expect(after).toContain('REVOKE UPDATE, DELETE, TRUNCATE ON %s FROM %s');
    expect(after).toContain('REVOKE INSERT, UPDATE, DELETE ON "ingestion_it"."migrations" FROM "clearpath_ingestion"');
    expect(appendOnlyTablesSql('ingestion_it')).toContain("c.relnamespace = 'ingestion_it'::regnamespace");
  });
});
