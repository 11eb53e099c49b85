import { type SubjectKeys, isSealed } from '@clearpath/persistence';
import type { ResponseLetter } from '../letters/response-letter';

/**
 * What complaints stores of a debtor's words and of what was written to them, sealed under the
 * complaint's customer key (libs/persistence personal-data): the complaint text, the response
 * letter's subject and body, and the free text staff add to the history (a note, a reason, a
 * summary). Erasing the customer's key erases all of it, in the append-only history too. Opened
 * only for a response; triage reads the text in memory at intake.
 */

/** A letter whose customer was erased: when and in which language it was written, nothing of what it said. */
export interface ErasedLetter {
  readonly locale: ResponseLetter['locale'];
  readonly generatedAt: string;
  readonly subject: null;
  readonly body: null;
  readonly erased: true;
}

/** The history's free-text fields (staff's words about the complaint); the others are codes and dates. */
const FREE_TEXT = ['note', 'reason', 'summary'] as const;

/**
 * The plaintext; undefined once the customer's key is gone. A value written before sealing is still
 * plaintext (LegacyReseal seals what it may change): shown as it is, unless the customer was erased.
 */
export function openStored(keys: SubjectKeys, customerId: string, stored: string): string | undefined {
  if (isSealed(stored)) return keys.open(customerId, stored);
  return keys.isErased(customerId) ? undefined : stored;
}

/** Subject and body sealed; null when the customer was erased (keep nothing). */
export function sealLetter(keys: SubjectKeys, customerId: string, letter: ResponseLetter): ResponseLetter | null {
  const [subject, body] = [keys.seal(customerId, letter.subject), keys.seal(customerId, letter.body)];
  return subject === null || body === null ? null : { ...letter, subject, body };
}

export function openLetter(keys: SubjectKeys, customerId: string, stored: ResponseLetter): ResponseLetter | ErasedLetter {
  const [subject, body] = [openStored(keys, customerId, stored.subject), openStored(keys, customerId, stored.body)];
  if (subject === undefined || body === undefined) return { locale: stored.locale, generatedAt: stored.generatedAt, subject: null, body: null, erased: true };
  return { ...stored, subject, body };
}

/** A history entry's details with its free text sealed; an erased customer's free text is left out. */
export function sealDetails(keys: SubjectKeys, customerId: string, details: Record<string, unknown>): Record<string, unknown> {
  const sealed: Record<string, unknown> = { ...details };
  for (const field of FREE_TEXT) {
    const value = details[field];
    if (typeof value !== 'string') continue;
    const s = keys.seal(customerId, value);
    if (s === null) delete sealed[field];
    else sealed[field] = s;
  }
  return sealed;
}

/** The details with their free text opened; what no longer opens is null, and the details say `erased`. */
export function openDetails(keys: SubjectKeys, customerId: string, details: Record<string, unknown>): Record<string, unknown> {
  const opened: Record<string, unknown> = { ...details };
  for (const field of FREE_TEXT) {
    const value = details[field];
    if (typeof value !== 'string') continue;
    const text = openStored(keys, customerId, value);
    opened[field] = text ?? null;
    if (text === undefined) opened.erased = true;
  }
  return opened;
}

/** Whether the details hold free text to seal (most history entries hold none). */
export function hasFreeText(details: Record<string, unknown>): boolean {
  return FREE_TEXT.some((field) => typeof details[field] === 'string');
}
