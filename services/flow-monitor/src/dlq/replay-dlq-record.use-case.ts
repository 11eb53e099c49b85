import { Inject, Injectable } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import { type Clock, HEADERS } from '@clearpath/contracts';
import type { AuthPrincipal } from '@clearpath/auth';
import { writeToOutbox } from '@clearpath/messaging';
import { ProblemException } from '@clearpath/observability';
import { CLOCK, DATA_SOURCE } from '@clearpath/platform';
import { sourceOfDeadLetterTopic } from '../pipeline/pipeline.graph';
import { DlqReader } from './dlq.reader';
import { sha256, type DlqRecord } from './dlq-record.view';

/** Set on a replayed record: which dead-letter record it came from; the inbox of the consumer that dead-lettered it claims it again (a repeat failure carries it into the DLQ again). */
export const REPLAYED_FROM_HEADER = HEADERS.dlqReplayedFrom;

export interface ReplayCommand {
  readonly dlqTopic: string;
  readonly partition: number;
  readonly offset: bigint;
  /** A corrected value (any JSON); absent to replay the original bytes. */
  readonly corrected?: unknown;
  readonly reason: string;
  readonly force: boolean;
  readonly principal: AuthPrincipal;
}

export interface ReplayAudit {
  readonly id: string;
  readonly replayedAt: string;
  readonly replayedBy: string;
  readonly role: string;
  readonly dlqTopic: string;
  readonly dlqPartition: number;
  readonly dlqOffset: string;
  readonly targetTopic: string;
  readonly messageKey: string | null;
  readonly sourcePartition: number | null;
  readonly sourceOffset: string | null;
  readonly dlqReason: string | null;
  readonly originalSha256: string;
  readonly replayedSha256: string;
  readonly corrected: boolean;
  readonly forced: boolean;
  readonly reason: string;
}

const AUDIT_COLUMNS = `id::text AS "id", replayed_at AS "replayedAt", replayed_by AS "replayedBy", role, dlq_topic AS "dlqTopic",
  dlq_partition AS "dlqPartition", dlq_offset::text AS "dlqOffset", target_topic AS "targetTopic", message_key AS "messageKey",
  source_partition AS "sourcePartition", source_offset::text AS "sourceOffset", dlq_reason AS "dlqReason",
  original_sha256 AS "originalSha256", replayed_sha256 AS "replayedSha256", corrected, forced, reason`;

/**
 * Sends a dead-letter record (as it was, or corrected) back to the topic it failed on, with its
 * original key, so the consumer that refused it gets it again. The audit row and the outbox row
 * commit in one transaction: the outbox carries raw bytes (`value_bytes`), so the replayed value
 * is published exactly as sent here, by the relay, with the idempotent producer. A record is
 * replayed once unless the caller forces it; an advisory lock on the record makes two concurrent
 * replays of it queue up, so the second sees the first's row and is refused.
 */
@Injectable()
export class ReplayDlqRecordUseCase {
  constructor(
    private readonly reader: DlqReader,
    @Inject(DATA_SOURCE) private readonly dataSource: DataSource,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute(command: ReplayCommand): Promise<ReplayAudit> {
    const record = await this.reader.one(command.dlqTopic, command.partition, command.offset);
    if (!record) throw ProblemException.notFound(`${command.dlqTopic} has no record at partition ${command.partition}, offset ${command.offset} (expired or never written).`);
    const target = targetTopicOf(record);
    const value = command.corrected === undefined ? record.value : Buffer.from(JSON.stringify(command.corrected), 'utf8');
    const at = `${record.topic}/${record.partition}/${record.offset}`;
    return this.dataSource.transaction(async (manager) => {
      await manager.query(`SELECT pg_advisory_xact_lock(hashtext($1))`, [`dlq-replay:${at}`]);
      // The same record: same position and same bytes (a rebuilt cluster reuses positions for other records).
      const [previous]: Array<{ n: number }> = await manager.query(
        `SELECT count(*)::int AS n FROM dlq_replay WHERE dlq_topic = $1 AND dlq_partition = $2 AND dlq_offset = $3 AND original_sha256 = $4`,
        [record.topic, record.partition, record.offset, sha256(record.value)],
      );
      if (previous.n > 0 && !command.force) {
        throw ProblemException.conflict(`${at} was already replayed ${previous.n} time(s); add ?force=true to replay it again.`);
      }
      const source = record.headers[HEADERS.dlqSourcePartition];
      const [audit]: ReplayAudit[] = await manager.query(
        `INSERT INTO dlq_replay (replayed_at, replayed_by, role, dlq_topic, dlq_partition, dlq_offset, target_topic, message_key, source_partition,
           source_offset, dlq_reason, original_sha256, replayed_sha256, corrected, forced, reason)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)
         RETURNING ${AUDIT_COLUMNS}`,
        [
          this.clock.now(),
          command.principal.subject,
          command.principal.role,
          record.topic,
          record.partition,
          record.offset,
          target,
          record.key,
          source !== undefined && /^\d+$/.test(source) ? Number(source) : null,
          /^\d+$/.test(record.headers[HEADERS.dlqSourceOffset] ?? '') ? record.headers[HEADERS.dlqSourceOffset] : null,
          record.headers[HEADERS.dlqReason] ?? null,
          sha256(record.value),
          sha256(value),
          command.corrected !== undefined,
          previous.n > 0,
          command.reason,
        ],
      );
      await writeToOutbox(manager, [{ topic: target, key: record.key, value, headers: replayHeaders(record, command.corrected, at) }]);
      return { ...audit, replayedAt: new Date(audit.replayedAt).toISOString() };
    });
  }

  async history(filter: { dlqTopic?: string; limit: number }): Promise<ReplayAudit[]> {
    const rows: ReplayAudit[] = await this.dataSource.query(
      `SELECT ${AUDIT_COLUMNS} FROM dlq_replay WHERE ($1::text IS NULL OR dlq_topic = $1) ORDER BY id DESC LIMIT $2`,
      [filter.dlqTopic ?? null, filter.limit],
    );
    return rows.map((r) => ({ ...r, replayedAt: new Date(r.replayedAt).toISOString() }));
  }
}

/**
 * The topic to replay to: the record's `dlq-source-topic`, which must be the topic this
 * dead-letter topic belongs to (a header naming anything else is refused rather than followed).
 */
export function targetTopicOf(record: Pick<DlqRecord, 'topic' | 'headers'>): string {
  const owner = sourceOfDeadLetterTopic(record.topic);
  if (!owner) throw ProblemException.notFound(`${record.topic} is not a dead-letter topic.`);
  const named = record.headers[HEADERS.dlqSourceTopic];
  if (named !== undefined && named !== owner.name) {
    throw ProblemException.conflict(`The record names ${named} as its source, but ${record.topic} belongs to ${owner.name}; it is not replayed.`);
  }
  return owner.name;
}

/**
 * The original headers without the dead-letter ones, plus where the replay came from. When the
 * corrected value carries envelope ids, the id headers follow it: consumers read ids from headers
 * first, and a header contradicting the body would make the inbox key disagree with the event.
 */
export function replayHeaders(record: Pick<DlqRecord, 'headers'>, corrected: unknown, from: string): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(record.headers)) if (!name.startsWith('dlq-')) headers[name] = value;
  if (typeof corrected === 'object' && corrected !== null && !Array.isArray(corrected)) {
    const body = corrected as Record<string, unknown>;
    for (const [field, header] of [
      ['eventId', HEADERS.eventId],
      ['eventType', HEADERS.eventType],
      ['correlationId', HEADERS.correlationId],
      ['causationId', HEADERS.causationId],
    ] as const) {
      if (typeof body[field] === 'string' && body[field] !== '') headers[header] = body[field] as string;
      else if (headers[header] !== undefined && field !== 'correlationId') delete headers[header];
    }
  }
  headers[REPLAYED_FROM_HEADER] = from;
  return headers;
}
