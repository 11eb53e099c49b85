import type { EntityManager } from 'typeorm';
import type { FieldError } from '@clearpath/contracts';

/** A Kafka record as handlers see it: bytes kept, JSON already parsed. */
export interface InboundMessage {
  readonly topic: string;
  readonly partition: number;
  readonly offset: string;
  readonly key: string | null;
  readonly raw: Buffer;
  readonly body: unknown;
  readonly headers: Record<string, string>;
  /** The inbox key: the event id (header or body), else topic/partition/offset. */
  readonly messageKey: string;
  readonly correlationId: string;
}

export type MessageOutcome =
  | { readonly status: 'applied' }
  | { readonly status: 'skipped'; readonly reason: string }
  | { readonly status: 'dead-letter'; readonly reason: string; readonly errors?: readonly FieldError[] };

/** What a consumer's use case implements: apply a batch inside the inbox transaction. */
export type BatchHandler = (messages: readonly InboundMessage[], manager: EntityManager) => Promise<MessageOutcome[]>;

/** Hooks for metrics, so this lib does not depend on a metrics library. */
export interface ConsumerObserver {
  received?(topic: string, count: number): void;
  applied?(topic: string, count: number): void;
  skipped?(topic: string, reason: string, count: number): void;
  deadLettered?(topic: string, reason: string): void;
  lag?(topic: string, partition: number, lag: number): void;
}
