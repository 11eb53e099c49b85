import { stopsAllContact, type AllContactComplaintCategory, type ComplaintCategory } from '@clearpath/contracts';
import type { ComplaintCategory as ComplaintGuardCategory } from './contact-guard.types';

/** The guard's name for each category during which all contact stops (the complaint contract says which). */
const GUARD_NAME: Readonly<Record<AllContactComplaintCategory, Exclude<ComplaintGuardCategory, 'other'>>> = {
  HARASSMENT: 'harassment',
  THIRD_PARTY_CONTACT: 'third-party-contact',
  PRIVACY: 'privacy',
};

/** complaints' categories as the guard's rules name them (COMPLIANCE.md `complaint-open` / `complaint-open-other`). */
export function guardComplaintCategory(category: ComplaintCategory): ComplaintGuardCategory {
  return stopsAllContact(category) ? GUARD_NAME[category] : 'other';
}
