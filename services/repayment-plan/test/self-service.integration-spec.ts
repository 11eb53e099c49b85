import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import type { INestApplication } from '@nestjs/common';
import type { Producer } from 'kafkajs';
import { type Browser, chromium } from 'playwright-core';
import { ManualClock } from '@clearpath/contracts';
import { signSelfServiceToken } from '@clearpath/auth';
import { createIdempotentProducer } from '@clearpath/messaging';
import { TopicProbe, aLoanId, closeTestDb, expectEventually, freePort, startGroupAtEnd, testDb, testKafka } from '@clearpath/testing';
import { createRepaymentPlanApp, loadRepaymentPlanConfig } from '../src/repayment-plan.app';
import { SELF_SERVICE_SECRET, delinquency, quiet, send, testEnv, topics } from './repayment-harness';

/**
 * The debtor's self-service page in a real headless Chromium on a phone-sized screen: open a signed
 * link, read what is owed and the offers in zh-CN and en, accept an instalment plan (the plan is in
 * the database and a PlanStatusChanged is published), and a complaint while the complaints service
 * is down shows the phone number instead of an error page.
 */
const kafka = testKafka('repayment-plan-ss-it');
const run = `${process.pid}-${Date.now()}`;
const group = `repayment-plan-ss-it-${run}`;
const clock = new ManualClock('2026-11-29T02:00:00Z');
const ARTIFACTS = resolve(__dirname, 'artifacts');
let app: INestApplication;
let url: string;
let probe: TopicProbe;
let producer: Producer;
let browser: Browser;

beforeAll(async () => {
  // Nothing listens on this port: the complaints service is "down".
  const deadPort = await freePort();
  const config = loadRepaymentPlanConfig(
    testEnv(group, { REPAYMENT_PLAN_COMPLAINTS_URL: `http://127.0.0.1:${deadPort}`, REPAYMENT_PLAN_LENDER_PHONE: '400-820-8820' }),
  );
  await startGroupAtEnd(kafka, group, [topics.lifecycle, topics.segmented, topics.outcomes]);
  [app, probe, browser] = await Promise.all([
    createRepaymentPlanApp(config, { clock, logger: quiet() }),
    TopicProbe.start(kafka, [topics.plans]),
    chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox'] }),
  ]);
  await app.startAllMicroservices();
  await app.listen(0, '127.0.0.1');
  url = (await app.getUrl()).replace('[::1]', '127.0.0.1');
  producer = createIdempotentProducer(kafka);
  await producer.connect();
  mkdirSync(ARTIFACTS, { recursive: true });
});

afterAll(async () => {
  await Promise.all([app?.close(), probe?.stop(), producer?.disconnect(), browser?.close()]);
  await closeTestDb();
});

const link = (loanId: string, ttlSeconds = 7 * 86_400) =>
  `${url}/s/${signSelfServiceToken({ loanId, customerId: 'C-88231', ttlSeconds }, SELF_SERVICE_SECRET, clock)}`;

it('shows what is owed and the offers in zh-CN and en on a phone, and accepting an instalment offer creates the plan', async () => {
  const loanId = aLoanId('LN-SS');
  await send(producer, topics.lifecycle, delinquency(loanId, { overdue: '1712.35', outstanding: '12850.40' }));
  await expectEventually(async () => {
    const r = await testDb().query(`SELECT 1 FROM repayment_plan.cases WHERE loan_id = $1`, [loanId]);
    expect(r.rowCount).toBe(1);
  });
  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true, locale: 'en-GB' });
  const page = await context.newPage();
  const requests: string[] = [];
  page.on('request', (r) => requests.push(r.url()));

  // Default language from the case's locale (zh-CN), whatever the browser says.
  const response = await page.goto(link(loanId));
  expect(response?.status()).toBe(200);
  expect(response?.headers()['cache-control']).toBe('no-store');
  expect(await page.getAttribute('html', 'lang')).toBe('zh-CN');
  await expect(page.getByTestId('overdue-amount').textContent()).resolves.toBe('¥1,712.35');
  await expect(page.locator('h1').textContent()).resolves.toBe('我的还款方案');
  expect(await page.getByTestId('offer').count()).toBeGreaterThanOrEqual(4);
  await expect(page.locator('[data-offer-id="INSTALMENT-6"] h2').textContent()).resolves.toBe('分 6 期按月还款');
  // Fits the phone: nothing wider than the viewport.
  expect(await page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(390);
  const body = (await page.content()).toString();
  expect(body).not.toContain('王小明');
  expect(body).not.toContain('C-88231');

  await page.getByTestId('switch-lang').click();
  expect(await page.getAttribute('html', 'lang')).toBe('en');
  await expect(page.locator('[data-offer-id="INSTALMENT-6"] h2').textContent()).resolves.toBe('6 monthly instalments');
  await expect(page.locator('[data-offer-id="INSTALMENT-6"] .total').textContent()).resolves.toBe('Total to pay: ¥1,712.35');
  await page.screenshot({ path: resolve(ARTIFACTS, 'self-service-offers-en.png'), fullPage: true });

  await page.locator('[data-offer-id="INSTALMENT-6"] button').click();
  await expect(page.getByTestId('done').textContent()).resolves.toBe('Your repayment plan is set up.');
  await expect(page.getByTestId('plan').locator('.badge').textContent()).resolves.toBe('active');
  await page.screenshot({ path: resolve(ARTIFACTS, 'self-service-plan-en.png'), fullPage: true });
  // Only this service's own pages were loaded: no external assets.
  expect(requests.every((r) => r.startsWith(url))).toBe(true);

  const { rows } = await testDb().query(`SELECT plan_id, status, offer_id, total_minor::text, created_by FROM repayment_plan.plans WHERE loan_id = $1`, [
    loanId,
  ]);
  expect(rows).toEqual([{ plan_id: expect.any(String), status: 'active', offer_id: 'INSTALMENT-6', total_minor: '171235', created_by: 'debtor:self-service' }]);
  const published = await expectEventually(() => {
    const seen = probe
      .forKey(loanId)
      .map((m) => m.json<{ eventType: string; payload: Record<string, any> }>())
      .filter((e) => e.eventType === 'PlanStatusChanged');
    expect(seen.map((e) => e.payload.status)).toEqual(['proposed', 'active']);
    return seen[1];
  });
  expect(published.payload).toMatchObject({ planId: rows[0].plan_id, instalmentCount: 6, totalPayable: '1712.35', nextDueDate: '2026-12-02' });

  // A complaint while the complaints service is unreachable: a clear message with the phone number.
  await page.locator('textarea[name="text"]').fill('The calls come too late in the evening.');
  await page.getByTestId('complaint-form').locator('button').click();
  await expect(page.getByTestId('error').textContent()).resolves.toBe(
    'We could not send your complaint just now. Please try again later or call us on 400-820-8820.',
  );
  await context.close();
});

it('a bad or expired link gets a friendly page (401 / 410), and a cross-site post is refused', async () => {
  const loanId = aLoanId('LN-SS');
  const page = await browser.newPage({ viewport: { width: 390, height: 844 } });
  const bad = await page.goto(`${url}/s/not-a-token?lang=en`);
  expect(bad?.status()).toBe(401);
  await expect(page.getByTestId('link-problem').locator('h2').textContent()).resolves.toBe('This link is not valid.');
  const expired = link(loanId, 60);
  clock.advance(61_000);
  const gone = await page.goto(`${expired}?lang=zh-CN`);
  expect(gone?.status()).toBe(410);
  await expect(page.getByTestId('link-problem').locator('h2').textContent()).resolves.toBe('此链接已过期。');
  await page.close();
  const forged = await fetch(`${link(loanId)}/plans`, {
    method: 'POST',
    headers: { origin: 'https://evil.example', 'content-type': 'application/x-www-form-urlencoded' },
    body: 'offerId=INSTALMENT-2',
    redirect: 'manual',
  });
  expect(forged.status).toBe(403);
});
