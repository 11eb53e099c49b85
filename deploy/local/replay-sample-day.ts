/**
 * Replays a sample day of core-banking events into the running platform: most through Kafka
 * (`corebank.loan-events.v1`, keyed by loan id), one batch through `POST /v1/loan-events`, plus a
 * few broken messages that must land on the DLQ. Waits until ingestion has applied them, then
 * prints what happened and where to look. Deterministic: a second replay is all duplicates.
 */
import { TOPICS } from '@clearpath/contracts';
import { createIdempotentProducer, createKafka } from '@clearpath/messaging';
import { generateSampleDay, sampleLoanId } from '@clearpath/testing';

const LOANS = Number(process.env.SAMPLE_LOANS ?? 400);
const brokers = (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(',');
const api = `http://127.0.0.1:${process.env.INGESTION_HTTP_PORT ?? 3001}`;
const apiKey = 'dev-system-key';

async function main(): Promise<void> {
  const docs = generateSampleDay({ loans: LOANS });
  const viaHttp = docs.filter((d) => d.eventType === 'PaymentReceived').slice(0, 100);
  const httpIds = new Set(viaHttp.map((d) => d.eventId));
  const viaKafka = docs.filter((d) => !httpIds.has(d.eventId));

  const producer = createIdempotentProducer(createKafka({ brokers, clientId: 'sample-day-replay' }));
  await producer.connect();
  for (let i = 0; i < viaKafka.length; i += 500) {
    await producer.send({
      topic: TOPICS.coreBankLoanEvents.name,
      acks: -1,
      messages: viaKafka.slice(i, i + 500).map((d) => ({ key: String(d.loanId), value: JSON.stringify(d) })),
    });
  }
  const broken = [
    { key: sampleLoanId(1), value: '{"eventId": "not json' },
    { key: sampleLoanId(2), value: JSON.stringify({ ...viaKafka[0], eventId: '2f1c7e58-0000-4000-8000-000000000001', loanId: sampleLoanId(2), payload: { overdueAmount: 12 } }) },
  ];
  await producer.send({ topic: TOPICS.coreBankLoanEvents.name, acks: -1, messages: broken });
  await producer.disconnect();

  // Wait for the Kafka side first (every loan's last Kafka event applied, or applied by an earlier
  // replay): the HTTP payments carry later sequences and would make the roll stale if they won the race.
  const lastSequence = new Map<string, number>();
  for (const d of viaKafka) lastSequence.set(String(d.loanId), Math.max(lastSequence.get(String(d.loanId)) ?? 0, Number(d.sequence)));
  const deadline = Date.now() + 120_000;
  let pending = [...lastSequence.keys()];
  while (pending.length > 0 && Date.now() < deadline) {
    const still: string[] = [];
    for (const loanId of pending) {
      const r = await fetch(`${api}/v1/loans/${loanId}`, { headers: { 'x-api-key': apiKey } });
      const body = r.ok ? ((await r.json()) as { lastSequence: number }) : null;
      if (!body || body.lastSequence < lastSequence.get(loanId)!) still.push(loanId);
    }
    pending = still;
    if (pending.length > 0) await new Promise((r) => setTimeout(r, 250));
  }
  if (pending.length > 0) throw new Error(`${pending.length} loans not applied after 120 s; see .run/services/ingestion.log`);

  const response = await fetch(`${api}/v1/loan-events`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-api-key': apiKey },
    body: JSON.stringify({ events: viaHttp }),
  });
  if (response.status !== 202) throw new Error(`HTTP batch answered ${response.status}: ${await response.text()}`);
  const { results } = (await response.json()) as { results: Array<{ status: string }> };
  const byStatus = results.reduce<Record<string, number>>((acc, r) => ({ ...acc, [r.status]: (acc[r.status] ?? 0) + 1 }), {});

  console.log(`sample day: ${docs.length} events for ${lastSequence.size} loans`);
  console.log(`  via Kafka: ${viaKafka.length} events applied, ${broken.length} broken messages sent to ${TOPICS.coreBankLoanEvents.dlq}`);
  console.log(`  via HTTP:  ${viaHttp.length} events: ${Object.entries(byStatus).map(([s, n]) => `${n} ${s}`).join(', ')}`);
  console.log(`  loan state: ${api}/v1/loans/${sampleLoanId(1)}   event log: ${api}/v1/loans/${sampleLoanId(1)}/events`);
}

main().catch((error: Error) => {
  console.error(`replay failed: ${error.message}`);
  process.exit(1);
});
