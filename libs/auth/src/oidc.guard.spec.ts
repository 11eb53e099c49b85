import { Controller, Get, type INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { ManualClock } from '@clearpath/contracts';
import { createLogger, ObservabilityModule } from '@clearpath/observability';
import type { AuthPrincipal } from './auth-principal';
import { AuthModule } from './auth.module';
import { startFakeOidcProvider, type FakeOidcProvider } from '../test/oidc-provider.fake';
import { Principal } from './principal.decorator';
import { Roles } from './roles.decorator';
import { signToken } from './token.codec';

const SECRET = 'test-token-secret-of-32-characters!';
const AUDIENCE = 'clearpath-api';

@Controller('cases')
class CasesController {
  @Get('escalations')
  @Roles('supervisor', 'ops')
  escalations(@Principal() principal: AuthPrincipal): AuthPrincipal {
    return principal;
  }
}

describe('AuthGuard with an OIDC provider', () => {
  const clock = new ManualClock('2026-11-28T12:00:00Z');
  const now = Math.floor(clock.now().getTime() / 1000);
  let provider: FakeOidcProvider;
  let app: INestApplication;
  let base: string;

  beforeAll(async () => {
    provider = await startFakeOidcProvider();
    const logger = createLogger({ service: 'test', level: 'silent' });
    const oidc = {
      issuer: provider.issuer,
      audience: AUDIENCE,
      jwksUrl: provider.jwksUrl,
      rolesClaim: 'clearpath_roles',
      maxTokenLifetimeSeconds: 3600,
      leewaySeconds: 30,
    };
    const moduleRef = await Test.createTestingModule({
      imports: [
        ObservabilityModule.forRoot({ service: 'test', logger, collectDefaultMetrics: false }),
        AuthModule.forRoot({ service: 'cases', apiKeys: [], tokenSecret: SECRET, clock, oidc }),
      ],
      controllers: [CasesController],
    }).compile();
    app = moduleRef.createNestApplication({ logger: false });
    await app.listen(0, '127.0.0.1');
    base = (await app.getUrl()).replace('[::1]', '127.0.0.1');
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
