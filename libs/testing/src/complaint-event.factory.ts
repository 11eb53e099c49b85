import { randomUUID } from 'node:crypto';
import {
  type ComplaintAcknowledgementDeadlineV1,
  type ComplaintCategory,
  type ComplaintDeadlineV1,
  type ComplaintOutcome,
  type ComplaintStatus,
  type ComplaintStatusChangedV1,
  type Jurisdiction,
  contactSuspensionFor,
} from '@clearpath/contracts';
import { aLoanId } from './core-banking-event.factory';
import { DEFAULT_CUSTOMER_ID, DEFAULT_EVENT_TIME, LoanEventBuilder } from './internal-event.builder';

/** `collections.complaints.v1`: a harassment complaint just received, all collection contact suspended. */
export class ComplaintStatusChangedBuilder extends LoanEventBuilder<'ComplaintStatusChanged', ComplaintStatusChangedV1> {
  constructor() {
    super('ComplaintStatusChanged', 1, {
      complaintId: randomUUID(),
      loanId: aLoanId(),
      customerId: DEFAULT_CUSTOMER_ID,
      jurisdiction: 'CN',
      category: 'HARASSMENT',
      severity: 'HIGH',
      status: 'received',
      previousStatus: null,
      contactSuspension: contactSuspensionFor('HARASSMENT'),
      // 15 days from receipt, at the end of the local day.
      deadlineAt: '2026-12-14T15:59:59.999Z',
      attemptIds: [],
      agentIds: [],
      outcome: null,
      changedAt: DEFAULT_EVENT_TIME,
    });
  }
  forComplaint(complaintId: string): this {
    return this.withPayload({ complaintId });
  }
  /** The category in force, and the contact suspension it brings. */
  withCategory(category: ComplaintCategory): this {
    return this.withPayload({ category, contactSuspension: contactSuspensionFor(category) });
  }
  /** The new status and the one before; a resolved complaint is upheld unless `withOutcome` says otherwise. */
  withStatus(status: ComplaintStatus, previousStatus: ComplaintStatus | null = null): this {
    return this.withPayload({ status, previousStatus, outcome: status === 'resolved' ? (this.payload.outcome ?? 'UPHELD') : null });
  }
  withOutcome(outcome: ComplaintOutcome): this {
    return this.withPayload({ outcome });
  }
  inJurisdiction(jurisdiction: Jurisdiction): this {
    return this.withPayload({ jurisdiction });
  }
  /** The contact attempts the complaint concerns, and the collectors behind them. */
  concerning(attemptIds: string[], agentIds: string[] = []): this {
    return this.withPayload({ attemptIds, agentIds });
  }
  protected override happenedAt(changedAt: string): void {
    this.payload = { ...this.payload, changedAt };
  }
}

/** A complaint's deadline coming near (`reminder`) or passed (`breached`), as the sweep detects it. */
abstract class DeadlineBuilder<TType extends string, TPayload extends ComplaintDeadlineV1> extends LoanEventBuilder<TType, TPayload> {
  forComplaint(complaintId: string): this {
    this.payload = { ...this.payload, complaintId };
    return this;
  }
  breached(): this {
    this.payload = { ...this.payload, kind: 'breached' };
    return this;
  }
  inJurisdiction(jurisdiction: Jurisdiction): this {
    this.payload = { ...this.payload, jurisdiction };
    return this;
  }
  protected override happenedAt(detectedAt: string): void {
    this.payload = { ...this.payload, detectedAt };
  }
}

/** The final answer is due by the end of today. */
export class ComplaintDeadlineBuilder extends DeadlineBuilder<'ComplaintDeadline', ComplaintDeadlineV1> {
  constructor() {
    const complaint = { complaintId: randomUUID(), loanId: aLoanId(), customerId: DEFAULT_CUSTOMER_ID, jurisdiction: 'CN' as const };
    super('ComplaintDeadline', 1, { ...complaint, kind: 'reminder', deadlineAt: '2026-11-29T15:59:59.999Z', detectedAt: DEFAULT_EVENT_TIME });
  }
}

/** The acknowledgement of a complaint received the day before is due by the end of today. */
export class ComplaintAcknowledgementDeadlineBuilder extends DeadlineBuilder<'ComplaintAcknowledgementDeadline', ComplaintAcknowledgementDeadlineV1> {
  constructor() {
    const complaint = { complaintId: randomUUID(), loanId: aLoanId(), customerId: DEFAULT_CUSTOMER_ID, jurisdiction: 'CN' as const };
    super('ComplaintAcknowledgementDeadline', 1, {
      ...complaint,
      kind: 'reminder',
      deadlineAt: '2026-11-29T15:59:59.999Z',
      detectedAt: DEFAULT_EVENT_TIME,
      receivedAt: '2026-11-28T02:00:00.000Z',
    });
  }
}

export const aComplaintStatusChanged = () => new ComplaintStatusChangedBuilder();
export const aComplaintDeadline = () => new ComplaintDeadlineBuilder();
export const aComplaintAcknowledgementDeadline = () => new ComplaintAcknowledgementDeadlineBuilder();
