import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { CaseFeatures } from './case-features';
import type { RiskVerdict } from '../scoring/risk-verdict';

export interface VerdictChange {
  readonly loanId: string;
  readonly loanSequence: number;
  readonly verdict: RiskVerdict;
  readonly causeEventId: string;
}

/** Set-based reads and writes, so a chunk of 500 events costs a handful of statements. */
@Injectable()
export class CaseRepository {
  async findFeatures(m: EntityManager, loanIds: string[]): Promise<Map<string, CaseFeatures>> {
    const rows: Array<{ features: CaseFeatures }> = await m.query(`SELECT features FROM case_features WHERE loan_id = ANY($1::text[])`, [loanIds]);
    return new Map(rows.map((r) => [r.features.loanId, r.features]));
  }

  async findVerdicts(m: EntityManager, loanIds: string[]): Promise<Map<string, RiskVerdict>> {
    const rows: Array<{ loan_id: string; verdict: RiskVerdict }> = await m.query(`SELECT loan_id, verdict FROM case_risk WHERE loan_id = ANY($1::text[])`, [
      loanIds,
    ]);
    return new Map(rows.map((r) => [r.loan_id, r.verdict]));
  }

  async saveFeatures(m: EntityManager, features: CaseFeatures[]): Promise<void> {
    if (features.length === 0) return;
    await m.query(
      `INSERT INTO case_features (loan_id, customer_id, loan_sequence, status, features, updated_at)
       SELECT f->>'loanId', f->>'customerId', (f->>'loanSequence')::bigint, f->>'status', f, (f->>'updatedAt')::timestamptz
       FROM jsonb_array_elements($1::jsonb) f
       ON CONFLICT (loan_id) DO UPDATE SET customer_id = EXCLUDED.customer_id, loan_sequence = EXCLUDED.loan_sequence,
         status = EXCLUDED.status, features = EXCLUDED.features, updated_at = EXCLUDED.updated_at`,
      [JSON.stringify(features)],
    );
  }

  /** Stores the latest verdict of every scored case; `changed` ones also go to the history. */
  async saveVerdicts(m: EntityManager, scored: Array<{ loanId: string; verdict: RiskVerdict }>, changed: VerdictChange[], at: Date): Promise<void> {
    if (scored.length > 0) {
      await m.query(
        `INSERT INTO case_risk (loan_id, verdict, scored_at, changed_at)
         SELECT v->>'loanId', v->'verdict', $2, $2 FROM jsonb_array_elements($1::jsonb) v
         ON CONFLICT (loan_id) DO UPDATE SET verdict = EXCLUDED.verdict, scored_at = EXCLUDED.scored_at,
           changed_at = CASE WHEN EXCLUDED.loan_id = ANY($3::text[]) THEN EXCLUDED.changed_at ELSE case_risk.changed_at END`,
        [JSON.stringify(scored), at, changed.map((c) => c.loanId)],
      );
    }
    if (changed.length > 0) {
      await m.query(
        `INSERT INTO case_risk_history (loan_id, loan_sequence, arm, band, segment, treatment, model_version, policy_version, verdict, cause_event_id, changed_at)
         SELECT c->>'loanId', (c->>'loanSequence')::bigint, c->'verdict'->>'arm', c->'verdict'->>'band', c->'verdict'->>'segment',
           c->'verdict'->>'treatment', c->'verdict'->>'modelVersion', c->'verdict'->>'policyVersion', c->'verdict',
           (c->>'causeEventId')::uuid, $2
         FROM jsonb_array_elements($1::jsonb) c`,
        [JSON.stringify(changed), at],
      );
    }
  }

  async current(
    m: EntityManager,
    loanId: string,
  ): Promise<{ features: CaseFeatures; verdict: RiskVerdict | null; scoredAt: string | null; changedAt: string | null } | null> {
    const rows: Array<{ features: CaseFeatures; verdict: RiskVerdict | null; scored_at: Date | null; changed_at: Date | null }> = await m.query(
      `SELECT f.features, r.verdict, r.scored_at, r.changed_at FROM case_features f LEFT JOIN case_risk r USING (loan_id) WHERE f.loan_id = $1`,
      [loanId],
    );
    const row = rows[0];
    if (!row) return null;
    return { features: row.features, verdict: row.verdict, scoredAt: row.scored_at?.toISOString() ?? null, changedAt: row.changed_at?.toISOString() ?? null };
  }

  async history(m: EntityManager, loanId: string, limit = 100) {
    const rows: Array<{ loan_sequence: string; verdict: RiskVerdict; cause_event_id: string; changed_at: Date }> = await m.query(
      `SELECT loan_sequence, verdict, cause_event_id, changed_at FROM case_risk_history WHERE loan_id = $1 ORDER BY id DESC LIMIT $2`,
      [loanId, limit],
    );
    return rows.map((r) => ({ loanSequence: Number(r.loan_sequence), changedAt: r.changed_at.toISOString(), causeEventId: r.cause_event_id, ...r.verdict }));
  }
}
