import { Controller, Get, type INestApplication } from '@nestjs/common';
import { ManualClock } from '@clearpath/contracts';
import { OIDC_AUDIENCE as AUDIENCE, TEST_START, TEST_TOKEN_SECRET as SECRET, oidcConfigOf, startGuardedApp } from '../test/guarded-app.fixture';
import { startFakeOidcProvider, type FakeOidcProvider } from '../test/oidc-provider.fake';
import type { AuthPrincipal } from './auth-principal';
import { Principal } from './principal.decorator';
import { Roles } from './roles.decorator';
import { signToken } from './token.codec';

@Controller('cases')
class CasesController {
  @Get('escalations')
  @Roles('supervisor', 'ops')
  escalations(@Principal() principal: AuthPrincipal): AuthPrincipal {
    return principal;
  }
}

describe('AuthGuard with an OIDC provider', () => {
  const clock = new ManualClock(TEST_START);
  const now = Math.floor(clock.now().getTime() / 1000);
  let provider: FakeOidcProvider;
  let app: INestApplication;
  let base: string;

  beforeAll(async () => {
    provider = await startFakeOidcProvider();
    ({ app, base } = await startGuardedApp({ service: 'cases', apiKeys: [], tokenSecret: SECRET, clock, oidc: oidcConfigOf(provider) }, [CasesController]));
  });

  afterAll(async () => {
    await app.close();
    await provider.close();
  });

  const get = (token: string): Promise<Response> => fetch(`${base}/cases/escalations`, { headers: { authorization: `Bearer ${token}` } });
  const staffToken = (overrides: Record<string, unknown> = {}) =>
    provider.sign({ iss: provider.issuer, aud: AUDIENCE, sub: 'sam', iat: now - 5, exp: now + 300, clearpath_roles: ['supervisor'], ...overrides });

  it('lets a staff member with an OIDC token through, as oidc:<sub> with the role the token names', async () => {
    const response = await get(await staffToken());
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ subject: 'oidc:sam', role: 'supervisor' });
  });

  it('answers 401 problem+json to an OIDC token for another audience', async () => {
    const response = await get(await staffToken({ aud: 'some-other-api' }));
    expect(response.status).toBe(401);
    expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(response.headers.get('www-authenticate')).toContain('Bearer');
    expect(await response.json()).toMatchObject({
      title: 'Unauthorized',
      status: 401,
      detail: expect.stringMatching(/aud claim is not valid/),
      instance: '/cases/escalations',
    });
  });

  it('answers 403 to a valid OIDC token whose role is not allowed, and keeps HS256 tokens for services only', async () => {
    expect((await get(await staffToken({ clearpath_roles: 'agent' }))).status).toBe(403);
    // A service token authenticates (then meets the route's roles); a staff role in one does not.
    expect((await get(signToken({ sub: 'nightly-job', role: 'service', aud: 'cases', ttlSeconds: 60 }, SECRET, clock))).status).toBe(403);
    const minted = await get(signToken({ sub: 'ops-tool', role: 'ops', aud: 'cases', ttlSeconds: 60 }, SECRET, clock));
    expect(minted.status).toBe(401);
    expect(await minted.json()).toMatchObject({ detail: expect.stringMatching(/come from the OIDC provider/) });
  });
});
