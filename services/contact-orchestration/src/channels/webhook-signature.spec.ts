import { signBody, verifySignature } from './webhook-signature';

const secret = 'dev-webhook-secret-0123456789';

describe('webhook signature', () => {
  const body = Buffer.from('{"providerMessageId":"m-1","status":"delivered"}');

  it('accepts the HMAC of the exact bytes, in either hex case', () => {
    const signature = signBody(body, secret);
    expect(verifySignature(body, signature, secret)).toBe(true);
    expect(verifySignature(body, signature.toUpperCase().replace('SHA256=', 'sha256='), secret)).toBe(true);
  });

  it('refuses a missing, malformed, foreign or stale signature', () => {
    expect(verifySignature(body, undefined, secret)).toBe(false);
    expect(verifySignature(body, 'sha256=zz', secret)).toBe(false);
    expect(verifySignature(body, signBody(body, 'another-secret-0123456789'), secret)).toBe(false);
    expect(verifySignature(Buffer.from(`${body.toString()} `), signBody(body, secret), secret)).toBe(false);
  });
});
