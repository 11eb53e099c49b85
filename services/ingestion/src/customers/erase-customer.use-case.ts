import { Inject, Injectable } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import { type Clock, type CustomerErasedEventV1, TOPICS, newEnvelope } from '@clearpath/contracts';
import { eventRecord, writeToOutbox } from '@clearpath/messaging';
import type { PersonalDataVault } from '@clearpath/persistence';
import { CLOCK, DATA_SOURCE, PERSONAL_DATA_VAULT } from '@clearpath/platform';

export interface ErasureRequest {
  readonly customerId: string;
  /** The person or client asking (principal subject): kept in the register of erasures. */
  readonly requestedBy: string;
  readonly reason: string;
  readonly correlationId: string;
}

export type ErasureOutcome =
  | { readonly kind: 'erased'; readonly customerId: string; readonly erasedAt: Date; readonly alreadyErased: boolean; readonly loanIds: string[] }
  | { readonly kind: 'unknown-customer' }
  | { readonly kind: 'open-loans'; readonly loanIds: string[] };

/**
 * Erasure of a customer (PIPL art. 47, GDPR art. 17), by crypto-shredding: their data key is
 * destroyed, so every sealed copy of their identity — ingestion's rows and append-only event log,
 * the other services' stores, the customer-contacts topic and its DLQ, backups — stops opening at
 * once, and no new key is ever made for them. In the same transaction the loans drop even the
 * sealed identity, and a CustomerErased record (no personal data) supersedes their details on the
 * compacted topic and tells contact-orchestration to drop its copy.
 *
 * Refused while any of the customer's loans is open: the debt is still being collected and the
 * lender must keep what it needs for that (GDPR art. 17(3)(b), (e); PIPL art. 47's "retention period
 * required by law"). Collection history — amounts, dates, decisions, contacts made — stays, without
 * identity.
 */
@Injectable()
export class EraseCustomerUseCase {
  constructor(
    @Inject(DATA_SOURCE) private readonly dataSource: DataSource,
    @Inject(PERSONAL_DATA_VAULT) private readonly vault: PersonalDataVault,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  execute(request: ErasureRequest): Promise<ErasureOutcome> {
    return this.dataSource.transaction(async (m): Promise<ErasureOutcome> => {
      const loans: Array<{ loan_id: string; status: string }> = await m.query(
        `SELECT loan_id, status FROM loans WHERE customer_id = $1 ORDER BY loan_id FOR UPDATE`,
        [request.customerId],
      );
      if (loans.length === 0) return { kind: 'unknown-customer' };
      const open = loans.filter((l) => l.status !== 'CLOSED').map((l) => l.loan_id);
      if (open.length > 0) return { kind: 'open-loans', loanIds: open };

      const erasure = await this.vault.erase(request.customerId, request.requestedBy, request.reason, m);
      const loanIds = loans.map((l) => l.loan_id);
      // Rows from before sealing hold the identity in plaintext: rebuild the block from the fields
      // that identify nobody.
      await m.query(
        `UPDATE loans SET customer = jsonb_build_object('customerId', customer->'customerId', 'timezone', customer->'timezone',
           'locale', customer->'locale', 'jurisdiction', customer->'jurisdiction', 'identity', NULL)
         WHERE customer_id = $1 AND customer IS NOT NULL`,
        [request.customerId],
      );
      if (!erasure.alreadyErased) {
        const event: CustomerErasedEventV1 = newEnvelope({
          eventType: 'CustomerErased',
          schemaVersion: 1,
          occurredAt: this.clock.now(),
          correlationId: request.correlationId,
          causationId: null,
          payload: { customerId: request.customerId, loanIds, erasedAt: erasure.erasedAt.toISOString() },
        });
        await writeToOutbox(m, [eventRecord(TOPICS.customerContacts.name, request.customerId, event)]);
      }
      return { kind: 'erased', customerId: request.customerId, erasedAt: erasure.erasedAt, alreadyErased: erasure.alreadyErased, loanIds };
    });
  }
}
