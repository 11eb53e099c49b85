import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { addDays, localDate, startOfLocalDay, type ContactOutcome } from '@clearpath/contracts';
import type { PersonalDataVault } from '@clearpath/persistence';
import { PERSONAL_DATA_VAULT } from '@clearpath/platform';
import type { CaseRecord } from '../cases/case-record';
import { CaseRepository, type ContactDetails } from '../cases/case.repository';
import { AGENT_CHANNELS, type Channel } from '../compliance/channel';
import { decide } from '../compliance/contact-guard';
import type { ComplaintCategory, Decision } from '../compliance/contact-guard.types';
import type { JurisdictionProfile } from '../compliance/jurisdiction-profiles';
import { staleReason } from '../compliance/stale-content.rule';
import { CONTACT_POLICY, ContactPolicy } from '../config/contact-policy';
import { openText } from '../personal-data/sealed-text';
import { standardDisclosures } from '../templates/disclosure.lines';
import type { RenderResult } from '../templates/template.renderer';
import { whereabouts, type DebtorWhereabouts } from '../cases/debtor-whereabouts';
import type { PersonProtections } from '../protections/person-protections';
import { selfServiceLink } from '../self-service/self-service-link';
import { debtorUnreachable, historyFor, type AttemptHistoryRow } from './attempt-history';
import { guardContext } from './guard-context';
import { personKey } from './person-key';

/** An attempt about to reach a person: a message handed to its provider, a call dialled, a visit started. */
export interface PendingAttempt {
  readonly id: string;
  readonly loan_id: string;
  readonly customer_id: string;
  readonly treatment_id: string;
  readonly channel: Channel;
  readonly template_id: string;
  readonly template_version: number | null;
  readonly step_id: string;
  /** The overdue amount when the attempt was planned (decimal string); null for attempts planned before it was kept. */
  readonly planned_overdue: string | null;
  /** A location contact: the third party it goes to (not the debtor). */
  readonly third_party_id: string | null;
}

/** A third party the debtor named, as a location contact needs them. */
export interface ThirdParty {
  readonly phone: string;
  /** Still to be asked (not withdrawn, fewer contacts made than allowed). */
  readonly due: boolean;
}

/** Everything the rules read about the people of a set of attempts, read once (under their locks when it decides). */
export interface ContactFacts {
  readonly records: Map<string, CaseRecord>;
  readonly details: Map<string, ContactDetails>;
  readonly persons: Map<string, PersonProtections>;
  readonly loanComplaints: Map<string, Array<{ category: ComplaintCategory }>>;
  /** Per customer: every attempt over all their loans in the look-back, oldest first. */
  readonly history: Map<string, AttemptHistoryRow[]>;
  /** The third parties of location contacts among the attempts. */
  readonly thirdParties: Map<string, ThirdParty>;
}

export type Judgement =
  | { readonly kind: 'waiting' }
  | { readonly kind: 'stale'; readonly reason: string }
  | { readonly kind: 'error'; readonly message: string; readonly where: DebtorWhereabouts }
  | {
      readonly kind: 'decided';
      readonly decision: Decision;
      readonly rendered: RenderResult;
      readonly text: string | undefined;
      readonly where: DebtorWhereabouts;
      readonly record: CaseRecord;
      readonly contact: ContactDetails;
    };

/**
 * How far back the history reaches: the longest period of any frequency rule in force (a lender
 * may lengthen Reg F's quiet period up to 366 days), plus a day for any time zone.
 */
export function historyDays(profiles: Readonly<Record<string, JurisdictionProfile>>): number {
  const days = Object.values(profiles).flatMap((p) => p.frequency.map((f) => (f.kind === 'cap' ? f.windowDays : f.days)));
  return Math.max(1, ...days) + 1;
}
/** The step id (prefix) of a US debt's validation notice attempts (see PlanStepsUseCase). */
export const VALIDATION_NOTICE_STEP = 'validation-notice';
export const isValidationNotice = (stepId: string): boolean => stepId.startsWith(VALIDATION_NOTICE_STEP);
/** A location contact to a third party the debtor named (see PlanStepsUseCase.thirdPartyLocates). */
export const THIRD_PARTY_STEP = 'third-party-locate';
export const THIRD_PARTY_TEMPLATE = 'third-party-locate-sms';

/**
 * The last local day of the validation period of a notice sent at `sentAt`: 30 days after the
 * debtor receives it, receipt assumed 5 days after sending (12 CFR 1006.34(b)(5)).
 */
export function validationPeriodLastDay(timezone: string, sentAt: Date): string {
  return addDays(localDate(sentAt, timezone), 35);
}

/** When that period ends: the start of the day after its last day. */
export function validationPeriodEnds(timezone: string, sentAt: Date): Date {
  return startOfLocalDay(addDays(validationPeriodLastDay(timezone, sentAt), 1), timezone);
}

/**
 * The guard at the instant of contact, the same for every way a person is reached: the dispatcher
 * handing messages to providers and queueing work for people, an agent dialling, a field visit
 * starting. It locks the people (one advisory lock per customer, in one order everywhere, so two
 * dispatchers and an agent never decide about one person at once), reads what protects them over
 * all their loans and their whole contact history, renders the message from the case's facts of
 * this instant and asks the guard.
 */
@Injectable()
export class MomentOfContact {
  private readonly historyMs: number;

  constructor(
    private readonly cases: CaseRepository,
    @Inject(CONTACT_POLICY) private readonly policy: ContactPolicy,
    @Inject(PERSONAL_DATA_VAULT) private readonly vault: PersonalDataVault,
  ) {
    this.historyMs = historyDays(policy.profiles) * 86_400_000;
  }

  /** Serializes every contact decision about these people until the transaction ends. */
  async lockPersons(m: EntityManager, customerIds: readonly string[]): Promise<void> {
    const keys = [...new Set(customerIds.map(personKey))].sort();
    if (keys.length === 0) return;
    await m.query(`SELECT count(pg_advisory_xact_lock(hashtextextended('contact:' || k, 0))) FROM (SELECT k FROM unnest($1::text[]) AS k ORDER BY k) s`, [
      keys,
    ]);
  }

  /**
   * Reads the facts for these attempts. `queuedWork`: count calls and visits queued for agents and
   * not yet made as if made when queued (the dispatcher, so it does not queue more work for a person
   * than the caps allow); at the instant of a dial only what really happened counts.
   */
  async facts(m: EntityManager, attempts: readonly PendingAttempt[], now: Date, options: { queuedWork: boolean }): Promise<ContactFacts> {
    const customerIds = [...new Set(attempts.map((a) => a.customer_id))];
    const records = await this.cases.find(m, [...new Set(attempts.map((a) => a.loan_id))]);
    const details = await this.cases.contactDetails(m, customerIds);
    const { persons, loanComplaints } = await this.cases.protections(
      m,
      customerIds,
      now,
      attempts.some((a) => a.channel === 'FIELD_VISIT'),
    );
    const history = await this.history(m, customerIds, now, options.queuedWork);
    const tpIds = [...new Set(attempts.map((a) => a.third_party_id).filter((id): id is string => id !== null))];
    return { records, details, persons, loanComplaints, history, thirdParties: await this.thirdParties(m, tpIds) };
  }

  /** Sealed for the debtor who named them: one whose number does not open (the debtor erased) is left out, and not asked. */
  private async thirdParties(m: EntityManager, ids: readonly string[]): Promise<Map<string, ThirdParty>> {
    if (ids.length === 0) return new Map();
    const rows: Array<{ id: string; customer_id: string; phone: string; due: boolean }> = await m.query(
      `SELECT id, customer_id, phone, (withdrawn_at IS NULL AND contacts_made < contacts_allowed) AS due FROM third_parties WHERE id = ANY($1::uuid[])`,
      [ids],
    );
    const keys = await this.vault.forOpening(rows.map((r) => r.customer_id));
    const found = new Map<string, ThirdParty>();
    for (const r of rows) {
      const phone = openText(keys, r.customer_id, r.phone).value;
      if (phone !== null) found.set(r.id, { phone, due: r.due });
    }
    return found;
  }

  judge(attempt: PendingAttempt, facts: ContactFacts, now: Date): Judgement {
    const record = facts.records.get(attempt.loan_id);
    const contact = facts.details.get(attempt.customer_id);
    const where = record === undefined ? null : whereabouts(record, contact);
    // Without the debtor's time zone and details no rule can be judged nor message written.
    if (record === undefined || where === null || contact === undefined || record.dueDate === null || record.currency === null) return { kind: 'waiting' };
    const stale = staleReason({ overdueAmount: attempt.planned_overdue }, record);
    if (stale !== null) return { kind: 'stale', reason: stale };
    if (attempt.third_party_id !== null) return this.judgeLocate(attempt, facts, record, contact, where, now);
    try {
      const rendered = this.render(attempt, record, contact, where, now);
      const text = rendered.ok ? (rendered.subject === undefined ? rendered.body : `${rendered.subject}\n${rendered.body}`) : undefined;
      const proposal = {
        channel: attempt.channel,
        purpose: 'collection' as const,
        recipient: 'debtor' as const,
        spreadKey: attempt.id,
        ...(text !== undefined ? { templateText: text } : {}),
      };
      const context = guardContext(
        record,
        where,
        historyFor(facts.history.get(attempt.customer_id) ?? [], attempt.loan_id),
        facts.persons.get(attempt.customer_id),
        facts.loanComplaints.get(attempt.loan_id),
        {
          validationNotice: isValidationNotice(attempt.step_id),
        },
      );
      let decision = decide(proposal, context, now, this.policy.profiles[where.jurisdiction]);
      if (!rendered.ok) {
        // A message that breaks a content rule is never sent, whatever else the guard said.
        const contentIds = rendered.violations.map((v) => v.ruleId);
        decision = { kind: 'blocked', ruleIds: [...new Set([...(decision.kind === 'blocked' ? decision.ruleIds : []), ...contentIds])] };
      }
      return { kind: 'decided', decision, rendered, text, where, record, contact };
    } catch (error) {
      // The guard or the renderer could not judge this input: a failure, never an allowance.
      return { kind: 'error', message: (error as Error).message.slice(0, 500), where };
    }
  }

  /**
   * A location contact: to the third party, only while the debtor cannot be reached and the third
   * party is still due a contact, with a text checked for the third-party audience (no debt named).
   * The debtor's stops hold (a deceased, bankrupt or complaining debtor's acquaintances are not
   * asked either); caps and spacing are the debtor's, not the third party's.
   */
  private judgeLocate(
    attempt: PendingAttempt,
    facts: ContactFacts,
    record: CaseRecord,
    contact: ContactDetails,
    where: DebtorWhereabouts,
    now: Date,
  ): Judgement {
    const tp = facts.thirdParties.get(attempt.third_party_id!);
    if (tp === undefined || !tp.due) return { kind: 'stale', reason: 'third-party-not-due' };
    const rows = facts.history.get(attempt.customer_id) ?? [];
    try {
      const rendered = this.render(attempt, record, contact, where, now);
      const text = rendered.ok ? rendered.body : undefined;
      const proposal = {
        channel: attempt.channel,
        purpose: 'third-party-locate' as const,
        recipient: 'third-party' as const,
        ...(text !== undefined ? { templateText: text } : {}),
      };
      const base = guardContext(record, where, { person: [], debt: [] }, facts.persons.get(attempt.customer_id), facts.loanComplaints.get(attempt.loan_id), {
        validationNotice: true,
      });
      let decision = decide(
        proposal,
        { ...base, optedOutChannels: [], debtorUnreachable: debtorUnreachable(rows) },
        now,
        this.policy.profiles[where.jurisdiction],
      );
      if (!rendered.ok)
        decision = {
          kind: 'blocked',
          ruleIds: [...new Set([...(decision.kind === 'blocked' ? decision.ruleIds : []), ...rendered.violations.map((v) => v.ruleId)])],
        };
      return { kind: 'decided', decision, rendered, text, where, record, contact: { ...contact, phone: tp.phone, email: null, address: null } };
    } catch (error) {
      return { kind: 'error', message: (error as Error).message.slice(0, 500), where };
    }
  }

  /** Later decisions in the same transaction see a contact just made (or work just queued). */
  remember(facts: ContactFacts, attempt: PendingAttempt, at: Date): void {
    if (attempt.third_party_id !== null) return; // a contact to someone else: not the debtor's
    const rows = facts.history.get(attempt.customer_id) ?? [];
    rows.push({ loanId: attempt.loan_id, sentAt: at.toISOString(), channel: attempt.channel, status: 'sent', outcome: null });
    facts.history.set(attempt.customer_id, rows);
  }

  private render(attempt: PendingAttempt, record: CaseRecord, contact: ContactDetails, where: DebtorWhereabouts, now: Date): RenderResult {
    const settings = this.policy.settings;
    // A jurisdiction's own form (the US validation notice, in the model form's English) where the debtor's language has none.
    const locales = this.policy.templates.find(attempt.template_id)?.locales ?? {};
    const locale = locales[where.locale] !== undefined ? where.locale : 'en-US';
    return this.policy.renderer.render(
      attempt.template_id,
      locale,
      {
        name: contact.fullName,
        amountDue: record.overdueAmount,
        currency: record.currency!,
        dueDate: record.dueDate!,
        // The validation notice's itemization date (the last payment due date) and the end of the validation period if sent now.
        itemizationDate: record.dueDate!,
        validationPeriodEnd: validationPeriodLastDay(where.timezone, now),
        selfServiceLink: selfServiceLink(settings.selfServiceBaseUrl, record, settings.selfServiceSecret, settings.selfServiceLinkTtlSeconds, {
          now: () => now,
        }),
        // The first message of a debt is its initial communication: the fuller US disclosure.
        ...standardDisclosures(where.jurisdiction, locale, attempt.channel, (record.initialContactAt ?? null) === null),
      },
      where.jurisdiction,
    );
  }

  /**
   * The people's contacts in the look-back: messages handed to providers, every call and visit
   * agents started, and (for the dispatcher) work queued for agents and not yet done.
   */
  private async history(m: EntityManager, customerIds: readonly string[], now: Date, queuedWork: boolean): Promise<Map<string, AttemptHistoryRow[]>> {
    const byCustomer = new Map<string, AttemptHistoryRow[]>();
    if (customerIds.length === 0) return byCustomer;
    const rows: Array<{ loan_id: string | null; customer_id: string; at: Date; channel: Channel; status: string; outcome: ContactOutcome | null }> =
      await m.query(
        `SELECT loan_id, customer_id, sent_at AS at, channel, status, outcome FROM contact_attempts
       WHERE customer_id = ANY($1::text[]) AND sent_at IS NOT NULL AND sent_at > $2 AND channel <> ALL($4::text[]) AND third_party_id IS NULL
       UNION ALL
       SELECT loan_id, customer_id, started_at, channel, 'sent', outcome FROM agent_contacts WHERE customer_id = ANY($1::text[]) AND started_at > $2
       UNION ALL
       -- a call from the debtor is a conversation (call-after-conversation) on their loan, or on every loan when none was named
       SELECT loan_id, customer_id, received_at, 'VOICE', 'sent', 'reached-right-party' FROM inbound_contacts
       WHERE customer_id = ANY($1::text[]) AND kind = 'call' AND received_at > $2 AND received_at <= $5
       UNION ALL
       SELECT t.loan_id, t.customer_id, t.created_at, t.queue, 'queued', NULL FROM agent_tasks t
       WHERE $3 AND t.customer_id = ANY($1::text[]) AND t.status IN ('open', 'leased') AND NOT EXISTS (SELECT 1 FROM agent_contacts c WHERE c.task_id = t.id)
       ORDER BY at`,
        [customerIds, new Date(now.getTime() - this.historyMs), queuedWork, AGENT_CHANNELS, now],
      );
    for (const r of rows) {
      const list = byCustomer.get(r.customer_id) ?? [];
      list.push({
        ...(r.loan_id !== null ? { loanId: r.loan_id } : {}),
        sentAt: new Date(r.at).toISOString(),
        channel: r.channel,
        status: r.status,
        outcome: r.outcome,
      });
      byCustomer.set(r.customer_id, list);
    }
    return byCustomer;
  }
}
