import { addDays, endOfLocalDay, localDate, startOfLocalDay, type Jurisdiction } from '@clearpath/contracts';

/**
 * Complaint deadlines per jurisdiction (COMPLIANCE.md, "Complaint deadlines"), in calendar days
 * counted from the day the complaint was received in the debtor's own calendar.
 *
 * Acknowledgement: the regulators say "promptly"; the platform default makes that the end of the
 * next local day after receipt in all three jurisdictions (a lender may only tighten it).
 *
 * Final answer:
 * - CN 15 days; a complex case may be extended to 30 by compliance, and to 60 at most only with a
 *   supervisor's approval (银行业保险业消费投诉处理管理办法, 2020);
 * - US 15 days, the final answer within 60 (CFPB complaint process);
 * - GB 8 weeks (56 days), no extension: after that the debtor may go to the ombudsman (DISP 1.6.2R).
 */
export interface DeadlineRule {
  /** The acknowledgement is due by the end of the local day this many days after the day of receipt. */
  readonly acknowledgeDays: number;
  readonly baseDays: number;
  /** The extensions allowed, in order; each is a total number of days from the day of receipt. */
  readonly extensions: ReadonlyArray<{ readonly toDays: number; readonly needsSupervisorApproval: boolean }>;
}

export const DEADLINE_RULES: Readonly<Record<Jurisdiction, DeadlineRule>> = {
  CN: {
    acknowledgeDays: 1,
    baseDays: 15,
    extensions: [
      { toDays: 30, needsSupervisorApproval: false },
      { toDays: 60, needsSupervisorApproval: true },
    ],
  },
  US: { acknowledgeDays: 1, baseDays: 15, extensions: [{ toDays: 60, needsSupervisorApproval: false }] },
  GB: { acknowledgeDays: 1, baseDays: 56, extensions: [] },
};

/** Reminders go out when the debtor's calendar reaches this many days before the deadline's day. */
export const DEFAULT_REMINDER_DAYS = 3;

/**
 * The acknowledgement reminder goes out when the deadline day itself begins (0 days before): an
 * "acknowledge today" item in the morning queue, with the whole working day left to act. A
 * reminder a few hours before the deadline would land in the evening of the debtor's day, when a
 * complaints team working office hours can no longer act on it; one a day before would often come
 * before the complaint was even received. (A complaint received late in the evening gets its
 * reminder minutes later: that is still the truth — it must be acknowledged today.)
 */
export const ACKNOWLEDGEMENT_REMINDER_DAYS = 0;

export interface Deadline {
  readonly days: number;
  /** The deadline's date in the debtor's calendar. */
  readonly localDate: string;
  /** The last millisecond of that date in the debtor's zone: an answer at or before it is in time. */
  readonly deadlineAt: Date;
  /** The first instant of the local day `reminderDays` before the deadline's date. */
  readonly reminderAt: Date;
}

/**
 * Deadline = the end of day (receipt date + days) in the debtor's zone. The receipt date is the
 * debtor's local date when the complaint arrived: a complaint made at 23:30 in New York counts from
 * that day even though it is already tomorrow in UTC. Time-zone changes (DST) move the UTC instant,
 * never the local day.
 */
export function deadlineFor(receivedAt: Date, timeZone: string, days: number, reminderDays = DEFAULT_REMINDER_DAYS): Deadline {
  const date = addDays(localDate(receivedAt, timeZone), days);
  return { days, localDate: date, deadlineAt: endOfLocalDay(date, timeZone), reminderAt: startOfLocalDay(addDays(date, -reminderDays), timeZone) };
}

/** The acknowledgement deadline: the end of the next local day after receipt (platform default), reminded as that day begins. */
export function acknowledgementDeadlineFor(receivedAt: Date, timeZone: string, jurisdiction: Jurisdiction): Deadline {
  return deadlineFor(receivedAt, timeZone, DEADLINE_RULES[jurisdiction].acknowledgeDays, ACKNOWLEDGEMENT_REMINDER_DAYS);
}

export type ExtensionCheck = { ok: true; toDays: number } | { ok: false; status: 409 | 403 | 400; reason: string; field?: string };

/** Whether a complaint now at `currentDays` may be extended to `toDays` (the next step if omitted). */
export function checkExtension(
  jurisdiction: Jurisdiction,
  currentDays: number,
  toDays: number | undefined,
  byRole: 'compliance' | 'supervisor',
): ExtensionCheck {
  const rule = DEADLINE_RULES[jurisdiction];
  if (rule.extensions.length === 0) {
    return {
      ok: false,
      status: 409,
      reason: `${jurisdiction} complaints cannot be extended: the final answer is due within ${rule.baseDays} days, after which the debtor may refer the complaint to the ombudsman`,
    };
  }
  const next = rule.extensions.filter((e) => e.toDays > currentDays);
  if (next.length === 0) return { ok: false, status: 409, reason: `the deadline is already at the ${jurisdiction} maximum of ${currentDays} days` };
  const target = toDays ?? next[0].toDays;
  const step = rule.extensions.find((e) => e.toDays === target);
  if (!step)
    return { ok: false, status: 400, field: 'toDays', reason: `must be one of ${rule.extensions.map((e) => e.toDays).join(', ')} for ${jurisdiction}` };
  if (target <= currentDays) return { ok: false, status: 409, reason: `the deadline is already ${currentDays} days` };
  if (step.needsSupervisorApproval && byRole !== 'supervisor') {
    return { ok: false, status: 403, reason: `extending a ${jurisdiction} complaint to ${target} days needs a supervisor's approval` };
  }
  return { ok: true, toDays: target };
}
