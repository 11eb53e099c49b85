import type { INestApplication, Type } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { createLogger, ObservabilityModule } from '@clearpath/observability';
import { AuthModule, type AuthOptions } from '../src/auth.module';
import type { OidcConfig } from '../src/oidc.config';
import type { FakeOidcProvider } from './oidc-provider.fake';

/** The HS256 secret of the auth specs (AuthModule refuses one shorter than 32 characters). */
export const TEST_TOKEN_SECRET = 'test-token-secret-of-32-characters!';

/** The time the auth specs' clocks start at. */
export const TEST_START = '2026-11-28T12:00:00Z';

/** The audience of the staff tokens the fake OIDC provider signs. */
export const OIDC_AUDIENCE = 'clearpath-api';

/** The OIDC settings for `provider`: roles in `clearpath_roles`, tokens of an hour at most, 30 s of leeway. */
export function oidcConfigOf(provider: FakeOidcProvider): OidcConfig {
  return {
    issuer: provider.issuer,
    audience: OIDC_AUDIENCE,
    jwksUrl: provider.jwksUrl,
    rolesClaim: 'clearpath_roles',
    maxTokenLifetimeSeconds: 3600,
    leewaySeconds: 30,
  };
}

export interface GuardedApp {
  readonly app: INestApplication;
  /** `http://127.0.0.1:<port>`. */
  readonly base: string;
}

/** `controllers` behind the observability module (silent) and AuthModule with `auth`, listening on a free loopback port. */
export async function startGuardedApp(auth: AuthOptions, controllers: Type[]): Promise<GuardedApp> {
  const logger = createLogger({ service: 'test', level: 'silent' });
  const moduleRef = await Test.createTestingModule({
    imports: [ObservabilityModule.forRoot({ service: 'test', logger, collectDefaultMetrics: false }), AuthModule.forRoot(auth)],
    controllers,
  }).compile();
  const app = moduleRef.createNestApplication({ logger: false });
  await app.listen(0, '127.0.0.1');
  return { app, base: (await app.getUrl()).replace('[::1]', '127.0.0.1') };
}
