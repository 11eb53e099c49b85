import { generateDemoDay } from './demo-day.generator';

describe('demo day', () => {
  const day = generateDemoDay({ loans: 600 });

  it('is deterministic for a seed', () => {
    expect(generateDemoDay({ loans: 600 }).kafka.map((d) => d.eventId)).toEqual(day.kafka.map((d) => d.eventId));
  });

  it('carries duplicates, re-sent payments, swapped rolls and malformed messages, as counted', () => {
    const ids = day.kafka.map((d) => String(d.eventId));
    expect(ids.length - new Set(ids).size).toBe(day.expect.duplicateEventIds);
    expect(day.expect.duplicateEventIds).toBeGreaterThan(0);
    const refs = day.kafka
      .filter((d) => d.eventType === 'PaymentReceived')
      .map((d) => `${String(d.loanId)}/${String((d.payload as { reference: string }).reference)}`);
    const uniquePaymentEvents = new Set(day.kafka.filter((d) => d.eventType === 'PaymentReceived').map((d) => String(d.eventId))).size;
    expect(uniquePaymentEvents - new Set(refs).size).toBe(day.expect.duplicatePaymentReferences);
    expect(day.expect.outOfOrder).toBe(6);
    let swapped = 0;
    const seen = new Map<string, number>();
    for (const d of day.kafka.filter((e) => e.eventType === 'LoanOverdue')) {
      const last = seen.get(String(d.loanId));
      if (last !== undefined && Number(d.sequence) < last) swapped++;
      seen.set(String(d.loanId), Math.max(last ?? -1, Number(d.sequence)));
    }
    // Swapped rolls, plus duplicates of second rolls that come again after the first.
    expect(swapped).toBeGreaterThanOrEqual(day.expect.outOfOrder);
    expect(day.malformed).toHaveLength(day.expect.malformed);
  });

  it('spreads the loans over CN, US and GB and keeps HTTP payments out of the Kafka feed', () => {
    const jurisdictions = new Set(
      day.kafka.filter((d) => d.eventType === 'LoanOverdue').map((d) => (d.payload as { customer: { jurisdiction: string } }).customer.jurisdiction),
    );
    expect([...jurisdictions].sort()).toEqual(['CN', 'GB', 'US']);
    const kafkaIds = new Set(day.kafka.map((d) => d.eventId));
    expect(day.http.length).toBeGreaterThan(0);
    for (const d of day.http) expect(kafkaIds.has(d.eventId)).toBe(false);
  });
});
