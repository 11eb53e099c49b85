import { type CustomerIdentityV1, customerIdentityV1Schema } from '@clearpath/contracts';
import type { SubjectKeys } from '@clearpath/persistence';
import type { LookupIndex } from './lookup-index';

/** The debtor's name, phone, e-mail and address as JSON, sealed for them; null when they were erased. */
export function sealIdentity(keys: SubjectKeys, customerId: string, identity: CustomerIdentityV1): string | null {
  const plain: CustomerIdentityV1 = { fullName: identity.fullName, phone: identity.phone, email: identity.email, address: identity.address };
  return keys.seal(customerId, JSON.stringify(plain));
}

/** The identity, or undefined when the key is gone (erased) or what opens is not an identity. */
export function openIdentity(keys: SubjectKeys, customerId: string, sealed: string): CustomerIdentityV1 | undefined {
  const opened = keys.open(customerId, sealed);
  if (opened === undefined) return undefined;
  try {
    const parsed = customerIdentityV1Schema.safeParse(JSON.parse(opened));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

/** The blind-index digests a reply from the debtor's phone number or e-mail address finds them by. */
export function identityLookups(index: LookupIndex, identity: CustomerIdentityV1): string[] {
  return [index.digest(identity.phone), ...(identity.email === null || identity.email.trim() === '' ? [] : [index.digest(identity.email)])];
}
