/**
 * repayment-plan bench: prints figures, asserts nothing about time; summary in
 * bench/results/repayment-plan.json.
 *
 *   1. payments  N cases, each with an active 3-instalment plan (seeded with set-based SQL), then N
 *                LoanPaymentReceived (one per loan, each paying its first instalment) published to
 *                the run's `collections.loan-lifecycle.v1` → a repayment-plan process of its own
 *                (fresh schema, fresh group): payments applied per second, from the first
 *                publish to the last payment row committed. Same-run baseline: raw kafkajs
 *                produce→consume of N records of the same size on a scratch topic (bench/lib/raw-baseline).
 *   2. sweep     S active plans seeded with set-based SQL, a share of them past their grace period,
 *                broken by RepaymentScheduler.tick(now) in process (batched, FOR UPDATE SKIP LOCKED,
 *                events written to the outbox): seconds for the whole sweep, and a second idle tick.
 *
 * Run:   `BENCH_ONLY=repayment-plan npm run bench` (or, built: `node dist/bench/repayment-plan.bench.js`)
 * Knobs: BENCH_RP_PAYMENTS (20000), BENCH_RP_SWEEP_PLANS (100000), BENCH_RP_SWEEP_DUE_SHARE (0.1),
 * BENCH_RP_TIMEOUT_S (300), BENCH_DATABASE_URL.
 *
 * Isolated from the platform: the topics are the run's own (`bench-<run id>.<registry name>`,
 * created first, deleted at the end, on failure and on ^C too; lib/bench-topics.ts), and the schema
 * `repayment_plan_bench_<run id>` is dropped at the end.
 */
import { randomUUID } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { Client } from 'pg';
import { ManualClock, TOPICS, newEnvelope } from '@clearpath/contracts';
import { createIdempotentProducer } from '@clearpath/messaging';
import { createLogger } from '@clearpath/observability';
import { createServiceDataSource } from '@clearpath/persistence';
import { startGroupAtEnd } from '@clearpath/testing';
import { benchKafka, guardBenchProcess, loopbackTargets } from './lib/bench-process';
import { RUN_TOPICS, createRunTopics, removeRunTopics, runTopic, runSchema } from './lib/bench-topics';
import { ROOT, ServiceChild, freePort, migrateBenchSchema } from './lib/ingestion-child';
import { foreignConsumers } from './lib/kafka-groups';
import { runRawBaseline } from './lib/raw-baseline';
import { fmtInt, sleep } from './lib/stats';
import { RepaymentContext } from '../services/repayment-plan/src/config/repayment-context';
import { REPAYMENT_PLAN_MIGRATIONS } from '../services/repayment-plan/src/migrations';
import { RepaymentScheduler } from '../services/repayment-plan/src/sweep/repayment.scheduler';

const num = (name: string, fallback: number): number => {
  const value = Number(process.env[name]);
  return Number.isFinite(value) && value > 0 ? value : fallback;
};

const CONFIG = {
  payments: num('BENCH_RP_PAYMENTS', 20_000),
  sweepPlans: num('BENCH_RP_SWEEP_PLANS', 100_000),
  dueShare: Math.min(1, num('BENCH_RP_SWEEP_DUE_SHARE', 0.1)),
  timeoutMs: num('BENCH_RP_TIMEOUT_S', 300) * 1000,
  databaseUrl: process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/clearpath_test',
  schema: runSchema('repayment_plan_bench'),
  publishChunk: 1_000,
};
const RESULTS_DIR = resolve(ROOT, 'bench/results');
const LOG_FILE = resolve(RESULTS_DIR, 'repayment-plan.log');
const out = (line = ''): void => void process.stdout.write(`${line}\n`);

const children: ServiceChild[] = [];
const killChildrenNow = (): void => children.forEach((c) => c.killNow());

async function main(): Promise<void> {
  guardBenchProcess({ childLabel: 'repayment-plan child', killChildrenNow, globalTimeoutMs: CONFIG.timeoutMs + 120_000 });
  const brokers = loopbackTargets(CONFIG.databaseUrl);
  const seed = `rp${Date.now().toString(36)}`;
  mkdirSync(RESULTS_DIR, { recursive: true });
  writeFileSync(LOG_FILE, '');
  const kafka = benchKafka(brokers, `bench-${seed}`);
  const topicCount = await createRunTopics(brokers);
  out(`Clearpath repayment-plan bench — ${new Date().toISOString()} — seed ${seed}; db ${CONFIG.databaseUrl} schema ${CONFIG.schema}`);
  out(`topics: the run's own ${topicCount} (${RUN_TOPICS.prefix}<registry name>), deleted at the end`);
  for (const f of await foreignConsumers(kafka, runTopic(TOPICS.loanLifecycle.name))) {
    out(
      `WARNING: consumer group "${f.group}" (${f.members} member${f.members === 1 ? '' : 's'}) also consumes ${runTopic(TOPICS.loanLifecycle.name)}: it competes for CPU and PostgreSQL`,
    );
  }

  const db = new Client({ connectionString: CONFIG.databaseUrl, application_name: 'bench' });
  await db.connect();
  await db.query(`DROP SCHEMA IF EXISTS ${CONFIG.schema} CASCADE`);
  await migrateBenchSchema(CONFIG.databaseUrl, CONFIG.schema, 'repayment-plan');
  const results: Record<string, unknown> = { runAt: new Date().toISOString(), seed };

  // --- 1. payments -------------------------------------------------------------------------------
  const n = CONFIG.payments;
  const prefix = `LN-RPB-${seed}`;
  out();
  out(
    `[1/2] payments: ${fmtInt(n)} LoanPaymentReceived (one per loan with an active 3-instalment plan) → ${runTopic(TOPICS.loanLifecycle.name)} → repayment-plan`,
  );
  let t = Date.now();
  await seedPlans(db, { prefix, count: n, breakAfter: '2099-01-01', withCases: true });
  out(`      seeded ${fmtInt(n)} cases and plans in ${((Date.now() - t) / 1000).toFixed(1)} s`);
  const messages = Array.from({ length: n }, (_, i) => {
    const loanId = `${prefix}-${i}`;
    const event = newEnvelope({
      eventType: 'LoanPaymentReceived',
      schemaVersion: 1,
      occurredAt: new Date(),
      correlationId: `bench-${seed}`,
      causationId: null,
      payload: {
        loanId,
        loanSequence: 2,
        customerId: `C-${i}`,
        amount: '300.00',
        currency: 'CNY',
        paidAt: '2026-11-29T10:15:00+08:00',
        method: 'CARD',
        reference: `PAY-${seed}-${i}`,
        outstandingBalance: null,
        overdueAmount: null,
      },
    });
    return { key: loanId, value: Buffer.from(JSON.stringify(event)), headers: { 'event-id': event.eventId, 'event-type': event.eventType } };
  });
  const avgBytes = Math.round(messages.reduce((a, m) => a + m.value.length, 0) / n);

  const group = `repayment-plan-bench-${seed}`;
  await startGroupAtEnd(kafka, group, [runTopic(TOPICS.loanLifecycle.name), runTopic(TOPICS.caseSegmented.name), runTopic(TOPICS.contactOutcomes.name)]);
  const child = ServiceChild.start({
    service: 'repayment-plan',
    databaseUrl: CONFIG.databaseUrl,
    schema: CONFIG.schema,
    group,
    port: await freePort(),
    logFile: LOG_FILE,
    extraEnv: { REPAYMENT_PLAN_SWEEP_ENABLED: 'false' },
  });
  children.push(child);
  const readyMs = await child.waitReady(60_000);
  out(`      repayment-plan pid ${child.pid} ready in ${readyMs} ms (group ${group})`);
  // Wait for the group to be assigned before the clock starts: one probe payment for an unknown loan.
  const producer = createIdempotentProducer(kafka);
  await producer.connect();
  const probeRef = `PROBE-${seed}`;
  await producer.send({ topic: runTopic(TOPICS.loanLifecycle.name), acks: -1, messages: [probeMessage(seed, probeRef)] });
  await waitFor(
    async () => (await count(db, `SELECT count(*)::int AS n FROM ${CONFIG.schema}.payments WHERE reference = $1`, [probeRef])) === 1,
    60_000,
    child,
  );

  const started = Date.now();
  for (let i = 0; i < n; i += CONFIG.publishChunk) {
    await producer.send({ topic: runTopic(TOPICS.loanLifecycle.name), acks: -1, messages: messages.slice(i, i + CONFIG.publishChunk) });
  }
  const published = Date.now();
  await waitFor(
    async () => (await count(db, `SELECT count(*)::int AS n FROM ${CONFIG.schema}.payments WHERE loan_id LIKE $1`, [`${prefix}-%`])) >= n,
    CONFIG.timeoutMs,
    child,
  );
  const seconds = (Date.now() - started) / 1000;
  const paymentsPerSecond = n / seconds;
  const allocated = await count(
    db,
    `SELECT count(*)::int AS n FROM ${CONFIG.schema}.instalments i JOIN ${CONFIG.schema}.plans p USING (plan_id) WHERE p.loan_id LIKE $1 AND i.seq = 1 AND i.paid_minor = i.amount_minor`,
    [`${prefix}-%`],
  );
  await producer.disconnect();
  await child.stop(15_000);
  out(
    `      published in ${((published - started) / 1000).toFixed(1)} s; all ${fmtInt(n)} applied in ${seconds.toFixed(1)} s → ${fmtInt(paymentsPerSecond)} payments/s (first instalment paid on ${fmtInt(allocated)} plans)`,
  );

  out(`      baseline: raw kafkajs produce→consume of ${fmtInt(n)} × ${avgBytes} B on a scratch topic (6 partitions, batches of 1,000)`);
  const raw = await runRawBaseline(kafka, {
    topic: `bench.rp-raw.${seed}`,
    partitions: 6,
    messages: n,
    valueBytes: avgBytes,
    batchSize: 1_000,
    groupId: `bench-rp-raw-${seed}`,
    timeoutMs: 120_000,
  });
  out(
    `      baseline: ${fmtInt(raw.messagesPerSecond)} records/s → repayment-plan applies payments at ${((paymentsPerSecond / raw.messagesPerSecond) * 100).toFixed(1)} % of the raw transport`,
  );
  results.payments = {
    count: n,
    seconds: Number(seconds.toFixed(2)),
    paymentsPerSecond: Math.round(paymentsPerSecond),
    rawBaselinePerSecond: Math.round(raw.messagesPerSecond),
    shareOfRaw: Number((paymentsPerSecond / raw.messagesPerSecond).toFixed(3)),
    avgBytes,
  };

  // --- 2. sweep ----------------------------------------------------------------------------------
  const s = CONFIG.sweepPlans;
  const due = Math.round(s * CONFIG.dueShare);
  out();
  out(`[2/2] sweep: ${fmtInt(s)} active plans (${fmtInt(due)} past their grace period) → RepaymentScheduler.tick(now), in process`);
  await db.query(`TRUNCATE ${CONFIG.schema}.instalments, ${CONFIG.schema}.plans, ${CONFIG.schema}.outbox`);
  t = Date.now();
  await seedPlans(db, { prefix: `LN-RPS-${seed}`, count: s, breakAfter: '2027-01-01', pastDue: due, withCases: false });
  await db.query(`ANALYZE ${CONFIG.schema}.plans`);
  out(`      seeded in ${((Date.now() - t) / 1000).toFixed(1)} s`);
  const dataSource = createServiceDataSource({
    url: CONFIG.databaseUrl,
    schema: CONFIG.schema,
    migrations: REPAYMENT_PLAN_MIGRATIONS,
    poolSize: 4,
    applicationName: 'bench-sweep',
  });
  await dataSource.initialize();
  const clock = new ManualClock('2026-12-15T12:00:00Z');
  const context = RepaymentContext.load({
    selfServiceSecret: 'bench-self-service-secret',
    complaintsUrl: 'http://127.0.0.1:1',
    complaintsApiKey: 'bench-key',
    lenderPhone: '400-820-8820',
    policyFile: null,
    sweepEnabled: false,
    sweepPollMs: 60_000,
    sweepBatchSize: 1_000,
    linkFailuresPerIp: 10,
    linkFailureWindowMs: 900_000,
  });
  const scheduler = new RepaymentScheduler(dataSource, clock, context, createLogger({ service: 'bench', level: 'warn' }));
  t = Date.now();
  const report = await scheduler.tick(clock.now());
  const sweepSeconds = (Date.now() - t) / 1000;
  t = Date.now();
  const idle = await scheduler.tick(clock.now());
  const idleMs = Date.now() - t;
  const outbox = await count(db, `SELECT count(*)::int AS n FROM ${CONFIG.schema}.outbox`, []);
  await dataSource.destroy();
  out(
    `      broke ${fmtInt(report.plansBroken)} plans in ${sweepSeconds.toFixed(2)} s (${fmtInt(report.plansBroken / sweepSeconds)} plans/s, ${fmtInt(outbox)} PlanStatusChanged in the outbox); the next tick found ${idle.plansBroken} in ${idleMs} ms`,
  );
  results.sweep = { activePlans: s, pastGrace: due, broken: report.plansBroken, seconds: Number(sweepSeconds.toFixed(3)), idleTickMs: idleMs };

  await db.query(`DROP SCHEMA IF EXISTS ${CONFIG.schema} CASCADE`);
  await db.end();
  writeFileSync(resolve(RESULTS_DIR, 'repayment-plan.json'), `${JSON.stringify(results, null, 2)}\n`);
  out();
  out(`summary: ${JSON.stringify(results)}`);
}

/** Cases (optional) and active 3-instalment plans of 900.00 CNY, all set-based; `pastDue` of them past their grace. */
async function seedPlans(db: Client, o: { prefix: string; count: number; breakAfter: string; pastDue?: number; withCases: boolean }): Promise<void> {
  const S = CONFIG.schema;
  if (o.withCases) {
    await db.query(
      `INSERT INTO ${S}.cases (loan_id, customer_id, loan_sequence, jurisdiction, timezone, locale, currency, outstanding_minor, overdue_minor, days_past_due, due_date, status, updated_at)
       SELECT $1 || '-' || g, 'C-' || g, 1, 'CN', 'Asia/Shanghai', 'zh-CN', 'CNY', 500000, 90000, 17, '2026-11-11', 'open', now() FROM generate_series(0, $2 - 1) g`,
      [o.prefix, o.count],
    );
  }
  await db.query(
    `INSERT INTO ${S}.plans (plan_id, loan_id, customer_id, kind, status, offer_id, currency, timezone, total_minor, paid_minor, instalment_count, policy_version,
                             grace_days, next_seq, next_due_date, break_after, created_by, created_at, updated_at)
     SELECT gen_random_uuid(), $1 || '-' || g, 'C-' || g, 'INSTALMENT', 'active', 'INSTALMENT-3', 'CNY',
            (ARRAY['Asia/Shanghai', 'Europe/London', 'America/New_York'])[1 + g % 3], 90000, 0, 3, '2026.11.1/default', 3, 1,
            CASE WHEN g < $3 THEN '2026-12-01'::date ELSE $4::date END,
            CASE WHEN g < $3 THEN '2026-12-04'::date ELSE $4::date + 3 END, 'bench', now(), now()
     FROM generate_series(0, $2 - 1) g`,
    [o.prefix, o.count, o.pastDue ?? 0, o.breakAfter],
  );
  await db.query(
    `INSERT INTO ${S}.instalments (plan_id, seq, due_date, amount_minor, paid_minor)
     SELECT p.plan_id, s, (p.next_due_date + make_interval(months => s - 1))::date, 30000, 0 FROM ${S}.plans p CROSS JOIN generate_series(1, 3) s WHERE p.loan_id LIKE $1`,
    [`${o.prefix}-%`],
  );
}

function probeMessage(seed: string, reference: string) {
  const event = newEnvelope({
    eventType: 'LoanPaymentReceived',
    schemaVersion: 1,
    occurredAt: new Date(),
    correlationId: `bench-${seed}`,
    causationId: null,
    payload: {
      loanId: `LN-RPB-PROBE-${seed}`,
      loanSequence: 1,
      customerId: 'C-PROBE',
      amount: '1.00',
      currency: 'CNY',
      paidAt: '2026-11-29T10:15:00+08:00',
      method: 'CARD',
      reference,
      outstandingBalance: null,
      overdueAmount: null,
    },
  });
  return { key: event.payload.loanId, value: JSON.stringify(event), headers: { 'event-id': event.eventId || randomUUID(), 'event-type': event.eventType } };
}

async function count(db: Client, sql: string, params: unknown[]): Promise<number> {
  return (await db.query<{ n: number }>(sql, params)).rows[0].n;
}

async function waitFor(done: () => Promise<boolean>, timeoutMs: number, child: ServiceChild): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await done())) {
    child.assertAlive();
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms (see bench/results/repayment-plan.log)`);
    await sleep(100);
  }
}

main().then(
  async () => {
    await removeRunTopics();
    process.exit(0);
  },
  async (error: Error) => {
    console.error(`bench failed: ${error.stack ?? error.message}`);
    killChildrenNow();
    await removeRunTopics();
    process.exit(1);
  },
);
