import type { CaseRecord } from '../cases/case-record';
import { DEFAULT_LOCALE, type DebtorWhereabouts } from '../cases/debtor-whereabouts';
import type { CaseState } from './treatment.planner';

/** What the treatment planner needs to know about a case. */
export function planningState(record: CaseRecord, where: DebtorWhereabouts | null): CaseState | null {
  if (record.segmentedAt === null || record.jurisdiction === null) return null;
  const at = (v: string | null): Date | undefined => (v === null ? undefined : new Date(v));
  return {
    daysPastDue: record.daysPastDue,
    dpdBucket: record.dpdBucket,
    overdueAmount: record.overdueAmount,
    currency: record.currency ?? '',
    jurisdiction: record.jurisdiction,
    locale: where?.locale ?? record.locale ?? DEFAULT_LOCALE[record.jurisdiction],
    segmentedAt: new Date(record.segmentedAt),
    lastPaymentAt: at(record.lastPaymentAt),
    openPromise: record.openPromise,
    lastContactAt: at(record.lastContactAt),
    lastPromiseBrokenAt: at(record.lastPromiseBrokenAt),
    ...(where !== null ? { timezone: where.timezone } : {}),
    stepsDone: record.stepsDone,
  };
}
