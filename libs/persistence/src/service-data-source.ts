import { DataSource, type DataSourceOptions, type MigrationInterface } from 'typeorm';
import { keyStoreAccessOf, provisionKeyStoreSql } from './personal-data/privacy-store';
import { grantSchemaSql, provisionSchemaSql, serviceRoles, type ServiceRoles } from './service-roles';

export interface ServiceDataSourceOptions {
  /** postgres://user@host:port/database */
  readonly url: string;
  /** The PostgreSQL schema this service owns; its tables and its migrations table live there. */
  readonly schema: string;
  readonly migrations: Array<new () => MigrationInterface>;
  readonly poolSize?: number;
  readonly applicationName?: string;
}

const MIGRATIONS_TABLE = 'migrations';

/**
 * One TypeORM DataSource per service schema. `synchronize` is off: the schema changes only
 * through migrations, run by an explicit command. The connection's search_path is the service
 * schema, so raw SQL names tables without qualifying them.
 */
export function createServiceDataSource(options: ServiceDataSourceOptions): DataSource {
  if (!/^[a-z_][a-z0-9_]*$/.test(options.schema)) throw new Error(`invalid schema name ${options.schema}`);
  return new DataSource({
    type: 'postgres',
    url: options.url,
    schema: options.schema,
    synchronize: false,
    migrationsRun: false,
    migrationsTableName: MIGRATIONS_TABLE,
    migrations: options.migrations,
    applicationName: options.applicationName ?? options.schema,
    extra: {
      max: options.poolSize ?? 10,
      options: `-c search_path=${options.schema},public`,
      connectionTimeoutMillis: 5_000,
    },
    logging: false,
  });
}

export interface MigrateOptions {
  /**
   * The kebab-case service the schema belongs to. Given, the data source must connect as an admin
   * (a superuser, or a role with CREATEROLE): its roles are provisioned (service-roles.ts), the
   * migrations run as its owner role and its runtime role gets its privileges. Without it, the
   * migrations run as the connecting user and nobody else is granted anything.
   */
  readonly service?: string;
}

/** Creates the service schema if needed, then applies pending migrations, each in its own transaction. */
export async function migrateUp(dataSource: DataSource, options: MigrateOptions = {}): Promise<string[]> {
  const schema = schemaOf(dataSource);
  if (!dataSource.isInitialized) await dataSource.initialize();
  if (options.service === undefined) {
    await dataSource.query(`CREATE SCHEMA IF NOT EXISTS "${schema}"`);
    const applied = await dataSource.runMigrations({ transaction: 'each' });
    return applied.map((m) => m.name);
  }
  const roles = serviceRoles(options.service);
  const applied = await asOwner(dataSource, roles, (owner) => owner.runMigrations({ transaction: 'each' }));
  // The shared key store of personal data (privacy-store.ts), for the services that hold some.
  const keyStore = keyStoreAccessOf(options.service);
  if (keyStore !== undefined) await provision(dataSource, provisionKeyStoreSql(roles.runtime, keyStore));
  return applied.map((m) => m.name);
}

export async function migrateDown(dataSource: DataSource, options: MigrateOptions = {}): Promise<void> {
  if (!dataSource.isInitialized) await dataSource.initialize();
  if (options.service === undefined) {
    await dataSource.undoLastMigration({ transaction: 'each' });
    return;
  }
  await asOwner(dataSource, serviceRoles(options.service), (owner) => owner.undoLastMigration({ transaction: 'each' }));
}

/**
 * Provisions the roles and the schema, runs `work` on a data source that acts as the owner role,
 * then grants the runtime role what it may do with whatever the work created.
 */
async function asOwner<T>(admin: DataSource, roles: ServiceRoles, work: (owner: DataSource) => Promise<T>): Promise<T> {
  const schema = schemaOf(admin);
  await provision(admin, provisionSchemaSql(schema, roles));
  const extra = (admin.options as { extra?: { options?: string } }).extra ?? {};
  // `-c role=` sets the role when each connection opens: every statement of the migrations, and
  // the migrations table, are the owner's.
  const owner = new DataSource({
    ...admin.options,
    applicationName: `${schema}-migrate`,
    extra: { ...extra, max: 1, options: `${extra.options ?? ''} -c role=${roles.owner}`.trim() },
  } as DataSourceOptions);
  await owner.initialize();
  try {
    const result = await work(owner);
    await provision(admin, grantSchemaSql(schema, roles, MIGRATIONS_TABLE));
    return result;
  } finally {
    await owner.destroy();
  }
}

/**
 * Runs the statements in one transaction, serialised with the other migrations of the database.
 * Roles are shared by every database of the cluster: when another database's migration changes the
 * same role at the same moment, PostgreSQL may refuse one of the two; it is tried again.
 */
async function provision(dataSource: DataSource, statements: readonly string[]): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    const runner = dataSource.createQueryRunner();
    try {
      await runner.connect();
      await runner.startTransaction();
      await runner.query(`SELECT pg_advisory_xact_lock(hashtextextended('clearpath:provision', 0))`);
      for (const statement of statements) await runner.query(statement);
      await runner.commitTransaction();
      return;
    } catch (error) {
      if (runner.isTransactionActive) await runner.rollbackTransaction().catch(() => undefined);
      if (attempt >= 5 || !concurrentCatalogChange(error)) throw error;
      await new Promise((resolve) => setTimeout(resolve, 50 * attempt));
    } finally {
      await runner.release();
    }
  }
}

function concurrentCatalogChange(error: unknown): boolean {
  const { code, message } = error as { code?: string; message?: string };
  return code === '23505' || code === '42710' || code === '40001' || code === '40P01' || (code === 'XX000' && /concurrently/.test(message ?? ''));
}

function schemaOf(dataSource: DataSource): string {
  return String((dataSource.options as { schema?: string }).schema);
}
