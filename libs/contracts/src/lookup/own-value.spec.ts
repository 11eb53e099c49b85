import { isOwnKey, ownValue } from './own-value';

const PROTOTYPE_KEYS = ['constructor', '__proto__', 'toString', 'hasOwnProperty', 'valueOf', 'isPrototypeOf', '__defineGetter__'];
const TABLE: Readonly<Record<string, number>> = { voice: 1, 'field-visit': 2 };

describe('ownValue', () => {
  it('finds own entries', () => {
    expect(ownValue(TABLE, 'voice')).toBe(1);
    expect(ownValue(TABLE, 'field-visit')).toBe(2);
    expect(ownValue(TABLE, 'VOICE')).toBeUndefined();
  });

  it.each(PROTOTYPE_KEYS)('finds nothing for %s, which a plain index finds on Object.prototype', (key) => {
    expect((TABLE as Record<string, unknown>)[key]).toBeDefined();
    expect(ownValue(TABLE, key)).toBeUndefined();
  });

  it('still finds a prototype-named key the table really has', () => {
    const table: Record<string, string> = JSON.parse('{"constructor": "own", "__proto__": "own too"}');
    expect(ownValue(table, 'constructor')).toBe('own');
    expect(ownValue(table, '__proto__')).toBe('own too');
  });
});

describe('isOwnKey', () => {
  const done = { plan: 'Plan set up.', promise: 'Promise recorded.' } as const;

  it('narrows an own key', () => {
    const key: string = 'plan';
    expect(isOwnKey(done, key) ? done[key] : null).toBe('Plan set up.');
  });

  it.each(PROTOTYPE_KEYS)('is false for %s', (key) => {
    expect(key in done).toBe(true);
    expect(isOwnKey(done, key)).toBe(false);
  });
});
