import { contactSuspensionFor } from '@clearpath/contracts';
import type { Role } from '@clearpath/auth';
import type { ComplaintRecord } from '../complaints/complaint.record';
import { DEADLINE_RULES } from '../deadlines/complaint-deadlines';
import { maskId } from '../privacy/personal-data.mask';

/**
 * What a caller sees of a complaint. The free text is shown only where someone needs to read it
 * (the detail view, for supervisors and compliance); customer ids are masked for everyone but
 * compliance and the caller that submitted them.
 */
export function complaintView(c: ComplaintRecord, role: Role, options: { withText: boolean }) {
  const seesCustomer = role === 'compliance' || role === 'service' || role === 'agent';
  const extensions = DEADLINE_RULES[c.jurisdiction].extensions.filter((e) => e.toDays > c.deadlineDays).map((e) => e.toDays);
  return {
    complaintId: c.complaintId,
    loanId: c.loanId,
    customerId: seesCustomer ? c.customerId : maskId(c.customerId),
    source: c.source,
    channel: c.channel,
    locale: c.locale,
    jurisdiction: c.jurisdiction,
    timezone: c.timezone,
    status: c.status,
    category: c.category,
    categorySource: c.categorySource,
    severity: c.severity,
    contactSuspension: contactSuspensionFor(c.category),
    suggestion: c.suggestion,
    attemptIds: c.attemptIds,
    receivedAt: c.receivedAt.toISOString(),
    loggedAt: c.loggedAt.toISOString(),
    acknowledgedAt: c.acknowledgedAt?.toISOString() ?? null,
    deadlines: {
      days: c.deadlineDays,
      localDate: c.deadlineDate,
      deadlineAt: c.deadlineAt.toISOString(),
      reminderAt: c.reminderAt.toISOString(),
      reminderSentAt: c.reminderSentAt?.toISOString() ?? null,
      breachedAt: c.breachedAt?.toISOString() ?? null,
      extendableTo: extensions,
      // Null on complaints received before the acknowledgement deadline existed.
      acknowledgement:
        c.acknowledgement === null
          ? null
          : {
              localDate: c.acknowledgement.localDate,
              deadlineAt: c.acknowledgement.deadlineAt.toISOString(),
              reminderAt: c.acknowledgement.reminderAt.toISOString(),
              reminderSentAt: c.acknowledgement.reminderSentAt?.toISOString() ?? null,
              breachedAt: c.acknowledgement.breachedAt?.toISOString() ?? null,
            },
    },
    outcome: c.outcome,
    remedies: c.remedies,
    resolvedAt: c.resolvedAt?.toISOString() ?? null,
    withdrawnBy: c.withdrawnBy,
    withdrawnAt: c.withdrawnAt?.toISOString() ?? null,
    hasLetter: c.letter !== null,
    ...(options.withText ? { text: c.text } : {}),
    // The customer was erased: their words and the letter to them no longer open.
    ...(c.text === null ? { erased: true } : {}),
  };
}
