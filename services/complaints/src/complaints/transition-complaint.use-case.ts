import { Injectable } from '@nestjs/common';
import type { ComplaintStatus } from '@clearpath/contracts';
import type { AuthPrincipal } from '@clearpath/auth';
import { ProblemException } from '@clearpath/observability';
import { ComplaintChangeWriter } from './complaint-change.writer';
import type { ComplaintRecord } from './complaint.record';
import { ComplaintRepository } from './complaint.repository';
import { checkStatusChangeDuty, complaintDutyProblem } from './complaint-duties';
import { checkTransition } from './complaint-status.machine';

@Injectable()
export class TransitionComplaintUseCase {
  constructor(
    private readonly writer: ComplaintChangeWriter,
    private readonly complaints: ComplaintRepository,
  ) {}

  /** A status change; a withdrawal only by compliance (complaint-duties.ts), recorded on the row with who did it. */
  execute(complaintId: string, to: ComplaintStatus, note: string | undefined, by: AuthPrincipal): Promise<ComplaintRecord> {
    return this.writer.change(complaintId, async (m, c, now) => {
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
      await this.writer.announce(m, updated, c.status, now, by, to, { ...(note ? { note } : {}), ...inTime });
      return updated;
    });
  }
}
