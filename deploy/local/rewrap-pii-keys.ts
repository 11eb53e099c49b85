import { createServiceDataSource, parseMasterKeys, rewrapDataKeys, MASTER_KEYS_VARIABLE } from '@clearpath/persistence';

/**
 * `npm run privacy:rewrap`: the second half of a master-key rotation. With the new key first in
 * CLEARPATH_PII_MASTER_KEYS (and the old ones after it), re-wraps every customer data key under the
 * new key; then the old key may leave the list. DATABASE_URL is the administrative connection (the
 * services' own roles may not change keys). Prints how many keys moved; exits 1 naming the problem.
 */
async function main(): Promise<void> {
  const url = process.env.DATABASE_URL;
  if (url === undefined || url === '') throw new Error('DATABASE_URL is not set (the administrative connection)');
  const ring = parseMasterKeys(process.env[MASTER_KEYS_VARIABLE]);
  const dataSource = createServiceDataSource({ url, schema: 'privacy', migrations: [], poolSize: 1, applicationName: 'privacy-rewrap' });
  await dataSource.initialize();
  try {
    const moved = await rewrapDataKeys(dataSource, ring);
    console.log(`re-wrapped ${moved} data keys under master key ${ring.active.id}`);
  } finally {
    await dataSource.destroy();
  }
}

main().catch((error: unknown) => {
  console.error(`privacy:rewrap failed: ${(error as Error).message}`);
  process.exitCode = 1;
});
