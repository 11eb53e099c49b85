/**
 * Human reasons for a score. Per-feature contributions (from the tree paths, or coef × (x − mean)
 * for the logistic challenger) are summed per reason group, the groups are ranked, and each group
 * is worded from the case's own feature values, in zh-CN and en. The code names the situation
 * (LATEST_PAYMENT_DELAYED, HIGH_UTILISATION …) so downstream rules can act on it without parsing
 * text; the contribution says how much it moved the log-odds of not paying.
 */
import { FEATURES, HISTORY_MONTHS, type ReasonGroup, featureIndex } from './feature-mapping';

export interface ReasonText {
  readonly 'zh-CN': string;
  readonly en: string;
}

export interface Reason {
  readonly code: string;
  /** Change in log-odds of non-payment this reason accounts for; positive raises the risk. */
  readonly contribution: number;
  readonly text: ReasonText;
}

export const REASON_GROUPS: readonly ReasonGroup[] = [
  'LATEST_STATUS',
  'REPAYMENT_HISTORY',
  'UTILISATION',
  'BALANCE_TREND',
  'PAYMENT_COVERAGE',
  'FULL_PAYMENT',
  'PAYMENT_SIZE',
  'CREDIT_LIMIT',
];

/** Group position per feature, for summing contributions without lookups in the hot path. */
export const FEATURE_GROUP: Int32Array = Int32Array.from(FEATURES.map((f) => REASON_GROUPS.indexOf(f.group)));

const EN_MONTHS = ['zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine'];
const ZH_MONTHS = ['零', '一', '两', '三', '四', '五', '六', '七', '八', '九'];

/** UCI status 9 means "nine months or more". */
const enDelay = (m: number): string => (m >= 9 ? 'nine months or more' : m === 1 ? 'one month' : `${EN_MONTHS[m]} months`);
const zhDelay = (m: number): string => (m >= 9 ? '九个月及以上' : `${ZH_MONTHS[m]}个月`);

/** Whole percent, with one decimal below 10 % so small shares do not read as "0 %". */
function pct(ratio: number): string {
  const p = ratio * 100;
  const a = Math.abs(p);
  return a < 10 && a !== 0 ? p.toFixed(1).replace(/\.0$/, '') : Math.round(p).toString();
}

const I = {
  status0: featureIndex('status_m0'),
  delayed6: featureIndex('delayed_months_6m'),
  worst6: featureIndex('worst_delay_6m'),
  revolving6: featureIndex('revolving_months_6m'),
  duly6: featureIndex('duly_paid_months_6m'),
  util0: featureIndex('utilisation_m0'),
  slope: featureIndex('utilisation_slope_6m'),
  cover0: featureIndex('payment_coverage_m0'),
  coverAll: featureIndex('payment_coverage_5m'),
  sinceFull: featureIndex('months_since_full_payment'),
  unpaid: featureIndex('unpaid_bill_months_5m'),
  payToLimit: featureIndex('payment_to_limit_avg_6m'),
  limitRel: featureIndex('credit_limit_relative_log2'),
};

interface Described {
  readonly code: string;
  readonly text: ReasonText;
}

const PAIRS = HISTORY_MONTHS - 1;

/** Words one reason group for a feature vector. */
export function describe(group: ReasonGroup, x: ArrayLike<number>): Described {
  switch (group) {
    case 'LATEST_STATUS': {
      const s = x[I.status0];
      if (s >= 1) {
        return {
          code: 'LATEST_PAYMENT_DELAYED',
          text: { 'zh-CN': `最近一期还款逾期${zhDelay(s)}`, en: `latest payment delayed ${enDelay(s)}` },
        };
      }
      if (s === 0) {
        return {
          code: 'LATEST_MINIMUM_PAYMENT',
          text: { 'zh-CN': '最近一期仅还最低还款额（循环信用）', en: 'only the minimum paid on the latest statement (revolving credit)' },
        };
      }
      if (s === -1) return { code: 'LATEST_PAID_ON_TIME', text: { 'zh-CN': '最近一期按时还款', en: 'latest statement paid on time' } };
      return { code: 'LATEST_NO_BALANCE', text: { 'zh-CN': '最近一期无应还款项', en: 'nothing due on the latest statement' } };
    }
    case 'REPAYMENT_HISTORY': {
      const n = x[I.delayed6];
      if (n > 0) {
        return {
          code: 'DELAYS_IN_LAST_6_MONTHS',
          text: {
            'zh-CN': `近6个月中有${n}个月逾期，最长逾期${zhDelay(x[I.worst6])}`,
            en: `payment delayed in ${n} of the last 6 months, at worst ${enDelay(x[I.worst6])}`,
          },
        };
      }
      const r = x[I.revolving6];
      if (r > 0) {
        return {
          code: 'MINIMUM_PAYMENTS_IN_LAST_6_MONTHS',
          text: { 'zh-CN': `近6个月中有${r}个月仅还最低还款额`, en: `only the minimum paid in ${r} of the last 6 months` },
        };
      }
      return {
        code: 'NO_DELAYS_IN_LAST_6_MONTHS',
        text: { 'zh-CN': `近6个月无逾期，其中${x[I.duly6]}个月按时还款`, en: `no delays in the last 6 months, paid on time in ${x[I.duly6]}` },
      };
    }
    case 'UTILISATION': {
      const u = x[I.util0];
      if (u < 0) {
        return { code: 'CREDIT_BALANCE', text: { 'zh-CN': '账户为溢缴款（贷方余额）', en: 'account in credit (negative balance)' } };
      }
      return {
        code: u >= 0.8 ? 'HIGH_UTILISATION' : 'UTILISATION',
        text: { 'zh-CN': `额度使用率 ${pct(u)}%`, en: `balance at ${pct(u)} % of the limit` },
      };
    }
    case 'BALANCE_TREND': {
      const s = x[I.slope];
      if (s >= 0.005) {
        return {
          code: 'BALANCE_RISING',
          text: { 'zh-CN': `近6个月欠款每月增加约额度的${pct(s)}%`, en: `balance rising by about ${pct(s)} % of the limit a month over 6 months` },
        };
      }
      if (s <= -0.005) {
        return {
          code: 'BALANCE_FALLING',
          text: { 'zh-CN': `近6个月欠款每月减少约额度的${pct(-s)}%`, en: `balance falling by about ${pct(-s)} % of the limit a month over 6 months` },
        };
      }
      return { code: 'BALANCE_STABLE', text: { 'zh-CN': '近6个月欠款基本不变', en: 'balance about unchanged over 6 months' } };
    }
    case 'PAYMENT_COVERAGE': {
      const c = x[I.cover0];
      if (c >= 1) {
        return { code: 'PREVIOUS_BILL_PAID', text: { 'zh-CN': '上期账单已全额还清', en: 'previous statement paid in full' } };
      }
      return {
        code: 'LOW_PAYMENT_COVERAGE',
        text: {
          'zh-CN': `最近一次还款仅为上期账单的${pct(c)}%（近${PAIRS}期平均${pct(x[I.coverAll])}%）`,
          en: `latest payment covered ${pct(c)} % of the previous statement (${pct(x[I.coverAll])} % over ${PAIRS} months)`,
        },
      };
    }
    case 'FULL_PAYMENT': {
      const unpaid = x[I.unpaid];
      if (unpaid > 0) {
        return {
          code: 'MISSED_PAYMENTS',
          text: { 'zh-CN': `近${PAIRS}期账单中有${unpaid}期未还款`, en: `nothing paid against ${unpaid} of the last ${PAIRS} statements` },
        };
      }
      const since = x[I.sinceFull];
      if (since >= PAIRS) {
        return {
          code: 'NO_FULL_PAYMENT',
          text: { 'zh-CN': `近${PAIRS}期账单均未全额还清`, en: `no statement paid in full in the last ${PAIRS} months` },
        };
      }
      return since === 0
        ? { code: 'RECENT_FULL_PAYMENT', text: { 'zh-CN': '本月已全额还清上期账单', en: 'previous statement paid in full this month' } }
        : {
            code: 'RECENT_FULL_PAYMENT',
            text: { 'zh-CN': `${since}个月前曾全额还清账单`, en: `a statement was paid in full ${since} month${since === 1 ? '' : 's'} ago` },
          };
    }
    case 'PAYMENT_SIZE': {
      const p = x[I.payToLimit];
      return {
        code: p < 0.02 ? 'SMALL_PAYMENTS' : 'PAYMENT_SIZE',
        text: { 'zh-CN': `月均还款额为额度的${pct(p)}%`, en: `payments average ${pct(p)} % of the limit a month` },
      };
    }
    case 'CREDIT_LIMIT': {
      const times = 2 ** x[I.limitRel];
      const t = times >= 10 ? times.toFixed(0) : times.toFixed(1);
      return {
        code: times < 1 ? 'LOW_CREDIT_LIMIT' : 'CREDIT_LIMIT',
        text: { 'zh-CN': `信用额度为同类客户中位数的${t}倍`, en: `credit limit ${t} times the portfolio median` },
      };
    }
  }
}

export interface ExplainOptions {
  /** How many reasons to return. */
  readonly top?: number;
  /**
   * `increasing` (default) returns only reasons that raise the risk, as adverse-action notices
   * and collectors need; `both` ranks by size either way.
   */
  readonly direction?: 'increasing' | 'both';
}

/**
 * Ranks the groups of `featureContributions` (summed into `groupScratch`, length
 * REASON_GROUPS.length) and words the top ones.
 */
export function rankReasons(x: ArrayLike<number>, featureContributions: ArrayLike<number>, groupScratch: Float64Array, options: ExplainOptions = {}): Reason[] {
  const top = options.top ?? 3;
  const both = options.direction === 'both';
  groupScratch.fill(0);
  for (let f = 0; f < FEATURE_GROUP.length; f++) groupScratch[FEATURE_GROUP[f]] += featureContributions[f];
  const reasons: Reason[] = [];
  // At most eight groups: repeated selection beats sorting an allocated array.
  let taken = 0;
  while (reasons.length < top) {
    let best = -1;
    let bestKey = both ? -1 : 0;
    for (let g = 0; g < REASON_GROUPS.length; g++) {
      if ((taken & (1 << g)) !== 0) continue;
      const key = both ? Math.abs(groupScratch[g]) : groupScratch[g];
      if (key > bestKey) {
        bestKey = key;
        best = g;
      }
    }
    if (best < 0) break;
    taken |= 1 << best;
    const d = describe(REASON_GROUPS[best], x);
    reasons.push({ code: d.code, contribution: groupScratch[best], text: d.text });
  }
  return reasons;
}
