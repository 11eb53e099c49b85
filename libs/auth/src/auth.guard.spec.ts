import { Controller, Get, type INestApplication } from '@nestjs/common';
import { ManualClock } from '@clearpath/contracts';
import { TEST_START, TEST_TOKEN_SECRET as SECRET, startGuardedApp } from '../test/guarded-app.fixture';
import { parseApiKeys } from './api-keys.parser';
import type { AuthPrincipal } from './auth-principal';
import { Principal } from './principal.decorator';
import { Roles } from './roles.decorator';
import { signToken } from './token.codec';

@Controller('cases')
class CasesController {
  @Get('replays')
  @Roles('service', 'ops')
  replays(@Principal() principal: AuthPrincipal): AuthPrincipal {
    return principal;
  }

  @Get()
  list(@Principal() principal: AuthPrincipal): { caller: string } {
    return { caller: principal.subject };
  }
}

describe('AuthGuard', () => {
  const clock = new ManualClock(TEST_START);
  let app: INestApplication;
  let base: string;

  beforeAll(async () => {
    const apiKeys = parseApiKeys('test-ops:ops:test-ops-key,test-agent:agent:test-agent-key,core-banking:core-banking:test-core-banking-key');
    ({ app, base } = await startGuardedApp({ service: 'cases', apiKeys, tokenSecret: SECRET, clock }, [CasesController]));
  });

  afterAll(async () => {
    await app.close();
  });

  const get = (path: string, headers: Record<string, string> = {}): Promise<Response> => fetch(`${base}${path}`, { headers });
  const bearer = (role: 'ops' | 'agent', ttlSeconds = 60, aud = 'cases'): Record<string, string> => ({
    authorization: `Bearer ${signToken({ sub: `user-${role}`, role, aud, ttlSeconds }, SECRET, clock)}`,
  });

  it('answers 401 problem+json without credentials', async () => {
    const response = await get('/cases/replays');
    expect(response.status).toBe(401);
    expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(response.headers.get('www-authenticate')).toContain('Bearer');
    expect(await response.json()).toMatchObject({ type: 'about:blank', title: 'Unauthorized', status: 401, instance: '/cases/replays' });
  });

  it.each([
    ['an unknown API key', { 'x-api-key': 'test-ops-kez' }, 'The API key is not valid.'],
    ['a Basic authorization', { authorization: 'Basic dXNlcjpwYXNz' }, 'Authorization must use the Bearer scheme.'],
    ['a garbage token', { authorization: 'Bearer not.a.jwt' }, 'The bearer token is not a well-formed JWT.'],
    ['both kinds of credentials', { 'x-api-key': 'test-ops-key', authorization: 'Bearer x.y.z' }, 'Send either an API key or a bearer token, not both.'],
  ])('answers 401 for %s', async (_label, headers, detail) => {
    const response = await get('/cases/replays', headers);
    expect(response.status).toBe(401);
    expect(await response.json()).toMatchObject({ status: 401, detail });
  });

  it('answers 401 for a token minted for another service, naming this one', async () => {
    const response = await get('/cases/replays', bearer('ops', 60, 'complaints'));
    expect(response.status).toBe(401);
    expect(await response.json()).toMatchObject({ detail: 'The bearer token was not issued for cases (its aud claim must be exactly cases).' });
  });

  it('answers 401 for an expired token', async () => {
    const headers = bearer('ops', 30);
    // 30 s of life and 30 s of leeway.
    clock.advance(60_000);
    const response = await get('/cases/replays', headers);
    expect(response.status).toBe(401);
    expect(await response.json()).toMatchObject({ detail: 'The bearer token has expired.' });
  });

  it('answers 403 problem+json to a valid caller whose role is not allowed', async () => {
    for (const headers of [{ 'x-api-key': 'test-agent-key' }, bearer('agent')]) {
      const response = await get('/cases/replays', headers);
      expect(response.status).toBe(403);
      expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      expect(await response.json()).toMatchObject({
        title: 'Forbidden',
        status: 403,
        detail: "Role 'agent' may not call this endpoint; allowed: service, ops.",
      });
    }
  });

  it('lets an allowed role through and hands the handler its principal', async () => {
    const byKey = await get('/cases/replays', { 'x-api-key': 'test-ops-key' });
    expect(byKey.status).toBe(200);
    const keyPrincipal = (await byKey.json()) as AuthPrincipal;
    // The client the key was issued to, never the key.
    expect(keyPrincipal).toEqual({ subject: 'client:test-ops', role: 'ops' });

    const byToken = await get('/cases/replays', bearer('ops'));
    expect(byToken.status).toBe(200);
    expect(await byToken.json()).toEqual({ subject: 'user-ops', role: 'ops' });
  });

  it('lets any authenticated role but core-banking call an endpoint without @Roles', async () => {
    const response = await get('/cases', bearer('agent'));
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ caller: 'user-agent' });
    const feed = await get('/cases', { 'x-api-key': 'test-core-banking-key' });
    expect(feed.status).toBe(403);
    expect(await feed.json()).toMatchObject({
      detail: "Role 'core-banking' may not call this endpoint; allowed: service, agent, supervisor, compliance, ops.",
    });
  });

  it('leaves health and metrics public', async () => {
    expect((await get('/health/live')).status).toBe(200);
    expect((await get('/health/ready')).status).toBe(200);
    expect((await get('/metrics')).status).toBe(200);
  });
});
