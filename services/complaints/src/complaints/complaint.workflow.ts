import { createHash, randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { DataSource, EntityManager } from 'typeorm';
import type { Clock, ComplaintCategory, ComplaintOutcome, ComplaintSeverity, ComplaintStatus, Jurisdiction, Locale } from '@clearpath/contracts';
import type { AuthPrincipal } from '@clearpath/auth';
import { writeToOutbox } from '@clearpath/messaging';
import { ProblemException, currentContext } from '@clearpath/observability';
import { CLOCK, DATA_SOURCE } from '@clearpath/platform';
import { COMPLAINTS_SETTINGS, type ComplaintsSettings } from '../config/complaints-settings';
import { DEADLINE_RULES, acknowledgementDeadlineFor, checkExtension, deadlineFor } from '../deadlines/complaint-deadlines';
import { type Remedy, renderResponseLetter } from '../letters/response-letter';
import { LoanRepository } from '../loans/loan.repository';
import { TriageService } from '../triage/triage.service';
import { type EventCause, statusChangedRecord } from './complaint-events';
import type { ComplaintChannel, ComplaintRecord, ComplaintSource, HistoryEntry } from './complaint.record';
import { ComplaintRepository } from './complaint.repository';
import { checkStatusChangeDuty, complaintDutyProblem } from './complaint-duties';
import { checkTransition, isOpen } from './complaint-status.machine';
import { checkReceivedAt } from './received-at.policy';

export interface OpenComplaintCommand {
  readonly loanId: string;
  readonly customerId: string;
  readonly source: ComplaintSource;
  readonly channel: ComplaintChannel;
  readonly category?: ComplaintCategory;
  readonly text: string;
  readonly locale: Locale;
  readonly attemptIds: readonly string[];
  readonly jurisdiction?: Jurisdiction;
  readonly timezone?: string;
  /** When the complaint was received, if earlier than now (a letter opened today, a call noted yesterday). */
  readonly receivedAt?: Date;
}

/** Where a jurisdiction has one civil time zone, it is a safe default; the US has several, so it needs the debtor's. */
const SINGLE_ZONE: Partial<Record<Jurisdiction, string>> = { CN: 'Asia/Shanghai', GB: 'Europe/London' };

const unprocessable = (path: string, message: string) =>
  new ProblemException({ status: 422, detail: `Cannot accept the complaint: ${path} ${message}.`, errors: [{ path, message }] });

/**
 * Every change to a complaint, each in one transaction with its append-only history entry and the
 * ComplaintStatusChanged it announces (outbox), so contact-orchestration learns of the suspension
 * exactly when it is true. The row is locked (`FOR UPDATE`) while it changes: two supervisors
 * resolving at once get one success and one 409.
 */
@Injectable()
export class ComplaintWorkflow {
  constructor(
    private readonly complaints: ComplaintRepository,
    private readonly loans: LoanRepository,
    private readonly triage: TriageService,
    @Inject(DATA_SOURCE) private readonly dataSource: DataSource,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(COMPLAINTS_SETTINGS) private readonly settings: ComplaintsSettings,
  ) {}

  /**
   * Opens a complaint. With an idempotency key, a repeat of the same request by the same caller
   * answers the complaint the first one opened (`replayed`); the same key with a different request
   * is refused (409), so a key can never hide a second, different complaint.
   */
  open(command: OpenComplaintCommand, by: AuthPrincipal, idempotencyKey?: string): Promise<{ complaint: ComplaintRecord; replayed: boolean }> {
    return this.dataSource.transaction(async (m) => {
      const now = this.clock.now();
      const caller = `${by.role}:${by.subject}`;
      const requestSha256 = createHash('sha256').update(JSON.stringify(command)).digest('hex');
      if (idempotencyKey !== undefined) {
        await m.query(`SELECT pg_advisory_xact_lock(hashtextextended($1, 0))`, [`intake:${caller}:${idempotencyKey}`]);
        const [seen]: Array<{ complaint_id: string; request_sha256: string }> = await m.query(
          `SELECT complaint_id, request_sha256 FROM intake_keys WHERE caller = $1 AND idempotency_key = $2`,
          [caller, idempotencyKey],
        );
        if (seen !== undefined) {
          if (seen.request_sha256 !== requestSha256)
            throw ProblemException.conflict('This Idempotency-Key was already used for a different complaint; use a new key for a new complaint.');
          const first = await this.complaints.find(m, seen.complaint_id);
          if (first === null) throw new Error(`intake key ${idempotencyKey} names a missing complaint ${seen.complaint_id}`);
          return { complaint: first, replayed: true };
        }
      }
      const loan = await this.loans.find(m, command.loanId);
      if (loan && loan.customerId !== command.customerId) throw unprocessable('customerId', `does not own loan ${command.loanId}`);
      const jurisdiction = command.jurisdiction ?? loan?.jurisdiction;
      if (!jurisdiction) throw unprocessable('jurisdiction', 'is not in the request and the loan is not known to complaints yet');
      const timezone = command.timezone ?? (loan?.jurisdiction === jurisdiction ? loan.timezone : undefined) ?? SINGLE_ZONE[jurisdiction];
      if (!timezone) throw unprocessable('timezone', `is needed for a ${jurisdiction} complaint whose loan is not known yet`);
      const receipt = checkReceivedAt({ given: command.receivedAt, now, timeZone: timezone, loanKnownSince: loan?.knownSince ?? null });
      if (!receipt.ok) throw ProblemException.validation([{ path: 'receivedAt', message: receipt.message }]);
      const { receivedAt } = receipt;

      const suggestion = this.triage.suggest(command.text, command.source);
      const category = command.category ?? suggestion.category;
      const severity = command.category ? this.triage.severityFor(category, command.text, command.source).severity : suggestion.severity;
      // Every deadline clock starts when the complaint was received, not when it was typed in.
      const deadline = deadlineFor(receivedAt, timezone, DEADLINE_RULES[jurisdiction].baseDays, this.settings.reminderDays);
      const acknowledgement = acknowledgementDeadlineFor(receivedAt, timezone, jurisdiction);
      const complaint: ComplaintRecord = {
        complaintId: randomUUID(),
        loanId: command.loanId,
        customerId: command.customerId,
        source: command.source,
        channel: command.channel,
        text: command.text,
        locale: command.locale,
        jurisdiction,
        timezone,
        category,
        categorySource: command.category ? 'intake' : 'classifier',
        severity,
        suggestion,
        status: 'received',
        attemptIds: [...new Set(command.attemptIds)],
        receivedAt,
        loggedAt: now,
        acknowledgement: {
          localDate: acknowledgement.localDate,
          deadlineAt: acknowledgement.deadlineAt,
          reminderAt: acknowledgement.reminderAt,
          reminderSentAt: null,
          breachedAt: null,
        },
        acknowledgedAt: null,
        deadlineDays: deadline.days,
        deadlineDate: deadline.localDate,
        deadlineAt: deadline.deadlineAt,
        reminderAt: deadline.reminderAt,
        reminderSentAt: null,
        breachedAt: null,
        outcome: null,
        remedies: [],
        letter: null,
        resolvedAt: null,
        withdrawnBy: null,
        withdrawnAt: null,
        updatedAt: now,
      };
      // Nothing of an erased customer may be kept, their words least of all: the complaint is refused.
      if ((await this.complaints.insert(m, { ...complaint, text: command.text })) === 'customer-erased') {
        throw ProblemException.conflict(`Customer ${command.customerId} was erased: nothing of theirs can be kept, so the complaint cannot be recorded here.`);
      }
      await this.announce(m, complaint, null, now, by, 'received', {
        source: command.source,
        channel: command.channel,
        category,
        categorySource: complaint.categorySource,
        suggestedCategory: suggestion.category,
        confidence: suggestion.confidence,
        severity,
        receivedAt: receivedAt.toISOString(),
        ...(command.receivedAt !== undefined && command.receivedAt.getTime() !== receivedAt.getTime()
          ? { receivedAtGiven: command.receivedAt.toISOString() }
          : {}),
        loggedAt: now.toISOString(),
        acknowledgementDeadlineAt: acknowledgement.deadlineAt.toISOString(),
        deadlineAt: deadline.deadlineAt.toISOString(),
      });
      if (idempotencyKey !== undefined) {
        await m.query(`INSERT INTO intake_keys (caller, idempotency_key, complaint_id, request_sha256, created_at) VALUES ($1, $2, $3, $4, $5)`, [
          caller,
          idempotencyKey,
          complaint.complaintId,
          requestSha256,
          now,
        ]);
      }
      return { complaint, replayed: false };
    });
  }

  /** Staff confirm or override the category and/or severity; a change re-publishes the status with the new suspension. */
  triageOverride(
    complaintId: string,
    change: { category?: ComplaintCategory; severity?: ComplaintSeverity; reason: string },
    by: AuthPrincipal,
  ): Promise<ComplaintRecord> {
    return this.change(complaintId, async (m, c, now) => {
      if (!isOpen(c.status)) throw ProblemException.conflict(`A ${c.status} complaint cannot be triaged again.`);
      const category = change.category ?? c.category;
      // An erased customer's text is gone: the new category alone then decides.
      const severity = change.severity ?? (category !== c.category ? this.triage.severityFor(category, c.text ?? '', c.source).severity : c.severity);
      const updated: ComplaintRecord = { ...c, category, severity, categorySource: change.category ? 'staff' : c.categorySource, updatedAt: now };
      const details = { fromCategory: c.category, toCategory: category, fromSeverity: c.severity, toSeverity: severity, reason: change.reason };
      if (category === c.category && severity === c.severity) {
        await this.complaints.appendHistory(m, [this.entry(c, now, by, 'triage-confirmed', null, details)]);
        return c;
      }
      await this.complaints.save(m, updated);
      await this.announce(m, updated, c.status, now, by, 'triaged', details);
      return updated;
    });
  }

  /** A status change; a withdrawal only by compliance (complaint-duties.ts), recorded on the row with who did it. */
  transition(complaintId: string, to: ComplaintStatus, note: string | undefined, by: AuthPrincipal): Promise<ComplaintRecord> {
    return this.change(complaintId, async (m, c, now) => {
      const duty = checkStatusChangeDuty(to, by);
      if (!duty.ok) throw complaintDutyProblem(duty);
      const check = checkTransition(c.status, to);
      if (!check.ok) throw ProblemException.conflict(`Illegal transition: ${check.reason}.`);
      const updated: ComplaintRecord = {
        ...c,
        status: to,
        updatedAt: now,
        ...(to === 'acknowledged' ? { acknowledgedAt: now } : {}),
        ...(to === 'withdrawn' ? { withdrawnBy: `${by.role}:${by.subject}`, withdrawnAt: now } : {}),
      };
      await this.complaints.save(m, updated);
      // The regulator's question is whether it was acknowledged in time: the history answers it.
      const inTime =
        to === 'acknowledged' && c.acknowledgement !== null
          ? { acknowledgementDeadlineAt: c.acknowledgement.deadlineAt.toISOString(), inTime: now.getTime() <= c.acknowledgement.deadlineAt.getTime() }
          : {};
      await this.announce(m, updated, c.status, now, by, to, { ...(note ? { note } : {}), ...inTime });
      return updated;
    });
  }

  extend(complaintId: string, request: { toDays?: number; reason: string }, by: AuthPrincipal): Promise<ComplaintRecord> {
    return this.change(complaintId, async (m, c, now) => {
      if (!isOpen(c.status)) throw ProblemException.conflict(`A ${c.status} complaint's deadline cannot be extended.`);
      if (c.breachedAt !== null || c.deadlineAt.getTime() < now.getTime()) {
        throw ProblemException.conflict('The deadline has already passed: an extension must be decided before it, not after.');
      }
      const check = checkExtension(c.jurisdiction, c.deadlineDays, request.toDays, by.role === 'supervisor' ? 'supervisor' : 'compliance');
      if (!check.ok) {
        if (check.status === 400) throw ProblemException.validation([{ path: check.field ?? 'toDays', message: check.reason }]);
        throw new ProblemException({ status: check.status, detail: `Cannot extend: ${check.reason}.` });
      }
      const deadline = deadlineFor(c.receivedAt, c.timezone, check.toDays, this.settings.reminderDays);
      // A new deadline gets its own reminder.
      const updated: ComplaintRecord = {
        ...c,
        deadlineDays: deadline.days,
        deadlineDate: deadline.localDate,
        deadlineAt: deadline.deadlineAt,
        reminderAt: deadline.reminderAt,
        reminderSentAt: null,
        updatedAt: now,
      };
      await this.complaints.save(m, updated);
      await this.announce(m, updated, c.status, now, by, 'extended', {
        fromDays: c.deadlineDays,
        toDays: deadline.days,
        fromDeadlineAt: c.deadlineAt.toISOString(),
        toDeadlineAt: deadline.deadlineAt.toISOString(),
        approvedBy: by.role === 'supervisor' ? by.subject : null,
        reason: request.reason,
      });
      return updated;
    });
  }

  resolve(
    complaintId: string,
    resolution: { outcome: ComplaintOutcome; remedies: readonly Remedy[]; summary?: string },
    by: AuthPrincipal,
  ): Promise<ComplaintRecord> {
    return this.change(complaintId, async (m, c, now) => {
      const check = checkTransition(c.status, 'resolved');
      if (!check.ok) throw ProblemException.conflict(`Illegal transition: ${check.reason}.`);
      const remedies = [...new Set(resolution.remedies)];
      const letter = renderResponseLetter({
        complaintId: c.complaintId,
        loanId: c.loanId,
        jurisdiction: c.jurisdiction,
        locale: c.locale,
        timezone: c.timezone,
        category: c.category,
        outcome: resolution.outcome,
        remedies,
        receivedAt: c.receivedAt,
        resolvedAt: now,
      });
      const updated: ComplaintRecord = { ...c, status: 'resolved', outcome: resolution.outcome, remedies, letter, resolvedAt: now, updatedAt: now };
      await this.complaints.save(m, updated);
      await this.announce(m, updated, c.status, now, by, 'resolved', {
        outcome: resolution.outcome,
        remedies,
        ...(resolution.summary ? { summary: resolution.summary } : {}),
        inTime: now.getTime() <= c.deadlineAt.getTime(),
      });
      return updated;
    });
  }

  private change(complaintId: string, apply: (m: EntityManager, c: ComplaintRecord, now: Date) => Promise<ComplaintRecord>): Promise<ComplaintRecord> {
    return this.dataSource.transaction(async (m) => {
      const c = await this.complaints.find(m, complaintId, { lock: true });
      if (!c) throw ProblemException.notFound(`No complaint ${complaintId}.`);
      return apply(m, c, this.clock.now());
    });
  }

  private entry(
    c: ComplaintRecord,
    at: Date,
    by: AuthPrincipal,
    action: string,
    fromStatus: ComplaintStatus | null,
    details: Record<string, unknown>,
  ): HistoryEntry {
    return { complaintId: c.complaintId, at, actor: by.subject, actorRole: by.role, action, fromStatus, toStatus: c.status, details };
  }

  /** History entry + ComplaintStatusChanged in the caller's transaction. */
  private async announce(
    m: EntityManager,
    c: ComplaintRecord,
    previousStatus: ComplaintStatus | null,
    now: Date,
    by: AuthPrincipal,
    action: string,
    details: Record<string, unknown>,
  ): Promise<void> {
    const context = currentContext();
    const cause: EventCause = { correlationId: context?.correlationId ?? `complaint-${c.complaintId}`, causationId: null };
    await this.complaints.appendHistory(m, [this.entry(c, now, by, action, previousStatus, details)]);
    await writeToOutbox(m, [statusChangedRecord(c, previousStatus, await this.complaints.agentsOf(m, c.attemptIds), now, cause)]);
  }
}
