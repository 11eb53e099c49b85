import { type KeyObject, createHmac, createSecretKey, hkdfSync } from 'node:crypto';
import type { MasterKeyRing, SealingKey } from '@clearpath/persistence';

/**
 * Sealed phone numbers and e-mail addresses cannot be searched (every seal is different), yet a
 * reply arrives with nothing but the number it came from. So each is also kept as a blind index:
 * an HMAC-SHA256 of the normalised value under a key derived from a master key, prefixed with that
 * key's id. Equal values give equal digests; without the master key a digest cannot be matched
 * against a list of all phone numbers. A lookup tries the digest under every key of the ring, so
 * rows indexed before a rotation are still found; LegacyReseal re-indexes them under the active key.
 * The digest identifies nobody once the row it sits on is deleted (erasure deletes it).
 */
export class LookupIndex {
  // KeyObjects: Node 24 re-imports a raw key on every HMAC (10 µs against 1.5 µs).
  private readonly keys: ReadonlyArray<{ id: string; key: KeyObject }>;

  constructor(ring: MasterKeyRing) {
    const derived = (id: string, master: SealingKey) => ({
      id,
      key: createSecretKey(Buffer.from(hkdfSync('sha256', master, 'clearpath:lookup-index', `contact-orchestration:${id}`, 32))),
    });
    // The active key first: it indexes; the others only find.
    this.keys = [derived(ring.active.id, ring.active.key), ...[...ring.byId.values()].filter((k) => k.id !== ring.active.id).map((k) => derived(k.id, k.key))];
  }

  /** The digest to store, under the active key. */
  digest(value: string): string {
    return this.under(this.keys[0]!, value);
  }

  /** Every digest the value may have been stored under (one per key of the ring). */
  candidates(value: string): string[] {
    return this.keys.map((k) => this.under(k, value));
  }

  /** What a digest under the active key starts with: rows whose digests do not are re-indexed. */
  get activePrefix(): string {
    return `${this.keys[0]!.id}:`;
  }

  private under(k: { id: string; key: KeyObject }, value: string): string {
    return `${k.id}:${createHmac('sha256', k.key).update(normalizeAddress(value)).digest('base64url')}`;
  }
}

/**
 * One form per address, as providers and people write it: an e-mail address trimmed and in lower
 * case; a phone number without spaces, dashes, dots or brackets (`+86 138-0013-8000` is
 * `+8613800138000`).
 */
export function normalizeAddress(value: string): string {
  const v = value.normalize('NFKC').trim();
  return v.includes('@') ? v.toLowerCase() : v.replace(/[\s\-.()]/g, '');
}
