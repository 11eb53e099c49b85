import {
  toMinorUnits,
  type CaseSegmentedEventV1,
  type CustomerFlag,
  type DpdBucket,
  type LoanLifecycleEventV1,
  type RepaymentPlanEventV1,
  type Jurisdiction,
  type Locale,
} from '@clearpath/contracts';
import type { Channel } from '../compliance/channel';
import type { TreatmentTone } from '../compliance/contact-guard.types';
import type { Treatment } from '../treatments/treatment.schema';

export type CaseStatus = 'ACTIVE' | 'PAUSED' | 'STOPPED';

/** PAUSED while the debtor keeps an agreed repayment plan: collection steps wait, the guard still rules. */
export const PLAN_ACTIVE = 'plan-active';
/** The dispatcher's mark on an attempt put back because the debtor's contact or loan details are missing. */
export const AWAITING_DETAILS = 'awaiting-contact-and-loan-details';

/** STOPPED because repayment-plan resolved the case (the guard's `closed` rule: case resolved). */
export const RESOLVED = 'resolved';
/** STOPPED because the customer was erased (CustomerErased): nothing of them is kept to contact them with. */
export const ERASED = 'customer-erased';

/**
 * One loan in collection as contact orchestration keeps it. Instants are ISO strings so a record
 * goes to PostgreSQL as one JSON document (set-based writes) and back unchanged.
 */
export interface CaseRecord {
  readonly loanId: string;
  readonly customerId: string;
  readonly loanSequence: number;
  readonly segmentedSequence: number;
  readonly treatmentId: string | null;
  readonly treatmentVersion: number | null;
  readonly treatmentTone: TreatmentTone | null;
  readonly treatmentEpisode: number;
  readonly segmentedAt: string | null;
  readonly state: CaseStatus;
  readonly stateReason: string | null;
  readonly daysPastDue: number;
  readonly dpdBucket: DpdBucket | null;
  /** Decimal string. */
  readonly overdueAmount: string;
  readonly currency: string | null;
  readonly jurisdiction: Jurisdiction | null;
  /** Calendar date "YYYY-MM-DD". */
  readonly dueDate: string | null;
  readonly timezone: string | null;
  readonly locale: Locale | null;
  /** "0.1234" */
  readonly probabilityOfDefault: string | null;
  readonly protectedCase: boolean;
  readonly activeFlags: readonly CustomerFlag[];
  readonly optedOutChannels: readonly Channel[];
  readonly disputeOpen: boolean;
  readonly hardship: boolean;
  readonly openPromise: boolean;
  readonly promiseAmount: string | null;
  readonly promiseDate: string | null;
  readonly stepsDone: readonly string[];
  readonly lastContactAt: string | null;
  readonly lastPaymentAt: string | null;
  readonly lastPromiseBrokenAt: string | null;
  readonly planDirty: boolean;
  readonly updatedAt: string;
  /** US validation workflow, written by the dispatcher and the dial (never by `save`): the initial communication and the validation notice. */
  readonly initialContactAt?: string | null;
  readonly validationNoticeSentAt?: string | null;
}

export type CaseUpdate = { readonly kind: 'applied'; readonly record: CaseRecord } | { readonly kind: 'stale' };

export function newCase(loanId: string, customerId: string, now: Date): CaseRecord {
  return {
    loanId,
    customerId,
    loanSequence: -1,
    segmentedSequence: -1,
    treatmentId: null,
    treatmentVersion: null,
    treatmentTone: null,
    treatmentEpisode: 0,
    segmentedAt: null,
    state: 'ACTIVE',
    stateReason: null,
    daysPastDue: 0,
    dpdBucket: null,
    overdueAmount: '0.00',
    currency: null,
    jurisdiction: null,
    dueDate: null,
    timezone: null,
    locale: null,
    probabilityOfDefault: null,
    protectedCase: false,
    activeFlags: [],
    optedOutChannels: [],
    disputeOpen: false,
    hardship: false,
    openPromise: false,
    promiseAmount: null,
    promiseDate: null,
    stepsDone: [],
    lastContactAt: null,
    lastPaymentAt: null,
    lastPromiseBrokenAt: null,
    planDirty: true,
    updatedAt: now.toISOString(),
  };
}

/**
 * Risk-scoring's verdict starts or changes the treatment. A new treatment starts its clock
 * (`segmentedAt`) and its steps afresh; the same treatment again only refreshes the figures.
 * A stopped case stays stopped; a case paused for a cure or hardship is resumed by a new verdict
 * (hardship keeps the vulnerable handling: see {@link guardFlags}).
 */
export function applySegmented(current: CaseRecord | null, event: CaseSegmentedEventV1, treatment: Treatment, now: Date): CaseUpdate {
  const p = event.payload;
  const base = current ?? newCase(p.loanId, p.customerId, now);
  if (p.loanSequence < base.segmentedSequence) return { kind: 'stale' };
  const occurred = new Date(event.occurredAt);
  // The treatment's clock starts when the verdict was made, never in our future.
  const segmentedAt = new Date(Math.min(occurred.getTime(), now.getTime())).toISOString();
  const changed = base.treatmentId !== treatment.treatmentId || base.treatmentVersion !== treatment.version;
  // A new verdict ends a hardship pause, but not a cure (nothing is owed) nor a plan the debtor is keeping.
  const resumed = base.state === 'PAUSED' && base.stateReason !== 'cured' && base.stateReason !== PLAN_ACTIVE;
  return {
    kind: 'applied',
    record: {
      ...base,
      customerId: p.customerId,
      segmentedSequence: p.loanSequence,
      treatmentId: treatment.treatmentId,
      treatmentVersion: treatment.version,
      treatmentTone: treatment.tone,
      treatmentEpisode: changed ? base.treatmentEpisode + 1 : base.treatmentEpisode,
      segmentedAt: changed || base.segmentedAt === null ? segmentedAt : base.segmentedAt,
      stepsDone: changed ? [] : base.stepsDone,
      state: resumed ? 'ACTIVE' : base.state,
      stateReason: resumed ? null : base.stateReason,
      dpdBucket: p.dpdBucket,
      overdueAmount: p.overdueAmount,
      currency: p.currency,
      jurisdiction: p.jurisdiction,
      probabilityOfDefault: p.probabilityOfDefault,
      protectedCase: p.protectedCase,
      planDirty: true,
      updatedAt: now.toISOString(),
    },
  };
}

const isZero = (amount: string | null): boolean => amount !== null && toMinorUnits(amount) <= 0n;

/** Payments, closures, flags and the nightly delinquency roll. */
export function applyLifecycle(current: CaseRecord | null, event: LoanLifecycleEventV1, now: Date): CaseUpdate {
  const p = event.payload;
  const base = current ?? newCase(p.loanId, p.customerId, now);
  if (p.loanSequence <= base.loanSequence) return { kind: 'stale' };
  const next = { ...base, customerId: p.customerId, loanSequence: p.loanSequence, planDirty: true, updatedAt: now.toISOString() };
  const stopped = base.state === 'STOPPED';
  switch (event.eventType) {
    case 'LoanDelinquencyUpdated': {
      const d = event.payload;
      const stillCured = d.daysPastDue <= 0 || isZero(d.overdueAmount);
      const resume = base.state === 'PAUSED' && base.stateReason === 'cured' && !stillCured;
      return {
        kind: 'applied',
        record: {
          ...next,
          daysPastDue: d.daysPastDue,
          dpdBucket: d.dpdBucket,
          overdueAmount: d.overdueAmount,
          currency: d.currency,
          jurisdiction: d.jurisdiction,
          dueDate: d.dueDate.slice(0, 10),
          timezone: d.timezone,
          locale: d.locale,
          activeFlags: d.activeFlags,
          state: resume ? 'ACTIVE' : base.state,
          stateReason: resume ? null : base.stateReason,
        },
      };
    }
    case 'LoanPaymentReceived': {
      const pay = event.payload;
      const paidAt = new Date(pay.paidAt);
      const cured = isZero(pay.overdueAmount);
      const keptPromise = base.openPromise && (base.promiseAmount === null || toMinorUnits(pay.amount) >= toMinorUnits(base.promiseAmount) || cured);
      return {
        kind: 'applied',
        record: {
          ...next,
          lastPaymentAt: Number.isNaN(paidAt.getTime()) ? now.toISOString() : paidAt.toISOString(),
          overdueAmount: pay.overdueAmount ?? base.overdueAmount,
          openPromise: keptPromise ? false : base.openPromise,
          promiseAmount: keptPromise ? null : base.promiseAmount,
          promiseDate: keptPromise ? null : base.promiseDate,
          // Cured: nothing is owed now, so collection contact pauses until the loan is late again.
          state: cured && !stopped ? 'PAUSED' : base.state,
          stateReason: cured && !stopped ? 'cured' : base.stateReason,
        },
      };
    }
    case 'LoanClosed':
      return { kind: 'applied', record: { ...next, state: 'STOPPED', stateReason: 'closed' } };
    case 'CustomerFlagUpdated':
      return { kind: 'applied', record: { ...next, activeFlags: event.payload.activeFlags } };
  }
}

/**
 * What repayment-plan tells us: an active plan pauses collection contact (the debtor agreed to pay;
 * pressing them would be harassment), a broken or cancelled one resumes it, a broken plan or promise
 * counts as a broken promise for the treatment, and a resolved case stops all contact for good.
 * These events carry no loan sequence; their topic keeps one loan's events in order.
 */
export function applyRepaymentPlan(current: CaseRecord | null, event: RepaymentPlanEventV1, now: Date): CaseUpdate {
  const p = event.payload;
  const base = current ?? newCase(p.loanId, p.customerId, now);
  const next: CaseRecord = { ...base, planDirty: true, updatedAt: now.toISOString() };
  const stopped = base.state === 'STOPPED';
  const pausedForPlan = base.state === 'PAUSED' && base.stateReason === PLAN_ACTIVE;
  switch (event.eventType) {
    case 'CaseResolved':
      return { kind: 'applied', record: { ...next, state: 'STOPPED', stateReason: stopped ? base.stateReason : RESOLVED, openPromise: false } };
    case 'PlanStatusChanged': {
      const status = event.payload.status;
      if (status === 'active' && base.state === 'ACTIVE') return { kind: 'applied', record: { ...next, state: 'PAUSED', stateReason: PLAN_ACTIVE } };
      if ((status === 'broken' || status === 'cancelled' || status === 'completed') && pausedForPlan) {
        return {
          kind: 'applied',
          record: {
            ...next,
            state: 'ACTIVE',
            stateReason: null,
            lastPromiseBrokenAt: status === 'broken' ? event.payload.changedAt : base.lastPromiseBrokenAt,
          },
        };
      }
      if (status === 'broken') return { kind: 'applied', record: { ...next, lastPromiseBrokenAt: event.payload.changedAt } };
      return { kind: 'applied', record: next };
    }
    case 'PromiseStatusChanged': {
      const promise = event.payload;
      switch (promise.status) {
        case 'open':
          return { kind: 'applied', record: { ...next, openPromise: true, promiseAmount: promise.amount, promiseDate: promise.promisedDate } };
        case 'kept':
        case 'cancelled':
          return { kind: 'applied', record: { ...next, openPromise: false, promiseAmount: null, promiseDate: null } };
        case 'broken':
          return { kind: 'applied', record: { ...next, openPromise: false, promiseAmount: null, promiseDate: null, lastPromiseBrokenAt: promise.changedAt } };
      }
    }
  }
}

/** The flags the guard sees: the lender's, plus VULNERABLE for a debtor who told us of hardship. */
export function guardFlags(record: CaseRecord): CustomerFlag[] {
  const flags = new Set<CustomerFlag>(record.activeFlags);
  if (record.hardship) flags.add('VULNERABLE');
  return [...flags];
}
