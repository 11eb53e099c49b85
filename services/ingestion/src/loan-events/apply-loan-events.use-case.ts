import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { Clock, CoreBankingEventV1, FieldError } from '@clearpath/contracts';
import { type OutboxRecord, writeToOutbox } from '@clearpath/messaging';
import { applyEvent, type LoanState } from '../loans/loan-state';
import { type Arrival, LoanRepository, type LoggedEvent, paymentKey } from '../loans/loan.repository';
import { internalEventRecord } from '../loans/internal-event.records';
import { CLOCK } from '@clearpath/platform';

export type EventResultStatus = 'accepted' | 'duplicate' | 'stale' | 'rejected';

export interface EventResult {
  readonly eventId: string | null;
  readonly status: EventResultStatus;
  readonly errors?: FieldError[];
}

export interface IncomingEvent {
  readonly event: CoreBankingEventV1;
  readonly correlationId: string;
}

/**
 * The one use case behind both ways in (Kafka and HTTP): applies validated core-banking events in
 * arrival order inside the caller's transaction — de-duplicated by event id and by payment
 * reference, ordered by per-loan sequence — and writes the event log, the new loan states and the
 * outbox records together.
 */
@Injectable()
export class ApplyLoanEventsUseCase {
  constructor(
    private readonly loans: LoanRepository,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute(manager: EntityManager, incoming: readonly IncomingEvent[], arrival: Arrival): Promise<EventResult[]> {
    if (incoming.length === 0) return [];
    const now = this.clock.now();
    const loanIds = [...new Set(incoming.map((i) => i.event.loanId))];
    await this.loans.lockLoans(manager, loanIds);
    // One transaction is one connection: these run one after another whatever we write.
    const known = await this.loans.findKnownEventIds(
      manager,
      incoming.map((i) => i.event.eventId),
    );
    const states = await this.loans.findLoans(manager, loanIds);
    // Every identity this batch may write: the ones events bring and the ones the loans hold.
    const keys = await this.loans.keysFor([
      ...incoming.flatMap((i) => (i.event.eventType === 'LoanOverdue' ? [i.event.payload.customer.customerId] : [])),
      ...[...states.values()].flatMap((s) => (s.customer === null ? [] : [s.customer.customerId])),
    ]);
    const paidRefs = await this.loans.findPaymentRefs(
      manager,
      incoming.flatMap((i) => (i.event.eventType === 'PaymentReceived' ? [{ loanId: i.event.loanId, reference: i.event.payload.reference }] : [])),
    );

    const results: EventResult[] = [];
    const logged: LoggedEvent[] = [];
    const outbox: OutboxRecord[] = [];
    const payments: Array<CoreBankingEventV1 & { eventType: 'PaymentReceived' }> = [];
    const changed = new Map<string, LoanState>();
    const receivedAt = now.toISOString();

    for (const { event, correlationId } of incoming) {
      if (known.has(event.eventId)) {
        results.push({ eventId: event.eventId, status: 'duplicate' });
        continue;
      }
      const decision = applyEvent(states.get(event.loanId) ?? null, event, {
        now,
        paymentSeen: (reference) => paidRefs.has(paymentKey(event.loanId, reference)),
      });
      if (decision.status === 'rejected') {
        results.push({ eventId: event.eventId, status: 'rejected', errors: decision.errors });
        continue;
      }
      known.add(event.eventId);
      if (decision.status === 'accepted') {
        states.set(event.loanId, decision.state);
        changed.set(event.loanId, decision.state);
        for (const fact of decision.facts) {
          const record = internalEventRecord(fact, decision.state, event, now, correlationId, keys);
          if (record !== null) outbox.push(record);
        }
        if (event.eventType === 'PaymentReceived') {
          paidRefs.add(paymentKey(event.loanId, event.payload.reference));
          payments.push(event);
        }
      }
      logged.push({ event, status: decision.status === 'accepted' ? 'applied' : decision.status, arrival, receivedAt });
      results.push({ eventId: event.eventId, status: decision.status });
    }

    await this.loans.appendEvents(manager, logged, keys);
    await this.loans.saveLoans(manager, [...changed.values()], keys);
    await this.loans.savePayments(manager, payments);
    await writeToOutbox(manager, outbox);
    return results;
  }
}
