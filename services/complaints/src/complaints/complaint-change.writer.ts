import { Inject, Injectable } from '@nestjs/common';
import type { DataSource, EntityManager } from 'typeorm';
import type { Clock, ComplaintStatus } from '@clearpath/contracts';
import type { AuthPrincipal } from '@clearpath/auth';
import { writeToOutbox } from '@clearpath/messaging';
import { ProblemException, currentContext } from '@clearpath/observability';
import { CLOCK, DATA_SOURCE } from '@clearpath/platform';
import { type EventCause, statusChangedRecord } from './complaint-events';
import type { ComplaintRecord, HistoryEntry } from './complaint.record';
import { ComplaintRepository } from './complaint.repository';

/**
 * How every change to a complaint is written: in one transaction with its append-only history entry
 * and the ComplaintStatusChanged it announces (outbox), so contact-orchestration learns of the
 * suspension exactly when it is true. The row is locked (`FOR UPDATE`) while it changes: two
 * supervisors resolving at once get one success and one 409.
 */
@Injectable()
export class ComplaintChangeWriter {
  constructor(
    private readonly complaints: ComplaintRepository,
    @Inject(DATA_SOURCE) private readonly dataSource: DataSource,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /** Finds and locks the complaint (404 if none) and applies the change in that transaction. */
  change(complaintId: string, apply: (m: EntityManager, c: ComplaintRecord, now: Date) => Promise<ComplaintRecord>): Promise<ComplaintRecord> {
    return this.dataSource.transaction(async (m) => {
      const c = await this.complaints.find(m, complaintId, { lock: true });
      if (!c) throw ProblemException.notFound(`No complaint ${complaintId}.`);
      return apply(m, c, this.clock.now());
    });
  }

  /** A history row on its own, for a decision that changes nothing (a confirmed triage). */
  entry(c: ComplaintRecord, at: Date, by: AuthPrincipal, action: string, fromStatus: ComplaintStatus | null, details: Record<string, unknown>): HistoryEntry {
    return { complaintId: c.complaintId, at, actor: by.subject, actorRole: by.role, action, fromStatus, toStatus: c.status, details };
  }

  /** History entry + ComplaintStatusChanged in the caller's transaction. */
  async announce(
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
