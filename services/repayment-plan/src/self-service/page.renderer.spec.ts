import { A_GB_CASE } from '../../test/case-record.fixture';
import { renderSelfService, type SelfServiceView } from './page.renderer';

const page = (done: string | null, error: string | null, lang: SelfServiceView['lang'] = 'en'): string =>
  renderSelfService({ lang, base: '/s/token', c: A_GB_CASE, offers: [], plans: [], promises: [], today: '2026-11-29', phone: '+44 20 7946 0000', done, error });

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
