import { createHmac } from 'node:crypto';
import { ManualClock } from '@clearpath/contracts';
import { signToken, verifyToken, type TokenVerificationOptions } from './token.codec';

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
  const complaints: TokenVerificationOptions = { secret: SECRET, audience: 'complaints', clock };
  const HS256 = { alg: 'HS256', typ: 'JWT' };
  /** Claims that pass every check for `complaints`; each test breaks one. */
  const good = (overrides: Record<string, unknown> = {}) => ({
    iss: 'clearpath',
    aud: 'complaints',
    sub: 'repayment-plan',
    role: 'service',
    iat: nowSeconds,
    exp: nowSeconds + 300,
    ...overrides,
  });

  it('accepts a token it signed for this service, with the claims it was given', () => {
    const token = signToken({ sub: 'agent-17', role: 'agent', aud: 'complaints', ttlSeconds: 300 }, SECRET, clock);
    expect(verifyToken(token, complaints)).toEqual({
      ok: true,
      claims: { iss: 'clearpath', aud: 'complaints', sub: 'agent-17', role: 'agent', iat: nowSeconds, exp: nowSeconds + 300 },
    });
  });

  it('accepts correctly signed claims of its own shape', () => {
    expect(verifyToken(forge(HS256, good()), complaints)).toMatchObject({ ok: true });
  });

  it('refuses to sign without an audience or with a lifetime that is not a positive integer', () => {
    expect(() => signToken({ sub: 'x', role: 'service', aud: '', ttlSeconds: 60 }, SECRET, clock)).toThrow(/aud/);
    expect(() => signToken({ sub: 'x', role: 'service', aud: 'complaints', ttlSeconds: 0 }, SECRET, clock)).toThrow(/ttlSeconds/);
  });

  describe('iss', () => {
    it.each([
      ['another issuer', good({ iss: 'https://login.lender.example' })],
      ['no issuer', good({ iss: undefined })],
    ])('rejects %s', (_label, payload) => {
      expect(verifyToken(forge(HS256, payload), complaints)).toEqual({ ok: false, reason: 'wrong-issuer' });
    });
  });

  describe('aud', () => {
    it('rejects a token minted for another service, though signed with the shared secret', () => {
      const token = signToken({ sub: 'repayment-plan', role: 'service', aud: 'risk-scoring', ttlSeconds: 60 }, SECRET, clock);
      expect(verifyToken(token, complaints)).toEqual({ ok: false, reason: 'wrong-audience' });
      expect(verifyToken(token, { ...complaints, audience: 'risk-scoring' })).toMatchObject({ ok: true });
    });

    it.each([
      ['no audience', good({ aud: undefined })],
      ['a list of audiences, even one naming this service', good({ aud: ['complaints', 'risk-scoring'] })],
      ['a list of this service alone', good({ aud: ['complaints'] })],
      ['a name that differs only in case', good({ aud: 'Complaints' })],
    ])('rejects %s', (_label, payload) => {
      expect(verifyToken(forge(HS256, payload), complaints)).toEqual({ ok: false, reason: 'wrong-audience' });
    });
  });

  describe('iat', () => {
    it.each([
      ['no iat', good({ iat: undefined })],
      ['a string iat', good({ iat: String(nowSeconds) })],
    ])('rejects %s', (_label, payload) => {
      expect(verifyToken(forge(HS256, payload), complaints)).toEqual({ ok: false, reason: 'invalid-claims' });
    });

    it('allows an iat up to the leeway ahead of the clock, and rejects one further in the future', () => {
      expect(verifyToken(forge(HS256, good({ iat: nowSeconds + 30, exp: nowSeconds + 330 })), complaints)).toMatchObject({ ok: true });
      expect(verifyToken(forge(HS256, good({ iat: nowSeconds + 31, exp: nowSeconds + 331 })), complaints)).toEqual({ ok: false, reason: 'issued-in-future' });
    });
  });

  describe('lifetime', () => {
    it('accepts exp - iat up to the bound (3600 s by default) and rejects one second more', () => {
      expect(verifyToken(forge(HS256, good({ exp: nowSeconds + 3600 })), complaints)).toMatchObject({ ok: true });
      expect(verifyToken(forge(HS256, good({ exp: nowSeconds + 3601 })), complaints)).toEqual({ ok: false, reason: 'lifetime-too-long' });
    });

    it('judges the lifetime from iat, so a long-lived token is refused even when it was issued long ago', () => {
      expect(verifyToken(forge(HS256, good({ iat: nowSeconds - 86_400, exp: nowSeconds + 60 })), complaints)).toEqual({
        ok: false,
        reason: 'lifetime-too-long',
      });
    });

    it('takes the bound it is given', () => {
      const strict = { ...complaints, limits: { maxLifetimeSeconds: 60, leewaySeconds: 0 } };
      expect(verifyToken(forge(HS256, good({ exp: nowSeconds + 60 })), strict)).toMatchObject({ ok: true });
      expect(verifyToken(forge(HS256, good({ exp: nowSeconds + 61 })), strict)).toEqual({ ok: false, reason: 'lifetime-too-long' });
    });
  });

  describe('exp and nbf', () => {
    it('rejects a token once the clock passes exp by more than the leeway', () => {
      const later = new ManualClock('2026-11-28T12:00:00Z');
      const token = signToken({ sub: 'agent-17', role: 'agent', aud: 'complaints', ttlSeconds: 60 }, SECRET, later);
      later.advance(89_999);
      expect(verifyToken(token, { ...complaints, clock: later }).ok).toBe(true);
      later.advance(1);
      expect(verifyToken(token, { ...complaints, clock: later })).toEqual({ ok: false, reason: 'expired' });
    });

    it('with no leeway, rejects a token as soon as the clock reaches exp', () => {
      const token = forge(HS256, good({ exp: nowSeconds }));
      expect(verifyToken(token, { ...complaints, limits: { maxLifetimeSeconds: 3600, leewaySeconds: 0 } })).toEqual({ ok: false, reason: 'expired' });
    });

    it('rejects a token whose nbf is further ahead than the leeway', () => {
      expect(verifyToken(forge(HS256, good({ nbf: nowSeconds + 30 })), complaints)).toMatchObject({ ok: true });
      expect(verifyToken(forge(HS256, good({ nbf: nowSeconds + 31 })), complaints)).toEqual({ ok: false, reason: 'not-yet-valid' });
    });
  });

  it.each([['client:core-banking'], ['oidc:alice']])('rejects a token whose sub %p would pass for an API key or a staff token', (sub) => {
    expect(verifyToken(forge(HS256, good({ sub })), complaints)).toEqual({ ok: false, reason: 'reserved-subject' });
  });

  it('rejects a tampered payload', () => {
    const [header, , signature] = signToken({ sub: 'agent-17', role: 'agent', aud: 'complaints', ttlSeconds: 60 }, SECRET, clock).split('.');
    const promoted = b64(good({ sub: 'agent-17', role: 'ops' }));
    expect(verifyToken(`${header}.${promoted}.${signature}`, complaints)).toEqual({ ok: false, reason: 'bad-signature' });
  });

  it('rejects a token signed with another secret', () => {
    const token = signToken({ sub: 'svc', role: 'service', aud: 'complaints', ttlSeconds: 60 }, 'another-secret-of-enough-length', clock);
    expect(verifyToken(token, complaints)).toEqual({ ok: false, reason: 'bad-signature' });
  });

  it.each([
    ['none', { alg: 'none', typ: 'JWT' }],
    ['HS512', { alg: 'HS512', typ: 'JWT' }],
    ['RS256', { alg: 'RS256', typ: 'JWT' }],
    ['no alg', { typ: 'JWT' }],
    ['HS256 with crit', { alg: 'HS256', crit: ['b64'], b64: false }],
  ])('rejects alg %s even when the HMAC would match', (_label, header) => {
    expect(verifyToken(forge(header, good({ role: 'ops' })), complaints)).toEqual({ ok: false, reason: 'unsupported-alg' });
  });

  it('rejects an unsigned token with alg none', () => {
    const token = `${b64({ alg: 'none' })}.${b64(good({ role: 'ops' }))}.`;
    expect(verifyToken(token, complaints)).toEqual({ ok: false, reason: 'unsupported-alg' });
  });

  it.each([
    ['no exp', good({ exp: undefined })],
    ['unknown role', good({ role: 'admin' })],
    ['the retired system role', good({ role: 'system' })],
    ['empty sub', good({ sub: '' })],
    ['a string nbf', good({ nbf: 'soon' })],
  ])('rejects a correctly signed token with %s', (_label, payload) => {
    expect(verifyToken(forge(HS256, payload), complaints)).toEqual({ ok: false, reason: 'invalid-claims' });
  });

  it.each(['', 'abc', 'a.b', 'a.b.c.d', '!!.??.xx', `${b64({ alg: 'HS256' })}.not-json.sig`])('rejects malformed %p', (token) => {
    expect(verifyToken(token, complaints).ok).toBe(false);
  });
});
