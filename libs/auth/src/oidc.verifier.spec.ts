import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { generateKeyPair, SignJWT, type JWTPayload } from 'jose';
import { ManualClock } from '@clearpath/contracts';
import { CredentialsVerifier } from './credentials.verifier';
import { readOidcConfig, type OidcConfig } from './oidc.config';
import { OIDC_AUDIENCE as AUDIENCE, TEST_START, TEST_TOKEN_SECRET as SECRET, oidcConfigOf } from '../test/guarded-app.fixture';
import { startFakeOidcProvider, type FakeOidcProvider } from '../test/oidc-provider.fake';
import { OidcVerifier } from './oidc.verifier';
import { signToken } from './token.codec';

describe('OidcVerifier', () => {
  const clock = new ManualClock(TEST_START);
  const now = Math.floor(clock.now().getTime() / 1000);
  let provider: FakeOidcProvider;
  let config: OidcConfig;
  let verifier: OidcVerifier;

  beforeAll(async () => {
    provider = await startFakeOidcProvider();
    config = oidcConfigOf(provider);
    verifier = new OidcVerifier(config, clock);
  });

  afterAll(() => provider.close());

  /** A valid staff token's claims, with `overrides` on top (undefined removes a claim). */
  const claims = (overrides: Record<string, unknown> = {}): JWTPayload => {
    const base: Record<string, unknown> = {
      iss: provider.issuer,
      aud: AUDIENCE,
      sub: 'alice',
      iat: now - 60,
      exp: now + 600,
      clearpath_roles: ['agent'],
      ...overrides,
    };
    return Object.fromEntries(Object.entries(base).filter(([, value]) => value !== undefined));
  };

  it('turns a valid RS256 token into an oidc: principal with its role', async () => {
    expect(await verifier.verify(await provider.sign(claims()))).toEqual({ ok: true, principal: { subject: 'oidc:alice', role: 'agent' } });
  });

  it('accepts ES256, a role given as a string and an aud list that includes ours', async () => {
    const token = await provider.sign(claims({ aud: ['other-api', AUDIENCE], clearpath_roles: 'ops' }), { alg: 'ES256' });
    expect(await verifier.verify(token)).toEqual({ ok: true, principal: { subject: 'oidc:alice', role: 'ops' } });
  });

  it('takes the first Clearpath staff role, skipping names it does not know', async () => {
    const token = await provider.sign(claims({ clearpath_roles: ['viewer', 'supervisor', 'agent'] }));
    expect(await verifier.verify(token)).toMatchObject({ ok: true, principal: { role: 'supervisor' } });
  });

  it('reads the roles from the configured claim', async () => {
    const custom = new OidcVerifier({ ...config, rolesClaim: 'https://clearpath.example/roles' }, clock);
    const token = await provider.sign(claims({ clearpath_roles: undefined, 'https://clearpath.example/roles': ['compliance'] }));
    expect(await custom.verify(token)).toMatchObject({ ok: true, principal: { role: 'compliance' } });
  });

  it.each<[string, Record<string, unknown>, RegExp]>([
    ['a wrong audience', { aud: 'another-api' }, /aud claim is not valid/],
    ['a missing audience', { aud: undefined }, /aud claim is not valid/],
    ['a wrong issuer (even by a trailing slash)', { iss: 'https://login.lender.example/realms/staff/' }, /iss claim is not valid/],
    ['an expired token (past the leeway)', { iat: now - 600, exp: now - 31 }, /has expired/],
    ['nbf in the future (past the leeway)', { nbf: now + 120 }, /nbf claim is not valid/],
    ['iat in the future (past the leeway)', { iat: now + 120, exp: now + 900 }, /iat claim is in the future/],
    ['no iat', { iat: undefined }, /iat claim is not valid/],
    ['no sub', { sub: undefined }, /sub claim is not valid/],
    ['a lifetime over the maximum', { iat: now - 10, exp: now - 10 + 3601 }, /lives longer than 3600 s/],
    ['the service role', { clearpath_roles: ['service'] }, /claims the service role/],
    ['the core-banking role beside a staff role', { clearpath_roles: ['agent', 'core-banking'] }, /claims the core-banking role/],
    ['the former system role beside a staff role', { clearpath_roles: ['agent', 'system'] }, /claims the system role/],
    ['no Clearpath role', { clearpath_roles: ['viewer'] }, /names no Clearpath role/],
    ['no roles claim', { clearpath_roles: undefined }, /names no Clearpath role/],
  ])('refuses %s with a 401', async (_label, overrides, detail) => {
    const check = await verifier.verify(await provider.sign(claims(overrides)));
    expect(check).toEqual({ ok: false, status: 401, detail: expect.stringMatching(detail) });
  });

  it('allows the configured clock leeway on exp, nbf and iat', async () => {
    for (const overrides of [{ iat: now - 600, exp: now - 20 }, { nbf: now + 20 }, { iat: now + 20, exp: now + 600 }]) {
      expect(await verifier.verify(await provider.sign(claims(overrides)))).toMatchObject({ ok: true });
    }
    const strict = new OidcVerifier({ ...config, leewaySeconds: 0 }, clock);
    expect(await strict.verify(await provider.sign(claims({ iat: now - 600, exp: now - 1 })))).toMatchObject({ ok: false, status: 401 });
  });

  it('judges time by the injected clock', async () => {
    const later = new ManualClock(clock.now());
    const token = await provider.sign(claims());
    const moving = new OidcVerifier(config, later);
    expect(await moving.verify(token)).toMatchObject({ ok: true });
    later.advance(631_000);
    expect(await moving.verify(token)).toMatchObject({ ok: false, detail: 'The bearer token has expired.' });
  });

  it('refuses a token signed by a key the provider does not publish, by kid or by signature', async () => {
    const rogue = await generateKeyPair('RS256');
    expect(await verifier.verify(await provider.sign(claims(), { kid: 'rogue-1', key: rogue.privateKey }))).toEqual({
      ok: false,
      status: 401,
      detail: "The OIDC token's signing key (kid) is not one the provider publishes.",
    });
    expect(await verifier.verify(await provider.sign(claims(), { kid: 'rsa-1', key: rogue.privateKey }))).toEqual({
      ok: false,
      status: 401,
      detail: 'The bearer token signature is not valid.',
    });
  });

  it('refuses alg none and HS256, even keyed with the provider public key', async () => {
    const none = `${b64({ alg: 'none', typ: 'JWT' })}.${b64(claims())}.`;
    expect(await verifier.verify(none)).toEqual({ ok: false, status: 401, detail: 'OIDC tokens must be signed with RS256 or ES256.' });
    // Algorithm confusion: an HMAC keyed with the (public) key set's bytes.
    const jwks = new TextEncoder().encode(await (await fetch(provider.jwksUrl)).text());
    const hs256 = await new SignJWT(claims()).setProtectedHeader({ alg: 'HS256', kid: 'rsa-1' }).sign(jwks);
    expect(await verifier.verify(hs256)).toEqual({ ok: false, status: 401, detail: 'OIDC tokens must be signed with RS256 or ES256.' });
  });

  it('answers 503, not 401, when the key set cannot be fetched', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const { port } = closed.address() as AddressInfo;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const down = new OidcVerifier({ ...config, jwksUrl: `http://127.0.0.1:${port}/jwks` }, clock);
    expect(await down.verify(await provider.sign(claims()))).toEqual({ ok: false, status: 503, detail: expect.stringMatching(/could not be fetched/) });
  });

  it('caches the key set between tokens', async () => {
    const fresh = new OidcVerifier(config, clock);
    const before = provider.fetches();
    for (let i = 0; i < 3; i++) expect(await fresh.verify(await provider.sign(claims()))).toMatchObject({ ok: true });
    expect(provider.fetches() - before).toBe(1);
  });

  describe('through CredentialsVerifier', () => {
    let credentials: CredentialsVerifier;
    beforeAll(() => {
      credentials = new CredentialsVerifier({
        service: 'cases',
        apiKeys: [{ client: 'test-ops', key: 'test-ops-key', role: 'ops' }],
        tokenSecret: SECRET,
        clock,
        oidc: config,
      });
    });
    const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

    it('sends RS256/ES256 tokens to the provider and keeps HS256 tokens and API keys on their own path', async () => {
      expect(await credentials.verifyAsync(bearer(await provider.sign(claims(), { alg: 'ES256' })))).toEqual({
        ok: true,
        principal: { subject: 'oidc:alice', role: 'agent' },
      });
      expect(await credentials.verifyAsync(bearer(signToken({ sub: 'svc', role: 'service', aud: 'cases', ttlSeconds: 60 }, SECRET, clock)))).toEqual({
        ok: true,
        principal: { subject: 'svc', role: 'service' },
      });
      expect(await credentials.verifyAsync({ apiKey: 'test-ops-key' })).toMatchObject({ ok: true, principal: { role: 'ops' } });
    });

    it('refuses an HS256 token carrying a staff role: with a provider, the shared secret mints service tokens only', async () => {
      for (const role of ['agent', 'supervisor', 'compliance', 'ops'] as const) {
        const token = signToken({ sub: 'someone', role, aud: 'cases', ttlSeconds: 60 }, SECRET, clock);
        expect(await credentials.verifyAsync(bearer(token))).toEqual({
          ok: false,
          detail: expect.stringMatching(/^Staff roles \(agent, supervisor, compliance, ops\) come from the OIDC provider/),
        });
        expect(credentials.verify(bearer(token))).toMatchObject({ ok: false });
      }
      const plain = new CredentialsVerifier({ service: 'cases', apiKeys: [], tokenSecret: SECRET, clock });
      expect(plain.verify(bearer(signToken({ sub: 'someone', role: 'supervisor', aud: 'cases', ttlSeconds: 60 }, SECRET, clock)))).toMatchObject({ ok: true });
    });

    it('does not accept an HS256 token that claims the OIDC issuer and roles through OIDC', async () => {
      const forged = await new SignJWT(claims()).setProtectedHeader({ alg: 'HS256' }).sign(new TextEncoder().encode('some-other-secret-of-32-characters'));
      expect(await credentials.verifyAsync(bearer(forged))).toEqual({ ok: false, detail: 'The bearer token signature is not valid.' });
      // Even with the right secret the HS256 path wants its own `role` claim; OIDC's claims give nothing.
      const withSecret = await new SignJWT(claims()).setProtectedHeader({ alg: 'HS256' }).sign(new TextEncoder().encode(SECRET));
      expect(await credentials.verifyAsync(bearer(withSecret))).toEqual({ ok: false, detail: 'The bearer token lacks valid sub, role, iat and exp claims.' });
    });

    it('refuses alg none on both paths', async () => {
      const none = `${b64({ alg: 'none' })}.${b64(claims({ role: 'ops' }))}.`;
      expect(await credentials.verifyAsync(bearer(none))).toMatchObject({ ok: false });
      expect(credentials.verify(bearer(none))).toMatchObject({ ok: false });
    });

    it('refuses, never allows, an OIDC token on the synchronous path', async () => {
      const token = await provider.sign(claims());
      expect(credentials.verify(bearer(token))).toEqual({ ok: false, detail: expect.stringMatching(/not accepted on this path/) });
    });

    it('without OIDC configured, answers an RS256 token as before', async () => {
      const plain = new CredentialsVerifier({ service: 'cases', apiKeys: [], tokenSecret: SECRET, clock });
      expect(await plain.verifyAsync(bearer(await provider.sign(claims())))).toEqual({ ok: false, detail: 'The bearer token must be signed with HS256.' });
    });
  });
});

describe('readOidcConfig', () => {
  const three = {
    CLEARPATH_OIDC_ISSUER: 'https://login.lender.example',
    CLEARPATH_OIDC_AUDIENCE: 'clearpath-api',
    CLEARPATH_OIDC_JWKS_URL: 'https://login.lender.example/jwks',
  };

  it('is undefined when nothing is set', () => {
    expect(readOidcConfig({})).toBeUndefined();
    expect(readOidcConfig({ CLEARPATH_OIDC_ISSUER: ' ' })).toBeUndefined();
  });

  it('reads the three and applies the defaults', () => {
    expect(readOidcConfig(three)).toEqual({
      issuer: 'https://login.lender.example',
      audience: 'clearpath-api',
      jwksUrl: 'https://login.lender.example/jwks',
      rolesClaim: 'clearpath_roles',
      maxTokenLifetimeSeconds: 3600,
      leewaySeconds: 30,
    });
    expect(
      readOidcConfig({ ...three, CLEARPATH_OIDC_ROLES_CLAIM: 'roles', CLEARPATH_OIDC_MAX_TOKEN_LIFETIME_S: '900', CLEARPATH_OIDC_LEEWAY_S: '0' }),
    ).toMatchObject({
      rolesClaim: 'roles',
      maxTokenLifetimeSeconds: 900,
      leewaySeconds: 0,
    });
  });

  it.each<[string, Record<string, string>, RegExp]>([
    ['issuer and audience without a JWKS URL', { CLEARPATH_OIDC_ISSUER: 'https://x', CLEARPATH_OIDC_AUDIENCE: 'a' }, /^CLEARPATH_OIDC_JWKS_URL is not set;/],
    ['a JWKS URL alone', { CLEARPATH_OIDC_JWKS_URL: 'https://x/jwks' }, /^CLEARPATH_OIDC_ISSUER is not set;/],
    ['a leeway without a provider', { CLEARPATH_OIDC_LEEWAY_S: '10' }, /^CLEARPATH_OIDC_LEEWAY_S is set but/],
    ['a plain http JWKS URL', { ...three, CLEARPATH_OIDC_JWKS_URL: 'http://login.lender.example/jwks' }, /^CLEARPATH_OIDC_JWKS_URL must be an https:\/\/ URL$/],
    ['a JWKS URL that is not a URL', { ...three, CLEARPATH_OIDC_JWKS_URL: 'not a url' }, /^CLEARPATH_OIDC_JWKS_URL must be an https:\/\/ URL$/],
    ['a negative leeway', { ...three, CLEARPATH_OIDC_LEEWAY_S: '-1' }, /^CLEARPATH_OIDC_LEEWAY_S must be a whole number of seconds from 0 to 300$/],
    ['a lifetime with a unit', { ...three, CLEARPATH_OIDC_MAX_TOKEN_LIFETIME_S: '1h' }, /^CLEARPATH_OIDC_MAX_TOKEN_LIFETIME_S must be a whole number/],
  ])('refuses %s in one line naming the variable', (_label, env, message) => {
    expect(() => readOidcConfig(env)).toThrow(message);
  });

  it('allows plain http to a loopback provider', () => {
    expect(readOidcConfig({ ...three, CLEARPATH_OIDC_JWKS_URL: 'http://127.0.0.1:8080/jwks' })).toMatchObject({ jwksUrl: 'http://127.0.0.1:8080/jwks' });
  });
});

function b64(value: object): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}
