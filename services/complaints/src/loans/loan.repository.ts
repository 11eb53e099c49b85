import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { LoanDelinquencyUpdatedV1, Jurisdiction, Locale } from '@clearpath/contracts';
import { earliestKnownDate } from './loan-known-since';

export interface KnownLoan {
  readonly loanId: string;
  readonly customerId: string;
  readonly jurisdiction: Jurisdiction;
  readonly timezone: string;
  readonly locale: Locale;
  /** The earliest local day any event showed the loan existed (`YYYY-MM-DD`); null when none carried a date. */
  readonly knownSince: string | null;
}

/** The little complaints needs to know about a loan: whose it is, and the debtor's jurisdiction, zone and language. */
@Injectable()
export class LoanRepository {
  async find(m: EntityManager, loanId: string): Promise<KnownLoan | null> {
    const rows: Array<{ loan_id: string; customer_id: string; jurisdiction: Jurisdiction; timezone: string; locale: Locale; known_since: string | null }> =
      await m.query(
        `SELECT loan_id, customer_id, jurisdiction, timezone, locale, to_char(known_since, 'YYYY-MM-DD') AS known_since FROM loans WHERE loan_id = $1`,
        [loanId],
      );
    const r = rows[0];
    return r
      ? { loanId: r.loan_id, customerId: r.customer_id, jurisdiction: r.jurisdiction, timezone: r.timezone, locale: r.locale, knownSince: r.known_since }
      : null;
  }

  /**
   * Upserts the loans' facts; a row only moves forward in loan sequence, so a redelivered or
   * reordered older event cannot overwrite newer facts. The earliest known day is the exception: it
   * only moves earlier, and an older event's evidence counts as much as a newer one's (a later
   * event's 12-month history no longer shows the first months). Answers the loan ids whose facts changed.
   */
  async upsert(m: EntityManager, updates: readonly LoanDelinquencyUpdatedV1[], at: Date): Promise<Set<string>> {
    if (updates.length === 0) return new Set();
    const earliest = earliestPerLoan(updates);
    const rows: Array<{ loan_id: string }> = await m.query(
      `INSERT INTO loans (loan_id, customer_id, loan_sequence, jurisdiction, timezone, locale, known_since, updated_at)
       SELECT u->>'loanId', u->>'customerId', (u->>'loanSequence')::bigint, u->>'jurisdiction', u->>'timezone', u->>'locale', (u->>'knownSince')::date, $2
       FROM jsonb_array_elements($1::jsonb) u
       ON CONFLICT (loan_id) DO UPDATE SET customer_id = EXCLUDED.customer_id, loan_sequence = EXCLUDED.loan_sequence,
         jurisdiction = EXCLUDED.jurisdiction, timezone = EXCLUDED.timezone, locale = EXCLUDED.locale, updated_at = EXCLUDED.updated_at
       WHERE loans.loan_sequence < EXCLUDED.loan_sequence
       RETURNING loan_id`,
      [JSON.stringify(latestPerLoan(updates).map((u) => ({ ...u, knownSince: earliest.get(u.loanId) ?? null }))), at],
    );
    await m.query(
      `UPDATE loans l SET known_since = k.known_since
       FROM (SELECT k->>'loanId' AS loan_id, (k->>'knownSince')::date AS known_since FROM jsonb_array_elements($1::jsonb) k) k
       WHERE l.loan_id = k.loan_id AND (l.known_since IS NULL OR k.known_since < l.known_since)`,
      [JSON.stringify([...earliest].map(([loanId, knownSince]) => ({ loanId, knownSince })))],
    );
    return new Set(rows.map((r) => r.loan_id));
  }
}

/** Per loan, the earliest day any of the updates shows it existed (loans with no dated evidence are left out). */
function earliestPerLoan(updates: readonly LoanDelinquencyUpdatedV1[]): Map<string, string> {
  const earliest = new Map<string, string>();
  for (const u of updates) {
    const day = earliestKnownDate(u);
    const seen = earliest.get(u.loanId);
    if (day !== null && (seen === undefined || day < seen)) earliest.set(u.loanId, day);
  }
  return earliest;
}

/** One row per loan (the highest sequence): ON CONFLICT cannot touch the same row twice in one statement. */
function latestPerLoan(updates: readonly LoanDelinquencyUpdatedV1[]): LoanDelinquencyUpdatedV1[] {
  const latest = new Map<string, LoanDelinquencyUpdatedV1>();
  for (const u of updates) {
    const seen = latest.get(u.loanId);
    if (!seen || seen.loanSequence < u.loanSequence) latest.set(u.loanId, u);
  }
  return [...latest.values()];
}
