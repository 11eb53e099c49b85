import { Inject, Injectable } from '@nestjs/common';
import type { DataSource, EntityManager } from 'typeorm';
import { type Clock, HEADERS } from '@clearpath/contracts';
import type { AuthPrincipal } from '@clearpath/auth';
import { writeToOutbox } from '@clearpath/messaging';
import { ProblemException } from '@clearpath/observability';
import { CLOCK, DATA_SOURCE } from '@clearpath/platform';
import { FLOW_MONITOR_SETTINGS, type FlowMonitorSettings } from '../config/flow-monitor-settings';
import { sourceOfDeadLetterTopic } from '../pipeline/pipeline.graph';
import { DlqReader } from './dlq.reader';
import { sha256, type DlqRecord } from './dlq-record.view';
import {
  type ClosureOutcome,
  type ReplayRequestClosure,
  type RequestTime,
  type WaitingRequest,
  checkApprover,
  checkCloser,
  needsSecondPerson,
  refusalProblem,
} from './replay-approval.policy';

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

/** How a replay ended for its caller: published (queued in the outbox), or waiting for a second person. */
export type ReplayStatus = 'replay-queued' | 'approval-required';

/**
 * Where a replay or a request stands: published (`replayed`), waiting for its second person
 * (`pending-approval`), or a request that ended without publishing anything: `rejected` by another
 * person, `withdrawn` by its requester, `expired` unapproved after the request TTL.
 */
export type ReplayEntryStatus = 'pending-approval' | 'replayed' | ClosureOutcome | 'expired';

export const REPLAY_ENTRY_STATUSES: readonly ReplayEntryStatus[] = ['pending-approval', 'replayed', 'rejected', 'withdrawn', 'expired'];

/**
 * One entry of the replay audit trail: a replay (published, `id` set) or a request no replay carried
 * out (`id` null): waiting, rejected, withdrawn or expired. A two-person replay has both a
 * `requestId` and, once approved, an `id`; a one-person replay has no request. `replayedBy`/`role`
 * are whoever caused the publication: the approver of a two-person replay. `expiresAt` is set while
 * a request waits (and once it expired); `closed*` say who rejected or withdrew it, when and why.
 */
export interface ReplayEntry {
  readonly id: string | null;
  readonly status: ReplayEntryStatus;
  readonly requestId: string | null;
  readonly requestedAt: string;
  readonly requestedBy: string;
  readonly requestedRole: string;
  readonly approvedAt: string | null;
  readonly approvedBy: string | null;
  readonly approvedRole: string | null;
  readonly replayedAt: string | null;
  readonly replayedBy: string | null;
  readonly role: string | null;
  readonly expiresAt: string | null;
  readonly closedAt: string | null;
  readonly closedBy: string | null;
  readonly closedRole: string | null;
  readonly closedReason: string | null;
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

/** A request as its approver sees it: the entry, and exactly the key, headers and value that approving publishes. */
export interface ReplayRequestDetail extends ReplayEntry {
  readonly key: string | null;
  readonly headers: Record<string, string>;
  readonly value: unknown;
  readonly valueFormat: 'json' | 'text';
}

// Replays (with their request, if any) and the requests no replay names yet, in one shape. $1 is
// now, $2 the request TTL in milliseconds: a request expires at requested_at + TTL
// (replay-approval.policy.ts's requestExpiry, the same instant).
const ENTRIES = `WITH entries AS (
    SELECT p.id::text AS "id", 'replayed' AS "status", p.request_id::text AS "requestId",
      coalesce(r.requested_at, p.replayed_at) AS "requestedAt", coalesce(r.requested_by, p.replayed_by) AS "requestedBy", coalesce(r.requested_role, p.role) AS "requestedRole",
      CASE WHEN p.request_id IS NULL THEN NULL ELSE p.replayed_at END AS "approvedAt",
      CASE WHEN p.request_id IS NULL THEN NULL ELSE p.replayed_by END AS "approvedBy",
      CASE WHEN p.request_id IS NULL THEN NULL ELSE p.role END AS "approvedRole",
      p.replayed_at AS "replayedAt", p.replayed_by AS "replayedBy", p.role AS "role",
      NULL::timestamptz AS "expiresAt", NULL::timestamptz AS "closedAt", NULL::text AS "closedBy", NULL::text AS "closedRole", NULL::text AS "closedReason",
      p.dlq_topic AS "dlqTopic", p.dlq_partition AS "dlqPartition", p.dlq_offset::text AS "dlqOffset", p.target_topic AS "targetTopic", p.message_key AS "messageKey",
      p.source_partition AS "sourcePartition", p.source_offset::text AS "sourceOffset", p.dlq_reason AS "dlqReason",
      p.original_sha256 AS "originalSha256", p.replayed_sha256 AS "replayedSha256", p.corrected, p.forced, p.reason
    FROM dlq_replay p LEFT JOIN dlq_replay_request r ON r.id = p.request_id
    UNION ALL
    SELECT NULL,
      CASE WHEN c.outcome IS NOT NULL THEN c.outcome WHEN r.requested_at + x.ttl <= $1::timestamptz THEN 'expired' ELSE 'pending-approval' END,
      r.id::text, r.requested_at, r.requested_by, r.requested_role, NULL, NULL, NULL, NULL, NULL, NULL,
      CASE WHEN c.outcome IS NULL THEN r.requested_at + x.ttl END, c.closed_at, c.closed_by, c.closed_role, c.reason,
      r.dlq_topic, r.dlq_partition, r.dlq_offset::text, r.target_topic, r.message_key, r.source_partition, r.source_offset::text, r.dlq_reason,
      r.original_sha256, r.replayed_sha256, r.corrected, r.forced, r.reason
    FROM dlq_replay_request r LEFT JOIN dlq_replay_request_closure c ON c.request_id = r.id
      CROSS JOIN (SELECT $2::double precision * interval '1 millisecond' AS ttl) x
    WHERE NOT EXISTS (SELECT 1 FROM dlq_replay p WHERE p.request_id = r.id)
  ) SELECT * FROM entries`;

// Waiting requests first (someone has to act on them), then what was published, newest first,
// then the requests that came to nothing (rejected, withdrawn, expired), newest first. By row id,
// not by time: the rows' times come from the services' clocks, the ids from the order of writing.
const NEWEST_FIRST = `ORDER BY ("status" = 'pending-approval') DESC, "id"::bigint DESC NULLS LAST, "requestId"::bigint DESC`;

interface RequestRow {
  id: string;
  requested_at: Date;
  requested_by: string;
  dlq_topic: string;
  dlq_partition: number;
  dlq_offset: string;
  target_topic: string;
  message_key: string | null;
  replayed_value: Buffer;
  replayed_headers: Record<string, string>;
  source_partition: number | null;
  source_offset: string | null;
  dlq_reason: string | null;
  original_sha256: string;
  replayed_sha256: string;
  corrected: boolean;
  forced: boolean;
  reason: string;
}

const REQUEST_COLUMNS = `id::text AS id, requested_at, requested_by, dlq_topic, dlq_partition, dlq_offset::text AS dlq_offset, target_topic, message_key, replayed_value,
  replayed_headers, source_partition, source_offset::text AS source_offset, dlq_reason, original_sha256, replayed_sha256, corrected, forced, reason`;

/** What a replay publishes, decided once: by a one-person replay at once, by a request for its approver. */
interface Publication {
  readonly dlqTopic: string;
  readonly dlqPartition: number;
  readonly dlqOffset: string;
  readonly targetTopic: string;
  readonly key: string | null;
  readonly value: Buffer;
  readonly headers: Record<string, string>;
  readonly sourcePartition: number | null;
  readonly sourceOffset: string | null;
  readonly dlqReason: string | null;
  readonly originalSha256: string;
  readonly corrected: boolean;
  readonly reason: string;
}

/**
 * Sends a dead-letter record (as it was, or corrected) back to the topic it failed on, with its
 * original key, so the consumer that refused it gets it again. Every replay keeps the bytes it
 * published (key, value, headers), who did it and why. On a topic with personal data a replay
 * takes two people (replay-approval.policy.ts): the first call records a request with the exact
 * bytes, and a different principal's approval publishes those bytes, unless the request was
 * rejected, withdrawn or expired (`FLOW_MONITOR_REPLAY_REQUEST_TTL_HOURS`) first. The audit row
 * and the outbox row commit in one transaction; the outbox carries raw bytes (`value_bytes`), so
 * the replayed value is published exactly as recorded, by the relay, with the idempotent producer.
 * A record is replayed once unless the caller forces it; an advisory lock per record makes
 * concurrent replays, requests, approvals and closures of it queue up, so the later one sees the
 * earlier one's row.
 */
@Injectable()
export class ReplayDlqRecordUseCase {
  private readonly ttlMs: number;

  constructor(
    private readonly reader: DlqReader,
    @Inject(DATA_SOURCE) private readonly dataSource: DataSource,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(FLOW_MONITOR_SETTINGS) settings: FlowMonitorSettings,
  ) {
    this.ttlMs = settings.replayRequestTtlHours * 3_600_000;
  }

  /** The injected clock's time and the request TTL: what expiry is judged by. */
  private time(): RequestTime {
    return { now: this.clock.now(), ttlMs: this.ttlMs };
  }

  async execute(command: ReplayCommand): Promise<{ status: ReplayStatus; audit: ReplayEntry }> {
    const record = await this.reader.one(command.dlqTopic, command.partition, command.offset);
    if (!record)
      throw ProblemException.notFound(
        `${command.dlqTopic} has no record at partition ${command.partition}, offset ${command.offset} (expired or never written).`,
      );
    const target = targetTopicOf(record);
    const value = command.corrected === undefined ? record.value : Buffer.from(JSON.stringify(command.corrected), 'utf8');
    const at = `${record.topic}/${record.partition}/${record.offset}`;
    const source = record.headers[HEADERS.dlqSourcePartition];
    const publication: Publication = {
      dlqTopic: record.topic,
      dlqPartition: record.partition,
      dlqOffset: record.offset,
      targetTopic: target,
      key: record.key,
      value,
      headers: replayHeaders(record, command.corrected, at),
      sourcePartition: source !== undefined && /^\d+$/.test(source) ? Number(source) : null,
      sourceOffset: /^\d+$/.test(record.headers[HEADERS.dlqSourceOffset] ?? '') ? (record.headers[HEADERS.dlqSourceOffset] as string) : null,
      dlqReason: record.headers[HEADERS.dlqReason] ?? null,
      originalSha256: sha256(record.value),
      corrected: command.corrected !== undefined,
      reason: command.reason,
    };
    return this.dataSource.transaction(async (manager) => {
      await lockRecord(manager, at);
      const time = this.time();
      const replays = await replaysOf(manager, publication);
      if (replays > 0 && !command.force) {
        throw ProblemException.conflict(`${at} was already replayed ${replays} time(s); add ?force=true to replay it again.`);
      }
      if (!needsSecondPerson(record.topic)) {
        const id = await publish(manager, publication, { at: time.now, by: command.principal, forced: replays > 0, requestId: null });
        return { status: 'replay-queued', audit: await entry(manager, time, '"id"', id) };
      }
      // Only a request that can still be approved waits: not a rejected, withdrawn or expired one.
      const [waiting]: Array<{ id: string }> = await manager.query(
        `SELECT r.id::text AS id FROM dlq_replay_request r
         WHERE r.dlq_topic = $1 AND r.dlq_partition = $2 AND r.dlq_offset = $3 AND r.original_sha256 = $4
           AND r.requested_at > $5::timestamptz - $6::double precision * interval '1 millisecond'
           AND NOT EXISTS (SELECT 1 FROM dlq_replay p WHERE p.request_id = r.id)
           AND NOT EXISTS (SELECT 1 FROM dlq_replay_request_closure c WHERE c.request_id = r.id)
         ORDER BY r.id LIMIT 1`,
        [publication.dlqTopic, publication.dlqPartition, publication.dlqOffset, publication.originalSha256, time.now, time.ttlMs],
      );
      if (waiting !== undefined && !command.force) {
        throw ProblemException.conflict(
          `Replay request #${waiting.id} for ${at} is waiting for approval; approve or reject it, or add ?force=true to ask again.`,
        );
      }
      const [request]: Array<{ id: string }> = await manager.query(
        `INSERT INTO dlq_replay_request (requested_at, requested_by, requested_role, dlq_topic, dlq_partition, dlq_offset, target_topic, message_key, replayed_value,
           replayed_headers, source_partition, source_offset, dlq_reason, original_sha256, replayed_sha256, corrected, forced, reason)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18)
         RETURNING id::text AS id`,
        [
          time.now,
          command.principal.subject,
          command.principal.role,
          publication.dlqTopic,
          publication.dlqPartition,
          publication.dlqOffset,
          publication.targetTopic,
          publication.key,
          publication.value,
          JSON.stringify(publication.headers),
          publication.sourcePartition,
          publication.sourceOffset,
          publication.dlqReason,
          publication.originalSha256,
          sha256(publication.value),
          publication.corrected,
          command.force,
          publication.reason,
        ],
      );
      return { status: 'approval-required', audit: await entry(manager, time, '"requestId"', request!.id) };
    });
  }

  /**
   * A second person approves a waiting request: its recorded bytes are published. 404 unknown,
   * 409 already approved, 409 `replay-request-closed` / `replay-request-expired` when it was
   * rejected, withdrawn or is past its TTL, 409 `four-eyes` when the approver is the requester,
   * 409 when the record was replayed since the request and the request did not ask to force.
   */
  async approve(requestId: string, approver: AuthPrincipal): Promise<ReplayEntry> {
    return this.dataSource.transaction(async (manager) => {
      const request = await requestRow(manager, requestId);
      const at = `${request.dlq_topic}/${request.dlq_partition}/${request.dlq_offset}`;
      await lockRecord(manager, at);
      const time = this.time();
      await refuseIfReplayed(manager, request, 'approved');
      const check = checkApprover(await waitingRequest(manager, request), approver, time);
      if (!check.ok) throw refusalProblem(check);
      const publication: Publication = {
        dlqTopic: request.dlq_topic,
        dlqPartition: request.dlq_partition,
        dlqOffset: request.dlq_offset,
        targetTopic: request.target_topic,
        key: request.message_key,
        value: request.replayed_value,
        headers: request.replayed_headers,
        sourcePartition: request.source_partition,
        sourceOffset: request.source_offset,
        dlqReason: request.dlq_reason,
        originalSha256: request.original_sha256,
        corrected: request.corrected,
        reason: request.reason,
      };
      const replays = await replaysOf(manager, publication);
      if (replays > 0 && !request.forced) {
        throw ProblemException.conflict(
          `${at} was replayed ${replays} time(s) since this request was made; ask again with ?force=true to replay it once more.`,
        );
      }
      const id = await publish(manager, publication, { at: time.now, by: approver, forced: replays > 0, requestId: request.id });
      return entry(manager, time, '"id"', id);
    });
  }

  /**
   * Ends a waiting request without publishing anything: `withdrawn` when its requester closes it,
   * `rejected` when anyone else does (replay-approval.policy.ts). 404 unknown, 409 already approved,
   * 409 `replay-request-closed` when closed before, 409 `replay-request-expired` past its TTL.
   */
  async close(requestId: string, closer: AuthPrincipal, reason: string): Promise<ReplayEntry> {
    return this.dataSource.transaction(async (manager) => {
      const request = await requestRow(manager, requestId);
      await lockRecord(manager, `${request.dlq_topic}/${request.dlq_partition}/${request.dlq_offset}`);
      const time = this.time();
      await refuseIfReplayed(manager, request, 'closed');
      const check = checkCloser(await waitingRequest(manager, request), closer, time);
      if (!check.ok) throw refusalProblem(check);
      await manager.query(
        `INSERT INTO dlq_replay_request_closure (request_id, outcome, closed_at, closed_by, closed_role, reason) VALUES ($1, $2, $3, $4, $5, $6)`,
        [request.id, check.outcome, time.now, closer.subject, closer.role, reason],
      );
      return entry(manager, time, '"requestId"', request.id);
    });
  }

  /** A request with the exact bytes approving it would publish (ops and compliance read dead letters unmasked anyway). */
  async request(requestId: string): Promise<ReplayRequestDetail> {
    const m = this.dataSource.manager;
    const request = await requestRow(m, requestId);
    const text = request.replayed_value.toString('utf8');
    let value: unknown = text;
    let valueFormat: ReplayRequestDetail['valueFormat'] = 'text';
    try {
      value = JSON.parse(text);
      valueFormat = 'json';
    } catch {
      // not JSON: shown as text
    }
    return { ...(await entry(m, this.time(), '"requestId"', request.id)), key: request.message_key, headers: request.replayed_headers, value, valueFormat };
  }

  async history(filter: { dlqTopic?: string; status?: ReplayEntryStatus; limit: number }): Promise<ReplayEntry[]> {
    const time = this.time();
    const rows: ReplayEntry[] = await this.dataSource.query(
      `${ENTRIES} WHERE ($3::text IS NULL OR "dlqTopic" = $3) AND ($4::text IS NULL OR "status" = $4) ${NEWEST_FIRST} LIMIT $5`,
      [time.now, time.ttlMs, filter.dlqTopic ?? null, filter.status ?? null, filter.limit],
    );
    return rows.map(entryView);
  }
}

async function lockRecord(manager: EntityManager, at: string): Promise<void> {
  await manager.query(`SELECT pg_advisory_xact_lock(hashtext($1))`, [`dlq-replay:${at}`]);
}

/** Replays of the same record: same position and same bytes (a rebuilt cluster reuses positions for other records). */
async function replaysOf(manager: EntityManager, p: Publication): Promise<number> {
  const [row]: Array<{ n: number }> = await manager.query(
    `SELECT count(*)::int AS n FROM dlq_replay WHERE dlq_topic = $1 AND dlq_partition = $2 AND dlq_offset = $3 AND original_sha256 = $4`,
    [p.dlqTopic, p.dlqPartition, p.dlqOffset, p.originalSha256],
  );
  return row!.n;
}

/** The audit row, with the bytes, and the outbox row: one transaction (the caller's). */
async function publish(
  manager: EntityManager,
  p: Publication,
  how: { at: Date; by: AuthPrincipal; forced: boolean; requestId: string | null },
): Promise<string> {
  const [audit]: Array<{ id: string }> = await manager.query(
    `INSERT INTO dlq_replay (replayed_at, replayed_by, role, dlq_topic, dlq_partition, dlq_offset, target_topic, message_key, source_partition,
       source_offset, dlq_reason, original_sha256, replayed_sha256, corrected, forced, reason, request_id, replayed_value, replayed_headers)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19)
     RETURNING id::text AS id`,
    [
      how.at,
      how.by.subject,
      how.by.role,
      p.dlqTopic,
      p.dlqPartition,
      p.dlqOffset,
      p.targetTopic,
      p.key,
      p.sourcePartition,
      p.sourceOffset,
      p.dlqReason,
      p.originalSha256,
      sha256(p.value),
      p.corrected,
      how.forced,
      p.reason,
      how.requestId,
      p.value,
      JSON.stringify(p.headers),
    ],
  );
  await writeToOutbox(manager, [{ topic: p.targetTopic, key: p.key, value: p.value, headers: p.headers }]);
  return audit!.id;
}

async function requestRow(manager: EntityManager, requestId: string): Promise<RequestRow> {
  const rows: RequestRow[] = /^\d{1,18}$/.test(requestId)
    ? await manager.query(`SELECT ${REQUEST_COLUMNS} FROM dlq_replay_request WHERE id = $1`, [requestId])
    : [];
  if (rows[0] === undefined) throw ProblemException.notFound(`No replay request ${requestId}.`);
  return rows[0];
}

/** Approving or closing takes a request no replay carried out yet; 409 otherwise. */
async function refuseIfReplayed(manager: EntityManager, request: RequestRow, wanted: 'approved' | 'closed'): Promise<void> {
  const [done]: Array<{ id: string }> = await manager.query(`SELECT id::text AS id FROM dlq_replay WHERE request_id = $1`, [request.id]);
  if (done === undefined) return;
  throw ProblemException.conflict(
    `Replay request #${request.id} was already approved and replayed (replay #${done.id})${wanted === 'closed' ? '; it can no longer be rejected or withdrawn' : ''}.`,
  );
}

/** The request as the approval and closure rules see it: when and by whom it was made, and its closure, if any. */
async function waitingRequest(manager: EntityManager, request: RequestRow): Promise<WaitingRequest> {
  const [closure]: Array<ReplayRequestClosure> = await manager.query(
    `SELECT outcome, closed_at AS "closedAt", closed_by AS "closedBy", closed_role AS "closedRole" FROM dlq_replay_request_closure WHERE request_id = $1`,
    [request.id],
  );
  return {
    id: request.id,
    requestedAt: new Date(request.requested_at),
    requestedBy: request.requested_by,
    closure: closure === undefined ? null : { ...closure, closedAt: new Date(closure.closedAt) },
  };
}

async function entry(manager: EntityManager, time: RequestTime, column: '"id"' | '"requestId"', id: string): Promise<ReplayEntry> {
  const [row]: ReplayEntry[] = await manager.query(`${ENTRIES} WHERE ${column} = $3`, [time.now, time.ttlMs, id]);
  if (row === undefined) throw new Error(`replay entry ${column} ${id} vanished inside its own transaction`);
  return entryView(row);
}

function entryView(row: ReplayEntry): ReplayEntry {
  const iso = (value: unknown) => (value === null ? null : new Date(value as string).toISOString());
  return {
    ...row,
    requestedAt: iso(row.requestedAt) as string,
    approvedAt: iso(row.approvedAt),
    replayedAt: iso(row.replayedAt),
    expiresAt: iso(row.expiresAt),
    closedAt: iso(row.closedAt),
  };
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
