import fc from 'fast-check';
import { addDays } from '@clearpath/contracts';
import { loadRepaymentPolicy, parseRepaymentPolicy, PolicyValidationError } from '../policy/repayment-policy';
import { computeOffers, concViolations, type OfferCase } from './offer.engine';

const policy = loadRepaymentPolicy();
const aCase = (over: Partial<OfferCase> = {}): OfferCase => ({
  jurisdiction: 'CN',
  currency: 'CNY',
  outstandingMinor: 1_285_040n,
  overdueMinor: 171_235n,
  segment: 'EARLY_PLAN',
  today: '2026-11-29',
  lastExtensionOn: null,
  ...over,
});

describe('offers', () => {
  it('offers instalments, an extension and a promise for an early case, each with its exact total and schedule', () => {
    const set = computeOffers(policy, aCase());
    expect(set.policyVersion).toBe('2026.11.1/early');
    expect(set.offers.map((o) => o.offerId)).toEqual(['INSTALMENT-2', 'INSTALMENT-3', 'INSTALMENT-6', 'INSTALMENT-12', 'EXTENSION', 'PROMISE']);
    const six = set.offers.find((o) => o.offerId === 'INSTALMENT-6')!;
    expect(six.totalPayableMinor).toBe(171_235n);
    expect(six.schedule[0].dueDate).toBe('2026-12-02');
    expect(six.schedule.map((i) => i.amountMinor)).toEqual([28_539n, 28_539n, 28_539n, 28_539n, 28_539n, 28_540n]);
    expect(set.offers.find((o) => o.kind === 'PROMISE')!.latestDate).toBe('2026-12-09');
  });

  it('gives severe cases above the amount a settlement, which needs approval only above the threshold', () => {
    const set = computeOffers(policy, aCase({ segment: 'SEVERE' }));
    const s = set.offers.find((o) => o.kind === 'SETTLEMENT')!;
    expect(s.discountPercent).toBe(20);
    expect(s.totalPayableMinor).toBe(1_285_040n - 257_008n);
    expect(s.needsApproval).toBe(false);
    expect(set.offers.some((o) => o.offerId === 'INSTALMENT-6-R')).toBe(true);
    // Below the rule's minimum overdue the severe rule does not match: the default one does.
    expect(computeOffers(policy, aCase({ segment: 'SEVERE', overdueMinor: 50_000n })).rule).toBe('default');
  });

  it('allows one extension in the window', () => {
    expect(computeOffers(policy, aCase({ lastExtensionOn: '2026-10-01' })).offers.some((o) => o.kind === 'EXTENSION')).toBe(false);
    expect(computeOffers(policy, aCase({ lastExtensionOn: '2026-04-01' })).offers.some((o) => o.kind === 'EXTENSION')).toBe(true);
  });

  it('drops plans whose instalments would fall under the minimum, and offers nothing when nothing is overdue', () => {
    const small = computeOffers(policy, aCase({ overdueMinor: 12_000n }));
    expect(small.offers.filter((o) => o.kind === 'INSTALMENT').map((o) => o.schedule.length)).toEqual([2]);
    expect(computeOffers(policy, aCase({ overdueMinor: 0n })).offers).toEqual([]);
  });

  describe('GB: CONC 7.3.10R', () => {
    const gb = (over: Partial<OfferCase> = {}) => aCase({ jurisdiction: 'GB', currency: 'GBP', ...over });

    it('no first payment within 14 days, and a long instalment plan always beside a settlement', () => {
      const set = computeOffers(policy, gb({ segment: 'SEVERE', overdueMinor: 300_000n }));
      expect(set.offers.every((o) => o.kind === 'PROMISE' || o.schedule[0].dueDate >= addDays('2026-11-29', 14))).toBe(true);
      expect(Math.max(...set.offers.filter((o) => o.kind === 'INSTALMENT').map((o) => o.schedule.length))).toBeGreaterThanOrEqual(12);
      expect(concViolations(set, gb({ segment: 'SEVERE', overdueMinor: 300_000n }), policy.jurisdictions.GB)).toEqual([]);
    });

    it('the check itself catches a pressing offer set', () => {
      const c = gb({ segment: 'SEVERE', overdueMinor: 300_000n });
      const set = computeOffers(policy, c);
      const lumpOnly = { ...set, offers: set.offers.filter((o) => o.kind === 'SETTLEMENT') };
      expect(concViolations(lumpOnly, c, policy.jurisdictions.GB).map((v) => v.rule)).toEqual(['lump-sum']);
      const rushed = { ...set, offers: set.offers.map((o) => ({ ...o, schedule: o.schedule.map((i) => ({ ...i, dueDate: '2026-12-01' })) })) };
      expect(concViolations(rushed, c, policy.jurisdictions.GB).some((v) => v.rule === 'deadline')).toBe(true);
    });

    it('holds for arbitrary balances, segments and days (property)', () => {
      const segments = fc.constantFrom(null, 'DEFAULT', 'SELF_CURE', 'EARLY_PLAN', 'SEVERE', 'SEVERE_HIGH', 'LATE_RISK', 'PROTECTED', 'UNKNOWN');
      fc.assert(
        fc.property(
          fc.bigInt({ min: 0n, max: 10n ** 9n }),
          fc.bigInt({ min: 0n, max: 10n ** 9n }),
          segments,
          fc.integer({ min: 0, max: 3650 }),
          (overdue, extra, segment, day) => {
            const c = gb({ overdueMinor: overdue, outstandingMinor: overdue + extra, segment, today: addDays('2026-01-01', day) });
            const set = computeOffers(policy, c);
            expect(concViolations(set, c, policy.jurisdictions.GB)).toEqual([]);
            for (const o of set.offers) {
              expect(o.schedule.reduce((a, i) => a + i.amountMinor, 0n)).toBe(o.totalPayableMinor);
              expect(o.schedule.every((i) => i.amountMinor > 0n)).toBe(true);
            }
          },
        ),
        { numRuns: 400 },
      );
    });
  });
});

describe('policy file', () => {
  /** The policy as the file holds it, a plain JSON copy for a test to break (parseRepaymentPolicy takes `unknown`). */
  const raw = (): any => JSON.parse(JSON.stringify(policy));

  it('names the path of each problem', () => {
    const bad = raw();
    bad.rules[0].instalments.counts = [1, 30];
    bad.jurisdictions.CN.minInstalment = { CNY: '50' + 'x' };
    try {
      parseRepaymentPolicy(bad, 'test.json');
      throw new Error('should not load');
    } catch (error) {
      expect(error).toBeInstanceOf(PolicyValidationError);
      const paths = (error as PolicyValidationError).errors.map((e) => e.path);
      expect(paths).toEqual(expect.arrayContaining(['rules[0].instalments.counts[0]', 'rules[0].instalments.counts[1]', 'jurisdictions.CN.minInstalment.CNY']));
    }
  });

  it('refuses a GB profile that would press for lump sums or short deadlines', () => {
    const bad = raw();
    bad.jurisdictions.GB.minDaysToFirstPayment = 3;
    bad.jurisdictions.GB.protectAgainstLumpSum = false;
    bad.rules[1].instalments.counts = [2, 3];
    expect(() => parseRepaymentPolicy(bad)).toThrow(PolicyValidationError);
    const message = (() => {
      try {
        parseRepaymentPolicy(bad);
        return '';
      } catch (error) {
        return (error as Error).message;
      }
    })();
    expect(message).toMatch(/jurisdictions\.GB\.minDaysToFirstPayment: must be at least 14/);
    expect(message).toMatch(/jurisdictions\.GB\.protectAgainstLumpSum: must be true in GB/);
    expect(message).toMatch(/rules\[1\]\.instalments: a rule that applies in GB must offer a plan of at least 12/);
  });

  it('requires a catch-all last rule', () => {
    const bad = raw();
    bad.rules = [bad.rules[0]];
    expect(() => parseRepaymentPolicy(bad)).toThrow(/rules\[0\]: the last rule must match every case/);
  });
});
