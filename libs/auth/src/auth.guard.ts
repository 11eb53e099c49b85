import { type CanActivate, type ExecutionContext, Inject, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { IS_PUBLIC_KEY, ProblemException } from '@clearpath/observability';
import type { Request } from 'express';
import type { AuthPrincipal } from './auth-principal';
import { type CredentialCheck, CredentialsVerifier } from './credentials.verifier';
import { attachPrincipal } from './principal.decorator';
import { ROLES_BY_DEFAULT, type Role } from './role';
import { ROLES_KEY } from './roles.decorator';

/**
 * The global guard: every HTTP endpoint needs credentials unless marked `@Public()`, and a role
 * listed by `@Roles()` if it has that, else one of ROLES_BY_DEFAULT (anyone but `core-banking`).
 * 401 and 403 are problem+json via ProblemException.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    @Inject(CredentialsVerifier) private readonly verifier: CredentialsVerifier,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    // Kafka/RPC handlers of a hybrid app pass through global guards too; their trust comes from
    // the broker's own authentication, not from headers.
    if (context.getType() !== 'http') return true;
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean | undefined>(IS_PUBLIC_KEY, targets)) return true;

    const request = context.switchToHttp().getRequest<Request>();
    attachPrincipal(
      request,
      await authorizeRequestAsync(this.verifier, request, this.reflector.getAllAndOverride<readonly Role[] | undefined>(ROLES_KEY, targets)),
    );
    return true;
  }
}

/**
 * The request's principal, from its credentials; its role must be one of `allowed` (ROLES_BY_DEFAULT
 * when not given).
 * Throws 401 or 403 as a ProblemException. The guard uses it, and so does anything served outside
 * Nest's routing (the OpenAPI pages).
 */
export function authorizeRequest(verifier: CredentialsVerifier, request: Request, allowed?: readonly Role[]): AuthPrincipal {
  return principalOrProblem(verifier.verify(credentialsOf(request)), allowed);
}

/**
 * `authorizeRequest` that also accepts staff tokens from the OIDC provider (`verifyAsync`); the
 * synchronous one refuses them. A 503 means the provider's keys could not be fetched.
 */
export async function authorizeRequestAsync(verifier: CredentialsVerifier, request: Request, allowed?: readonly Role[]): Promise<AuthPrincipal> {
  return principalOrProblem(await verifier.verifyAsync(credentialsOf(request)), allowed);
}

function credentialsOf(request: Request): { apiKey: string | undefined; authorization: string | undefined } {
  return { apiKey: request.header('x-api-key'), authorization: request.header('authorization') };
}

function principalOrProblem(check: CredentialCheck, allowed: readonly Role[] = ROLES_BY_DEFAULT): AuthPrincipal {
  if (!check.ok && check.status === 503) throw new ProblemException({ status: 503, detail: check.detail, headers: { 'Retry-After': '5' } });
  if (!check.ok) {
    throw new ProblemException({ status: 401, detail: check.detail, headers: { 'WWW-Authenticate': 'Bearer, ApiKey header="x-api-key"' } });
  }
  if (!allowed.includes(check.principal.role)) {
    throw new ProblemException({
      status: 403,
      detail: `Role '${check.principal.role}' may not call this endpoint; allowed: ${allowed.join(', ')}.`,
    });
  }
  return check.principal;
}
