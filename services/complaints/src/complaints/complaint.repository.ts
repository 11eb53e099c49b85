import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { ComplaintStatus } from '@clearpath/contracts';
import type { ComplaintRecord, HistoryEntry } from './complaint.record';

interface Row {
  complaint_id: string;
  loan_id: string;
  customer_id: string;
  source: ComplaintRecord['source'];
  channel: ComplaintRecord['channel'];
  complaint_text: string;
  locale: ComplaintRecord['locale'];
  jurisdiction: ComplaintRecord['jurisdiction'];
  timezone: string;
  category: ComplaintRecord['category'];
  category_source: ComplaintRecord['categorySource'];
  severity: ComplaintRecord['severity'];
  suggestion: ComplaintRecord['suggestion'];
  status: ComplaintStatus;
  attempt_ids: string[];
  received_at: Date;
  logged_at: Date;
  ack_deadline_date: string | null;
  ack_deadline_at: Date | null;
  ack_reminder_at: Date | null;
  ack_reminder_sent_at: Date | null;
  ack_breached_at: Date | null;
  acknowledged_at: Date | null;
  deadline_days: number;
  deadline_date: string;
  deadline_at: Date;
  reminder_at: Date;
  reminder_sent_at: Date | null;
  breached_at: Date | null;
  outcome: ComplaintRecord['outcome'];
  remedies: ComplaintRecord['remedies'];
  letter: ComplaintRecord['letter'];
  resolved_at: Date | null;
  withdrawn_by: string | null;
  withdrawn_at: Date | null;
  updated_at: Date;
}

const COLUMNS = `complaint_id, loan_id, customer_id, source, channel, complaint_text, locale, jurisdiction, timezone, category, category_source,
  severity, suggestion, status, attempt_ids::text[] AS attempt_ids, received_at, logged_at, to_char(ack_deadline_date, 'YYYY-MM-DD') AS ack_deadline_date,
  ack_deadline_at, ack_reminder_at, ack_reminder_sent_at, ack_breached_at, acknowledged_at, deadline_days, to_char(deadline_date, 'YYYY-MM-DD') AS deadline_date,
  deadline_at, reminder_at, reminder_sent_at, breached_at, outcome, remedies, letter, resolved_at, withdrawn_by, withdrawn_at, updated_at`;

export function fromRow(r: Row): ComplaintRecord {
  return {
    complaintId: r.complaint_id,
    loanId: r.loan_id,
    customerId: r.customer_id,
    source: r.source,
    channel: r.channel,
    text: r.complaint_text,
    locale: r.locale,
    jurisdiction: r.jurisdiction,
    timezone: r.timezone,
    category: r.category,
    categorySource: r.category_source,
    severity: r.severity,
    suggestion: r.suggestion,
    status: r.status,
    attemptIds: r.attempt_ids,
    receivedAt: r.received_at,
    loggedAt: r.logged_at,
    acknowledgement:
      r.ack_deadline_date !== null && r.ack_deadline_at !== null && r.ack_reminder_at !== null
        ? { localDate: r.ack_deadline_date, deadlineAt: r.ack_deadline_at, reminderAt: r.ack_reminder_at, reminderSentAt: r.ack_reminder_sent_at, breachedAt: r.ack_breached_at }
        : null,
    acknowledgedAt: r.acknowledged_at,
    deadlineDays: r.deadline_days,
    deadlineDate: r.deadline_date,
    deadlineAt: r.deadline_at,
    reminderAt: r.reminder_at,
    reminderSentAt: r.reminder_sent_at,
    breachedAt: r.breached_at,
    outcome: r.outcome,
    remedies: r.remedies,
    letter: r.letter,
    resolvedAt: r.resolved_at,
    withdrawnBy: r.withdrawn_by,
    withdrawnAt: r.withdrawn_at,
    updatedAt: r.updated_at,
  };
}

export interface ListFilter {
  readonly status?: ComplaintStatus;
  readonly breachingBefore?: Date;
  readonly loanId?: string;
  readonly limit: number;
}

/** Complaints, their append-only history, and the evidence behind them. */
export type DeadlineKind = 'final-answer' | 'acknowledgement';

/**
 * The columns of each deadline the sweep announces, and which complaints it still binds: the final
 * answer binds every open complaint; the acknowledgement only those not yet acknowledged
 * (acknowledging or withdrawing takes a complaint out of both of its queries). Constants, never input.
 */
const DEADLINE_COLUMNS: Record<DeadlineKind, { pending: string; reminderAt: string; reminderSent: string; breached: string; deadline: string }> = {
  'final-answer': { pending: `status IN ('received', 'acknowledged', 'investigating')`, reminderAt: 'reminder_at', reminderSent: 'reminder_sent_at', breached: 'breached_at', deadline: 'deadline_at' },
  acknowledgement: { pending: `status = 'received'`, reminderAt: 'ack_reminder_at', reminderSent: 'ack_reminder_sent_at', breached: 'ack_breached_at', deadline: 'ack_deadline_at' },
};

@Injectable()
export class ComplaintRepository {
  async insert(m: EntityManager, c: ComplaintRecord): Promise<void> {
    await m.query(
      `INSERT INTO complaints (complaint_id, loan_id, customer_id, source, channel, complaint_text, locale, jurisdiction, timezone, category,
         category_source, severity, suggestion, status, attempt_ids, received_at, deadline_days, deadline_date, deadline_at, reminder_at, updated_at,
         logged_at, ack_deadline_date, ack_deadline_at, ack_reminder_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15::uuid[], $16, $17, $18, $19, $20, $21, $22, $23, $24, $25)`,
      [
        c.complaintId, c.loanId, c.customerId, c.source, c.channel, c.text, c.locale, c.jurisdiction, c.timezone, c.category,
        c.categorySource, c.severity, JSON.stringify(c.suggestion), c.status, c.attemptIds, c.receivedAt, c.deadlineDays, c.deadlineDate, c.deadlineAt, c.reminderAt, c.updatedAt,
        c.loggedAt, c.acknowledgement?.localDate ?? null, c.acknowledgement?.deadlineAt ?? null, c.acknowledgement?.reminderAt ?? null,
      ],
    );
  }

  async find(m: EntityManager, complaintId: string, options: { lock?: boolean } = {}): Promise<ComplaintRecord | null> {
    const rows: Row[] = await m.query(`SELECT ${COLUMNS} FROM complaints WHERE complaint_id = $1${options.lock ? ' FOR UPDATE' : ''}`, [complaintId]);
    return rows[0] ? fromRow(rows[0]) : null;
  }

  /**
   * Writes back the mutable part of a complaint (everything but identity, text and receipt). The
   * acknowledgement deadline never changes after intake and only the sweep marks it, so it is not written here.
   */
  async save(m: EntityManager, c: ComplaintRecord): Promise<void> {
    await m.query(
      `UPDATE complaints SET category = $2, category_source = $3, severity = $4, status = $5, deadline_days = $6, deadline_date = $7, deadline_at = $8,
         reminder_at = $9, reminder_sent_at = $10, breached_at = $11, outcome = $12, remedies = $13, letter = $14, resolved_at = $15, updated_at = $16,
         acknowledged_at = $17, withdrawn_by = $18, withdrawn_at = $19
       WHERE complaint_id = $1`,
      [
        c.complaintId, c.category, c.categorySource, c.severity, c.status, c.deadlineDays, c.deadlineDate, c.deadlineAt,
        c.reminderAt, c.reminderSentAt, c.breachedAt, c.outcome, c.remedies, c.letter === null ? null : JSON.stringify(c.letter), c.resolvedAt, c.updatedAt,
        c.acknowledgedAt, c.withdrawnBy, c.withdrawnAt,
      ],
    );
  }

  async appendHistory(m: EntityManager, entries: readonly HistoryEntry[]): Promise<void> {
    if (entries.length === 0) return;
    await m.query(
      `INSERT INTO complaint_history (complaint_id, at, actor, actor_role, action, from_status, to_status, details)
       SELECT (h->>'complaintId')::uuid, (h->>'at')::timestamptz, h->>'actor', h->>'actorRole', h->>'action', h->>'fromStatus', h->>'toStatus', h->'details'
       FROM jsonb_array_elements($1::jsonb) h`,
      [JSON.stringify(entries)],
    );
  }

  async history(m: EntityManager, complaintId: string) {
    const rows: Array<{ at: Date; actor: string; actor_role: string; action: string; from_status: string | null; to_status: string | null; details: Record<string, unknown> }> =
      await m.query(`SELECT at, actor, actor_role, action, from_status, to_status, details FROM complaint_history WHERE complaint_id = $1 ORDER BY id`, [complaintId]);
    return rows.map((r) => ({ at: r.at.toISOString(), actor: r.actor, actorRole: r.actor_role, action: r.action, fromStatus: r.from_status, toStatus: r.to_status, details: r.details }));
  }

  async list(m: EntityManager, f: ListFilter): Promise<ComplaintRecord[]> {
    const rows: Row[] = await m.query(
      `SELECT ${COLUMNS} FROM complaints
       WHERE ($1::text IS NULL OR status = $1) AND ($2::timestamptz IS NULL OR (deadline_at < $2 AND status IN ('received', 'acknowledged', 'investigating')))
         AND ($3::text IS NULL OR loan_id = $3)
       ORDER BY deadline_at, complaint_id LIMIT $4`,
      [f.status ?? null, f.breachingBefore ?? null, f.loanId ?? null, f.limit],
    );
    return rows.map(fromRow);
  }

  /** The collectors behind the given attempts, as far as contact-attempts has told us. */
  async agentsOf(m: EntityManager, attemptIds: readonly string[]): Promise<string[]> {
    if (attemptIds.length === 0) return [];
    const rows: Array<{ agent_id: string }> = await m.query(
      `SELECT DISTINCT agent_id FROM contact_attempt_events WHERE attempt_id = ANY($1::uuid[]) AND agent_id IS NOT NULL ORDER BY agent_id`,
      [attemptIds],
    );
    return rows.map((r) => r.agent_id);
  }

  /**
   * Complaints whose reminder of this deadline is due (and whose deadline has not already passed:
   * then only the breach goes out), marked sent and claimed for this transaction — `SKIP LOCKED`,
   * so several instances share the sweep and none sends one twice.
   */
  async claimDueReminders(m: EntityManager, deadline: DeadlineKind, now: Date, limit: number): Promise<ComplaintRecord[]> {
    const d = DEADLINE_COLUMNS[deadline];
    return this.claim(
      m,
      `UPDATE complaints c SET ${d.reminderSent} = $1, updated_at = $1
       FROM (SELECT complaint_id FROM complaints
             WHERE ${d.pending} AND ${d.reminderSent} IS NULL AND ${d.breached} IS NULL
               AND ${d.reminderAt} <= $1 AND ${d.deadline} >= $1
             ORDER BY ${d.reminderAt} LIMIT $2 FOR UPDATE SKIP LOCKED) due
       WHERE c.complaint_id = due.complaint_id RETURNING c.complaint_id`,
      now,
      limit,
    );
  }

  /** Complaints still pending this deadline after it passed, marked breached and claimed. */
  async claimBreaches(m: EntityManager, deadline: DeadlineKind, now: Date, limit: number): Promise<ComplaintRecord[]> {
    const d = DEADLINE_COLUMNS[deadline];
    return this.claim(
      m,
      `UPDATE complaints c SET ${d.breached} = $1, updated_at = $1
       FROM (SELECT complaint_id FROM complaints
             WHERE ${d.pending} AND ${d.breached} IS NULL AND ${d.deadline} < $1
             ORDER BY ${d.deadline} LIMIT $2 FOR UPDATE SKIP LOCKED) due
       WHERE c.complaint_id = due.complaint_id RETURNING c.complaint_id`,
      now,
      limit,
    );
  }


  private async claim(m: EntityManager, sql: string, now: Date, limit: number): Promise<ComplaintRecord[]> {
    // TypeORM answers an UPDATE ... RETURNING with [rows, affected].
    const [claimed]: [Array<{ complaint_id: string }>, number] = await m.query(sql, [now, limit]);
    if (claimed.length === 0) return [];
    const rows: Row[] = await m.query(`SELECT ${COLUMNS} FROM complaints WHERE complaint_id = ANY($1::uuid[]) ORDER BY deadline_at`, [claimed.map((c) => c.complaint_id)]);
    return rows.map(fromRow);
  }
}
