import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import { TOPICS, newEnvelope, normalizeAmount, type Clock, type ContactOutcomeRecordedEventV1 } from '@clearpath/contracts';
import { eventRecord, writeToOutbox } from '@clearpath/messaging';
import { CLOCK, DATA_SOURCE } from '@clearpath/platform';
import { attemptRecorded } from '../audit/contact-attempt.events';
import { CaseRepository } from '../cases/case.repository';
import { AGENT_CHANNELS, type Channel } from '../compliance/channel';
import { STALE_CONTENT, supersededBy } from '../compliance/stale-content.rule';
import { ComplianceStatesService } from '../protections/compliance-states.service';
import { AttemptCancellation } from '../scheduler/attempt-cancellation';
import { applyOutcome, type OutcomeRequest } from './contact-outcome';
import { checkOutcomeDuty, outcomeDutyProblem } from './outcome-duties';

export interface RecordedOutcome {
  readonly outcomeId: string;
  readonly eventId: string;
  readonly attemptId: string;
  readonly loanId: string;
  readonly outcome: OutcomeRequest['outcome'];
}

/**
 * Records how a contact ended: the case changes at once (so the next guard decision sees it), the
 * outcome is kept with the attempt, and a ContactOutcomeRecorded event goes out through the
 * outbox — all in one transaction.
 */
@Injectable()
export class RecordOutcomeUseCase {
  constructor(
    private readonly cases: CaseRepository,
    private readonly cancellation: AttemptCancellation,
    private readonly states: ComplianceStatesService,
    @Inject(DATA_SOURCE) private readonly dataSource: DataSource,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /**
   * null: no such attempt; `not-made`: a call or visit that was never dialled or started. The
   * separation of duties (outcome-duties.ts) answers 403 / 409 as a ProblemException. The attempt's
   * row is locked first, so two outcomes for one attempt are decided one after the other.
   */
  async execute(
    attemptId: string,
    request: OutcomeRequest,
    by: { subject: string; role: 'agent' | 'service' | 'supervisor' },
    correlationId: string,
  ): Promise<RecordedOutcome | null | 'not-made'> {
    const now = this.clock.now();
    return this.dataSource.transaction(async (m) => {
      const attempts: Array<{ loan_id: string; customer_id: string; channel: Channel; treatment_id: string; template_id: string; outcome: string | null }> =
        await m.query(`SELECT loan_id, customer_id, channel, treatment_id, template_id, outcome FROM contact_attempts WHERE id = $1 FOR UPDATE`, [attemptId]);
      const attempt = attempts[0];
      if (attempt === undefined) return null;
      // A call or visit has an outcome only once it was made through the platform (dial / visit),
      // and it is the outcome of the latest one made.
      let contact: { id: string; agent: string; outcome: string | null } | null = null;
      if (AGENT_CHANNELS.includes(attempt.channel)) {
        const made: Array<{ id: string; agent: string; outcome: string | null }> = await m.query(
          `SELECT id, agent, outcome FROM agent_contacts WHERE attempt_id = $1 ORDER BY started_at DESC, id DESC LIMIT 1`,
          [attemptId],
        );
        if (made.length === 0) return 'not-made';
        contact = made[0]!;
      }
      const duty = checkOutcomeDuty({ channel: attempt.channel, by: by.subject, attemptOutcome: attempt.outcome, contact });
      if (!duty.ok) throw outcomeDutyProblem(duty);
      if (contact !== null) await m.query(`UPDATE agent_contacts SET outcome = $2 WHERE id = $1`, [contact.id, request.outcome]);
      const record = await this.cases.findOne(m, attempt.loan_id, true);
      if (record !== null) {
        const next = applyOutcome(record, request, now);
        await this.cases.save(m, [next]);
        // A promise or a hardship pause supersedes the loan's messages still waiting to go out.
        const reason = supersededBy(record, next);
        if (reason !== null) await this.cancellation.supersedePending(m, new Map([[attempt.loan_id, reason]]), STALE_CONTENT, now);
      }
      // A dispute opens the loan's dispute lifecycle; an opt-out is the person's, on every loan.
      if (request.outcome === 'dispute') await this.states.openDispute(m, attempt.loan_id, by, null, now);
      if (request.outcome === 'opt-out') await this.states.optOut(m, attempt.customer_id, request.channel, 'outcome', now);

      const outcomeId = randomUUID();
      const detail =
        request.outcome === 'promise-to-pay'
          ? { amount: request.amount, date: request.date }
          : request.outcome === 'opt-out'
            ? { channel: request.channel }
            : request.outcome === 'callback-requested' && request.at !== undefined
              ? { at: request.at }
              : {};
      await m.query(
        `INSERT INTO contact_outcomes (id, attempt_id, loan_id, outcome, detail, recorded_by, recorded_role, recorded_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
        [outcomeId, attemptId, attempt.loan_id, request.outcome, JSON.stringify(detail), by.subject, by.role, now],
      );
      await m.query(`UPDATE contact_attempts SET outcome = $2, outcome_at = $3, updated_at = $3 WHERE id = $1`, [attemptId, request.outcome, now]);

      const event: ContactOutcomeRecordedEventV1 = newEnvelope({
        eventId: outcomeId,
        eventType: 'ContactOutcomeRecorded',
        schemaVersion: 1,
        occurredAt: now,
        correlationId,
        causationId: null,
        payload: {
          loanId: attempt.loan_id,
          customerId: attempt.customer_id,
          attemptId,
          channel: attempt.channel,
          outcome: request.outcome,
          promise:
            request.outcome === 'promise-to-pay' ? { amount: normalizeAmount(request.amount), currency: record?.currency ?? 'XXX', date: request.date } : null,
          optOutChannel: request.outcome === 'opt-out' ? request.channel : null,
          callbackAt: request.outcome === 'callback-requested' && request.at !== undefined ? new Date(request.at).toISOString() : null,
          // v1 of the contract names the non-person caller `system`, the role's name before it was split.
          recordedByRole: by.role === 'service' ? 'system' : by.role,
          recordedAt: now.toISOString(),
        },
      });
      // The collector behind the outcome goes on contact-attempts (for complaints' scorecards); one recorded by a service has none.
      const agentId = by.role === 'service' ? null : by.subject;
      const ref = {
        attemptId,
        loanId: attempt.loan_id,
        customerId: attempt.customer_id,
        channel: attempt.channel,
        treatmentId: attempt.treatment_id,
        templateId: attempt.template_id,
      };
      await writeToOutbox(m, [
        eventRecord(TOPICS.contactOutcomes.name, attempt.loan_id, event),
        attemptRecorded(ref, 'outcome', { agentId, outcome: request.outcome }, now),
      ]);
      return { outcomeId, eventId: event.eventId, attemptId, loanId: attempt.loan_id, outcome: request.outcome };
    });
  }
}
