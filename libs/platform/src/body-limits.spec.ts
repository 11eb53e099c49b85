import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { Controller, type INestApplication, Module, Post, Req } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { Request } from 'express';
import { ManualClock } from '@clearpath/contracts';
import { AuthModule, CredentialsVerifier, Public, Roles, parseApiKeys } from '@clearpath/auth';
import { ObservabilityModule, createLogger } from '@clearpath/observability';
import { useBodyLimits } from './body-limits';
import { RateLimitModule } from './rate-limit.module';

const SMALL = 64 * 1024;
const LARGE = 2 * 1024 * 1024;
const CORE_BANKING = { 'x-api-key': 'test-core-banking-key' };
const AGENT = { 'x-api-key': 'test-agent-key' };
const MB = Buffer.alloc(1024 * 1024, 'x');

const bytesOf = (request: Request): { bytes: number } => ({ bytes: Buffer.isBuffer(request.body) ? request.body.length : 0 });

@Controller()
class BodiesController {
  @Post('notes')
  notes(@Req() request: Request) {
    return bytesOf(request);
  }

  @Post('feedback')
  @Public()
  feedback(@Req() request: Request) {
    return bytesOf(request);
  }

  @Post('v1/batches')
  @Roles('core-banking', 'agent')
  batch(@Req() request: Request) {
    return bytesOf(request);
  }
}

/** createServiceApp's HTTP wiring (limits, auth, problem+json) without its database and Kafka. */
async function startApp(): Promise<{ app: INestApplication; base: string }> {
  @Module({
    imports: [
      ObservabilityModule.forRoot({ service: 'test', logger: createLogger({ service: 'test', level: 'silent' }), collectDefaultMetrics: false }),
      RateLimitModule.forRoot({ windowMs: 60_000, perIp: 1_000, perPrincipal: 1_000, perSystemPrincipal: 1_000, webhookPerIp: 1_000 }),
      AuthModule.forRoot({
        service: 'test',
        apiKeys: parseApiKeys('core-banking:core-banking:test-core-banking-key,test-agent:agent:test-agent-key'),
        tokenSecret: 'test-token-secret-of-32-characters!',
        clock: new ManualClock(),
      }),
    ],
    controllers: [BodiesController],
  })
  class TestModule {}
  const app = await NestFactory.create(TestModule, { logger: false, bodyParser: false });
  // Only `core-banking` may send the large body, though `agent` may call the route with a small one.
  useBodyLimits(app, { limitBytes: SMALL, largeBodies: [{ method: 'POST', path: '/v1/batches', limitBytes: LARGE, roles: ['core-banking'] }] });
  await app.listen(0, '127.0.0.1');
  return { app, base: (await app.getUrl()).replace('[::1]', '127.0.0.1') };
}

interface Answer {
  readonly status: number;
  readonly headers: IncomingHttpHeaders;
  readonly body: Record<string, unknown>;
}

describe('body limits', () => {
  let app: INestApplication;
  let base: string;
  let verify: jest.SpyInstance;

  beforeAll(async () => {
    ({ app, base } = await startApp());
    verify = jest.spyOn(app.get(CredentialsVerifier), 'verify');
  });

  afterAll(async () => {
    await app.close();
  });

  beforeEach(() => verify.mockClear());

  async function post(path: string, body: Buffer | string, headers: Record<string, string> = {}): Promise<Answer> {
    const response = await fetch(`${base}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
    return { status: response.status, headers: Object.fromEntries(response.headers), body: (await response.json()) as Record<string, unknown> };
  }

  /**
   * Sends the headers and 1 kB of a body declared `declaredBytes` long, and never the rest: an
   * answer proves the server decided without waiting for (let alone buffering) the body.
   */
  function postWithoutBody(path: string, declaredBytes: number, headers: Record<string, string> = {}): Promise<Answer> {
    return new Promise((resolve, reject) => {
      const request = httpRequest(
        `${base}${path}`,
        { method: 'POST', headers: { 'content-type': 'application/json', 'content-length': String(declaredBytes), ...headers } },
        (response) => {
          let text = '';
          response.setEncoding('utf8');
          response.on('data', (chunk: string) => (text += chunk));
          response.on('end', () => {
            request.destroy();
            resolve({ status: response.statusCode ?? 0, headers: response.headers, body: JSON.parse(text) as Record<string, unknown> });
          });
        },
      );
      request.on('error', reject);
      request.write(Buffer.alloc(1024, 'x'));
    });
  }

  it('reads a body within the small limit on any route', async () => {
    expect(await post('/notes', Buffer.alloc(SMALL, 'x'), AGENT)).toMatchObject({ status: 201, body: { bytes: SMALL } });
    expect(await post('/feedback', '{"ok":true}')).toMatchObject({ status: 201, body: { bytes: 11 } });
    // The guards check credentials with this verifier: what the tests below see not happen.
    expect(verify).toHaveBeenCalled();
  });

  it('answers a 1 MB body on an ordinary route with 413 problem+json naming the limit, before authentication is evaluated', async () => {
    for (const headers of [{}, AGENT, CORE_BANKING]) {
      const answer = await post('/notes', MB, headers);
      expect(answer.status).toBe(413);
      expect(answer.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(answer.body).toMatchObject({
        title: 'Payload Too Large',
        status: 413,
        detail: 'The body is larger than this endpoint accepts (65536 bytes).',
        limitBytes: SMALL,
        instance: '/notes',
      });
    }
    expect(await post('/feedback', MB)).toMatchObject({ status: 413 });
    expect(verify).not.toHaveBeenCalled();
  });

  it('answers 413 as soon as the declared length is over the limit, without waiting for the body', async () => {
    expect(await postWithoutBody('/notes', MB.length, CORE_BANKING)).toMatchObject({ status: 413, body: { limitBytes: SMALL } });
    expect(verify).not.toHaveBeenCalled();
  });

  it('stops reading a chunked body (no declared length) at the limit', async () => {
    const chunks = async function* () {
      for (let i = 0; i < 16; i++) yield Buffer.alloc(64 * 1024, 'x');
    };
    const response = await fetch(`${base}/notes`, { method: 'POST', headers: AGENT, body: ReadableStream.from(chunks()), duplex: 'half' } as RequestInit);
    expect(response.status).toBe(413);
    expect(await response.json()).toMatchObject({ detail: 'The body is larger than this endpoint accepts (65536 bytes).' });
  });

  it('reads a large body on the large-body route for a caller with valid credentials and an allowed role', async () => {
    expect(await post('/v1/batches', MB, CORE_BANKING)).toMatchObject({ status: 201, body: { bytes: MB.length } });
  });

  it('refuses the large-body route without credentials (401) or with a role not allowed the large body (403) before reading it', async () => {
    const anonymous = await postWithoutBody('/v1/batches', MB.length);
    expect(anonymous).toMatchObject({
      status: 401,
      body: { title: 'Unauthorized', detail: 'Send an API key in x-api-key or a bearer token in Authorization.' },
    });
    expect(anonymous.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(anonymous.headers['www-authenticate']).toContain('Bearer');
    expect(await postWithoutBody('/v1/batches', MB.length, { 'x-api-key': 'test-core-banking-kez' })).toMatchObject({
      status: 401,
      body: { detail: 'The API key is not valid.' },
    });
    expect(await postWithoutBody('/v1/batches', MB.length, AGENT)).toMatchObject({
      status: 403,
      body: { detail: "Role 'agent' may not call this endpoint; allowed: core-banking." },
    });
  });

  it('finds the large-body route however Express would (case, trailing slash), so no spelling skips its authentication', async () => {
    for (const path of ['/V1/Batches', '/v1/batches/']) {
      expect(await postWithoutBody(path, MB.length)).toMatchObject({ status: 401 });
      expect(await post(path, MB, CORE_BANKING)).toMatchObject({ status: 201, body: { bytes: MB.length } });
    }
  });

  it('holds the large-body route to its own limit', async () => {
    const answer = await postWithoutBody('/v1/batches', LARGE + 1, CORE_BANKING);
    expect(answer).toMatchObject({ status: 413, body: { detail: `The body is larger than this endpoint accepts (${LARGE} bytes).`, limitBytes: LARGE } });
  });

  it('applies the large limit to that method only', async () => {
    const response = await fetch(`${base}/v1/batches`, { method: 'PUT', headers: CORE_BANKING, body: MB });
    expect(response.status).toBe(413);
  });
});
