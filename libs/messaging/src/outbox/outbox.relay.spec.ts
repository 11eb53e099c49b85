import { SEND_BUDGET_BYTES, approximateBytes, sendChunks } from './outbox.relay';

const row = (id: number, kb: number) => ({
  id,
  message_key: 'LN-1',
  value_text: 'x'.repeat(kb * 1024),
  value_bytes: null,
  headers: { 'x-event-id': String(id) },
});

describe('sendChunks', () => {
  it('cuts rows into runs under the budget, in order, each row exactly once', () => {
    const rows = Array.from({ length: 9 }, (_, i) => row(i, 200));
    const chunks = sendChunks(rows, SEND_BUDGET_BYTES);
    expect(chunks.flat().map((r) => r.id)).toEqual(rows.map((r) => r.id));
    for (const chunk of chunks) expect(chunk.reduce((n, r) => n + approximateBytes(r), 0)).toBeLessThanOrEqual(SEND_BUDGET_BYTES);
    expect(chunks.map((c) => c.length)).toEqual([2, 2, 2, 2, 1]);
  });

  it('sends a row larger than the budget alone, and small rows together', () => {
    const rows = [row(1, 1), row(2, 700), row(3, 1), row(4, 1)];
    expect(sendChunks(rows, SEND_BUDGET_BYTES).map((c) => c.map((r) => r.id))).toEqual([[1], [2], [3, 4]]);
  });

  it('counts bytes, not characters, and bytea values', () => {
    expect(approximateBytes({ message_key: null, value_text: '逾期'.repeat(100), value_bytes: null, headers: {} })).toBeGreaterThanOrEqual(600);
    expect(approximateBytes({ message_key: 'k', value_text: null, value_bytes: Buffer.alloc(1000), headers: {} })).toBeGreaterThanOrEqual(1000);
  });

  it('has nothing to send for no rows', () => {
    expect(sendChunks([], SEND_BUDGET_BYTES)).toEqual([]);
  });
});
