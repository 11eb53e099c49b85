import { DefaultValuePipe, type INestApplication } from '@nestjs/common';
import { ROUTE_ARGS_METADATA } from '@nestjs/common/constants';
import { DocumentBuilder, type OpenAPIObject, type OperationObject, type ResponseObject, type SchemaObject, SwaggerModule } from '@nestjs/swagger';
import { isRateLimited } from './rate-limit.guard';
import { type RouteHandler, forEachOperation, handlersByOperation, routeAccessOf, withRouteAccess } from './route-access';

/** The security schemes every document declares: an API key, or an HS256 / OIDC bearer token. */
export const API_KEY_SCHEME = 'api-key';
export const BEARER_SCHEME = 'bearer';

const PROBLEM_SCHEMA = 'Problem';

/** The answers the platform itself gives, before or around any handler: each a problem+json. */
const PLATFORM_RESPONSES = {
  '400': { name: 'BadRequest', description: 'The request is not valid; `errors` names each field that is wrong.' },
  '401': {
    name: 'Unauthorized',
    description: 'No valid credentials: the `x-api-key` or bearer token is missing, unknown, expired or minted for another service.',
  },
  '403': { name: 'Forbidden', description: 'The caller’s role may not call this operation (`x-clearpath-access` lists the roles that may).' },
  '413': {
    name: 'PayloadTooLarge',
    description: 'The body is larger than this route accepts (CLEARPATH_BODY_LIMIT_BYTES unless the route has a limit of its own).',
  },
  '429': {
    name: 'TooManyRequests',
    description: 'Too many requests from this caller in the rate-limit window; `Retry-After` says in how many seconds to try again.',
  },
} as const;
type PlatformStatus = keyof typeof PLATFORM_RESPONSES;

export interface DocumentInfo {
  /** kebab-case service name: the document's title is `Clearpath <service>`. */
  readonly service: string;
  readonly description: string;
}

/**
 * The service's OpenAPI document as /docs serves it: the controllers as @nestjs/swagger reads them,
 * plus what the platform does around every handler, derived from the same metadata the guards
 * read rather than repeated on each controller — who may call it (`x-clearpath-access`), its
 * `security` (none for a public route), and the problem+json answers of authentication (401, 403),
 * the rate limit (429) and request checks (400, 413). A response a controller documents itself is
 * kept as it wrote it.
 */
export function buildOpenApiDocument(app: INestApplication, info: DocumentInfo): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle(`Clearpath ${info.service}`)
    .setDescription(info.description)
    .setVersion('1')
    .setLicense('Apache-2.0', 'https://www.apache.org/licenses/LICENSE-2.0')
    // Relative: the service that serves the document, wherever it is deployed.
    .addServer('/', 'This service')
    .addApiKey({ type: 'apiKey', name: 'x-api-key', in: 'header' }, API_KEY_SCHEME)
    .addBearerAuth(undefined, BEARER_SCHEME)
    .build();
  return withPlatformBehaviour(app, withRouteAccess(app, SwaggerModule.createDocument(app, config)));
}

/** `document` with each operation's security and the platform's own 4xx answers written in. */
export function withPlatformBehaviour(app: INestApplication, document: OpenAPIObject): OpenAPIObject {
  const handlers = handlersByOperation(app);
  const used = new Set<PlatformStatus>();
  forEachOperation(document, (operation) => {
    const access = routeAccessOf(operation);
    const route = operation.operationId === undefined ? undefined : handlers.get(operation.operationId);
    operation.security = access.public ? [] : [{ [API_KEY_SCHEME]: [] }, { [BEARER_SCHEME]: [] }];
    const answers: PlatformStatus[] = [];
    if (operation.requestBody !== undefined || (route !== undefined && checksArguments(route))) answers.push('400');
    if (!access.public) answers.push('401', '403');
    if (operation.requestBody !== undefined) answers.push('413');
    if (route === undefined || isRateLimited(route.controller)) answers.push('429');
    for (const status of answers) {
      if (operation.responses[status] !== undefined) continue;
      operation.responses[status] = { $ref: `#/components/responses/${PLATFORM_RESPONSES[status].name}` };
      used.add(status);
    }
    sortResponses(operation);
  });
  if (used.size === 0) return document;
  const components = (document.components ??= {});
  const schemas = (components.schemas ??= {});
  if (schemas[PROBLEM_SCHEMA] !== undefined)
    throw new Error(`a schema named ${PROBLEM_SCHEMA} already exists: the platform's problem+json schema needs that name`);
  schemas[PROBLEM_SCHEMA] = PROBLEM;
  const responses = (components.responses ??= {});
  for (const status of [...used].sort()) responses[PLATFORM_RESPONSES[status].name] = platformResponse(status);
  return document;
}

/**
 * Whether a handler's arguments pass through pipes that can refuse them (`@ValidBody`,
 * `@ValidQuery`, `@ValidParam`, Nest's `ParseIntPipe`…): each answers 400. DefaultValuePipe never refuses.
 */
function checksArguments({ controller, method }: RouteHandler): boolean {
  const args = Reflect.getMetadata(ROUTE_ARGS_METADATA, controller, method) as Record<string, { readonly pipes?: readonly unknown[] }> | undefined;
  return Object.values(args ?? {}).some((arg) => (arg.pipes ?? []).some((pipe) => pipe !== DefaultValuePipe && !(pipe instanceof DefaultValuePipe)));
}

function sortResponses(operation: OperationObject): void {
  operation.responses = Object.fromEntries(Object.entries(operation.responses).sort(([a], [b]) => a.localeCompare(b)));
}

function platformResponse(status: PlatformStatus): ResponseObject {
  return {
    description: PLATFORM_RESPONSES[status].description,
    ...(status === '429'
      ? { headers: { 'Retry-After': { description: 'Seconds until the caller may try again.', schema: { type: 'integer', minimum: 1 } } } }
      : {}),
    content: { 'application/problem+json': { schema: { $ref: `#/components/schemas/${PROBLEM_SCHEMA}` } } },
  };
}

/** RFC 9457 problem details as libs/observability's ProblemDetailsFilter renders every error. */
const PROBLEM: SchemaObject = {
  type: 'object',
  description: 'RFC 9457 problem details. Some problems add members of their own (a 429 its `limit` and `windowSeconds`).',
  required: ['type', 'title', 'status'],
  properties: {
    type: { type: 'string', description: 'A URI naming the kind of problem; `about:blank` when the status says it all.' },
    title: { type: 'string' },
    status: { type: 'integer' },
    detail: { type: 'string' },
    instance: { type: 'string', description: 'The path of the request.' },
    errors: {
      type: 'array',
      description: 'Each field that is wrong, by its path in the request.',
      items: { type: 'object', required: ['path', 'message'], properties: { path: { type: 'string' }, message: { type: 'string' } } },
    },
    correlationId: { type: 'string', description: 'The id every log line of this request carries.' },
  },
};
