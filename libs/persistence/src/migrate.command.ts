import type { DataSource, MigrationInterface } from 'typeorm';
import { createServiceDataSource, migrateDown, migrateUp, type MigrateOptions } from './service-data-source';
import { serviceRoles } from './service-roles';

/**
 * The body of every service's `migrate` command: `up` (default), `down` (undo the last one) or
 * `status`. Exits non-zero, naming the database and the failing step, when anything fails. With
 * `options.service`, `up` and `down` also provision the service's roles (service-roles.ts).
 */
export async function runMigrateCommand(dataSource: DataSource, argv: string[] = process.argv.slice(2), options: MigrateOptions = {}): Promise<void> {
  const action = argv[0] ?? 'up';
  const target = describe(dataSource);
  const roles = options.service === undefined ? undefined : serviceRoles(options.service);
  const as = roles === undefined ? '' : ` (owner ${roles.owner}, runtime role ${roles.runtime})`;
  try {
    if (action === 'up') {
      const applied = await migrateUp(dataSource, options);
      console.log(`${target}: ${applied.length === 0 ? 'up to date' : `applied ${applied.join(', ')}`}${as}`);
    } else if (action === 'down') {
      await migrateDown(dataSource, options);
      console.log(`${target}: reverted the last migration`);
    } else if (action === 'status') {
      if (!dataSource.isInitialized) await dataSource.initialize();
      const pending = await dataSource.showMigrations();
      console.log(`${target}: ${pending ? 'migrations pending' : 'up to date'}`);
    } else {
      throw new Error(`unknown action "${action}" (use up, down or status)`);
    }
  } catch (error) {
    console.error(`${target}: migrate ${action} failed: ${(error as Error).message}`);
    process.exitCode = 1;
  } finally {
    if (dataSource.isInitialized) await dataSource.destroy();
  }
}

function describe(dataSource: DataSource): string {
  const options = dataSource.options as { url?: string; schema?: string };
  const url = options.url ? new URL(options.url) : undefined;
  return `${url ? `${url.host}${url.pathname}` : 'database'} schema ${options.schema}`;
}

/**
 * The whole `migrate.ts` of a service: it needs only DATABASE_URL and its schema variable, so it can
 * run before the rest of the configuration exists (stack:up, compose's migrate step). DATABASE_URL
 * is the admin connection: it provisions the service's roles, migrates as the owner role and grants
 * the runtime role (the service itself connects with `<SERVICE>_DATABASE_URL`, as that role).
 */
export function migrateServiceSchema(options: {
  schemaVariable: string;
  defaultSchema: string;
  migrations: Array<new () => MigrationInterface>;
  /** kebab-case; by default read from the schema variable (`CONTACT_ORCHESTRATION_DB_SCHEMA` → `contact-orchestration`). */
  service?: string;
}): Promise<void> {
  const url = process.env.DATABASE_URL;
  if (!url) {
    console.error('DATABASE_URL is not set');
    process.exit(1);
  }
  const schema = process.env[options.schemaVariable] ?? options.defaultSchema;
  const service =
    options.service ??
    options.schemaVariable
      .replace(/_DB_SCHEMA$/, '')
      .toLowerCase()
      .replace(/_/g, '-');
  return runMigrateCommand(createServiceDataSource({ url, schema, migrations: options.migrations, poolSize: 2 }), process.argv.slice(2), { service });
}
