import { Controller, HttpCode, Inject, Post, Req } from '@nestjs/common';
import { ApiBody, ApiOperation, ApiResponse, ApiSecurity, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import type { DataSource } from 'typeorm';
import { validateCoreBankingEvent } from '@clearpath/contracts';
import { Roles } from '@clearpath/auth';
import { ProblemException, currentContext } from '@clearpath/observability';
import { DATA_SOURCE, parseJsonBody } from '@clearpath/platform';
import { ApplyLoanEventsUseCase, type EventResult, type IncomingEvent } from './apply-loan-events.use-case';

export const MAX_EVENTS_PER_REQUEST = 1_000;

/**
 * `POST /v1/loan-events`, exactly as the core-banking contract says: one event or
 * `{"events": [...]}` with 1 to 1,000; 202 with one result per event in order; 400 problem+json
 * only when the body as a whole is unreadable. One bad event never rejects its neighbours.
 */
@ApiTags('loan-events')
@ApiSecurity('api-key')
@Controller('v1/loan-events')
export class LoanEventsHttpController {
  constructor(
    private readonly applyLoanEvents: ApplyLoanEventsUseCase,
    @Inject(DATA_SOURCE) private readonly dataSource: DataSource,
  ) {}

  @Post()
  @HttpCode(202)
  @Roles('system')
  @ApiOperation({ summary: 'Submit one core-banking event or a batch of up to 1,000' })
  @ApiBody({ description: 'One event, or {"events": [event, ...]} (1–1,000)', schema: { type: 'object' } })
  @ApiResponse({ status: 202, description: '{"results": [{"eventId", "status": "accepted|duplicate|stale|rejected", "errors"?}]}' })
  @ApiResponse({ status: 400, description: 'application/problem+json: not JSON, not an event or batch, or over 1,000 events' })
  async submit(@Req() request: Request): Promise<{ results: EventResult[] }> {
    const documents = parseBody(request.body);
    const correlationId = currentContext()?.correlationId;
    const results: Array<EventResult | null> = new Array(documents.length).fill(null);
    const valid: IncomingEvent[] = [];
    const positions: number[] = [];
    documents.forEach((document, i) => {
      const checked = validateCoreBankingEvent(document);
      if (checked.ok) {
        valid.push({ event: checked.event, correlationId: correlationId ?? checked.event.eventId });
        positions.push(i);
      } else {
        results[i] = { eventId: checked.eventId ?? null, status: 'rejected', errors: checked.errors };
      }
    });
    if (valid.length > 0) {
      const applied = await this.dataSource.transaction((manager) => this.applyLoanEvents.execute(manager, valid, 'http'));
      applied.forEach((result, j) => (results[positions[j]] = result));
    }
    return { results: results as EventResult[] };
  }
}

function parseBody(body: unknown): unknown[] {
  const document = parseJsonBody(body);
  if (typeof document !== 'object' || document === null || Array.isArray(document)) {
    throw ProblemException.badRequest('The body must be a JSON object: one event or {"events": [...]}.', [
      { path: '(root)', message: 'must be an object' },
    ]);
  }
  const object = document as Record<string, unknown>;
  // Own keys only: what the sender wrote, never what Object.prototype has.
  if (Object.hasOwn(object, 'events')) {
    const events = object.events;
    if (!Array.isArray(events)) throw ProblemException.badRequest('"events" must be an array.', [{ path: 'events', message: 'must be an array' }]);
    if (events.length === 0) throw ProblemException.badRequest('"events" must hold at least one event.', [{ path: 'events', message: 'must hold 1 to 1000 events' }]);
    if (events.length > MAX_EVENTS_PER_REQUEST) {
      throw ProblemException.badRequest(`"events" holds ${events.length} events; at most ${MAX_EVENTS_PER_REQUEST} are allowed per request.`, [
        { path: 'events', message: 'must hold 1 to 1000 events' },
      ]);
    }
    return events;
  }
  if (!Object.hasOwn(object, 'eventId') && !Object.hasOwn(object, 'eventType')) {
    throw ProblemException.badRequest('The body is neither an event nor {"events": [...]}.', [
      { path: '(root)', message: 'must be an event (with eventId and eventType) or {"events": [...]}' },
    ]);
  }
  return [document];
}
