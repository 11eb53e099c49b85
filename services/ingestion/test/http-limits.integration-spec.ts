import { aLoanOverdue, closeTestDb, testDb } from '@clearpath/testing';
import { BATCH_BODY_LIMIT_BYTES } from '../src/ingestion.app';
import { startIngestion, type RunningIngestion } from './ingestion.harness';

/**
 * Body and rate limits on the real ingestion service: ordinary routes read at most 64 KiB before
 * anyone has authenticated; only a `core-banking` caller gets the batch endpoint's 16 MiB; and callers
 * over their limit get a 429 problem with Retry-After.
 */
let ingestion: RunningIngestion;
let limited: RunningIngestion;

beforeAll(async () => {
  [ingestion, limited] = await Promise.all([
    startIngestion(),
    // Tiny limits, so that a few requests reach them.
    startIngestion({ CLEARPATH_RATE_LIMIT_PER_IP: '3', CLEARPATH_RATE_LIMIT_PER_PRINCIPAL: '2', CLEARPATH_RATE_LIMIT_PER_SYSTEM_PRINCIPAL: '4' }),
  ]);
});

afterAll(async () => {
  await Promise.all([ingestion?.stop(), limited?.stop()]);
  await closeTestDb();
});

async function send(url: string, body: string | Buffer, headers: Record<string, string> = {}, method = 'POST') {
  const response = await fetch(url, { method, headers: { 'content-type': 'application/json', ...headers }, body });
  return { status: response.status, headers: response.headers, body: (await response.json()) as Record<string, any> };
}

const CORE_BANKING = { 'x-api-key': 'test-core-banking-key' };
const AGENT = { 'x-api-key': 'test-agent-key' };
const ONE_MB = Buffer.alloc(1024 * 1024, ' ');

describe('body limits', () => {
  it('answers a 1 MB body on an ordinary route 413 problem+json naming the 64 KiB limit, whoever sends it', async () => {
    for (const headers of [{}, AGENT, CORE_BANKING]) {
      const answer = await send(`${ingestion.url}/v1/loans/LN-ANY`, ONE_MB, headers, 'PUT');
      expect(answer.status).toBe(413);
      expect(answer.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      expect(answer.body).toMatchObject({ status: 413, detail: 'The body is larger than this endpoint accepts (65536 bytes).', limitBytes: 65_536 });
    }
  });

  it('refuses a large batch without credentials (401) or from a role other than core-banking (403), before reading it', async () => {
    const anonymous = await send(`${ingestion.url}/v1/loan-events`, ONE_MB);
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect((await send(`${ingestion.url}/v1/loan-events`, ONE_MB, AGENT)).status).toBe(403);
  });

  it('accepts a batch of 1,000 events (well over 64 KiB) from the core-banking role', async () => {
    const events = Array.from({ length: 1_000 }, () => aLoanOverdue().build());
    const body = JSON.stringify({ events });
    expect(Buffer.byteLength(body)).toBeGreaterThan(64 * 1024);
    const answer = await send(`${ingestion.url}/v1/loan-events`, body, CORE_BANKING);
    expect(answer.status).toBe(202);
    expect(answer.body.results).toHaveLength(1_000);
    expect(answer.body.results.every((r: { status: string }) => r.status === 'accepted')).toBe(true);
    const { rows } = await testDb().query(`SELECT count(*)::int AS n FROM ingestion.loan_events WHERE event_id = ANY($1)`, [events.map((e) => e.eventId)]);
    expect(rows[0].n).toBe(1_000);
  });

  it('holds the batch endpoint to its own 16 MiB', async () => {
    const answer = await send(`${ingestion.url}/v1/loan-events`, Buffer.alloc(BATCH_BODY_LIMIT_BYTES + 1, ' '), CORE_BANKING);
    expect(answer).toMatchObject({ status: 413, body: { limitBytes: BATCH_BODY_LIMIT_BYTES } });
  });
});

describe('rate limits', () => {
  async function expectTooMany(answer: Awaited<ReturnType<typeof send>>, limit: number): Promise<void> {
    expect(answer.status).toBe(429);
    expect(answer.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(Number(answer.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(Number(answer.headers.get('retry-after'))).toBeLessThanOrEqual(60);
    expect(answer.body).toMatchObject({ title: 'Too Many Requests', status: 429, limit, windowSeconds: 60 });
  }
  const getLoan = (headers: Record<string, string>) =>
    fetch(`${limited.url}/v1/loans/LN-NONE`, { headers }).then(async (r) => ({
      status: r.status,
      headers: r.headers,
      body: (await r.json()) as Record<string, any>,
    }));

  it('limits each principal on its own, the system roles higher, with 429 problem+json and Retry-After', async () => {
    for (let i = 0; i < 2; i++) expect((await getLoan(AGENT)).status).toBe(404);
    await expectTooMany(await getLoan(AGENT), 2);
    // The ops key is another principal; the core-banking feed has its own, higher limit.
    expect((await getLoan({ 'x-api-key': 'test-ops-key' })).status).toBe(404);
    for (let i = 0; i < 4; i++) expect((await send(`${limited.url}/v1/loan-events`, JSON.stringify(aLoanOverdue().build()), CORE_BANKING)).status).toBe(202);
    await expectTooMany(await send(`${limited.url}/v1/loan-events`, JSON.stringify(aLoanOverdue().build()), CORE_BANKING), 4);
  });

  it('limits anonymous callers and wrong keys per address, and never the probes or /metrics', async () => {
    for (let i = 0; i < 3; i++) expect((await getLoan({ 'x-api-key': `guessed-key-${i}` })).status).toBe(401);
    await expectTooMany(await getLoan({}), 3);
    for (let i = 0; i < 5; i++) {
      for (const path of ['/health/live', '/health/ready', '/metrics']) expect((await fetch(`${limited.url}${path}`)).status).toBe(200);
    }
  });
});
