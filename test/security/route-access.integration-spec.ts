import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { ManualClock } from '@clearpath/contracts';
import { ROLES, type Role, parseApiKeys, signToken } from '@clearpath/auth';
import { ROUTE_ACCESS_EXTENSION, type RouteAccess } from '@clearpath/platform';
import { testStack } from '@clearpath/testing';
import { JourneyPlatform, PLATFORM_SERVICES, type PlatformService } from '../journey/platform.fixture';

/**
 * Every route of every service, called with no credential, with a forged token, with a token minted
 * for another service, and with each role — generated from the routes themselves: each running service's OpenAPI document says who
 * may call each operation (`x-clearpath-access`, from the same metadata the guard reads), so a
 * route added tomorrow is checked without anyone listing it. The README's route table is rendered
 * from the same documents and must match (UPDATE_ROUTE_TABLE=1 rewrites it).
 */
const README = resolve(__dirname, '../../README.md');
const START = '<!-- route-access:start -->';
const END = '<!-- route-access:end -->';

const KEY: Record<Role, string> = {
  'core-banking': 'test-core-banking-key',
  service: 'test-service-key',
  agent: 'test-agent-key',
  supervisor: 'test-supervisor-key',
  compliance: 'test-compliance-key',
  ops: 'test-ops-key',
};
const METHODS = ['get', 'post', 'put', 'patch', 'delete'] as const;
const SAMPLE_ID = '00000000-0000-4000-8000-000000000000';

interface Operation {
  readonly service: PlatformService;
  readonly method: (typeof METHODS)[number];
  readonly path: string;
  readonly access: RouteAccess;
}

interface OpenApiDocument {
  readonly paths: Record<string, Partial<Record<(typeof METHODS)[number], Record<string, unknown>>>>;
}

jest.setTimeout(240_000);

describe('route access, generated from every service’s routes', () => {
  let platform: JourneyPlatform;
  const operations: Operation[] = [];

  beforeAll(async () => {
    platform = await JourneyPlatform.start(new Date().toISOString());
    for (const service of PLATFORM_SERVICES) {
      const response = await fetch(`${platform.url(service)}/docs-json`);
      expect({ service, status: response.status }).toEqual({ service, status: 200 });
      const document = (await response.json()) as OpenApiDocument;
      for (const [path, item] of Object.entries(document.paths)) {
        for (const method of METHODS) {
          const operation = item[method];
          if (operation !== undefined) operations.push({ service, method, path, access: operation[ROUTE_ACCESS_EXTENSION] as RouteAccess });
        }
      }
    }
  });

  afterAll(async () => {
    await platform?.stop();
  });

  const call = async (op: Operation, headers: Record<string, string>): Promise<{ status: number; contentType: string }> => {
    const path = op.path.replace(/\{[^}]+\}/g, SAMPLE_ID);
    const hasBody = op.method === 'post' || op.method === 'put' || op.method === 'patch';
    const response = await fetch(`${platform.url(op.service)}${path}`, {
      method: op.method.toUpperCase(),
      headers: { ...headers, ...(hasBody ? { 'content-type': 'application/json' } : {}) },
      ...(hasBody ? { body: '{}' } : {}),
      redirect: 'manual',
    });
    await response.arrayBuffer();
    return { status: response.status, contentType: response.headers.get('content-type') ?? '' };
  };

  it('finds the routes of every service, each with its access written out', () => {
    for (const service of PLATFORM_SERVICES) expect({ service, found: operations.some((o) => o.service === service) }).toEqual({ service, found: true });
    for (const op of operations) {
      expect(op.access).toEqual({ public: expect.any(Boolean), roles: expect.any(Array) });
      // Closed to everyone means the route could not be traced to its handler: a wiring error.
      expect({ op: `${op.method} ${op.path}`, closed: !op.access.public && op.access.roles.length === 0 }).toEqual({
        op: `${op.method} ${op.path}`,
        closed: false,
      });
    }
  });

  it('answers 401 problem+json to a caller without credentials, or with a token it did not issue', async () => {
    const forged = signToken(
      { sub: 'mallory', role: 'ops', aud: 'ingestion', ttlSeconds: 600 },
      'not-the-platform-token-secret-0000',
      new ManualClock(new Date().toISOString()),
    );
    for (const op of operations.filter((o) => !o.access.public)) {
      const attempts: ReadonlyArray<Record<string, string>> = [{}, { authorization: `Bearer ${forged}` }, { 'x-api-key': 'not-a-key-of-this-platform' }];
      for (const headers of attempts) {
        const { status, contentType } = await call(op, headers);
        expect({ op: `${op.service} ${op.method} ${op.path}`, status, problem: contentType.startsWith('application/problem+json') }).toEqual({
          op: `${op.service} ${op.method} ${op.path}`,
          status: 401,
          problem: true,
        });
      }
    }
  });

  it('answers 401 problem+json to a correctly signed token with a role the route allows, minted for another service', async () => {
    const now = new ManualClock(new Date().toISOString());
    for (const op of operations.filter((o) => !o.access.public)) {
      const aud = PLATFORM_SERVICES.find((service) => service !== op.service)!;
      const token = signToken({ sub: 'svc-elsewhere', role: op.access.roles[0]!, aud, ttlSeconds: 600 }, testStack.tokenSecret, now);
      const { status, contentType } = await call(op, { authorization: `Bearer ${token}` });
      const name = `${op.service} ${op.method} ${op.path} with a token for ${aud}`;
      expect({ name, status, problem: contentType.startsWith('application/problem+json') }).toEqual({ name, status: 401, problem: true });
    }
    // The same token minted for the route's own service is let past the guard: the audience alone made the difference.
    const op = operations.find((o) => !o.access.public && o.method === 'get')!;
    const own = signToken({ sub: 'svc-here', role: op.access.roles[0]!, aud: op.service, ttlSeconds: 600 }, testStack.tokenSecret, now);
    const { status } = await call(op, { authorization: `Bearer ${own}` });
    expect({ op: `${op.service} ${op.method} ${op.path}`, passed: status !== 401 && status !== 403 && status < 500 }).toEqual({
      op: `${op.service} ${op.method} ${op.path}`,
      passed: true,
    });
  });

  it('answers 403 to every role the route does not name, and lets every role it names past the guard', async () => {
    for (const op of operations.filter((o) => !o.access.public)) {
      for (const role of ROLES) {
        const { status } = await call(op, { 'x-api-key': KEY[role] });
        const name = `${op.service} ${op.method} ${op.path} as ${role}`;
        if (op.access.roles.includes(role)) {
          // Past the guard: whatever the handler makes of a sample id and an empty body, never 401/403 and never a crash.
          expect({ name, status, passed: status !== 401 && status !== 403 && status < 500 }).toEqual({ name, status, passed: true });
        } else {
          expect({ name, status }).toEqual({ name, status: 403 });
        }
      }
    }
  });

  it('serves public routes without credentials and without crashing', async () => {
    for (const op of operations.filter((o) => o.access.public)) {
      const { status } = await call(op, {});
      expect({ op: `${op.service} ${op.method} ${op.path}`, crashed: status >= 500 }).toEqual({ op: `${op.service} ${op.method} ${op.path}`, crashed: false });
    }
  });

  it('is what the README’s route table says', () => {
    const rows = operations
      .map(
        (op) =>
          `| ${op.service} | ${op.method.toUpperCase()} \`${op.path}\` | ${op.access.public ? 'public' : op.access.roles.length === ROLES.length ? 'any role' : op.access.roles.join(', ')} |`,
      )
      .sort();
    const table = [START, '| service | route | who may call |', '| --- | --- | --- |', ...rows, END].join('\n');
    const readme = readFileSync(README, 'utf8');
    const [before, rest] = readme.split(START);
    const after = rest?.split(END)[1];
    if (process.env.UPDATE_ROUTE_TABLE === '1' && before !== undefined && after !== undefined) writeFileSync(README, `${before}${table}${after}`);
    expect(readFileSync(README, 'utf8').includes(table)).toBe(true);
  });

  it('runs against the test stack’s keys', () => {
    // The keys above are the ones the platform under test was given, each with the role it stands for.
    const given = parseApiKeys(testStack.apiKeys);
    for (const role of ROLES) expect(given.find((entry) => entry.key === KEY[role])?.role).toBe(role);
  });
});
