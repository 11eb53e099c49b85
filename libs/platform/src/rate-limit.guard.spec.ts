import { Controller, Get, type INestApplication, Module, Post } from '@nestjs/common';
import { NestFactory, Reflector } from '@nestjs/core';
import { ExecutionContextHost } from '@nestjs/core/helpers/execution-context-host';
import type { Express } from 'express';
import { ManualClock } from '@clearpath/contracts';
import { AuthModule, CredentialsVerifier, Principal, Public, parseApiKeys, signToken, type AuthPrincipal } from '@clearpath/auth';
import { ObservabilityModule, createLogger } from '@clearpath/observability';
import type { RateLimits } from './http-limits.config';
import { RateLimitGuard, WebhookRateLimit } from './rate-limit.guard';
import { RateLimitModule } from './rate-limit.module';

const SECRET = 'test-token-secret-of-32-characters!';
const clock = new ManualClock('2026-11-28T12:00:00Z');
const LIMITS: RateLimits = { windowMs: 60_000, perIp: 3, perPrincipal: 4, perSystemPrincipal: 8, webhookPerIp: 6 };

@Controller()
class LimitedController {
  @Get('pages')
  @Public()
  page(): { ok: true } {
    return { ok: true };
  }

  @Post('receipts')
  @Public()
  @WebhookRateLimit()
  receipt(): { ok: true } {
    return { ok: true };
  }

  @Get('cases')
  cases(@Principal() principal: AuthPrincipal): AuthPrincipal {
    return principal;
  }
}

/** createServiceApp's guards and filter (rate limit, then auth) without its database and Kafka. */
async function startApp(): Promise<{ app: INestApplication; base: string }> {
  @Module({
    imports: [
      ObservabilityModule.forRoot({ service: 'test', logger: createLogger({ service: 'test', level: 'silent' }), collectDefaultMetrics: false }),
      RateLimitModule.forRoot(LIMITS),
      AuthModule.forRoot({
        service: 'test',
        apiKeys: parseApiKeys('test-service:service:test-service-key,test-agent:agent:test-agent-key,test-ops:ops:test-ops-key'),
        tokenSecret: SECRET,
        clock,
      }),
    ],
    controllers: [LimitedController],
  })
  class TestModule {}
  const app = await NestFactory.create(TestModule, { logger: false });
  // Each test is a client of its own, told apart by X-Forwarded-For from the (trusted) loopback proxy.
  (app.getHttpAdapter().getInstance() as Express).set('trust proxy', 'loopback');
  await app.listen(0, '127.0.0.1');
  return { app, base: (await app.getUrl()).replace('[::1]', '127.0.0.1') };
}

describe('RateLimitGuard', () => {
  let app: INestApplication;
  let base: string;
  let clients = 0;
  /** A new client address: no test shares its count with another. */
  const anAddress = (): string => `198.51.100.${++clients}`;

  beforeAll(async () => {
    ({ app, base } = await startApp());
  });

  afterAll(async () => {
    await app.close();
  });

  const call = (path: string, from: string, headers: Record<string, string> = {}, method = 'GET'): Promise<Response> =>
    fetch(`${base}${path}`, { method, headers: { 'x-forwarded-for': from, ...headers } });

  /** The statuses of `n` calls in a row. */
  async function statuses(n: number, path: string, from: string, headers: Record<string, string> = {}, method = 'GET'): Promise<number[]> {
    const seen: number[] = [];
    for (let i = 0; i < n; i++) {
      const response = await call(path, from, headers, method);
      await response.arrayBuffer();
      seen.push(response.status);
    }
    return seen;
  }

  async function expectTooMany(response: Response, limit: number, detail: RegExp): Promise<void> {
    expect(response.status).toBe(429);
    expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    const retryAfter = Number(response.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);
    expect(await response.json()).toMatchObject({
      type: 'about:blank',
      title: 'Too Many Requests',
      status: 429,
      detail: expect.stringMatching(detail),
      limit,
      windowSeconds: 60,
    });
  }

  it('limits anonymous requests per client address with a 429 problem and Retry-After', async () => {
    const from = anAddress();
    expect(await statuses(3, '/pages', from)).toEqual([200, 200, 200]);
    await expectTooMany(await call('/pages', from), 3, /^Too many requests from this address: at most 3 in 60 s\. Try again in \d+ s\.$/);
    // Another address has a count of its own.
    expect((await call('/pages', anAddress())).status).toBe(200);
  });

  it('counts requests with wrong credentials against their address: they are counted before authentication refuses them', async () => {
    const from = anAddress();
    expect(await statuses(3, '/cases', from, { 'x-api-key': 'guessed-key-0001' })).toEqual([401, 401, 401]);
    await expectTooMany(await call('/cases', from, { 'x-api-key': 'guessed-key-0002' }), 3, /from this address/);
    await expectTooMany(await call('/pages', from), 3, /from this address/);
  });

  it('limits each authenticated principal on its own, wherever its requests come from', async () => {
    const agent = { 'x-api-key': 'test-agent-key' };
    expect(await statuses(2, '/cases', anAddress(), agent)).toEqual([200, 200]);
    expect(await statuses(2, '/cases', anAddress(), agent)).toEqual([200, 200]);
    await expectTooMany(await call('/cases', anAddress(), agent), 4, /^Too many requests with these credentials: at most 4 in 60 s/);
    // Neither another principal nor anonymous traffic from the same address is held back by it.
    const from = anAddress();
    expect((await call('/cases', from, { 'x-api-key': 'test-ops-key' })).status).toBe(200);
    expect((await call('/pages', from)).status).toBe(200);
  });

  it('counts a bearer token by its subject, so new tokens do not reset the count', async () => {
    const bearer = () => ({ authorization: `Bearer ${signToken({ sub: 'user-7', role: 'supervisor', aud: 'test', ttlSeconds: 60 }, SECRET, clock)}` });
    for (let i = 0; i < 4; i++) {
      clock.advance(1_000); // a fresh token each time
      expect((await call('/cases', anAddress(), bearer())).status).toBe(200);
    }
    await expectTooMany(await call('/cases', anAddress(), bearer()), 4, /with these credentials/);
  });

  it('gives the system roles their own, higher limit', async () => {
    const system = { 'x-api-key': 'test-service-key' };
    expect(await statuses(8, '/cases', anAddress(), system)).toEqual(Array(8).fill(200));
    await expectTooMany(await call('/cases', anAddress(), system), 8, /at most 8 in 60 s/);
  });

  it('counts providers’ webhooks per address against the webhook limit', async () => {
    const from = anAddress();
    expect(await statuses(6, '/receipts', from, {}, 'POST')).toEqual(Array(6).fill(201));
    await expectTooMany(await call('/receipts', from, {}, 'POST'), 6, /at most 6 in 60 s/);
  });

  it('never counts health probes or /metrics', async () => {
    const from = anAddress();
    for (const path of ['/health/live', '/health/ready', '/metrics']) expect(await statuses(10, path, from)).toEqual(Array(10).fill(200));
    expect((await call('/pages', from)).status).toBe(200);
  });

  it('leaves Kafka handlers of a hybrid app alone', async () => {
    const storage = { increment: jest.fn() };
    const guard = new RateLimitGuard(new Reflector(), storage, LIMITS, app.get(CredentialsVerifier));
    const rpc = new ExecutionContextHost([], LimitedController);
    rpc.setType('rpc');
    await expect(guard.canActivate(rpc)).resolves.toBe(true);
    expect(storage.increment).not.toHaveBeenCalled();
  });
});
