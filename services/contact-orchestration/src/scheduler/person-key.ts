/**
 * The key every contact to a person is serialized by (dispatch, an agent's dial, a visit): the
 * person, whatever the jurisdiction — person-level caps and spacing count over all their loans, and
 * the debt-level US limits are read from the same history.
 */
export function personKey(customerId: string): string {
  return `customer:${customerId}`;
}
