import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { ownValue } from '../lookup/own-value';

/**
 * The envelope every internal event carries. `correlationId` follows one business flow across
 * services; `causationId` is the `eventId` of the event that caused this one.
 */
export interface EventEnvelope<TType extends string = string, TPayload = unknown> {
  readonly eventId: string;
  readonly eventType: TType;
  readonly schemaVersion: number;
  readonly occurredAt: string;
  readonly correlationId: string;
  readonly causationId: string | null;
  readonly payload: TPayload;
}

export const eventEnvelopeSchema = z.object({
  eventId: z.uuid(),
  eventType: z.string().min(1),
  schemaVersion: z.number().int().min(1),
  occurredAt: z.iso.datetime({ offset: true }),
  correlationId: z.string().min(1),
  causationId: z.string().min(1).nullable(),
  payload: z.unknown(),
});

/**
 * For consumers: validates a record's envelope, then its payload with the schema its `eventType`
 * names among a topic's event types; anything else is an error naming the topic family.
 */
export function parseEventOf<E extends EventEnvelope>(input: unknown, family: string, schemas: Readonly<Record<string, z.ZodType>>): E {
  const envelope = eventEnvelopeSchema.parse(input);
  const schema = ownValue(schemas, envelope.eventType);
  if (schema === undefined) throw new Error(`unknown ${family} event type ${envelope.eventType}`);
  return { ...envelope, payload: schema.parse(envelope.payload) } as E;
}

export function newEnvelope<TType extends string, TPayload>(args: {
  eventType: TType;
  schemaVersion: number;
  occurredAt: Date;
  correlationId: string;
  causationId: string | null;
  payload: TPayload;
  eventId?: string;
}): EventEnvelope<TType, TPayload> {
  return {
    eventId: args.eventId ?? randomUUID(),
    eventType: args.eventType,
    schemaVersion: args.schemaVersion,
    occurredAt: args.occurredAt.toISOString(),
    correlationId: args.correlationId,
    causationId: args.causationId,
    payload: args.payload,
  };
}

/** Kafka header names carrying the envelope's ids, so infrastructure can route without parsing. */
export const HEADERS = {
  eventId: 'event-id',
  eventType: 'event-type',
  schemaVersion: 'schema-version',
  correlationId: 'correlation-id',
  causationId: 'causation-id',
  dlqReason: 'dlq-reason',
  dlqError: 'dlq-error',
  dlqErrors: 'dlq-errors',
  dlqSourceTopic: 'dlq-source-topic',
  dlqSourcePartition: 'dlq-source-partition',
  dlqSourceOffset: 'dlq-source-offset',
  dlqConsumerGroup: 'dlq-consumer-group',
  dlqFailedAt: 'dlq-failed-at',
  dlqAttempts: 'dlq-attempts',
  /** On a record re-published from a DLQ by an operator: `<dlq topic>/<partition>/<offset>`. */
  dlqReplayedFrom: 'dlq-replayed-from',
} as const;
