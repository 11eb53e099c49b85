import { type SubjectKeys, isSealed } from '@clearpath/persistence';

/** A stored personal value brought back for a response: the text, or null and `erased` once the debtor's key is gone. */
export interface OpenedText {
  readonly value: string | null;
  readonly erased: boolean;
}

/**
 * Free text about the debtor (a dispute note, the reason a breathing space ended) as it is stored:
 * sealed under the debtor's key; null when there is none, or when the debtor was erased (nothing
 * of theirs is kept).
 */
export function sealText(keys: SubjectKeys, customerId: string, text: string | null): string | null {
  return text === null ? null : keys.seal(customerId, text);
}

/** A value written before sealing is plaintext still (LegacyReseal seals it): shown as it is, unless the debtor was erased. */
export function openText(keys: SubjectKeys, customerId: string, stored: string | null): OpenedText {
  if (stored === null) return { value: null, erased: false };
  const value = isSealed(stored) ? keys.open(customerId, stored) : keys.isErased(customerId) ? undefined : stored;
  return value === undefined ? { value: null, erased: true } : { value, erased: false };
}
