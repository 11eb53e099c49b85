import fc from 'fast-check';
import { A_GB_CASE } from '../../test/case-record.fixture';
import type { CaseRecord } from '../cases/case-record';
import type { Offer } from '../offers/offer.engine';
import type { PlanRecord } from '../plans/plan-record';
import type { PromiseRecord } from '../promises/promise-record';
import { type SelfServiceView, renderLinkProblem, renderSelfService } from './page.renderer';

/** Strings rich in what markup is made of, beside arbitrary ones. */
const data = fc.oneof(
  fc.string(),
  fc.string({ unit: fc.constantFrom('<', '>', '"', "'", '&', '=', '/', ' ', '\n', 'a', '1', '-', '中') }),
  fc.constantFrom('<script>alert(1)</script>', '"><img src=x onerror=alert(1)>', "' autofocus onfocus='x", '</textarea><b>', '&lt;'),
);
const minor = fc.bigInt({ min: 0n, max: 10n ** 12n });
const schedule = fc.array(fc.record({ dueDate: data, amountMinor: minor, paidMinor: minor }), { maxLength: 3 });

/**
 * A page's shape — which sections, plans, offers and messages it has — with every string that comes
 * from the database, the link or the settings (ids, dates, currency, phone) drawn from `data`.
 */
const views = fc.record({
  lang: fc.constantFrom('en' as const, 'zh-CN' as const),
  base: data,
  phone: data,
  today: data,
  done: fc.option(fc.constantFrom('plan', 'promise', 'complaint', 'constructor')),
  error: fc.option(fc.constantFrom('plan-exists', 'offer-gone', 'promise-invalid', 'complaint-empty', 'complaint-unavailable', 'resolved', '__proto__')),
  c: fc.record({
    currency: data,
    dueDate: data,
    status: fc.constantFrom('open' as const, 'resolved' as const),
    daysPastDue: fc.nat(999),
    overdueMinor: minor,
    outstandingMinor: minor,
  }),
  plans: fc.array(
    fc.record({
      planId: data,
      kind: fc.constantFrom('INSTALMENT' as const, 'EXTENSION' as const, 'SETTLEMENT' as const),
      status: fc.constantFrom('proposed' as const, 'pending-approval' as const, 'active' as const, 'completed' as const, 'broken' as const),
      discountPercent: fc.option(fc.nat(100)),
      totalMinor: minor,
      paidMinor: minor,
      instalments: schedule,
    }),
    { maxLength: 2 },
  ),
  promises: fc.array(
    fc.record({ status: fc.constantFrom('open' as const, 'kept' as const, 'broken' as const), currency: data, promisedDate: data, amountMinor: minor }),
    { maxLength: 2 },
  ),
  offers: fc.array(
    fc.record({
      offerId: data,
      kind: fc.constantFrom('INSTALMENT' as const, 'EXTENSION' as const, 'SETTLEMENT' as const, 'PROMISE' as const),
      totalPayableMinor: minor,
      needsApproval: fc.boolean(),
      discountPercent: fc.option(fc.nat(100)),
      maxDays: fc.option(fc.nat(90)),
      latestDate: fc.option(data),
      schedule,
    }),
    { maxLength: 3 },
  ),
});
type Drawn = typeof views extends fc.Arbitrary<infer T> ? T : never;

/** What a plan or promise holds beside what the page shows (the page reads none of it). */
const PLAN: Omit<PlanRecord, keyof Drawn['plans'][number]> = {
  loanId: 'LN-1',
  customerId: 'C-1',
  offerId: 'INSTALMENT-6',
  currency: 'GBP',
  timezone: 'Europe/London',
  policyVersion: 'test',
  graceDays: 3,
  missedSeq: null,
  createdBy: 'debtor:C-1',
  approvedBy: null,
  cancelledBy: null,
  createdAt: '2026-11-29T02:00:00.000Z',
  updatedAt: '2026-11-29T02:00:00.000Z',
};
const PROMISE: Omit<PromiseRecord, keyof Drawn['promises'][number]> = {
  promiseId: 'PR-1',
  loanId: 'LN-1',
  customerId: 'C-1',
  sourceAttemptId: null,
  paidMinor: 0n,
  breakAfter: '2026-12-02',
  timezone: 'Europe/London',
  createdBy: 'debtor:C-1',
  createdAt: '2026-11-29T02:00:00.000Z',
  updatedAt: '2026-11-29T02:00:00.000Z',
};

/** The view `drawn` describes, each of its strings passed through `text` (to compare with a tame twin). */
function viewOf(drawn: Drawn, text: (s: string) => string = (s) => s): SelfServiceView {
  const c: CaseRecord = {
    ...A_GB_CASE,
    ...drawn.c,
    currency: text(drawn.c.currency),
    dueDate: text(drawn.c.dueDate),
  };
  const numbered = <T extends { dueDate: string }>(rows: readonly T[]) => rows.map((r, i) => ({ ...r, seq: i + 1, dueDate: text(r.dueDate) }));
  const plans = drawn.plans.map((p): PlanRecord => ({ ...PLAN, ...p, planId: text(p.planId), instalments: numbered(p.instalments) }));
  const promises = drawn.promises.map((p): PromiseRecord => ({ ...PROMISE, ...p, currency: text(p.currency), promisedDate: text(p.promisedDate) }));
  const offers = drawn.offers.map(
    (o): Offer => ({ ...o, offerId: text(o.offerId), latestDate: o.latestDate === null ? null : text(o.latestDate), schedule: numbered(o.schedule) }),
  );
  return {
    lang: drawn.lang,
    base: text(drawn.base),
    phone: text(drawn.phone),
    today: text(drawn.today),
    done: drawn.done,
    error: drawn.error,
    c,
    plans,
    promises,
    offers,
  };
}

/** The page's tags in order, each attribute's value blanked: its markup without the data. */
const tagsOf = (page: string): string[] => (page.match(/<[^>]*>/g) ?? []).map((tag) => tag.replace(/="[^"]*"/g, '=""'));

describe('the self-service page’s markup', () => {
  it('is the same whatever strings the data holds: no id, date, currency or phone can add a tag or an attribute', () => {
    fc.assert(
      fc.property(views, (drawn) => {
        expect(tagsOf(renderSelfService(viewOf(drawn)))).toEqual(tagsOf(renderSelfService(viewOf(drawn, () => 'x'))));
      }),
      { numRuns: 300 },
    );
  });

  it('is the same on the link-problem page whatever the lender’s phone number says', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('en' as const, 'zh-CN' as const),
        fc.constantFrom('expired' as const, 'invalid' as const, 'unknown' as const, 'origin' as const),
        data,
        (lang, kind, phone) => {
          expect(tagsOf(renderLinkProblem(lang, kind, phone))).toEqual(tagsOf(renderLinkProblem(lang, kind, 'x')));
        },
      ),
    );
  });
});
