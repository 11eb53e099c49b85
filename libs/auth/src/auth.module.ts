import { type DynamicModule, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import type { Clock } from '@clearpath/contracts';
import type { ApiKeyEntry } from './api-keys.parser';
import { assertTokenSecret } from './auth.config';
import { AuthGuard } from './auth.guard';
import { CredentialsVerifier } from './credentials.verifier';
import type { OidcConfig } from './oidc.config';
import type { TokenLimits } from './token.codec';

export interface AuthOptions {
  /** The service being protected (`complaints`): an HS256 token is accepted only if its `aud` is this. */
  readonly service: string;
  /** From `parseApiKeys(process.env.CLEARPATH_API_KEYS)` or `readAuthConfig(process.env)`. */
  readonly apiKeys: readonly ApiKeyEntry[];
  readonly tokenSecret: string;
  /** From `readTokenLimits(process.env)`: HS256 token lifetime bound and clock leeway; the defaults when absent. */
  readonly tokenLimits?: TokenLimits | undefined;
  /** Token expiry is judged by this clock, so tests can move past `exp` without waiting. */
  readonly clock: Clock;
  /** From `readOidcConfig(process.env)`: staff tokens from the lender's OpenID Connect provider; none when absent. */
  readonly oidc?: OidcConfig | undefined;
}

/** Registers AuthGuard as a global guard: every HTTP endpoint not marked `@Public()` needs credentials. */
@Module({})
export class AuthModule {
  static forRoot(options: AuthOptions): DynamicModule {
    assertTokenSecret(options.tokenSecret);
    if (options.service === '') throw new Error('AuthModule needs the name of the service it protects (the audience of its tokens)');
    return {
      module: AuthModule,
      global: true,
      providers: [
        { provide: CredentialsVerifier, useValue: new CredentialsVerifier(options) },
        { provide: APP_GUARD, useClass: AuthGuard },
      ],
      exports: [CredentialsVerifier],
    };
  }
}
