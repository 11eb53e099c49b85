import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { type CaseResolutionReason, type Clock, type LoanLifecycleEventV1, type LoanPaymentReceivedV1, toMinorUnits } from '@clearpath/contracts';
import { type OutboxRecord, writeToOutbox } from '@clearpath/messaging';
import { CLOCK } from '@clearpath/platform';
import { type Cause, caseResolved, planStatusChanged, promiseStatusChanged } from '../events/repayment-events';
import { type AllocationRow, LedgerRepository, type PaymentRow, paymentKey } from '../ledger/ledger.repository';
import { allocatePayment } from '../payments/allocation';
import type { PlanRecord } from '../plans/plan-record';
import { nextPlanStatus, nextPromiseStatus } from '../plans/plan-state';
import type { PromiseRecord } from '../promises/promise-record';
import { applyDelinquency, type CaseRecord } from './case-record';

export interface IncomingLifecycleEvent {
  readonly event: LoanLifecycleEventV1;
  readonly correlationId: string;
}

export type LifecycleOutcome = 'applied' | 'stale' | 'duplicate-payment' | 'unknown-case' | 'not-relevant';

const minOf = (a: bigint, b: bigint): bigint => (a < b ? a : b);
const floor0 = (v: bigint): bigint => (v < 0n ? 0n : v);

/**
 * Applies a chunk of loan-lifecycle events in the consumer's transaction: the state of every loan
 * the chunk touches is read once, each event is folded in order, and everything that changed is
 * written back set-based with its events in the outbox.
 *
 *   LoanDelinquencyUpdated → the case (older loanSequence ignored).
 *   LoanPaymentReceived    → once per (loan, reference): the active plan's instalments oldest first,
 *                            open promises credited, the arrears reduced (amounts from the event when
 *                            it has them); a completed plan or a cleared balance resolves the case.
 *   LoanClosed             → the case resolved (LOAN_CLOSED), open plans and promises cancelled.
 */
@Injectable()
export class ApplyLifecycleUseCase {
  constructor(
    private readonly ledger: LedgerRepository,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute(m: EntityManager, incoming: readonly IncomingLifecycleEvent[]): Promise<LifecycleOutcome[]> {
    if (incoming.length === 0) return [];
    const now = this.clock.now();
    const at = now.toISOString();
    const loanIds = [...new Set(incoming.map((i) => i.event.payload.loanId))];
    const payments = incoming.flatMap((i) =>
      i.event.eventType === 'LoanPaymentReceived' ? [{ loanId: i.event.payload.loanId, reference: i.event.payload.reference }] : [],
    );
    // Locks the touched cases first, in loan order, so two instances never deadlock on them.
    const cases = await this.ledger.cases(m, loanIds, true);
    const segments = await this.ledger.segments(
      m,
      loanIds.filter((id) => !cases.has(id)),
    );
    const plans =
      payments.length > 0 || incoming.some((i) => i.event.eventType === 'LoanClosed')
        ? await this.ledger.openPlans(m, loanIds, true)
        : new Map<string, PlanRecord>();
    const promises =
      payments.length > 0 || incoming.some((i) => i.event.eventType === 'LoanClosed')
        ? await this.ledger.openPromises(m, loanIds)
        : new Map<string, PromiseRecord[]>();
    const known = await this.ledger.knownPayments(m, payments);

    const changedCases = new Map<string, CaseRecord>();
    const changedPlans = new Map<string, PlanRecord>();
    const changedPromises = new Map<string, PromiseRecord>();
    const newPayments: PaymentRow[] = [];
    const allocations: AllocationRow[] = [];
    const outbox: OutboxRecord[] = [];
    const outcomes: LifecycleOutcome[] = [];

    const setCase = (c: CaseRecord) => {
      cases.set(c.loanId, c);
      changedCases.set(c.loanId, c);
    };
    const setPlan = (p: PlanRecord) => {
      changedPlans.set(p.planId, p);
      if (p.status === 'proposed' || p.status === 'pending-approval' || p.status === 'active') plans.set(p.loanId, p);
      else if (plans.get(p.loanId)?.planId === p.planId) plans.delete(p.loanId);
    };
    const setPromise = (p: PromiseRecord) => {
      changedPromises.set(p.promiseId, p);
      promises.set(
        p.loanId,
        (promises.get(p.loanId) ?? []).map((x) => (x.promiseId === p.promiseId ? p : x)).filter((x) => x.status === 'open'),
      );
    };
    /** Resolves an open case once: other open plans and promises are cancelled with it. */
    const resolve = (c: CaseRecord, reason: CaseResolutionReason, planId: string | null, cause: Cause) => {
      if (c.status === 'resolved') return;
      setCase({ ...c, status: 'resolved', resolvedReason: reason, resolvedAt: at, updatedAt: at });
      const open = plans.get(c.loanId);
      if (open) {
        const cancelled = { ...open, status: nextPlanStatus(open.status, 'cancel'), updatedAt: at };
        setPlan(cancelled);
        outbox.push(planStatusChanged(cancelled, open.status, now, cause));
      }
      for (const p of promises.get(c.loanId) ?? []) {
        const cancelled = { ...p, status: nextPromiseStatus(p.status, 'cancel'), updatedAt: at };
        setPromise(cancelled);
        outbox.push(promiseStatusChanged(cancelled, p.status, now, cause));
      }
      outbox.push(caseResolved(c, reason, planId, now, cause));
    };

    for (const { event, correlationId } of incoming) {
      const cause: Cause = { correlationId, causationId: event.eventId };
      const loanId = event.payload.loanId;
      const c = cases.get(loanId) ?? null;
      switch (event.eventType) {
        case 'LoanDelinquencyUpdated': {
          const update = applyDelinquency(c, event.payload, segments.get(loanId)?.segment ?? null, now);
          if (update.kind === 'stale') outcomes.push('stale');
          else {
            setCase(update.record);
            outcomes.push('applied');
          }
          break;
        }
        case 'LoanPaymentReceived': {
          const e = event.payload;
          const key = paymentKey(loanId, e.reference);
          if (known.has(key)) {
            outcomes.push('duplicate-payment');
            break;
          }
          known.add(key);
          const amount = toMinorUnits(e.amount);
          const row = (target: AllocationRow['target'], amountMinor: bigint, extra: Partial<AllocationRow> = {}): AllocationRow => ({
            loanId,
            paymentReference: e.reference,
            target,
            planId: null,
            seq: null,
            promiseId: null,
            amountMinor,
            ...extra,
          });
          let unallocated = amount;
          let planId: string | null = null;
          let planReason: CaseResolutionReason | null = null;
          const plan = plans.get(loanId);
          if (plan && plan.status === 'active' && plan.currency === e.currency) {
            planId = plan.planId;
            const r = allocatePayment(plan.instalments, amount);
            for (const a of r.allocations) allocations.push(row('instalment', a.amountMinor, { planId: plan.planId, seq: a.seq }));
            unallocated = r.unallocatedMinor;
            let updated: PlanRecord = { ...plan, instalments: r.instalments, paidMinor: plan.paidMinor + (amount - r.unallocatedMinor), updatedAt: at };
            if (r.settled) {
              updated = { ...updated, status: nextPlanStatus(plan.status, 'complete') };
              outbox.push(planStatusChanged(updated, plan.status, now, cause));
              planReason = plan.kind === 'SETTLEMENT' ? 'SETTLEMENT_COMPLETED' : 'PLAN_COMPLETED';
            }
            setPlan(updated);
          } else if (c && c.currency === e.currency && c.overdueMinor > 0n) {
            const toArrears = minOf(amount, c.overdueMinor);
            allocations.push(row('arrears', toArrears));
            unallocated = amount - toArrears;
          }
          if (unallocated > 0n) allocations.push(row('unallocated', unallocated, { planId }));
          // Promises are credited with the whole payment, oldest promised date first: they track a
          // commitment to pay, whatever pot the money went to.
          let credit = amount;
          for (const p of promises.get(loanId) ?? []) {
            if (credit <= 0n || p.currency !== e.currency) continue;
            const take = minOf(credit, p.amountMinor - p.paidMinor);
            if (take <= 0n) continue;
            credit -= take;
            allocations.push(row('promise', take, { promiseId: p.promiseId }));
            let updated: PromiseRecord = { ...p, paidMinor: p.paidMinor + take, updatedAt: at };
            if (updated.paidMinor >= updated.amountMinor) {
              updated = { ...updated, status: nextPromiseStatus(p.status, 'keep') };
              outbox.push(promiseStatusChanged(updated, p.status, now, cause));
            }
            setPromise(updated);
          }
          newPayments.push({
            loanId,
            reference: e.reference,
            eventId: event.eventId,
            amountMinor: amount,
            currency: e.currency,
            paidAt: e.paidAt,
            method: e.method,
            planId,
            unallocatedMinor: unallocated,
          });
          if (c) {
            const updated = withPayment(c, e, amount, at);
            setCase(updated);
            if (planReason) resolve(updated, planReason, planId, cause);
            else if (updated.overdueMinor === 0n && (c.overdueMinor > 0n || updated.outstandingMinor === 0n)) resolve(updated, 'BALANCE_CLEARED', null, cause);
          }
          outcomes.push('applied');
          break;
        }
        case 'LoanClosed': {
          if (!c) {
            outcomes.push('unknown-case');
            break;
          }
          const updated = event.payload.loanSequence > c.loanSequence ? { ...c, loanSequence: event.payload.loanSequence, updatedAt: at } : c;
          setCase(updated);
          resolve(updated, 'LOAN_CLOSED', null, cause);
          outcomes.push('applied');
          break;
        }
        case 'CustomerFlagUpdated':
          outcomes.push('not-relevant');
          break;
      }
    }

    await this.ledger.saveCases(m, [...changedCases.values()]);
    await this.ledger.savePlans(m, [...changedPlans.values()]);
    await this.ledger.savePromises(m, [...changedPromises.values()]);
    const inserted = await this.ledger.insertPayments(m, newPayments, now);
    if (inserted.size !== newPayments.length) throw new Error('a payment reference was recorded concurrently; retrying the batch');
    await this.ledger.insertAllocations(m, allocations, now);
    await writeToOutbox(m, outbox);
    return outcomes;
  }
}

/**
 * The case's balances after a payment. A payment newer than what the case knows brings the
 * balances as the core bank computed them (when present); otherwise the amount is taken off. One
 * older than the case's last update is already in its balances.
 */
function withPayment(c: CaseRecord, e: LoanPaymentReceivedV1, amount: bigint, at: string): CaseRecord {
  if (e.loanSequence <= c.loanSequence) return c;
  const sameCurrency = e.currency === c.currency;
  return {
    ...c,
    loanSequence: e.loanSequence,
    overdueMinor: e.overdueAmount !== null ? toMinorUnits(e.overdueAmount) : sameCurrency ? floor0(c.overdueMinor - amount) : c.overdueMinor,
    outstandingMinor:
      e.outstandingBalance !== null ? toMinorUnits(e.outstandingBalance) : sameCurrency ? floor0(c.outstandingMinor - amount) : c.outstandingMinor,
    updatedAt: at,
  };
}
