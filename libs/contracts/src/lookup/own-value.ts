/**
 * Lookups in plain-object tables with a key that came from outside (a request body, a path or
 * query parameter, a Kafka record, a file name). `table[key]` and `key in table` climb the
 * prototype chain, so `constructor`, `__proto__`, `toString`, `hasOwnProperty` or `valueOf` find
 * `Object.prototype`'s members where the table has nothing; these see the table's own entries only.
 */

/** The table's own entry for `key`, or undefined: never a member inherited from `Object.prototype`. */
export function ownValue<V>(table: Readonly<Record<string, V>>, key: string): V | undefined {
  return Object.hasOwn(table, key) ? table[key] : undefined;
}

/** True when `key` is one of the table's own keys; narrows it to the table's key type. */
export function isOwnKey<T extends object>(table: T, key: string): key is Extract<keyof T, string> {
  return Object.hasOwn(table, key);
}
