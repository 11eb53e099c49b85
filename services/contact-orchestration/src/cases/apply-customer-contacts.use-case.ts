import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { Clock, CustomerContactsEvent, CustomerErasedEventV1 } from '@clearpath/contracts';
import type { PersonalDataVault } from '@clearpath/persistence';
import { CLOCK, PERSONAL_DATA_VAULT } from '@clearpath/platform';
import { LookupIndex } from '../personal-data/lookup-index';
import { AttemptCancellation } from '../scheduler/attempt-cancellation';
import { ERASED } from './case-record';
import { CaseRepository } from './case.repository';
import { type ContactDetailsEvent, type ContactDetailsRefusal, type SealedContactDetails, sealedContactDetails } from './sealed-contact-details';

/** `saved`: the debtor's details are kept (sealed); `erased`: the customer's erasure is applied. */
export type CustomerContactsOutcome = { readonly kind: 'saved' } | { readonly kind: 'erased' } | ContactDetailsRefusal;

/**
 * The customer-contacts topic, in order: details (sealed, SealedContactDetails) and erasures. An
 * erasure holds for every record after it, so the details before one are saved first and those
 * after it find the customer erased. `occurredAt` orders versions of one customer's details: a
 * replayed older record never wins.
 */
@Injectable()
export class ApplyCustomerContactsUseCase {
  constructor(
    private readonly cases: CaseRepository,
    private readonly cancellation: AttemptCancellation,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(PERSONAL_DATA_VAULT) private readonly vault: PersonalDataVault,
    private readonly lookups: LookupIndex,
  ) {}

  async execute(m: EntityManager, events: readonly CustomerContactsEvent[]): Promise<CustomerContactsOutcome[]> {
    const outcomes: CustomerContactsOutcome[] = [];
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

  private async saveDetails(m: EntityManager, events: readonly ContactDetailsEvent[]): Promise<CustomerContactsOutcome[]> {
    if (events.length === 0) return [];
    const keys = await this.vault.forSealing(events.map((e) => e.payload.customerId));
    const rows: SealedContactDetails[] = [];
    const outcomes = events.map((event): CustomerContactsOutcome => {
      const sealed = sealedContactDetails(event, keys, this.lookups);
      if ('kind' in sealed) return sealed;
      rows.push(sealed);
      return { kind: 'saved' };
    });
    await this.cases.saveContactDetails(m, rows);
    await this.cases.wakeAttemptsAwaitingDetails(
      m,
      rows.map((r) => r.loanId),
      this.clock.now(),
    );
    return outcomes;
  }

  /**
   * The customer was erased (their key is destroyed): their details and third parties go, their
   * cases stop and nothing planned for them goes out; this instance forgets their key at once.
   */
  private async erase(m: EntityManager, event: CustomerErasedEventV1): Promise<CustomerContactsOutcome> {
    const { customerId, loanIds } = event.payload;
    const now = this.clock.now();
    const stopped = await this.cases.eraseCustomer(m, customerId, loanIds, now);
    await this.cancellation.supersedePending(m, new Map(stopped.map((loanId) => [loanId, ERASED])), ERASED, now);
    this.vault.forget(customerId);
    return { kind: 'erased' };
  }
}
