import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { OPEN_COMPLAINT_STATUSES, type ComplaintEventV1 } from '@clearpath/contracts';
import { guardComplaintCategory } from '../compliance/complaint-category';
import { CaseRepository } from './case.repository';

/**
 * `ignored-not-for-contact`: a deadline reminder, for complaint handlers only.
 * `ignored-already-closed`: the complaint was closed before; a replayed record does not reopen it.
 */
export type ComplaintOutcome = { readonly kind: 'applied' } | { readonly kind: 'ignored-not-for-contact' } | { readonly kind: 'ignored-already-closed' };

/**
 * Complaint status changes: what the guard's complaint-open rules read at the next dispatch of
 * any of the loan's attempts (and the agent queue at the next lease).
 */
@Injectable()
export class ApplyComplaintsUseCase {
  constructor(private readonly cases: CaseRepository) {}

  async execute(m: EntityManager, events: readonly ComplaintEventV1[]): Promise<ComplaintOutcome[]> {
    const changes = events.flatMap((e) =>
      e.eventType === 'ComplaintStatusChanged'
        ? [
            {
              complaintId: e.payload.complaintId,
              loanId: e.payload.loanId,
              customerId: e.payload.customerId,
              category: e.payload.category,
              guardCategory: guardComplaintCategory(e.payload.category),
              open: OPEN_COMPLAINT_STATUSES.includes(e.payload.status),
              status: e.payload.status,
              at: e.payload.changedAt,
            },
          ]
        : [],
    );
    const applied = await this.cases.applyComplaints(m, changes);
    let i = 0;
    return events.map((e): ComplaintOutcome => {
      if (e.eventType !== 'ComplaintStatusChanged') return { kind: 'ignored-not-for-contact' };
      return applied[i++] ? { kind: 'applied' } : { kind: 'ignored-already-closed' };
    });
  }
}
