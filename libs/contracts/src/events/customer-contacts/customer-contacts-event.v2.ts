import { z } from 'zod';
import { eventEnvelopeSchema, type EventEnvelope } from '../../envelope/event-envelope';
import { customerContactDetailsV1Schema, type CustomerContactDetailsEventV1 } from './customer-contact-details.v1';

/**
 * Version 2 of `collections.customer-contacts.v1`: the identity (name, phone, e-mail, address)
 * travels sealed under the customer's own data key (libs/persistence personal-data), so the topic,
 * its DLQ and every copy of a record hold no plaintext, and erasing the customer's key erases them
 * everywhere. Time zone, locale and jurisdiction stay readable: they decide the rules of contact,
 * identify nobody, and must outlive an erasure for the audit trail.
 */
export const SEALED_VALUE = /^pd1\.[1-9][0-9]{0,8}\.[A-Za-z0-9_-]+$/;

/** What `identity` holds once opened (JSON). */
export const customerIdentityV1Schema = z.object({
  fullName: z.string(),
  phone: z.string(),
  email: z.string().nullable(),
  address: customerContactDetailsV1Schema.shape.address,
});
export type CustomerIdentityV1 = z.infer<typeof customerIdentityV1Schema>;

export const customerContactDetailsV2Schema = z.object({
  customerId: z.string().min(1),
  /** CustomerIdentityV1 as JSON, sealed for `customerId`. */
  identity: z.string().regex(SEALED_VALUE, 'must be a sealed value'),
  timezone: z.string(),
  locale: customerContactDetailsV1Schema.shape.locale,
  jurisdiction: customerContactDetailsV1Schema.shape.jurisdiction,
  /** Loan whose event last refreshed these details. */
  loanId: z.string(),
});
export type CustomerContactDetailsV2 = z.infer<typeof customerContactDetailsV2Schema>;
export type CustomerContactDetailsEventV2 = EventEnvelope<'CustomerContactDetails', CustomerContactDetailsV2>;

/**
 * The customer was erased (POST /v1/customers/{id}/erasure): their data key is destroyed. Keyed by
 * the customer id like their details, it supersedes them on the compacted topic (compaction keeps
 * the latest record of a key) and tells every holder of a copy to drop it. No personal data.
 */
export const customerErasedV1Schema = z.object({
  customerId: z.string().min(1),
  loanIds: z.array(z.string().min(1)),
  erasedAt: z.iso.datetime({ offset: true }),
});
export type CustomerErasedV1 = z.infer<typeof customerErasedV1Schema>;
export type CustomerErasedEventV1 = EventEnvelope<'CustomerErased', CustomerErasedV1>;

export type CustomerContactsEvent = CustomerContactDetailsEventV1 | CustomerContactDetailsEventV2 | CustomerErasedEventV1;

/**
 * For consumers of the topic: every version its records may carry (version 1 from before sealing,
 * still on the compacted topic until superseded), by `eventType` and `schemaVersion`.
 */
export function parseCustomerContactsEvent(input: unknown): CustomerContactsEvent {
  const envelope = eventEnvelopeSchema.parse(input);
  if (envelope.eventType === 'CustomerErased' && envelope.schemaVersion === 1) {
    return { ...envelope, eventType: 'CustomerErased', payload: customerErasedV1Schema.parse(envelope.payload) };
  }
  if (envelope.eventType === 'CustomerContactDetails' && envelope.schemaVersion === 2) {
    return { ...envelope, eventType: 'CustomerContactDetails', payload: customerContactDetailsV2Schema.parse(envelope.payload) };
  }
  if (envelope.eventType === 'CustomerContactDetails' && envelope.schemaVersion === 1) {
    return { ...envelope, eventType: 'CustomerContactDetails', payload: customerContactDetailsV1Schema.parse(envelope.payload) };
  }
  throw new Error(`unknown customer-contacts event ${envelope.eventType} version ${envelope.schemaVersion}`);
}
