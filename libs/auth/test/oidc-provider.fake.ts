import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, type CryptoKey, type JWK, SignJWT, type JWTPayload } from 'jose';

/** For tests: an OpenID provider's key set served over HTTP on a free loopback port, and its signing keys. */
export interface FakeOidcProvider {
  readonly issuer: string;
  readonly jwksUrl: string;
  /** How many times the key set was fetched. */
  readonly fetches: () => number;
  /** A token signed with the provider's RS256 or ES256 key (kid `rsa-1` / `ec-1`). */
  sign(payload: JWTPayload, options?: { alg?: 'RS256' | 'ES256'; kid?: string; key?: CryptoKey }): Promise<string>;
  close(): Promise<void>;
}

export async function startFakeOidcProvider(issuer = 'https://login.lender.example/realms/staff'): Promise<FakeOidcProvider> {
  const rsa = await generateKeyPair('RS256');
  const ec = await generateKeyPair('ES256');
  const keys: JWK[] = [
    { ...(await exportJWK(rsa.publicKey)), kid: 'rsa-1', alg: 'RS256', use: 'sig' },
    { ...(await exportJWK(ec.publicKey)), kid: 'ec-1', alg: 'ES256', use: 'sig' },
  ];
  let fetches = 0;
  const server: Server = createServer((request, response) => {
    if (request.url !== '/jwks') {
      response.writeHead(404).end();
      return;
    }
    fetches += 1;
    response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ keys }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    issuer,
    jwksUrl: `http://127.0.0.1:${port}/jwks`,
    fetches: () => fetches,
    sign: (payload, options = {}) => {
      const alg = options.alg ?? 'RS256';
      const key = options.key ?? (alg === 'RS256' ? rsa.privateKey : ec.privateKey);
      return new SignJWT(payload).setProtectedHeader({ alg, typ: 'JWT', kid: options.kid ?? (alg === 'RS256' ? 'rsa-1' : 'ec-1') }).sign(key);
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}
