import {
  type CustomerContactDetailsEventV2,
  type CustomerContactDetailsV1,
  type CustomerErasedV1,
  type CustomerIdentityV1,
  type Jurisdiction,
} from '@clearpath/contracts';
import type { SubjectKeys } from '@clearpath/persistence';
import { aLoanId } from './core-banking-event.factory';
import { DEFAULT_CUSTOMER_ID, DEFAULT_EVENT_TIME, InternalEventBuilder, JURISDICTION_DEFAULTS, LoanEventBuilder } from './internal-event.builder';

/**
 * `collections.customer-contacts.v1` (keyed by customer id): a debtor reachable on every channel.
 * `build()` gives version 1 (plaintext, as before sealing); `buildSealed(keys)` version 2, the
 * identity sealed for the customer as ingestion publishes it now.
 */
export class CustomerContactDetailsBuilder extends LoanEventBuilder<'CustomerContactDetails', CustomerContactDetailsV1> {
  constructor() {
    super('CustomerContactDetails', 1, {
      customerId: DEFAULT_CUSTOMER_ID,
      fullName: '王小明',
      phone: '+8613800138000',
      email: 'wang@example.com',
      timezone: 'Asia/Shanghai',
      locale: 'zh-CN',
      jurisdiction: 'CN',
      address: { city: '郑州市', line1: '金水路 1 号' },
      loanId: aLoanId(),
    });
  }
  /** The jurisdiction with its usual locale, in its usual zone unless one is given. */
  inJurisdiction(jurisdiction: Jurisdiction, timezone = JURISDICTION_DEFAULTS[jurisdiction].timezone): this {
    return this.withPayload({ jurisdiction, timezone, locale: JURISDICTION_DEFAULTS[jurisdiction].locale });
  }
  withName(fullName: string): this {
    return this.withPayload({ fullName });
  }
  withPhone(phone: string): this {
    return this.withPayload({ phone });
  }
  withEmail(email: string | null): this {
    return this.withPayload({ email });
  }
  withAddress(address: CustomerContactDetailsV1['address']): this {
    return this.withPayload({ address });
  }

  /** Version 2: the identity sealed for the customer with `keys` (the customer must not be erased). */
  buildSealed(keys: SubjectKeys): CustomerContactDetailsEventV2 {
    const { payload, ...envelope } = this.build();
    const identity: CustomerIdentityV1 = { fullName: payload.fullName, phone: payload.phone, email: payload.email, address: payload.address };
    const sealed = keys.seal(payload.customerId, JSON.stringify(identity));
    if (sealed === null) throw new Error(`customer ${payload.customerId} is erased: there is nothing to seal for them`);
    const { customerId, timezone, locale, jurisdiction, loanId } = payload;
    return { ...envelope, schemaVersion: 2, payload: { customerId, identity: sealed, timezone, locale, jurisdiction, loanId } };
  }
}

/** The customer's erasure, superseding their details on the topic. */
export class CustomerErasedBuilder extends InternalEventBuilder<'CustomerErased', CustomerErasedV1> {
  constructor() {
    super('CustomerErased', 1, { customerId: DEFAULT_CUSTOMER_ID, loanIds: [aLoanId()], erasedAt: DEFAULT_EVENT_TIME });
  }
  forCustomer(customerId: string): this {
    return this.withPayload({ customerId });
  }
  ofLoans(...loanIds: string[]): this {
    return this.withPayload({ loanIds });
  }
  protected override happenedAt(erasedAt: string): void {
    this.payload = { ...this.payload, erasedAt };
  }
  protected get subject(): string {
    return this.payload.customerId;
  }
}

export const aCustomerContactDetails = () => new CustomerContactDetailsBuilder();
export const aCustomerErased = () => new CustomerErasedBuilder();
