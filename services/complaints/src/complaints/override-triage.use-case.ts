import { Injectable } from '@nestjs/common';
import type { ComplaintCategory, ComplaintSeverity } from '@clearpath/contracts';
import type { AuthPrincipal } from '@clearpath/auth';
import { ProblemException } from '@clearpath/observability';
import { TriageService } from '../triage/triage.service';
import { ComplaintChangeWriter } from './complaint-change.writer';
import type { ComplaintRecord } from './complaint.record';
import { ComplaintRepository } from './complaint.repository';
import { isOpen } from './complaint-status.machine';

@Injectable()
export class OverrideTriageUseCase {
  constructor(
    private readonly writer: ComplaintChangeWriter,
    private readonly complaints: ComplaintRepository,
    private readonly triage: TriageService,
  ) {}

  /** Staff confirm or override the category and/or severity; a change re-publishes the status with the new suspension. */
  execute(
    complaintId: string,
    change: { category?: ComplaintCategory; severity?: ComplaintSeverity; reason: string },
    by: AuthPrincipal,
  ): Promise<ComplaintRecord> {
    return this.writer.change(complaintId, async (m, c, now) => {
      if (!isOpen(c.status)) throw ProblemException.conflict(`A ${c.status} complaint cannot be triaged again.`);
      const category = change.category ?? c.category;
      // An erased customer's text is gone: the new category alone then decides.
      const severity = change.severity ?? (category !== c.category ? this.triage.severityFor(category, c.text ?? '', c.source).severity : c.severity);
      const updated: ComplaintRecord = { ...c, category, severity, categorySource: change.category ? 'staff' : c.categorySource, updatedAt: now };
      const details = { fromCategory: c.category, toCategory: category, fromSeverity: c.severity, toSeverity: severity, reason: change.reason };
      if (category === c.category && severity === c.severity) {
        await this.complaints.appendHistory(m, [this.writer.entry(c, now, by, 'triage-confirmed', null, details)]);
        return c;
      }
      await this.complaints.save(m, updated);
      await this.writer.announce(m, updated, c.status, now, by, 'triaged', details);
      return updated;
    });
  }
}
