import { type ArgumentsHost, Catch, type ExceptionFilter, HttpException, Inject } from '@nestjs/common';
import type { Request, Response } from 'express';
import { STATUS_CODES } from 'node:http';
import { throwError, type Observable } from 'rxjs';
import { currentContext } from '../context/request-context';
import type { Logger } from '../logging/logger.factory';
import { LOGGER } from '../logging/logger.token';
import { loggablePath } from './loggable-path';
import { ProblemException, type ProblemDocument } from './problem.exception';

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

interface Rendered {
  readonly problem: Omit<ProblemDocument, 'instance' | 'correlationId'>;
  readonly headers: Readonly<Record<string, string>>;
  /** RFC 9457 extension members of a ProblemException. */
  readonly extensions?: Readonly<Record<string, unknown>>;
}

/**
 * Answers every error as RFC 9457 `application/problem+json`.
 *
 * What reaches the caller is only what was meant for them: a ProblemException's fields, a 4xx
 * HttpException's message, or for anything else a bare 500 — the error itself, with its stack,
 * goes to the log under the request's correlation id, which the body repeats so support can find it.
 */
@Catch()
export class ProblemDetailsFilter implements ExceptionFilter {
  constructor(@Inject(LOGGER) private readonly logger: Logger) {}

  catch(exception: unknown, host: ArgumentsHost): void | Observable<never> {
    // Registered globally, this also sees errors of Kafka/RPC handlers in a hybrid app; those are
    // handed back unchanged for the transport's own retry and DLQ handling.
    if (host.getType() !== 'http') return throwError(() => exception);

    const request = host.switchToHttp().getRequest<Request>();
    const response = host.switchToHttp().getResponse<Response>();
    const { problem, headers, extensions } = this.render(exception, request);

    if (response.headersSent) {
      response.end();
      return;
    }
    const correlationId = currentContext()?.correlationId;
    const body: ProblemDocument & Readonly<Record<string, unknown>> = {
      ...extensions,
      ...problem,
      instance: request.originalUrl.split('?')[0] ?? request.originalUrl,
      ...(correlationId ? { correlationId } : {}),
    };
    for (const [name, value] of Object.entries(headers)) response.setHeader(name, value);
    response.status(problem.status).type(PROBLEM_CONTENT_TYPE).send(JSON.stringify(body));
  }

  private render(exception: unknown, request: Request): Rendered {
    if (exception instanceof ProblemException) {
      if (exception.getStatus() >= 500) this.logFailure(exception, request);
      return {
        problem: {
          type: exception.type,
          title: exception.title,
          status: exception.getStatus(),
          ...(exception.detail === undefined ? {} : { detail: exception.detail }),
          ...(exception.errors === undefined ? {} : { errors: exception.errors }),
        },
        headers: exception.headers,
        extensions: exception.extensions,
      };
    }
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      if (status >= 500) {
        this.logFailure(exception, request);
        return { problem: blank(status), headers: {} };
      }
      return { problem: { ...blank(status), detail: messageOf(exception) }, headers: {} };
    }
    const exposed = exposedClientError(exception);
    if (exposed) return { problem: { ...blank(exposed.status), detail: exposed.message }, headers: {} };

    this.logFailure(exception, request);
    return { problem: { ...blank(500), detail: 'An unexpected error occurred.' }, headers: {} };
  }

  private logFailure(exception: unknown, request: Request): void {
    this.logger.error({ err: exception, method: request.method, path: loggablePath(request) }, 'request failed');
  }
}

function blank(status: number): { type: string; title: string; status: number } {
  return { type: 'about:blank', title: STATUS_CODES[status] ?? 'Error', status };
}

function messageOf(exception: HttpException): string {
  const body = exception.getResponse();
  if (typeof body === 'string') return body;
  const message = (body as { message?: unknown }).message;
  if (Array.isArray(message)) return message.map(String).join('; ');
  return typeof message === 'string' ? message : exception.message;
}

/**
 * Express middleware errors (body-parser's "invalid JSON", "payload too large") are http-errors
 * with a 4xx `status` and `expose: true`, meaning their message was written for the client.
 */
function exposedClientError(exception: unknown): { status: number; message: string } | undefined {
  if (typeof exception !== 'object' || exception === null) return undefined;
  const { status, expose, message } = exception as { status?: unknown; expose?: unknown; message?: unknown };
  if (expose === true && typeof status === 'number' && status >= 400 && status < 500 && typeof message === 'string') {
    return { status, message };
  }
  return undefined;
}
