/**
 * Reader for the UCI "default of credit card clients" CSV (see data/README.md). Each row becomes
 * a `RepaymentHistory`, the same type serving fills from the inbound contract, so training goes
 * through the same `toFeatureVector`. Protected attributes are read into `audit` only: they exist
 * so the report can check calibration per group and never reach a feature vector.
 */
import { FeatureMappingError, HISTORY_MONTHS, emptyRepaymentHistory, type RepaymentHistory, type RepaymentStatus } from './feature-mapping';
import { parseMinorUnits } from './minor-units';

export const TARGET_COLUMN = 'default payment next month';
/** Newest first, like `RepaymentHistory` slots: September 2005 … April 2005. */
export const STATUS_COLUMNS = ['PAY_0', 'PAY_2', 'PAY_3', 'PAY_4', 'PAY_5', 'PAY_6'] as const;
export const BILL_COLUMNS = ['BILL_AMT1', 'BILL_AMT2', 'BILL_AMT3', 'BILL_AMT4', 'BILL_AMT5', 'BILL_AMT6'] as const;
export const PAID_COLUMNS = ['PAY_AMT1', 'PAY_AMT2', 'PAY_AMT3', 'PAY_AMT4', 'PAY_AMT5', 'PAY_AMT6'] as const;
/** Calendar months of the UCI columns, newest first, for building contract-shaped histories. */
export const UCI_MONTHS = ['2005-09', '2005-08', '2005-07', '2005-06', '2005-05', '2005-04'] as const;
/** Median LIMIT_BAL of the file (all 24,000 rows; a spec checks it), the reference limit in TWD. */
export const UCI_REFERENCE_LIMIT = '140000';
export const UCI_CURRENCY = 'TWD';

export interface CreditDefaultRecord {
  readonly id: number;
  readonly history: RepaymentHistory;
  /** 1 = did not pay next month (default), 0 = paid. */
  readonly defaulted: 0 | 1;
  /** Protected attributes, for fairness audits only. */
  readonly audit: { readonly sex: number; readonly education: number; readonly marriage: number; readonly age: number };
}

/** The raw string cells of one row by column name: amounts stay strings until parsed to minor units. */
export type CsvRow = Readonly<Record<string, string>>;

export function parseCsvRows(text: string): CsvRow[] {
  const lines = text.split('\n').filter((l) => l.length > 0);
  if (lines.length < 2) throw new FeatureMappingError('CSV has no data rows');
  const header = lines[0].replace(/\r$/, '').split(',');
  return lines.slice(1).map((line, n) => {
    const cells = line.replace(/\r$/, '').split(',');
    if (cells.length !== header.length) throw new FeatureMappingError(`CSV line ${n + 2}: ${cells.length} fields, expected ${header.length}`);
    return Object.fromEntries(header.map((h, i) => [h, cells[i]]));
  });
}

function cell(row: CsvRow, column: string): string {
  const v = row[column];
  if (v === undefined) throw new FeatureMappingError(`CSV has no column ${column}`);
  return v;
}

function integerCell(row: CsvRow, column: string): number {
  const v = cell(row, column);
  if (!/^-?\d+$/.test(v)) throw new FeatureMappingError(`${column} is not an integer: ${v}`);
  return Number(v);
}

/** One CSV row to the shared history type; amounts (whole NT$) go through the same money parser as serving. */
export function historyFromCsvRow(row: CsvRow, target: RepaymentHistory = emptyRepaymentHistory()): RepaymentHistory {
  target.creditLimitMinor = parseMinorUnits(cell(row, 'LIMIT_BAL'));
  target.referenceLimitMinor = parseMinorUnits(UCI_REFERENCE_LIMIT);
  for (let i = 0; i < HISTORY_MONTHS; i++) {
    const s = integerCell(row, STATUS_COLUMNS[i]);
    if (s < -2 || s > 9) throw new FeatureMappingError(`${STATUS_COLUMNS[i]} out of range: ${s}`);
    target.status[i] = s as RepaymentStatus;
    target.billMinor[i] = parseMinorUnits(cell(row, BILL_COLUMNS[i]));
    target.paidMinor[i] = parseMinorUnits(cell(row, PAID_COLUMNS[i]));
  }
  target.monthCount = HISTORY_MONTHS;
  return target;
}

export function recordFromCsvRow(row: CsvRow): CreditDefaultRecord {
  const y = integerCell(row, TARGET_COLUMN);
  if (y !== 0 && y !== 1) throw new FeatureMappingError(`target must be 0 or 1, got ${y}`);
  return {
    id: integerCell(row, 'ID'),
    history: historyFromCsvRow(row),
    defaulted: y,
    audit: {
      sex: integerCell(row, 'SEX'),
      education: integerCell(row, 'EDUCATION'),
      marriage: integerCell(row, 'MARRIAGE'),
      age: integerCell(row, 'AGE'),
    },
  };
}

export function parseCreditDefaultCsv(text: string): CreditDefaultRecord[] {
  return parseCsvRows(text).map(recordFromCsvRow);
}
