import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { OPEN_COMPLAINT_STATUSES, type CaseSegmentedEventV1, type Clock, type ComplaintEventV1, type CustomerContactsEvent, type CustomerErasedEventV1, type LoanLifecycleEventV1, type RepaymentPlanEventV1 } from '@clearpath/contracts';
import type { MessageOutcome } from '@clearpath/messaging';
import type { PersonalDataVault } from '@clearpath/persistence';
import { CLOCK, PERSONAL_DATA_VAULT } from '@clearpath/platform';
import { STALE_CONTENT, supersededBy } from '../compliance/stale-content.rule';
import { CONTACT_POLICY, ContactPolicy } from '../config/contact-policy';
import { LookupIndex } from '../personal-data/lookup-index';
import { AttemptCancellation } from '../scheduler/attempt-cancellation';
import { guardComplaintCategory } from '../scheduler/guard-input';
import { ERASED, applyLifecycle, applyRepaymentPlan, applySegmented, type CaseRecord, type CaseUpdate } from './case-record';
import { CaseRepository } from './case.repository';
import { type ContactDetailsEvent, type SealedContactDetails, sealedContactDetails } from './sealed-contact-details';

/**
 * Applies a chunk of case events in the consumer's transaction: each touched case is read once,
 * updated event by event in order, and written once.
 */
@Injectable()
export class ApplyCaseEventsUseCase {
  constructor(
    private readonly cases: CaseRepository,
    private readonly cancellation: AttemptCancellation,
    @Inject(CONTACT_POLICY) private readonly policy: ContactPolicy,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(PERSONAL_DATA_VAULT) private readonly vault: PersonalDataVault,
    private readonly lookups: LookupIndex,
  ) {}

  async segmented(m: EntityManager, events: readonly CaseSegmentedEventV1[]): Promise<MessageOutcome[]> {
    const now = this.clock.now();
    return this.applyEach(m, events.map((e) => e.payload), events, now, (current, event) => {
      const treatment = this.policy.treatments.find(event.payload.treatment);
      // risk-scoring named a treatment this release does not ship: a contract mismatch to fix, not to guess around.
      if (treatment === undefined) return { status: 'dead-letter', reason: 'unknown-treatment', errors: [{ path: 'payload.treatment', message: `unknown treatment "${event.payload.treatment}"` }] };
      return applySegmented(current, event, treatment, now);
    });
  }

  async lifecycle(m: EntityManager, events: readonly LoanLifecycleEventV1[]): Promise<MessageOutcome[]> {
    const now = this.clock.now();
    const outcomes = await this.applyEach(m, events.map((e) => e.payload), events, now, (current, event) => applyLifecycle(current, event, now));
    await this.cases.wakeAttemptsAwaitingDetails(m, events.filter((e) => e.eventType === 'LoanDelinquencyUpdated').map((e) => e.payload.loanId), now);
    return outcomes;
  }

  /** Plans, promises and resolved cases from repayment-plan. */
  async repaymentPlans(m: EntityManager, events: readonly RepaymentPlanEventV1[]): Promise<MessageOutcome[]> {
    const now = this.clock.now();
    return this.applyEach(m, events.map((e) => e.payload), events, now, (current, event) => applyRepaymentPlan(current, event, now));
  }

  /**
   * Complaint status changes: what the guard's complaint-open rules read at the next dispatch of
   * any of the loan's attempts (and the agent queue at the next lease). Deadline reminders are for
   * complaint handlers, not for contact: acknowledged and skipped.
   */
  async complaints(m: EntityManager, events: readonly ComplaintEventV1[]): Promise<MessageOutcome[]> {
    const changes = events.flatMap((e) =>
      e.eventType === 'ComplaintStatusChanged'
        ? [{ complaintId: e.payload.complaintId, loanId: e.payload.loanId, customerId: e.payload.customerId, category: e.payload.category, guardCategory: guardComplaintCategory(e.payload.category), open: OPEN_COMPLAINT_STATUSES.includes(e.payload.status), status: e.payload.status, at: e.payload.changedAt }]
        : [],
    );
    const applied = await this.cases.applyComplaints(m, changes);
    let i = 0;
    return events.map((e): MessageOutcome => {
      if (e.eventType !== 'ComplaintStatusChanged') return { status: 'skipped', reason: 'not-for-contact' };
      return applied[i++] ? { status: 'applied' } : { status: 'skipped', reason: 'complaint-already-closed' };
    });
  }

  /**
   * The customer-contacts topic, in order: details (sealed, SealedContactDetails) and erasures. An
   * erasure holds for every record after it, so the details before one are saved first and those
   * after it find the customer erased. `occurredAt` orders versions of one customer's details: a
   * replayed older record never wins.
   */
  async contactDetails(m: EntityManager, events: readonly CustomerContactsEvent[]): Promise<MessageOutcome[]> {
    const outcomes: MessageOutcome[] = [];
    let details: ContactDetailsEvent[] = [];
    for (const event of events) {
      if (event.eventType !== 'CustomerErased') {
        details.push(event);
        continue;
      }
      outcomes.push(...(await this.saveDetails(m, details)), await this.erase(m, event));
      details = [];
    }
    outcomes.push(...(await this.saveDetails(m, details)));
    return outcomes;
  }

  private async saveDetails(m: EntityManager, events: readonly ContactDetailsEvent[]): Promise<MessageOutcome[]> {
    if (events.length === 0) return [];
    const keys = await this.vault.forSealing(events.map((e) => e.payload.customerId));
    const rows: SealedContactDetails[] = [];
    const outcomes = events.map((event): MessageOutcome => {
      const sealed = sealedContactDetails(event, keys, this.lookups);
      if ('status' in sealed) return sealed;
      rows.push(sealed);
      return { status: 'applied' };
    });
    await this.cases.saveContactDetails(m, rows);
    await this.cases.wakeAttemptsAwaitingDetails(m, rows.map((r) => r.loanId), this.clock.now());
    return outcomes;
  }

  /**
   * The customer was erased (their key is destroyed): their details and third parties go, their
   * cases stop and nothing planned for them goes out; this instance forgets their key at once.
   */
  private async erase(m: EntityManager, event: CustomerErasedEventV1): Promise<MessageOutcome> {
    const { customerId, loanIds } = event.payload;
    const now = this.clock.now();
    const stopped = await this.cases.eraseCustomer(m, customerId, loanIds, now);
    await this.cancellation.supersedePending(m, new Map(stopped.map((loanId) => [loanId, ERASED])), ERASED, now);
    this.vault.forget(customerId);
    return { status: 'applied' };
  }

  private async applyEach<E>(
    m: EntityManager,
    keys: ReadonlyArray<{ loanId: string; customerId: string }>,
    events: readonly E[],
    now: Date,
    apply: (current: CaseRecord | null, event: E) => CaseUpdate | MessageOutcome,
  ): Promise<MessageOutcome[]> {
    if (events.length === 0) return [];
    const loanIds = keys.map((k) => k.loanId);
    const records = await this.cases.lockOrCreate(m, keys, now);
    const before = new Map(records);
    const touched = new Map<string, CaseRecord>();
    const outcomes = events.map((event, i): MessageOutcome => {
      const result = apply(records.get(loanIds[i]) ?? null, event);
      if ('status' in result) return result;
      if (result.kind === 'stale') return { status: 'skipped', reason: 'stale' };
      records.set(loanIds[i], result.record);
      touched.set(loanIds[i], result.record);
      return { status: 'applied' };
    });
    await this.cases.save(m, [...touched.values()]);
    // A pause, resolution, payment, promise or new amount supersedes what was waiting to go out.
    const superseded = new Map<string, string>();
    for (const [loanId, after] of touched) {
      const reason = supersededBy(before.get(loanId)!, after);
      if (reason !== null) superseded.set(loanId, reason);
    }
    await this.cancellation.supersedePending(m, superseded, STALE_CONTENT, now);
    return outcomes;
  }
}
