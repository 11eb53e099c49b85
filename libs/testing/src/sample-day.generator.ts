import { createHash } from 'node:crypto';
import { addDays } from '@clearpath/contracts';

/**
 * A deterministic day of core-banking traffic for demos and benchmarks: the nightly roll of
 * LoanOverdue events, the day's payments, a few closures and flags, across CN, US and GB debtors.
 * The same seed gives the same events (event ids included), so a replay is idempotent.
 */
export interface SampleDayOptions {
  readonly loans: number;
  readonly seed?: string;
  /** Calendar day of the roll, YYYY-MM-DD. */
  readonly day?: string;
  /** Only the nightly roll (LoanOverdue events), as the benchmark wants. */
  readonly overdueOnly?: boolean;
  /** LoanOverdue events per loan (successive daily rolls). */
  readonly rollsPerLoan?: number;
}

type Doc = Record<string, unknown>;

export function deterministicUuid(seed: string): string {
  const h = createHash('sha1').update(seed).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${((parseInt(h[16], 16) & 0x3) | 0x8).toString(16)}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** Mulberry32: small, fast, seedable. */
function prng(seed: string): () => number {
  let a = createHash('sha1').update(seed).digest().readUInt32LE(0);
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const REGIONS = [
  {
    weight: 0.6,
    jurisdiction: 'CN',
    locale: 'zh-CN',
    timezone: 'Asia/Shanghai',
    currency: 'CNY',
    offset: '+08:00',
    names: ['王小明', '李娜', '张伟', '刘洋', '陈静'],
    phone: (n: number) => `+86138${String(n).padStart(8, '0')}`,
  },
  {
    weight: 0.25,
    jurisdiction: 'US',
    locale: 'en-US',
    timezone: 'America/New_York',
    currency: 'USD',
    offset: '-05:00',
    names: ['Ann Smith', 'John Doe', 'Maria Garcia', 'James Lee'],
    phone: (n: number) => `+1212555${String(n % 10000).padStart(4, '0')}`,
  },
  {
    weight: 0.15,
    jurisdiction: 'GB',
    locale: 'en-GB',
    timezone: 'Europe/London',
    currency: 'GBP',
    offset: '+00:00',
    names: ["Ann O'Neil", 'Oliver Brown', 'Amelia Jones'],
    phone: (n: number) => `+447700${String(n % 1000000).padStart(6, '0')}`,
  },
] as const;

const cents = (n: number) => `${Math.floor(n / 100)}.${String(n % 100).padStart(2, '0')}`;

export function sampleLoanId(i: number): string {
  return `LN-SAMPLE-${String(i).padStart(4, '0')}`;
}

export function generateSampleDay(options: SampleDayOptions): Doc[] {
  const seed = options.seed ?? 'clearpath-sample-day';
  const day = options.day ?? '2026-11-28';
  const random = prng(seed);
  const docs: Doc[] = [];
  const rolls = options.rollsPerLoan ?? 1;
  let n = 0;
  const envelope = (eventType: string, loanId: string, sequence: number, occurredAt: string): Doc => ({
    eventId: deterministicUuid(`${seed}/${n++}`),
    eventType,
    schemaVersion: 1,
    occurredAt,
    source: 'core-banking',
    loanId,
    sequence,
  });
  for (let i = 1; i <= options.loans; i++) {
    const pick = random();
    const region = pick < 0.6 ? REGIONS[0] : pick < 0.85 ? REGIONS[1] : REGIONS[2];
    const loanId = options.loans > 99_999 ? `LN-BENCH-${seed}-${i}` : sampleLoanId(i);
    const limit = 100_000 + Math.floor(random() * 4_900_000); // 1,000.00 – 50,000.00
    const outstanding = Math.floor(limit * (0.3 + random() * 0.7));
    const overdue = Math.max(1, Math.floor(outstanding * (0.05 + random() * 0.25)));
    const dpd0 = 1 + Math.floor(random() * 120);
    const customer = {
      customerId: `C-${String(i).padStart(6, '0')}`,
      fullName: region.names[i % region.names.length],
      phone: region.phone(i),
      timezone: region.timezone,
      locale: region.locale,
      jurisdiction: region.jurisdiction,
      ...(region.jurisdiction === 'CN' ? {} : { email: `debtor${i}@example.com` }),
      address: {
        city: region.jurisdiction === 'CN' ? '郑州市' : region.jurisdiction === 'US' ? 'New York' : 'London',
        line1: `${i} Sample Road`,
        postalCode: '450000',
      },
    };
    const history = Array.from({ length: 6 }, (_, m) => {
      const status = m === 0 ? Math.min(9, Math.ceil(dpd0 / 30)) : Math.floor(random() * 4) - 1;
      const bill = Math.floor(overdue * (0.8 + random() * 0.4));
      return { month: `2026-${String(10 - m).padStart(2, '0')}`, repaymentStatus: status, billAmount: cents(bill), paidAmount: cents(status <= 0 ? bill : 0) };
    });
    for (let r = 0; r < rolls; r++) {
      // Daily rolls: the last one is on `day`, each earlier one a day before.
      docs.push({
        ...envelope('LoanOverdue', loanId, 100 + r, `${addDays(day, r - rolls + 1)}T23:05:00${region.offset}`),
        payload: {
          customer,
          product: ['CASH_LOAN', 'INSTALLMENT_LOAN', 'CREDIT_LINE'][i % 3],
          currency: region.currency,
          creditLimit: cents(limit),
          outstandingBalance: cents(outstanding),
          overdueAmount: cents(overdue),
          daysPastDue: Math.min(3650, dpd0 + r),
          dueDate: '2026-10-15',
          history,
          ...(random() < 0.7 ? { bureauScore: 350 + Math.floor(random() * 500) } : {}),
        },
      });
    }
    if (options.overdueOnly) continue;
    const roll = random();
    if (roll < 0.25) {
      docs.push({
        ...envelope('PaymentReceived', loanId, 200, `${day}T14:30:00${region.offset}`),
        payload: {
          customerId: customer.customerId,
          amount: cents(Math.max(1, Math.floor(overdue * (random() < 0.5 ? 1 : 0.4)))),
          currency: region.currency,
          paidAt: `${day}T14:29:10${region.offset}`,
          method: region.jurisdiction === 'CN' ? 'WECHAT_PAY' : 'CARD',
          reference: `PAY-${loanId}-1`,
        },
      });
    } else if (roll < 0.3) {
      docs.push({ ...envelope('LoanClosed', loanId, 200, `${day}T18:00:00${region.offset}`), payload: { reason: random() < 0.5 ? 'SETTLED' : 'WRITTEN_OFF' } });
    } else if (roll < 0.34) {
      const flag = region.jurisdiction === 'GB' ? 'BREATHING_SPACE' : random() < 0.5 ? 'VULNERABLE' : 'DISPUTE';
      docs.push({
        ...envelope('CustomerFlagged', loanId, 200, `${day}T11:00:00${region.offset}`),
        payload: { customerId: customer.customerId, flag, active: true, ...(flag === 'BREATHING_SPACE' ? { until: '2027-01-27' } : {}) },
      });
    }
  }
  return docs;
}
