import { ROLES, isRole, type Role } from './role';

export interface ApiKeyEntry {
  readonly key: string;
  readonly role: Role;
}

const VARIABLE = 'CLEARPATH_API_KEYS';
const MIN_KEY_LENGTH = 8;

/**
 * Parses `key:role,key:role`. Errors name the variable and the entry's position, never the key:
 * the message ends up in boot logs.
 */
export function parseApiKeys(value: string | undefined): ApiKeyEntry[] {
  if (value === undefined || value.trim() === '') {
    throw new Error(`${VARIABLE} is not set; expected key:role pairs separated by commas, e.g. "k3y...:system,0th3r...:ops"`);
  }
  const entries: ApiKeyEntry[] = [];
  const seen = new Set<string>();
  const items = value.split(',').map((item) => item.trim());
  items.forEach((item, index) => {
    const where = `${VARIABLE} entry ${index + 1}`;
    if (item === '') {
      // A trailing comma is harmless; an empty entry in the middle is most likely a lost key.
      if (index === items.length - 1) return;
      throw new Error(`${where} is empty`);
    }
    // The role never contains ':', so the last one separates them and a key may contain ':'.
    const colon = item.lastIndexOf(':');
    if (colon === -1) throw new Error(`${where} has no role; expected key:role`);
    const key = item.slice(0, colon).trim();
    const role = item.slice(colon + 1).trim();
    if (key === '') throw new Error(`${where} has an empty key`);
    if (/\s/.test(key)) throw new Error(`${where}: the key contains whitespace`);
    if (key.length < MIN_KEY_LENGTH) throw new Error(`${where}: the key is shorter than ${MIN_KEY_LENGTH} characters`);
    if (!isRole(role)) throw new Error(`${where} has an unknown role (not echoed: a swapped entry would print the key); expected one of ${ROLES.join(', ')}`);
    if (seen.has(key)) throw new Error(`${where} repeats the key of an earlier entry`);
    seen.add(key);
    entries.push({ key, role });
  });
  return entries;
}
