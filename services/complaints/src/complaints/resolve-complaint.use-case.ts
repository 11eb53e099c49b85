import { Injectable } from '@nestjs/common';
import type { ComplaintOutcome } from '@clearpath/contracts';
import type { AuthPrincipal } from '@clearpath/auth';
import { ProblemException } from '@clearpath/observability';
import { type Remedy, renderResponseLetter } from '../letters/response-letter';
import { ComplaintChangeWriter } from './complaint-change.writer';
import type { ComplaintRecord } from './complaint.record';
import { ComplaintRepository } from './complaint.repository';
import { checkTransition } from './complaint-status.machine';

/** Resolves a complaint with its outcome and remedies, and renders the response letter. */
@Injectable()
export class ResolveComplaintUseCase {
  constructor(
    private readonly writer: ComplaintChangeWriter,
    private readonly complaints: ComplaintRepository,
  ) {}

  execute(
    complaintId: string,
    resolution: { outcome: ComplaintOutcome; remedies: readonly Remedy[]; summary?: string },
    by: AuthPrincipal,
  ): Promise<ComplaintRecord> {
    return this.writer.change(complaintId, async (m, c, now) => {
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
      await this.writer.announce(m, updated, c.status, now, by, 'resolved', {
        outcome: resolution.outcome,
        remedies,
        ...(resolution.summary ? { summary: resolution.summary } : {}),
        inTime: now.getTime() <= c.deadlineAt.getTime(),
      });
      return updated;
    });
  }
}
