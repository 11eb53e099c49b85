import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { CoreBankingEventV1 } from '@clearpath/contracts';
import type { PersonalDataVault, SubjectKeys } from '@clearpath/persistence';
import { PERSONAL_DATA_VAULT } from '@clearpath/platform';
import type { CustomerDetails, LoanState } from './loan-state';
import { type StoredCustomer, openedCustomer, storedCustomer } from './sealed-customer';

const LOCK_SPACE = 0x10a4; // advisory-lock namespace for "one loan at a time"

/** How events arrived: over Kafka (the broker authenticated the producer), or posted over HTTP by a principal, its subject kept. */
export type Arrival = { readonly channel: 'kafka' } | { readonly channel: 'http'; readonly submittedBy: string };

export interface LoggedEvent {
  readonly event: CoreBankingEventV1;
  readonly status: 'applied' | 'stale' | 'duplicate';
  readonly arrival: Arrival;
  readonly receivedAt: string;
}

/**
 * Set-based reads and writes of loan state, so a batch of 500 events costs a handful of statements.
 * The customer's identity is sealed on the way in and opened on the way out (sealed-customer.ts):
 * the rows, the event log and the outbox hold no plaintext of it.
 */
@Injectable()
export class LoanRepository {
  constructor(@Inject(PERSONAL_DATA_VAULT) private readonly vault: PersonalDataVault) {}

  /** Keys to seal the identities of these customers with (made for the ones seen the first time). */
  keysFor(customerIds: Iterable<string>): Promise<SubjectKeys> {
    return this.vault.forSealing(customerIds);
  }

  /** Serializes concurrent batches touching the same loans (Kafka and HTTP); sorted to avoid deadlocks. */
  async lockLoans(m: EntityManager, loanIds: string[]): Promise<void> {
    await m.query(`SELECT pg_advisory_xact_lock(${LOCK_SPACE}, hashtext(l)) FROM (SELECT DISTINCT l FROM unnest($1::text[]) l ORDER BY l) s`, [loanIds]);
  }

  findKnownEventIds(m: EntityManager, eventIds: string[]): Promise<Set<string>> {
    return eventIdsInLog(m, eventIds);
  }

  async findPaymentRefs(m: EntityManager, pairs: Array<{ loanId: string; reference: string }>): Promise<Set<string>> {
    if (pairs.length === 0) return new Set();
    const rows: Array<{ loan_id: string; reference: string }> = await m.query(
      `SELECT p.loan_id, p.reference FROM payments p
       JOIN unnest($1::text[], $2::text[]) AS w(loan_id, reference) USING (loan_id, reference)`,
      [pairs.map((p) => p.loanId), pairs.map((p) => p.reference)],
    );
    return new Set(rows.map((r) => paymentKey(r.loan_id, r.reference)));
  }

  async findLoans(m: EntityManager, loanIds: string[]): Promise<Map<string, LoanState>> {
    const rows: LoanRow[] = await m.query(`SELECT * FROM loans WHERE loan_id = ANY($1::text[])`, [loanIds]);
    const keys = await this.vault.forOpening(rows.flatMap((r) => (r.customer === null ? [] : [r.customer.customerId])));
    return new Map(rows.map((r) => [r.loan_id, fromRow(r, keys)]));
  }

  async findLoan(m: EntityManager, loanId: string): Promise<LoanState | null> {
    return (await this.findLoans(m, [loanId])).get(loanId) ?? null;
  }

  async saveLoans(m: EntityManager, loans: LoanState[], keys: SubjectKeys): Promise<void> {
    if (loans.length === 0) return;
    await m.query(
      `INSERT INTO loans SELECT * FROM jsonb_populate_recordset(NULL::loans, $1::jsonb)
       ON CONFLICT (loan_id) DO UPDATE SET
         customer_id = EXCLUDED.customer_id, last_sequence = EXCLUDED.last_sequence, status = EXCLUDED.status,
         currency = EXCLUDED.currency, product = EXCLUDED.product, credit_limit = EXCLUDED.credit_limit,
         outstanding_balance = EXCLUDED.outstanding_balance, overdue_amount = EXCLUDED.overdue_amount,
         days_past_due = EXCLUDED.days_past_due, due_date = EXCLUDED.due_date, bureau_score = EXCLUDED.bureau_score,
         history = EXCLUDED.history, customer = EXCLUDED.customer, flags = EXCLUDED.flags,
         closed_reason = EXCLUDED.closed_reason, closed_at = EXCLUDED.closed_at,
         last_payment_at = EXCLUDED.last_payment_at, last_event_id = EXCLUDED.last_event_id,
         updated_at = EXCLUDED.updated_at`,
      [JSON.stringify(loans.map((loan) => toRow(loan, keys)))],
    );
  }

  async appendEvents(m: EntityManager, logged: LoggedEvent[], keys: SubjectKeys): Promise<void> {
    if (logged.length === 0) return;
    await m.query(
      `INSERT INTO loan_events (event_id, loan_id, sequence, event_type, status, source, channel, submitted_by, occurred_at, received_at, payload)
       SELECT event_id, loan_id, sequence, event_type, status, source, channel, submitted_by, occurred_at, received_at, payload
       FROM jsonb_to_recordset($1::jsonb) AS e(event_id uuid, loan_id text, sequence bigint, event_type text, status text,
         source text, channel text, submitted_by text, occurred_at timestamptz, received_at timestamptz, payload jsonb)
       ON CONFLICT (event_id) DO NOTHING`,
      [
        JSON.stringify(
          logged.map((l) => ({
            event_id: l.event.eventId,
            loan_id: l.event.loanId,
            sequence: l.event.sequence,
            event_type: l.event.eventType,
            status: l.status,
            source: l.event.source,
            channel: l.arrival.channel,
            submitted_by: l.arrival.channel === 'http' ? l.arrival.submittedBy : null,
            occurred_at: l.event.occurredAt,
            received_at: l.receivedAt,
            payload: loggedPayload(l.event, keys),
          })),
        ),
      ],
    );
  }

  async savePayments(m: EntityManager, payments: Array<CoreBankingEventV1 & { eventType: 'PaymentReceived' }>): Promise<void> {
    if (payments.length === 0) return;
    await m.query(
      `INSERT INTO payments (loan_id, reference, event_id, amount, currency, paid_at, method)
       SELECT * FROM jsonb_to_recordset($1::jsonb) AS p(loan_id text, reference text, event_id uuid, amount numeric,
         currency char(3), paid_at timestamptz, method text)`,
      [
        JSON.stringify(
          payments.map((p) => ({
            loan_id: p.loanId,
            reference: p.payload.reference,
            event_id: p.eventId,
            amount: p.payload.amount,
            currency: p.payload.currency,
            paid_at: p.payload.paidAt,
            method: p.payload.method,
          })),
        ),
      ],
    );
  }

  async pageEvents(
    m: EntityManager,
    loanId: string,
    afterId: number,
    limit: number,
  ): Promise<
    Array<{
      id: number;
      eventId: string;
      sequence: number;
      eventType: string;
      status: string;
      source: string;
      channel: string;
      submittedBy: string | null;
      occurredAt: string;
      receivedAt: string;
      payload: unknown;
    }>
  > {
    const rows: Array<Record<string, unknown>> = await m.query(
      `SELECT id, event_id, sequence, event_type, status, source, channel, submitted_by, occurred_at, received_at, payload
       FROM loan_events WHERE loan_id = $1 AND id > $2 ORDER BY id LIMIT $3`,
      [loanId, afterId, limit],
    );
    const keys = await this.vault.forOpening(rows.flatMap((r) => customerIdOf(r.payload)));
    return rows.map((r) => ({
      id: Number(r.id),
      eventId: String(r.event_id),
      sequence: Number(r.sequence),
      eventType: String(r.event_type),
      status: String(r.status),
      source: String(r.source),
      channel: String(r.channel),
      submittedBy: r.submitted_by === null ? null : String(r.submitted_by),
      occurredAt: (r.occurred_at as Date).toISOString(),
      receivedAt: (r.received_at as Date).toISOString(),
      payload: openedPayload(r.payload, keys),
    }));
  }
}

export function paymentKey(loanId: string, reference: string): string {
  return `${loanId}\u0000${reference}`;
}

interface LoanRow {
  loan_id: string;
  customer_id: string | null;
  last_sequence: string;
  status: LoanState['status'];
  currency: string | null;
  product: string | null;
  credit_limit: string | null;
  outstanding_balance: string | null;
  overdue_amount: string | null;
  days_past_due: number;
  due_date: Date | string | null;
  bureau_score: number | null;
  history: LoanState['history'];
  customer: StoredCustomer | CustomerDetails | null;
  flags: LoanState['flags'];
  closed_reason: string | null;
  closed_at: Date | null;
  last_payment_at: Date | null;
  last_event_id: string;
  updated_at: Date;
}

const iso = (d: Date | null): string | null => (d === null ? null : d.toISOString());

function fromRow(r: LoanRow, keys: SubjectKeys): LoanState {
  return {
    loanId: r.loan_id,
    customerId: r.customer_id,
    lastSequence: Number(r.last_sequence),
    status: r.status,
    currency: r.currency,
    product: r.product,
    creditLimit: r.credit_limit,
    outstandingBalance: r.outstanding_balance,
    overdueAmount: r.overdue_amount,
    daysPastDue: r.days_past_due,
    dueDate: r.due_date instanceof Date ? localDate(r.due_date) : r.due_date,
    bureauScore: r.bureau_score,
    history: r.history,
    customer: r.customer === null ? null : openedCustomer(r.customer, keys),
    flags: r.flags,
    closedReason: r.closed_reason,
    closedAt: iso(r.closed_at),
    lastPaymentAt: iso(r.last_payment_at),
    lastEventId: r.last_event_id,
    updatedAt: r.updated_at.toISOString(),
  };
}

// node-pg parses `date` columns as local-midnight Dates; read the calendar date back the same way.
function localDate(d: Date): string {
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

/** The row as JSON for jsonb_populate_recordset. */
function toRow(s: LoanState, keys: SubjectKeys): Record<keyof LoanRow, unknown> {
  return {
    loan_id: s.loanId,
    customer_id: s.customerId,
    last_sequence: String(s.lastSequence),
    status: s.status,
    currency: s.currency,
    product: s.product,
    credit_limit: s.creditLimit,
    outstanding_balance: s.outstandingBalance,
    overdue_amount: s.overdueAmount,
    days_past_due: s.daysPastDue,
    due_date: s.dueDate,
    bureau_score: s.bureauScore,
    history: s.history,
    customer: s.customer === null ? null : storedCustomer(s.customer, keys),
    flags: s.flags,
    closed_reason: s.closedReason,
    closed_at: s.closedAt,
    last_payment_at: s.lastPaymentAt,
    last_event_id: s.lastEventId,
    updated_at: s.updatedAt,
  };
}

/** A LoanOverdue payload with its customer block sealed; other events carry no identity. */
function loggedPayload(event: CoreBankingEventV1, keys: SubjectKeys): unknown {
  if (event.eventType !== 'LoanOverdue') return event.payload;
  const c = event.payload.customer;
  const customer = storedCustomer({ ...c, email: c.email ?? null, address: c.address ?? null }, keys);
  return { ...event.payload, customer };
}

function customerIdOf(payload: unknown): string[] {
  const customer = (payload as { customer?: { customerId?: unknown } }).customer;
  return typeof customer?.customerId === 'string' ? [customer.customerId] : [];
}

/** The logged payload as staff read it: the identity opened, or marked erased. */
function openedPayload(payload: unknown, keys: SubjectKeys): unknown {
  const customer = (payload as { customer?: StoredCustomer | CustomerDetails }).customer;
  if (customer === undefined || !('identity' in customer)) return payload;
  return { ...(payload as object), customer: openedCustomer(customer, keys) };
}

const EVENT_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Which of these inbox keys (event ids, as the consumer read them) name events already in the
 * event log, applied or found stale: the consumer's inbox keeps no row of its own for those.
 */
export async function loggedEventKeys(m: EntityManager, keys: readonly string[]): Promise<ReadonlySet<string>> {
  const ids = keys.filter((k) => EVENT_ID.test(k));
  if (ids.length === 0) return new Set();
  const logged = await eventIdsInLog(m, ids);
  return new Set(ids.filter((k) => logged.has(k.toLowerCase())));
}

/** Which of these event ids (UUIDs) the event log holds, as PostgreSQL writes them. */
async function eventIdsInLog(m: EntityManager, eventIds: readonly string[]): Promise<Set<string>> {
  const rows: Array<{ event_id: string }> = await m.query(`SELECT event_id FROM loan_events WHERE event_id = ANY($1::uuid[])`, [eventIds]);
  return new Set(rows.map((r) => r.event_id));
}
