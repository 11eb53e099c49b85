import type { CustomerFlag } from '@clearpath/contracts';
import type { Channel } from '../compliance/channel';
import type { ComplaintCategory as ComplaintGuardCategory, InconvenientPlace, InconvenientTime } from '../compliance/contact-guard.types';

/** What protects a person whichever of their loans a contact is about (COMPLIANCE.md "Who a rule protects"). */
export interface PersonProtections {
  /** Every person-level flag on any of their loans (all but DISPUTE, which is the debt's), VULNERABLE for hardship told on any loan. */
  readonly flags: readonly CustomerFlag[];
  /** Every channel they opted out of, on any loan. */
  readonly optedOutChannels: readonly Channel[];
  /** Their open harassment, privacy and third-party-contact complaints, on any loan. */
  readonly complaints: ReadonlyArray<{ readonly category: ComplaintGuardCategory }>;
  /** Their latest recorded inbound request (a reply, an inbound call). */
  readonly lastRequestAt?: string;
  readonly inconvenientTimes?: readonly InconvenientTime[];
  readonly inconvenientPlaces?: readonly InconvenientPlace[];
  /** GB: when written notice of a field visit was last sent to them. */
  readonly fieldVisitNoticeAt?: string;
}

/** What the person told us or what holds for them beyond their loans' own records. */
export interface PersonFacts {
  /** Channels they opted out of as a person (a STOP reply, an opt-out outcome). */
  readonly optedOutChannels?: readonly Channel[];
  /** A breathing space in force now. */
  readonly breathingSpace?: boolean;
  readonly lastRequestAt?: string;
  readonly inconvenientTimes?: readonly InconvenientTime[];
  readonly inconvenientPlaces?: readonly InconvenientPlace[];
  readonly fieldVisitNoticeAt?: string;
}

export const NO_PROTECTIONS: PersonProtections = { flags: [], optedOutChannels: [], complaints: [] };

/** Folds what each of a person's loans knows into what protects the person. */
export function personProtections(
  loans: ReadonlyArray<{ readonly activeFlags: readonly CustomerFlag[]; readonly optedOutChannels: readonly Channel[]; readonly hardship: boolean }>,
  complaints: ReadonlyArray<{ readonly category: ComplaintGuardCategory }>,
  person: PersonFacts = {},
): PersonProtections {
  const flags = new Set<CustomerFlag>();
  const channels = new Set<Channel>(person.optedOutChannels ?? []);
  for (const loan of loans) {
    for (const f of loan.activeFlags) if (f !== 'DISPUTE') flags.add(f);
    if (loan.hardship) flags.add('VULNERABLE');
    for (const c of loan.optedOutChannels) channels.add(c);
  }
  if (person.breathingSpace) flags.add('BREATHING_SPACE');
  return {
    flags: [...flags].sort(),
    optedOutChannels: [...channels].sort(),
    complaints: complaints.filter((c) => c.category !== 'other'),
    ...(person.lastRequestAt !== undefined ? { lastRequestAt: person.lastRequestAt } : {}),
    ...(person.inconvenientTimes !== undefined && person.inconvenientTimes.length > 0 ? { inconvenientTimes: person.inconvenientTimes } : {}),
    ...(person.inconvenientPlaces !== undefined && person.inconvenientPlaces.length > 0 ? { inconvenientPlaces: person.inconvenientPlaces } : {}),
    ...(person.fieldVisitNoticeAt !== undefined ? { fieldVisitNoticeAt: person.fieldVisitNoticeAt } : {}),
  };
}
