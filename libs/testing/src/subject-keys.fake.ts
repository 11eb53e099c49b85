import { type SubjectKeys, newDataKey, open, seal, sealingKey } from '@clearpath/persistence';

/**
 * Data keys as PersonalDataVault hands them out (`forSealing`/`forOpening`), for unit specs that
 * seal and open without the key store: real sealing under one key for every subject, except the
 * erased ones, whose key is gone (seal answers null, open undefined). Like the vault's, `open`
 * answers undefined for a value sealed for another subject or under another key.
 */
export function fakeSubjectKeys(erased: readonly string[] = []): SubjectKeys {
  const key = sealingKey(newDataKey());
  const isErased = (subject: string) => erased.includes(subject);
  return {
    seal: (subject, plaintext) => (isErased(subject) ? null : seal(plaintext, key, 1, subject)),
    open: (subject, sealed) => {
      if (isErased(subject)) return undefined;
      try {
        return open(sealed, key, subject);
      } catch {
        return undefined;
      }
    },
    isErased,
  };
}
