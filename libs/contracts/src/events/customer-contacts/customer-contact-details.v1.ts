import { z } from 'zod';
import { parseEventOf, type EventEnvelope } from '../../envelope/event-envelope';
import { JURISDICTIONS, LOCALES } from '../../jurisdiction/jurisdictions';

/**
 * `collections.customer-contacts.v1` (compacted, keyed by customer id): the latest contact
 * details. The only internal topic with personal data; only services that contact debtors read it.
 */
export const customerContactDetailsV1Schema = z.object({
  customerId: z.string().min(1),
  fullName: z.string(),
  phone: z.string(),
  email: z.string().nullable(),
  timezone: z.string(),
  locale: z.enum(LOCALES),
  jurisdiction: z.enum(JURISDICTIONS),
  address: z
    .object({
      province: z.string().optional(),
      city: z.string().optional(),
      line1: z.string().optional(),
      postalCode: z.string().optional(),
    })
    .nullable(),
  /** Loan whose event last refreshed these details. */
  loanId: z.string(),
});

export type CustomerContactDetailsV1 = z.infer<typeof customerContactDetailsV1Schema>;
export type CustomerContactDetailsEventV1 = EventEnvelope<'CustomerContactDetails', CustomerContactDetailsV1>;

/** For consumers: validates envelope and payload of a customer-contacts record. */
export function parseCustomerContactDetailsEvent(input: unknown): CustomerContactDetailsEventV1 {
  return parseEventOf<CustomerContactDetailsEventV1>(input, 'customer-contacts', { CustomerContactDetails: customerContactDetailsV1Schema });
}
