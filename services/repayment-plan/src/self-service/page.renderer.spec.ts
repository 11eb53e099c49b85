import type { CaseRecord } from '../cases/case-record';
import { renderSelfService, type SelfServiceView } from './page.renderer';

const aCase: CaseRecord = {
  loanId: 'LN-1',
  customerId: 'C-1',
  loanSequence: 1,
  jurisdiction: 'GB',
  timezone: 'Europe/London',
  locale: 'en-GB',
  currency: 'GBP',
  outstandingMinor: 128_504n,
  overdueMinor: 17_123n,
  daysPastDue: 17,
  dueDate: '2026-11-11',
  status: 'open',
  resolvedReason: null,
  resolvedAt: null,
  lastExtensionOn: null,
  updatedAt: '2026-11-29T02:00:00.000Z',
  segment: null,
};

const page = (done: string | null, error: string | null, lang: SelfServiceView['lang'] = 'en'): string =>
  renderSelfService({ lang, base: '/s/token', c: aCase, offers: [], plans: [], promises: [], today: '2026-11-29', phone: '+44 20 7946 0000', done, error });

describe('self-service page: ?done= and ?error= messages', () => {
  it('shows the message a known key names', () => {
    expect(page('plan', null)).toContain('data-testid="done">Your repayment plan is set up.</div>');
    expect(page(null, 'plan-exists')).toContain('data-testid="error">You already have a plan in progress.</div>');
  });

  it.each(['constructor', '__proto__', 'toString', 'hasOwnProperty', 'valueOf', 'unknown'])('shows no message (and does not throw) for %s', (key) => {
    for (const lang of ['en', 'zh-CN'] as const) {
      const html = page(key, key, lang);
      expect(html).toContain('data-testid="owed"');
      expect(html).not.toContain('data-testid="done"');
      expect(html).not.toContain('data-testid="error"');
    }
  });
});
