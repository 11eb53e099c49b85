import { ROLES, isRole, type Role } from './role';

export interface ApiKeyEntry {
  /** Who holds the key: a lowercase identifier (`core-banking`, `repayment-plan`, a provider's name); the principal is `client:<client>`. */
  readonly client: string;
  readonly role: Role;
  readonly key: string;
}

const VARIABLE = 'CLEARPATH_API_KEYS';
const MIN_KEY_LENGTH = 8;
const CLIENT = /^[a-z][a-z0-9-]{0,62}$/;

/**
 * Parses `client:role:key,client:role:key`; the key is everything after the second ':' and may
 * itself contain ':'. Errors name the variable and the entry's position, never any part of the
 * entry: the message ends up in boot logs, and in a malformed entry (an old `key:role` one, a
 * swapped one) any field may be the key.
 */
export function parseApiKeys(value: string | undefined): ApiKeyEntry[] {
  if (value === undefined || value.trim() === '') {
    throw new Error(
      `${VARIABLE} is not set; expected client:role:key entries separated by commas, e.g. "core-banking:core-banking:k3y...,ops-console:ops:0th3r..."`,
    );
  }
  const entries: ApiKeyEntry[] = [];
  const clients = new Map<string, number>();
  const keys = new Map<string, number>();
  const items = value.split(',').map((item) => item.trim());
  items.forEach((item, index) => {
    const where = `${VARIABLE} entry ${index + 1}`;
    if (item === '') {
      // A trailing comma is harmless; an empty entry in the middle is most likely a lost key.
      if (index === items.length - 1) return;
      throw new Error(`${where} is empty`);
    }
    const first = item.indexOf(':');
    const second = first === -1 ? -1 : item.indexOf(':', first + 1);
    if (second === -1) throw new Error(`${where} is not client:role:key (fields not echoed: one may be the key)`);
    const client = item.slice(0, first).trim();
    const role = item.slice(first + 1, second).trim();
    const key = item.slice(second + 1).trim();
    if (!CLIENT.test(client)) throw new Error(`${where} has an invalid client (not echoed); expected a lowercase identifier such as core-banking`);
    if (!isRole(role)) throw new Error(`${where} has an unknown role (not echoed: a swapped entry would print the key); expected one of ${ROLES.join(', ')}`);
    if (key === '') throw new Error(`${where} has an empty key`);
    if (/\s/.test(key)) throw new Error(`${where}: the key contains whitespace`);
    if (key.length < MIN_KEY_LENGTH) throw new Error(`${where}: the key is shorter than ${MIN_KEY_LENGTH} characters`);
    const sameClient = clients.get(client);
    if (sameClient !== undefined) throw new Error(`${where} repeats the client of entry ${sameClient}; give each client one key`);
    const sameKey = keys.get(key);
    if (sameKey !== undefined) throw new Error(`${where} repeats the key of entry ${sameKey}`);
    clients.set(client, index + 1);
    keys.set(key, index + 1);
    entries.push({ client, role, key });
  });
  return entries;
}
