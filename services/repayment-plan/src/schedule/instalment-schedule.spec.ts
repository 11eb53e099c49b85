import fc from 'fast-check';
import { addDays } from '@clearpath/contracts';
import { addMonthsClamped, daysBetween, isCivilDate } from './civil-date';
import { buildSchedule, sumMinor } from './instalment-schedule';

const civilDate = fc
  .date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date('2099-12-31T00:00:00Z'), noInvalidDate: true })
  .map((d) => d.toISOString().slice(0, 10));

describe('calendar', () => {
  it('clamps month ends and knows leap years, always counting from the anchor', () => {
    expect(addMonthsClamped('2027-01-31', 1)).toBe('2027-02-28');
    expect(addMonthsClamped('2028-01-31', 1)).toBe('2028-02-29');
    expect(addMonthsClamped('2027-01-31', 2)).toBe('2027-03-31');
    expect(addMonthsClamped('2027-12-15', 1)).toBe('2028-01-15');
    expect(addMonthsClamped('2100-01-29', 1)).toBe('2100-02-28');
    expect(addMonthsClamped('2000-01-30', 1)).toBe('2000-02-29');
    expect(addDays('2028-02-28', 1)).toBe('2028-02-29');
    expect(daysBetween('2027-12-30', '2028-01-02')).toBe(3);
    expect(isCivilDate('2027-02-29')).toBe(false);
    expect(isCivilDate('2028-02-29')).toBe(true);
  });
});

describe('instalment schedule (property-based)', () => {
  const total = fc.bigInt({ min: 24n, max: 10n ** 15n });
  const count = fc.integer({ min: 1, max: 24 });

  it('sums to the exact total, nothing zero or negative, amounts differ by at most one minor unit, remainder on the last ones', () => {
    fc.assert(
      fc.property(total, count, civilDate, (t, n, first) => {
        const s = buildSchedule({ totalMinor: t, count: n, firstDueDate: first });
        expect(s).toHaveLength(n);
        expect(sumMinor(s.map((i) => i.amountMinor))).toBe(t);
        const base = t / BigInt(n);
        const remainder = Number(t % BigInt(n));
        s.forEach((i, k) => {
          expect(i.amountMinor).toBeGreaterThan(0n);
          expect(i.amountMinor).toBe(base + (k >= n - remainder ? 1n : 0n));
          if (k > 0) expect(i.amountMinor).toBeGreaterThanOrEqual(s[k - 1].amountMinor);
        });
      }),
      { numRuns: 500 },
    );
  });

  it('dates are monthly on the anchor day, clamped to month ends, each a real date and later than the one before', () => {
    fc.assert(
      fc.property(count, civilDate, (n, first) => {
        const s = buildSchedule({ totalMinor: 10_000n, count: n, firstDueDate: first });
        const anchorDay = Number(first.slice(8));
        s.forEach((i, k) => {
          expect(isCivilDate(i.dueDate)).toBe(true);
          expect(i.dueDate).toBe(addMonthsClamped(first, k));
          const day = Number(i.dueDate.slice(8));
          expect(day === anchorDay || (day < anchorDay && addDays(i.dueDate, 1).slice(8) === '01')).toBe(true);
          if (k > 0) expect(daysBetween(s[k - 1].dueDate, i.dueDate)).toBeGreaterThanOrEqual(28);
        });
      }),
      { numRuns: 500 },
    );
  });

  it('with a reduced first payment: first as asked, the rest split by the same rule, still exact', () => {
    fc.assert(
      fc.property(total, fc.integer({ min: 2, max: 24 }), fc.integer({ min: 10, max: 90 }), civilDate, (t, n, percent, first) => {
        const firstMinor = ((t / BigInt(n)) * BigInt(percent)) / 100n;
        fc.pre(firstMinor >= 1n);
        const s = buildSchedule({ totalMinor: t, count: n, firstDueDate: first, firstMinor });
        expect(s[0].amountMinor).toBe(firstMinor);
        expect(sumMinor(s.map((i) => i.amountMinor))).toBe(t);
        expect(s.every((i) => i.amountMinor > 0n)).toBe(true);
        expect(s.slice(1).every((i) => i.amountMinor >= firstMinor)).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it('refuses what cannot be split', () => {
    expect(() => buildSchedule({ totalMinor: 2n, count: 3, firstDueDate: '2027-01-01' })).toThrow(/cannot be split/);
    expect(() => buildSchedule({ totalMinor: 100n, count: 0, firstDueDate: '2027-01-01' })).toThrow(/positive integer/);
    expect(buildSchedule({ totalMinor: 100n, count: 3, firstDueDate: '2027-01-31' }).map((i) => [i.dueDate, i.amountMinor])).toEqual([
      ['2027-01-31', 33n],
      ['2027-02-28', 33n],
      ['2027-03-31', 34n],
    ]);
  });
});
