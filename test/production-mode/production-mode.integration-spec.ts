import { execFile, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import { TOPICS } from '@clearpath/contracts';
import { parseApiKeys } from '@clearpath/auth';
import { closeTestDb, freePort, startGroupAtEnd, startServiceProcess, testDb, testKafka, testStack, type ServiceProcess } from '@clearpath/testing';

/**
 * CLEARPATH_ENV=production, on a real built service process (ingestion): the development secrets
 * of deploy/clearpath.env stop it at boot with one line naming the variable; with secrets of its
 * own it serves no /docs and asks for credentials on /metrics.
 */
const ROOT = resolve(__dirname, '../..');
const run = promisify(execFile);
const runId = `${process.pid}-${Date.now()}`;
const SCHEMA = 'ingestion_production_mode';
const base = {
  DATABASE_URL: testStack.databaseUrl,
  KAFKA_BROKERS: testStack.brokers.join(','),
  INGESTION_DB_SCHEMA: SCHEMA,
  INGESTION_CONSUMER_GROUP: `ingestion-production-mode-${runId}`,
  OUTBOX_RELAY_ENABLED: 'false',
  LOG_LEVEL: 'warn',
};

/** deploy/clearpath.env as the local scripts and docker-compose hand it to a service. */
function devEnvironment(): Record<string, string> {
  const vars: Record<string, string> = {};
  for (const line of readFileSync(resolve(ROOT, 'deploy/clearpath.env'), 'utf8').split('\n')) {
    if (line.trim() === '' || line.startsWith('#')) continue;
    const eq = line.indexOf('=');
    vars[line.slice(0, eq)] = line.slice(eq + 1);
  }
  return vars;
}

/** This process's environment without any CLEARPATH_* setting, so the service sees only what a test gives it. */
function inheritedEnvironment(): Record<string, string> {
  return Object.fromEntries(Object.entries(process.env).filter((e): e is [string, string] => e[1] !== undefined && !e[0].startsWith('CLEARPATH_')));
}

const strong = (): string => randomBytes(32).toString('base64url');

beforeAll(async () => {
  await testDb().query(`DROP SCHEMA IF EXISTS ${SCHEMA} CASCADE`);
  await run(process.execPath, [resolve(ROOT, 'dist/services/ingestion/src/migrate.js')], { env: { ...inheritedEnvironment(), ...base } });
  await startGroupAtEnd(testKafka('production-mode-it'), base.INGESTION_CONSUMER_GROUP, [TOPICS.coreBankLoanEvents.name]);
});

afterAll(async () => {
  await closeTestDb();
});

/** Starts the built ingestion with `env` and waits for it to stop: its exit code and everything it printed. */
async function refusedStart(env: Record<string, string>): Promise<{ code: number | null; output: string }> {
  const child = spawn(process.execPath, [resolve(ROOT, 'dist/services/ingestion/src/main.js')], {
    env: { ...inheritedEnvironment(), ...env, INGESTION_HTTP_PORT: String(await freePort()) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
  const [code] = (await once(child, 'exit')) as [number | null, NodeJS.Signals | null];
  clearTimeout(timer);
  return { code, output };
}

it('refuses to run as a PostgreSQL superuser, whatever its secrets', async () => {
  const { code, output } = await refusedStart({
    ...base,
    CLEARPATH_ENV: 'production',
    KAFKA_SECURITY_PROTOCOL: 'PLAINTEXT',
    INGESTION_DATABASE_URL: testStack.databaseUrl,
    CLEARPATH_API_KEYS: `core-banking:core-banking:${strong()},dev-ops:ops:${strong()}`,
    CLEARPATH_TOKEN_SECRET: strong(),
    CLEARPATH_PII_MASTER_KEYS: `prod-1:${randomBytes(32).toString('base64')}`,
  });
  expect(code).not.toBe(0);
  expect(code).not.toBeNull();
  expect(output.trimEnd().split('\n')).toEqual([
    'ingestion failed to start: INGESTION_DATABASE_URL connects as postgres, a superuser or a role that bypasses row security; CLEARPATH_ENV=production runs each service as its own role (npm run migrate creates it)',
  ]);
});

it('refuses to start with the development secrets: a non-zero exit and one line naming the variable, never its value', async () => {
  const dev = devEnvironment();
  const { code, output } = await refusedStart({ ...dev, ...base, CLEARPATH_ENV: 'production' });

  expect(code).not.toBe(0);
  expect(code).not.toBeNull();
  expect(output.trimEnd().split('\n')).toEqual([
    'ingestion failed to start: CLEARPATH_API_KEYS entry 1 is a development value from deploy/clearpath.env; CLEARPATH_ENV=production needs a secret of your own',
  ]);
  const devSecrets = [dev.CLEARPATH_TOKEN_SECRET!, ...parseApiKeys(dev.CLEARPATH_API_KEYS).map((entry) => entry.key)];
  for (const secret of devSecrets) expect(output).not.toContain(secret);
});

describe('with secrets of its own', () => {
  const opsKey = strong();
  const feedKey = strong();
  let service: ServiceProcess;

  beforeAll(async () => {
    service = await startServiceProcess('ingestion', {
      ...base,
      CLEARPATH_ENV: 'production',
      CLEARPATH_API_KEYS: `core-banking:core-banking:${feedKey},ops-console:ops:${opsKey}`,
      CLEARPATH_TOKEN_SECRET: strong(),
      CLEARPATH_PII_MASTER_KEYS: `prod-1:${randomBytes(32).toString('base64')}`,
      KAFKA_SECURITY_PROTOCOL: 'PLAINTEXT',
    });
  });

  afterAll(async () => {
    await service?.stop();
  });

  it('serves no OpenAPI document', async () => {
    for (const path of ['/docs', '/docs-json']) {
      expect({ path, status: (await fetch(`${service.url}${path}`)).status }).toEqual({ path, status: 404 });
      expect({ path, status: (await fetch(`${service.url}${path}`, { headers: { 'x-api-key': opsKey } })).status }).toEqual({ path, status: 404 });
    }
  });

  it('answers /metrics 401 without credentials, 403 to a role other than ops, and to ops with the metrics', async () => {
    const anonymous = await fetch(`${service.url}/metrics`);
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect((await fetch(`${service.url}/metrics`, { headers: { 'x-api-key': feedKey } })).status).toBe(403);
    const ops = await fetch(`${service.url}/metrics`, { headers: { 'x-api-key': opsKey } });
    expect(ops.status).toBe(200);
    expect(await ops.text()).toContain('clearpath_events_in_total');
  });
});
