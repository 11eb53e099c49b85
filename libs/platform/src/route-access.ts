import type { INestApplication } from '@nestjs/common';
import { ModulesContainer, Reflector } from '@nestjs/core';
import type { OpenAPIObject, OperationObject } from '@nestjs/swagger';
import { ROLES_BY_DEFAULT, ROLES_KEY, type Role } from '@clearpath/auth';
import { IS_PUBLIC_KEY } from '@clearpath/observability';

/**
 * Who may call an operation, as the global guard decides it: anyone (`public`), or an
 * authenticated caller whose role is one of `roles` (ROLES_BY_DEFAULT when the handler names none).
 */
export interface RouteAccess {
  readonly public: boolean;
  readonly roles: readonly Role[];
}

/** The OpenAPI extension on every operation that says who may call it. */
export const ROUTE_ACCESS_EXTENSION = 'x-clearpath-access';

const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options'] as const;

/** A route's handler and the controller it is reached through (which may inherit it). */
export interface RouteHandler {
  readonly controller: abstract new (...args: never[]) => unknown;
  readonly handler: (...args: never[]) => unknown;
  /** The handler's name on the controller (the key of its route metadata). */
  readonly method: string;
}

/**
 * Every controller handler, keyed as @nestjs/swagger keys its operations by default
 * (`<Controller>_<method>`), so a document's operation can be traced back to the code behind it.
 */
export function handlersByOperation(app: INestApplication): ReadonlyMap<string, RouteHandler> {
  const handlers = new Map<string, RouteHandler>();
  for (const module of app.get(ModulesContainer).values()) {
    for (const wrapper of module.controllers.values()) {
      const controller = wrapper.metatype;
      if (typeof controller !== 'function') continue;
      const prototype = controller.prototype as Record<string, unknown>;
      for (const name of methodNames(prototype)) {
        const handler = prototype[name];
        if (name === 'constructor' || typeof handler !== 'function') continue;
        handlers.set(`${controller.name}_${name}`, {
          controller: controller as RouteHandler['controller'],
          handler: handler as RouteHandler['handler'],
          method: name,
        });
      }
    }
  }
  return handlers;
}

/**
 * Every controller handler's access, keyed as its operation is, read from the same metadata the
 * guard reads: `@Public()` and `@Roles()` on the handler, else on its controller.
 */
export function routeAccessByOperation(app: INestApplication): ReadonlyMap<string, RouteAccess> {
  const reflector = app.get(Reflector);
  const access = new Map<string, RouteAccess>();
  for (const [operationId, { controller, handler }] of handlersByOperation(app)) {
    const targets = [handler, controller];
    const isPublic = reflector.getAllAndOverride<boolean | undefined>(IS_PUBLIC_KEY, targets) === true;
    const roles = reflector.getAllAndOverride<readonly Role[] | undefined>(ROLES_KEY, targets);
    access.set(operationId, { public: isPublic, roles: isPublic ? [] : [...(roles ?? ROLES_BY_DEFAULT)] });
  }
  return access;
}

/** Own and inherited method names (a handler may live on an abstract base: MetricsEndpoint.scrape). */
function methodNames(prototype: object): Set<string> {
  const names = new Set<string>();
  for (let p: object | null = prototype; p !== null && p !== Object.prototype; p = Object.getPrototypeOf(p) as object | null) {
    for (const name of Object.getOwnPropertyNames(p)) names.add(name);
  }
  return names;
}

/** Calls `visit` with every operation of `document`. */
export function forEachOperation(document: OpenAPIObject, visit: (operation: OperationObject) => void): void {
  for (const item of Object.values(document.paths)) {
    for (const method of HTTP_METHODS) {
      const operation = item[method];
      if (operation !== undefined) visit(operation);
    }
  }
}

/**
 * The OpenAPI document with each operation's access written into it (`x-clearpath-access`), so a
 * client, an auditor and the route-access test read who may call what from the running service.
 * An operation whose handler cannot be found is marked as closed to everyone, never as open.
 */
export function withRouteAccess(app: INestApplication, document: OpenAPIObject): OpenAPIObject {
  const access = routeAccessByOperation(app);
  forEachOperation(document, (operation) => {
    const found = operation.operationId === undefined ? undefined : access.get(operation.operationId);
    (operation as unknown as Record<string, unknown>)[ROUTE_ACCESS_EXTENSION] = found ?? { public: false, roles: [] };
  });
  return document;
}

/** The access `withRouteAccess` wrote on `operation` (closed to everyone when there is none). */
export function routeAccessOf(operation: OperationObject): RouteAccess {
  return ((operation as unknown as Record<string, unknown>)[ROUTE_ACCESS_EXTENSION] as RouteAccess | undefined) ?? { public: false, roles: [] };
}
