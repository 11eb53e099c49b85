/**
 * The one mapping from a repayment history to the model's feature vector. Training (CSV rows of
 * the UCI credit-default data) and serving (the inbound contract's `history`) both fill a
 * `RepaymentHistory` and call `toFeatureVector`, so the two cannot drift apart; the artifact stores
 * `FEATURE_NAMES` and `FEATURE_MAPPING_VERSION`, and loading refuses a mismatch.
 *
 * Deliberately absent: sex, marital status, age and education (fair-lending practice; they are
 * kept by the CSV reader for audits only), and every absolute amount. The training amounts are
 * 2005 New Taiwan dollars while Clearpath lenders bill in CNY, USD or GBP, so only ratios carry
 * over: bill / limit, paid / bill, and the credit limit relative to a reference limit in the same
 * currency (the portfolio's median limit; see `RepaymentHistory.referenceLimitMinor`).
 * `bureauScore` is not in the training data and is ignored.
 */
import { parseMinorUnits } from './minor-units';

/** Bump when any feature's definition changes: artifacts built with another version will not load. */
export const FEATURE_MAPPING_VERSION = 1;

/** Months of history the model looks at; the UCI data has six. */
export const HISTORY_MONTHS = 6;

/**
 * UCI repayment status: -2 no balance to pay, -1 paid duly, 0 revolving credit (minimum paid),
 * 1..8 payment delayed that many months, 9 nine months or more.
 */
export type RepaymentStatus = -2 | -1 | 0 | 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8 | 9;

/**
 * Limit plus up to six months, newest first (slot 0 is the latest statement). Typed arrays so
 * serving can refill one instance per request without allocating. Slots at or past `monthCount`
 * hold the "no activity" filler: status -2, bill 0, paid 0, the data's own code for a month
 * without a balance.
 */
export interface RepaymentHistory {
  creditLimitMinor: number;
  /**
   * A typical credit limit of the same lender and currency (the training data's is its median,
   * NT$140,000). The model sees log2(limit / reference): a limit's size relative to the book it
   * comes from, which is what carries over between currencies and lenders, not its face value.
   */
  referenceLimitMinor: number;
  monthCount: number;
  readonly status: Int8Array;
  /** Statement balance in minor units; negative is a credit balance. */
  readonly billMinor: Float64Array;
  /** Amount paid during the month, in minor units; it pays the previous month's statement. */
  readonly paidMinor: Float64Array;
}

export interface MonthlyRepayment {
  readonly status: RepaymentStatus;
  readonly billMinor: number;
  readonly paidMinor: number;
}

/** Structurally the inbound contract's `history` entry (`HistoryEntryV1`). */
export interface ServingHistoryEntry {
  readonly month: string;
  readonly repaymentStatus: number;
  readonly billAmount: string;
  readonly paidAmount: string;
}

/** The fields of a `LoanOverdue` payload that scoring reads. `bureauScore` is accepted and unused. */
export interface ServingScoringInput {
  readonly creditLimit: string;
  readonly history?: readonly ServingHistoryEntry[];
  readonly bureauScore?: number;
}

export class FeatureMappingError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'FeatureMappingError';
  }
}

export function emptyRepaymentHistory(): RepaymentHistory {
  const h: RepaymentHistory = {
    creditLimitMinor: 0,
    referenceLimitMinor: 0,
    monthCount: 0,
    status: new Int8Array(HISTORY_MONTHS),
    billMinor: new Float64Array(HISTORY_MONTHS),
    paidMinor: new Float64Array(HISTORY_MONTHS),
  };
  resetMonths(h);
  return h;
}

/** Convenience for tests and tools; serving uses `fillFromServingInput` on a reused instance. */
export function repaymentHistory(creditLimitMinor: number, referenceLimitMinor: number, months: readonly MonthlyRepayment[]): RepaymentHistory {
  const h = emptyRepaymentHistory();
  h.creditLimitMinor = creditLimitMinor;
  h.referenceLimitMinor = referenceLimitMinor;
  const n = Math.min(months.length, HISTORY_MONTHS);
  for (let i = 0; i < n; i++) {
    const m = months[i];
    h.status[i] = checkStatus(m.status);
    h.billMinor[i] = m.billMinor;
    h.paidMinor[i] = m.paidMinor;
  }
  h.monthCount = n;
  return h;
}

function resetMonths(h: RepaymentHistory): void {
  h.monthCount = 0;
  h.status.fill(-2);
  h.billMinor.fill(0);
  h.paidMinor.fill(0);
}

function checkStatus(status: number): RepaymentStatus {
  if (!Number.isInteger(status) || status < -2 || status > 9) {
    throw new FeatureMappingError(`repayment status must be an integer -2..9, got ${status}`);
  }
  return status as RepaymentStatus;
}

/** "YYYY-MM" as a month count, read from char codes so the hot path does not split strings. */
function monthIndex(month: string): number {
  if (month.length !== 7 || month.charCodeAt(4) !== 45) throw new FeatureMappingError(`month must be YYYY-MM, got ${month}`);
  let year = 0;
  for (let i = 0; i < 4; i++) {
    const d = month.charCodeAt(i) - 48;
    if (d < 0 || d > 9) throw new FeatureMappingError(`month must be YYYY-MM, got ${month}`);
    year = year * 10 + d;
  }
  const m1 = month.charCodeAt(5) - 48;
  const m2 = month.charCodeAt(6) - 48;
  const m = m1 * 10 + m2;
  if (m1 < 0 || m1 > 1 || m2 < 0 || m2 > 9 || m < 1 || m > 12) throw new FeatureMappingError(`month must be YYYY-MM, got ${month}`);
  return year * 12 + (m - 1);
}

/**
 * Fills `target` from the contract's fields. Each entry goes to the slot given by its distance in
 * months from the newest entry, not by its array position, so an out-of-order or gappy history
 * still lines up with the training data's calendar months; a gap keeps the "no activity" filler.
 * Months older than the sixth are ignored (the training data has no seventh).
 */
export function fillFromServingInput(input: ServingScoringInput, referenceLimitMinor: number, target: RepaymentHistory): RepaymentHistory {
  resetMonths(target);
  target.creditLimitMinor = parseMinorUnits(input.creditLimit);
  target.referenceLimitMinor = referenceLimitMinor;
  const entries = input.history;
  if (entries === undefined || entries.length === 0) return target;
  let newest = -1;
  for (let i = 0; i < entries.length; i++) {
    const idx = monthIndex(entries[i].month);
    if (idx > newest) newest = idx;
  }
  let filled = 0; // bit mask of slots already taken: a repeated month keeps its first entry
  let observed = 0;
  for (let i = 0; i < entries.length; i++) {
    const e = entries[i];
    const slot = newest - monthIndex(e.month);
    if (slot >= HISTORY_MONTHS || (filled & (1 << slot)) !== 0) continue;
    filled |= 1 << slot;
    target.status[slot] = checkStatus(e.repaymentStatus);
    target.billMinor[slot] = parseMinorUnits(e.billAmount);
    target.paidMinor[slot] = parseMinorUnits(e.paidAmount);
    if (slot + 1 > observed) observed = slot + 1;
  }
  target.monthCount = observed;
  return target;
}

export type ReasonGroup =
  | 'LATEST_STATUS'
  | 'REPAYMENT_HISTORY'
  | 'UTILISATION'
  | 'BALANCE_TREND'
  | 'PAYMENT_COVERAGE'
  | 'FULL_PAYMENT'
  | 'PAYMENT_SIZE'
  | 'CREDIT_LIMIT';

export interface FeatureSpec {
  readonly name: string;
  /** Which human reason the feature's contribution is reported under. */
  readonly group: ReasonGroup;
  /** `status` features are categorical codes; the logistic baseline one-hot encodes them. */
  readonly kind: 'status' | 'numeric';
}

const statusSpecs: FeatureSpec[] = Array.from({ length: HISTORY_MONTHS }, (_, i) => ({
  name: `status_m${i}`,
  group: i === 0 ? 'LATEST_STATUS' : 'REPAYMENT_HISTORY',
  kind: 'status',
}));
const numeric = (name: string, group: ReasonGroup): FeatureSpec => ({ name, group, kind: 'numeric' });

export const FEATURES: readonly FeatureSpec[] = [
  ...statusSpecs,
  numeric('status_change_m0', 'LATEST_STATUS'),
  numeric('worst_delay_6m', 'REPAYMENT_HISTORY'),
  numeric('worst_delay_3m', 'REPAYMENT_HISTORY'),
  numeric('delayed_months_6m', 'REPAYMENT_HISTORY'),
  numeric('delayed_months_3m', 'REPAYMENT_HISTORY'),
  numeric('months_since_delay', 'REPAYMENT_HISTORY'),
  numeric('duly_paid_months_6m', 'REPAYMENT_HISTORY'),
  numeric('no_balance_months_6m', 'REPAYMENT_HISTORY'),
  numeric('revolving_months_6m', 'REPAYMENT_HISTORY'),
  ...Array.from({ length: HISTORY_MONTHS }, (_, i) => numeric(`utilisation_m${i}`, 'UTILISATION')),
  numeric('utilisation_avg_6m', 'UTILISATION'),
  numeric('utilisation_max_6m', 'UTILISATION'),
  numeric('utilisation_slope_6m', 'BALANCE_TREND'),
  numeric('balance_change_m0', 'BALANCE_TREND'),
  ...Array.from({ length: HISTORY_MONTHS - 1 }, (_, i) => numeric(`payment_coverage_m${i}`, 'PAYMENT_COVERAGE')),
  numeric('payment_coverage_5m', 'PAYMENT_COVERAGE'),
  numeric('months_since_full_payment', 'FULL_PAYMENT'),
  numeric('unpaid_bill_months_5m', 'FULL_PAYMENT'),
  numeric('payment_to_limit_avg_6m', 'PAYMENT_SIZE'),
  numeric('credit_limit_relative_log2', 'CREDIT_LIMIT'),
];

export const FEATURE_NAMES: readonly string[] = FEATURES.map((f) => f.name);
export const FEATURE_COUNT = FEATURES.length;

/** Position of a feature by name; throws on a typo rather than reading `undefined` as index. */
export function featureIndex(name: string): number {
  const i = FEATURE_NAMES.indexOf(name);
  if (i < 0) throw new FeatureMappingError(`unknown feature ${name}`);
  return i;
}

const I_STATUS_CHANGE = featureIndex('status_change_m0');
const I_WORST_6 = featureIndex('worst_delay_6m');
const I_WORST_3 = featureIndex('worst_delay_3m');
const I_DELAYED_6 = featureIndex('delayed_months_6m');
const I_DELAYED_3 = featureIndex('delayed_months_3m');
const I_SINCE_DELAY = featureIndex('months_since_delay');
const I_DULY = featureIndex('duly_paid_months_6m');
const I_NO_BALANCE = featureIndex('no_balance_months_6m');
const I_REVOLVING = featureIndex('revolving_months_6m');
const I_UTIL0 = featureIndex('utilisation_m0');
const I_UTIL_AVG = featureIndex('utilisation_avg_6m');
const I_UTIL_MAX = featureIndex('utilisation_max_6m');
const I_UTIL_SLOPE = featureIndex('utilisation_slope_6m');
const I_BALANCE_CHANGE = featureIndex('balance_change_m0');
const I_COVER0 = featureIndex('payment_coverage_m0');
const I_COVER_ALL = featureIndex('payment_coverage_5m');
const I_SINCE_FULL = featureIndex('months_since_full_payment');
const I_UNPAID = featureIndex('unpaid_bill_months_5m');
const I_PAY_TO_LIMIT = featureIndex('payment_to_limit_avg_6m');
const I_LIMIT_REL = featureIndex('credit_limit_relative_log2');

/**
 * Bounds keep a handful of extreme ratios (a bill of NT$1 paid with NT$100) from dominating the
 * logistic baseline; the trees never split beyond them anyway (99.9 % of utilisation is < 2.2).
 */
const UTIL_MIN = -1;
const UTIL_MAX = 3;
const COVER_MAX = 2;
const PAY_TO_LIMIT_MAX = 1;
/** 1/64 to 64 times the reference limit; the UCI data spans 1/14 to 7. */
const LIMIT_REL_LOG2_MAX = 6;

const clamp = (x: number, lo: number, hi: number): number => (x < lo ? lo : x > hi ? hi : x);

/** Least-squares slope of y over t = 0 (oldest) … 5 (newest): Σ(t − 2.5)·y / Σ(t − 2.5)². */
const SLOPE_DENOMINATOR = 17.5;

/**
 * Writes the feature vector of `h` into `out` (allocated once by the caller) and returns it.
 * A credit limit of zero or less (a closed line) is treated as one major unit, so utilisation
 * saturates at its bound instead of dividing by zero.
 */
export function toFeatureVector(h: RepaymentHistory, out: Float64Array = new Float64Array(FEATURE_COUNT)): Float64Array {
  if (out.length !== FEATURE_COUNT) throw new FeatureMappingError(`feature buffer must have length ${FEATURE_COUNT}`);
  if (!(h.referenceLimitMinor > 0)) throw new FeatureMappingError('referenceLimitMinor must be positive');
  const limit = h.creditLimitMinor > 100 ? h.creditLimitMinor : 100;
  const status = h.status;
  const bill = h.billMinor;
  const paid = h.paidMinor;

  let worst6 = 0;
  let worst3 = 0;
  let delayed6 = 0;
  let delayed3 = 0;
  let sinceDelay = HISTORY_MONTHS;
  let duly = 0;
  let noBalance = 0;
  let revolving = 0;
  let utilSum = 0;
  let utilMax = -Infinity;
  let utilSlope = 0;
  let paidSum = 0;
  for (let i = 0; i < HISTORY_MONTHS; i++) {
    const s = status[i];
    out[i] = s;
    if (s >= 1) {
      if (s > worst6) worst6 = s;
      delayed6++;
      if (i < 3) {
        if (s > worst3) worst3 = s;
        delayed3++;
      }
      if (i < sinceDelay) sinceDelay = i;
    } else if (s === -1) duly++;
    else if (s === -2) noBalance++;
    else revolving++;

    const u = clamp(bill[i] / limit, UTIL_MIN, UTIL_MAX);
    out[I_UTIL0 + i] = u;
    utilSum += u;
    if (u > utilMax) utilMax = u;
    // Slot i is (5 − i) months after the oldest slot.
    utilSlope += (HISTORY_MONTHS - 1 - i - 2.5) * u;
    paidSum += paid[i];
  }
  out[I_STATUS_CHANGE] = status[0] - status[1];
  out[I_WORST_6] = worst6;
  out[I_WORST_3] = worst3;
  out[I_DELAYED_6] = delayed6;
  out[I_DELAYED_3] = delayed3;
  out[I_SINCE_DELAY] = sinceDelay;
  out[I_DULY] = duly;
  out[I_NO_BALANCE] = noBalance;
  out[I_REVOLVING] = revolving;
  out[I_UTIL_AVG] = utilSum / HISTORY_MONTHS;
  out[I_UTIL_MAX] = utilMax;
  out[I_UTIL_SLOPE] = utilSlope / SLOPE_DENOMINATOR;
  out[I_BALANCE_CHANGE] = clamp((bill[0] - bill[1]) / limit, -UTIL_MAX, UTIL_MAX);

  // The payment made in month i settles the statement of month i + 1, so there are five pairs.
  let owedSum = 0;
  let paidAgainstSum = 0;
  let sinceFull = HISTORY_MONTHS - 1;
  let unpaid = 0;
  for (let i = 0; i < HISTORY_MONTHS - 1; i++) {
    const owed = bill[i + 1];
    let cover: number;
    if (owed > 0) {
      cover = clamp(paid[i] / owed, 0, COVER_MAX);
      owedSum += owed;
      paidAgainstSum += paid[i];
      if (paid[i] <= 0) unpaid++;
    } else {
      // Nothing was owed, so the statement counts as settled.
      cover = 1;
    }
    out[I_COVER0 + i] = cover;
    if (cover >= 1 && i < sinceFull) sinceFull = i;
  }
  out[I_COVER_ALL] = owedSum > 0 ? clamp(paidAgainstSum / owedSum, 0, COVER_MAX) : 1;
  out[I_SINCE_FULL] = sinceFull;
  out[I_UNPAID] = unpaid;
  out[I_PAY_TO_LIMIT] = clamp(paidSum / HISTORY_MONTHS / limit, 0, PAY_TO_LIMIT_MAX);
  out[I_LIMIT_REL] = clamp(Math.log2(limit / h.referenceLimitMinor), -LIMIT_REL_LOG2_MAX, LIMIT_REL_LOG2_MAX);
  return out;
}
