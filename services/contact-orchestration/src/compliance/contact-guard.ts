import { ZonedCalendar, dayNumber, timeOfDayMs, type Locale } from '@clearpath/contracts';
import type { Channel } from './channel';
import { checkContent } from './content.rules';
import type { ContactAttempt, ContactContext, ContactProposal, Decision, FieldVisitRequirement, InconvenientTime } from './contact-guard.types';
import { SHIPPED_PROFILES, type FrequencyRule, type JurisdictionProfile, type SpacingRule } from './jurisdiction-profiles';
import { STOP_RULES } from './stop.rules';

/**
 * The compliance guard: may this contact happen now, later (and exactly when), or not at all?
 * Pure: everything it knows is in its arguments, including the time.
 *
 * Blocks win over deferrals. Deferrals come from constraints in time (daily windows, frequency
 * caps); each says, for an instant, the earliest instant at or after it at which it alone is met.
 * Starting from `now` the guard applies them in turn until none moves the instant: the result is
 * the earliest moment that meets all of them at once.
 */
const DEFAULT_LOCALE: Record<ContactContext['jurisdiction'], Locale> = { CN: 'zh-CN', US: 'en-US', GB: 'en-GB' };
const MS_PER_DAY = 86_400_000;
// Each pass moves the instant forward to a window opening or a day start, so a few passes per
// constraint suffice; the limit only turns a bug into an error instead of a hang.
const MAX_PASSES = 1_000;

/** A time constraint: the earliest instant ≥ t at which it is met (t itself when it is met at t). */
interface TimeConstraint {
  readonly ruleId: string;
  next(t: number): number;
}

interface DailyWindow {
  readonly ruleId: string;
  readonly startMs: number;
  readonly endMs: number;
}

interface DatedAttempt extends ContactAttempt {
  readonly day: number;
  readonly atMs: number;
}

function windowConstraint(calendar: ZonedCalendar, w: DailyWindow): TimeConstraint {
  return {
    ruleId: w.ruleId,
    next(t) {
      let at = t;
      // Normally one step; more only where a DST jump lands an opening past the window's end.
      for (let i = 0; i < 400; i++) {
        const { day, msOfDay } = calendar.local(at);
        if (msOfDay >= w.startMs && msOfDay < w.endMs) return at;
        const openingDay = msOfDay < w.startMs ? day : day + 1;
        at = calendar.firstAt(openingDay, w.startMs, at) ?? calendar.firstAt(openingDay + 1, w.startMs, at)!;
      }
      throw new Error(`no ${w.ruleId} window opening found in ${calendar.timeZone}`);
    },
  };
}

function frequencyConstraint(calendar: ZonedCalendar, rule: FrequencyRule, proposal: ContactProposal, attempts: readonly DatedAttempt[]): TimeConstraint {
  const windowDays = rule.kind === 'cap' ? rule.windowDays : rule.days;
  // A quiet period is a cap of "fewer than one" counted attempt in the window.
  const limit = rule.kind === 'cap' ? rule.max : 1;
  const counted = attempts
    .filter((a) => rule.channels.includes(a.channel))
    .filter((a) => rule.counts === 'attempts' || (rule.counts === 'reached') === (a.outcome === 'reached'))
    // An attempt whose number is unknown may have been to the same number.
    .filter((a) => rule.kind !== 'cap' || !rule.perNumber || proposal.number === undefined || a.number === undefined || a.number === proposal.number)
    .map((a) => a.day);
  const fits = (day: number): boolean => counted.filter((d) => d <= day && d > day - windowDays).length < limit;
  const lastDay = Math.max(...counted, 0);
  return {
    ruleId: rule.ruleId,
    next(t) {
      const today = calendar.local(t).day;
      if (fits(today)) return t;
      for (let day = today + 1; day <= Math.max(today, lastDay) + windowDays + 1; day++) {
        if (!fits(day)) continue;
        const dayStart = calendar.firstAt(day, 0, t);
        if (dayStart !== null) return dayStart;
      }
      throw new Error(`${rule.key} never frees up`);
    },
  };
}

/** `spacing`: no contact within `minutes` of the person's last one (attempts are all at or before now). */
function spacingConstraint(rule: SpacingRule, attempts: readonly DatedAttempt[]): TimeConstraint {
  const gapMs = rule.minutes * 60_000;
  const last = attempts.reduce((max, a) => Math.max(max, a.atMs), Number.NEGATIVE_INFINITY);
  return { ruleId: rule.ruleId, next: (t) => (t < last + gapMs ? last + gapMs : t) };
}

/** A profile's holiday calendar as local day numbers, computed once per (frozen) profile. */
const holidayDays = new WeakMap<readonly string[], ReadonlySet<number>>();
function daysOf(dates: readonly string[]): ReadonlySet<number> {
  let days = holidayDays.get(dates);
  if (days === undefined) {
    days = new Set(dates.map(dayNumber));
    holidayDays.set(dates, days);
  }
  return days;
}

/** `holiday`: a contact on one of the calendar's days waits for the next local day that is not one. */
function holidayConstraint(calendar: ZonedCalendar, dates: readonly string[]): TimeConstraint {
  const days = daysOf(dates);
  return {
    ruleId: 'holiday',
    next(t) {
      let at = t;
      for (let i = 0; i < 400 && days.has(calendar.local(at).day); i++) at = calendar.firstAt(calendar.local(at).day + 1, 0, at) ?? at + MS_PER_DAY;
      return at;
    },
  };
}

/** ISO weekday (1 = Monday) of a local civil day counted from 1970-01-01, a Thursday. */
const weekdayOf = (day: number): number => ((((day + 3) % 7) + 7) % 7) + 1;

/** `inconvenient-time`: a time the debtor said is inconvenient moves the contact to that period's end. */
function inconvenienceConstraint(calendar: ZonedCalendar, times: readonly InconvenientTime[], channel: Channel): TimeConstraint {
  // Overnight periods (22:00–07:00) are two: to midnight, and from midnight.
  const periods = times
    .filter((p) => p.channels === undefined || p.channels.includes(channel))
    .flatMap((p) => {
      const from = timeOfDayMs(p.from);
      const to = timeOfDayMs(p.to);
      return from < to
        ? [{ from, to, weekdays: p.weekdays }]
        : [
            { from, to: MS_PER_DAY, weekdays: p.weekdays },
            { from: 0, to, weekdays: p.weekdays?.map((d) => (d % 7) + 1) },
          ];
    });
  return {
    ruleId: 'inconvenient-time',
    next(t) {
      const { day, msOfDay } = calendar.local(t);
      const hit = periods.find((p) => msOfDay >= p.from && msOfDay < p.to && (p.weekdays === undefined || p.weekdays.includes(weekdayOf(day))));
      if (hit === undefined) return t;
      return calendar.firstAt(day, hit.to, t) ?? calendar.firstAt(day + 1, 0, t) ?? t + 60_000;
    },
  };
}

export const VALIDATION_NOTICE = 'validation-notice';

/** US: the validation notice goes out with or within 5 days of the initial communication (12 CFR 1006.34(a)). */
const VALIDATION_NOTICE_WITHIN_MS = 5 * MS_PER_DAY;

/** A stable fraction in [0, 1) from a key: where in the spread a deferred contact lands. */
function spreadFraction(key: string): number {
  let h = 2166136261;
  for (let i = 0; i < key.length; i++) h = Math.imul(h ^ key.charCodeAt(i), 16777619);
  // FNV-1a leaves the high bits of keys that differ only at the end poorly mixed: finish with murmur3's fmix32.
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  h ^= h >>> 16;
  return (h >>> 0) / 4294967296;
}

function unique(ids: readonly string[]): string[] {
  return [...new Set(ids)];
}

const isReply = (proposal: ContactProposal): boolean => proposal.purpose === 'reply-to-debtor-request';

/** The length of the time all windows leave open each day (a day when there is no window). */
function windowSpan(windows: readonly DailyWindow[]): number {
  if (windows.length === 0) return MS_PER_DAY;
  return Math.max(0, Math.min(...windows.map((w) => w.endMs)) - Math.max(...windows.map((w) => w.startMs)));
}

/**
 * The instant the channel's permitted time around `at` closes (the end of the local day's
 * narrowest window; the end of the local day for an untimed channel): when a task queued for
 * people lapses. Throws on an unknown time zone.
 */
export function windowCloses(profile: JurisdictionProfile, channel: Channel, timezone: string, at: Date): Date {
  const calendar = ZonedCalendar.of(timezone);
  const atMs = at.getTime();
  const endMs = Math.min(MS_PER_DAY, ...profile.windows.filter((w) => w.channels.includes(channel)).map((w) => timeOfDayMs(w.end)));
  const { day } = calendar.local(atMs);
  const close = calendar.firstAt(day, endMs, atMs) ?? calendar.firstAt(day + 1, 0, atMs);
  if (close === null) throw new Error(`no end of day found in ${timezone}`);
  return new Date(close);
}

/**
 * Decides one proposed contact. `profile` is the jurisdiction's effective profile (the shipped one,
 * or a lender's tightened one). Throws on input it cannot judge (unknown time zone, bad instants,
 * a profile for another jurisdiction) rather than guessing.
 */
export function decide(
  proposal: ContactProposal,
  context: ContactContext,
  now: Date,
  profile: JurisdictionProfile = SHIPPED_PROFILES[context.jurisdiction],
): Decision {
  if (profile.jurisdiction !== context.jurisdiction) throw new Error(`profile ${profile.jurisdiction} given for a ${context.jurisdiction} debtor`);
  const nowMs = now.getTime();
  if (Number.isNaN(nowMs)) throw new Error('now is not a valid instant');
  const calendar = ZonedCalendar.of(context.timezone);
  const dated = (list: readonly ContactAttempt[], name: string): DatedAttempt[] =>
    list.map((a, i) => {
      const at = Date.parse(a.at);
      if (Number.isNaN(at)) throw new Error(`${name}[${i}].at is not a valid instant: ${a.at}`);
      return { ...a, day: calendar.local(at).day, atMs: at };
    });
  const attempts = dated(context.attempts, 'attempts');
  const debtAttempts = context.debtAttempts === undefined ? attempts : dated(context.debtAttempts, 'debtAttempts');
  const channel: Channel = proposal.channel;

  const windows: DailyWindow[] = profile.windows
    .filter((w) => w.channels.includes(channel))
    .map((w) => ({ ruleId: w.ruleId, startMs: timeOfDayMs(w.start), endMs: timeOfDayMs(w.end) }));
  if (channel === 'VOICE' && context.activeFlags.includes('VULNERABLE')) {
    windows.push({ ruleId: profile.vulnerable.ruleId, startMs: timeOfDayMs(profile.vulnerable.voiceNotBefore), endMs: MS_PER_DAY });
  }
  const frequency = profile.frequency.filter((f) => f.channels.includes(channel));

  // Blocks: every rule that stops it, so the audit shows all the reasons, not just the first.
  const blocked: string[] = STOP_RULES.filter((rule) => rule.blocks(proposal, context)).map((rule) => rule.ruleId);
  if (proposal.templateText !== undefined) {
    const content = checkContent(proposal.templateText, {
      locale: context.locale ?? DEFAULT_LOCALE[context.jurisdiction],
      jurisdiction: context.jurisdiction,
      channel,
      audience: proposal.recipient,
    });
    blocked.push(...content.violations.map((v) => v.ruleId));
  }
  // US: collection goes on only if the validation notice went out within 5 days of the initial communication.
  const v = context.validation;
  if (
    v !== undefined &&
    !isReply(proposal) &&
    v.noticeSentAt === null &&
    v.initialContactAt !== null &&
    nowMs > Date.parse(v.initialContactAt) + VALIDATION_NOTICE_WITHIN_MS
  )
    blocked.push(VALIDATION_NOTICE);
  // A tightened profile can leave no time at all (windows that do not overlap, a cap of 0): that is
  // a block, not a deferral to a moment that never comes.
  if (windows.length > 0 && Math.max(...windows.map((w) => w.startMs)) >= Math.min(...windows.map((w) => w.endMs)))
    blocked.push(...windows.map((w) => w.ruleId));
  blocked.push(...frequency.filter((f) => f.kind === 'cap' && f.max === 0).map((f) => f.ruleId));
  if (blocked.length > 0) return { kind: 'blocked', ruleIds: unique(blocked) };

  const constraints: TimeConstraint[] = [
    ...windows.map((w) => windowConstraint(calendar, w)),
    ...frequency.map((f) => frequencyConstraint(calendar, f, proposal, f.scope === 'debt' ? debtAttempts : attempts)),
    ...(profile.holidays.dates.length > 0 && !isReply(proposal) ? [holidayConstraint(calendar, profile.holidays.dates)] : []),
    ...((context.inconvenientTimes ?? []).length > 0 ? [inconvenienceConstraint(calendar, context.inconvenientTimes!, channel)] : []),
    // Replies to the debtor's own request answer them; they are not spaced from our contacts.
    ...(isReply(proposal) ? [] : [spacingConstraint(profile.spacing, attempts)]),
  ];
  const moved: string[] = [];
  const settle = (from: number): number => {
    let t = from;
    for (let pass = 0, stable = false; !stable; pass++) {
      if (pass >= MAX_PASSES) throw new Error('time constraints did not settle');
      stable = true;
      for (const constraint of constraints) {
        const next = constraint.next(t);
        if (next === t) continue;
        if (next < t) throw new Error(`${constraint.ruleId} moved time backwards`);
        moved.push(constraint.ruleId);
        t = next;
        stable = false;
      }
    }
    return t;
  };
  let t = settle(nowMs);
  if (t > nowMs && proposal.spreadKey !== undefined && profile.spacing.spreadMinutes > 0) {
    // Spread deferred contacts over the start of the permitted time; settling again keeps the
    // result an instant every rule allows (a spread that leaves the window moves on to the next).
    const spreadMs = Math.min(profile.spacing.spreadMinutes * 60_000, windowSpan(windows) / 2);
    const spread = Math.floor((spreadFraction(proposal.spreadKey) * spreadMs) / 60_000) * 60_000;
    if (spread > 0) t = settle(t + spread);
  }
  if (t > nowMs) return { kind: 'deferred', until: new Date(t), ruleIds: unique(moved) };

  const requirements: FieldVisitRequirement[] = [];
  if (channel === 'FIELD_VISIT' && profile.fieldVisit !== null) {
    const { ruleId, minCollectors, recorded, entryRequiresConsent } = profile.fieldVisit;
    requirements.push({ ruleId, minCollectors, recorded, entryRequiresConsent });
  }
  const passed = [...constraints.map((c) => c.ruleId), ...(proposal.recipient === 'third-party' ? ['third-party'] : []), ...requirements.map((r) => r.ruleId)];
  return { kind: 'allowed', ruleIds: unique(passed), requirements };
}
