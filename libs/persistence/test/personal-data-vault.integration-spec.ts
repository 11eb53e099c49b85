import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { ManualClock } from '@clearpath/contracts';
import { createServiceDataSource, PersonalDataVault, parseMasterKeys, rewrapDataKeys, serviceDatabaseUrl, type MasterKeyRing } from '../src';
import type { DataSource } from 'typeorm';

/**
 * The key store on the real PostgreSQL, as the services' own runtime roles reach it (the global
 * setup migrated the platform into the test database, which provisions the store): keys are made
 * once per customer whoever asks first, what one service seals another opens, erasure shreds the
 * key for everyone and for good, and only ingestion may erase.
 */
// libs/testing's testStack.databaseUrl; a lib may not import the testing lib.
const ADMIN_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/clearpath_test';
const key = (fill: number | string): string => Buffer.alloc(32, fill).toString('base64');
// libs/testing's testStack.piiMasterKeys: the key store is shared with every other test of the
// database, so its keys must all stay under the ring the services under test hold.
const TEST_MASTER = `test-1:${key('t')}`;
const RING: MasterKeyRing = parseMasterKeys(TEST_MASTER);

const sources: DataSource[] = [];
async function vaultOf(service: string, ring = RING, clock = new ManualClock('2026-12-07T09:00:00Z')): Promise<PersonalDataVault> {
  const dataSource = createServiceDataSource({ url: serviceDatabaseUrl(ADMIN_URL, service), schema: service.replace(/-/g, '_'), migrations: [], poolSize: 2 });
  await dataSource.initialize();
  sources.push(dataSource);
  return new PersonalDataVault(dataSource, ring, clock, { cacheTtlMs: 60_000 });
}

beforeAll(async () => {
  // The database outlives runs: drop what earlier runs of this spec left (their keys may be wrapped
  // under a ring this run does not hold, and the rotation test re-wraps every key of the store).
  const admin = new Client({ connectionString: ADMIN_URL });
  await admin.connect();
  try {
    await admin.query(`DELETE FROM privacy.subject_keys WHERE customer_id ~ '^(C|PDV)-[0-9a-f]{8}-[0-9a-f]{4}-'`);
  } finally {
    await admin.end();
  }
});

afterAll(async () => {
  await Promise.all(sources.map((s) => s.destroy()));
});

describe('the personal-data key store', () => {
  it('makes one key per customer however many ask at once, and what ingestion seals contact-orchestration opens', async () => {
    const customer = `PDV-${randomUUID()}`;
    const [ingestion, contacts, complaints] = await Promise.all([vaultOf('ingestion'), vaultOf('contact-orchestration'), vaultOf('complaints')]);
    const [a, b, c] = await Promise.all([ingestion.forSealing([customer]), contacts.forSealing([customer]), complaints.forSealing([customer])]);
    const sealed = a.seal(customer, '王小明 +8613800138000')!;
    expect(sealed).toMatch(/^pd1\.1\./);
    expect(b.open(customer, sealed)).toBe('王小明 +8613800138000');
    expect(c.open(customer, sealed)).toBe('王小明 +8613800138000');
    // One batch seals a value once wherever it goes; the next batch seals it afresh (a new iv).
    expect(a.seal(customer, '王小明 +8613800138000')).toBe(sealed);
    expect((await ingestion.forSealing([customer])).seal(customer, '王小明 +8613800138000')).not.toBe(sealed);
    const admin = new Client({ connectionString: ADMIN_URL });
    await admin.connect();
    try {
      const { rows } = await admin.query(`SELECT count(*)::int AS n FROM privacy.subject_keys WHERE customer_id = $1`, [customer]);
      expect(rows[0].n).toBe(1);
    } finally {
      await admin.end();
    }
  });

  it('erasure shreds the key: nothing sealed opens again anywhere, and no new key is made', async () => {
    const customer = `PDV-${randomUUID()}`;
    const ingestion = await vaultOf('ingestion');
    const contacts = await vaultOf('contact-orchestration');
    const sealed = (await ingestion.forSealing([customer])).seal(customer, 'Ann O’Neil')!;
    expect((await contacts.forOpening([customer])).open(customer, sealed)).toBe('Ann O’Neil');

    const first = await ingestion.erase(customer, 'compliance:officer-1', 'PIPL art. 47 request');
    expect(first.alreadyErased).toBe(false);
    expect((await ingestion.erase(customer, 'compliance:officer-1', 'again')).alreadyErased).toBe(true);

    // Another instance that cached the key forgets it when told (or when its entry expires).
    contacts.forget(customer);
    const after = await contacts.forSealing([customer]);
    expect(after.isErased(customer)).toBe(true);
    expect(after.open(customer, sealed)).toBeUndefined();
    expect(after.seal(customer, 'Ann O’Neil')).toBeNull();
    const fresh = await vaultOf('complaints');
    expect((await fresh.forOpening([customer])).open(customer, sealed)).toBeUndefined();
  });

  it('an instance that missed the erasure stops opening when its cached key expires', async () => {
    const customer = `PDV-${randomUUID()}`;
    const clock = new ManualClock('2026-12-07T09:00:00Z');
    const contacts = await vaultOf('contact-orchestration', RING, clock);
    const sealed = (await contacts.forSealing([customer])).seal(customer, '李雷')!;
    await (await vaultOf('ingestion')).erase(customer, 'compliance:officer-1', 'request');
    expect((await contacts.forOpening([customer])).open(customer, sealed)).toBe('李雷');
    clock.advance(60_001);
    expect((await contacts.forOpening([customer])).open(customer, sealed)).toBeUndefined();
  });

  it('rotation: new values use the new version, old ones still open; a retired master key still unwraps', async () => {
    const customer = `PDV-${randomUUID()}`;
    const ingestion = await vaultOf('ingestion');
    const old = (await ingestion.forSealing([customer])).seal(customer, 'first')!;
    expect(await ingestion.rotate(customer)).toBe(2);
    const keys = await ingestion.forSealing([customer]);
    expect(keys.seal(customer, 'second')).toMatch(/^pd1\.2\./);
    expect(keys.open(customer, old)).toBe('first');

    const rotatedRing = parseMasterKeys(`test-2:${key(9)},${TEST_MASTER}`);
    const next = await vaultOf('contact-orchestration', rotatedRing);
    expect((await next.forOpening([customer])).open(customer, old)).toBe('first');
  });

  it('master-key rotation: the admin re-wraps every data key under the new key, and the old one can go', async () => {
    const customer = `PDV-${randomUUID()}`;
    const sealed = (await (await vaultOf('ingestion')).forSealing([customer])).seal(customer, 'kept across rotation')!;
    const rotated = parseMasterKeys(`test-2:${key(9)},${TEST_MASTER}`);
    const admin = createServiceDataSource({ url: ADMIN_URL, schema: 'privacy', migrations: [], poolSize: 1 });
    await admin.initialize();
    sources.push(admin);
    expect(await rewrapDataKeys(admin, rotated)).toBeGreaterThanOrEqual(1);
    expect(await rewrapDataKeys(admin, rotated)).toBe(0);
    const onlyNew = await vaultOf('contact-orchestration', parseMasterKeys(`test-2:${key(9)}`));
    expect((await onlyNew.forOpening([customer])).open(customer, sealed)).toBe('kept across rotation');
    // Back under test-1 (with test-2 kept for unwrapping), so the other tests' services still unwrap every key.
    expect(await rewrapDataKeys(admin, parseMasterKeys(`${TEST_MASTER},test-2:${key(9)}`))).toBeGreaterThanOrEqual(1);
  });

  it('only ingestion may erase; a service without personal data cannot read the store at all', async () => {
    const customer = `PDV-${randomUUID()}`;
    const contacts = await vaultOf('contact-orchestration');
    await contacts.forSealing([customer]);
    await expect(contacts.erase(customer, 'agent', 'not allowed')).rejects.toThrow(/permission denied/);
    const risk = await vaultOf('risk-scoring');
    await expect(risk.forOpening([customer])).rejects.toThrow(/permission denied/);
  });
});
