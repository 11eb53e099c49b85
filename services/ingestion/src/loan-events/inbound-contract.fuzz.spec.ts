import fc from 'fast-check';
import { DataSource, type EntityManager } from 'typeorm';
import type { IsolationLevel } from 'typeorm/driver/types/IsolationLevel';
import { ManualClock, TOPICS, validateCoreBankingEvent } from '@clearpath/contracts';
import type { InboundMessage } from '@clearpath/messaging';
import { ProblemException } from '@clearpath/observability';
import { checkJsonBody } from '@clearpath/platform';
import { applyEvent, type LoanState } from '../loans/loan-state';
import { PROTOTYPE_KEYS, asReceived, hostileDocument, type LabelledDocument } from '../../test/hostile-documents.arbitrary';
import type { LoanRepository } from '../loans/loan.repository';
import { ApplyLoanEventsUseCase, type EventResult, type IncomingEvent } from './apply-loan-events.use-case';
import { LoanEventsConsumer } from './loan-events.consumer';
import { LoanEventsHttpController, loanEventsBodySchema } from './loan-events.http.controller';

/**
 * Fuzzes the inbound contract without a database: arbitrary JSON, prototype keys, deep nesting and
 * huge strings through the validator, the pure `applyEvent`, and both ways in (HTTP controller,
 * Kafka consumer) with the use case's database part replaced by in-memory state.
 */

const NOW = new Date('2026-11-29T02:00:00Z');
const PROTOTYPE_MEMBERS = Object.getOwnPropertyNames(Object.prototype).sort();

/** The use case's rules (duplicate ids, per-loan order) over in-memory loans, through the real `applyEvent`; its repository is never reached. */
class InMemoryApplyLoanEvents extends ApplyLoanEventsUseCase {
  readonly received: IncomingEvent[] = [];
  private readonly states = new Map<string, LoanState>();
  private readonly seen = new Set<string>();

  constructor() {
    super({} as LoanRepository, new ManualClock(NOW));
  }

  override async execute(_manager: EntityManager, incoming: readonly IncomingEvent[]): Promise<EventResult[]> {
    return incoming.map((item): EventResult => {
      this.received.push(item);
      const { event } = item;
      if (this.seen.has(event.eventId)) return { eventId: event.eventId, status: 'duplicate' };
      const decision = applyEvent(this.states.get(event.loanId) ?? null, event, { now: NOW, paymentSeen: () => false });
      if (decision.status === 'rejected') return { eventId: event.eventId, status: 'rejected', errors: decision.errors };
      this.seen.add(event.eventId);
      if (decision.status === 'accepted') this.states.set(event.loanId, decision.state);
      return { eventId: event.eventId, status: decision.status };
    });
  }
}

/** The core-banking feed's principal, as the guard hands it to the handler. */
const FEED = { subject: 'client:core-banking', role: 'core-banking' } as const;

/** A data source that never connects: a transaction runs its work at once, on a manager the in-memory use case ignores. */
const noDatabase = new DataSource({ type: 'postgres' });
function runAtOnce<T>(work: (manager: EntityManager) => Promise<T>): Promise<T>;
function runAtOnce<T>(isolation: IsolationLevel, work: (manager: EntityManager) => Promise<T>): Promise<T>;
function runAtOnce<T>(first: IsolationLevel | ((manager: EntityManager) => Promise<T>), second?: (manager: EntityManager) => Promise<T>): Promise<T> {
  const work = typeof first === 'function' ? first : second!;
  return work(noDatabase.manager);
}
noDatabase.transaction = runAtOnce;
/** What the handler is handed: the raw body as the service reads it, through its @ValidBody check. */
const bodyOf = (body: unknown) => checkJsonBody(loanEventsBodySchema, Buffer.from(JSON.stringify(body), 'utf8'));

/** Pollution would show as a new member of Object.prototype. */
function expectUnpolluted(): void {
  expect(Object.getOwnPropertyNames(Object.prototype).sort()).toEqual(PROTOTYPE_MEMBERS);
}

function asBatch(document: unknown): unknown[] | null {
  if (typeof document !== 'object' || document === null || !Object.hasOwn(document, 'events')) return null;
  const { events } = document as { events: unknown };
  return Array.isArray(events) ? events : null;
}

function expectAnswered(labelled: LabelledDocument, result: EventResult): void {
  if (labelled.valid) {
    expect(['accepted', 'duplicate', 'stale']).toContain(result.status);
    return;
  }
  expect(result.status).toBe('rejected');
  expect(result.errors!.length).toBeGreaterThan(0);
  if (labelled.path !== undefined) expect(result.errors!.map((e) => e.path)).toContain(labelled.path);
}

describe('inbound contract fuzz (no database)', () => {
  afterEach(expectUnpolluted);

  it('the validator answers every document, exactly as labelled, and never throws', () => {
    fc.assert(
      fc.property(hostileDocument, (labelled) => {
        const result = validateCoreBankingEvent(asReceived(labelled.document));
        expect(result.ok).toBe(labelled.valid);
        if (!result.ok) {
          expect(result.errors.length).toBeGreaterThan(0);
          for (const error of result.errors) expect(typeof error.path === 'string' && typeof error.message === 'string').toBe(true);
          if (labelled.path !== undefined) expect(result.errors.map((e) => e.path)).toContain(labelled.path);
          return;
        }
        expect(Object.getPrototypeOf(result.event)).toBe(Object.prototype);
        expect(Object.getPrototypeOf(result.event.payload)).toBe(Object.prototype);
        for (const key of PROTOTYPE_KEYS) {
          expect(Object.hasOwn(result.event, key)).toBe(false);
          expect(Object.hasOwn(result.event.payload, key)).toBe(false);
        }
        // Applying it (pure) takes a new loan, and the same event again is stale.
        const first = applyEvent(null, result.event, { now: NOW, paymentSeen: () => false });
        expect(first.status).toBe('accepted');
        if (first.status !== 'accepted') return;
        expect(JSON.stringify(first.state)).not.toMatch(/"(__proto__|constructor|toString|hasOwnProperty|valueOf)":/);
        expect(applyEvent(first.state, result.event, { now: NOW, paymentSeen: () => false }).status).toBe('stale');
      }),
      { numRuns: 300 },
    );
  });

  it('HTTP: a batch answers one result per event, in order, rejected exactly where the contract says', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(hostileDocument, { minLength: 1, maxLength: 25 }), async (batch) => {
        const useCase = new InMemoryApplyLoanEvents();
        const controller = new LoanEventsHttpController(useCase, noDatabase);
        const { results } = await controller.submit(bodyOf({ events: batch.map((l) => l.document) }), FEED);
        expect(results).toHaveLength(batch.length);
        batch.forEach((labelled, i) => expectAnswered(labelled, results[i]));
        expect(useCase.received).toHaveLength(batch.filter((l) => l.valid).length);
      }),
      { numRuns: 60 },
    );
  });

  it('HTTP: a single document is one result or a 400 problem, never anything else', async () => {
    await fc.assert(
      fc.asyncProperty(hostileDocument, async (labelled) => {
        const controller = new LoanEventsHttpController(new InMemoryApplyLoanEvents(), noDatabase);
        try {
          const { results } = await controller.submit(bodyOf(labelled.document), FEED);
          const events = asBatch(labelled.document);
          if (events === null) {
            expect(results).toHaveLength(1);
            expectAnswered(labelled, results[0]);
          } else {
            // An object with its own "events" array is a batch, whatever else it holds.
            expect(results).toHaveLength(events.length);
            for (const result of results) expect(result.status).toBe('rejected');
          }
        } catch (error) {
          expect(error).toBeInstanceOf(ProblemException);
          expect((error as ProblemException).getStatus()).toBe(400);
          expect(labelled.valid).toBe(false);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('Kafka: each record that breaks the contract is dead-lettered with field errors; its neighbours are applied', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(hostileDocument, { minLength: 1, maxLength: 25 }), async (batch) => {
        const consumer = new LoanEventsConsumer(new InMemoryApplyLoanEvents());
        const messages = batch.map((labelled, i): InboundMessage => {
          const body = asReceived(labelled.document);
          const loanId = labelled.valid ? String((body as { loanId: string }).loanId) : null;
          return {
            topic: TOPICS.coreBankLoanEvents.name,
            partition: 0,
            offset: String(i),
            key: loanId,
            raw: Buffer.from(JSON.stringify(body)),
            body,
            headers: {},
            messageKey: `${TOPICS.coreBankLoanEvents.name}/0/${i}`,
            correlationId: `c-${i}`,
          };
        });
        const outcomes = await consumer.onLoanEvents({ messages, manager: {} as EntityManager });
        expect(outcomes).toHaveLength(batch.length);
        batch.forEach((labelled, i) => {
          const outcome = outcomes[i];
          if (labelled.valid) {
            expect(['applied', 'skipped']).toContain(outcome.status);
            return;
          }
          expect(outcome).toMatchObject({ status: 'dead-letter', reason: 'contract-violation' });
          const errors = outcome.status === 'dead-letter' ? (outcome.errors ?? []) : [];
          expect(errors.length).toBeGreaterThan(0);
          if (labelled.path !== undefined) expect(errors.map((e) => e.path)).toContain(labelled.path);
        });
      }),
      { numRuns: 60 },
    );
  });
});
