import { randomUUID } from 'node:crypto';
import { type EventEnvelope, type Jurisdiction, type Locale, newEnvelope } from '@clearpath/contracts';

/**
 * When an internal event happens unless a test says otherwise: 10:00 in Shanghai, the morning after
 * the core-banking builders' LoanOverdue.
 */
export const DEFAULT_EVENT_TIME = '2026-11-29T02:00:00.000Z';

/** The core-banking builders' customer: an internal event reads as what followed from their documents. */
export const DEFAULT_CUSTOMER_ID = 'C-88231';

/** The zone, language and currency of a loan in each jurisdiction, unless a test says otherwise. */
export const JURISDICTION_DEFAULTS: Readonly<Record<Jurisdiction, { readonly timezone: string; readonly locale: Locale; readonly currency: string }>> = {
  CN: { timezone: 'Asia/Shanghai', locale: 'zh-CN', currency: 'CNY' },
  US: { timezone: 'America/New_York', locale: 'en-US', currency: 'USD' },
  GB: { timezone: 'Europe/London', locale: 'en-GB', currency: 'GBP' },
};

/**
 * An internal event as its publisher would write it: the envelope (`newEnvelope`) around a valid
 * payload. One builder is one event: its id is fixed when it is made, so building it twice gives a
 * redelivery. Times in the payload that say when the event happened (changedAt, recordedAt, …)
 * move with `occurredAt`; set one apart afterwards.
 */
export abstract class InternalEventBuilder<TType extends string, TPayload extends object> {
  #eventId: string = randomUUID();
  #occurredAt = new Date(DEFAULT_EVENT_TIME);
  #correlationId: string | undefined;
  #causationId: string | null = null;

  protected constructor(
    private readonly eventType: TType,
    private readonly schemaVersion: number,
    protected payload: TPayload,
  ) {}

  withEventId(eventId: string): this {
    this.#eventId = eventId;
    return this;
  }
  occurredAt(at: Date | string): this {
    this.#occurredAt = new Date(at);
    this.happenedAt(this.#occurredAt.toISOString());
    return this;
  }
  /** By default `it-<loan id>`. */
  withCorrelationId(correlationId: string): this {
    this.#correlationId = correlationId;
    return this;
  }
  causedBy(eventId: string): this {
    this.#causationId = eventId;
    return this;
  }
  /** Any payload fields a test varies that have no method of their own. */
  withPayload(fields: Partial<TPayload>): this {
    this.payload = { ...this.payload, ...fields };
    return this;
  }

  build(): EventEnvelope<TType, TPayload> {
    return newEnvelope({
      eventId: this.#eventId,
      eventType: this.eventType,
      schemaVersion: this.schemaVersion,
      occurredAt: this.#occurredAt,
      correlationId: this.#correlationId ?? `it-${this.subject}`,
      causationId: this.#causationId,
      payload: structuredClone(this.payload),
    });
  }

  get eventId(): string {
    return this.#eventId;
  }

  /** Sets the payload's own times of the event to `at` (ISO 8601, UTC). */
  protected happenedAt(_at: string): void {}

  /** What the event is about, for its default correlation id. */
  protected abstract get subject(): string;
}

/** An event about one loan of one customer. */
export abstract class LoanEventBuilder<TType extends string, TPayload extends { loanId: string; customerId: string }> extends InternalEventBuilder<
  TType,
  TPayload
> {
  forLoan(loanId: string): this {
    this.payload = { ...this.payload, loanId };
    return this;
  }
  /** The loan and customer of a case a test already has. */
  forCase({ loanId, customerId }: { readonly loanId: string; readonly customerId: string }): this {
    this.payload = { ...this.payload, loanId, customerId };
    return this;
  }
  forCustomer(customerId: string): this {
    this.payload = { ...this.payload, customerId };
    return this;
  }
  get loanId(): string {
    return this.payload.loanId;
  }
  get customerId(): string {
    return this.payload.customerId;
  }
  protected get subject(): string {
    return this.payload.loanId;
  }
}

/** Any builder of an event about one loan of one customer. */
export type AnyLoanEventBuilder = LoanEventBuilder<string, { loanId: string; customerId: string }>;

/** An event at a point of the loan's core-banking history (`loanSequence`). */
export abstract class SequencedEventBuilder<
  TType extends string,
  TPayload extends { loanId: string; customerId: string; loanSequence: number },
> extends LoanEventBuilder<TType, TPayload> {
  withSequence(loanSequence: number): this {
    this.payload = { ...this.payload, loanSequence };
    return this;
  }
}
