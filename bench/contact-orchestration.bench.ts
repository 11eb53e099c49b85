/**
 * `npm run bench` (after ingestion and risk-scoring; `BENCH_ONLY=contact-orchestration npm run bench`
 * alone): what one compliance decision costs, and how long contact-orchestration takes to plan and
 * dispatch a day's outreach for 100,000 active cases. Prints figures; asserts nothing about time.
 * Writes the summary to bench/results/contact-orchestration.json. Goal (contact-orchestration):
 * 100,000 cases planned and dispatched in under two minutes.
 *
 *   1. guard      in-process: `decide(...)` over 100,000 varied proposals and contexts (CN/US/GB,
 *                 10 time zones, every channel, instants spread over a day, 0-20 past attempts,
 *                 a few flags, disputes and opt-outs; SMS and e-mail proposals carry a really
 *                 rendered message so the content rules run), after 20,000 warm-up calls: one pass
 *                 with a timer around each call → p50/mean/p99 µs and decisions/s on one core.
 *   2. dispatch   the service in-process (createContactOrchestrationApp, as the integration spec
 *                 does: ManualClock, scheduler timer off, schema `contact_orchestration_bench_<run id>`
 *                 dropped and migrated per run). 100,000 ACTIVE cases and their contact details are
 *                 loaded with two set-based INSERT ... SELECT FROM generate_series statements
 *                 straight into `cases` and `contact_details` — this BYPASSES KAFKA (the
 *                 case-segmented / loan-lifecycle / customer-contacts consumers are not started;
 *                 what is timed is the scheduler only). Debtors are spread over 10 zones (CN 15 %,
 *                 GB 30 %, US 55 %); the clock is fixed at 2026-12-01T17:30Z, when SMS hours
 *                 (09:00-20:00) are open for 75 % of them: Shanghai, Urumqi (night), Honolulu
 *                 (07:30) and Anchorage (08:30) debtors are deferred to their next window. Then `scheduler.tick(now)` is called until a tick plans no case and
 *                 claims no attempt: cases planned/s, attempts dispatched/s (each both inside its own
 *                 transactions and end to end: a tick plans up to 50 batches, then dispatches up to
 *                 50, so the phases interleave), total seconds. Contacted cases are marked
 *                 `plan_dirty` and re-planned once (no new step due): that is counted in the total.
 *
 * Delay due → dispatch: with the clock fixed, every attempt is due at `now` (its step was due
 * when the case was segmented, before the run) and `sent_at` = `now`, so clock terms say 0. What is
 * measured instead is real wall time from the start of the tick run to the COMMIT of the dispatch
 * transaction that handed the attempt to its provider (each dispatch transaction's commit time is
 * taken by wrapping the service DataSource's `transaction`), i.e. how long the last debtors of the
 * day wait behind the others.
 *
 * Knobs (environment): BENCH_CO_CASES (100000), BENCH_CO_DECISIONS (100000), BENCH_CO_BATCH_SIZE
 * (the service default, 1000), BENCH_CO_RUN_TIMEOUT_S (150), BENCH_CO_GLOBAL_TIMEOUT_S (240),
 * BENCH_DATABASE_URL. Talks to 127.0.0.1 only.
 *
 * Isolated from the platform: the app's outbox relay publishes what the dispatch writes (contact
 * attempts and outcomes) to the run's own topics (`bench-<run id>.<registry name>`, created before
 * the app starts, deleted at the end, on failure and on ^C too; lib/bench-topics.ts), and the schema
 * `contact_orchestration_bench_<run id>` is dropped at the end.
 */
import { createWriteStream, mkdirSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { Client } from 'pg';
import type { INestApplication } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import { ManualClock, type Jurisdiction, type Locale, JURISDICTIONS } from '@clearpath/contracts';
import { createLogger } from '@clearpath/observability';
import { createServiceDataSource, migrateUp, serviceDatabaseUrl } from '@clearpath/persistence';
import { DATA_SOURCE } from '@clearpath/platform';
import { createContactOrchestrationApp, loadContactOrchestrationConfig } from '../services/contact-orchestration/src/contact-orchestration.app';
import { LegacyReseal } from '../services/contact-orchestration/src/personal-data/legacy-reseal';
import { CHANNELS, type Channel } from '../services/contact-orchestration/src/compliance/channel';
import { decide } from '../services/contact-orchestration/src/compliance/contact-guard';
import {
  ATTEMPT_OUTCOMES,
  type ContactAttempt,
  type ContactContext,
  type ContactProposal,
  type Decision,
  type TreatmentTone,
} from '../services/contact-orchestration/src/compliance/contact-guard.types';
import { CONTACT_POLICY, ContactPolicy } from '../services/contact-orchestration/src/config/contact-policy';
import { CONTACT_ORCHESTRATION_MIGRATIONS } from '../services/contact-orchestration/src/migrations';
import { ContactScheduler } from '../services/contact-orchestration/src/scheduler/contact.scheduler';
import { standardDisclosures } from '../services/contact-orchestration/src/templates/disclosure.lines';
import { createRunTopics, removeRunTopics, runTopicsEnv, RUN_TOPICS, runSchema } from './lib/bench-topics';
import { ROOT, clearpathEnv } from './lib/ingestion-child';
import { fmtInt, fmtMs, percentileSorted, round, table } from './lib/stats';

const num = (name: string, fallback: number): number => {
  const value = Number(process.env[name]);
  return Number.isFinite(value) && value > 0 ? value : fallback;
};

const CONFIG = {
  cases: num('BENCH_CO_CASES', 100_000),
  decisions: num('BENCH_CO_DECISIONS', 100_000),
  guardWarmup: 20_000,
  batchSize: process.env.BENCH_CO_BATCH_SIZE === undefined ? undefined : num('BENCH_CO_BATCH_SIZE', 500),
  runTimeoutMs: num('BENCH_CO_RUN_TIMEOUT_S', 150) * 1000,
  globalTimeoutMs: num('BENCH_CO_GLOBAL_TIMEOUT_S', 240) * 1000,
  schema: runSchema('contact_orchestration_bench'),
  databaseUrl: process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/clearpath_test',
  /** 17:30 UTC: 09:00-17:30 local from Los Angeles to London, night in Shanghai, 07:30 in Honolulu. */
  now: '2026-12-01T17:30:00Z',
  goalSeconds: 120,
};

const RESULTS_DIR = resolve(ROOT, 'bench/results');
const LOG_FILE = resolve(RESULTS_DIR, 'contact-orchestration.log');
const WEBHOOK_SECRET = 'bench-webhook-secret-0123456789';

const out = (line = ''): void => void process.stdout.write(`${line}\n`);
const elapsed = (since: number): string => `${((Date.now() - since) / 1000).toFixed(1)} s`;
const fmtUs = (us: number): string => (Number.isFinite(us) ? `${us < 10 ? us.toFixed(2) : us.toFixed(1)} µs` : 'n/a');
const indent = (text: string, n: number): string => text.replace(/^/gm, ' '.repeat(n));

/** A small deterministic PRNG (mulberry32), so runs compare. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

const ZONES: Record<Jurisdiction, readonly string[]> = {
  CN: ['Asia/Shanghai', 'Asia/Urumqi'],
  US: ['America/New_York', 'America/Chicago', 'America/Denver', 'America/Phoenix', 'America/Los_Angeles', 'America/Anchorage', 'Pacific/Honolulu'],
  GB: ['Europe/London'],
};
const LOCALE: Record<Jurisdiction, Locale> = { CN: 'zh-CN', US: 'en-US', GB: 'en-GB' };
const CURRENCY: Record<Jurisdiction, string> = { CN: 'CNY', US: 'USD', GB: 'GBP' };
const FLAGS = ['DECEASED', 'BANKRUPTCY', 'VULNERABLE', 'BREATHING_SPACE', 'DISPUTE', 'LITIGATION', 'DO_NOT_CONTACT'] as const;
const TONES: readonly TreatmentTone[] = ['gentle', 'standard', 'firm'];

// ------------------------------------------------------------------------------------------------
// 1. the guard

interface GuardCase {
  readonly proposal: ContactProposal;
  readonly context: ContactContext;
  readonly now: Date;
}

function guardCases(n: number, seed: number, policy: ContactPolicy): GuardCase[] {
  const r = rng(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)];
  const base = Date.parse(CONFIG.now);
  // Really rendered messages (what dispatch hands the guard), one per jurisdiction and channel.
  const texts = new Map<string, string>();
  for (const j of JURISDICTIONS) {
    for (const [channel, template] of [
      ['SMS', 'standard-sms'],
      ['EMAIL', 'standard-email'],
    ] as const) {
      const rendered = policy.renderer.render(
        template,
        LOCALE[j],
        {
          name: j === 'CN' ? '王小明' : 'Alex Morgan',
          amountDue: '1712.35',
          currency: CURRENCY[j],
          dueDate: '2026-11-14',
          selfServiceLink: 'https://pay.clearpath.example/c/Q2xlYXJwYXRoQmVuY2g',
          ...standardDisclosures(j, LOCALE[j], channel),
        },
        j,
      );
      if (rendered.ok) texts.set(`${j}:${channel}`, rendered.subject === undefined ? rendered.body : `${rendered.subject}\n${rendered.body}`);
    }
  }
  const cases: GuardCase[] = [];
  for (let i = 0; i < n; i++) {
    const jurisdiction = pick(JURISDICTIONS);
    const timezone = pick(ZONES[jurisdiction]);
    const channel: Channel = pick(CHANNELS);
    const nowMs = base + Math.floor(r() * 86_400_000);
    const attempts: ContactAttempt[] = [];
    const count = Math.floor(r() * 21); // 0..20
    for (let k = 0; k < count; k++) {
      attempts.push({ at: new Date(nowMs - Math.floor(r() * 8 * 86_400_000)).toISOString(), channel: pick(CHANNELS), outcome: pick(ATTEMPT_OUTCOMES) });
    }
    attempts.sort((a, b) => (a.at < b.at ? -1 : 1));
    const text = texts.get(`${jurisdiction}:${channel}`);
    cases.push({
      proposal: { channel, purpose: 'collection', recipient: 'debtor', ...(text !== undefined ? { templateText: text } : {}) },
      context: {
        jurisdiction,
        timezone,
        locale: LOCALE[jurisdiction],
        activeFlags: r() < 0.08 ? [pick(FLAGS)] : [],
        loanClosed: false,
        caseResolved: false,
        openComplaints: [],
        disputeOpen: r() < 0.02,
        optedOutChannels: r() < 0.03 ? [pick(CHANNELS)] : [],
        debtorUnreachable: false,
        treatmentTone: pick(TONES),
        attempts,
      },
      now: new Date(nowMs),
    });
  }
  return cases;
}

function runGuard(policy: ContactPolicy): Record<string, unknown> {
  let t = Date.now();
  const warm = guardCases(CONFIG.guardWarmup, 7, policy);
  const cases = guardCases(CONFIG.decisions, 42, policy);
  const histories = cases.map((c) => c.context.attempts.length);
  const withText = cases.filter((c) => c.proposal.templateText !== undefined).length;
  out(
    `      prepared ${fmtInt(cases.length)} proposals (+ ${fmtInt(warm.length)} warm-up): history ${Math.min(...histories)}-${Math.max(...histories)} attempts ` +
      `(mean ${(histories.reduce((a, b) => a + b, 0) / histories.length).toFixed(1)}), ${fmtInt(withText)} with a rendered SMS/e-mail text [${elapsed(t)}]`,
  );
  const call = (c: GuardCase): Decision => decide(c.proposal, c.context, c.now, policy.profiles[c.context.jurisdiction]);
  const safe = (c: GuardCase): Decision['kind'] | 'error' => {
    try {
      return call(c).kind;
    } catch {
      return 'error';
    }
  };
  for (const c of warm) safe(c);

  // One pass, a timer around each call (its overhead, well under 1 µs, is small next to a decision).
  t = Date.now();
  const kinds: Record<string, number> = { allowed: 0, deferred: 0, blocked: 0, error: 0 };
  const per = new Float64Array(cases.length);
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < cases.length; i++) {
    const a = process.hrtime.bigint();
    kinds[safe(cases[i])]++;
    per[i] = Number(process.hrtime.bigint() - a) / 1000;
  }
  const untimedUs = Number(process.hrtime.bigint() - t0) / 1000;
  per.sort();
  const sorted = Array.from(per);
  const meanUs = sorted.reduce((a, b) => a + b, 0) / sorted.length;
  const perSecond = cases.length / (untimedUs / 1e6);
  out(
    indent(
      table([
        ['decisions', 'decisions/s (one core)', 'p50', 'mean', 'p99', 'max'],
        [
          fmtInt(cases.length),
          fmtInt(perSecond),
          fmtUs(percentileSorted(sorted, 50)),
          fmtUs(meanUs),
          fmtUs(percentileSorted(sorted, 99)),
          fmtUs(sorted[sorted.length - 1]),
        ],
      ]),
      6,
    ),
  );
  out(
    `      decisions: ${Object.entries(kinds)
      .map(([k, v]) => `${k} ${fmtInt(v)}`)
      .join(', ')} [${elapsed(t)}]`,
  );
  return {
    decisions: cases.length,
    perSecond: round(perSecond),
    p50Us: round(percentileSorted(sorted, 50), 2),
    meanUs: round(meanUs, 2),
    p99Us: round(percentileSorted(sorted, 99), 2),
    kinds,
  };
}

// ------------------------------------------------------------------------------------------------
// 2. planning and dispatch

/** Debtor slots (20): CN 15 %, GB 30 %, US 55 % over six zones; each row takes slot i % 20. */
const SLOTS: ReadonlyArray<[Jurisdiction, string]> = [
  ['CN', 'Asia/Shanghai'],
  ['CN', 'Asia/Shanghai'],
  ['CN', 'Asia/Urumqi'],
  ['GB', 'Europe/London'],
  ['GB', 'Europe/London'],
  ['GB', 'Europe/London'],
  ['GB', 'Europe/London'],
  ['GB', 'Europe/London'],
  ['GB', 'Europe/London'],
  ['US', 'America/New_York'],
  ['US', 'America/New_York'],
  ['US', 'America/New_York'],
  ['US', 'America/Chicago'],
  ['US', 'America/Chicago'],
  ['US', 'America/Denver'],
  ['US', 'America/Phoenix'],
  ['US', 'America/Los_Angeles'],
  ['US', 'America/Los_Angeles'],
  ['US', 'America/Anchorage'],
  ['US', 'Pacific/Honolulu'],
];
const BENCH_TREATMENTS = ['standard-reminder', 'gentle-reminder', 'firm-reminder', 'plan-offer-early'];

/** Set-based load of cases + contact details (bypasses Kafka: the consumers are not running). */
async function loadCases(db: Client, policy: ContactPolicy, now: Date): Promise<void> {
  const treatments = BENCH_TREATMENTS.map((id) => {
    const t = policy.treatments.find(id);
    if (t === undefined) throw new Error(`treatment ${id} is not in the catalog`);
    return t;
  });
  const S = CONFIG.schema;
  const params = [
    CONFIG.cases,
    SLOTS.map((s) => s[0]),
    SLOTS.map((s) => s[1]),
    SLOTS.map((s) => LOCALE[s[0]]),
    SLOTS.map((s) => CURRENCY[s[0]]),
    treatments.map((t) => t.treatmentId),
    treatments.map((t) => t.version),
    treatments.map((t) => t.tone),
    now,
  ];
  // Segmented an hour ago: the day-0 step (sms-1) of every treatment is due, nothing else.
  await db.query(
    `INSERT INTO ${S}.cases (loan_id, customer_id, loan_sequence, segmented_sequence, treatment_id, treatment_version, treatment_tone,
       treatment_episode, segmented_at, state, days_past_due, dpd_bucket, overdue_amount, currency, jurisdiction, due_date, timezone, locale,
       probability_of_default, plan_dirty, updated_at)
     SELECT 'LN-COB-' || i, 'C-COB-' || i, 1, 1, ($6::text[])[1 + i % 4], ($7::int[])[1 + i % 4], ($8::text[])[1 + i % 4],
       1, $9::timestamptz - interval '1 hour', 'ACTIVE', d, CASE WHEN d <= 30 THEN 'M1' ELSE 'M2' END,
       (100 + (i * 37) % 4900) + ((i * 13) % 100) / 100.0, ($5::text[])[1 + i % 20], ($2::text[])[1 + i % 20],
       ($9::timestamptz AT TIME ZONE 'UTC')::date - d, ($3::text[])[1 + i % 20], ($4::text[])[1 + i % 20],
       (5 + (i * 7919) % 9000) / 10000.0, true, $9::timestamptz
     FROM generate_series(1, $1::int) AS i, LATERAL (SELECT 3 + (i * 31) % 40 AS d) x`,
    params,
  );
  await db.query(
    `INSERT INTO ${S}.contact_details (customer_id, full_name, phone, email, address, timezone, locale, jurisdiction, updated_at)
     SELECT 'C-COB-' || i,
       CASE j WHEN 'CN' THEN '王小明' ELSE 'Alex Morgan ' || i END,
       CASE j WHEN 'CN' THEN '+86138' || lpad((i % 100000000)::text, 8, '0') WHEN 'US' THEN '+1202555' || lpad((i % 10000)::text, 4, '0')
         ELSE '+447700' || lpad((i % 1000000)::text, 6, '0') END,
       'debtor' || i || '@example.com',
       CASE j WHEN 'CN' THEN jsonb_build_object('city', '郑州市', 'line1', '金水路 ' || i || ' 号')
         ELSE jsonb_build_object('city', 'Springfield', 'line1', i || ' Main Street') END,
       ($3::text[])[1 + i % 20], ($4::text[])[1 + i % 20], j, $5::timestamptz
     FROM generate_series(1, $1::int) AS i, LATERAL (SELECT ($2::text[])[1 + i % 20] AS j) x`,
    [CONFIG.cases, SLOTS.map((s) => s[0]), SLOTS.map((s) => s[1]), SLOTS.map((s) => LOCALE[s[0]]), now],
  );
  await db.query(`ANALYZE ${S}.cases`);
  await db.query(`ANALYZE ${S}.contact_details`);
}

interface CommitMark {
  readonly kind: 'plan' | 'dispatch';
  readonly atMs: number;
  readonly cases?: number;
  readonly attempts?: number;
  readonly claimed?: number;
  readonly sent?: number;
  readonly deferred?: number;
  readonly blocked?: number;
  readonly failed?: number;
  readonly waiting?: number;
}

/** Records the commit time of every plan and dispatch transaction the scheduler runs. */
function instrument(dataSource: DataSource, marks: CommitMark[], runStart: () => number): void {
  type Tx = (...args: unknown[]) => Promise<unknown>;
  const original = (dataSource.transaction as unknown as Tx).bind(dataSource);
  const wrapped: Tx = async (...args) => {
    const result = await original(...args);
    if (result !== null && typeof result === 'object') {
      const r = result as Record<string, number>;
      const atMs = Date.now() - runStart();
      if ('claimed' in r && 'sent' in r)
        marks.push({
          kind: 'dispatch',
          atMs,
          claimed: r.claimed,
          sent: r.sent,
          deferred: r.deferred,
          blocked: r.blocked,
          failed: r.failed,
          waiting: r.waiting,
        });
      else if ('cases' in r && 'attempts' in r) marks.push({ kind: 'plan', atMs, cases: r.cases, attempts: r.attempts });
    }
    return result;
  };
  (dataSource as unknown as { transaction: Tx }).transaction = wrapped;
}

/** Weighted percentile: each mark counts `weight` times at its `atMs`. */
function weightedPercentile(marks: ReadonlyArray<{ atMs: number; weight: number }>, p: number): number {
  const total = marks.reduce((a, m) => a + m.weight, 0);
  if (total === 0) return Number.NaN;
  const rank = Math.ceil((p / 100) * total);
  let seen = 0;
  for (const m of [...marks].sort((a, b) => a.atMs - b.atMs)) {
    seen += m.weight;
    if (seen >= rank) return m.atMs;
  }
  return Number.NaN;
}

async function runDispatch(): Promise<Record<string, unknown>> {
  const env: NodeJS.ProcessEnv = {
    ...clearpathEnv(),
    ...process.env,
    DATABASE_URL: CONFIG.databaseUrl,
    CONTACT_ORCHESTRATION_DATABASE_URL: serviceDatabaseUrl(CONFIG.databaseUrl, 'contact-orchestration'),
    CONTACT_PROVIDER_WEBHOOK_SECRET: WEBHOOK_SECRET,
    CONTACT_ORCHESTRATION_DB_SCHEMA: CONFIG.schema,
    CONTACT_ORCHESTRATION_CONSUMER_GROUP: `contact-orchestration-bench-${process.pid}`,
    ...runTopicsEnv(),
    CONTACT_ORCHESTRATION_SCHEDULER_ENABLED: 'false',
    CONTACT_ORCHESTRATION_LOCAL_RECEIPT_DELAY_MS: '60000',
    ...(CONFIG.batchSize !== undefined ? { CONTACT_ORCHESTRATION_BATCH_SIZE: String(CONFIG.batchSize) } : {}),
  };
  const brokers = (env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(',');
  if (!brokers.every((b) => b.startsWith('127.0.0.1:') || b.startsWith('localhost:')))
    throw new Error(`the bench only talks to 127.0.0.1; KAFKA_BROKERS=${brokers.join(',')}`);
  const topicCount = await createRunTopics(brokers);
  out(`      topics: the run's own ${topicCount} (${RUN_TOPICS.prefix}<registry name>), deleted at the end`);
  const config = loadContactOrchestrationConfig(env);
  const now = new Date(CONFIG.now);
  const clock = new ManualClock(now);

  let t = Date.now();
  const db = new Client({ connectionString: CONFIG.databaseUrl, application_name: 'bench' });
  await db.connect();
  let app: INestApplication | null = null;
  try {
    await db.query(`DROP SCHEMA IF EXISTS ${CONFIG.schema} CASCADE`);
    const migrator = createServiceDataSource({ url: CONFIG.databaseUrl, schema: CONFIG.schema, migrations: CONTACT_ORCHESTRATION_MIGRATIONS, poolSize: 1 });
    await migrateUp(migrator, { service: 'contact-orchestration' });
    await migrator.destroy();
    out(`      schema ${CONFIG.schema}: dropped and migrated [${elapsed(t)}]`);

    t = Date.now();
    const log = createWriteStream(LOG_FILE, { flags: 'a' });
    app = await createContactOrchestrationApp(config, { clock, logger: createLogger({ service: 'contact-orchestration', level: 'warn', destination: log }) });
    await app.init();
    const policy = app.get<ContactPolicy>(CONTACT_POLICY);
    const scheduler = app.get(ContactScheduler);
    const dataSource = app.get<DataSource>(DATA_SOURCE);
    out(
      `      app in-process (HTTP not listening, Kafka consumers not started, scheduler timer off), batch size ${policy.settings.batchSize}, clock ${now.toISOString()} [${elapsed(t)}]`,
    );

    t = Date.now();
    await loadCases(db, policy, now);
    // The rows went in as plaintext (set-based SQL knows no keys): seal them as the service seals a
    // database from before sealing, so the timed run reads sealed contact details like production.
    await app.get(LegacyReseal).run();
    const loadSeconds = (Date.now() - t) / 1000;
    const { rows: mix } = await db.query<{ jurisdiction: string; timezone: string; n: number }>(
      `SELECT jurisdiction, timezone, count(*)::int AS n FROM ${CONFIG.schema}.cases GROUP BY 1, 2 ORDER BY 1, 3 DESC`,
    );
    out(
      `      loaded ${fmtInt(CONFIG.cases)} ACTIVE cases + contact details by set-based SQL (bypassing Kafka), then sealed, in ${loadSeconds.toFixed(1)} s; ` +
        `treatments ${BENCH_TREATMENTS.join(', ')} (day-0 sms-1 due); ${mix.map((m) => `${m.jurisdiction} ${m.timezone} ${fmtInt(m.n)}`).join(', ')}`,
    );

    // --- the timed run ----------------------------------------------------------------------------
    const marks: CommitMark[] = [];
    let runStartedAt = 0;
    instrument(dataSource, marks, () => runStartedAt);
    const ticks: Array<{
      ms: number;
      planned: number;
      sent: number;
      deferred: number;
      blocked: number;
      failed: number;
      waiting: number;
      receipts: number;
      planCases: number;
      claimed: number;
    }> = [];
    runStartedAt = Date.now();
    let timedOut = false;
    for (;;) {
      const before = marks.length;
      const tickStart = Date.now();
      const report = await scheduler.tick(clock.now());
      const mine = marks.slice(before);
      const planCases = mine.reduce((a, m) => a + (m.cases ?? 0), 0);
      const claimed = mine.reduce((a, m) => a + (m.claimed ?? 0), 0);
      ticks.push({ ms: Date.now() - tickStart, planned: report.planned, ...report.dispatched, receipts: report.receipts, planCases, claimed });
      if (planCases === 0 && claimed === 0) break;
      if (Date.now() - runStartedAt > CONFIG.runTimeoutMs) {
        timedOut = true;
        break;
      }
    }
    const runMs = Date.now() - runStartedAt;

    const sum = (k: keyof (typeof ticks)[number]): number => ticks.reduce((a, x) => a + x[k], 0);
    const plans = marks.filter((m) => m.kind === 'plan');
    const dispatches = marks.filter((m) => m.kind === 'dispatch');
    const planned = sum('planned');
    const sent = sum('sent');
    const decided = sent + sum('deferred') + sum('blocked') + sum('failed');
    // First planning of the day: until the last plan batch that created attempts.
    const firstPlanEndMs = Math.max(0, ...plans.filter((m) => (m.attempts ?? 0) > 0).map((m) => m.atMs));
    const casesFirstPlanned = plans.filter((m) => (m.attempts ?? 0) > 0).reduce((a, m) => a + (m.cases ?? 0), 0);
    const lastDispatchMs = Math.max(0, ...dispatches.filter((m) => (m.claimed ?? 0) > 0).map((m) => m.atMs));
    const sentMarks = dispatches.map((m) => ({ atMs: m.atMs, weight: m.sent ?? 0 }));
    const decidedMarks = dispatches.map((m) => ({ atMs: m.atMs, weight: (m.sent ?? 0) + (m.deferred ?? 0) + (m.blocked ?? 0) + (m.failed ?? 0) }));

    out();
    out(
      indent(
        table([
          ['tick', 'wall', 'cases planned (batches)', 'attempts planned', 'claimed', 'sent', 'deferred', 'blocked', 'failed', 'waiting'],
          ...ticks.map((x, i) => [
            String(i + 1),
            fmtMs(x.ms),
            fmtInt(x.planCases),
            fmtInt(x.planned),
            fmtInt(x.claimed),
            fmtInt(x.sent),
            fmtInt(x.deferred),
            fmtInt(x.blocked),
            fmtInt(x.failed),
            fmtInt(x.waiting),
          ]),
        ]),
        6,
      ),
    );
    out();
    const { rows: check } = await db.query<{ status: string; n: number }>(
      `SELECT status, count(*)::int AS n FROM ${CONFIG.schema}.contact_attempts GROUP BY 1 ORDER BY 1`,
    );
    const { rows: pm } = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${CONFIG.schema}.provider_messages`);
    const { rows: cd } = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${CONFIG.schema}.compliance_decisions`);
    const { rows: rule } = await db.query<{ r: string; n: number }>(
      `SELECT array_to_string(rule_ids, '+') AS r, count(*)::int AS n FROM ${CONFIG.schema}.contact_attempts WHERE status IN ('deferred', 'blocked', 'failed') GROUP BY 1 ORDER BY 2 DESC LIMIT 4`,
    );
    out(
      `      ${timedOut ? `STOPPED after the run timeout (${CONFIG.runTimeoutMs / 1000} s): ` : ''}${ticks.length} ticks until nothing was due, ${(runMs / 1000).toFixed(1)} s in all`,
    );
    out(
      `      in the database: attempts ${check.map((c) => `${c.status} ${fmtInt(c.n)}`).join(', ')}; provider_messages ${fmtInt(pm[0].n)}; compliance_decisions ${fmtInt(cd[0].n)}`,
    );
    if (rule.length > 0) out(`      not sent, by rule ids: ${rule.map((x) => `${x.r === '' ? '(none)' : x.r} ${fmtInt(x.n)}`).join('; ')}`);
    out();
    const phases = phaseSeconds(marks);
    const planRate = casesFirstPlanned / phases.firstPlan;
    const dispatchRate = decided / phases.dispatch;
    const replanned = plans.reduce((a, m) => a + (m.cases ?? 0), 0) - casesFirstPlanned;
    const p = (marksW: typeof sentMarks, q: number): string => fmtMs(weightedPercentile(marksW, q));
    out(
      indent(
        table([
          ['figure', 'value'],
          ['cases planned (first planning, attempts created)', `${fmtInt(casesFirstPlanned)} cases → ${fmtInt(planned)} attempts`],
          ['cases planned/s (in planning transactions)', `${fmtInt(planRate)} (${phases.firstPlan.toFixed(1)} s)`],
          [
            'cases planned/s (end to end: run start → last planning commit)',
            `${fmtInt(casesFirstPlanned / (firstPlanEndMs / 1000))} (${(firstPlanEndMs / 1000).toFixed(1)} s)`,
          ],
          [
            're-plans of contacted cases (plan_dirty after a send, no new step due)',
            `${fmtInt(replanned)} (${phases.replan.toFixed(1)} s, ${fmtInt(replanned / phases.replan)}/s)`,
          ],
          ['attempts decided (sent + deferred + blocked + failed)', fmtInt(decided)],
          ['attempts sent (handed to the local provider)', fmtInt(sent)],
          [
            'attempts dispatched/s (decided, in dispatch transactions)',
            `${fmtInt(dispatchRate)} (${phases.dispatch.toFixed(1)} s; sent ${fmtInt(sent / phases.dispatch)}/s)`,
          ],
          [
            'attempts dispatched/s (end to end: run start → last dispatch commit)',
            `${fmtInt(decided / (lastDispatchMs / 1000))} (${(lastDispatchMs / 1000).toFixed(1)} s)`,
          ],
          [
            "total: the day's outreach (all ticks, incl. re-plans)",
            `${(runMs / 1000).toFixed(1)} s (goal < ${CONFIG.goalSeconds} s: ${runMs / 1000 < CONFIG.goalSeconds ? 'met' : 'NOT met'})`,
          ],
          ['delay due → sent, wall, p50 / p90 / p99 / max', `${p(sentMarks, 50)} / ${p(sentMarks, 90)} / ${p(sentMarks, 99)} / ${p(sentMarks, 100)}`],
          ['delay due → decided, wall, p50 / p99', `${p(decidedMarks, 50)} / ${p(decidedMarks, 99)}`],
        ]),
        6,
      ),
    );
    out('      (delay: wall time from the start of the tick run — every step was already due then — to the commit of the dispatch');
    out('       transaction that sent the attempt; with the fixed ManualClock due_at = sent_at = now in clock terms)');
    return {
      cases: CONFIG.cases,
      loadSeconds: round(loadSeconds, 2),
      batchSize: policy.settings.batchSize,
      ticks: ticks.length,
      timedOut,
      casesPlanned: casesFirstPlanned,
      attemptsPlanned: planned,
      casesPlannedPerSecond: round(planRate),
      casesPlannedPerSecondEndToEnd: round(casesFirstPlanned / (firstPlanEndMs / 1000)),
      casesReplanned: replanned,
      phaseSeconds: { firstPlan: round(phases.firstPlan, 2), replan: round(phases.replan, 2), dispatch: round(phases.dispatch, 2) },
      attemptsDecided: decided,
      attemptsSent: sent,
      attemptsDispatchedPerSecond: round(dispatchRate),
      attemptsDispatchedPerSecondEndToEnd: round(decided / (lastDispatchMs / 1000)),
      totalSeconds: round(runMs / 1000, 2),
      delaySentMs: {
        p50: weightedPercentile(sentMarks, 50),
        p90: weightedPercentile(sentMarks, 90),
        p99: weightedPercentile(sentMarks, 99),
        max: weightedPercentile(sentMarks, 100),
      },
      statuses: Object.fromEntries(check.map((c) => [c.status, c.n])),
    };
  } finally {
    await app?.close().catch((e: Error) => console.error(`bench: closing the app: ${e.message}`));
    await db.query(`DROP SCHEMA IF EXISTS ${CONFIG.schema} CASCADE`).catch(() => undefined);
    await db.end().catch(() => undefined);
  }
}

/**
 * Wall seconds spent per phase: each transaction is charged the time since the previous commit
 * (the tick's broken-promise query and receipt transactions, a few ms, fall into the next one).
 */
function phaseSeconds(marks: readonly CommitMark[]): { firstPlan: number; replan: number; dispatch: number } {
  const s = { firstPlan: 0, replan: 0, dispatch: 0 };
  marks.forEach((m, i) => {
    const ms = m.atMs - (i === 0 ? 0 : marks[i - 1].atMs);
    if (m.kind === 'dispatch') s.dispatch += ms / 1000;
    else if ((m.attempts ?? 0) > 0) s.firstPlan += ms / 1000;
    else s.replan += ms / 1000;
  });
  return s;
}

// ------------------------------------------------------------------------------------------------

async function main(): Promise<void> {
  const watchdog = setTimeout(() => {
    console.error(`bench: still running after ${CONFIG.globalTimeoutMs / 1000} s; giving up`);
    void removeRunTopics(10_000).finally(() => process.exit(1));
  }, CONFIG.globalTimeoutMs);
  watchdog.unref();
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(signal, () => void removeRunTopics(10_000).finally(() => process.exit(130)));
  if (!/@(127\.0\.0\.1|localhost)[:/]/.test(CONFIG.databaseUrl)) throw new Error(`the bench only talks to 127.0.0.1; database ${CONFIG.databaseUrl}`);
  mkdirSync(RESULTS_DIR, { recursive: true });
  writeFileSync(LOG_FILE, '');
  const startedAt = Date.now();
  out(`Clearpath contact-orchestration bench — ${new Date().toISOString()} — node ${process.version}, db ${CONFIG.databaseUrl} schema ${CONFIG.schema}`);

  out();
  out(`[1/2] guard in-process: decide(...) over ${fmtInt(CONFIG.decisions)} varied proposals, ${fmtInt(CONFIG.guardWarmup)} warm-up calls`);
  const settings = loadContactOrchestrationConfig({
    ...clearpathEnv(),
    ...process.env,
    DATABASE_URL: CONFIG.databaseUrl,
    CONTACT_PROVIDER_WEBHOOK_SECRET: WEBHOOK_SECRET,
  }).contact;
  const guard = runGuard(ContactPolicy.load(settings));

  out();
  out(`[2/2] planning + dispatch: ${fmtInt(CONFIG.cases)} ACTIVE cases, scheduler.tick(now) until nothing is due`);
  const dispatch = await runDispatch();

  writeFileSync(resolve(RESULTS_DIR, 'contact-orchestration.json'), `${JSON.stringify({ at: new Date().toISOString(), guard, dispatch }, null, 2)}\n`);
  out();
  out(`bench: done in ${elapsed(startedAt)}; summary in bench/results/contact-orchestration.json, service log in bench/results/contact-orchestration.log`);
  clearTimeout(watchdog);
}

main().then(
  async () => {
    await removeRunTopics();
    process.exit(0);
  },
  async (error: Error) => {
    console.error(`bench: ${error.stack ?? error.message}`);
    await removeRunTopics();
    process.exit(1);
  },
);
