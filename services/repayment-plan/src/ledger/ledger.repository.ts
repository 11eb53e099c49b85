import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { CaseResolutionReason, PlanKind, PlanStatus, PromiseStatus, Jurisdiction } from '@clearpath/contracts';
import type { CaseRecord } from '../cases/case-record';
import type { InstalmentBalance } from '../payments/allocation';
import { nextDue, type PlanRecord } from '../plans/plan-record';
import type { PromiseRecord } from '../promises/promise-record';

/** bigint → string, so money crosses into PostgreSQL's JSON functions exactly. */
export const toJson = (value: unknown): string => JSON.stringify(value, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v));

export interface PaymentRow {
  readonly loanId: string;
  readonly reference: string;
  readonly eventId: string;
  readonly amountMinor: bigint;
  readonly currency: string;
  readonly paidAt: string;
  readonly method: string;
  readonly planId: string | null;
  readonly unallocatedMinor: bigint;
}

export interface AllocationRow {
  readonly loanId: string;
  readonly paymentReference: string;
  readonly target: 'instalment' | 'arrears' | 'promise' | 'unallocated';
  readonly planId: string | null;
  readonly seq: number | null;
  readonly promiseId: string | null;
  readonly amountMinor: bigint;
}

const OPEN = `('proposed', 'pending-approval', 'active')`;

/**
 * The service's state in PostgreSQL: cases, plans with their instalments, promises, payments and
 * their allocations. Reads and writes are set-based (one statement per table for a whole chunk of
 * events), so a consumer batch costs a handful of round trips.
 */
@Injectable()
export class LedgerRepository {
  async cases(m: EntityManager, loanIds: readonly string[], lock = false): Promise<Map<string, CaseRecord>> {
    if (loanIds.length === 0) return new Map();
    const rows: CaseRow[] = await m.query(
      `SELECT c.loan_id, c.customer_id, c.loan_sequence, c.jurisdiction, c.timezone, c.locale, c.currency, c.outstanding_minor, c.overdue_minor,
              c.days_past_due, c.due_date::text, c.status, c.resolved_reason, c.resolved_at, c.last_extension_on::text, c.updated_at, s.segment
       FROM cases c LEFT JOIN case_segments s USING (loan_id) WHERE c.loan_id = ANY($1::text[]) ORDER BY c.loan_id ${lock ? 'FOR UPDATE OF c' : ''}`,
      [loanIds],
    );
    return new Map(rows.map((r) => [r.loan_id, caseOf(r)]));
  }

  async segments(m: EntityManager, loanIds: readonly string[]): Promise<Map<string, { segment: string; loanSequence: number }>> {
    const rows: Array<{ loan_id: string; segment: string; loan_sequence: string }> = await m.query(
      `SELECT loan_id, segment, loan_sequence FROM case_segments WHERE loan_id = ANY($1::text[])`,
      [loanIds],
    );
    return new Map(rows.map((r) => [r.loan_id, { segment: r.segment, loanSequence: Number(r.loan_sequence) }]));
  }

  async saveSegments(m: EntityManager, rows: ReadonlyArray<{ loanId: string; segment: string; loanSequence: number }>, at: Date): Promise<void> {
    if (rows.length === 0) return;
    await m.query(
      `INSERT INTO case_segments (loan_id, segment, loan_sequence, updated_at)
       SELECT s->>'loanId', s->>'segment', (s->>'loanSequence')::bigint, $2 FROM jsonb_array_elements($1::jsonb) s
       ON CONFLICT (loan_id) DO UPDATE SET segment = EXCLUDED.segment, loan_sequence = EXCLUDED.loan_sequence, updated_at = EXCLUDED.updated_at
       WHERE case_segments.loan_sequence <= EXCLUDED.loan_sequence`,
      [toJson(rows), at],
    );
  }

  async saveCases(m: EntityManager, cases: readonly CaseRecord[]): Promise<void> {
    if (cases.length === 0) return;
    await m.query(
      `INSERT INTO cases (loan_id, customer_id, loan_sequence, jurisdiction, timezone, locale, currency, outstanding_minor, overdue_minor, days_past_due,
                          due_date, status, resolved_reason, resolved_at, last_extension_on, updated_at)
       SELECT c->>'loanId', c->>'customerId', (c->>'loanSequence')::bigint, c->>'jurisdiction', c->>'timezone', c->>'locale', c->>'currency',
              (c->>'outstandingMinor')::bigint, (c->>'overdueMinor')::bigint, (c->>'daysPastDue')::int, (c->>'dueDate')::date, c->>'status',
              c->>'resolvedReason', (c->>'resolvedAt')::timestamptz, (c->>'lastExtensionOn')::date, (c->>'updatedAt')::timestamptz
       FROM jsonb_array_elements($1::jsonb) c
       ON CONFLICT (loan_id) DO UPDATE SET customer_id = EXCLUDED.customer_id, loan_sequence = EXCLUDED.loan_sequence, jurisdiction = EXCLUDED.jurisdiction,
         timezone = EXCLUDED.timezone, locale = EXCLUDED.locale, currency = EXCLUDED.currency, outstanding_minor = EXCLUDED.outstanding_minor,
         overdue_minor = EXCLUDED.overdue_minor, days_past_due = EXCLUDED.days_past_due, due_date = EXCLUDED.due_date, status = EXCLUDED.status,
         resolved_reason = EXCLUDED.resolved_reason, resolved_at = EXCLUDED.resolved_at, last_extension_on = EXCLUDED.last_extension_on,
         updated_at = EXCLUDED.updated_at`,
      [toJson(cases)],
    );
  }

  /** Plans not yet finished (proposed, pending approval, active), at most one per loan. */
  async openPlans(m: EntityManager, loanIds: readonly string[], lock = false): Promise<Map<string, PlanRecord>> {
    if (loanIds.length === 0) return new Map();
    const plans = await this.plansWhere(m, `p.loan_id = ANY($1::text[]) AND p.status IN ${OPEN}`, [loanIds], lock);
    return new Map(plans.map((p) => [p.loanId, p]));
  }

  async plan(m: EntityManager, planId: string, lock = false): Promise<PlanRecord | null> {
    return (await this.plansWhere(m, `p.plan_id = $1::uuid`, [planId], lock))[0] ?? null;
  }

  async plansOfLoan(m: EntityManager, loanId: string): Promise<PlanRecord[]> {
    return this.plansWhere(m, `p.loan_id = $1`, [loanId], false);
  }

  private async plansWhere(m: EntityManager, where: string, params: unknown[], lock: boolean): Promise<PlanRecord[]> {
    const rows: PlanRow[] = await m.query(`SELECT p.* FROM plans p WHERE ${where} ORDER BY p.created_at, p.plan_id ${lock ? 'FOR UPDATE' : ''}`, params);
    if (rows.length === 0) return [];
    const inst: Array<{ plan_id: string; seq: number; due_date: string; amount_minor: string; paid_minor: string }> = await m.query(
      `SELECT plan_id, seq, due_date::text, amount_minor, paid_minor FROM instalments WHERE plan_id = ANY($1::uuid[]) ORDER BY plan_id, seq`,
      [rows.map((r) => r.plan_id)],
    );
    const byPlan = new Map<string, InstalmentBalance[]>();
    for (const i of inst) {
      const list = byPlan.get(i.plan_id) ?? [];
      list.push({ seq: i.seq, dueDate: i.due_date, amountMinor: BigInt(i.amount_minor), paidMinor: BigInt(i.paid_minor) });
      byPlan.set(i.plan_id, list);
    }
    return rows.map((r) => planOf(r, byPlan.get(r.plan_id) ?? []));
  }

  async insertPlan(m: EntityManager, plan: PlanRecord): Promise<void> {
    const next = nextDue(plan);
    await m.query(
      `INSERT INTO plans (plan_id, loan_id, customer_id, kind, status, offer_id, currency, timezone, total_minor, paid_minor, instalment_count,
                          discount_percent, policy_version, grace_days, next_seq, next_due_date, break_after, missed_seq, created_by, approved_by, created_at, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22)`,
      [
        plan.planId,
        plan.loanId,
        plan.customerId,
        plan.kind,
        plan.status,
        plan.offerId,
        plan.currency,
        plan.timezone,
        plan.totalMinor.toString(),
        plan.paidMinor.toString(),
        plan.instalments.length,
        plan.discountPercent,
        plan.policyVersion,
        plan.graceDays,
        next.nextSeq,
        next.nextDueDate,
        next.breakAfter,
        plan.missedSeq,
        plan.createdBy,
        plan.approvedBy,
        plan.createdAt,
        plan.updatedAt,
      ],
    );
    await m.query(
      `INSERT INTO instalments (plan_id, seq, due_date, amount_minor, paid_minor)
       SELECT $1::uuid, (i->>'seq')::int, (i->>'dueDate')::date, (i->>'amountMinor')::bigint, (i->>'paidMinor')::bigint FROM jsonb_array_elements($2::jsonb) i`,
      [plan.planId, toJson(plan.instalments)],
    );
  }

  /** Status, money and the next-due columns of changed plans; instalments' paid amounts with them. */
  async savePlans(m: EntityManager, plans: readonly PlanRecord[]): Promise<void> {
    if (plans.length === 0) return;
    const rows = plans.map((p) => ({ ...p, ...nextDue(p), instalments: undefined }));
    await m.query(
      `UPDATE plans p SET status = x->>'status', paid_minor = (x->>'paidMinor')::bigint, next_seq = (x->>'nextSeq')::int,
              next_due_date = (x->>'nextDueDate')::date, break_after = (x->>'breakAfter')::date, missed_seq = (x->>'missedSeq')::int,
              approved_by = x->>'approvedBy', cancelled_by = x->>'cancelledBy', updated_at = (x->>'updatedAt')::timestamptz
       FROM jsonb_array_elements($1::jsonb) x WHERE p.plan_id = (x->>'planId')::uuid`,
      [toJson(rows)],
    );
    const instalments = plans.flatMap((p) => p.instalments.map((i) => ({ planId: p.planId, seq: i.seq, paidMinor: i.paidMinor })));
    if (instalments.length > 0) {
      await m.query(
        `UPDATE instalments i SET paid_minor = (x->>'paidMinor')::bigint
         FROM jsonb_array_elements($1::jsonb) x WHERE i.plan_id = (x->>'planId')::uuid AND i.seq = (x->>'seq')::int AND i.paid_minor <> (x->>'paidMinor')::bigint`,
        [toJson(instalments)],
      );
    }
  }

  async openPromises(m: EntityManager, loanIds: readonly string[]): Promise<Map<string, PromiseRecord[]>> {
    if (loanIds.length === 0) return new Map();
    const rows: PromiseRow[] = await m.query(
      `SELECT ${PROMISE_COLUMNS} FROM promises WHERE loan_id = ANY($1::text[]) AND status = 'open' ORDER BY promised_date, created_at FOR UPDATE`,
      [loanIds],
    );
    const out = new Map<string, PromiseRecord[]>();
    for (const r of rows) out.set(r.loan_id, [...(out.get(r.loan_id) ?? []), promiseOf(r)]);
    return out;
  }

  async promisesOfLoan(m: EntityManager, loanId: string): Promise<PromiseRecord[]> {
    const rows: PromiseRow[] = await m.query(`SELECT ${PROMISE_COLUMNS} FROM promises WHERE loan_id = $1 ORDER BY created_at, promise_id`, [loanId]);
    return rows.map(promiseOf);
  }

  /** Inserts new promises; one from a contact attempt already recorded is left out (returned ids are the inserted ones). */
  async insertPromises(m: EntityManager, promises: readonly PromiseRecord[]): Promise<Set<string>> {
    if (promises.length === 0) return new Set();
    const rows: Array<{ promise_id: string }> = await m.query(
      `INSERT INTO promises (promise_id, loan_id, customer_id, source_attempt_id, amount_minor, paid_minor, currency, promised_date, break_after, timezone, status, created_by, created_at, updated_at)
       SELECT (p->>'promiseId')::uuid, p->>'loanId', p->>'customerId', (p->>'sourceAttemptId')::uuid, (p->>'amountMinor')::bigint, (p->>'paidMinor')::bigint,
              p->>'currency', (p->>'promisedDate')::date, (p->>'breakAfter')::date, p->>'timezone', p->>'status', p->>'createdBy',
              (p->>'createdAt')::timestamptz, (p->>'updatedAt')::timestamptz
       FROM jsonb_array_elements($1::jsonb) p
       ON CONFLICT (source_attempt_id) DO NOTHING RETURNING promise_id`,
      [toJson(promises)],
    );
    return new Set(rows.map((r) => r.promise_id));
  }

  async savePromises(m: EntityManager, promises: readonly PromiseRecord[]): Promise<void> {
    if (promises.length === 0) return;
    await m.query(
      `UPDATE promises p SET status = x->>'status', paid_minor = (x->>'paidMinor')::bigint, updated_at = (x->>'updatedAt')::timestamptz
       FROM jsonb_array_elements($1::jsonb) x WHERE p.promise_id = (x->>'promiseId')::uuid`,
      [toJson(promises)],
    );
  }

  /** Records payments; answers the keys (`loanId \0 reference`) that were new. A reference seen before is not inserted again. */
  async insertPayments(m: EntityManager, payments: readonly PaymentRow[], at: Date): Promise<Set<string>> {
    if (payments.length === 0) return new Set();
    const rows: Array<{ loan_id: string; reference: string }> = await m.query(
      `INSERT INTO payments (loan_id, reference, event_id, amount_minor, currency, paid_at, method, plan_id, unallocated_minor, received_at)
       SELECT p->>'loanId', p->>'reference', (p->>'eventId')::uuid, (p->>'amountMinor')::bigint, p->>'currency', p->>'paidAt', p->>'method',
              (p->>'planId')::uuid, (p->>'unallocatedMinor')::bigint, $2
       FROM jsonb_array_elements($1::jsonb) p
       ON CONFLICT (loan_id, reference) DO NOTHING RETURNING loan_id, reference`,
      [toJson(payments), at],
    );
    return new Set(rows.map((r) => paymentKey(r.loan_id, r.reference)));
  }

  async knownPayments(m: EntityManager, keys: ReadonlyArray<{ loanId: string; reference: string }>): Promise<Set<string>> {
    if (keys.length === 0) return new Set();
    const rows: Array<{ loan_id: string; reference: string }> = await m.query(
      `SELECT p.loan_id, p.reference FROM payments p JOIN unnest($1::text[], $2::text[]) k(loan_id, reference) USING (loan_id, reference)`,
      [keys.map((k) => k.loanId), keys.map((k) => k.reference)],
    );
    return new Set(rows.map((r) => paymentKey(r.loan_id, r.reference)));
  }

  async insertAllocations(m: EntityManager, rows: readonly AllocationRow[], at: Date): Promise<void> {
    if (rows.length === 0) return;
    await m.query(
      `INSERT INTO allocations (loan_id, payment_reference, target, plan_id, seq, promise_id, amount_minor, allocated_at)
       SELECT a->>'loanId', a->>'paymentReference', a->>'target', (a->>'planId')::uuid, (a->>'seq')::int, (a->>'promiseId')::uuid, (a->>'amountMinor')::bigint, $2
       FROM jsonb_array_elements($1::jsonb) a`,
      [toJson(rows), at],
    );
  }

  async allocationsOfLoan(m: EntityManager, loanId: string) {
    const rows: Array<{
      payment_reference: string;
      target: string;
      plan_id: string | null;
      seq: number | null;
      promise_id: string | null;
      amount_minor: string;
      allocated_at: Date;
    }> = await m.query(
      `SELECT payment_reference, target, plan_id, seq, promise_id, amount_minor, allocated_at FROM allocations WHERE loan_id = $1 ORDER BY id`,
      [loanId],
    );
    return rows;
  }
}

export const paymentKey = (loanId: string, reference: string): string => `${loanId}\u0000${reference}`;

interface CaseRow {
  loan_id: string;
  customer_id: string;
  loan_sequence: string;
  jurisdiction: Jurisdiction;
  timezone: string;
  locale: CaseRecord['locale'];
  currency: string;
  outstanding_minor: string;
  overdue_minor: string;
  days_past_due: number;
  due_date: string;
  status: 'open' | 'resolved';
  resolved_reason: CaseResolutionReason | null;
  resolved_at: Date | null;
  last_extension_on: string | null;
  updated_at: Date;
  segment: string | null;
}

function caseOf(r: CaseRow): CaseRecord {
  return {
    loanId: r.loan_id,
    customerId: r.customer_id,
    loanSequence: Number(r.loan_sequence),
    jurisdiction: r.jurisdiction,
    timezone: r.timezone,
    locale: r.locale,
    currency: r.currency,
    outstandingMinor: BigInt(r.outstanding_minor),
    overdueMinor: BigInt(r.overdue_minor),
    daysPastDue: r.days_past_due,
    dueDate: r.due_date,
    status: r.status,
    resolvedReason: r.resolved_reason,
    resolvedAt: r.resolved_at?.toISOString() ?? null,
    lastExtensionOn: r.last_extension_on,
    updatedAt: r.updated_at.toISOString(),
    segment: r.segment,
  };
}

interface PlanRow {
  plan_id: string;
  loan_id: string;
  customer_id: string;
  kind: PlanKind;
  status: PlanStatus;
  offer_id: string;
  currency: string;
  timezone: string;
  total_minor: string;
  paid_minor: string;
  discount_percent: number | null;
  policy_version: string;
  grace_days: number;
  missed_seq: number | null;
  created_by: string;
  approved_by: string | null;
  cancelled_by: string | null;
  created_at: Date;
  updated_at: Date;
}

function planOf(r: PlanRow, instalments: InstalmentBalance[]): PlanRecord {
  return {
    planId: r.plan_id,
    loanId: r.loan_id,
    customerId: r.customer_id,
    kind: r.kind,
    status: r.status,
    offerId: r.offer_id,
    currency: r.currency,
    timezone: r.timezone,
    totalMinor: BigInt(r.total_minor),
    paidMinor: BigInt(r.paid_minor),
    discountPercent: r.discount_percent,
    policyVersion: r.policy_version,
    graceDays: r.grace_days,
    missedSeq: r.missed_seq,
    createdBy: r.created_by,
    approvedBy: r.approved_by,
    cancelledBy: r.cancelled_by,
    createdAt: r.created_at.toISOString(),
    updatedAt: r.updated_at.toISOString(),
    instalments,
  };
}

export const PROMISE_COLUMNS = `promise_id, loan_id, customer_id, source_attempt_id, amount_minor, paid_minor, currency, promised_date::text, break_after::text, timezone, status, created_by, created_at, updated_at`;

export interface PromiseRow {
  promise_id: string;
  loan_id: string;
  customer_id: string;
  source_attempt_id: string | null;
  amount_minor: string;
  paid_minor: string;
  currency: string;
  promised_date: string;
  break_after: string;
  timezone: string;
  status: PromiseStatus;
  created_by: string;
  created_at: Date;
  updated_at: Date;
}

export function promiseOf(r: PromiseRow): PromiseRecord {
  return {
    promiseId: r.promise_id,
    loanId: r.loan_id,
    customerId: r.customer_id,
    sourceAttemptId: r.source_attempt_id,
    amountMinor: BigInt(r.amount_minor),
    paidMinor: BigInt(r.paid_minor),
    currency: r.currency,
    promisedDate: r.promised_date,
    breakAfter: r.break_after,
    timezone: r.timezone,
    status: r.status,
    createdBy: r.created_by,
    createdAt: r.created_at.toISOString(),
    updatedAt: r.updated_at.toISOString(),
  };
}
