import type { InboundMessage, MessageOutcome } from './inbox.types';

export type Checked<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly outcome: MessageOutcome };

/**
 * The shape every consumer handler has: check each record, hand the valid ones (in order) to one
 * use case, and answer one outcome per record in the original positions — so a bad record is
 * dead-lettered while its neighbours are applied.
 */
export async function applyValidated<T, R>(
  messages: readonly InboundMessage[],
  check: (message: InboundMessage) => Checked<T>,
  apply: (valid: T[]) => Promise<readonly R[]>,
  toOutcome: (result: R) => MessageOutcome,
): Promise<MessageOutcome[]> {
  const outcomes: MessageOutcome[] = new Array(messages.length);
  const valid: T[] = [];
  const positions: number[] = [];
  messages.forEach((message, i) => {
    const checked = check(message);
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
      return { ok: false, outcome: { status: 'dead-letter', reason: 'schema-violation', errors: [{ path: '(record)', message: (error as Error).message.slice(0, 2_000) }] } };
    }
  };
}
