import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { AuthPrincipal } from './auth-principal';

// Keyed by the request object rather than a property on it: nothing to augment, nothing a client
// could set.
const principals = new WeakMap<object, AuthPrincipal>();

export function attachPrincipal(request: object, principal: AuthPrincipal): void {
  principals.set(request, principal);
}

/** The principal the guard authenticated for this request, if any. */
export function principalOf(request: object): AuthPrincipal | undefined {
  return principals.get(request);
}

/** `@Principal() caller: AuthPrincipal` in a handler of an authenticated endpoint. */
export const Principal = createParamDecorator((_data: unknown, context: ExecutionContext): AuthPrincipal => {
  const principal = principalOf(context.switchToHttp().getRequest<object>());
  if (!principal) throw new Error('@Principal() used on an endpoint that is not authenticated (is it @Public()?)');
  return principal;
});
