import { Controller, HttpCode, Inject, Post } from '@nestjs/common';
import { ApiOperation, ApiResponse, ApiSecurity, ApiTags } from '@nestjs/swagger';
import type { DataSource } from 'typeorm';
import { z } from 'zod';
import { envelopeV1Schema, validateCoreBankingEvent } from '@clearpath/contracts';
import { type AuthPrincipal, Principal, Roles } from '@clearpath/auth';
import { type Checked, applyValidated } from '@clearpath/messaging';
import { currentContext } from '@clearpath/observability';
import { DATA_SOURCE, ValidBody, openApiSchemaOf } from '@clearpath/platform';
import { ApplyLoanEventsUseCase, type EventResult, type IncomingEvent } from './apply-loan-events.use-case';

export const MAX_EVENTS_PER_REQUEST = 1_000;

const MUST_HOLD = `must hold 1 to ${MAX_EVENTS_PER_REQUEST} events`;
const EVENT = openApiSchemaOf(envelopeV1Schema);

/**
 * The body's framing: one event, or `{"events": [...]}` with 1 to 1,000, told apart by the sender's
 * own keys (never Object.prototype's). It reads nothing inside an event: each is checked against
 * the contract on its own afterwards, so a bad one is `rejected` in its place, never the request.
 */
export const loanEventsBodySchema = z
  .custom<Record<string, unknown>>((body) => typeof body === 'object' && body !== null && !Array.isArray(body), {
    message: 'must be an object',
    params: { detail: 'The body must be a JSON object: one event or {"events": [...]}.' },
  })
  .transform((body, ctx): unknown[] => {
    const refuse = (path: string[], message: string, detail: string): never => {
      ctx.issues.push({ code: 'custom', input: body, path, message, params: { detail } });
      return z.NEVER;
    };
    if (!Object.hasOwn(body, 'events')) {
      if (Object.hasOwn(body, 'eventId') || Object.hasOwn(body, 'eventType')) return [body];
      return refuse([], 'must be an event (with eventId and eventType) or {"events": [...]}', 'The body is neither an event nor {"events": [...]}.');
    }
    const events = body.events;
    if (!Array.isArray(events)) return refuse(['events'], 'must be an array', '"events" must be an array.');
    if (events.length === 0) return refuse(['events'], MUST_HOLD, '"events" must hold at least one event.');
    if (events.length > MAX_EVENTS_PER_REQUEST) {
      return refuse(['events'], MUST_HOLD, `"events" holds ${events.length} events; at most ${MAX_EVENTS_PER_REQUEST} are allowed per request.`);
    }
    return events;
  })
  .meta({
    oneOf: [
      EVENT,
      { type: 'object', properties: { events: { type: 'array', minItems: 1, maxItems: MAX_EVENTS_PER_REQUEST, items: EVENT } }, required: ['events'] },
    ],
  });

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
  @Roles('core-banking')
  @ApiOperation({ summary: 'Submit one core-banking event or a batch of up to 1,000' })
  @ApiResponse({ status: 202, description: '{"results": [{"eventId", "status": "accepted|duplicate|stale|rejected", "errors"?}]}' })
  @ApiResponse({ status: 400, description: 'application/problem+json: not JSON, not an event or batch, or over 1,000 events' })
  async submit(
    @ValidBody(loanEventsBodySchema, { description: 'One event, or {"events": [event, ...]} (1–1,000); each event\'s payload as its eventType says' })
    documents: unknown[],
    @Principal() caller: AuthPrincipal,
  ): Promise<{ results: EventResult[] }> {
    const correlationId = currentContext()?.correlationId;
    const results = await applyValidated(
      documents,
      (document) => checkEvent(document, correlationId),
      (valid) => this.dataSource.transaction((manager) => this.applyLoanEvents.execute(manager, valid, { channel: 'http', submittedBy: caller.subject })),
      (result) => result,
    );
    return { results };
  }
}

/** One event against the contract: applied under the request's correlation id (else its own id), or rejected in its place. */
function checkEvent(document: unknown, correlationId: string | undefined): Checked<IncomingEvent, EventResult> {
  const checked = validateCoreBankingEvent(document);
  if (!checked.ok) return { ok: false, outcome: { eventId: checked.eventId ?? null, status: 'rejected', errors: checked.errors } };
  return { ok: true, value: { event: checked.event, correlationId: correlationId ?? checked.event.eventId } };
}
