import { TOPICS } from '@clearpath/contracts';
import { PIPELINE_TOPICS } from '../pipeline/pipeline.graph';
import type { TraceEntry } from './trace-entry';
import { buildTrace } from './trace-timing';

const order = PIPELINE_TOPICS.map((t) => t.name);
let offset = 0;
const entry = (topic: string, at: string, ids: { eventId: string; correlationId?: string; causationId?: string | null }): TraceEntry => ({
  topic,
  partition: 0,
  offset: String(offset++),
  loanId: 'LN-1',
  eventId: ids.eventId,
  eventType: 'X',
  correlationId: ids.correlationId ?? 'flow-1',
  causationId: ids.causationId ?? null,
  producer: null,
  occurredAt: null,
  kafkaTimestamp: new Date(at).toISOString(),
  summary: null,
});

describe('trace hop timing', () => {
  it('orders by Kafka time and times each hop from the previous record and from its cause', () => {
    const trace = buildTrace(
      [
        entry(TOPICS.caseSegmented.name, '2026-11-29T02:00:01.500Z', { eventId: 'seg', causationId: 'life' }),
        entry(TOPICS.coreBankLoanEvents.name, '2026-11-29T02:00:00.000Z', { eventId: 'core', correlationId: 'core' }),
        entry(TOPICS.loanLifecycle.name, '2026-11-29T02:00:00.400Z', { eventId: 'life', causationId: 'core', correlationId: 'core' }),
        entry(TOPICS.contactAttempts.name, '2026-11-29T02:00:02.000Z', { eventId: 'att', causationId: 'life' }),
      ],
      order,
    );
    expect(trace.events.map((e) => e.eventId)).toEqual(['core', 'life', 'seg', 'att']);
    expect(trace.events.map((e) => e.sincePreviousMs)).toEqual([null, 400, 1100, 500]);
    expect(trace.events.map((e) => e.sinceCauseMs)).toEqual([null, 400, 1100, 1600]);
    expect(trace.events.map((e) => e.causeIndex)).toEqual([null, 0, 1, 1]);
  });

  it('groups by correlation id with the span of each flow', () => {
    const trace = buildTrace(
      [
        entry(TOPICS.coreBankLoanEvents.name, '2026-11-29T02:00:00.000Z', { eventId: 'a', correlationId: 'f1' }),
        entry(TOPICS.loanLifecycle.name, '2026-11-29T02:00:00.300Z', { eventId: 'b', correlationId: 'f1', causationId: 'a' }),
        entry(TOPICS.coreBankLoanEvents.name, '2026-11-29T03:00:00.000Z', { eventId: 'c', correlationId: 'f2' }),
      ],
      order,
    );
    expect(trace.correlations).toEqual([
      {
        correlationId: 'f1',
        events: 2,
        topics: [TOPICS.coreBankLoanEvents.name, TOPICS.loanLifecycle.name],
        firstAt: '2026-11-29T02:00:00.000Z',
        lastAt: '2026-11-29T02:00:00.300Z',
        spanMs: 300,
      },
      {
        correlationId: 'f2',
        events: 1,
        topics: [TOPICS.coreBankLoanEvents.name],
        firstAt: '2026-11-29T03:00:00.000Z',
        lastAt: '2026-11-29T03:00:00.000Z',
        spanMs: 0,
      },
    ]);
  });

  it('keeps the pipeline order for records with the same timestamp, and leaves unknown causes unresolved', () => {
    const trace = buildTrace(
      [
        entry(TOPICS.caseSegmented.name, '2026-11-29T02:00:00.000Z', { eventId: 's', causationId: 'not-in-trace' }),
        entry(TOPICS.loanLifecycle.name, '2026-11-29T02:00:00.000Z', { eventId: 'l' }),
      ],
      order,
    );
    expect(trace.events.map((e) => e.eventId)).toEqual(['l', 's']);
    expect(trace.events[1]).toMatchObject({ sincePreviousMs: 0, sinceCauseMs: null, causeIndex: null });
  });

  it('is empty for a loan never seen', () => {
    expect(buildTrace([], order)).toEqual({ events: [], correlations: [] });
  });
});
