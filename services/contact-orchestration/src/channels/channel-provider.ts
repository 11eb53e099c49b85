import type { EntityManager } from 'typeorm';
import type { Channel } from '../compliance/channel';
import type { FieldVisitRequirement } from '../compliance/contact-guard.types';

/** One message the guard allowed, rendered and content-checked, ready for a channel. */
export interface OutboundMessage {
  readonly attemptId: string;
  readonly loanId: string;
  readonly customerId: string;
  readonly channel: Channel;
  /** Phone number, e-mail address or postal address, as the channel needs. */
  readonly recipient: string;
  readonly subject?: string;
  readonly body: string;
  /** Expected recovery, for channels that are work queues (voice, field visits). */
  readonly priority: string;
  readonly requirements: readonly FieldVisitRequirement[];
  /** Work for people only: when the permitted time it was queued in closes (the task lapses then). */
  readonly expiresAt?: string;
}

export interface Handover {
  readonly attemptId: string;
  /** Unique per attempt: the provider's id for the message, used by receipts and outcomes. */
  readonly providerMessageId: string;
}

/**
 * A way out to the debtor. `handOver` runs inside the dispatch transaction, keyed by attempt id,
 * so an attempt reaches a provider at most once: the provider's record and the attempt's `sent`
 * commit together. A provider that calls a remote API records the message here and sends it from
 * its own outbox after the commit (not needed by the local providers shipped).
 */
export interface ChannelProvider {
  readonly name: string;
  readonly channels: readonly Channel[];
  handOver(m: EntityManager, messages: readonly OutboundMessage[], now: Date): Promise<Handover[]>;
}

export const CHANNEL_PROVIDERS = Symbol.for('clearpath.contact-orchestration.channel-providers');
