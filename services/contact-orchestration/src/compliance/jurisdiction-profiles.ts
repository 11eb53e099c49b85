import { z } from 'zod';
import { fieldErrorsFrom, formatPath, timeOfDayMs, type FieldError, type Jurisdiction } from '@clearpath/contracts';
import { CHANNELS, type Channel } from './channel';

/**
 * The shipped jurisdiction profiles (COMPLIANCE.md "Contact windows and frequency") as data, and
 * the only way to change them: a lender's override file that may tighten but never loosen.
 * All times are local to the debtor (`customer.timezone`).
 */

/** A daily local window: contact is allowed from `start` (inclusive) to `end` (exclusive). */
export interface WindowRule {
  readonly ruleId: 'hours' | 'sms-hours';
  readonly channels: readonly Channel[];
  /** "HH:MM" */
  readonly start: string;
  /** "HH:MM", exclusive: "no contact after 21:00" is read on the safe side as "the last moment is 20:59:59.999". */
  readonly end: string;
  readonly source: string;
}

/**
 * Past attempts that count against a frequency rule: every attempt, only calls that reached the
 * debtor, or only calls that did not (anything but `reached`).
 */
export type AttemptCount = 'attempts' | 'reached' | 'unanswered';

/**
 * Whose attempts a frequency rule counts (COMPLIANCE.md "Who a rule protects"): the person's, over
 * all their loans, or only the debt's (Reg F's per-debt call limits).
 */
export type RuleScope = 'person' | 'debt';

/**
 * At most `max` attempts (the proposed one included) counted on the local day and the
 * `windowDays − 1` local days before it: `windowDays: 1` is "per day", 7 is "any 7 consecutive days".
 */
export interface CapRule {
  readonly kind: 'cap';
  readonly scope: RuleScope;
  /** Unique within a profile; a rule id may have several caps (not-excessive: per day and per week). */
  readonly key: string;
  readonly ruleId: string;
  /** The channels the cap governs and whose attempts it counts. */
  readonly channels: readonly Channel[];
  readonly counts: AttemptCount;
  /** Count only attempts to the same number as the proposed call. */
  readonly perNumber: boolean;
  readonly windowDays: number;
  readonly max: number;
  readonly source: string;
}

/** No contact on `channels` for `days` local days after a counted attempt; the day of that attempt is day 1. */
export interface QuietAfterRule {
  readonly kind: 'quiet-after';
  readonly scope: RuleScope;
  readonly key: string;
  readonly ruleId: string;
  readonly channels: readonly Channel[];
  readonly counts: Exclude<AttemptCount, 'attempts'>;
  readonly days: number;
  readonly source: string;
}

export type FrequencyRule = CapRule | QuietAfterRule;

/** Conditions a field visit must meet; the guard attaches them to the task rather than checking them. */
export interface FieldVisitRule {
  readonly ruleId: 'field-visit';
  readonly minCollectors: number;
  readonly recorded: true;
  readonly entryRequiresConsent: true;
  readonly source: string;
}

export interface VulnerableRule {
  readonly ruleId: 'flag-vulnerable';
  /** "HH:MM": no voice call before this local time. */
  readonly voiceNotBefore: string;
  readonly source: string;
}

/**
 * `spacing`: at least `minutes` between two contacts to one person (replies to the debtor excepted),
 * and deferrals spread over the first `spreadMinutes` of the permitted time (at most half the
 * window) instead of all landing on its opening minute.
 */
export interface SpacingRule {
  readonly ruleId: 'spacing';
  readonly minutes: number;
  readonly spreadMinutes: number;
  readonly source: string;
}

/** `holiday`: no collection contact on these local calendar days ("YYYY-MM-DD"): the jurisdiction's calendar, lender data. */
export interface HolidayRule {
  readonly ruleId: 'holiday';
  readonly dates: readonly string[];
  readonly source: string;
}

export interface JurisdictionProfile {
  readonly jurisdiction: Jurisdiction;
  readonly windows: readonly WindowRule[];
  readonly frequency: readonly FrequencyRule[];
  readonly spacing: SpacingRule;
  readonly holidays: HolidayRule;
  readonly fieldVisit: FieldVisitRule | null;
  readonly vulnerable: VulnerableRule;
}

// Letters are posted, not delivered at a time the sender picks, so the daily window does not govern them.
const TIMED_CHANNELS: readonly Channel[] = ['SMS', 'VOICE', 'EMAIL', 'IM', 'FIELD_VISIT'];
const MESSAGING_CHANNELS: readonly Channel[] = ['SMS', 'IM'];
const WRITTEN_CHANNELS: readonly Channel[] = ['SMS', 'IM', 'EMAIL', 'LETTER'];

/**
 * `channel-cap` (platform policy): per person per local day, ≤ 2 SMS, ≤ 2 IM, ≤ 2 e-mails, ≤ 1
 * letter, and ≤ 4 of these written messages together. Calls and visits have caps of their own
 * (a cap of 4 over calls too would silently replace CN's 6 dial attempts a day) and `spacing`.
 */
const PLATFORM_POLICY = 'COMPLIANCE.md "Additional rules" (platform policy)';
const channelCaps: readonly CapRule[] = [
  ...(
    [
      ['sms', 'SMS', 2],
      ['im', 'IM', 2],
      ['email', 'EMAIL', 2],
      ['letter', 'LETTER', 1],
    ] as const
  ).map(
    ([name, channel, max]): CapRule => ({
      kind: 'cap',
      scope: 'person',
      key: `channel-cap-${name}`,
      ruleId: 'channel-cap',
      channels: [channel],
      counts: 'attempts',
      perNumber: false,
      windowDays: 1,
      max,
      source: PLATFORM_POLICY,
    }),
  ),
  {
    kind: 'cap',
    scope: 'person',
    key: 'channel-cap-all',
    ruleId: 'channel-cap',
    channels: WRITTEN_CHANNELS,
    counts: 'attempts',
    perNumber: false,
    windowDays: 1,
    max: 4,
    source: PLATFORM_POLICY,
  },
];
const spacing: SpacingRule = { ruleId: 'spacing', minutes: 60, spreadMinutes: 120, source: PLATFORM_POLICY };

/** Days from Spring Festival eve to the third day of the new year (CN platform default), 2026–2030. */
const SPRING_FESTIVAL_EVES = ['2026-02-16', '2027-02-05', '2028-01-25', '2029-02-12', '2030-02-02'];
const springFestival: readonly string[] = SPRING_FESTIVAL_EVES.flatMap((eve) =>
  [0, 1, 2, 3].map((d) => new Date(Date.parse(`${eve}T00:00:00Z`) + d * 86_400_000).toISOString().slice(0, 10)),
);
const noHolidays = (j: Jurisdiction): HolidayRule => ({
  ruleId: 'holiday',
  dates: [],
  source: `COMPLIANCE.md "Additional rules": the ${j} calendar is lender data (none shipped)`,
});

const smsHours: WindowRule = { ruleId: 'sms-hours', channels: MESSAGING_CHANNELS, start: '09:00', end: '20:00', source: 'industry practice' };
const vulnerable: VulnerableRule = { ruleId: 'flag-vulnerable', voiceNotBefore: '10:00', source: 'CONC 7.10 (platform default)' };

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object') {
    for (const v of Object.values(value)) deepFreeze(v);
    Object.freeze(value);
  }
  return value;
}

export const SHIPPED_PROFILES: Readonly<Record<Jurisdiction, JurisdictionProfile>> = deepFreeze({
  CN: {
    jurisdiction: 'CN',
    windows: [
      { ruleId: 'hours', channels: TIMED_CHANNELS, start: '08:00', end: '22:00', source: 'GB/T 45251—2025; CBA consumer-loan collection guideline (2026)' },
      smsHours,
    ],
    frequency: [
      {
        kind: 'cap',
        scope: 'person',
        key: 'voice-conversations-per-day',
        ruleId: 'voice-conversations-per-day',
        channels: ['VOICE'],
        counts: 'reached',
        perNumber: false,
        windowDays: 1,
        max: 3,
        source: 'GB/T 45251—2025',
      },
      {
        kind: 'cap',
        scope: 'person',
        key: 'dial-attempts-per-day',
        ruleId: 'dial-attempts-per-day',
        channels: ['VOICE'],
        counts: 'unanswered',
        perNumber: true,
        windowDays: 1,
        max: 6,
        source: 'CBA consumer-loan collection guideline (2026)',
      },
      ...channelCaps,
    ],
    spacing,
    holidays: { ruleId: 'holiday', dates: springFestival, source: 'COMPLIANCE.md "Additional rules": CN default, Spring Festival eve to the 3rd day' },
    fieldVisit: {
      ruleId: 'field-visit',
      minCollectors: 2,
      recorded: true,
      entryRequiresConsent: true,
      source: 'CBA consumer-loan collection guideline (2026) art 22',
    },
    vulnerable,
  },
  US: {
    jurisdiction: 'US',
    windows: [{ ruleId: 'hours', channels: TIMED_CHANNELS, start: '08:00', end: '21:00', source: '12 CFR 1006.6(b)(1)(i)' }, smsHours],
    frequency: [
      {
        kind: 'cap',
        scope: 'debt',
        key: 'calls-7-in-7',
        ruleId: 'calls-7-in-7',
        channels: ['VOICE'],
        counts: 'attempts',
        perNumber: false,
        windowDays: 7,
        max: 7,
        source: '12 CFR 1006.14(b)(2)(i)',
      },
      {
        kind: 'quiet-after',
        scope: 'debt',
        key: 'call-after-conversation',
        ruleId: 'call-after-conversation',
        channels: ['VOICE'],
        counts: 'reached',
        days: 7,
        source: '12 CFR 1006.14(b)(2)(ii)',
      },
      // Reg F counts per debt; the platform also counts per person, so several debts never multiply the calls.
      {
        kind: 'cap',
        scope: 'person',
        key: 'calls-7-in-7-person',
        ruleId: 'calls-7-in-7',
        channels: ['VOICE'],
        counts: 'attempts',
        perNumber: false,
        windowDays: 7,
        max: 7,
        source: '12 CFR 1006.14(b)(2)(i) per debt; per person: platform policy',
      },
      ...channelCaps,
    ],
    spacing,
    holidays: noHolidays('US'),
    fieldVisit: null,
    vulnerable,
  },
  GB: {
    jurisdiction: 'GB',
    windows: [{ ruleId: 'hours', channels: TIMED_CHANNELS, start: '08:00', end: '21:00', source: 'CONC 7.9 / MCOB 13.5 analogue' }, smsHours],
    frequency: [
      {
        kind: 'cap',
        scope: 'person',
        key: 'not-excessive-per-day',
        ruleId: 'not-excessive',
        channels: CHANNELS,
        counts: 'attempts',
        perNumber: false,
        windowDays: 1,
        max: 3,
        source: 'CONC 7 "not excessive": platform default',
      },
      {
        kind: 'cap',
        scope: 'person',
        key: 'not-excessive-per-week',
        ruleId: 'not-excessive',
        channels: CHANNELS,
        counts: 'attempts',
        perNumber: false,
        windowDays: 7,
        max: 10,
        source: 'CONC 7 "not excessive": platform default',
      },
      ...channelCaps,
    ],
    spacing,
    holidays: noHolidays('GB'),
    fieldVisit: null,
    vulnerable,
  },
} satisfies Record<Jurisdiction, JurisdictionProfile>);

// ---------------------------------------------------------------------------------------------
// Lender overrides

const timeOfDay = z.string().regex(/^(([01]\d|2[0-3]):[0-5]\d|24:00)$/, 'must be a local time "HH:MM" from 00:00 to 24:00');
const windowOverride = z.strictObject({ start: timeOfDay.optional(), end: timeOfDay.optional() });

/**
 * What a lender may change, keyed by rule id. Unknown keys are errors, not ignored: a misspelt
 * field would otherwise leave the lender believing a limit is in force that is not.
 */
export const profileOverridesSchema = z.strictObject({
  hours: windowOverride.optional(),
  'sms-hours': windowOverride.optional(),
  /** Keyed by the frequency rule's key: `max` for caps, `days` for quiet periods. */
  frequency: z
    .record(
      z.string(),
      z.strictObject({
        max: z.int('must be a whole number').min(0, 'must be 0 or more').optional(),
        days: z.int('must be a whole number').min(1, 'must be 1 or more').max(366, 'must be at most 366').optional(),
      }),
    )
    .optional(),
  spacing: z
    .strictObject({
      minutes: z.int('must be a whole number').min(1, 'must be 1 or more').max(1440, 'must be at most 1440').optional(),
      spreadMinutes: z.int('must be a whole number').min(0, 'must be 0 or more').max(720, 'must be at most 720').optional(),
    })
    .optional(),
  /** More days without collection contact (a lender's own calendar); shipped days cannot be removed. */
  holiday: z.strictObject({ add: z.array(z.iso.date({ message: 'must be a date "YYYY-MM-DD"' })).max(400) }).optional(),
  'field-visit': z.strictObject({ minCollectors: z.int('must be a whole number').min(1).max(10).optional() }).optional(),
  'flag-vulnerable': z.strictObject({ voiceNotBefore: timeOfDay.optional() }).optional(),
});

export type ProfileOverrides = z.infer<typeof profileOverridesSchema>;

/** One lender's override file: tightenings per jurisdiction. */
export const lenderOverridesFileSchema = z.strictObject({
  lenderId: z.string().regex(/^[a-z0-9][a-z0-9-]{0,62}$/, 'must be a lower-case id of [a-z0-9-]'),
  profiles: z.strictObject({ CN: profileOverridesSchema.optional(), US: profileOverridesSchema.optional(), GB: profileOverridesSchema.optional() }),
});

export type LenderOverridesFile = z.infer<typeof lenderOverridesFileSchema>;

export class ProfileOverrideError extends Error {
  constructor(
    readonly source: string,
    readonly errors: readonly FieldError[],
  ) {
    super(`invalid profile overrides ${source}:\n${errors.map((e) => `  ${e.path}: ${e.message}`).join('\n')}`);
    this.name = 'ProfileOverrideError';
  }
}

export function parseProfileOverrides(input: unknown, source = 'overrides'): ProfileOverrides {
  const result = profileOverridesSchema.safeParse(input);
  if (!result.success) throw new ProfileOverrideError(source, fieldErrorsFrom(result.error));
  return result.data;
}

/**
 * Applies a lender's overrides to a profile. Tightening only: a later start, an earlier end, a
 * lower cap, a longer quiet period, more collectors, a later first call for vulnerable debtors.
 * Anything that would loosen is refused with an error naming the field and the shipped value —
 * all such fields at once, so a lender fixes the file in one go.
 */
export function tightenProfile(
  shipped: JurisdictionProfile,
  overrides: ProfileOverrides,
  source = `${shipped.jurisdiction} overrides`,
  pathPrefix = '',
): JurisdictionProfile {
  const errors: FieldError[] = [];
  const fail = (path: readonly string[], message: string): void => void errors.push({ path: formatPath(path, pathPrefix), message });
  const j = shipped.jurisdiction;

  const windows = shipped.windows.map((rule): WindowRule => {
    const o = overrides[rule.ruleId];
    if (o === undefined) return rule;
    const start = o.start ?? rule.start;
    const end = o.end ?? rule.end;
    if (timeOfDayMs(start) < timeOfDayMs(rule.start))
      fail([rule.ruleId, 'start'], `"${start}" is earlier than the shipped ${j} value "${rule.start}"; a lender may only start later`);
    if (timeOfDayMs(end) > timeOfDayMs(rule.end))
      fail([rule.ruleId, 'end'], `"${end}" is later than the shipped ${j} value "${rule.end}"; a lender may only end earlier`);
    if (timeOfDayMs(start) >= timeOfDayMs(end)) fail([rule.ruleId], `start "${start}" must be before end "${end}"`);
    return { ...rule, start, end };
  });
  for (const ruleId of ['hours', 'sms-hours'] as const) {
    if (overrides[ruleId] !== undefined && !shipped.windows.some((w) => w.ruleId === ruleId)) fail([ruleId], `the ${j} profile has no ${ruleId} window`);
  }

  const known = new Set(shipped.frequency.map((f) => f.key));
  for (const key of Object.keys(overrides.frequency ?? {})) {
    if (!known.has(key)) fail(['frequency', key], `the ${j} profile has no frequency rule "${key}" (it has ${[...known].join(', ') || 'none'})`);
  }
  const frequency = shipped.frequency.map((rule): FrequencyRule => {
    const o = overrides.frequency?.[rule.key];
    if (o === undefined) return rule;
    if (rule.kind === 'cap') {
      if (o.days !== undefined) fail(['frequency', rule.key, 'days'], `"${rule.key}" is a cap: set max, not days`);
      const max = o.max ?? rule.max;
      if (max > rule.max) fail(['frequency', rule.key, 'max'], `${max} is above the shipped ${j} value ${rule.max}; a lender may only lower a cap`);
      return { ...rule, max };
    }
    if (o.max !== undefined) fail(['frequency', rule.key, 'max'], `"${rule.key}" is a quiet period: set days, not max`);
    const days = o.days ?? rule.days;
    if (days < rule.days)
      fail(['frequency', rule.key, 'days'], `${days} is below the shipped ${j} value ${rule.days}; a lender may only lengthen a quiet period`);
    return { ...rule, days };
  });

  let spacingRule = shipped.spacing;
  const so = overrides.spacing;
  if (so !== undefined) {
    const minutes = so.minutes ?? spacingRule.minutes;
    if (minutes < spacingRule.minutes)
      fail(['spacing', 'minutes'], `${minutes} is below the shipped ${j} value ${spacingRule.minutes}; a lender may only space contacts further apart`);
    // The spread only moves a deferred contact later inside its window: any value is as safe as another.
    spacingRule = { ...spacingRule, minutes, spreadMinutes: so.spreadMinutes ?? spacingRule.spreadMinutes };
  }

  const holidays: HolidayRule =
    overrides.holiday === undefined
      ? shipped.holidays
      : { ...shipped.holidays, dates: [...new Set([...shipped.holidays.dates, ...overrides.holiday.add])].sort() };

  let fieldVisit = shipped.fieldVisit;
  const fv = overrides['field-visit'];
  if (fv !== undefined) {
    if (fieldVisit === null) fail(['field-visit'], `the ${j} profile has no field-visit rule`);
    else {
      const minCollectors = fv.minCollectors ?? fieldVisit.minCollectors;
      if (minCollectors < fieldVisit.minCollectors)
        fail(['field-visit', 'minCollectors'], `${minCollectors} is below the shipped ${j} value ${fieldVisit.minCollectors}; a lender may only require more`);
      fieldVisit = { ...fieldVisit, minCollectors };
    }
  }

  let vulnerableRule = shipped.vulnerable;
  const vo = overrides['flag-vulnerable'];
  if (vo?.voiceNotBefore !== undefined) {
    if (timeOfDayMs(vo.voiceNotBefore) < timeOfDayMs(vulnerableRule.voiceNotBefore)) {
      fail(
        ['flag-vulnerable', 'voiceNotBefore'],
        `"${vo.voiceNotBefore}" is earlier than the shipped ${j} value "${vulnerableRule.voiceNotBefore}"; a lender may only start later`,
      );
    }
    vulnerableRule = { ...vulnerableRule, voiceNotBefore: vo.voiceNotBefore };
  }

  if (errors.length > 0) throw new ProfileOverrideError(source, errors);
  return deepFreeze({ jurisdiction: j, windows, frequency, spacing: spacingRule, holidays, fieldVisit, vulnerable: vulnerableRule });
}

/** Validates a lender's override file and returns every jurisdiction's effective profile; errors name their path in the file. */
export function loadLenderProfiles(input: unknown, source = 'lender overrides'): Record<Jurisdiction, JurisdictionProfile> {
  const result = lenderOverridesFileSchema.safeParse(input);
  if (!result.success) throw new ProfileOverrideError(source, fieldErrorsFrom(result.error));
  const errors: FieldError[] = [];
  const profiles = {} as Record<Jurisdiction, JurisdictionProfile>;
  for (const j of Object.keys(SHIPPED_PROFILES) as Jurisdiction[]) {
    const o = result.data.profiles[j];
    try {
      profiles[j] = o === undefined ? SHIPPED_PROFILES[j] : tightenProfile(SHIPPED_PROFILES[j], o, source, `profiles.${j}`);
    } catch (e) {
      if (!(e instanceof ProfileOverrideError)) throw e;
      errors.push(...e.errors);
    }
  }
  if (errors.length > 0) throw new ProfileOverrideError(source, errors);
  return profiles;
}
