import { createHash, randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import type { Clock, ComplaintCategory, Jurisdiction, Locale } from '@clearpath/contracts';
import type { AuthPrincipal } from '@clearpath/auth';
import { ProblemException } from '@clearpath/observability';
import { CLOCK, DATA_SOURCE } from '@clearpath/platform';
import { COMPLAINTS_SETTINGS, type ComplaintsSettings } from '../config/complaints-settings';
import { DEADLINE_RULES, acknowledgementDeadlineFor, deadlineFor } from '../deadlines/complaint-deadlines';
import { LoanRepository } from '../loans/loan.repository';
import { TriageService } from '../triage/triage.service';
import { ComplaintChangeWriter } from './complaint-change.writer';
import type { ComplaintChannel, ComplaintRecord, ComplaintSource } from './complaint.record';
import { ComplaintRepository } from './complaint.repository';
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

@Injectable()
export class OpenComplaintUseCase {
  constructor(
    private readonly writer: ComplaintChangeWriter,
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
  execute(command: OpenComplaintCommand, by: AuthPrincipal, idempotencyKey?: string): Promise<{ complaint: ComplaintRecord; replayed: boolean }> {
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
      await this.writer.announce(m, complaint, null, now, by, 'received', {
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
}
