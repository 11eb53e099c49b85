import { addDays, fromMinorUnits, toMinorUnits, type PlanKind, type Jurisdiction } from '@clearpath/contracts';
import { daysBetween } from '../schedule/civil-date';
import { buildSchedule, type ScheduledInstalment } from '../schedule/instalment-schedule';
import type { JurisdictionProfile, OfferRule, RepaymentPolicy } from '../policy/repayment-policy';

/** What the offer engine needs to know about a case. */
export interface OfferCase {
  readonly jurisdiction: Jurisdiction;
  readonly currency: string;
  readonly outstandingMinor: bigint;
  readonly overdueMinor: bigint;
  readonly segment: string | null;
  /** The debtor's calendar date today. */
  readonly today: string;
  /** When an extension was last granted (debtor's calendar), if ever. */
  readonly lastExtensionOn: string | null;
}

export type OfferKind = PlanKind | 'PROMISE';

export interface Offer {
  /** Stable for the same case and day: INSTALMENT-6, INSTALMENT-6-R (reduced first), EXTENSION, SETTLEMENT, PROMISE. */
  readonly offerId: string;
  readonly kind: OfferKind;
  readonly totalPayableMinor: bigint;
  readonly schedule: readonly ScheduledInstalment[];
  /** SETTLEMENT: the discount in whole percent; else null. */
  readonly discountPercent: number | null;
  readonly needsApproval: boolean;
  /** EXTENSION: the most days the due date may move; PROMISE: the window in days. */
  readonly maxDays: number | null;
  /** PROMISE: the latest date the debtor may promise. */
  readonly latestDate: string | null;
}

export interface OfferSet {
  readonly policyVersion: string;
  readonly rule: string;
  readonly graceDays: number;
  readonly offers: readonly Offer[];
}

const MONTHS_DAYS = 30.4375;

/** The rule of a case: the first whose segment, jurisdiction and amount conditions all hold. */
export function ruleFor(policy: RepaymentPolicy, c: Pick<OfferCase, 'segment' | 'jurisdiction' | 'currency' | 'overdueMinor'>): OfferRule {
  return policy.rules.find((r) => {
    if (r.segments && (c.segment === null || !r.segments.includes(c.segment))) return false;
    if (r.jurisdictions && !r.jurisdictions.includes(c.jurisdiction)) return false;
    if (r.minOverdue) {
      const min = r.minOverdue[c.currency];
      if (min === undefined || c.overdueMinor < toMinorUnits(min)) return false;
    }
    return true;
  })!;
}

/**
 * Every offer the policy allows for a case today. Amounts are exact minor units; schedules come
 * from buildSchedule (remainder rule there). A case with nothing overdue gets no offer.
 */
export function computeOffers(policy: RepaymentPolicy, c: OfferCase): OfferSet {
  const profile = policy.jurisdictions[c.jurisdiction];
  const rule = ruleFor(policy, c);
  const base = { policyVersion: `${policy.version}/${rule.name}`, rule: rule.name, graceDays: profile.graceDays };
  if (c.overdueMinor <= 0n) return { ...base, offers: [] };
  const firstDue = addDays(c.today, profile.minDaysToFirstPayment);
  const offers: Offer[] = [];
  const none = { discountPercent: null, needsApproval: false, maxDays: null, latestDate: null };

  for (const count of instalmentCounts(rule, profile, c)) {
    const schedule = buildSchedule({ totalMinor: c.overdueMinor, count, firstDueDate: firstDue });
    offers.push({ offerId: `INSTALMENT-${count}`, kind: 'INSTALMENT', totalPayableMinor: c.overdueMinor, schedule, ...none });
    const percent = rule.instalments?.reducedFirstPaymentPercent ?? null;
    const minMinor = minInstalmentMinor(profile, c.currency);
    if (percent !== null && minMinor !== null) {
      const first = ((c.overdueMinor / BigInt(count)) * BigInt(percent)) / 100n;
      if (first >= minMinor && first >= 1n) {
        const reduced = buildSchedule({ totalMinor: c.overdueMinor, count, firstDueDate: firstDue, firstMinor: first });
        offers.push({ offerId: `INSTALMENT-${count}-R`, kind: 'INSTALMENT', totalPayableMinor: c.overdueMinor, schedule: reduced, ...none });
      }
    }
  }

  if (rule.extension && extensionAllowed(rule.extension.onceInMonths, c)) {
    const days = Math.max(rule.extension.maxDays, profile.minDaysToFirstPayment);
    const schedule = buildSchedule({ totalMinor: c.overdueMinor, count: 1, firstDueDate: addDays(c.today, days) });
    offers.push({ offerId: 'EXTENSION', kind: 'EXTENSION', totalPayableMinor: c.overdueMinor, schedule, ...none, maxDays: days });
  }

  if (rule.settlement && c.outstandingMinor > 0n) {
    const s = settlementOffer(rule.settlement, profile, c, rule.settlement.discountPercent);
    if (s) offers.push(s);
  }

  if (rule.promiseToPay) {
    const latest = addDays(c.today, profile.promiseWindowDays);
    const schedule = buildSchedule({ totalMinor: c.overdueMinor, count: 1, firstDueDate: latest });
    offers.push({
      offerId: 'PROMISE',
      kind: 'PROMISE',
      totalPayableMinor: c.overdueMinor,
      schedule,
      ...none,
      maxDays: profile.promiseWindowDays,
      latestDate: latest,
    });
  }

  // CONC 7.3.10R: where the profile protects against lump sums, a set without an instalment plan
  // (only a settlement, extension or promise) would press for one payment: offer none of them.
  if (profile.protectAgainstLumpSum && !offers.some((o) => o.kind === 'INSTALMENT')) return { ...base, offers: [] };
  return { ...base, offers };
}

/** A settlement at `discountPercent` (rounding: the discount is rounded down, so the debtor never pays less than the exact figure's cents). */
export function settlementOffer(s: NonNullable<OfferRule['settlement']>, profile: JurisdictionProfile, c: OfferCase, discountPercent: number): Offer | null {
  if (discountPercent < 1 || discountPercent > s.maxDiscountPercent) return null;
  const discount = (c.outstandingMinor * BigInt(discountPercent)) / 100n;
  const payable = c.outstandingMinor - discount;
  if (payable < 1n) return null;
  const due = addDays(c.today, Math.max(profile.settlementDeadlineDays, profile.minDaysToFirstPayment));
  return {
    offerId: discountPercent === s.discountPercent ? 'SETTLEMENT' : `SETTLEMENT-${discountPercent}`,
    kind: 'SETTLEMENT',
    totalPayableMinor: payable,
    schedule: buildSchedule({ totalMinor: payable, count: 1, firstDueDate: due }),
    discountPercent,
    needsApproval: discountPercent > s.approvalAbovePercent,
    maxDays: null,
    latestDate: null,
  };
}

function minInstalmentMinor(profile: JurisdictionProfile, currency: string): bigint | null {
  const min = profile.minInstalment[currency];
  return min === undefined ? null : toMinorUnits(min);
}

/**
 * The counts whose every instalment is at least the jurisdiction's minimum. Where lump sums are
 * protected against, the longest plan the balance allows (up to the rule's longest, and at least
 * minLongestPlan when the balance allows that) is always among them.
 */
function instalmentCounts(rule: OfferRule, profile: JurisdictionProfile, c: OfferCase): number[] {
  if (!rule.instalments) return [];
  const minMinor = minInstalmentMinor(profile, c.currency);
  if (minMinor === null || minMinor < 1n) return [];
  const feasible = c.overdueMinor / minMinor;
  const counts = rule.instalments.counts.filter((n) => BigInt(n) <= feasible);
  if (profile.protectAgainstLumpSum && feasible >= 2n) {
    const longest = Math.min(Math.max(...rule.instalments.counts), Number(feasible > 24n ? 24n : feasible));
    if (!counts.includes(longest) && (counts.length === 0 || counts[counts.length - 1] < Math.min(longest, profile.minLongestPlan))) counts.push(longest);
  }
  return counts;
}

function extensionAllowed(onceInMonths: number, c: OfferCase): boolean {
  if (c.lastExtensionOn === null) return true;
  return daysBetween(c.lastExtensionOn, c.today) >= Math.ceil(onceInMonths * MONTHS_DAYS);
}

export interface ConcViolation {
  readonly offerId: string | null;
  readonly rule: 'deadline' | 'lump-sum' | 'front-loaded';
  readonly message: string;
}

/**
 * The CONC 7.3.10R checks the GB offers must pass, independent of how they were computed: no first
 * payment sooner than the minimum deadline; never a lump sum only (an instalment plan of at least
 * min(minLongestPlan, what the balance allows) is always there); no instalment plan asks for more
 * up front than later.
 */
export function concViolations(set: OfferSet, c: OfferCase, profile: JurisdictionProfile): ConcViolation[] {
  const out: ConcViolation[] = [];
  const earliest = addDays(c.today, profile.minDaysToFirstPayment);
  for (const o of set.offers) {
    if (o.kind !== 'PROMISE' && o.schedule[0].dueDate < earliest)
      out.push({ offerId: o.offerId, rule: 'deadline', message: `first payment ${o.schedule[0].dueDate} is before ${earliest}` });
    if (o.kind === 'INSTALMENT' && o.schedule.some((i) => i.amountMinor < o.schedule[0].amountMinor))
      out.push({ offerId: o.offerId, rule: 'front-loaded', message: 'the first instalment is larger than a later one' });
  }
  if (set.offers.length > 0) {
    const min = minInstalmentMinor(profile, c.currency);
    const allowed = min === null ? 0 : Number(c.overdueMinor / min > 24n ? 24n : c.overdueMinor / min);
    const needed = Math.min(profile.minLongestPlan, allowed);
    const longest = Math.max(0, ...set.offers.filter((o) => o.kind === 'INSTALMENT').map((o) => o.schedule.length));
    if (longest < Math.max(needed, 1) || longest === 0)
      out.push({ offerId: null, rule: 'lump-sum', message: `the longest instalment plan has ${longest} instalments; at least ${needed} required` });
  }
  return out;
}

/** The JSON shape of an offer on the API. */
export function offerView(o: Offer, currency: string) {
  return {
    offerId: o.offerId,
    kind: o.kind,
    currency,
    totalPayable: fromMinorUnits(o.totalPayableMinor),
    instalmentCount: o.schedule.length,
    schedule: o.schedule.map((i) => ({ seq: i.seq, dueDate: i.dueDate, amount: fromMinorUnits(i.amountMinor) })),
    discountPercent: o.discountPercent,
    needsApproval: o.needsApproval,
    maxDays: o.maxDays,
    latestDate: o.latestDate,
  };
}
