import { ManualClock } from '@clearpath/contracts';
import { signSelfServiceToken, verifySelfServiceToken } from './self-service-link';

describe('self-service link token', () => {
  const secret = 'a-self-service-secret-of-length';
  const clock = new ManualClock(new Date('2026-03-01T08:00:00Z'));

  it('round-trips the loan and customer until it expires', () => {
    const token = signSelfServiceToken({ loanId: 'LN-1', customerId: 'CU-1', ttlSeconds: 3600 }, secret, clock);
    expect(verifySelfServiceToken(token, secret, clock)).toEqual({ ok: true, claims: { loanId: 'LN-1', customerId: 'CU-1', exp: 1772355600 } });
    clock.advance(3600 * 1000);
    expect(verifySelfServiceToken(token, secret, clock)).toEqual({ ok: false, reason: 'expired' });
  });

  it('refuses a token signed with another secret or with a changed body', () => {
    const token = signSelfServiceToken({ loanId: 'LN-1', customerId: 'CU-1', ttlSeconds: 60 }, secret, clock);
    expect(verifySelfServiceToken(token, 'another-secret-entirely-xx', clock)).toEqual({ ok: false, reason: 'bad-signature' });
    const [, sig] = token.split('.');
    const forged = `${Buffer.from(JSON.stringify({ l: 'LN-2', c: 'CU-1', e: 9999999999 })).toString('base64url')}.${sig}`;
    expect(verifySelfServiceToken(forged, secret, clock)).toEqual({ ok: false, reason: 'bad-signature' });
    expect(verifySelfServiceToken('not-a-token', secret, clock)).toEqual({ ok: false, reason: 'malformed' });
  });
});
