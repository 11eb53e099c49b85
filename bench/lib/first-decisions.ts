/**
 * Follows contact-orchestration's `compliance_decisions` (append-only, bigserial id) and keeps, per
 * loan of the roll, its FIRST decision: `decided_at` (the scheduler clock of the tick that decided
 * it), the kind, and when the bench first saw the row (commit time + at most one poll interval).
 * A decision of any kind counts: a deferral to the debtor's permitted hours is a decision too.
 *
 * Loans are named `<prefix><index>` (index 0..n-1), so the state is a few typed arrays, not maps:
 * a million loans stay cheap. Rows of other loans (warm-up, anything else in the schema) are skipped.
 */
import type { Client } from 'pg';

export const DECISION_KINDS = ['allowed', 'deferred', 'blocked', 'error'] as const;
export type DecisionKind = (typeof DECISION_KINDS)[number];

export class FirstDecisionWatcher {
  /** decided_at of each loan's first decision, epoch ms on the bench's clock (NaN: none yet). */
  readonly decidedMs: Float64Array;
  /** Bench wall clock when that row was first read. */
  readonly seenMs: Float64Array;
  /** Index in DECISION_KINDS + 1 (0: none yet). */
  readonly kind: Uint8Array;
  decided = 0;
  rows = 0;
  /** Highest id read, and the one read a poll earlier (each poll re-reads from there). */
  private maxId = 0;
  private previousMaxId = 0;

  constructor(
    private readonly db: Client,
    private readonly schema: string,
    private readonly prefix: string,
    readonly loans: number,
    /** The services' clock minus the bench's (CLEARPATH_CLOCK_OFFSET_MS given to them): taken off decided_at. */
    private readonly clockOffsetMs = 0,
  ) {
    this.decidedMs = new Float64Array(loans).fill(Number.NaN);
    this.seenMs = new Float64Array(loans).fill(Number.NaN);
    this.kind = new Uint8Array(loans);
  }

  get complete(): boolean {
    return this.decided >= this.loans;
  }

  /**
   * Reads the rows added since the poll before last. The scheduler commits its dispatch
   * transactions one after the other, so ids become visible in order; re-reading one poll's worth
   * covers a transaction that took its ids before another committed, at the cost of a few rows.
   */
  async poll(): Promise<number> {
    const from = this.previousMaxId;
    let newest = this.maxId;
    let added = 0;
    for (let after = from; ; ) {
      const { rows } = await this.db.query<{ id: string; loan_id: string; kind: string; ms: number }>(
        `SELECT id::text AS id, loan_id, kind, extract(epoch FROM decided_at) * 1000 AS ms
         FROM ${this.schema}.compliance_decisions WHERE id > $1 ORDER BY id LIMIT 50000`,
        [after],
      );
      const now = Date.now();
      for (const row of rows) {
        const id = Number(row.id);
        if (id > newest) newest = id;
        if (id > this.maxId) this.rows++;
        if (!row.loan_id.startsWith(this.prefix)) continue;
        const i = Number(row.loan_id.slice(this.prefix.length));
        if (!Number.isInteger(i) || i < 0 || i >= this.loans) continue;
        const ms = Number(row.ms) - this.clockOffsetMs;
        if (this.kind[i] === 0) {
          this.kind[i] = DECISION_KINDS.indexOf(row.kind as DecisionKind) + 1;
          this.decidedMs[i] = ms;
          this.seenMs[i] = now;
          this.decided++;
          added++;
        } else if (ms < this.decidedMs[i]) {
          this.decidedMs[i] = ms;
          this.kind[i] = DECISION_KINDS.indexOf(row.kind as DecisionKind) + 1;
        }
      }
      if (rows.length < 50000) break;
      after = Number(rows[rows.length - 1].id);
    }
    this.previousMaxId = this.maxId;
    this.maxId = newest;
    return added;
  }

  /**
   * The authoritative read at the end: each loan's first row by id (the index on (loan_id, id)),
   * straight from the table. Answers how many loans it found that the polls had missed or dated
   * differently (expected 0).
   */
  async reconcile(): Promise<{ mismatched: number }> {
    const { rows } = await this.db.query<{ loan_id: string; kind: string; ms: number }>(
      `SELECT DISTINCT ON (loan_id) loan_id, kind, extract(epoch FROM decided_at) * 1000 AS ms
       FROM ${this.schema}.compliance_decisions WHERE starts_with(loan_id, $1) ORDER BY loan_id, id`,
      [this.prefix],
    );
    let mismatched = 0;
    const now = Date.now();
    for (const row of rows) {
      const i = Number(row.loan_id.slice(this.prefix.length));
      if (!Number.isInteger(i) || i < 0 || i >= this.loans) continue;
      const ms = Number(row.ms) - this.clockOffsetMs;
      if (this.kind[i] === 0) {
        this.decided++;
        this.seenMs[i] = now;
        mismatched++;
      } else if (this.decidedMs[i] !== ms) {
        mismatched++;
      }
      this.decidedMs[i] = ms;
      this.kind[i] = DECISION_KINDS.indexOf(row.kind as DecisionKind) + 1;
    }
    return { mismatched };
  }

  kinds(): Record<DecisionKind, number> {
    const out = Object.fromEntries(DECISION_KINDS.map((k) => [k, 0])) as Record<DecisionKind, number>;
    for (const k of this.kind) if (k > 0) out[DECISION_KINDS[k - 1]]++;
    return out;
  }
}
