import { guardFlags, type CaseRecord } from '../cases/case-record';
import type { DebtorWhereabouts } from '../cases/debtor-whereabouts';
import type { ContactAttempt, ContactContext } from '../compliance/contact-guard.types';
import { NO_PROTECTIONS, type PersonProtections } from '../protections/person-protections';

/**
 * What the guard is told about a contact on this loan: the loan's own facts (closed, dispute, its
 * other complaints, its attempts for debt-level rules) joined with everything that protects the
 * person over all their loans.
 */
export function guardContext(
  record: CaseRecord,
  where: DebtorWhereabouts,
  history: { readonly person: readonly ContactAttempt[]; readonly debt: readonly ContactAttempt[] },
  person: PersonProtections = NO_PROTECTIONS,
  loanComplaints: ContactContext['openComplaints'] = [],
  options: { readonly validationNotice?: boolean } = {},
): ContactContext {
  const complaints = [...person.complaints, ...loanComplaints.filter((c) => c.category === 'other')];
  // US: the debt's validation workflow; the validation notice itself is what it waits for.
  const validation =
    where.jurisdiction === 'US' && !options.validationNotice
      ? { initialContactAt: record.initialContactAt ?? null, noticeSentAt: record.validationNoticeSentAt ?? null }
      : undefined;
  return {
    jurisdiction: where.jurisdiction,
    timezone: where.timezone,
    locale: where.locale,
    activeFlags: [...new Set([...guardFlags(record), ...person.flags])],
    loanClosed: record.state === 'STOPPED' && record.stateReason === 'closed',
    caseResolved: record.state === 'STOPPED' && record.stateReason !== 'closed',
    openComplaints: complaints,
    disputeOpen: record.disputeOpen,
    optedOutChannels: [...new Set([...record.optedOutChannels, ...person.optedOutChannels])],
    debtorUnreachable: false,
    ...(record.treatmentTone !== null ? { treatmentTone: record.treatmentTone } : {}),
    ...(record.dpdBucket !== null ? { dpdBucket: record.dpdBucket } : {}),
    ...(person.lastRequestAt !== undefined ? { lastRequestAt: person.lastRequestAt } : {}),
    ...(person.inconvenientTimes !== undefined ? { inconvenientTimes: person.inconvenientTimes } : {}),
    ...(person.inconvenientPlaces !== undefined ? { inconvenientPlaces: person.inconvenientPlaces } : {}),
    ...(person.fieldVisitNoticeAt !== undefined ? { fieldVisitNoticeAt: person.fieldVisitNoticeAt } : {}),
    ...(validation !== undefined ? { validation } : {}),
    attempts: history.person,
    debtAttempts: history.debt,
  };
}
