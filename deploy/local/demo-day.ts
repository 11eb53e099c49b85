/**
 * The README's demo day, replayed into the running platform (`npm start` runs it after starting
 * every service): about 10,000 loans across CN, US and GB from the demo-day generator — two daily
 * delinquency rolls, payments (Kafka and HTTP), closures, flags, duplicates, out-of-order rolls and
 * malformed messages — then a simulated collections floor (agents recording outcomes and promises,
 * debtors accepting plans and paying, a few complaints), and a summary of what the platform did.
 * Deterministic event ids: a second replay is all duplicates. Knobs: DEMO_LOANS (default 10000).
 */
import type { Admin } from 'kafkajs';
import { ALL_TOPICS, TOPICS } from '@clearpath/contracts';
import { createIdempotentProducer, createKafka, readKafkaSecurity } from '@clearpath/messaging';
import { generateDemoDay } from '@clearpath/testing';
import { URLS, api } from './demo-api';
import { simulateFloor, type FloorReport } from './demo-floor';

const LOANS = Number(process.env.DEMO_LOANS ?? 10_000);
const brokers = (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(',');
const OPS_KEY = 'dev-ops-key';

const log = (line: string) => console.log(`[demo ${new Date().toISOString().slice(11, 19)}] ${line}`);

async function main(): Promise<void> {
  const started = Date.now();
  const day = generateDemoDay({ loans: LOANS });
  const kafka = createKafka({ brokers, clientId: 'demo-day', security: readKafkaSecurity(process.env) });
  const admin = kafka.admin();
  await admin.connect();
  const dlqBefore = await dlqDepths(admin);

  log(
    `replaying ${day.kafka.length} core-banking records for ${day.expect.loans} loans to ${TOPICS.coreBankLoanEvents.name} (${day.expect.duplicateEventIds} duplicates, ${day.expect.duplicatePaymentReferences} re-sent payments, ${day.expect.outOfOrder} out-of-order rolls, ${day.expect.malformed} malformed)`,
  );
  const producer = createIdempotentProducer(kafka);
  await producer.connect();
  for (let i = 0; i < day.kafka.length; i += 1_000) {
    await producer.send({
      topic: TOPICS.coreBankLoanEvents.name,
      acks: -1,
      messages: day.kafka.slice(i, i + 1_000).map((d) => ({ key: String(d.loanId), value: JSON.stringify(d) })),
    });
  }
  await producer.send({ topic: TOPICS.coreBankLoanEvents.name, acks: -1, messages: day.malformed.map((m) => ({ key: m.key, value: m.value })) });
  await producer.disconnect();

  await waitForGroup(admin, 'ingestion', TOPICS.coreBankLoanEvents.name, 300_000);
  log('ingestion applied the Kafka feed; posting the HTTP payments');
  const http = { accepted: 0, duplicate: 0, stale: 0, rejected: 0 } as Record<string, number>;
  for (let i = 0; i < day.http.length; i += 1_000) {
    const { status, body } = await api<{ results: Array<{ status: string }> }>(`${URLS.ingestion}/v1/loan-events`, 'dev-demo-replayer-key', {
      method: 'POST',
      body: JSON.stringify({ events: day.http.slice(i, i + 1_000) }),
    });
    if (status !== 202) throw new Error(`ingestion answered ${status} to the HTTP batch`);
    for (const r of body.results) http[r.status] = (http[r.status] ?? 0) + 1;
  }

  await waitForGroup(admin, 'risk-scoring', TOPICS.loanLifecycle.name, 300_000);
  await waitForGroup(admin, 'contact-orchestration', TOPICS.caseSegmented.name, 300_000);
  log('risk-scoring and contact-orchestration caught up; waiting for the first contact decisions');
  await waitForDecisions(120_000);

  log('simulating the collections floor: agents, plans, payments, complaints');
  const floor = await simulateFloor(day);
  await waitForGroup(admin, 'repayment-plan', TOPICS.loanLifecycle.name, 120_000);
  await waitForGroup(admin, 'contact-orchestration', TOPICS.repaymentPlans.name, 120_000);
  await waitForGroup(admin, 'contact-orchestration', TOPICS.complaints.name, 120_000);

  const dlqAfter = await dlqDepths(admin);
  await admin.disconnect();
  await printSummary(day.expect, http, floor, dlqBefore, dlqAfter, Date.now() - started);
}

async function dlqDepths(admin: Admin): Promise<Map<string, number>> {
  const depths = new Map<string, number>();
  for (const topic of ALL_TOPICS.filter((t) => t.dlq === undefined)) {
    const offsets = await admin.fetchTopicOffsets(topic.name);
    depths.set(
      topic.name,
      offsets.reduce((n, o) => n + Number(o.high) - Number(o.low), 0),
    );
  }
  return depths;
}

/** Waits until a consumer group has committed up to the end of a topic (its lag is 0). */
async function waitForGroup(admin: Admin, groupId: string, topic: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let lag = Number.POSITIVE_INFINITY;
  let lastLog = 0;
  while (Date.now() < deadline) {
    const [ends, committed] = await Promise.all([admin.fetchTopicOffsets(topic), admin.fetchOffsets({ groupId, topics: [topic] })]);
    const at = new Map(committed[0]?.partitions.map((p) => [p.partition, Number(p.offset)]) ?? []);
    lag = ends.reduce((sum, e) => sum + Math.max(0, Number(e.high) - Math.max(0, at.get(e.partition) ?? 0)), 0);
    if (lag === 0) return;
    if (Date.now() - lastLog > 10_000) {
      log(`  ${groupId} on ${topic}: ${lag} records to go`);
      lastLog = Date.now();
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`${groupId} still ${lag} records behind on ${topic} after ${timeoutMs / 1000} s`);
}

/** The scheduler decides in batches every few seconds: wait until the count of decisions stops moving. */
async function waitForDecisions(timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let previous = -1;
  let stable = 0;
  while (Date.now() < deadline) {
    const { body } = await api<{ decisions: Array<{ decisions: number }> }>(`${URLS.contact}/v1/compliance/summary`, OPS_KEY);
    const total = body.decisions.reduce((n, d) => n + d.decisions, 0);
    stable = total === previous && total > 0 ? stable + 1 : 0;
    if (stable >= 3) return;
    previous = total;
    await new Promise((r) => setTimeout(r, 2_000));
  }
  log('  (decisions still coming; the summary shows them so far)');
}

async function printSummary(
  expected: ReturnType<typeof generateDemoDay>['expect'],
  http: Record<string, number>,
  floor: FloorReport,
  dlqBefore: Map<string, number>,
  dlqAfter: Map<string, number>,
  elapsedMs: number,
): Promise<void> {
  const [segments, contact, plans, complaints] = await Promise.all([
    api<{ total: number; segments: Array<{ segment: string; treatment: string; arm: string; cases: number }> }>(`${URLS.risk}/v1/segments`, OPS_KEY),
    api<{
      cases: Array<{ state: string; reason: string; cases: number }>;
      attempts: Array<{ channel: string; status: string; attempts: number }>;
      decisions: Array<{ kind: string; ruleId: string; decisions: number }>;
    }>(`${URLS.contact}/v1/compliance/summary`, OPS_KEY),
    api<Record<string, unknown>>(`${URLS.plans}/v1/summary`, OPS_KEY),
    api<{ complaints: Array<{ category: string; severity: string }> }>(`${URLS.complaints}/v1/complaints?status=received`, 'dev-compliance-key'),
  ]);
  const out: string[] = [];
  out.push(
    '',
    `Demo day replayed in ${(elapsedMs / 1000).toFixed(0)} s: ${expected.loans} loans, ${expected.events} core-banking events (+ ${expected.duplicateEventIds} duplicates, ${expected.duplicatePaymentReferences} re-sent payments, ${expected.outOfOrder} out-of-order rolls, ${expected.malformed} malformed)`,
  );
  out.push(
    `  HTTP payments: ${Object.entries(http)
      .filter(([, v]) => v > 0)
      .map(([k, v]) => `${v} ${k}`)
      .join(', ')}`,
  );
  out.push('', `Cases by segment (risk-scoring, ${segments.body.total} cases):`);
  const bySegment = new Map<string, number>();
  for (const s of segments.body.segments) bySegment.set(`${s.segment} → ${s.treatment}`, (bySegment.get(`${s.segment} → ${s.treatment}`) ?? 0) + s.cases);
  for (const [k, v] of [...bySegment].sort((a, b) => b[1] - a[1])) out.push(`  ${String(v).padStart(6)}  ${k}`);
  out.push('', 'Contacts (contact-orchestration):');
  const byStatus = new Map<string, number>();
  for (const a of contact.body.attempts) byStatus.set(a.status, (byStatus.get(a.status) ?? 0) + a.attempts);
  out.push(`  attempts: ${[...byStatus].map(([k, v]) => `${v} ${k}`).join(', ')}`);
  for (const kind of ['allowed', 'deferred', 'blocked']) {
    const rows = contact.body.decisions.filter((d) => d.kind === kind);
    if (rows.length > 0) out.push(`  ${kind.padEnd(8)} by rule id: ${rows.map((d) => `${d.ruleId} ${d.decisions}`).join(', ')}`);
  }
  out.push(`  cases: ${contact.body.cases.map((c) => `${c.cases} ${c.state}${c.reason ? ` (${c.reason})` : ''}`).join(', ')}`);
  out.push('', 'Collections floor (simulated):');
  out.push(`  calls refused by the guard at the dial: ${floor.refusedAtDial}`);
  out.push(
    `  outcomes recorded by agents: ${floor.outcomes}, promises to pay: ${floor.promises}, plans accepted: ${floor.plans}, instalments paid: ${floor.payments}, complaints filed: ${floor.complaints}`,
  );
  if (plans.status === 200) out.push(`  repayment-plan: ${summarizeObject(plans.body)}`);
  if (complaints.status === 200)
    out.push(
      `  complaints received: ${complaints.body.complaints.length} (${complaints.body.complaints.map((c) => `${c.category}/${c.severity}`).join(', ')})`,
    );
  out.push('', 'Dead-letter topics (records this replay added / total):');
  for (const [topic, after] of dlqAfter) if (after > 0) out.push(`  ${topic}: ${after - (dlqBefore.get(topic) ?? 0)} / ${after}`);
  out.push('', `Operations console: ${URLS.console}/   (API key: dev-ops-key)`);
  console.log(out.join('\n'));
}

function summarizeObject(value: unknown): string {
  if (value === null || typeof value !== 'object') return String(value);
  return Object.entries(value as Record<string, unknown>)
    .map(([k, v]) => `${k} ${typeof v === 'object' && v !== null ? `{${summarizeObject(v)}}` : String(v)}`)
    .join(', ');
}

if (require.main === module) {
  main().catch((error: Error) => {
    console.error(`demo day failed: ${error.message}`);
    process.exit(1);
  });
}
