/**
 * The master keys that wrap every customer's data key, from `CLEARPATH_PII_MASTER_KEYS`:
 * `id:base64,id:base64,...`, each a 32-byte key. The first wraps new data keys; the others only
 * unwrap the data keys wrapped before a rotation (until `rewrapDataKeys` has moved them to the first).
 * In production the variable comes from the lender's secret store (or a KMS that hands out the
 * key); messages name the variable and the entry, never a key.
 */
import { type SealingKey, sealingKey } from './sealing';

export const MASTER_KEYS_VARIABLE = 'CLEARPATH_PII_MASTER_KEYS';
const KEY_ID = /^[A-Za-z0-9_-]{1,32}$/;

/**
 * The master key ring as a list of secrets, for the production start's check of each on its own
 * (@clearpath/auth's SecretList, matched by shape: that check is told, not left to guess, what
 * this variable holds). A key is what follows its id's first ':'; parseMasterKeys checks the rest.
 */
export const MASTER_KEYS_SECRETS = {
  variable: MASTER_KEYS_VARIABLE,
  secretsOf: (value: string): string[] => value.split(',').map((entry) => entry.slice(entry.indexOf(':') + 1)),
} as const;

export interface MasterKey {
  readonly id: string;
  readonly key: SealingKey;
}

export interface MasterKeyRing {
  /** Wraps every new data key. */
  readonly active: MasterKey;
  readonly byId: ReadonlyMap<string, MasterKey>;
}

export function parseMasterKeys(value: string | undefined): MasterKeyRing {
  if (value === undefined || value.trim() === '') {
    throw new Error(`${MASTER_KEYS_VARIABLE} is not set; expected id:base64 entries of 32-byte keys, e.g. "k1:$(openssl rand -base64 32)"`);
  }
  const keys: MasterKey[] = [];
  value.split(',').forEach((raw, index) => {
    const where = `${MASTER_KEYS_VARIABLE} entry ${index + 1}`;
    const item = raw.trim();
    const colon = item.indexOf(':');
    if (colon === -1) throw new Error(`${where} has no id; expected id:base64`);
    const id = item.slice(0, colon);
    if (!KEY_ID.test(id)) throw new Error(`${where}: the id must be 1-32 letters, digits, '-' or '_'`);
    const encoded = item.slice(colon + 1);
    if (!/^[A-Za-z0-9+/]+={0,2}$/.test(encoded)) throw new Error(`${where} (${id}) is not base64`);
    const key = Buffer.from(encoded, 'base64');
    if (key.length !== 32) throw new Error(`${where} (${id}) is ${key.length} bytes; AES-256 needs 32`);
    if (keys.some((k) => k.id === id)) throw new Error(`${where} repeats the id ${id}`);
    keys.push({ id, key: sealingKey(key) });
  });
  return { active: keys[0]!, byId: new Map(keys.map((k) => [k.id, k])) };
}
