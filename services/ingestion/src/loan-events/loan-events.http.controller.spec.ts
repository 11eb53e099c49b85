import { ProblemException } from '@clearpath/observability';
import { checkJsonBody } from '@clearpath/platform';
import { MAX_EVENTS_PER_REQUEST, loanEventsBodySchema } from './loan-events.http.controller';

const read = (body: unknown): unknown[] => checkJsonBody(loanEventsBodySchema, Buffer.from(JSON.stringify(body), 'utf8'));

function problemOf(body: unknown): { status: number; detail: string | undefined; errors: unknown } {
  try {
    read(body);
  } catch (error) {
    expect(error).toBeInstanceOf(ProblemException);
    const problem = error as ProblemException;
    return { status: problem.getStatus(), detail: problem.detail, errors: problem.errors };
  }
  throw new Error('expected a 400 problem');
}

describe('POST /v1/loan-events body framing', () => {
  it('reads one event as a batch of one, and a batch as its events, without looking inside them', () => {
    expect(read({ eventId: 'not even a uuid' })).toEqual([{ eventId: 'not even a uuid' }]);
    expect(read({ eventType: 'Nope' })).toEqual([{ eventType: 'Nope' }]);
    expect(read({ events: [1, 'two', { eventId: 3 }] })).toEqual([1, 'two', { eventId: 3 }]);
  });

  it.each([
    ['an array', [], 'The body must be a JSON object: one event or {"events": [...]}.', [{ path: '(root)', message: 'must be an object' }]],
    ['a string', 'event', 'The body must be a JSON object: one event or {"events": [...]}.', [{ path: '(root)', message: 'must be an object' }]],
    [
      'neither an event nor a batch',
      { hello: 'world' },
      'The body is neither an event nor {"events": [...]}.',
      [{ path: '(root)', message: 'must be an event (with eventId and eventType) or {"events": [...]}' }],
    ],
    ['events that are not an array', { events: {} }, '"events" must be an array.', [{ path: 'events', message: 'must be an array' }]],
    ['no events', { events: [] }, '"events" must hold at least one event.', [{ path: 'events', message: 'must hold 1 to 1000 events' }]],
    [
      'too many events',
      { events: Array.from({ length: MAX_EVENTS_PER_REQUEST + 1 }, () => ({})) },
      '"events" holds 1001 events; at most 1000 are allowed per request.',
      [{ path: 'events', message: 'must hold 1 to 1000 events' }],
    ],
  ])('answers %s with 400, the detail and the field as before', (_what, body, detail, errors) => {
    expect(problemOf(body)).toEqual({ status: 400, detail, errors });
  });

  it('looks only at the sender’s own keys: a batch is an object with its own "events"', () => {
    expect(problemOf(JSON.parse('{"__proto__": {"events": [1]}}'))).toMatchObject({
      status: 400,
      detail: 'The body is neither an event nor {"events": [...]}.',
    });
  });
});
