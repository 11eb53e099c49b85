import { validateCoreBankingEvent } from './core-banking-event.v1';

const PROTOTYPE_KEYS = ['constructor', '__proto__', 'toString', 'hasOwnProperty', 'valueOf'];

const loanClosed = (): Record<string, unknown> => ({
  eventId: '5b0c2f4e-8a61-4c55-9d1e-3f2b7c0a9e11',
  eventType: 'LoanClosed',
  schemaVersion: 1,
  occurredAt: '2026-11-28T23:05:00+08:00',
  source: 'core-banking',
  loanId: 'LN-2026-000123',
  sequence: 41,
  payload: { reason: 'PAID_OFF' },
});

/** A document as JSON.parse builds it: `__proto__` becomes an own key, not the prototype. */
const fromJson = (document: unknown): unknown => JSON.parse(JSON.stringify(document));
const withOwnKey = (json: string, key: string, value: unknown): unknown =>
  JSON.parse(json.replace(/^\{/, `{${JSON.stringify(key)}: ${JSON.stringify(value)},`));

describe('validateCoreBankingEvent with prototype keys', () => {
  it('accepts the plain event (the baseline the cases below break)', () => {
    expect(validateCoreBankingEvent(fromJson(loanClosed())).ok).toBe(true);
  });

  it.each(PROTOTYPE_KEYS)('rejects eventType %s with an eventType error instead of throwing', (eventType) => {
    const result = validateCoreBankingEvent(fromJson({ ...loanClosed(), eventType }));
    expect(result).toEqual({
      ok: false,
      eventId: '5b0c2f4e-8a61-4c55-9d1e-3f2b7c0a9e11',
      loanId: 'LN-2026-000123',
      errors: [{ path: 'eventType', message: expect.stringContaining('must be one of') }],
    });
  });

  it.each(PROTOTYPE_KEYS)('rejects eventType %s without a payload too', (eventType) => {
    const document: Record<string, unknown> = { ...loanClosed(), eventType };
    delete document.payload;
    const result = validateCoreBankingEvent(fromJson(document));
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.errors.map((e) => e.path).sort()).toEqual(['eventType', 'payload']);
  });

  it.each(PROTOTYPE_KEYS)('ignores an unknown own key %s at the root and in the payload, like any unknown field', (key) => {
    const root = withOwnKey(JSON.stringify(loanClosed()), key, { eventType: 'LoanOverdue', polluted: true }) as Record<string, unknown>;
    root.payload = withOwnKey(JSON.stringify(root.payload), key, { reason: 'nope' });
    const result = validateCoreBankingEvent(root);
    expect(result.ok).toBe(true);
    if (result.ok) {
      expect(Object.getPrototypeOf(result.event)).toBe(Object.prototype);
      expect(Object.getPrototypeOf(result.event.payload)).toBe(Object.prototype);
      expect(result.event.payload).toEqual({ reason: 'PAID_OFF' });
      expect(Object.hasOwn(result.event, key)).toBe(false);
    }
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it.each(PROTOTYPE_KEYS)('rejects %s where an enum value belongs (payload.reason)', (reason) => {
    const result = validateCoreBankingEvent(fromJson({ ...loanClosed(), payload: { reason } }));
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.errors.map((e) => e.path)).toEqual(['payload.reason']);
  });
});
