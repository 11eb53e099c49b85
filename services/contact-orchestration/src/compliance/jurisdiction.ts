import type { CustomerContactDetailsV1 } from '@clearpath/contracts';

/**
 * Jurisdiction and locale come from the customer-contacts contract, so the guard can never be asked
 * about a jurisdiction it has no profile for.
 */
export type Jurisdiction = CustomerContactDetailsV1['jurisdiction'];
export type Locale = CustomerContactDetailsV1['locale'];

export const JURISDICTIONS: readonly Jurisdiction[] = ['CN', 'US', 'GB'];
export const LOCALES: readonly Locale[] = ['zh-CN', 'en-US', 'en-GB'];
