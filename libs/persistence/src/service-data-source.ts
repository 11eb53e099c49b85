import { DataSource, type MigrationInterface } from 'typeorm';

export interface ServiceDataSourceOptions {
  /** postgres://user@host:port/database */
  readonly url: string;
  /** The PostgreSQL schema this service owns; its tables and its migrations table live there. */
  readonly schema: string;
  readonly migrations: Array<new () => MigrationInterface>;
  readonly poolSize?: number;
  readonly applicationName?: string;
}

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
    migrationsTableName: 'migrations',
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

/** Creates the service schema if needed, then applies pending migrations, each in its own transaction. */
export async function migrateUp(dataSource: DataSource): Promise<string[]> {
  const schema = String((dataSource.options as { schema?: string }).schema);
  if (!dataSource.isInitialized) await dataSource.initialize();
  await dataSource.query(`CREATE SCHEMA IF NOT EXISTS "${schema}"`);
  const applied = await dataSource.runMigrations({ transaction: 'each' });
  return applied.map((m) => m.name);
}

export async function migrateDown(dataSource: DataSource): Promise<void> {
  if (!dataSource.isInitialized) await dataSource.initialize();
  await dataSource.undoLastMigration({ transaction: 'each' });
}
