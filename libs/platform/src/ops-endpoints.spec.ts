import { type INestApplication, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ManualClock } from '@clearpath/contracts';
import { AuthModule, parseApiKeys } from '@clearpath/auth';
import { ObservabilityModule, createLogger } from '@clearpath/observability';
import type { EndpointAccess } from './runtime.config';
import { OpsMetricsController, serveDocs } from './ops-endpoints';

const OPS = { 'x-api-key': 'test-ops-key' };
const AGENT = { 'x-api-key': 'test-agent-key' };

/** The HTTP part of createServiceApp's wiring (no database, no Kafka), listening on a free port. */
async function appWith(access: {
  docs: EndpointAccess;
  metrics: EndpointAccess;
}): Promise<{ app: INestApplication; get: (path: string, headers?: Record<string, string>) => Promise<Response> }> {
  @Module({
    imports: [
      ObservabilityModule.forRoot({
        service: 'test',
        logger: createLogger({ service: 'test', level: 'silent' }),
        collectDefaultMetrics: false,
        publicMetrics: access.metrics === 'public',
      }),
      AuthModule.forRoot({
        service: 'test',
        apiKeys: parseApiKeys('test-ops:ops:test-ops-key,test-agent:agent:test-agent-key'),
        tokenSecret: 'test-token-secret-of-32-characters!',
        clock: new ManualClock('2026-11-28T12:00:00Z'),
      }),
    ],
    controllers: access.metrics === 'role' ? [OpsMetricsController] : [],
  })
  class TestModule {}
  const app = await NestFactory.create(TestModule, { logger: false });
  serveDocs(app, access.docs, () => ({ openapi: '3.0.0', info: { title: 'test', version: '1' }, paths: {} }));
  await app.listen(0, '127.0.0.1');
  const base = (await app.getUrl()).replace('[::1]', '127.0.0.1');
  return { app, get: (path, headers = {}) => fetch(`${base}${path}`, { headers }) };
}

describe('/docs and /metrics by access', () => {
  const apps: INestApplication[] = [];
  afterAll(async () => {
    await Promise.all(apps.map((app) => app.close()));
  });
  const start = async (access: { docs: EndpointAccess; metrics: EndpointAccess }) => {
    const started = await appWith(access);
    apps.push(started.app);
    return started.get;
  };

  it('public: anyone reads both', async () => {
    const get = await start({ docs: 'public', metrics: 'public' });
    for (const path of ['/docs', '/docs-json', '/metrics']) expect((await get(path)).status).toBe(200);
  });

  it('role: 401 problem without credentials, 403 for another role, 200 for ops', async () => {
    const get = await start({ docs: 'role', metrics: 'role' });
    for (const path of ['/docs', '/docs/', '/docs-json', '/docs-yaml', '/metrics']) {
      const anonymous = await get(path);
      expect({ path, status: anonymous.status }).toEqual({ path, status: 401 });
      expect(anonymous.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      expect(anonymous.headers.get('www-authenticate')).toContain('Bearer');
      expect({ path, status: (await get(path, AGENT)).status }).toEqual({ path, status: 403 });
      expect({ path, status: (await get(path, OPS)).status }).toEqual({ path, status: 200 });
    }
    expect(await (await get('/metrics', OPS)).text()).toContain('clearpath_events_in_total');
    expect((await get('/health/live')).status).toBe(200);
  });

  it('off: 404 for everyone', async () => {
    const get = await start({ docs: 'off', metrics: 'off' });
    for (const path of ['/docs', '/docs-json', '/metrics']) {
      expect({ path, status: (await get(path)).status }).toEqual({ path, status: 404 });
      expect({ path, status: (await get(path, OPS)).status }).toEqual({ path, status: 404 });
    }
  });
});
