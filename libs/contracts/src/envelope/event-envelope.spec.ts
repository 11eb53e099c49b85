import { z } from 'zod';
import { newEnvelope, parseEventOf } from './event-envelope';

const SCHEMAS = { CaseResolved: z.object({ loanId: z.string() }) };
const envelopeOf = (eventType: string) =>
  JSON.parse(
    JSON.stringify(
      newEnvelope({
        eventType,
        schemaVersion: 1,
        occurredAt: new Date('2026-11-29T02:00:00Z'),
        correlationId: 'c-1',
        causationId: null,
        payload: { loanId: 'LN-1' },
      }),
    ),
  );

describe('parseEventOf', () => {
  it('parses an event type the family has', () => {
    expect(parseEventOf(envelopeOf('CaseResolved'), 'repayment-plan', SCHEMAS)).toMatchObject({ eventType: 'CaseResolved', payload: { loanId: 'LN-1' } });
  });

  it.each(['constructor', '__proto__', 'toString', 'hasOwnProperty', 'valueOf'])(
    'names %s an unknown event type (never a schema from Object.prototype)',
    (eventType) => {
      expect(() => parseEventOf(envelopeOf(eventType), 'repayment-plan', SCHEMAS)).toThrow(`unknown repayment-plan event type ${eventType}`);
    },
  );
});
