import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { addDays, type Clock, type ContactOutcomeRecordedEventV1, toMinorUnits, JURISDICTIONS } from '@clearpath/contracts';
import { type OutboxRecord, writeToOutbox } from '@clearpath/messaging';
import { CLOCK } from '@clearpath/platform';
import type { CaseRecord } from '../cases/case-record';
import { REPAYMENT_CONTEXT, type RepaymentContext } from '../config/repayment-context';
import { type Cause, promiseStatusChanged } from '../events/repayment-events';
import { LedgerRepository } from '../ledger/ledger.repository';
import type { PromiseRecord } from './promise-record';

/**
 * Promises to pay become tracked promises: from a contact outcome (`promise-to-pay`, one per
 * attempt however often it is redelivered) or from the debtor's self-service page.
 */
@Injectable()
export class RecordPromisesUseCase {
  constructor(
    private readonly ledger: LedgerRepository,
    @Inject(REPAYMENT_CONTEXT) private readonly context: RepaymentContext,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async fromOutcomes(m: EntityManager, incoming: ReadonlyArray<{ event: ContactOutcomeRecordedEventV1; correlationId: string }>): Promise<string[]> {
    const now = this.clock.now();
    const cases = await this.ledger.cases(m, [...new Set(incoming.map((i) => i.event.payload.loanId))]);
    const candidates: Array<{ promise: PromiseRecord; cause: Cause } | null> = incoming.map(({ event, correlationId }) => {
      const p = event.payload;
      if (p.outcome !== 'promise-to-pay' || p.promise === null) return null;
      const promise = this.newPromise(
        cases.get(p.loanId) ?? null,
        {
          loanId: p.loanId,
          customerId: p.customerId,
          sourceAttemptId: p.attemptId,
          amountMinor: toMinorUnits(p.promise.amount),
          currency: p.promise.currency,
          promisedDate: p.promise.date,
          createdBy: `contact:${p.recordedByRole}`,
        },
        now,
      );
      return { promise, cause: { correlationId, causationId: event.eventId } };
    });
    const valid = candidates.filter((c): c is { promise: PromiseRecord; cause: Cause } => c !== null && c.promise.amountMinor > 0n);
    const inserted = await this.ledger.insertPromises(
      m,
      valid.map((v) => v.promise),
    );
    const outbox: OutboxRecord[] = valid.filter((v) => inserted.has(v.promise.promiseId)).map((v) => promiseStatusChanged(v.promise, null, now, v.cause));
    await writeToOutbox(m, outbox);
    return candidates.map((c) =>
      c === null ? 'not-a-promise' : c.promise.amountMinor <= 0n ? 'zero-amount' : inserted.has(c.promise.promiseId) ? 'applied' : 'duplicate-promise',
    );
  }

  /** A promise made on the self-service page (validated by the caller against the offer's window). */
  async fromDebtor(m: EntityManager, c: CaseRecord, amountMinor: bigint, promisedDate: string, cause: Cause): Promise<PromiseRecord> {
    const now = this.clock.now();
    const promise = this.newPromise(
      c,
      { loanId: c.loanId, customerId: c.customerId, sourceAttemptId: null, amountMinor, currency: c.currency, promisedDate, createdBy: 'debtor' },
      now,
    );
    await this.ledger.insertPromises(m, [promise]);
    await writeToOutbox(m, [promiseStatusChanged(promise, null, now, cause)]);
    return promise;
  }

  private newPromise(
    c: CaseRecord | null,
    p: { loanId: string; customerId: string; sourceAttemptId: string | null; amountMinor: bigint; currency: string; promisedDate: string; createdBy: string },
    now: Date,
  ): PromiseRecord {
    const { policy } = this.context;
    // A promise for a case this service has not seen yet (its delinquency event still on the way)
    // is kept with the most lenient grace and UTC rather than lost; the sweep reads what is stored.
    const grace = c ? policy.jurisdictions[c.jurisdiction].graceDays : Math.max(...JURISDICTIONS.map((j) => policy.jurisdictions[j].graceDays));
    return {
      promiseId: randomUUID(),
      ...p,
      paidMinor: 0n,
      breakAfter: addDays(p.promisedDate, grace),
      timezone: c?.timezone ?? 'UTC',
      status: 'open',
      createdAt: now.toISOString(),
      updatedAt: now.toISOString(),
    };
  }
}
