/**
 * `npm run bench` (after the three service benches; `BENCH_ONLY=nightly-roll npm run bench` alone):
 * the nightly roll of issue 7, end to end through every service. Prints figures; asserts nothing
 * about time. Writes the summary to bench/results/nightly-roll.json.
 *
 * Goal: a 1,000,000-loan nightly roll fully decided — every case has its first contact decision —
 * within 15 minutes on this 2-core machine, i.e. ≥ 1,111 cases/s sustained (the issue rounds it to
 * 1,100), where incumbent platforms run their collections batch overnight.
 *
 *   1. baseline  raw kafkajs produce→consume on this machine in this run (the run's bench.raw.nightly-roll.v1,
 *                created and deleted; messages the size of the roll's LoanOverdue events).
 *   2. services  ingestion, risk-scoring and contact-orchestration (and repayment-plan and
 *                complaints when dist/services/<name>/src/main.js exists: they consume
 *                loan-lifecycle too, so they share the machine as in production), each as its own
 *                process (`node dist/services/<name>/src/main.js`) with its own schema
 *                `nightly_roll_<service>_<run id>` (migrated at the start, dropped at the end)
 *                and its own consumer group per run, on the run's own topics
 *                (`bench-<run id>.<registry name>`, CLEARPATH_TOPIC_NAMESPACE; created before the
 *                services start, deleted at the end, on failure and on ^C too: lib/bench-topics.ts),
 *                so nothing of the roll reaches the platform's topics. contact-orchestration's
 *                scheduler polls every 250 ms (CONTACT_ORCHESTRATION_SCHEDULER_POLL_MS) with the
 *                real clock: debtors outside their permitted hours are deferred, which is a decision.
 *   3. warm-up   200 loans through the whole pipeline until each has a decision: every consumer has
 *                joined and the path works before the clock starts.
 *   4. roll      N LoanOverdue (generateSampleDay, overdueOnly; loans `LN-NR-<seed>-<i>`) published
 *                to the run's `corebank.loan-events.v1` as fast as the producer goes → ingestion
 *                (LoanDelinquencyUpdated + CustomerContactDetails) → risk-scoring (CaseSegmented)
 *                → contact-orchestration (plan, scheduler, compliance guard → compliance_decisions).
 *                A case is decided at its first compliance_decisions row (any kind).
 *                Throughput = N / (last first-decision − first publish); latency per loan = its
 *                first decided_at − its LoanOverdue's publish time. decided_at is the scheduler's
 *                clock at the start of the tick that decided it (a lower bound); "seen" (when the
 *                bench's 1 s poll read the committed row) is the upper bound, reported beside it.
 *                Every 10 s: decided so far, consumer lag per stage, outbox backlogs, cases waiting
 *                for the scheduler, cores per service.
 *
 * Where time goes: CPU seconds and peak RSS per service, the machine's CPU by process group
 * (services, PostgreSQL, Kafka, the bench), consumer lag per stage over time, and a
 * pg_stat_activity sample of the services' connections.
 *
 * Knobs (environment): NIGHTLY_LOANS (100000; also `--loans=N`), BENCH_NR_RAW_MESSAGES (100000),
 * BENCH_NR_WARMUP_LOANS (200), BENCH_NR_ROLL_TIMEOUT_S (default max(600, 3 × N / 1,111)),
 * BENCH_NR_GLOBAL_TIMEOUT_S (roll timeout + 420), BENCH_NR_POLL_MS (250, the scheduler poll),
 * BENCH_NR_KEEP_SCHEMAS=1 (keep the schemas for inspection), BENCH_NR_OPTIONAL=0 (run only the three
 * services of the decision path), BENCH_NR_CLOCK (the services' clock: the next Wednesday 02:00 UTC
 * by default, so runs decide the same things; `real`, or an ISO instant), BENCH_PROFILE=1 (a V8 CPU
 * profile of every service over the roll, in bench/results/profiles/), BENCH_DATABASE_URL. Talks to
 * 127.0.0.1 only. Besides CPU and memory it reports the WAL the server wrote per case (pg_stat_wal:
 * bytes, records, full-page images) and the checkpoints during the roll.
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { Client } from 'pg';
import type { Kafka, Producer } from 'kafkajs';
import { TOPICS } from '@clearpath/contracts';
import { createIdempotentProducer } from '@clearpath/messaging';
import { generateSampleDay, startGroupAtEnd } from '@clearpath/testing';
import { benchKafka, guardBenchProcess, KAFKAJS_VERSION, loopbackTargets } from './lib/bench-process';
import { RUN_TOPICS, createRunTopics, removeRunTopics, runTopic, runSchema } from './lib/bench-topics';
import { DECISION_KINDS, FirstDecisionWatcher } from './lib/first-decisions';

import { type BenchService, ROOT, ServiceChild, freePort, migrateBenchSchema } from './lib/ingestion-child';
import { foreignConsumers } from './lib/kafka-groups';
import { PgActivitySampler } from './lib/pg-activity';
import { CLK_TCK, CORES, RssSampler, busiestProcesses, cpuBetween, readCpuTicks, readHwmKb, snapshotCpu, type CpuBreakdown } from './lib/proc';
import { runRawBaseline, type RawBaselineResult } from './lib/raw-baseline';
import { type Stage, StageLagSampler } from './lib/stage-lag';
import { type LatencySummary, fmtInt, fmtMb, fmtMs, fmtPct, round, sleep, summarizeLatencies, table } from './lib/stats';

const num = (name: string, fallback: number): number => {
  const value = Number(process.env[name]);
  return Number.isFinite(value) && value > 0 ? value : fallback;
};

function loansFromArgs(): number | null {
  const arg = process.argv.slice(2).find((a) => a.startsWith('--loans='));
  if (arg === undefined) return null;
  const n = Number(arg.slice('--loans='.length).replace(/[_,]/g, ''));
  if (!Number.isInteger(n) || n <= 0) throw new Error(`--loans must be a positive integer, not '${arg}'`);
  return n;
}

const GOAL = { loans: 1_000_000, seconds: 15 * 60 };
const GOAL_RATE = GOAL.loans / GOAL.seconds; // 1,111 cases/s

const LOANS = loansFromArgs() ?? num('NIGHTLY_LOANS', 100_000);
const ROLL_TIMEOUT_S = num('BENCH_NR_ROLL_TIMEOUT_S', Math.max(600, Math.ceil((3 * LOANS) / GOAL_RATE)));
const CONFIG = {
  loans: LOANS,
  generatorChunk: 100_000,
  publishChunk: 1_000,
  rawMessages: num('BENCH_NR_RAW_MESSAGES', 100_000),
  rawTopic: runTopic('bench.raw.nightly-roll.v1'),
  warmupLoans: num('BENCH_NR_WARMUP_LOANS', 200),
  warmupTimeoutMs: 180_000,
  rollTimeoutMs: ROLL_TIMEOUT_S * 1000,
  globalTimeoutMs: num('BENCH_NR_GLOBAL_TIMEOUT_S', ROLL_TIMEOUT_S + 420) * 1000,
  schedulerPollMs: num('BENCH_NR_POLL_MS', 250),
  progressEveryMs: 10_000,
  lagEveryMs: 2_000,
  decisionPollMs: 1_000,
  keepSchemas: process.env.BENCH_NR_KEEP_SCHEMAS === '1',
  optionalServices: process.env.BENCH_NR_OPTIONAL !== '0',
  databaseUrl: process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/clearpath_test',
  profile: process.env.BENCH_PROFILE === '1',
};

/**
 * The services' clock during the run. Which decisions a roll makes follows the hour: debtors outside
 * their permitted hours are deferred, the rest are sent (60,316 / 39,684 in one run, 25,257 / 74,743
 * in another). By default every run starts at the next Wednesday 02:00 UTC — 10:00 in Shanghai,
 * 02:00 in London, 21:00 the evening before in New York — so two runs decide the same things and
 * compare. BENCH_NR_CLOCK=real keeps the real clock; BENCH_NR_CLOCK=<ISO instant> starts elsewhere.
 * The services get it as CLEARPATH_CLOCK_OFFSET_MS; decided_at is read back on the bench's clock.
 */
const CLOCK = servicesClock(process.env.BENCH_NR_CLOCK ?? 'wednesday-02Z', Date.now());

function servicesClock(setting: string, now: number): { readonly offsetMs: number; readonly label: string } {
  if (setting === 'real') return { offsetMs: 0, label: 'the real clock (BENCH_NR_CLOCK=real)' };
  let at: number;
  if (setting === 'wednesday-02Z') {
    const d = new Date(now + 60 * 60 * 1000);
    d.setUTCHours(2, 0, 0, 0);
    while (d.getTime() < now + 60 * 60 * 1000 || d.getUTCDay() !== 3) d.setUTCDate(d.getUTCDate() + 1);
    at = d.getTime();
  } else {
    at = Date.parse(setting);
    if (!Number.isFinite(at)) throw new Error(`BENCH_NR_CLOCK must be 'real', 'wednesday-02Z' or an ISO instant, not '${setting}'`);
  }
  const local = (zone: string) => new Date(at).toLocaleString('en-GB', { timeZone: zone, weekday: 'short', hour: '2-digit', minute: '2-digit' });
  return {
    offsetMs: Math.round(at - now),
    label: `pinned at ${new Date(at).toISOString()} when the bench started (Shanghai ${local('Asia/Shanghai')}, London ${local('Europe/London')}, New York ${local('America/New_York')}; BENCH_NR_CLOCK)`,
  };
}

const INPUT_TOPIC = runTopic(TOPICS.coreBankLoanEvents.name);
const RESULTS_DIR = resolve(ROOT, 'bench/results');
const WEBHOOK_SECRET = 'bench-webhook-secret-0123456789';

/** The decision path, in pipeline order; the optional services consume loan-lifecycle beside it. */
const CRITICAL: readonly BenchService[] = ['ingestion', 'risk-scoring', 'contact-orchestration'];
const OPTIONAL: readonly BenchService[] = ['repayment-plan', 'complaints'];
const SHORT: Record<BenchService, string> = { ingestion: 'ing', 'risk-scoring': 'rs', 'contact-orchestration': 'co', 'repayment-plan': 'rp', complaints: 'cx' };

type Doc = Record<string, unknown>;

const out = (line = ''): void => void process.stdout.write(`${line}\n`);
const elapsed = (since: number): string => `${((Date.now() - since) / 1000).toFixed(1)} s`;
const schemaOf = (service: BenchService): string => runSchema(`nightly_roll_${service.replace(/-/g, '_')}`);
const indent = (text: string, n: number): string => text.replace(/^/gm, ' '.repeat(n));

// ------------------------------------------------------------------------------------------------
// the children, killed whatever happens

interface Running {
  readonly service: BenchService;
  readonly child: ServiceChild;
  readonly group: string;
  readonly schema: string;
  readonly critical: boolean;
  readonly rss: RssSampler;
  diedAt?: number;
}

const running: Running[] = [];

function killChildrenNow(): void {
  for (const r of running) r.child.killNow();
}

// ------------------------------------------------------------------------------------------------

async function main(): Promise<void> {
  const startedAt = Date.now();
  const watchdog = guardBenchProcess({ childLabel: 'service children', killChildrenNow, globalTimeoutMs: CONFIG.globalTimeoutMs });

  const seed = `nr${Date.now().toString(36)}`;
  const prefix = `LN-NR-${seed}-`;
  const brokers = loopbackTargets(CONFIG.databaseUrl);
  mkdirSync(RESULTS_DIR, { recursive: true });
  const kafka = benchKafka(brokers, `bench-${seed}`);
  const topicCount = await createRunTopics(brokers);

  out(`Clearpath nightly-roll bench — ${new Date().toISOString()} — seed ${seed}, ${fmtInt(CONFIG.loans)} loans`);
  out(`machine: ${CORES} cores, node ${process.version}, kafkajs ${KAFKAJS_VERSION}, broker ${brokers.join(',')}, db ${CONFIG.databaseUrl}`);
  out(`topics: the run's own ${topicCount} (${RUN_TOPICS.prefix}<registry name>), deleted at the end`);
  out(`services' clock: ${CLOCK.label}`);
  out(`goal: ${fmtInt(GOAL.loans)} loans fully decided in ${GOAL.seconds / 60} min = ≥ ${fmtInt(GOAL_RATE)} cases/s; roll timeout ${ROLL_TIMEOUT_S} s`);

  const services: BenchService[] = [...CRITICAL];
  const skipped: Array<{ service: BenchService; why: string }> = [];
  for (const s of OPTIONAL) {
    if (!CONFIG.optionalServices) skipped.push({ service: s, why: 'BENCH_NR_OPTIONAL=0' });
    else if (!existsSync(resolve(ROOT, `dist/services/${s}/src/main.js`))) skipped.push({ service: s, why: `dist/services/${s}/src/main.js does not exist` });
    else services.push(s);
  }

  // --- context: what else runs here -------------------------------------------------------------
  const foreign = (
    await Promise.all(
      [INPUT_TOPIC, runTopic(TOPICS.loanLifecycle.name), runTopic(TOPICS.caseSegmented.name)].map(async (t) =>
        (await foreignConsumers(kafka, t)).map((f) => ({ topic: t, ...f })),
      ),
    )
  ).flat();
  const busiest = await busiestProcesses(1_000, new Set([process.pid]));
  for (const f of foreign)
    out(
      `WARNING: consumer group "${f.group}" (${f.members} member${f.members === 1 ? '' : 's'}) consumes ${f.topic}: it processes the bench's events too and competes for CPU and PostgreSQL`,
    );
  if (busiest.length > 0)
    out(
      `busy before the bench (1 s sample): ${busiest.map((p) => `${p.command.split(' ').slice(0, 3).join(' ')} [${p.pid}] ${(p.cores * 100).toFixed(0)}%`).join('; ')}`,
    );

  // --- data, prepared before any clock starts ---------------------------------------------------
  let t = Date.now();
  const roll = prepareLoans(CONFIG.loans, seed, prefix);
  const warm = prepareLoans(CONFIG.warmupLoans, `${seed}w`, `LN-NRW-${seed}-`);
  const avgBytes = Math.round(roll.reduce((a, m) => a + m.length, 0) / roll.length);
  out(`prepared ${fmtInt(roll.length)} roll + ${fmtInt(warm.length)} warm-up LoanOverdue (generateSampleDay overdueOnly, avg ${avgBytes} B) in ${elapsed(t)}`);

  // --- 1. baseline --------------------------------------------------------------------------------
  const partitions = await topicPartitions(kafka, INPUT_TOPIC);
  out();
  out(
    `[1/4] raw kafkajs baseline: ${fmtInt(CONFIG.rawMessages)} × ${avgBytes} B on ${CONFIG.rawTopic} (${partitions} partitions, as ${INPUT_TOPIC}), idempotent producer acks=all, batches of 1,000; eachBatch consumer`,
  );
  t = Date.now();
  const baseline: RawBaselineResult = await runRawBaseline(kafka, {
    topic: CONFIG.rawTopic,
    partitions,
    messages: CONFIG.rawMessages,
    valueBytes: avgBytes,
    batchSize: 1_000,
    groupId: `bench-raw-${seed}`,
    timeoutMs: 120_000,
  });
  out(
    `      produce ${fmtInt(baseline.producedPerSecond)} msg/s; produce→consume ${fmtInt(baseline.messagesPerSecond)} msg/s (${baseline.endToEndSeconds.toFixed(1)} s, ${fmtInt(baseline.consumed)} consumed) [${elapsed(t)}]`,
  );

  // --- 2. schemas and services --------------------------------------------------------------------
  out();
  out(`[2/4] services: ${services.join(', ')}${skipped.length > 0 ? ` (not run: ${skipped.map((s) => `${s.service}: ${s.why}`).join('; ')})` : ''}`);
  const db = new Client({ connectionString: CONFIG.databaseUrl, application_name: 'bench-nightly-roll' });
  await db.connect();
  const producer = createIdempotentProducer(kafka);
  const groups: string[] = [];
  const lag = new StageLagSampler(kafka, stagesFor(services, seed));
  const pgSampler = new PgActivitySampler(CONFIG.databaseUrl, 250, services);
  const results: Record<string, unknown> = {};
  let watcher: FirstDecisionWatcher | null = null;

  try {
    t = Date.now();
    const allTopics = Object.values(TOPICS)
      .filter((s) => !s.name.includes('.dlq.'))
      .map((s) => runTopic(s.name));
    for (const service of [...services]) {
      const schema = schemaOf(service);
      await db.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      try {
        await migrateBenchSchema(CONFIG.databaseUrl, schema, service);
      } catch (error) {
        if (CRITICAL.includes(service)) throw error;
        services.splice(services.indexOf(service), 1);
        skipped.push({ service, why: `migrate failed: ${(error as Error).message.split('\n')[0]}` });
        out(`      ${service}: NOT RUN, its migration failed (${(error as Error).message.split('\n')[0]})`);
      }
    }
    out(`      schemas ${services.map(schemaOf).join(', ')}: dropped and migrated [${elapsed(t)}]`);

    t = Date.now();
    const servicesStartedAt = t;
    const ports = new Map<BenchService, number>();
    for (const service of services) ports.set(service, await freePort());
    const groupOf = (service: BenchService): string => `${service}-nightly-roll-${seed}`;
    groups.push(...services.map(groupOf));
    // Every topic, not only the ones a service subscribes to today: a group at the end of a topic it
    // does not read is harmless, a group at the start of one it does would replay it.
    await Promise.all(services.map((service) => startGroupAtEnd(kafka, groupOf(service), allTopics)));
    out(`      consumer groups ${groups.join(', ')}: at the end of ${allTopics.length} topics [${elapsed(t)}]`);
    for (const service of services) {
      const group = groupOf(service);
      const child = ServiceChild.start({
        service,
        databaseUrl: CONFIG.databaseUrl,
        schema: schemaOf(service),
        group,
        port: ports.get(service)!,
        logFile: resolve(RESULTS_DIR, `nightly-roll-${service}.log`),
        extraEnv: {
          ...extraEnv(service, ports),
          CLEARPATH_CLOCK_OFFSET_MS: String(CLOCK.offsetMs),
          ...(CONFIG.profile ? { BENCH_CPU_PROFILE_DIR: resolve(RESULTS_DIR, 'profiles'), BENCH_CPU_PROFILE_NAME: service } : {}),
        },
        // BENCH_PROFILE=1: a V8 CPU profile of each service over the roll (started and written by SIGWINCH).
        nodeOptions: CONFIG.profile ? `--require ${resolve(ROOT, 'dist/bench/cpu-profile.preload.js')}` : undefined,
      });
      const r: Running = { service, child, group, schema: schemaOf(service), critical: CRITICAL.includes(service), rss: new RssSampler(child.pid) };
      running.push(r);
      void child.exited.then(() => (r.diedAt ??= Date.now()));
    }
    for (const r of [...running]) {
      try {
        const ms = await r.child.waitReady(90_000);
        r.rss.start();
        out(
          `      ${r.service.padEnd(21)} pid ${r.child.pid}, 127.0.0.1:${ports.get(r.service)}, group ${r.group}, schema ${r.schema}: ready in ${ms} ms [${elapsed(servicesStartedAt)}]`,
        );
      } catch (error) {
        if (r.critical) throw error;
        r.child.killNow();
        running.splice(running.indexOf(r), 1);
        services.splice(services.indexOf(r.service), 1);
        skipped.push({ service: r.service, why: `did not start: ${(error as Error).message.split('\n')[0]}` });
        out(`      ${r.service}: NOT RUN, it did not start (${(error as Error).message.split('\n')[0]}; log bench/results/nightly-roll-${r.service}.log)`);
      }
    }
    await producer.connect();
    await lag.start();

    // --- 3. warm-up -------------------------------------------------------------------------------
    out();
    out(`[3/4] warm-up: ${fmtInt(warm.length)} loans through the pipeline until each has a first contact decision`);
    t = Date.now();
    const warmWatcher = new FirstDecisionWatcher(db, `${schemaOf('contact-orchestration')}`, `LN-NRW-${seed}-`, warm.length, CLOCK.offsetMs);
    await publish(producer, warm, `LN-NRW-${seed}-`, null);
    const warmDeadline = Date.now() + CONFIG.warmupTimeoutMs;
    while (!warmWatcher.complete && Date.now() < warmDeadline) {
      assertCriticalAlive();
      await sleep(250);
      await warmWatcher.poll();
    }
    if (!warmWatcher.complete) {
      const s = await lag.sample(0);
      throw new Error(`warm-up: only ${warmWatcher.decided}/${warm.length} loans decided after ${CONFIG.warmupTimeoutMs / 1000} s; lag ${describeLag(s.lag)}`);
    }
    await waitForQuiet(lag);
    out(`      ${fmtInt(warm.length)}/${fmtInt(warm.length)} decided (${describeKinds(warmWatcher.kinds())}) [${elapsed(t)}]`);
    lag.samples.length = 0;

    // --- 4. the roll ------------------------------------------------------------------------------
    out();
    out(`[4/4] nightly roll: ${fmtInt(roll.length)} LoanOverdue → ${INPUT_TOPIC} → ingestion → risk-scoring → contact-orchestration → first contact decision`);
    watcher = new FirstDecisionWatcher(db, schemaOf('contact-orchestration'), prefix, roll.length, CLOCK.offsetMs);
    const w = watcher;
    const publishTs = new Float64Array(roll.length);
    const cpuA = snapshotCpu(new Set(running.map((r) => r.child.pid)));
    const ticksA = new Map(running.map((r) => [r.service, readCpuTicks(r.child.pid)]));
    for (const r of running) r.rss.phase('roll');
    await pgSampler.start();
    const walA = await walCounters(db);
    // The run's schemas and the personal-data key store (a key per new customer).
    const writtenSchemas = [...running.map((r) => r.schema), 'privacy'];
    const rowWritesA = await rowWrites(db, writtenSchemas);
    if (CONFIG.profile) for (const r of running) process.kill(r.child.pid, 'SIGWINCH');

    const rollStart = Date.now();
    const progress: ProgressSample[] = [];
    let lastProgress = { at: rollStart, decided: 0, ticks: new Map(ticksA) };
    let publishedAll = false;
    let publishSeconds = Number.NaN;
    const stopLoops = { stop: false };
    // Background loops: decisions every second, lag every 2 s, a progress line every 10 s.
    const decisionLoop = (async () => {
      while (!stopLoops.stop && !w.complete) {
        await w.poll().catch((e: Error) => console.error(`bench: decision poll: ${e.message}`));
        await sleep(CONFIG.decisionPollMs);
      }
    })();
    const lagLoop = (async () => {
      while (!stopLoops.stop) {
        await lag.sample(Date.now() - rollStart).catch(() => undefined);
        await sleep(CONFIG.lagEveryMs);
      }
    })();
    const progressTimer = setInterval(() => {
      void (async () => {
        const now = Date.now();
        const ticks = new Map(running.map((r) => [r.service, readCpuTicks(r.child.pid)]));
        const cores: Record<string, number> = {};
        for (const r of running)
          cores[r.service] = ((ticks.get(r.service) ?? 0) - (lastProgress.ticks.get(r.service) ?? 0)) / CLK_TCK / ((now - lastProgress.at) / 1000);
        const backlog = await backlogs(db, services, prefix, w.decided).catch(() => null);
        const lastLag = lag.samples[lag.samples.length - 1]?.lag ?? {};
        const rate = ((w.decided - lastProgress.decided) * 1000) / (now - lastProgress.at);
        const sample: ProgressSample = {
          atS: round((now - rollStart) / 1000, 1),
          decided: w.decided,
          ratePerS: round(rate),
          lag: { ...lastLag },
          outbox: backlog?.outbox ?? {},
          awaitingDecision: backlog?.awaitingDecision ?? Number.NaN,
          waitingForDetails: backlog?.waitingForDetails ?? Number.NaN,
          cores: Object.fromEntries(Object.entries(cores).map(([k, v]) => [k, round(v, 2)])),
        };
        progress.push(sample);
        out(
          `      [${String(Math.round(sample.atS)).padStart(4)} s] decided ${fmtInt(w.decided)}/${fmtInt(roll.length)} (${fmtInt(rate)}/s)${publishedAll ? '' : ' publishing…'} | lag ${describeLag(lastLag)}` +
            ` | outbox ${Object.entries(sample.outbox)
              .map(([k, v]) => `${SHORT[k as BenchService]} ${fmtInt(v)}`)
              .join(' ')}` +
            ` | segmented, undecided ${fmtInt(sample.awaitingDecision)} (${fmtInt(sample.waitingForDetails)} waiting for details) | cores ${Object.entries(
              cores,
            )
              .map(([k, v]) => `${SHORT[k as BenchService]} ${v.toFixed(2)}`)
              .join(' ')}`,
        );
        lastProgress = { at: now, decided: w.decided, ticks };
      })().catch(() => undefined);
    }, CONFIG.progressEveryMs);

    let failure: Error | null = null;
    try {
      publishSeconds = await publish(producer, roll, prefix, publishTs);
      publishedAll = true;
      out(`      published ${fmtInt(roll.length)} in ${publishSeconds.toFixed(1)} s (${fmtInt(roll.length / publishSeconds)} events/s)`);
      const deadline = rollStart + CONFIG.rollTimeoutMs;
      while (!w.complete && Date.now() < deadline) {
        assertCriticalAlive();
        await sleep(200);
      }
    } catch (error) {
      failure = error as Error;
    } finally {
      stopLoops.stop = true;
      clearInterval(progressTimer);
      await Promise.all([decisionLoop, lagLoop]);
    }
    const rollEnd = Date.now();
    const wal = walBetween(walA, await walCounters(db), roll.length);
    const writesPerCase = rowWritesBetween(
      rowWritesA,
      await rowWrites(db, writtenSchemas),
      roll.length,
      new Map(running.map((r) => [r.schema, SHORT[r.service]])),
    );
    if (CONFIG.profile) for (const r of running) process.kill(r.child.pid, 'SIGWINCH');
    const cpuB = snapshotCpu(new Set(running.map((r) => r.child.pid)));
    const ticksB = new Map(running.map((r) => [r.service, readCpuTicks(r.child.pid)]));
    const hwm = new Map(running.map((r) => [r.service, readHwmKb(r.child.pid)]));
    await pgSampler.stop();
    if (failure) throw failure;
    const { mismatched } = await w.reconcile();

    // --- figures ----------------------------------------------------------------------------------
    const firstPublish = publishTs[0];
    let lastDecided = 0;
    let lastSeen = 0;
    const latencies: number[] = [];
    const seenLatencies: number[] = [];
    for (let i = 0; i < roll.length; i++) {
      const d = w.decidedMs[i];
      if (!Number.isFinite(d)) continue;
      if (d > lastDecided) lastDecided = d;
      if (w.seenMs[i] > lastSeen) lastSeen = w.seenMs[i];
      latencies.push(d - publishTs[i]);
      seenLatencies.push(w.seenMs[i] - publishTs[i]);
    }
    const complete = w.decided >= roll.length;
    const seconds = (lastDecided - firstPublish) / 1000;
    const rate = w.decided / seconds;
    const seenRate = w.decided / ((lastSeen - firstPublish) / 1000);
    const latency = summarizeLatencies(latencies);
    const seenLatency = summarizeLatencies(seenLatencies);
    const cpu = cpuBetween(cpuA, cpuB);
    const perService = running.map((r) => {
      const cpuSeconds = ((ticksB.get(r.service) ?? Number.NaN) - (ticksA.get(r.service) ?? Number.NaN)) / CLK_TCK;
      return {
        service: r.service,
        cpuSeconds,
        cores: cpuSeconds / cpu.seconds,
        cpuMsPerCase: (cpuSeconds * 1000) / Math.max(1, w.decided),
        peakRssKb: r.rss.peakKb('roll'),
        hwmKb: hwm.get(r.service) ?? Number.NaN,
        died: r.diedAt !== undefined,
      };
    });
    const projectedGoalSeconds = GOAL.loans / rate;
    const met = complete && rate >= GOAL_RATE && (CONFIG.loans < GOAL.loans || seconds <= GOAL.seconds);
    const kinds = w.kinds();
    const lagSummary = lag.summary();

    out();
    out(
      `      ${complete ? 'ALL DECIDED' : `INCOMPLETE: ${fmtInt(roll.length - w.decided)} loans without a decision after ${CONFIG.rollTimeoutMs / 1000} s`}: ` +
        `first decisions ${describeKinds(kinds)}${mismatched > 0 ? ` (${fmtInt(mismatched)} corrected by the final read)` : ''}`,
    );
    out(
      indent(
        table([
          ['figure', 'value'],
          ['loans (LoanOverdue published)', `${fmtInt(roll.length)} in ${publishSeconds.toFixed(1)} s (${fmtInt(roll.length / publishSeconds)}/s)`],
          ['cases decided (first compliance decision)', `${fmtInt(w.decided)}${complete ? '' : ' (INCOMPLETE)'}`],
          ['first publish → last first decision (decided_at)', `${seconds.toFixed(1)} s`],
          ['end-to-end throughput (decided_at)', `${fmtInt(rate)} cases/s`],
          ['end-to-end throughput (seen committed, ≤ 1 s later)', `${fmtInt(seenRate)} cases/s`],
          ['latency publish → first decision (decided_at)', describeLatency(latency)],
          ['latency publish → first decision seen committed', describeLatency(seenLatency)],
          ['raw kafkajs baseline, same run', `${fmtInt(baseline.messagesPerSecond)} msg/s produce→consume`],
          ['pipeline ÷ raw baseline', `${fmtPct((rate / baseline.messagesPerSecond) * 100)}`],
          [
            'PostgreSQL WAL per case (whole server)',
            `${fmtInt(wal.bytesPerCase)} B, ${wal.recordsPerCase} records, ${wal.fullPageImagesPerCase} full-page images; ${wal.checkpoints} checkpoint(s) during the roll`,
          ],
          [
            'goal (1,000,000 in 15 min)',
            `≥ ${fmtInt(GOAL_RATE)} cases/s: ${met ? 'MET' : 'NOT MET'}${CONFIG.loans < GOAL.loans ? ` (at this rate 1,000,000 take ${(projectedGoalSeconds / 60).toFixed(1)} min — extrapolated from ${fmtInt(CONFIG.loans)} loans)` : ''}`,
          ],
        ]),
        6,
      ),
    );
    out();
    out('      per service during the roll (first publish → end of the roll):');
    out(
      indent(
        table([
          ['service', 'CPU s', 'cores', 'CPU ms/case', 'peak RSS (roll)', 'VmHWM', ''],
          ...perService.map((p) => [
            p.service,
            p.cpuSeconds.toFixed(1),
            p.cores.toFixed(2),
            p.cpuMsPerCase.toFixed(2),
            fmtMb(p.peakRssKb),
            fmtMb(p.hwmKb),
            p.died ? 'DIED' : '',
          ]),
          [
            'postgres (all)',
            (cpu.cores.postgres * cpu.seconds).toFixed(1),
            cpu.cores.postgres.toFixed(2),
            ((cpu.cores.postgres * cpu.seconds * 1000) / Math.max(1, w.decided)).toFixed(2),
            '',
            '',
            '',
          ],
          [
            'kafka broker',
            (cpu.cores.kafka * cpu.seconds).toFixed(1),
            cpu.cores.kafka.toFixed(2),
            ((cpu.cores.kafka * cpu.seconds * 1000) / Math.max(1, w.decided)).toFixed(2),
            '',
            '',
            '',
          ],
          ['bench (publisher, pollers)', (cpu.cores.bench * cpu.seconds).toFixed(1), cpu.cores.bench.toFixed(2), '', '', '', ''],
          ['rest of the machine', (cpu.cores.other * cpu.seconds).toFixed(1), cpu.cores.other.toFixed(2), '', '', '', ''],
        ]),
        8,
      ),
    );
    out(`        ${describeMachine(cpu)}`);
    out();
    out(
      `      rows written per case (pg_stat_user_tables: inserted + updated + deleted, the run's schemas and the key store): ${writesPerCase.total} in all; ` +
        writesPerCase.tables
          .slice(0, 12)
          .map((t) => `${t.table} ${t.perCase}`)
          .join(', '),
    );
    out();
    out('      consumer lag per stage (peak, and when it was back to 0; seconds from the first publish):');
    out(
      indent(
        table([
          ['stage', 'peak lag', 'at', 'drained at'],
          ...lagSummary.map((s) => [
            s.label,
            fmtInt(s.peak),
            Number.isFinite(s.peakAtMs) ? `${(s.peakAtMs / 1000).toFixed(0)} s` : '-',
            Number.isFinite(s.drainedAtMs) ? `${(s.drainedAtMs / 1000).toFixed(0)} s` : s.peak > 0 ? 'not drained' : '-',
          ]),
        ]),
        8,
      ),
    );
    // Idle connections are most of the samples; the statements are the evidence.
    const pgAll = pgSampler.top(Number.MAX_SAFE_INTEGER);
    const idleShare = pgAll.filter((x) => x.what.includes('(idle)')).reduce((a, x) => a + x.share, 0);
    const top = pgAll.filter((x) => !x.what.includes('(idle)')).slice(0, 12);
    if (top.length > 0) {
      out();
      out(
        `      PostgreSQL: what the services' connections were doing (${fmtInt(pgSampler.samples)} samples of pg_stat_activity, every 250 ms; idle ${fmtPct(idleShare * 100)} of connection samples):`,
      );
      for (const x of top) out(`        ${fmtPct(x.share * 100).padStart(7)}  ${x.what}`);
    }
    // When the roll's cases were decided (seconds from the first publish): the shape of the tail.
    const decidedAt = summarizeLatencies(
      Array.from(w.decidedMs)
        .filter(Number.isFinite)
        .map((d) => d - firstPublish),
    );
    const peakWaiting = Math.max(0, ...progress.map((p) => p.waitingForDetails).filter(Number.isFinite));
    out();
    out(
      `      cases decided by (from the first publish): 50 % ${fmtMs(decidedAt.p50Ms)}, 90 % ${fmtMs(decidedAt.p90Ms)}, 99 % ${fmtMs(decidedAt.p99Ms)}, all ${fmtMs(decidedAt.maxMs)}`,
    );
    const where = whereTimeGoes(perService, cpu, lagSummary, rollEnd - rollStart, w.decided);
    if (peakWaiting > 0) {
      where.push(
        `Up to ${fmtInt(peakWaiting)} of the roll's attempts were claimed by the scheduler before the case's loan or contact details had arrived and put back for 5 min ` +
          `(WAIT_FOR_DETAILS_MS) without a decision: they make the tail (99 % decided at ${fmtMs(decidedAt.p99Ms)}, all at ${fmtMs(decidedAt.maxMs)}).`,
      );
    }
    out();
    out(`      where time goes: ${where.join(' ')}`);

    results.roll = {
      loans: roll.length,
      decided: w.decided,
      complete,
      publishSeconds: round(publishSeconds, 2),
      seconds: round(seconds, 2),
      casesPerSecond: round(rate),
      casesPerSecondSeen: round(seenRate),
      latency: roundLatency(latency),
      latencySeen: roundLatency(seenLatency),
      firstDecisionKinds: kinds,
      decidedAfterFirstPublishMs: roundLatency(decidedAt),
      peakAttemptsWaitingForDetails: peakWaiting,
      reconciledMismatches: mismatched,
      decisionRowsRead: w.rows,
      rollWallSeconds: round((rollEnd - rollStart) / 1000, 1),
    };
    results.baseline = {
      ...baseline,
      producedPerSecond: round(baseline.producedPerSecond),
      messagesPerSecond: round(baseline.messagesPerSecond),
      ratio: round(rate / baseline.messagesPerSecond, 4),
    };
    results.services = perService.map((p) => ({
      service: p.service,
      cpuSeconds: round(p.cpuSeconds, 1),
      cores: round(p.cores, 2),
      cpuMsPerCase: round(p.cpuMsPerCase, 3),
      peakRssMb: round(p.peakRssKb / 1024),
      vmHwmMb: round(p.hwmKb / 1024),
      died: p.died,
    }));
    results.machine = roundCpu(cpu);
    results.lag = { stages: lag.stages, summary: lagSummary, samples: lag.samples.map((s) => ({ atS: round(s.atMs / 1000, 1), ...s.lag })) };
    results.progress = progress;
    results.pgActivity = { idleShare: round(idleShare, 3), busiest: top };
    results.whereTimeGoes = where;
    results.wal = wal;
    results.rowWritesPerCase = writesPerCase;
    if (CONFIG.profile) results.profiles = `bench/results/profiles/<service>-<pid>-1.cpuprofile (node dist/bench/tools/cpuprofile-top.js <file>)`;
    results.goal = {
      loans: GOAL.loans,
      seconds: GOAL.seconds,
      casesPerSecond: round(GOAL_RATE),
      met,
      measuredLoans: CONFIG.loans,
      projectedMinutesFor1M: round(projectedGoalSeconds / 60, 1),
      extrapolated: CONFIG.loans < GOAL.loans,
    };

    const summary = {
      runAt: new Date(startedAt).toISOString(),
      seed,
      durationSeconds: round((Date.now() - startedAt) / 1000, 1),
      machine: { cores: CORES, node: process.version, kafkajs: KAFKAJS_VERSION, clockTicksPerSecond: CLK_TCK },
      context: { foreignConsumers: foreign, busyBefore: busiest.map((p) => ({ ...p, cores: round(p.cores, 2) })) },
      config: { ...CONFIG, services, skipped, servicesClock: CLOCK },
      ...results,
    };
    writeFileSync(resolve(RESULTS_DIR, 'nightly-roll.json'), `${JSON.stringify(summary, null, 2)}\n`);
    out();
    out(`bench: done in ${elapsed(startedAt)}; written bench/results/nightly-roll.json; service logs bench/results/nightly-roll-<service>.log`);
  } finally {
    for (const r of running) r.rss.stop();
    await pgSampler.stop().catch(() => undefined);
    for (const r of [...running].reverse()) await r.child.stop(10_000).catch(() => undefined);
    await lag.stop();
    await producer.disconnect().catch(() => undefined);
    const admin = kafka.admin();
    await admin.connect().catch(() => undefined);
    await admin.deleteGroups(groups).catch(() => undefined);
    await admin.disconnect().catch(() => undefined);
    if (!CONFIG.keepSchemas) {
      for (const s of [...CRITICAL, ...OPTIONAL]) await db.query(`DROP SCHEMA IF EXISTS ${schemaOf(s)} CASCADE`).catch(() => undefined);
    }
    await db.end().catch(() => undefined);
    clearTimeout(watchdog);
  }
}

// ------------------------------------------------------------------------------------------------
// data

/**
 * `n` LoanOverdue from generateSampleDay (overdue only, one roll a loan), made in chunks of 100,000
 * (a million documents at once would not fit the bench's heap) and kept only as JSON bytes. Loans
 * are renamed `<prefix><i>` and their customers `C-NR-<seed>-<i>`: unique per run (the generator
 * names loans LN-SAMPLE-n below 100,000 and customers C-nnnnnn in every chunk), and the index is
 * what the decision watcher reads back.
 */
function prepareLoans(n: number, seed: string, prefix: string): Buffer[] {
  const out: Buffer[] = [];
  for (let start = 0; start < n; start += CONFIG.generatorChunk) {
    const docs: Doc[] = generateSampleDay({ loans: Math.min(CONFIG.generatorChunk, n - start), overdueOnly: true, seed: `${seed}-${start}` });
    for (const doc of docs) {
      const i = out.length;
      const payload = doc.payload as Doc;
      const customer = { ...(payload.customer as Doc), customerId: `C-NR-${seed}-${i}` };
      out.push(Buffer.from(JSON.stringify({ ...doc, loanId: `${prefix}${i}`, payload: { ...payload, customer } }), 'utf8'));
    }
  }
  return out;
}

/** Sequential sends of 1,000 records (the idempotent producer keeps one request in flight). */
async function publish(producer: Producer, values: readonly Buffer[], prefix: string, publishTs: Float64Array | null): Promise<number> {
  const started = Date.now();
  for (let i = 0; i < values.length; i += CONFIG.publishChunk) {
    const end = Math.min(values.length, i + CONFIG.publishChunk);
    const ts = Date.now();
    const messages = [];
    for (let j = i; j < end; j++) {
      messages.push({ key: `${prefix}${j}`, value: values[j], timestamp: String(ts) });
      if (publishTs) publishTs[j] = ts;
    }
    await producer.send({ topic: INPUT_TOPIC, acks: -1, messages });
  }
  return (Date.now() - started) / 1000;
}

async function topicPartitions(kafka: Kafka, topic: string): Promise<number> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    return (await admin.fetchTopicOffsets(topic)).length;
  } finally {
    await admin.disconnect();
  }
}

// ------------------------------------------------------------------------------------------------
// services

function extraEnv(service: BenchService, ports: ReadonlyMap<BenchService, number>): Record<string, string> {
  switch (service) {
    case 'contact-orchestration':
      return {
        CONTACT_PROVIDER_WEBHOOK_SECRET: WEBHOOK_SECRET,
        CONTACT_ORCHESTRATION_SCHEDULER_POLL_MS: String(CONFIG.schedulerPollMs),
        // Links point at the bench's own repayment-plan when it runs (never the demo platform's).
        ...(ports.has('repayment-plan') ? { CONTACT_ORCHESTRATION_SELF_SERVICE_URL: `http://127.0.0.1:${ports.get('repayment-plan')}/s` } : {}),
      };
    case 'repayment-plan':
      // Its complaint calls go to the bench's own complaints service (never the demo platform's), or nowhere (port 9, discard).
      return { REPAYMENT_PLAN_COMPLAINTS_URL: `http://127.0.0.1:${ports.get('complaints') ?? 9}` };
    default:
      return {};
  }
}

function stagesFor(services: readonly BenchService[], seed: string): Stage[] {
  const g = (s: BenchService): string => `${s}-nightly-roll-${seed}`;
  const stages: Stage[] = [
    { label: 'ing←corebank', group: g('ingestion'), topic: INPUT_TOPIC },
    { label: 'rs←lifecycle', group: g('risk-scoring'), topic: runTopic(TOPICS.loanLifecycle.name) },
    { label: 'co←segmented', group: g('contact-orchestration'), topic: runTopic(TOPICS.caseSegmented.name) },
    { label: 'co←contacts', group: g('contact-orchestration'), topic: runTopic(TOPICS.customerContacts.name) },
    { label: 'co←lifecycle', group: g('contact-orchestration'), topic: runTopic(TOPICS.loanLifecycle.name) },
  ];
  if (services.includes('repayment-plan')) stages.push({ label: 'rp←lifecycle', group: g('repayment-plan'), topic: runTopic(TOPICS.loanLifecycle.name) });
  if (services.includes('complaints')) stages.push({ label: 'cx←lifecycle', group: g('complaints'), topic: runTopic(TOPICS.loanLifecycle.name) });
  return stages;
}

function assertCriticalAlive(): void {
  for (const r of running) {
    if (r.critical) r.child.assertAlive();
    else if (r.diedAt !== undefined && !(r as { reported?: boolean }).reported) {
      (r as { reported?: boolean }).reported = true;
      out(`      WARNING: ${r.service} (not on the decision path) exited; going on without it. Log tail:\n${indent(r.child.logTail(10), 8)}`);
    }
  }
}

/** After the warm-up: every stage back at lag 0 (at most 30 s), so the roll starts from quiet. */
async function waitForQuiet(lag: StageLagSampler): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    const s = await lag.sample(0);
    if (Object.values(s.lag).every((v) => v === 0 || !Number.isFinite(v))) return;
    await sleep(500);
  }
}

interface ProgressSample {
  readonly atS: number;
  readonly decided: number;
  readonly ratePerS: number;
  readonly lag: Record<string, number>;
  readonly outbox: Record<string, number>;
  readonly awaitingDecision: number;
  readonly waitingForDetails: number;
  readonly cores: Record<string, number>;
}

/**
 * Outbox rows not yet relayed per service, and the roll's cases contact-orchestration has segmented
 * (treatment known) that have no decision yet: the scheduler's backlog. A count, not an anti-join,
 * so the probe stays cheap next to the load it measures.
 */
async function backlogs(
  db: Client,
  services: readonly BenchService[],
  prefix: string,
  decided: number,
): Promise<{ outbox: Record<string, number>; awaitingDecision: number; waitingForDetails: number }> {
  const outbox: Record<string, number> = {};
  for (const s of services) {
    const { rows } = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${schemaOf(s)}.outbox`);
    outbox[s] = rows[0].n;
  }
  const { rows } = await db.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM ${schemaOf('contact-orchestration')}.cases WHERE starts_with(loan_id, $1) AND treatment_id IS NOT NULL`,
    [prefix],
  );
  return { outbox, awaitingDecision: Math.max(0, rows[0].n - decided), waitingForDetails: await waitingForDetails(db, prefix) };
}

/**
 * The roll's attempts the scheduler claimed before the case's loan details (loan-lifecycle) or the
 * debtor's contact details (customer-contacts) had arrived: they are put back for
 * WAIT_FOR_DETAILS_MS (5 min) WITHOUT a compliance decision, so they delay "fully decided".
 */
async function waitingForDetails(db: Client, prefix: string): Promise<number> {
  const { rows } = await db.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM ${schemaOf('contact-orchestration')}.contact_attempts
     WHERE status = 'planned' AND detail = 'awaiting-contact-and-loan-details' AND starts_with(loan_id, $1)`,
    [prefix],
  );
  return rows[0].n;
}

// ------------------------------------------------------------------------------------------------
// formatting

function describeLag(lag: Record<string, number>): string {
  return Object.entries(lag)
    .map(([k, v]) => `${k} ${fmtInt(v)}`)
    .join(' · ');
}

function describeKinds(kinds: Record<string, number>): string {
  return DECISION_KINDS.map((k) => `${k} ${fmtInt(kinds[k])}`).join(', ');
}

function describeLatency(l: LatencySummary): string {
  return `p50 ${fmtMs(l.p50Ms)} / p90 ${fmtMs(l.p90Ms)} / p99 ${fmtMs(l.p99Ms)} / max ${fmtMs(l.maxMs)}`;
}

function describeMachine(cpu: CpuBreakdown): string {
  const c = cpu.cores;
  return (
    `machine ${cpu.machineBusyCores.toFixed(2)}/${cpu.machineCores} cores busy over ${cpu.seconds.toFixed(0)} s (our services ${c.ingestion.toFixed(2)}, postgres ${c.postgres.toFixed(2)}, ` +
    `kafka ${c.kafka.toFixed(2)}, bench ${c.bench.toFixed(2)}${c['foreign-ingestion'] > 0.005 ? `, another ingestion ${c['foreign-ingestion'].toFixed(2)}` : ''}, rest ${c.other.toFixed(2)})`
  );
}

/** proc.ts's "ingestion" group is every child this bench started: here, all the services. */
function roundCpu(cpu: CpuBreakdown): Record<string, number> {
  const { ingestion, ...rest } = cpu.cores;
  return {
    seconds: round(cpu.seconds, 1),
    machineBusyCores: round(cpu.machineBusyCores, 2),
    services: round(ingestion, 2),
    ...Object.fromEntries(Object.entries(rest).map(([k, v]) => [k, round(v, 2)])),
  };
}

function roundLatency(l: LatencySummary): LatencySummary {
  return { count: l.count, p50Ms: round(l.p50Ms), p90Ms: round(l.p90Ms), p99Ms: round(l.p99Ms), maxMs: round(l.maxMs) };
}

/** A few sentences from the measurements: is the machine saturated, who uses it, which stage queued longest. */
function whereTimeGoes(
  perService: ReadonlyArray<{ service: string; cpuSeconds: number; cores: number }>,
  cpu: CpuBreakdown,
  lagSummary: ReturnType<StageLagSampler['summary']>,
  rollMs: number,
  decided: number,
): string[] {
  const lines: string[] = [];
  const busy = cpu.machineBusyCores / cpu.machineCores;
  lines.push(
    busy > 0.85
      ? `The machine was CPU-bound (${fmtPct(busy * 100, 0)} of ${cpu.machineCores} cores busy during the roll).`
      : `The machine was not saturated (${fmtPct(busy * 100, 0)} of ${cpu.machineCores} cores busy): part of the time is waiting (polls, commits, I/O), not CPU.`,
  );
  const consumers = [
    ...perService,
    { service: 'postgres', cpuSeconds: cpu.cores.postgres * cpu.seconds, cores: cpu.cores.postgres },
    { service: 'kafka', cpuSeconds: cpu.cores.kafka * cpu.seconds, cores: cpu.cores.kafka },
  ].sort((a, b) => b.cpuSeconds - a.cpuSeconds);
  const total = consumers.reduce((a, c) => a + c.cpuSeconds, 0) || 1;
  lines.push(`CPU seconds: ${consumers.map((c) => `${c.service} ${c.cpuSeconds.toFixed(0)} s (${fmtPct((c.cpuSeconds / total) * 100, 0)})`).join(', ')}.`);
  // What one case costs the whole pipeline in CPU, and the rate that allows if the pipeline had this
  // machine's cores to itself (the postgres group counts every backend, other users' too).
  const msPerCase = (total * 1000) / Math.max(1, decided);
  lines.push(
    `The pipeline (services + PostgreSQL + Kafka) used ${total.toFixed(0)} CPU s = ${msPerCase.toFixed(2)} CPU ms per case: with all ${cpu.machineCores} cores to itself at most ` +
      `${fmtInt((cpu.machineCores * 1000) / msPerCase)} cases/s; the goal needs ≤ ${((cpu.machineCores * 1000) / GOAL_RATE).toFixed(2)} CPU ms per case.`,
  );
  if (cpu.cores.other > 0.3)
    lines.push(
      `Other work on this shared machine took ${cpu.cores.other.toFixed(2)} cores during the roll: the throughput above is lower than on a quiet machine.`,
    );
  const longest = [...lagSummary]
    .filter((s) => s.peak > 0)
    .sort((a, b) => (Number.isFinite(b.drainedAtMs) ? b.drainedAtMs : rollMs) - (Number.isFinite(a.drainedAtMs) ? a.drainedAtMs : rollMs))[0];
  if (longest) {
    lines.push(
      `The stage that queued longest: ${longest.label} (peak lag ${fmtInt(longest.peak)}, ${Number.isFinite(longest.drainedAtMs) ? `drained ${(longest.drainedAtMs / 1000).toFixed(0)} s after the first publish` : 'not drained by the end of the roll'}).`,
    );
  }
  return lines;
}

main().then(
  async () => {
    await removeRunTopics();
    process.exit(0);
  },
  async (error: Error) => {
    console.error(`bench failed: ${error.stack ?? error.message}`);
    for (const r of running) if (!r.child.alive) console.error(`--- ${r.service} log tail:\n${r.child.logTail()}`);
    killChildrenNow();
    await removeRunTopics();
    process.exit(1);
  },
);

interface WalCounters {
  readonly records: number;
  readonly fullPageImages: number;
  readonly bytes: number;
  readonly checkpoints: number;
}

/** The server's WAL and checkpoint counters (machine-wide: a quiet server makes them the roll's). */
async function walCounters(db: Client): Promise<WalCounters> {
  const { rows } = await db.query<{ records: string; fpi: string; bytes: string; checkpoints: string }>(
    `SELECT w.wal_records::text AS records, w.wal_fpi::text AS fpi, w.wal_bytes::text AS bytes,
            (b.checkpoints_timed + b.checkpoints_req)::text AS checkpoints
     FROM pg_stat_wal w, pg_stat_bgwriter b`,
  );
  const r = rows[0];
  return { records: Number(r.records), fullPageImages: Number(r.fpi), bytes: Number(r.bytes), checkpoints: Number(r.checkpoints) };
}

/** What the roll wrote to the WAL, in all and per case. */
function walBetween(a: WalCounters, b: WalCounters, cases: number) {
  const records = b.records - a.records;
  const fullPageImages = b.fullPageImages - a.fullPageImages;
  const bytes = b.bytes - a.bytes;
  return {
    records,
    fullPageImages,
    bytes,
    checkpoints: b.checkpoints - a.checkpoints,
    recordsPerCase: round(records / cases, 1),
    fullPageImagesPerCase: round(fullPageImages / cases, 2),
    bytesPerCase: Math.round(bytes / cases),
  };
}

/** Rows inserted, updated and deleted per table of these schemas, so far (the statistics collector's counters). */
async function rowWrites(db: Client, schemas: readonly string[]): Promise<Map<string, number>> {
  const { rows } = await db.query<{ name: string; n: string }>(
    `SELECT schemaname || '.' || relname AS name, (n_tup_ins + n_tup_upd + n_tup_del)::text AS n FROM pg_stat_user_tables WHERE schemaname = ANY($1::text[])`,
    [schemas],
  );
  return new Map(rows.map((r) => [r.name, Number(r.n)]));
}

/** Row writes per case over the roll, busiest table first, each table named `<service short name>.<table>`. */
function rowWritesBetween(a: Map<string, number>, b: Map<string, number>, cases: number, serviceOfSchema: ReadonlyMap<string, string>) {
  const label = (name: string): string => {
    const dot = name.indexOf('.');
    return `${serviceOfSchema.get(name.slice(0, dot)) ?? name.slice(0, dot)}${name.slice(dot)}`;
  };
  const tables = [...b]
    .map(([name, n]) => ({ table: label(name), perCase: round((n - (a.get(name) ?? 0)) / cases, 2) }))
    .filter((t) => t.perCase > 0)
    .sort((x, y) => y.perCase - x.perCase);
  return {
    total: round(
      tables.reduce((sum, t) => sum + t.perCase, 0),
      1,
    ),
    tables,
  };
}
