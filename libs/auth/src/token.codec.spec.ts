import { createHmac } from 'node:crypto';
import { ManualClock } from '@clearpath/contracts';
import { signToken, verifyToken } from './token.codec';

const SECRET = 'test-token-secret-of-32-characters!';

function b64(value: object): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

function forge(header: object, payload: object, secret = SECRET): string {
  const input = `${b64(header)}.${b64(payload)}`;
  return `${input}.${createHmac('sha256', secret).update(input).digest('base64url')}`;
}

describe('signToken / verifyToken', () => {
  const clock = new ManualClock('2026-11-28T12:00:00Z');
  const nowSeconds = Date.parse('2026-11-28T12:00:00Z') / 1000;

  it('accepts a token it signed, with the claims it was given', () => {
    const token = signToken({ sub: 'agent-17', role: 'agent', ttlSeconds: 300 }, SECRET, clock);
    expect(verifyToken(token, SECRET, clock)).toEqual({
      ok: true,
      claims: { sub: 'agent-17', role: 'agent', iat: nowSeconds, exp: nowSeconds + 300 },
    });
  });

  it('rejects a token once the clock reaches exp', () => {
    const later = new ManualClock('2026-11-28T12:00:00Z');
    const token = signToken({ sub: 'agent-17', role: 'agent', ttlSeconds: 60 }, SECRET, later);
    later.advance(59_999);
    expect(verifyToken(token, SECRET, later).ok).toBe(true);
    later.advance(1);
    expect(verifyToken(token, SECRET, later)).toEqual({ ok: false, reason: 'expired' });
  });

  it('rejects a tampered payload', () => {
    const [header, , signature] = signToken({ sub: 'agent-17', role: 'agent', ttlSeconds: 60 }, SECRET, clock).split('.');
    const promoted = b64({ sub: 'agent-17', role: 'ops', iat: nowSeconds, exp: nowSeconds + 60 });
    expect(verifyToken(`${header}.${promoted}.${signature}`, SECRET, clock)).toEqual({ ok: false, reason: 'bad-signature' });
  });

  it('rejects a token signed with another secret', () => {
    const token = signToken({ sub: 'svc', role: 'system', ttlSeconds: 60 }, 'another-secret-of-enough-length', clock);
    expect(verifyToken(token, SECRET, clock)).toEqual({ ok: false, reason: 'bad-signature' });
  });

  it.each([
    ['none', { alg: 'none', typ: 'JWT' }],
    ['HS512', { alg: 'HS512', typ: 'JWT' }],
    ['RS256', { alg: 'RS256', typ: 'JWT' }],
    ['no alg', { typ: 'JWT' }],
    ['HS256 with crit', { alg: 'HS256', crit: ['b64'], b64: false }],
  ])('rejects alg %s even when the HMAC would match', (_label, header) => {
    const token = forge(header, { sub: 'x', role: 'ops', exp: nowSeconds + 60 });
    expect(verifyToken(token, SECRET, clock)).toEqual({ ok: false, reason: 'unsupported-alg' });
  });

  it('rejects an unsigned token with alg none', () => {
    const token = `${b64({ alg: 'none' })}.${b64({ sub: 'x', role: 'ops', exp: nowSeconds + 60 })}.`;
    expect(verifyToken(token, SECRET, clock)).toEqual({ ok: false, reason: 'unsupported-alg' });
  });

  it.each([
    ['no exp', { sub: 'x', role: 'ops' }],
    ['unknown role', { sub: 'x', role: 'admin', exp: 4e9 }],
    ['empty sub', { sub: '', role: 'ops', exp: 4e9 }],
    ['not yet valid', { sub: 'x', role: 'ops', exp: 4e9, nbf: 4e9 - 1 }],
  ])('rejects a correctly signed token with %s', (_label, payload) => {
    expect(verifyToken(forge({ alg: 'HS256', typ: 'JWT' }, payload), SECRET, clock)).toEqual({ ok: false, reason: 'invalid-claims' });
  });

  it.each(['', 'abc', 'a.b', 'a.b.c.d', '!!.??.xx', `${b64({ alg: 'HS256' })}.not-json.sig`])('rejects malformed %p', (token) => {
    expect(verifyToken(token, SECRET, clock).ok).toBe(false);
  });
});
