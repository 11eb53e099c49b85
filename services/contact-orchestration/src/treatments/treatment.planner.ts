import { DPD_BUCKETS, ZonedCalendar, isTimeZone, timeOfDayMs, toMinorUnits, type DpdBucket, type Jurisdiction, type Locale } from '@clearpath/contracts';
import type { Channel } from '../compliance/channel';
import type { StepConditions, StepTrigger, Treatment, TreatmentEvent, TreatmentStep } from './treatment.schema';

const MS_PER_DAY = 86_400_000;

/** What the planner needs to know about a case. Times are instants; days are counted as whole 24-hour periods. */
export interface CaseState {
  readonly daysPastDue: number;
  readonly dpdBucket: DpdBucket | null;
  /** Decimal string, as on the wire. */
  readonly overdueAmount: string;
  readonly currency: string;
  readonly jurisdiction: Jurisdiction;
  readonly locale: Locale;
  /** When the case entered its current treatment: the origin of the treatment's clock. */
  readonly segmentedAt: Date;
  readonly lastPaymentAt?: Date;
  readonly openPromise: boolean;
  readonly lastContactAt?: Date;
  readonly lastPromiseBrokenAt?: Date;
  /** IANA zone of the debtor; needed only by steps with `notBeforeLocalTime`. */
  readonly timezone?: string;
  /** Step ids of the current treatment already carried out (or attempted): each step runs once. */
  readonly stepsDone: readonly string[];
}

export type StepReason =
  | 'due'
  | 'done'
  | 'trigger-not-reached'
  /** The triggering event has not happened since the case entered the treatment. */
  | 'event-not-seen'
  | 'jurisdiction-excluded'
  | 'below-min-bucket'
  | 'below-min-overdue'
  | 'open-promise'
  | 'before-local-time'
  | 'no-timezone';

export interface StepEvaluation {
  readonly stepId: string;
  readonly channel: Channel;
  readonly templateId: string;
  /** due: send now; done: already run; waiting: its trigger is ahead; held: triggered but a condition is not met. */
  readonly status: 'due' | 'done' | 'waiting' | 'held';
  readonly reason: StepReason;
}

/** One contact the treatment asks for now; the compliance guard still decides whether and when it goes out. */
export interface PlannedStep {
  readonly treatmentId: string;
  readonly treatmentVersion: number;
  readonly stepId: string;
  readonly channel: Channel;
  readonly templateId: string;
}

/**
 * Where every step of a treatment stands for a case at `now`, in file order. Pure and deterministic:
 * the same treatment, state and instant always give the same answer, so a plan can be replayed
 * for an audit.
 */
export function evaluateSteps(treatment: Treatment, state: CaseState, now: Date): StepEvaluation[] {
  const done = new Set(state.stepsDone);
  return treatment.steps.map((step) => {
    const result = (status: StepEvaluation['status'], reason: StepReason): StepEvaluation => ({
      stepId: step.stepId,
      channel: step.channel,
      templateId: step.template,
      status,
      reason,
    });
    if (done.has(step.stepId)) return result('done', 'done');
    const triggered = triggerReason(step.trigger, state, now);
    if (triggered !== 'due') return result('waiting', triggered);
    const held = conditionsReason(step, state, now);
    return held === 'due' ? result('due', 'due') : result('held', held);
  });
}

/** The steps due now: not yet done, trigger reached, conditions met. */
export function planDueSteps(treatment: Treatment, state: CaseState, now: Date): PlannedStep[] {
  return evaluateSteps(treatment, state, now)
    .filter((e) => e.status === 'due')
    .map((e) => ({ treatmentId: treatment.treatmentId, treatmentVersion: treatment.version, stepId: e.stepId, channel: e.channel, templateId: e.templateId }));
}

function eventTime(event: TreatmentEvent, state: CaseState): Date | undefined {
  switch (event) {
    case 'segmented':
      return state.segmentedAt;
    case 'payment':
      return state.lastPaymentAt;
    case 'promise-broken':
      return state.lastPromiseBrokenAt;
    case 'contact':
      return state.lastContactAt;
  }
}

function triggerReason(trigger: StepTrigger, state: CaseState, now: Date): StepReason {
  if ('daysPastDue' in trigger) return state.daysPastDue >= trigger.daysPastDue ? 'due' : 'trigger-not-reached';
  const { event, days } = trigger.daysSinceEvent;
  const at = eventTime(event, state);
  // What happened before the case entered this treatment is what got it here; a payment or a broken
  // promise from then must not fire this treatment's follow-ups.
  if (at === undefined || at.getTime() < state.segmentedAt.getTime()) return 'event-not-seen';
  const elapsed = now.getTime() - at.getTime();
  return elapsed >= 0 && Math.floor(elapsed / MS_PER_DAY) >= days ? 'due' : 'trigger-not-reached';
}

function conditionsReason(step: TreatmentStep, state: CaseState, now: Date): StepReason {
  const c: StepConditions = step.conditions ?? {};
  if (c.jurisdictions !== undefined && !c.jurisdictions.includes(state.jurisdiction)) return 'jurisdiction-excluded';
  if (c.minBucket !== undefined && (state.dpdBucket === null || DPD_BUCKETS.indexOf(state.dpdBucket) < DPD_BUCKETS.indexOf(c.minBucket))) {
    return 'below-min-bucket';
  }
  if (c.minOverdue !== undefined) {
    const threshold = (c.minOverdue as Readonly<Record<string, string | undefined>>)[state.currency];
    // No threshold for the currency means no basis to judge proportionality: hold the step.
    if (threshold === undefined || toMinorUnits(state.overdueAmount) < toMinorUnits(threshold)) return 'below-min-overdue';
  }
  if (c.noOpenPromise === true && state.openPromise) return 'open-promise';
  if (c.notBeforeLocalTime !== undefined) {
    if (state.timezone === undefined || !isTimeZone(state.timezone)) return 'no-timezone';
    const local = new ZonedCalendar(state.timezone).local(now.getTime());
    if (local.msOfDay < timeOfDayMs(c.notBeforeLocalTime)) return 'before-local-time';
  }
  return 'due';
}
