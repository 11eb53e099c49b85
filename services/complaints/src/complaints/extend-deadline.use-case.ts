import { Inject, Injectable } from '@nestjs/common';
import type { AuthPrincipal } from '@clearpath/auth';
import { ProblemException } from '@clearpath/observability';
import { COMPLAINTS_SETTINGS, type ComplaintsSettings } from '../config/complaints-settings';
import { checkExtension, deadlineFor } from '../deadlines/complaint-deadlines';
import { ComplaintChangeWriter } from './complaint-change.writer';
import type { ComplaintRecord } from './complaint.record';
import { ComplaintRepository } from './complaint.repository';
import { isOpen } from './complaint-status.machine';

/** Moves the response deadline of an open complaint, before it passes, within what the jurisdiction allows. */
@Injectable()
export class ExtendDeadlineUseCase {
  constructor(
    private readonly writer: ComplaintChangeWriter,
    private readonly complaints: ComplaintRepository,
    @Inject(COMPLAINTS_SETTINGS) private readonly settings: ComplaintsSettings,
  ) {}

  execute(complaintId: string, request: { toDays?: number; reason: string }, by: AuthPrincipal): Promise<ComplaintRecord> {
    return this.writer.change(complaintId, async (m, c, now) => {
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
      await this.writer.announce(m, updated, c.status, now, by, 'extended', {
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
}
