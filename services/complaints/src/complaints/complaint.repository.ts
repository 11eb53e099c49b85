import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { ComplaintStatus } from '@clearpath/contracts';
import type { PersonalDataVault, SubjectKeys } from '@clearpath/persistence';
import { PERSONAL_DATA_VAULT } from '@clearpath/platform';
import type { ResponseLetter } from '../letters/response-letter';
import { hasFreeText, openDetails, openLetter, openStored, sealDetails, sealLetter } from '../privacy/sealed-complaint';
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
  /** Subject and body sealed (plaintext on a letter from before sealing). */
  letter: ResponseLetter | null;
  resolved_at: Date | null;
  withdrawn_by: string | null;
  withdrawn_at: Date | null;
  updated_at: Date;
}

const COLUMNS = `complaint_id, loan_id, customer_id, source, channel, complaint_text, locale, jurisdiction, timezone, category, category_source,
  severity, suggestion, status, attempt_ids::text[] AS attempt_ids, received_at, logged_at, to_char(ack_deadline_date, 'YYYY-MM-DD') AS ack_deadline_date,
  ack_deadline_at, ack_reminder_at, ack_reminder_sent_at, ack_breached_at, acknowledged_at, deadline_days, to_char(deadline_date, 'YYYY-MM-DD') AS deadline_date,
  deadline_at, reminder_at, reminder_sent_at, breached_at, outcome, remedies, letter, resolved_at, withdrawn_by, withdrawn_at, updated_at`;

/** The row with the customer's text and letter opened (null, and an erased letter, once their key is gone). */
function fromRow(r: Row, keys: SubjectKeys): ComplaintRecord {
  return {
    complaintId: r.complaint_id,
    loanId: r.loan_id,
    customerId: r.customer_id,
    source: r.source,
    channel: r.channel,
    text: openStored(keys, r.customer_id, r.complaint_text) ?? null,
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
        ? {
            localDate: r.ack_deadline_date,
            deadlineAt: r.ack_deadline_at,
            reminderAt: r.ack_reminder_at,
            reminderSentAt: r.ack_reminder_sent_at,
            breachedAt: r.ack_breached_at,
          }
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
    letter: r.letter === null ? null : openLetter(keys, r.customer_id, r.letter),
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
  'final-answer': {
    pending: `status IN ('received', 'acknowledged', 'investigating')`,
    reminderAt: 'reminder_at',
    reminderSent: 'reminder_sent_at',
    breached: 'breached_at',
    deadline: 'deadline_at',
  },
  acknowledgement: {
    pending: `status = 'received'`,
    reminderAt: 'ack_reminder_at',
    reminderSent: 'ack_reminder_sent_at',
    breached: 'ack_breached_at',
    deadline: 'ack_deadline_at',
  },
};

@Injectable()
export class ComplaintRepository {
  constructor(@Inject(PERSONAL_DATA_VAULT) private readonly vault: PersonalDataVault) {}

  /** Stores the complaint with its text sealed for the customer; nothing when the customer was erased. */
  async insert(m: EntityManager, c: ComplaintRecord & { text: string }): Promise<'inserted' | 'customer-erased'> {
    const text = (await this.vault.forSealing([c.customerId])).seal(c.customerId, c.text);
    if (text === null) return 'customer-erased';
    await m.query(
      `INSERT INTO complaints (complaint_id, loan_id, customer_id, source, channel, complaint_text, locale, jurisdiction, timezone, category,
         category_source, severity, suggestion, status, attempt_ids, received_at, deadline_days, deadline_date, deadline_at, reminder_at, updated_at,
         logged_at, ack_deadline_date, ack_deadline_at, ack_reminder_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15::uuid[], $16, $17, $18, $19, $20, $21, $22, $23, $24, $25)`,
      [
        c.complaintId,
        c.loanId,
        c.customerId,
        c.source,
        c.channel,
        text,
        c.locale,
        c.jurisdiction,
        c.timezone,
        c.category,
        c.categorySource,
        c.severity,
        JSON.stringify(c.suggestion),
        c.status,
        c.attemptIds,
        c.receivedAt,
        c.deadlineDays,
        c.deadlineDate,
        c.deadlineAt,
        c.reminderAt,
        c.updatedAt,
        c.loggedAt,
        c.acknowledgement?.localDate ?? null,
        c.acknowledgement?.deadlineAt ?? null,
        c.acknowledgement?.reminderAt ?? null,
      ],
    );
    return 'inserted';
  }

  async find(m: EntityManager, complaintId: string, options: { lock?: boolean } = {}): Promise<ComplaintRecord | null> {
    const rows: Row[] = await m.query(`SELECT ${COLUMNS} FROM complaints WHERE complaint_id = $1${options.lock ? ' FOR UPDATE' : ''}`, [complaintId]);
    return (await this.opened(rows))[0] ?? null;
  }

  /**
   * Writes back the mutable part of a complaint (everything but identity, text and receipt). The
   * acknowledgement deadline never changes after intake and only the sweep marks it, so it is not written here.
   * A letter is written once, when the complaint is resolved, sealed for the customer; a stored one is kept.
   */
  async save(m: EntityManager, c: ComplaintRecord): Promise<void> {
    const letter = c.letter === null || 'erased' in c.letter ? null : sealLetter(await this.vault.forSealing([c.customerId]), c.customerId, c.letter);
    await m.query(
      `UPDATE complaints SET category = $2, category_source = $3, severity = $4, status = $5, deadline_days = $6, deadline_date = $7, deadline_at = $8,
         reminder_at = $9, reminder_sent_at = $10, breached_at = $11, outcome = $12, remedies = $13, letter = coalesce(letter, $14), resolved_at = $15, updated_at = $16,
         acknowledged_at = $17, withdrawn_by = $18, withdrawn_at = $19
       WHERE complaint_id = $1`,
      [
        c.complaintId,
        c.category,
        c.categorySource,
        c.severity,
        c.status,
        c.deadlineDays,
        c.deadlineDate,
        c.deadlineAt,
        c.reminderAt,
        c.reminderSentAt,
        c.breachedAt,
        c.outcome,
        c.remedies,
        letter === null ? null : JSON.stringify(letter),
        c.resolvedAt,
        c.updatedAt,
        c.acknowledgedAt,
        c.withdrawnBy,
        c.withdrawnAt,
      ],
    );
  }

  /** Appends to the history, staff's free text (note, reason, summary) sealed for the complaint's customer. */
  async appendHistory(m: EntityManager, entries: readonly HistoryEntry[]): Promise<void> {
    if (entries.length === 0) return;
    await m.query(
      `INSERT INTO complaint_history (complaint_id, at, actor, actor_role, action, from_status, to_status, details)
       SELECT (h->>'complaintId')::uuid, (h->>'at')::timestamptz, h->>'actor', h->>'actorRole', h->>'action', h->>'fromStatus', h->>'toStatus', h->'details'
       FROM jsonb_array_elements($1::jsonb) h`,
      [JSON.stringify(await this.sealedEntries(m, entries))],
    );
  }

  private async sealedEntries(m: EntityManager, entries: readonly HistoryEntry[]): Promise<readonly HistoryEntry[]> {
    const withText = entries.filter((e) => hasFreeText(e.details));
    if (withText.length === 0) return entries;
    const owners: Array<{ complaint_id: string; customer_id: string }> = await m.query(
      `SELECT complaint_id, customer_id FROM complaints WHERE complaint_id = ANY($1::uuid[])`,
      [withText.map((e) => e.complaintId)],
    );
    const customerOf = new Map(owners.map((o) => [o.complaint_id, o.customer_id]));
    const keys = await this.vault.forSealing(owners.map((o) => o.customer_id));
    return entries.map((e) => {
      const customerId = customerOf.get(e.complaintId);
      return customerId !== undefined && hasFreeText(e.details) ? { ...e, details: sealDetails(keys, customerId, e.details) } : e;
    });
  }

  async history(m: EntityManager, complaint: Pick<ComplaintRecord, 'complaintId' | 'customerId'>) {
    const rows: Array<{
      at: Date;
      actor: string;
      actor_role: string;
      action: string;
      from_status: string | null;
      to_status: string | null;
      details: Record<string, unknown>;
    }> = await m.query(`SELECT at, actor, actor_role, action, from_status, to_status, details FROM complaint_history WHERE complaint_id = $1 ORDER BY id`, [
      complaint.complaintId,
    ]);
    const keys = await this.vault.forOpening([complaint.customerId]);
    return rows.map((r) => ({
      at: r.at.toISOString(),
      actor: r.actor,
      actorRole: r.actor_role,
      action: r.action,
      fromStatus: r.from_status,
      toStatus: r.to_status,
      details: openDetails(keys, complaint.customerId, r.details),
    }));
  }

  async list(m: EntityManager, f: ListFilter): Promise<ComplaintRecord[]> {
    const rows: Row[] = await m.query(
      `SELECT ${COLUMNS} FROM complaints
       WHERE ($1::text IS NULL OR status = $1) AND ($2::timestamptz IS NULL OR (deadline_at < $2 AND status IN ('received', 'acknowledged', 'investigating')))
         AND ($3::text IS NULL OR loan_id = $3)
       ORDER BY deadline_at, complaint_id LIMIT $4`,
      [f.status ?? null, f.breachingBefore ?? null, f.loanId ?? null, f.limit],
    );
    return this.opened(rows);
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
    const rows: Row[] = await m.query(`SELECT ${COLUMNS} FROM complaints WHERE complaint_id = ANY($1::uuid[]) ORDER BY deadline_at`, [
      claimed.map((c) => c.complaint_id),
    ]);
    return this.opened(rows);
  }

  private async opened(rows: readonly Row[]): Promise<ComplaintRecord[]> {
    if (rows.length === 0) return [];
    const keys = await this.vault.forOpening(rows.map((r) => r.customer_id));
    return rows.map((r) => fromRow(r, keys));
  }
}
