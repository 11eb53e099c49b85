import fc from 'fast-check';
import { FEATURE_COUNT, type MonthlyRepayment, type RepaymentStatus, featureIndex, repaymentHistory, toFeatureVector } from './feature-mapping';
import { FEATURE_GROUP, REASON_GROUPS, describe as describeGroup, rankReasons } from './reason-codes';

const month = (status: RepaymentStatus, bill: number, paid: number): MonthlyRepayment => ({ status, billMinor: bill * 100, paidMinor: paid * 100 });
const STATUSES: RepaymentStatus[] = [-2, -1, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9];

describe('reason texts', () => {
  it('words a three-month delay and a 97 % utilisation as the product asks', () => {
    const h = repaymentHistory(1_000_000, 14_000_000, [
      month(3, 9_700, 0),
      month(2, 9_500, 0),
      month(1, 9_000, 200),
      month(0, 8_000, 300),
      month(0, 7_000, 300),
      month(0, 6_000, 300),
    ]);
    const x = toFeatureVector(h);
    const latest = describeGroup('LATEST_STATUS', x);
    expect(latest.code).toBe('LATEST_PAYMENT_DELAYED');
    expect(latest.text['zh-CN']).toBe('最近一期还款逾期三个月');
    expect(latest.text.en).toBe('latest payment delayed three months');
    const util = describeGroup('UTILISATION', x);
    expect(util.code).toBe('HIGH_UTILISATION');
    expect(util.text['zh-CN']).toBe('额度使用率 97%');
    expect(util.text.en).toBe('balance at 97 % of the limit');
    expect(describeGroup('REPAYMENT_HISTORY', x).text.en).toBe('payment delayed in 3 of the last 6 months, at worst three months');
    expect(describeGroup('FULL_PAYMENT', x).code).toBe('MISSED_PAYMENTS');
    expect(describeGroup('BALANCE_TREND', x).code).toBe('BALANCE_RISING');
  });

  it('words status 9 as nine months or more', () => {
    const x = toFeatureVector(repaymentHistory(100_000, 100_000, [month(9, 900, 0)]));
    expect(describeGroup('LATEST_STATUS', x).text).toEqual({ 'zh-CN': '最近一期还款逾期九个月及以上', en: 'latest payment delayed nine months or more' });
  });

  it('has a well-formed text for every group of any history', () => {
    const m = fc.record({
      status: fc.constantFrom(...STATUSES),
      billMinor: fc.integer({ min: -1e7, max: 1e9 }),
      paidMinor: fc.integer({ min: 0, max: 1e9 }),
    });
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1e9 }), fc.array(m, { maxLength: 6 }), (limit, months) => {
        const x = toFeatureVector(repaymentHistory(limit, 14_000_000, months));
        for (const g of REASON_GROUPS) {
          const d = describeGroup(g, x);
          expect(d.code).toMatch(/^[A-Z0-9_]+$/);
          for (const t of [d.text['zh-CN'], d.text.en]) {
            expect(t.length).toBeGreaterThan(3);
            expect(t).not.toMatch(/undefined|NaN|Infinity/);
          }
        }
      }),
    );
  });
});

describe('rankReasons', () => {
  const x = toFeatureVector(repaymentHistory(1_000_000, 14_000_000, [month(2, 9_000, 0), month(0, 8_000, 0)]));
  const contributions = new Float64Array(FEATURE_COUNT);
  contributions[featureIndex('status_m0')] = 0.6;
  contributions[featureIndex('status_change_m0')] = 0.1; // same group as status_m0
  contributions[featureIndex('utilisation_m0')] = 0.3;
  contributions[featureIndex('utilisation_avg_6m')] = 0.2;
  contributions[featureIndex('payment_to_limit_avg_6m')] = -0.9;
  contributions[featureIndex('months_since_full_payment')] = 0.05;
  const scratch = new Float64Array(REASON_GROUPS.length);

  it('sums features into their groups and ranks risk-raising reasons first', () => {
    const reasons = rankReasons(x, contributions, scratch, { top: 5 });
    expect(reasons.map((r) => r.code)).toEqual(['LATEST_PAYMENT_DELAYED', 'HIGH_UTILISATION', 'MISSED_PAYMENTS']);
    expect(reasons[0].contribution).toBeCloseTo(0.7, 12);
    expect(reasons[1].contribution).toBeCloseTo(0.5, 12);
  });

  it('can rank by size either way, and stops at top', () => {
    const reasons = rankReasons(x, contributions, scratch, { top: 2, direction: 'both' });
    expect(reasons.map((r) => r.code)).toEqual(['SMALL_PAYMENTS', 'LATEST_PAYMENT_DELAYED']);
    expect(reasons[0].contribution).toBeCloseTo(-0.9, 12);
  });

  it('maps every feature to a group', () => {
    expect(FEATURE_GROUP).toHaveLength(FEATURE_COUNT);
    for (const g of FEATURE_GROUP) expect(g).toBeGreaterThanOrEqual(0);
  });
});
