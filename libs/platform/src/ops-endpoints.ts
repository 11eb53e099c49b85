import { Controller, type INestApplication } from '@nestjs/common';
import { type OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import type { NextFunction, Request, Response } from 'express';
import { CredentialsVerifier, Roles, authorizeRequest } from '@clearpath/auth';
import { MetricsEndpoint } from '@clearpath/observability';
import type { EndpointAccess } from './runtime.config';

/** `/metrics` for a caller with the `ops` role (CLEARPATH_METRICS=role). */
@Roles('ops')
@Controller('metrics')
export class OpsMetricsController extends MetricsEndpoint {}

/** What `SwaggerModule.setup('docs')` serves: the UI and its assets under /docs, the document as JSON and YAML. */
const DOCS_PATHS = ['/docs', '/docs-json', '/docs-yaml'];

/**
 * OpenAPI at /docs as CLEARPATH_DOCS says: for anyone, for the `ops` role, or not at all (404).
 * Swagger's routes are plain Express routes that the global guard never sees, so `role` puts the
 * guard's own check in front of them; its 401/403 reaches the problem+json filter through `next`.
 */
export function serveDocs(app: INestApplication, access: EndpointAccess, document: () => OpenAPIObject): void {
  if (access === 'off') return;
  if (access === 'role') {
    const verifier = app.get(CredentialsVerifier);
    app.use(DOCS_PATHS, (request: Request, _response: Response, next: NextFunction) => {
      try {
        authorizeRequest(verifier, request, ['ops']);
        next();
      } catch (problem) {
        next(problem);
      }
    });
  }
  SwaggerModule.setup('docs', app, document());
}
