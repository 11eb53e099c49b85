import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { LoanDelinquencyUpdatedV1 } from '@clearpath/contracts';
import type { Jurisdiction } from '../deadlines/complaint-deadlines';
import type { Locale } from '../letters/response-letter';

export interface KnownLoan {
  readonly loanId: string;
  readonly customerId: string;
  readonly jurisdiction: Jurisdiction;
  readonly timezone: string;
  readonly locale: Locale;
}

/** The little complaints needs to know about a loan: whose it is, and the debtor's jurisdiction, zone and language. */
@Injectable()
export class LoanRepository {
  async find(m: EntityManager, loanId: string): Promise<KnownLoan | null> {
    const rows: Array<{ loan_id: string; customer_id: string; jurisdiction: Jurisdiction; timezone: string; locale: Locale }> = await m.query(
      `SELECT loan_id, customer_id, jurisdiction, timezone, locale FROM loans WHERE loan_id = $1`,
      [loanId],
    );
    const r = rows[0];
    return r ? { loanId: r.loan_id, customerId: r.customer_id, jurisdiction: r.jurisdiction, timezone: r.timezone, locale: r.locale } : null;
  }

  /**
   * Upserts in one statement; a row only moves forward in loan sequence, so a redelivered or
   * reordered older event cannot overwrite newer facts. Answers the loan ids it changed.
   */
  async upsert(m: EntityManager, updates: readonly LoanDelinquencyUpdatedV1[], at: Date): Promise<Set<string>> {
    if (updates.length === 0) return new Set();
    const rows: Array<{ loan_id: string }> = await m.query(
      `INSERT INTO loans (loan_id, customer_id, loan_sequence, jurisdiction, timezone, locale, updated_at)
       SELECT u->>'loanId', u->>'customerId', (u->>'loanSequence')::bigint, u->>'jurisdiction', u->>'timezone', u->>'locale', $2
       FROM jsonb_array_elements($1::jsonb) u
       ON CONFLICT (loan_id) DO UPDATE SET customer_id = EXCLUDED.customer_id, loan_sequence = EXCLUDED.loan_sequence,
         jurisdiction = EXCLUDED.jurisdiction, timezone = EXCLUDED.timezone, locale = EXCLUDED.locale, updated_at = EXCLUDED.updated_at
       WHERE loans.loan_sequence < EXCLUDED.loan_sequence
       RETURNING loan_id`,
      [JSON.stringify(latestPerLoan(updates)), at],
    );
    return new Set(rows.map((r) => r.loan_id));
  }
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
