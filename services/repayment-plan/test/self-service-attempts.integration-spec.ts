import type { INestApplication } from '@nestjs/common';
import { ManualClock } from '@clearpath/contracts';
import { signSelfServiceToken } from '@clearpath/auth';
import { aLoanId, closeTestDb, startGroupAtEnd, testKafka } from '@clearpath/testing';
import { createRepaymentPlanApp, loadRepaymentPlanConfig } from '../src/repayment-plan.app';
import { SELF_SERVICE_SECRET, quiet, testEnv, topics } from './repayment-harness';

/**
 * Guessing self-service links: an address that presents 3 links that are not ours (the limit set
 * here; 10 by default) within 15 minutes is refused with a 429 problem — its next link, valid or
 * not, is not even checked — until the oldest of those failures is 15 minutes old. Valid links and
 * expired ones (our own signature) never count.
 */
const kafka = testKafka('repayment-plan-attempts-it');
const group = `repayment-plan-attempts-it-${process.pid}-${Date.now()}`;
const clock = new ManualClock('2026-11-29T02:00:00Z');
let app: INestApplication;
let url: string;
let clients = 0;
/** A client address of its own for each test, told apart by X-Forwarded-For from the trusted loopback proxy. */
const anAddress = (): string => `198.51.100.${++clients}`;

beforeAll(async () => {
  const config = loadRepaymentPlanConfig(testEnv(group, { REPAYMENT_PLAN_LINK_FAILURES_PER_IP: '3', CLEARPATH_TRUST_PROXY: 'loopback' }));
  await startGroupAtEnd(kafka, group, [topics.lifecycle, topics.segmented, topics.outcomes]);
  app = await createRepaymentPlanApp(config, { clock, logger: quiet() });
  await app.startAllMicroservices();
  await app.listen(0, '127.0.0.1');
  url = (await app.getUrl()).replace('[::1]', '127.0.0.1');
});

afterAll(async () => {
  await app?.close();
  await closeTestDb();
});

/** A link we signed, for a loan this service has no case for: it verifies, then answers 404. */
const validLink = (ttlSeconds = 7 * 86_400) =>
  `/s/${signSelfServiceToken({ loanId: aLoanId('LN-ATT'), customerId: 'C-88231', ttlSeconds }, SELF_SERVICE_SECRET, clock)}`;
const forgedLink = (i: number) =>
  `/s/${Buffer.from(JSON.stringify({ l: `LN-GUESS-${i}`, c: 'C-1', e: 1_900_000_000 })).toString('base64url')}.${'A'.repeat(43)}`;

async function open(path: string, from: string, method = 'GET') {
  const response = await fetch(`${url}${path}`, {
    method,
    headers: { 'x-forwarded-for': from, ...(method === 'POST' ? { 'content-type': 'application/x-www-form-urlencoded' } : {}) },
    ...(method === 'POST' ? { body: 'offerId=INSTALMENT-2' } : {}),
    redirect: 'manual',
  });
  return { status: response.status, headers: response.headers, text: await response.text() };
}

it('refuses an address after 3 bad links, its valid links too, with 429 problem+json and Retry-After, until the window has passed', async () => {
  const from = anAddress();
  for (const path of ['/s/not-a-token', forgedLink(1), `${validLink()}x`]) expect((await open(path, from)).status).toBe(401);

  const refused = await open(forgedLink(2), from);
  expect(refused.status).toBe(429);
  expect(refused.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  expect(refused.headers.get('retry-after')).toBe('900');
  expect(refused.headers.get('cache-control')).toBe('no-store');
  expect(JSON.parse(refused.text)).toMatchObject({
    title: 'Too Many Requests',
    status: 429,
    detail: 'Too many links that are not valid came from this address. Try again in 15 minutes.',
  });
  // A valid link is not even checked, nor is a form posted to one.
  expect((await open(validLink(), from)).status).toBe(429);
  expect((await open(`${validLink()}/plans`, from, 'POST')).status).toBe(429);
  // Another address is not held back.
  expect((await open(validLink(), anAddress())).status).toBe(404);

  clock.advance(15 * 60_000 - 1_000);
  expect((await open(validLink(), from)).headers.get('retry-after')).toBe('1');
  clock.advance(1_000);
  expect((await open(validLink(), from)).status).toBe(404);
});

it('never counts valid links or expired ones against the address', async () => {
  const from = anAddress();
  for (let i = 0; i < 5; i++) expect((await open(validLink(), from)).status).toBe(404);
  const expired = Array.from({ length: 5 }, () => validLink(60));
  clock.advance(61_000);
  for (const path of expired) expect((await open(path, from)).status).toBe(410);
  // Still the whole budget of 3 failures left.
  for (let i = 0; i < 3; i++) expect((await open(forgedLink(i), from)).status).toBe(401);
  expect((await open(forgedLink(3), from)).status).toBe(429);
});
