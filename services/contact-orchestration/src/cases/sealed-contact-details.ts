import type { CustomerContactDetailsEventV1, CustomerContactDetailsEventV2, CustomerContactDetailsV1, CustomerIdentityV1 } from '@clearpath/contracts';
import type { SubjectKeys } from '@clearpath/persistence';
import type { LookupIndex } from '../personal-data/lookup-index';
import { identityLookups, openIdentity, sealIdentity } from '../personal-data/sealed-identity';

export type ContactDetailsEvent = CustomerContactDetailsEventV1 | CustomerContactDetailsEventV2;

/** A row of contact_details: the identity sealed for the customer, what the contact rules read in the clear. */
export interface SealedContactDetails {
  readonly customerId: string;
  /** CustomerIdentityV1 as JSON, sealed for `customerId`. */
  readonly identity: string;
  /** Blind-index digests of the phone number and e-mail address (LookupIndex). */
  readonly lookups: readonly string[];
  readonly timezone: string;
  readonly locale: CustomerContactDetailsV1['locale'];
  readonly jurisdiction: CustomerContactDetailsV1['jurisdiction'];
  readonly loanId: string;
  /** The record's occurredAt: orders versions of one customer's details. */
  readonly at: string;
}

/** Why a contact-details record is not kept. */
export type ContactDetailsRefusal = { readonly kind: 'ignored-customer-erased' } | { readonly kind: 'identity-does-not-open'; readonly customerId: string };

/**
 * What is kept of a customer-contacts record. Version 2 arrives sealed by ingestion under the
 * customer's key and is kept as it came; it is opened here only to index the phone number and
 * e-mail address (and to refuse a value that does not open, which no send could use). Version 1,
 * from before sealing, is sealed here. Nothing is kept of an erased customer.
 */
export function sealedContactDetails(event: ContactDetailsEvent, keys: SubjectKeys, index: LookupIndex): SealedContactDetails | ContactDetailsRefusal {
  const p = event.payload;
  if (keys.isErased(p.customerId)) return { kind: 'ignored-customer-erased' };
  let plain: CustomerIdentityV1 | undefined;
  let identity: string | null;
  if ('identity' in p) {
    identity = p.identity;
    plain = openIdentity(keys, p.customerId, p.identity);
    if (plain === undefined) return { kind: 'identity-does-not-open', customerId: p.customerId };
  } else {
    plain = { fullName: p.fullName, phone: p.phone, email: p.email, address: p.address };
    identity = sealIdentity(keys, p.customerId, plain);
    if (identity === null) return { kind: 'ignored-customer-erased' };
  }
  return {
    customerId: p.customerId,
    identity,
    lookups: identityLookups(index, plain),
    timezone: p.timezone,
    locale: p.locale,
    jurisdiction: p.jurisdiction,
    loanId: p.loanId,
    at: event.occurredAt,
  };
}
