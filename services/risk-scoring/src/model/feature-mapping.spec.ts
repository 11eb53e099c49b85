import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import {
  BILL_COLUMNS,
  type CsvRow,
  PAID_COLUMNS,
  STATUS_COLUMNS,
  TARGET_COLUMN,
  UCI_MONTHS,
  UCI_REFERENCE_LIMIT,
  historyFromCsvRow,
  parseCsvRows,
  recordFromCsvRow,
} from './credit-default-csv';
import {
  FEATURE_COUNT,
  FEATURE_NAMES,
  type ServingHistoryEntry,
  emptyRepaymentHistory,
  featureIndex,
  fillFromServingInput,
  repaymentHistory,
  toFeatureVector,
} from './feature-mapping';
import { parseMinorUnits } from './minor-units';

const REFERENCE = parseMinorUnits(UCI_REFERENCE_LIMIT);

/** The first data row of the shipped CSV (ID 1). */
const ROW_1 = '1,20000,2,2,1,24,2,2,-1,-1,-2,-2,3913,3102,689,0,0,0,0,689,0,0,0,0,1';
const HEADER =
  'ID,LIMIT_BAL,SEX,EDUCATION,MARRIAGE,AGE,PAY_0,PAY_2,PAY_3,PAY_4,PAY_5,PAY_6,BILL_AMT1,BILL_AMT2,BILL_AMT3,BILL_AMT4,BILL_AMT5,BILL_AMT6,PAY_AMT1,PAY_AMT2,PAY_AMT3,PAY_AMT4,PAY_AMT5,PAY_AMT6,default payment next month';

interface Month {
  status: number;
  bill: number;
  paid: number;
}

function csvRow(limit: number, months: Month[], extra: Partial<Record<string, string>> = {}): CsvRow {
  const row: Record<string, string> = { ID: '1', LIMIT_BAL: String(limit), SEX: '1', EDUCATION: '2', MARRIAGE: '1', AGE: '35', [TARGET_COLUMN]: '0' };
  months.forEach((m, i) => {
    row[STATUS_COLUMNS[i]] = String(m.status);
    row[BILL_COLUMNS[i]] = String(m.bill);
    row[PAID_COLUMNS[i]] = String(m.paid);
  });
  return { ...row, ...extra } as CsvRow;
}

/** The same months as the inbound contract sends them: decimal strings, newest first. */
function servingEntries(months: Month[]): ServingHistoryEntry[] {
  return months.map((m, i) => ({
    month: UCI_MONTHS[i],
    repaymentStatus: m.status,
    billAmount: `${m.bill}.00`,
    paidAmount: i % 2 === 0 ? `${m.paid}.00` : String(m.paid),
  }));
}

const monthArb = fc.record({
  status: fc.integer({ min: -2, max: 9 }),
  bill: fc.integer({ min: -200_000, max: 1_000_000 }),
  paid: fc.integer({ min: 0, max: 1_000_000 }),
});
const caseArb = fc.record({
  limit: fc.integer({ min: 1, max: 1_000_000 }),
  months: fc.array(monthArb, { minLength: 6, maxLength: 6 }),
});

describe('feature mapping', () => {
  it('gives the same vector for a training row and the same history arriving from serving', () => {
    fc.assert(
      fc.property(caseArb, ({ limit, months }) => {
        const fromCsv = toFeatureVector(historyFromCsvRow(csvRow(limit, months)));
        const fromServing = toFeatureVector(
          fillFromServingInput({ creditLimit: `${limit}.00`, history: servingEntries(months) }, REFERENCE, emptyRepaymentHistory()),
        );
        expect(Array.from(fromServing)).toEqual(Array.from(fromCsv));
      }),
    );
  });

  it('maps the first row of the data file as expected', () => {
    const [row] = parseCsvRows(`${HEADER}\n${ROW_1}\n`);
    const record = recordFromCsvRow(row);
    expect(record.defaulted).toBe(1);
    const x = toFeatureVector(record.history);
    const at = (name: string): number => x[featureIndex(name)];
    expect(Array.from(x.subarray(0, 6))).toEqual([2, 2, -1, -1, -2, -2]);
    expect(at('worst_delay_6m')).toBe(2);
    expect(at('delayed_months_6m')).toBe(2);
    expect(at('months_since_delay')).toBe(0);
    expect(at('utilisation_m0')).toBeCloseTo(3913 / 20000, 12);
    // September's payment (0) against August's bill (3102); August's (689) against July's bill (689).
    expect(at('payment_coverage_m0')).toBe(0);
    expect(at('payment_coverage_m1')).toBe(1);
    expect(at('months_since_full_payment')).toBe(1);
    expect(at('unpaid_bill_months_5m')).toBe(1);
    expect(at('credit_limit_relative_log2')).toBeCloseTo(Math.log2(20000 / 140000), 12);
  });

  it('never reads protected attributes', () => {
    for (const name of FEATURE_NAMES) expect(name).not.toMatch(/sex|gender|age\b|marri|educat/i);
    fc.assert(
      fc.property(caseArb, fc.integer({ min: 1, max: 2 }), fc.integer({ min: 21, max: 79 }), ({ limit, months }, sex, age) => {
        const a = toFeatureVector(historyFromCsvRow(csvRow(limit, months)));
        const b = toFeatureVector(historyFromCsvRow(csvRow(limit, months, { SEX: String(sex), AGE: String(age), MARRIAGE: '3', EDUCATION: '4' })));
        expect(Array.from(b)).toEqual(Array.from(a));
      }),
    );
  });

  it('places serving entries by calendar month, whatever their order, and pads missing months', () => {
    const months: Month[] = [
      { status: 1, bill: 900, paid: 0 },
      { status: 0, bill: 800, paid: 100 },
      { status: -1, bill: 500, paid: 500 },
    ];
    const inOrder = servingEntries(months);
    const shuffled = [inOrder[2], inOrder[0], inOrder[1]];
    const a = fillFromServingInput({ creditLimit: '1000', history: inOrder }, REFERENCE, emptyRepaymentHistory());
    const b = fillFromServingInput({ creditLimit: '1000', history: shuffled }, REFERENCE, emptyRepaymentHistory());
    expect(Array.from(toFeatureVector(b))).toEqual(Array.from(toFeatureVector(a)));
    expect(a.monthCount).toBe(3);
    expect(Array.from(a.status)).toEqual([1, 0, -1, -2, -2, -2]);

    // A gap (2005-08 missing) keeps September in slot 0 and July in slot 2.
    const gappy = fillFromServingInput({ creditLimit: '1000', history: [inOrder[0], inOrder[2]] }, REFERENCE, emptyRepaymentHistory());
    expect(Array.from(gappy.status)).toEqual([1, -2, -1, -2, -2, -2]);

    // Twelve months: only the newest six count.
    const twelve: ServingHistoryEntry[] = Array.from({ length: 12 }, (_, i) => ({
      month: `2024-${String(12 - i).padStart(2, '0')}`,
      repaymentStatus: i < 6 ? 0 : 5,
      billAmount: '100.00',
      paidAmount: '10.00',
    }));
    const h = fillFromServingInput({ creditLimit: '1000.00', history: twelve }, REFERENCE, emptyRepaymentHistory());
    expect(h.monthCount).toBe(6);
    expect(toFeatureVector(h)[featureIndex('worst_delay_6m')]).toBe(0);
  });

  it('crosses a year boundary', () => {
    const h = fillFromServingInput(
      {
        creditLimit: '1000',
        history: [
          { month: '2025-01', repaymentStatus: 2, billAmount: '10', paidAmount: '0' },
          { month: '2024-12', repaymentStatus: 1, billAmount: '10', paidAmount: '0' },
        ],
      },
      REFERENCE,
      emptyRepaymentHistory(),
    );
    expect(Array.from(h.status.subarray(0, 2))).toEqual([2, 1]);
  });

  it('gives finite features for any valid serving input, including an empty history and a zero limit', () => {
    const amount = fc.tuple(fc.boolean(), fc.bigInt({ min: 0n, max: 10n ** 17n - 1n })).map(([neg, v]) => {
      const s = `${v / 100n}.${(v % 100n).toString().padStart(2, '0')}`;
      return neg ? `-${s}` : s;
    });
    const unsigned = fc.bigInt({ min: 0n, max: 10n ** 17n - 1n }).map((v) => `${v / 100n}.${(v % 100n).toString().padStart(2, '0')}`);
    const entry = fc.record({
      month: fc.tuple(fc.integer({ min: 2000, max: 2030 }), fc.integer({ min: 1, max: 12 })).map(([y, m]) => `${y}-${String(m).padStart(2, '0')}`),
      repaymentStatus: fc.integer({ min: -2, max: 9 }),
      billAmount: amount,
      paidAmount: unsigned,
    });
    const target = emptyRepaymentHistory();
    const out = new Float64Array(FEATURE_COUNT);
    fc.assert(
      fc.property(unsigned, fc.array(entry, { maxLength: 12 }), (creditLimit, history) => {
        toFeatureVector(fillFromServingInput({ creditLimit, history }, REFERENCE, target), out);
        for (const v of out) expect(Number.isFinite(v)).toBe(true);
      }),
    );
  });

  it('rejects malformed input instead of guessing', () => {
    const t = emptyRepaymentHistory();
    const entry = { month: '2025-01', repaymentStatus: 0, billAmount: '1.00', paidAmount: '0.00' };
    expect(() => fillFromServingInput({ creditLimit: '1,000', history: [entry] }, REFERENCE, t)).toThrow();
    expect(() => fillFromServingInput({ creditLimit: '1000', history: [{ ...entry, month: '2025-13' }] }, REFERENCE, t)).toThrow();
    expect(() => fillFromServingInput({ creditLimit: '1000', history: [{ ...entry, repaymentStatus: 10 }] }, REFERENCE, t)).toThrow();
    expect(() => fillFromServingInput({ creditLimit: '1000', history: [{ ...entry, billAmount: '1.005' }] }, REFERENCE, t)).toThrow();
    expect(() => toFeatureVector(repaymentHistory(100, 0, []))).toThrow();
  });

  it('uses the median credit limit of the shipped data as the reference', () => {
    const text = readFileSync(join(__dirname, '../../data/credit-default-taiwan.csv'), 'utf8');
    const limits = text
      .split('\n')
      .slice(1)
      .filter((l) => l.length > 0)
      .map((l) => Number(l.split(',')[1]))
      .sort((a, b) => a - b);
    expect(limits).toHaveLength(24_000);
    expect(String(limits[limits.length / 2 - 1])).toBe(UCI_REFERENCE_LIMIT);
    expect(String(limits[limits.length / 2])).toBe(UCI_REFERENCE_LIMIT);
  });
});
