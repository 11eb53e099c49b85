import type { InboundMessage, MessageOutcome } from './inbox.types';

/** One item checked: its value to apply, or the answer it gets instead (a consumer's dead-letter outcome, an HTTP batch's `rejected`). */
export type Checked<T, O = MessageOutcome> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly outcome: O };

/**
 * Check → apply → answer in place, the shape of every batch handler (each consumer, and ingestion's
 * HTTP batch): check each item, hand the valid ones (in order) to one use case, and answer one
 * outcome per item in the original positions — so a bad item is refused (dead-lettered, rejected)
 * while its neighbours are applied. The use case is not called when nothing is valid, and must
 * answer one result per valid item.
 */
export async function applyValidated<M, T, R, O = MessageOutcome>(
  items: readonly M[],
  check: (item: M) => Checked<T, O>,
  apply: (valid: T[]) => Promise<readonly R[]>,
  toOutcome: (result: R) => NoInfer<O>,
): Promise<O[]> {
  const outcomes: O[] = new Array(items.length);
  const valid: T[] = [];
  const positions: number[] = [];
  items.forEach((item, i) => {
    const checked = check(item);
    if (checked.ok) {
      valid.push(checked.value);
      positions.push(i);
    } else outcomes[i] = checked.outcome;
  });
  const results = valid.length > 0 ? await apply(valid) : [];
  if (results.length !== valid.length) throw new Error(`use case answered ${results.length} results for ${valid.length} records`);
  results.forEach((result, j) => (outcomes[positions[j]] = toOutcome(result)));
  return outcomes;
}

/**
 * A check from a contract's parse function: what parses is applied, what throws is dead-lettered as
 * `schema-violation` with the parser's message (the partition moves on).
 */
export function schemaChecked<T>(parse: (body: unknown, message: InboundMessage) => T): (message: InboundMessage) => Checked<T> {
  return (message) => {
    try {
      return { ok: true, value: parse(message.body, message) };
    } catch (error) {
      return {
        ok: false,
        outcome: { status: 'dead-letter', reason: 'schema-violation', errors: [{ path: '(record)', message: (error as Error).message.slice(0, 2_000) }] },
      };
    }
  };
}
