import type { CustomerIdentityV1 } from '@clearpath/contracts';
import type { SubjectKeys } from '@clearpath/persistence';
import type { CustomerDetails } from './loan-state';

/**
 * The customer block as ingestion stores it (loans.customer, the event log's LoanOverdue payloads):
 * name, phone, e-mail and address sealed under the customer's own data key; the inputs of the
 * contact rules (time zone, locale, jurisdiction) readable. `identity` is null once the customer is
 * erased: nothing of them is kept, and nothing new is learnt.
 */
export interface StoredCustomer {
  readonly customerId: string;
  readonly timezone: string;
  readonly locale: CustomerDetails['locale'];
  readonly jurisdiction: CustomerDetails['jurisdiction'];
  readonly identity: string | null;
}

export function sealIdentity(customer: Pick<CustomerDetails, 'customerId' | 'fullName' | 'phone' | 'email' | 'address'>, keys: SubjectKeys): string | null {
  const identity: CustomerIdentityV1 = { fullName: customer.fullName, phone: customer.phone, email: customer.email ?? null, address: customer.address ?? null };
  return keys.seal(customer.customerId, JSON.stringify(identity));
}

export function storedCustomer(customer: CustomerDetails, keys: SubjectKeys): StoredCustomer {
  return {
    customerId: customer.customerId,
    timezone: customer.timezone,
    locale: customer.locale,
    jurisdiction: customer.jurisdiction,
    identity: sealIdentity(customer, keys),
  };
}

/**
 * Back to the state the domain works with. An erased customer (or one whose key is gone) comes
 * back with an empty identity marked `erased`, which never equals the details of an event, so
 * the publisher is asked to publish them again and finds nothing to seal. A row written before
 * sealing existed still holds plaintext: it is returned as it is, and sealed when next saved.
 */
export function openedCustomer(stored: StoredCustomer | CustomerDetails, keys: SubjectKeys): CustomerDetails {
  if (!('identity' in stored)) return stored;
  const opened = stored.identity === null ? undefined : keys.open(stored.customerId, stored.identity);
  const identity: CustomerIdentityV1 =
    opened === undefined ? { fullName: '', phone: '', email: null, address: null } : (JSON.parse(opened) as CustomerIdentityV1);
  return {
    customerId: stored.customerId,
    fullName: identity.fullName,
    phone: identity.phone,
    email: identity.email,
    timezone: stored.timezone,
    locale: stored.locale,
    jurisdiction: stored.jurisdiction,
    address: identity.address,
    ...(opened === undefined ? { erased: true as const } : {}),
  };
}
