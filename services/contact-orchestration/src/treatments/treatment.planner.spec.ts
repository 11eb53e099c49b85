import fc from 'fast-check';
import { dpdBucketOf, toMinorUnits, type Jurisdiction, type Locale } from '@clearpath/contracts';
import { TemplateCatalog } from '../templates/template.catalog';
import { TreatmentCatalog } from './treatment.catalog';
import { evaluateSteps, planDueSteps, type CaseState } from './treatment.planner';

const treatments = TreatmentCatalog.load(TemplateCatalog.load());
const NOW = new Date('2026-11-28T12:00:00Z');
const DAY = 86_400_000;
const daysAgo = (days: number): Date => new Date(NOW.getTime() - days * DAY);

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/** aCase().withDaysPastDue(75).owing('25000.00', 'CNY').segmentedDaysAgo(10).build() */
class CaseStateBuilder {
  private readonly state: Mutable<CaseState> = {
    daysPastDue: 10,
    dpdBucket: 'M1',
    overdueAmount: '1712.35',
    currency: 'CNY',
    jurisdiction: 'CN',
    locale: 'zh-CN',
    segmentedAt: daysAgo(0),
    openPromise: false,
    timezone: 'Asia/Shanghai',
    stepsDone: [],
  };

  withDaysPastDue(days: number): this {
    this.state.daysPastDue = days;
    this.state.dpdBucket = dpdBucketOf(days);
    return this;
  }
  owing(amount: string, currency: string): this {
    this.state.overdueAmount = amount;
    this.state.currency = currency;
    return this;
  }
  in(jurisdiction: Jurisdiction, locale: Locale, timezone?: string): this {
    Object.assign(this.state, { jurisdiction, locale, timezone });
    return this;
  }
  segmentedDaysAgo(days: number): this {
    this.state.segmentedAt = daysAgo(days);
    return this;
  }
  withOpenPromise(): this {
    this.state.openPromise = true;
    return this;
  }
  promiseBrokenDaysAgo(days: number): this {
    this.state.lastPromiseBrokenAt = daysAgo(days);
    return this;
  }
  lastContactDaysAgo(days: number): this {
    this.state.lastContactAt = daysAgo(days);
    return this;
  }
  withStepsDone(...stepIds: string[]): this {
    this.state.stepsDone = stepIds;
    return this;
  }
  build(): CaseState {
    return Object.freeze({ ...this.state, stepsDone: Object.freeze([...this.state.stepsDone]) });
  }
}
const aCase = (): CaseStateBuilder => new CaseStateBuilder();

const statusOf = (treatmentId: string, state: CaseState, stepId: string, now = NOW): string => {
  const step = evaluateSteps(treatments.get(treatmentId), state, now).find((e) => e.stepId === stepId);
  if (step === undefined) throw new Error(`no step ${stepId} in ${treatmentId}`);
  return step.status === 'due' ? 'due' : `${step.status}: ${step.reason}`;
};

describe('treatment planner', () => {
  describe('firm-field: the field visit (day 10 of the treatment)', () => {
    const visitCase = (): CaseStateBuilder => aCase().withDaysPastDue(75).owing('25000.00', 'CNY').segmentedDaysAgo(10);
    it.each<[string, CaseStateBuilder, string]>([
      ['M3, well above the CNY threshold', visitCase(), 'due'],
      ['M3, exactly at the threshold', visitCase().owing('20000.00', 'CNY'), 'due'],
      ['M3, one fen below the threshold', visitCase().owing('19999.99', 'CNY'), 'held: below-min-overdue'],
      ['M4+ in GB, at the GBP threshold', visitCase().withDaysPastDue(120).owing('2500.00', 'GBP').in('GB', 'en-GB', 'Europe/London'), 'due'],
      ['M2 (a partial cure), large balance', visitCase().withDaysPastDue(55), 'held: below-min-bucket'],
      ['M1, large balance', visitCase().withDaysPastDue(12), 'held: below-min-bucket'],
      ['US case: no doorstep visits', visitCase().owing('5000.00', 'USD').in('US', 'en-US', 'America/New_York'), 'held: jurisdiction-excluded'],
      ['a currency without a threshold', visitCase().owing('99999.00', 'EUR'), 'held: below-min-overdue'],
      ['an open promise to pay', visitCase().withOpenPromise(), 'held: open-promise'],
      ['day 9 of the treatment', visitCase().segmentedDaysAgo(9), 'waiting: trigger-not-reached'],
      ['visit already made', visitCase().withStepsDone('field-visit-1'), 'done: done'],
    ])('%s → %s', (_, state, expected) => {
      expect(statusOf('firm-field', state.build(), 'field-visit-1')).toBe(expected);
    });
  });

  describe('no reminders while a promise is open, where the step says so', () => {
    it.each(['gentle-reminder', 'standard-reminder', 'firm-reminder', 'firm-field', 'gentle-protected', 'plan-offer-early', 'plan-offer-settlement'])(
      '%s plans nothing for a case with an open promise, and resumes when it closes',
      (treatmentId) => {
        const base = aCase().withDaysPastDue(70).owing('30000.00', 'CNY').segmentedDaysAgo(20).lastContactDaysAgo(10).promiseBrokenDaysAgo(3);
        expect(planDueSteps(treatments.get(treatmentId), base.withOpenPromise().build(), NOW)).toEqual([]);
        const closed = { ...base.build(), openPromise: false };
        expect(planDueSteps(treatments.get(treatmentId), closed, NOW).length).toBeGreaterThan(0);
      },
    );
  });

  describe('triggers', () => {
    it('daysPastDue: the standard letter goes out from 45 days past due, however late the case entered', () => {
      const letter = (dpd: number): string => statusOf('standard-reminder', aCase().withDaysPastDue(dpd).build(), 'letter-1');
      expect(letter(44)).toBe('waiting: trigger-not-reached');
      expect(letter(45)).toBe('due');
    });

    it('daysSinceEvent counts whole days from the event', () => {
      const at = (hoursAgo: number): string => {
        const state = { ...aCase().build(), segmentedAt: new Date(NOW.getTime() - hoursAgo * 3_600_000) };
        return statusOf('standard-reminder', state, 'email-1');
      };
      expect(at(23)).toBe('waiting: trigger-not-reached');
      expect(at(24)).toBe('due');
    });

    it('a broken promise fires its follow-up a day later, but not one broken before the treatment began', () => {
      const state = (segmented: number, broken: number): CaseState => aCase().segmentedDaysAgo(segmented).promiseBrokenDaysAgo(broken).build();
      expect(statusOf('standard-reminder', state(10, 0), 'promise-broken-sms')).toBe('waiting: trigger-not-reached');
      expect(statusOf('standard-reminder', state(10, 1), 'promise-broken-sms')).toBe('due');
      expect(statusOf('standard-reminder', state(10, 12), 'promise-broken-sms')).toBe('waiting: event-not-seen');
      expect(statusOf('standard-reminder', aCase().segmentedDaysAgo(10).build(), 'promise-broken-sms')).toBe('waiting: event-not-seen');
    });

    it('a contact trigger waits for quiet days since the last contact', () => {
      expect(statusOf('standard-reminder', aCase().segmentedDaysAgo(8).lastContactDaysAgo(4).build(), 'voice-2')).toBe('waiting: trigger-not-reached');
      expect(statusOf('standard-reminder', aCase().segmentedDaysAgo(8).lastContactDaysAgo(5).build(), 'voice-2')).toBe('due');
    });

    it('WeChat-style messages only in CN', () => {
      expect(statusOf('gentle-reminder', aCase().segmentedDaysAgo(4).build(), 'im-1')).toBe('due');
      expect(statusOf('gentle-reminder', aCase().segmentedDaysAgo(4).owing('10.00', 'GBP').in('GB', 'en-GB').build(), 'im-1')).toBe(
        'held: jurisdiction-excluded',
      );
    });
  });

  describe('gentle-protected: no voice before 10:00 in the debtor time zone', () => {
    const protectedCase = (timezone?: string): CaseState => aCase().segmentedDaysAgo(14).in('CN', 'zh-CN', timezone).build();
    it.each([
      ['Asia/Shanghai', '2026-11-28T01:59:00Z', 'held: before-local-time'], // 09:59 in Shanghai
      ['Asia/Shanghai', '2026-11-28T02:00:00Z', 'due'], // 10:00
      ['Europe/London', '2026-07-01T08:59:00Z', 'held: before-local-time'], // 09:59 BST
      ['Europe/London', '2026-07-01T09:00:00Z', 'due'],
      ['America/New_York', '2026-11-28T14:59:00Z', 'held: before-local-time'], // 09:59 EST
      ['Not/AZone', '2026-11-28T12:00:00Z', 'held: no-timezone'],
      [undefined, '2026-11-28T12:00:00Z', 'held: no-timezone'],
    ])('%s at %s → %s', (timezone, at, expected) => {
      const now = new Date(at);
      const state = { ...protectedCase(timezone), segmentedAt: new Date(now.getTime() - 14 * DAY) };
      expect(statusOf('gentle-protected', state, 'voice-1', now)).toBe(expected);
    });

    it('never plans a field visit, whatever the case', () => {
      const state = aCase().withDaysPastDue(200).owing('999999.00', 'CNY').segmentedDaysAgo(60).build();
      expect(planDueSteps(treatments.get('gentle-protected'), state, NOW).map((s) => s.channel)).not.toContain('FIELD_VISIT');
    });
  });

  it('walks a CN standard-reminder case day by day: each step once, the follow-up call after five quiet days', () => {
    const treatment = treatments.get('standard-reminder');
    const segmentedAt = new Date('2026-11-01T02:00:00Z');
    let state: CaseState = { ...aCase().withDaysPastDue(31).build(), segmentedAt };
    const log: string[] = [];
    for (let day = 0; day <= 16; day++) {
      const now = new Date(segmentedAt.getTime() + day * DAY + 3_600_000);
      const due = planDueSteps(treatment, { ...state, daysPastDue: 31 + day, dpdBucket: dpdBucketOf(31 + day) }, now);
      for (const step of due) log.push(`day ${day}: ${step.stepId} ${step.channel} ${step.templateId} v${step.treatmentVersion}`);
      if (due.length > 0) state = { ...state, stepsDone: [...state.stepsDone, ...due.map((s) => s.stepId)], lastContactAt: now };
    }
    expect(log).toEqual([
      'day 0: sms-1 SMS standard-sms v1',
      'day 1: email-1 EMAIL standard-email v1',
      'day 3: voice-1 VOICE standard-voice v1',
      'day 5: im-1 IM standard-im v1',
      'day 10: voice-2 VOICE standard-voice v1',
      'day 14: letter-1 LETTER standard-letter v1',
    ]);
  });

  describe('properties over arbitrary cases', () => {
    const arbitraryCase = fc
      .record({
        dpd: fc.integer({ min: 1, max: 400 }),
        cents: fc.bigInt({ min: 0n, max: 10_000_000n }),
        where: fc.constantFrom(['CN', 'zh-CN', 'CNY', 'Asia/Shanghai'], ['US', 'en-US', 'USD', 'America/Chicago'], ['GB', 'en-GB', 'GBP', 'Europe/London']),
        segmentedDaysAgo: fc.integer({ min: 0, max: 90 }),
        openPromise: fc.boolean(),
        contactDaysAgo: fc.option(fc.integer({ min: 0, max: 90 }), { nil: undefined }),
        brokenDaysAgo: fc.option(fc.integer({ min: 0, max: 90 }), { nil: undefined }),
        done: fc.subarray(['sms-1', 'email-1', 'voice-1', 'voice-2', 'letter-1', 'field-visit-1', 'im-1']),
        minutes: fc.integer({ min: 0, max: 24 * 60 - 1 }),
        treatmentId: fc.constantFrom(...treatments.list().map((t) => t.treatmentId)),
      })
      .map((a) => {
        const [jurisdiction, locale, currency, timezone] = a.where as [Jurisdiction, Locale, string, string];
        const now = new Date(NOW.getTime() + a.minutes * 60_000);
        const state: CaseState = Object.freeze({
          daysPastDue: a.dpd,
          dpdBucket: dpdBucketOf(a.dpd),
          overdueAmount: `${a.cents / 100n}.${(a.cents % 100n).toString().padStart(2, '0')}`,
          currency,
          jurisdiction,
          locale,
          timezone,
          segmentedAt: daysAgo(a.segmentedDaysAgo),
          openPromise: a.openPromise,
          ...(a.contactDaysAgo === undefined ? {} : { lastContactAt: daysAgo(a.contactDaysAgo) }),
          ...(a.brokenDaysAgo === undefined ? {} : { lastPromiseBrokenAt: daysAgo(a.brokenDaysAgo) }),
          stepsDone: Object.freeze(a.done),
        });
        return { treatment: treatments.get(a.treatmentId), state, now };
      });

    it('is deterministic, never plans a done step, and never plans a field visit below M3 or below the threshold', () => {
      fc.assert(
        fc.property(arbitraryCase, ({ treatment, state, now }) => {
          const plan = planDueSteps(treatment, state, now);
          expect(planDueSteps(treatment, state, now)).toEqual(plan);
          for (const step of plan) {
            expect(state.stepsDone).not.toContain(step.stepId);
            const definition = treatment.steps.find((s) => s.stepId === step.stepId)!;
            if (definition.conditions?.noOpenPromise) expect(state.openPromise).toBe(false);
            if (step.channel === 'FIELD_VISIT') {
              expect(['M3', 'M4+']).toContain(state.dpdBucket);
              const threshold = definition.conditions!.minOverdue![state.currency as 'CNY' | 'USD' | 'GBP']!;
              expect(toMinorUnits(state.overdueAmount) >= toMinorUnits(threshold)).toBe(true);
            }
          }
        }),
        { numRuns: 400 },
      );
    });
  });
});
