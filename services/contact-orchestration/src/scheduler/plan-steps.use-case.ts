import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { CaseRecord } from '../cases/case-record';
import { CaseRepository, type ContactDetails } from '../cases/case.repository';
import { CONTACT_POLICY, ContactPolicy } from '../config/contact-policy';
import { planDueSteps } from '../treatments/treatment.planner';
import type { ContactOutcome } from '@clearpath/contracts';
import type { Channel } from '../compliance/channel';
import { whereabouts } from '../cases/debtor-whereabouts';
import { planningState } from '../treatments/planning-state';
import { debtorUnreachable, type AttemptHistoryRow } from './attempt-history';
import { THIRD_PARTY_STEP, THIRD_PARTY_TEMPLATE, VALIDATION_NOTICE_STEP } from './moment-of-contact';

/** An attempt as the planner inserts it (jsonb_to_recordset reads these names). */
interface PlannedAttempt {
  loanId: string;
  customerId: string;
  treatmentId: string;
  treatmentVersion: number;
  treatmentEpisode: number;
  stepId: string;
  channel: Channel;
  templateId: string;
  templateVersion: number | null;
  plannedOverdue: string | null;
  thirdPartyId: string | null;
}

/** Stale validation notices re-planned at most this many times in all. */
const MAX_NOTICE_TRIES = 5;

/**
 * Turns the treatment steps due now into planned attempts. Idempotent: an attempt is unique per
 * (loan, treatment, version, episode, step), and the case records the step as done in the same
 * transaction. Cases are claimed with SKIP LOCKED, so instances plan different cases.
 */
@Injectable()
export class PlanStepsUseCase {
  constructor(
    private readonly cases: CaseRepository,
    @Inject(CONTACT_POLICY) private readonly policy: ContactPolicy,
  ) {}

  /** Plans one batch of cases; answers how many cases it looked at. */
  async execute(m: EntityManager, now: Date): Promise<{ cases: number; attempts: number }> {
    const { batchSize, planIntervalMs } = this.policy.settings;
    // Changed cases first (a new verdict, a payment, new details: what the debtor hears next depends
    // on them), then the unchanged ones whose planning interval has passed.
    const claimed: Array<{ loan_id: string }> = await m.query(
      `SELECT loan_id FROM cases WHERE plan_dirty AND state = 'ACTIVE' AND treatment_id IS NOT NULL LIMIT $1 FOR UPDATE SKIP LOCKED`,
      [batchSize],
    );
    if (claimed.length < batchSize) {
      claimed.push(
        ...(await m.query(
          `SELECT loan_id FROM cases
           WHERE state = 'ACTIVE' AND treatment_id IS NOT NULL AND NOT plan_dirty AND (planned_at IS NULL OR planned_at <= $1)
           LIMIT $2 FOR UPDATE SKIP LOCKED`,
          [new Date(now.getTime() - planIntervalMs), batchSize - claimed.length],
        )),
      );
    }
    if (claimed.length === 0) return { cases: 0, attempts: 0 };
    const records = await this.cases.find(
      m,
      claimed.map((c) => c.loan_id),
    );
    const details = await this.cases.contactDetails(m, [...new Set([...records.values()].map((r) => r.customerId))]);

    const attempts: PlannedAttempt[] = [];
    const done: Array<{ loanId: string; steps: string[] }> = [];
    for (const record of records.values()) {
      const treatment = record.treatmentId === null ? undefined : this.policy.treatments.find(record.treatmentId);
      const state = planningState(record, whereabouts(record, details.get(record.customerId)));
      if (treatment === undefined || state === null || treatment.version !== record.treatmentVersion) continue;
      const due = planDueSteps(treatment, state, now);
      if (due.length === 0) continue;
      done.push({ loanId: record.loanId, steps: due.map((s) => s.stepId) });
      for (const step of due) {
        // What the message will say is owed: if that changes before it goes out, it is stale.
        attempts.push(this.attemptOf(record, step, { plannedOverdue: record.overdueAmount }));
      }
    }
    attempts.push(...(await this.validationNotices(m, [...records.values()], details)));
    attempts.push(...(await this.thirdPartyLocates(m, [...records.values()])));
    let inserted = 0;
    if (attempts.length > 0) {
      const rows: unknown[] = await m.query(
        `INSERT INTO contact_attempts (loan_id, customer_id, treatment_id, treatment_version, treatment_episode, step_id, channel, template_id,
           template_version, planned_overdue, third_party_id, status, due_at, created_at, updated_at)
         SELECT r."loanId", r."customerId", r."treatmentId", r."treatmentVersion", r."treatmentEpisode", r."stepId", r.channel, r."templateId",
           r."templateVersion", r."plannedOverdue"::numeric, r."thirdPartyId", 'planned', $2, $2, $2
         FROM jsonb_to_recordset($1::jsonb) AS r("loanId" text, "customerId" text, "treatmentId" text, "treatmentVersion" int,
           "treatmentEpisode" int, "stepId" text, channel text, "templateId" text, "templateVersion" int, "plannedOverdue" text, "thirdPartyId" uuid)
         ON CONFLICT (loan_id, treatment_id, treatment_version, treatment_episode, step_id) DO NOTHING
         RETURNING id`,
        [JSON.stringify(attempts), now],
      );
      inserted = rows.length;
    }
    // A case changed after this pass's `now` (its verdict arrived while a long tick ran) was judged
    // with a clock behind its own events — its first step looked not yet due: it stays dirty, so the
    // next pass, with a later `now`, plans it again instead of leaving it for the planning interval.
    await m.query(
      `UPDATE cases c SET plan_dirty = (c.updated_at > $2), planned_at = $2,
         steps_done = ARRAY(SELECT DISTINCT unnest(c.steps_done || coalesce(d.steps, '{}'::text[])))
       FROM (SELECT l.loan_id, s.steps FROM unnest($1::text[]) AS l(loan_id)
             LEFT JOIN (SELECT x->>'loanId' AS loan_id, ARRAY(SELECT jsonb_array_elements_text(x->'steps')) AS steps
                        FROM jsonb_array_elements($3::jsonb) x) s USING (loan_id)) d
       WHERE c.loan_id = d.loan_id`,
      [claimed.map((c) => c.loan_id), now, JSON.stringify(done)],
    );
    return { cases: claimed.length, attempts: inserted };
  }

  /** One attempt row to insert: the case's loan, person and episode, the step, the template's version in force. */
  private attemptOf(
    record: CaseRecord,
    step: { treatmentId: string; treatmentVersion: number; stepId: string; channel: Channel; templateId: string },
    extra: { plannedOverdue: string | null; thirdPartyId?: string },
  ): PlannedAttempt {
    return {
      loanId: record.loanId,
      customerId: record.customerId,
      treatmentId: step.treatmentId,
      treatmentVersion: step.treatmentVersion,
      treatmentEpisode: record.treatmentEpisode,
      stepId: step.stepId,
      channel: step.channel,
      templateId: step.templateId,
      templateVersion: this.policy.templates.find(step.templateId)?.version ?? null,
      plannedOverdue: extra.plannedOverdue,
      thirdPartyId: extra.thirdPartyId ?? null,
    };
  }

  /**
   * US debts whose initial communication went out and whose validation notice has not and is not on its way get one, due now: by
   * e-mail where the debtor has an address, else by letter (12 CFR 1006.34, 1006.42). Each try has
   * its own step id, so a notice cancelled or blocked is planned again.
   */
  private async validationNotices(m: EntityManager, records: readonly CaseRecord[], details: Map<string, ContactDetails>): Promise<PlannedAttempt[]> {
    // Planned once the initial communication went out: the notice follows it within 5 days, and the
    // first contact of a debt is never held back by it.
    const due = records.filter(
      (r) =>
        r.jurisdiction === 'US' &&
        r.treatmentId !== null &&
        r.treatmentVersion !== null &&
        (r.initialContactAt ?? null) !== null &&
        (r.validationNoticeSentAt ?? null) === null,
    );
    if (due.length === 0) return [];
    // A notice on its way, or one a stop rule blocked (collection is stopped then too), is not planned
    // again; one cancelled as stale (the amount changed) is, a few times at most.
    const tries: Array<{ loan_id: string; tries: number; settled: boolean }> = await m.query(
      `SELECT loan_id, count(*)::int AS tries, bool_or(status <> 'cancelled') AS settled
       FROM contact_attempts WHERE loan_id = ANY($1::text[]) AND step_id LIKE $2 GROUP BY loan_id`,
      [due.map((r) => r.loanId), `${VALIDATION_NOTICE_STEP}%`],
    );
    const byLoan = new Map(tries.map((t) => [t.loan_id, t]));
    return due
      .filter((r) => byLoan.get(r.loanId) === undefined || (!byLoan.get(r.loanId)!.settled && byLoan.get(r.loanId)!.tries < MAX_NOTICE_TRIES))
      .map((r) => {
        const channel = (details.get(r.customerId)?.email ?? null) !== null && !r.optedOutChannels.includes('EMAIL') ? 'EMAIL' : 'LETTER';
        const templateId = channel === 'EMAIL' ? 'us-validation-notice-email' : 'us-validation-notice-letter';
        const n = byLoan.get(r.loanId)?.tries ?? 0;
        const stepId = n === 0 ? VALIDATION_NOTICE_STEP : `${VALIDATION_NOTICE_STEP}-${n + 1}`;
        return this.attemptOf(
          r,
          { treatmentId: r.treatmentId!, treatmentVersion: r.treatmentVersion!, stepId, channel, templateId },
          { plannedOverdue: r.overdueAmount },
        );
      });
  }

  /**
   * A debtor who cannot be reached by phone ({@link debtorUnreachable}): each third party they named
   * with a location contact still due gets one SMS (on one of the person's active loans), asking
   * only how to reach them. A third party is asked once, again only if they asked for more.
   */
  private async thirdPartyLocates(m: EntityManager, records: readonly CaseRecord[]): Promise<PlannedAttempt[]> {
    const byCustomer = new Map<string, CaseRecord>();
    for (const r of records) if (r.treatmentId !== null && r.treatmentVersion !== null && !byCustomer.has(r.customerId)) byCustomer.set(r.customerId, r);
    if (byCustomer.size === 0) return [];
    const due: Array<{ id: string; customer_id: string; contacts_made: number }> = await m.query(
      `SELECT t.id, t.customer_id, t.contacts_made FROM third_parties t
       WHERE t.customer_id = ANY($1::text[]) AND t.withdrawn_at IS NULL AND t.contacts_made < t.contacts_allowed
         AND NOT EXISTS (SELECT 1 FROM contact_attempts a WHERE a.third_party_id = t.id AND a.status IN ('planned', 'deferred'))`,
      [[...byCustomer.keys()]],
    );
    if (due.length === 0) return [];
    const recent: Array<{ customer_id: string; channel: Channel; status: string; outcome: ContactOutcome | null; sent_at: Date }> = await m.query(
      `SELECT customer_id, channel, status, outcome, sent_at FROM contact_attempts
       WHERE customer_id = ANY($1::text[]) AND sent_at IS NOT NULL AND third_party_id IS NULL AND channel IN ('SMS', 'VOICE', 'IM')
       ORDER BY customer_id, sent_at`,
      [[...new Set(due.map((d) => d.customer_id))]],
    );
    const rowsOf = new Map<string, AttemptHistoryRow[]>();
    for (const r of recent)
      rowsOf.set(r.customer_id, [
        ...(rowsOf.get(r.customer_id) ?? []),
        { sentAt: r.sent_at.toISOString(), channel: r.channel, status: r.status, outcome: r.outcome },
      ]);
    return due
      .filter((d) => debtorUnreachable(rowsOf.get(d.customer_id) ?? []))
      .map((d) => {
        const r = byCustomer.get(d.customer_id)!;
        const stepId = `${THIRD_PARTY_STEP}-${d.id}-${d.contacts_made + 1}`;
        return this.attemptOf(
          r,
          { treatmentId: r.treatmentId!, treatmentVersion: r.treatmentVersion!, stepId, channel: 'SMS', templateId: THIRD_PARTY_TEMPLATE },
          { plannedOverdue: null, thirdPartyId: d.id },
        );
      });
  }
}
