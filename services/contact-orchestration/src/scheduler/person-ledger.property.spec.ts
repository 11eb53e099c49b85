import fc from 'fast-check';
import {
  ALL_CONTACT_COMPLAINT_CATEGORIES,
  ZonedCalendar,
  timeOfDayMs,
  type ComplaintCategory,
  type CustomerFlag,
  JURISDICTIONS,
  type Jurisdiction,
  type Locale,
} from '@clearpath/contracts';
import { newCase, type CaseRecord } from '../cases/case-record';
import type { Channel } from '../compliance/channel';
import { decide, windowCloses } from '../compliance/contact-guard';
import type { ContactProposal, Decision, TreatmentTone } from '../compliance/contact-guard.types';
import { SHIPPED_PROFILES, type CapRule } from '../compliance/jurisdiction-profiles';
import { whereabouts } from '../cases/debtor-whereabouts';
import { guardComplaintCategory } from '../compliance/complaint-category';
import { personProtections, type PersonProtections } from '../protections/person-protections';
import { historyFor, type AttemptHistoryRow } from './attempt-history';
import { guardContext } from './guard-context';

/**
 * One person with several loans, contacted the way MomentOfContact.judge asks the guard: each
 * loan's own record, what protects the person over all their loans, and one history of every
 * contact to the person. The checks place and count the contacts themselves, from the profile's
 * data and the debtor's calendar, never by asking the guard again.
 */
const MINUTE = 60_000;
const QUARTER = 15 * MINUTE;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const FROM = Date.parse('2024-01-01T00:00:00Z');
const TO = Date.parse('2032-01-01T00:00:00Z');

const CHANNELS: readonly Channel[] = ['SMS', 'EMAIL', 'IM', 'LETTER', 'VOICE'];

interface Home {
  readonly jurisdiction: Jurisdiction;
  readonly timezone: string;
  readonly locale: Locale;
  readonly currency: string;
  /** Local dates the clocks change on, so some runs cross a DST change. */
  readonly clockChanges: readonly string[];
}

const US_CLOCK_CHANGES = ['2026-03-08', '2026-11-01', '2027-03-14', '2027-11-07'];
const HOMES: readonly Home[] = [
  { jurisdiction: 'CN', timezone: 'Asia/Shanghai', locale: 'zh-CN', currency: 'CNY', clockChanges: [] },
  { jurisdiction: 'US', timezone: 'America/New_York', locale: 'en-US', currency: 'USD', clockChanges: US_CLOCK_CHANGES },
  { jurisdiction: 'US', timezone: 'America/Los_Angeles', locale: 'en-US', currency: 'USD', clockChanges: US_CLOCK_CHANGES },
  { jurisdiction: 'GB', timezone: 'Europe/London', locale: 'en-GB', currency: 'GBP', clockChanges: ['2026-03-29', '2026-10-25', '2027-03-28', '2027-10-31'] },
];

/** A message that passes every content rule on every channel of its jurisdiction (US opt-out and disclosure, GB letter marking). */
const CLEAN_TEXT: Record<Jurisdiction, string> = {
  CN: '您好，您的本期账单已到期，请登录应用查看并按时还款；如有困难，请联系我们协商。',
  US: 'Hello, a payment on your account is now due. This is a communication from a debt collector. Reply STOP to opt out.',
  GB: 'Private and confidential. Dear customer, a payment on your account is now due. Please contact us if you need help.',
};

/** A loan in collection in a standard treatment, as the case events leave its record. */
class LoanBuilder {
  private record: CaseRecord;

  constructor(home: Home, customerId: string, loanId: string, at: number) {
    this.record = {
      ...newCase(loanId, customerId, new Date(at)),
      loanSequence: 3,
      segmentedSequence: 2,
      treatmentId: `${home.jurisdiction.toLowerCase()}-standard`,
      treatmentVersion: 1,
      treatmentTone: 'standard',
      treatmentEpisode: 1,
      segmentedAt: new Date(at - 10 * DAY).toISOString(),
      daysPastDue: 35,
      dpdBucket: 'M2',
      overdueAmount: '1234.56',
      currency: home.currency,
      jurisdiction: home.jurisdiction,
      dueDate: new Date(at - 35 * DAY).toISOString().slice(0, 10),
      timezone: home.timezone,
      locale: home.locale,
      probabilityOfDefault: '0.2500',
      planDirty: false,
    };
  }

  /** Just delinquent: nothing on it but the delinquency update (no treatment, flag, opt-out or contact yet). */
  brandNew(): this {
    this.record = {
      ...this.record,
      loanSequence: 1,
      segmentedSequence: -1,
      treatmentId: null,
      treatmentVersion: null,
      treatmentTone: null,
      treatmentEpisode: 0,
      segmentedAt: null,
      daysPastDue: 1,
      dpdBucket: 'M1',
      probabilityOfDefault: null,
      planDirty: true,
    };
    return this;
  }

  /** The zone the loan events carried; the contact details' zone wins (whereabouts). */
  withLoanZone(timezone: string): this {
    this.record = { ...this.record, timezone };
    return this;
  }

  withTone(treatmentTone: TreatmentTone): this {
    this.record = { ...this.record, treatmentTone };
    return this;
  }

  withHardship(): this {
    this.record = { ...this.record, hardship: true };
    return this;
  }

  withFlags(...flags: CustomerFlag[]): this {
    this.record = { ...this.record, activeFlags: [...this.record.activeFlags, ...flags] };
    return this;
  }

  optedOutOf(...channels: Channel[]): this {
    this.record = { ...this.record, optedOutChannels: [...this.record.optedOutChannels, ...channels] };
    return this;
  }

  build(): CaseRecord {
    return this.record;
  }
}

const aLoanOf = (home: Home, customerId: string, loanId: string, at: number): LoanBuilder => new LoanBuilder(home, customerId, loanId, at);

interface Person {
  readonly home: Home;
  readonly customerId: string;
  readonly loans: readonly CaseRecord[];
  readonly protections: PersonProtections;
}

/** What MomentOfContact.judge asks the guard about one attempt: the loan's record, the person's protections and history. */
function judge(person: Person, loan: CaseRecord, rows: readonly AttemptHistoryRow[], proposal: ContactProposal, at: number): Decision {
  const { home } = person;
  const where = whereabouts(loan, { jurisdiction: home.jurisdiction, timezone: home.timezone, locale: home.locale });
  if (where === null) throw new Error(`no whereabouts for ${loan.loanId}`);
  const context = guardContext(loan, where, historyFor(rows, loan.loanId), person.protections, []);
  return decide(proposal, context, new Date(at), SHIPPED_PROFILES[home.jurisdiction]);
}

const aProposal = (j: Jurisdiction, channel: Channel, spreadKey?: string): ContactProposal => ({
  channel,
  purpose: 'collection',
  recipient: 'debtor',
  templateText: CLEAN_TEXT[j],
  ...(spreadKey !== undefined ? { spreadKey } : {}),
});

/** Half the starts on a quarter hour, so window edges are hit exactly; some runs cross a clock change. */
function aStartFor(home: Home): fc.Arbitrary<number> {
  const anywhere = fc.oneof(
    fc.integer({ min: FROM, max: TO }),
    fc.integer({ min: Math.ceil(FROM / QUARTER), max: Math.floor(TO / QUARTER) }).map((q) => q * QUARTER),
  );
  if (home.clockChanges.length === 0) return anywhere;
  const nearChange = fc
    .tuple(fc.constantFrom(...home.clockChanges), fc.integer({ min: 0, max: (3 * DAY) / QUARTER }))
    .map(([date, q]) => Date.parse(`${date}T12:00:00Z`) - q * QUARTER);
  return fc.oneof({ weight: 3, arbitrary: anywhere }, { weight: 1, arbitrary: nearChange });
}

// ---------------------------------------------------------------------------------------------
// A run: proposals on a person's loans over about three days, following the guard.

interface Step {
  readonly loan: number;
  readonly channel: Channel;
  readonly gapMs: number;
  /** On a deferral, try again at `until` (the dispatcher's retry). */
  readonly follow: boolean;
  readonly spread: boolean;
}

const aStep: fc.Arbitrary<Step> = fc.record({
  loan: fc.nat(3),
  channel: fc.constantFrom(...CHANNELS),
  gapMs: fc.oneof(
    { weight: 5, arbitrary: fc.integer({ min: 0, max: 120 }).map((m) => m * MINUTE) },
    { weight: 1, arbitrary: fc.integer({ min: 0, max: 12 * HOUR }) },
  ),
  follow: fc.boolean(),
  spread: fc.boolean(),
});

const OTHER_ZONES = ['UTC', 'Asia/Shanghai', 'America/New_York', 'Europe/London'];

const aRun = fc.constantFrom(...HOMES).chain((home) =>
  fc.record({
    home: fc.constant(home),
    loanCount: fc.integer({ min: 1, max: 4 }),
    loanZones: fc.array(fc.oneof({ weight: 3, arbitrary: fc.constant(home.timezone) }, { weight: 1, arbitrary: fc.constantFrom(...OTHER_ZONES) }), {
      minLength: 4,
      maxLength: 4,
    }),
    // Hardship told on one loan makes the person vulnerable; a gentle treatment then still reaches them.
    hardshipOn: fc.oneof({ weight: 3, arbitrary: fc.constant(null) }, { weight: 1, arbitrary: fc.nat(3) }),
    start: aStartFor(home),
    steps: fc.array(aStep, { minLength: 5, maxLength: 40 }),
    // Some runs are all calls, so the call caps (7 calls in 7 days) are reached.
    callsOnly: fc.oneof({ weight: 5, arbitrary: fc.constant(false) }, { weight: 1, arbitrary: fc.constant(true) }),
  }),
);
type RunInput = typeof aRun extends fc.Arbitrary<infer T> ? T : never;

interface Contact {
  readonly loanId: string;
  readonly channel: Channel;
  readonly at: number;
  /** The debtor's local day. */
  readonly day: number;
  readonly msOfDay: number;
}

interface RunResult {
  readonly person: Person;
  readonly vulnerable: boolean;
  readonly contacts: Contact[];
  readonly deferredBy: string[];
  readonly retries: number;
}

function personFor(input: RunInput): { person: Person; vulnerable: boolean } {
  const { home, loanCount, loanZones, hardshipOn, start } = input;
  const customerId = 'CU-1';
  const loans = Array.from({ length: loanCount }, (_, i) => {
    const loan = aLoanOf(home, customerId, `LN-${i + 1}`, start).withLoanZone(loanZones[i]);
    if (hardshipOn !== null) loan.withTone('gentle');
    if (hardshipOn !== null && hardshipOn % loanCount === i) loan.withHardship();
    return loan.build();
  });
  return { person: { home, customerId, loans, protections: personProtections(loans, []) }, vulnerable: hardshipOn !== null };
}

function simulate(input: RunInput): RunResult {
  const { person, vulnerable } = personFor(input);
  const { home } = person;
  const calendar = ZonedCalendar.of(home.timezone);
  const rows: AttemptHistoryRow[] = [];
  const contacts: Contact[] = [];
  const deferredBy: string[] = [];
  let retries = 0;
  let t = input.start;
  input.steps.forEach((s, i) => {
    t += s.gapMs;
    const loan = person.loans[s.loan % person.loans.length];
    const channel = input.callsOnly ? 'VOICE' : s.channel;
    const proposal = aProposal(home.jurisdiction, channel, s.spread ? `AT-${i}` : undefined);
    let decision = judge(person, loan, rows, proposal, t);
    if (decision.kind === 'deferred') {
      deferredBy.push(...decision.ruleIds);
      expect(decision.until.getTime()).toBeGreaterThan(t);
      if (s.follow) {
        retries++;
        t = decision.until.getTime();
        decision = judge(person, loan, rows, proposal, t);
        // Nothing changed but the time: the instant the guard named is one every rule allows.
        expect(decision).toMatchObject({ kind: 'allowed' });
      }
    }
    // A clean message to a debtor with nothing against them is never stopped, only timed.
    expect(decision.kind === 'blocked' ? decision.ruleIds : []).toEqual([]);
    if (decision.kind !== 'allowed') return;
    rows.push({ loanId: loan.loanId, sentAt: new Date(t).toISOString(), channel, status: 'sent', outcome: null });
    contacts.push({ loanId: loan.loanId, channel, at: t, ...calendar.local(t) });
  });
  return { person, vulnerable, contacts, deferredBy, retries };
}

// ---------------------------------------------------------------------------------------------
// Independent checks, from the profile's data.

interface DailyWindow {
  readonly ruleId: string;
  readonly start: number;
  readonly end: number;
}

/** The daily windows [start, end) a contact on this channel must fall in, in ms after local midnight. */
function windowsFor(j: Jurisdiction, channel: Channel, vulnerable: boolean): DailyWindow[] {
  const profile = SHIPPED_PROFILES[j];
  const windows: DailyWindow[] = profile.windows
    .filter((w) => w.channels.includes(channel))
    .map((w) => ({ ruleId: w.ruleId, start: timeOfDayMs(w.start), end: timeOfDayMs(w.end) }));
  if (vulnerable && channel === 'VOICE') windows.push({ ruleId: profile.vulnerable.ruleId, start: timeOfDayMs(profile.vulnerable.voiceNotBefore), end: DAY });
  return windows;
}

const capsOf = (j: Jurisdiction): CapRule[] => SHIPPED_PROFILES[j].frequency.filter((f): f is CapRule => f.kind === 'cap');

/** The contacts a cap counts: none of ours was a conversation (a call with no outcome yet is unanswered). */
const countedBy = (rule: CapRule, contacts: readonly Contact[]): Contact[] =>
  rule.counts === 'reached' ? [] : contacts.filter((c) => rule.channels.includes(c.channel));

/** For each counted contact, the contacts the cap counts in the local days ending on its day. */
function capWindows(rule: CapRule, counted: readonly Contact[]): Contact[][] {
  return counted.map((a) => counted.filter((b) => b.day <= a.day && b.day > a.day - rule.windowDays));
}

const describeContact = (c: Contact): string => `${c.loanId} ${c.channel} at ${new Date(c.at).toISOString()} (local day ${c.day})`;
const describeContacts = (contacts: readonly Contact[]): string[] => contacts.map(describeContact);

describe('the person ledger: the guard at the instant of contact, over a person’s loans', () => {
  it('(a) every contact is made inside every window that governs its channel, in the debtor’s zone', () => {
    let allowed = 0;
    let retries = 0;
    const deferredBy = new Set<string>();
    const contactedOn = new Set<string>();
    fc.assert(
      fc.property(aRun, (input) => {
        const run = simulate(input);
        const { home } = run.person;
        allowed += run.contacts.length;
        retries += run.retries;
        run.deferredBy.forEach((id) => deferredBy.add(id));
        for (const c of run.contacts) {
          contactedOn.add(c.channel);
          for (const w of windowsFor(home.jurisdiction, c.channel, run.vulnerable)) {
            const inside = c.msOfDay >= w.start && c.msOfDay < w.end;
            expect(inside ? null : `${describeContact(c)} is outside ${w.ruleId} in ${home.timezone}`).toBeNull();
          }
          // The permitted time a task queued at the instant of contact lapses at is still ahead.
          expect(windowCloses(SHIPPED_PROFILES[home.jurisdiction], c.channel, home.timezone, new Date(c.at)).getTime()).toBeGreaterThan(c.at);
        }
      }),
      { numRuns: 100 },
    );
    // Not vacuous: contacts were made on every channel, and the windows did hold some back.
    expect(allowed).toBeGreaterThan(500);
    expect(retries).toBeGreaterThan(100);
    expect([...contactedOn].sort()).toEqual([...CHANNELS].sort());
    for (const id of ['hours', 'sms-hours', 'flag-vulnerable']) expect([id, deferredBy.has(id)]).toEqual([id, true]);
  });

  it('(b) per local day and person, no cap is exceeded and contacts are spaced, whichever loans they are about', () => {
    // The caps counted below are the platform's: a loosened profile fails here, not silently below.
    const written: Channel[] = ['SMS', 'IM', 'EMAIL', 'LETTER'];
    const platform: Array<[string, Channel[], number, number]> = [
      ['channel-cap-sms', ['SMS'], 1, 2],
      ['channel-cap-im', ['IM'], 1, 2],
      ['channel-cap-email', ['EMAIL'], 1, 2],
      ['channel-cap-letter', ['LETTER'], 1, 1],
      ['channel-cap-all', written, 1, 4],
    ];
    const expected: Record<Jurisdiction, Array<[string, Channel[], number, number]>> = {
      CN: platform,
      US: [...platform, ['calls-7-in-7-person', ['VOICE'], 7, 7]],
      GB: [...platform, ['not-excessive-per-day', [...written, 'VOICE', 'FIELD_VISIT'], 1, 3]],
    };
    for (const j of JURISDICTIONS) {
      expect(SHIPPED_PROFILES[j].spacing.minutes).toBe(60);
      for (const [key, channels, windowDays, max] of expected[j]) {
        const cap = capsOf(j).find((c) => c.key === key);
        expect(cap).toMatchObject({ scope: 'person', counts: 'attempts', windowDays, max });
        expect([...cap!.channels].sort()).toEqual([...channels].sort());
      }
    }

    let allowed = 0;
    let capsFilledAcrossLoans = 0;
    const deferredBy = new Set<string>();
    fc.assert(
      fc.property(aRun, (input) => {
        const run = simulate(input);
        const j = run.person.home.jurisdiction;
        allowed += run.contacts.length;
        run.deferredBy.forEach((id) => deferredBy.add(id));

        for (const rule of capsOf(j)) {
          // A person cap counts every loan's contacts; a debt cap each loan's own.
          const groups = rule.scope === 'person' ? [run.contacts] : run.person.loans.map((l) => run.contacts.filter((c) => c.loanId === l.loanId));
          for (const group of groups) {
            for (const inWindow of capWindows(rule, countedBy(rule, group))) {
              expect(inWindow.length > rule.max ? `${rule.key} (max ${rule.max}) counts ${describeContacts(inWindow).join('; ')}` : null).toBeNull();
              if (rule.scope === 'person' && inWindow.length === rule.max && new Set(inWindow.map((c) => c.loanId)).size > 1) capsFilledAcrossLoans++;
            }
          }
        }

        const sorted = [...run.contacts].sort((a, b) => a.at - b.at);
        const gapMs = SHIPPED_PROFILES[j].spacing.minutes * MINUTE;
        for (let i = 1; i < sorted.length; i++) {
          const spaced = sorted[i].at - sorted[i - 1].at >= gapMs;
          expect(spaced ? null : `too close: ${describeContacts([sorted[i - 1], sorted[i]]).join('; ')}`).toBeNull();
        }

        if (j === 'US') {
          // Reg F's 7 calls in 7 days, counted over the person: several debts never multiply the calls.
          const calls = run.contacts.filter((c) => c.channel === 'VOICE');
          for (const a of calls) expect(calls.filter((b) => b.day <= a.day && b.day > a.day - 7).length).toBeLessThanOrEqual(7);
        }
      }),
      { numRuns: 100 },
    );
    // Not vacuous: contacts were made, and the person caps and spacing really held contacts back,
    // with the cap filled by contacts about different loans.
    expect(allowed).toBeGreaterThan(500);
    expect(capsFilledAcrossLoans).toBeGreaterThan(0);
    for (const id of ['channel-cap', 'not-excessive', 'calls-7-in-7', 'spacing']) expect([id, deferredBy.has(id)]).toEqual([id, true]);
  });

  it('(c) a stop on one loan blocks every contact with the person, on any loan, a brand-new one included, at any time', () => {
    type Stop = { kind: 'flag'; flag: CustomerFlag } | { kind: 'opt-out'; channel: Channel } | { kind: 'complaint'; category: ComplaintCategory };
    const RULE_OF_FLAG: Partial<Record<CustomerFlag, string>> = {
      DECEASED: 'flag-deceased',
      BANKRUPTCY: 'flag-bankruptcy',
      LITIGATION: 'flag-litigation',
      DO_NOT_CONTACT: 'flag-do-not-contact',
      BREATHING_SPACE: 'flag-breathing-space',
    };
    const ruleOf = (stop: Stop): string => (stop.kind === 'flag' ? RULE_OF_FLAG[stop.flag]! : stop.kind === 'opt-out' ? 'channel-opt-out' : 'complaint-open');
    const aStop: fc.Arbitrary<Stop> = fc.oneof(
      fc.constantFrom<CustomerFlag>('DECEASED', 'BANKRUPTCY', 'LITIGATION', 'DO_NOT_CONTACT', 'BREATHING_SPACE').map((flag): Stop => ({ kind: 'flag', flag })),
      fc.constantFrom(...CHANNELS).map((channel): Stop => ({ kind: 'opt-out', channel })),
      fc.constantFrom(...ALL_CONTACT_COMPLAINT_CATEGORIES).map((category): Stop => ({ kind: 'complaint', category })),
    );
    const aCase = fc.constantFrom(...HOMES).chain((home) =>
      fc.record({
        home: fc.constant(home),
        loanCount: fc.integer({ min: 1, max: 4 }),
        stopOn: fc.nat(3),
        stop: aStop,
        start: aStartFor(home),
        // Earlier contacts on the old loans: caps and spacing would defer, but a block wins.
        history: fc.array(fc.record({ loan: fc.nat(3), channel: fc.constantFrom(...CHANNELS), minutesBefore: fc.integer({ min: 0, max: 2 * 1440 }) }), {
          maxLength: 12,
        }),
        proposals: fc.array(fc.record({ loan: fc.nat(4), channel: fc.constantFrom(...CHANNELS), offsetMs: fc.integer({ min: 0, max: 3 * DAY }) }), {
          minLength: 1,
          maxLength: 8,
        }),
      }),
    );

    const blockedOn = { stoppedLoan: 0, otherLoan: 0, newLoan: 0 };
    const withoutStop = { allowed: 0, deferred: 0 };
    const stopsSeen = new Set<string>();
    fc.assert(
      fc.property(aCase, ({ home, loanCount, stopOn, stop, start, history, proposals }) => {
        const customerId = 'CU-1';
        const stopped = stopOn % loanCount;
        const loansWith = (withStop: boolean): CaseRecord[] => {
          const loans = Array.from({ length: loanCount }, (_, i) => {
            const loan = aLoanOf(home, customerId, `LN-${i + 1}`, start);
            if (withStop && i === stopped && stop.kind === 'flag') loan.withFlags(stop.flag);
            if (withStop && i === stopped && stop.kind === 'opt-out') loan.optedOutOf(stop.channel);
            return loan.build();
          });
          return [...loans, aLoanOf(home, customerId, 'LN-NEW', start).brandNew().build()];
        };
        const complaints = stop.kind === 'complaint' ? [{ category: guardComplaintCategory(stop.category) }] : [];
        const stoppedLoans = loansWith(true);
        const freeLoans = loansWith(false);
        const person: Person = { home, customerId, loans: stoppedLoans, protections: personProtections(stoppedLoans, complaints) };
        const free: Person = { home, customerId, loans: freeLoans, protections: personProtections(freeLoans, []) };
        const rows: AttemptHistoryRow[] = history
          .map((h) => ({
            loanId: `LN-${(h.loan % loanCount) + 1}`,
            sentAt: new Date(start - h.minutesBefore * MINUTE).toISOString(),
            channel: h.channel,
            status: 'sent',
            outcome: null,
          }))
          .sort((a, b) => a.sentAt.localeCompare(b.sentAt));
        const ruleId = ruleOf(stop);
        stopsSeen.add(ruleId);

        for (const p of proposals) {
          const index = p.loan % (loanCount + 1);
          // An opt-out stops the channel opted out of: that is the one proposed.
          const proposal = aProposal(home.jurisdiction, stop.kind === 'opt-out' ? stop.channel : p.channel, `AT-${index}`);
          const at = start + p.offsetMs;
          const decision = judge(person, person.loans[index], rows, proposal, at);
          expect({ loan: person.loans[index].loanId, at: new Date(at).toISOString(), decision }).toEqual({
            loan: person.loans[index].loanId,
            at: new Date(at).toISOString(),
            decision: { kind: 'blocked', ruleIds: expect.arrayContaining([ruleId]) },
          });
          // The same contact without the stop goes ahead (now or later): it is the stop that blocks.
          const control = judge(free, free.loans[index], rows, proposal, at);
          expect(control.kind).not.toBe('blocked');
          withoutStop[control.kind === 'allowed' ? 'allowed' : 'deferred']++;
          blockedOn[index === loanCount ? 'newLoan' : index === stopped ? 'stoppedLoan' : 'otherLoan']++;
        }
      }),
      { numRuns: 150 },
    );
    // Not vacuous: every kind of stop, on the stopped loan, the person's other loans and a new one,
    // at instants the guard would otherwise have allowed and ones it would have deferred.
    expect([...stopsSeen].sort()).toEqual(['channel-opt-out', 'complaint-open', ...Object.values(RULE_OF_FLAG)].sort());
    for (const n of Object.values(blockedOn)) expect(n).toBeGreaterThan(10);
    for (const n of Object.values(withoutStop)) expect(n).toBeGreaterThan(10);
  });
});
