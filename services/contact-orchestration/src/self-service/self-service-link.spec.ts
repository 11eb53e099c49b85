import { ManualClock } from '@clearpath/contracts';
import { verifySelfServiceToken } from '@clearpath/auth';
import { selfServiceLink } from './self-service-link';

describe('self-service link', () => {
  it('makes a signed, expiring self-service link that names no loan in clear', () => {
    const clock = new ManualClock('2026-12-01T02:00:00Z');
    const link = selfServiceLink('https://pay.example.com/s', { loanId: 'LN-1', customerId: 'CU-1' }, 'secret-secret-secret', 86_400, clock);
    expect(link).toMatch(/^https:\/\/pay\.example\.com\/s\/[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/);
    expect(link).not.toContain('LN-1');
    const token = link.slice('https://pay.example.com/s/'.length);
    expect(verifySelfServiceToken(token, 'secret-secret-secret', clock)).toMatchObject({ ok: true, claims: { loanId: 'LN-1', customerId: 'CU-1' } });
    clock.advance(86_400_000);
    expect(verifySelfServiceToken(token, 'secret-secret-secret', clock)).toEqual({ ok: false, reason: 'expired' });
  });
});
