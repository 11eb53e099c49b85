import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { ContactOutcome } from '@clearpath/contracts';
import { writeToOutbox } from '@clearpath/messaging';
import { attemptRecorded } from '../audit/contact-attempt.events';
import { CHANNEL_PROVIDERS, type ChannelProvider, type OutboundMessage } from '../channels/channel-provider';
import { AWAITING_DETAILS, type CaseRecord } from '../cases/case-record';
import { CaseRepository, type ContactDetails } from '../cases/case.repository';
import type { Channel } from '../compliance/channel';
import { decide } from '../compliance/contact-guard';
import type { ContactAttempt, Decision } from '../compliance/contact-guard.types';
import { CONTACT_POLICY, ContactPolicy } from '../config/contact-policy';
import { standardDisclosures } from '../templates/disclosure.lines';
import type { RenderResult } from '../templates/template.renderer';
import { attemptHistory, debtorKey, expectedRecovery, guardContext, selfServiceLink, sha256, whereabouts, type AttemptHistoryRow, type DebtorWhereabouts } from './guard-input';

interface ClaimedAttempt {
  id: string;
  loan_id: string;
  customer_id: string;
  treatment_id: string;
  channel: Channel;
  template_id: string;
  template_version: number | null;
}

interface AttemptUpdate {
  id: string;
  status: 'planned' | 'deferred' | 'sent' | 'failed' | 'blocked';
  dueAt: string;
  decisionKind: Decision['kind'] | 'error' | null;
  ruleIds: string[];
  detail: string | null;
  provider: string | null;
  providerMessageId: string | null;
  sentAt: string | null;
}

interface DecisionRow {
  attemptId: string;
  loanId: string;
  customerId: string;
  channel: Channel;
  kind: Decision['kind'] | 'error';
  ruleIds: string[];
  until: string | null;
  profileId: string;
  templateId: string;
  templateVersion: number | null;
  contentSha256: string | null;
  detail: string | null;
}

export interface DispatchCounts {
  readonly claimed: number;
  readonly sent: number;
  readonly deferred: number;
  readonly blocked: number;
  readonly failed: number;
  readonly waiting: number;
}

/**
 * Attempts missing what a message needs (time zone, contact details, due date) are looked at again
 * after this at the latest; the arrival of the missing details makes them due at once
 * ({@link AWAITING_DETAILS}, see ApplyCaseEventsUseCase). The wake-up can miss an attempt whose
 * dispatch transaction is still open when the details commit (the attempt is not marked waiting
 * yet): this bound is what such an attempt waits, so it is short.
 */
const WAIT_FOR_DETAILS_MS = 30_000;

/** The longest look-back of any frequency rule is 7 local days; 8 covers any time zone. */
const HISTORY_MS = 8 * 86_400_000;

/**
 * Claims due attempts (`FOR UPDATE SKIP LOCKED`: instances share the work, never the same attempt),
 * locks each debtor (each debt in the US) with a transaction-scoped advisory lock taken in a fixed
 * order, reads the debtor's attempt history under that lock, asks the guard, writes the decision
 * to the audit table and applies it: allowed → rendered message handed to its channel's provider,
 * deferred → due again at `until`, blocked → stopped. All in one transaction.
 */
@Injectable()
export class DispatchAttemptsUseCase {
  private readonly providerOf: ReadonlyMap<Channel, ChannelProvider>;

  constructor(
    private readonly cases: CaseRepository,
    @Inject(CONTACT_POLICY) private readonly policy: ContactPolicy,
    @Inject(CHANNEL_PROVIDERS) providers: ChannelProvider[],
  ) {
    const byChannel = new Map<Channel, ChannelProvider>();
    for (const provider of providers) for (const channel of provider.channels) byChannel.set(channel, provider);
    this.providerOf = byChannel;
  }

  async execute(m: EntityManager, now: Date): Promise<DispatchCounts> {
    const claimed: ClaimedAttempt[] = await m.query(
      `SELECT id, loan_id, customer_id, treatment_id, channel, template_id, template_version FROM contact_attempts
       WHERE status IN ('planned', 'deferred') AND due_at <= $1
       ORDER BY due_at LIMIT $2 FOR UPDATE SKIP LOCKED`,
      [now, this.policy.settings.batchSize],
    );
    const counts = { claimed: claimed.length, sent: 0, deferred: 0, blocked: 0, failed: 0, waiting: 0 };
    if (claimed.length === 0) return counts;

    const records = await this.cases.find(m, [...new Set(claimed.map((a) => a.loan_id))]);
    const details = await this.cases.contactDetails(m, [...new Set(claimed.map((a) => a.customer_id))]);
    const keyOf = (a: ClaimedAttempt): string | null => {
      const where = whereaboutsOf(records.get(a.loan_id), details.get(a.customer_id));
      return where === null ? null : debtorKey(where.jurisdiction, a.customer_id, a.loan_id);
    };
    // One order for every instance, so two dispatchers sharing debtors cannot deadlock.
    const keys = [...new Set(claimed.map(keyOf).filter((k): k is string => k !== null))].sort();
    await m.query(`SELECT count(pg_advisory_xact_lock(hashtextextended('contact:' || k, 0))) FROM (SELECT k FROM unnest($1::text[]) AS k ORDER BY k) s`, [keys]);
    const history = await this.history(m, claimed, now);
    const complaints = await this.cases.openComplaints(m, [...records.keys()]);

    const updates: AttemptUpdate[] = [];
    const decisions: DecisionRow[] = [];
    const outbound = new Map<ChannelProvider, OutboundMessage[]>();
    const nowIso = now.toISOString();
    const base = (a: ClaimedAttempt): AttemptUpdate => ({ id: a.id, status: 'planned', dueAt: nowIso, decisionKind: null, ruleIds: [], detail: null, provider: null, providerMessageId: null, sentAt: null });

    for (const attempt of claimed) {
      const record = records.get(attempt.loan_id);
      const contact = details.get(attempt.customer_id);
      const where = whereaboutsOf(record, contact);
      // Without the debtor's time zone and details no rule can be judged nor message written: wait for them.
      if (record === undefined || where === null || contact === undefined || record.dueDate === null || record.currency === null) {
        updates.push({ ...base(attempt), dueAt: new Date(now.getTime() + WAIT_FOR_DETAILS_MS).toISOString(), detail: AWAITING_DETAILS });
        counts.waiting++;
        continue;
      }
      const key = debtorKey(where.jurisdiction, attempt.customer_id, attempt.loan_id);
      const past = history.get(key) ?? [];
      const audit = { attemptId: attempt.id, loanId: attempt.loan_id, customerId: attempt.customer_id, channel: attempt.channel, profileId: this.policy.profileId(where.jurisdiction), templateId: attempt.template_id, templateVersion: attempt.template_version };

      let rendered: RenderResult;
      let decision: Decision;
      try {
        rendered = this.render(attempt, record, contact, where, now);
        const text = rendered.ok ? (rendered.subject === undefined ? rendered.body : `${rendered.subject}\n${rendered.body}`) : undefined;
        const proposal = { channel: attempt.channel, purpose: 'collection' as const, recipient: 'debtor' as const, ...(text !== undefined ? { templateText: text } : {}) };
        decision = decide(proposal, guardContext(record, where, past, complaints.get(attempt.loan_id)), now, this.policy.profiles[where.jurisdiction]);
        if (!rendered.ok) {
          // A message that breaks a content rule is never sent, whatever else the guard said.
          const contentIds = rendered.violations.map((v) => v.ruleId);
          decision = { kind: 'blocked', ruleIds: [...new Set([...(decision.kind === 'blocked' ? decision.ruleIds : []), ...contentIds])] };
        }
        decisions.push({ ...audit, kind: decision.kind, ruleIds: decision.ruleIds, until: decision.kind === 'deferred' ? decision.until.toISOString() : null, contentSha256: text === undefined ? null : sha256(text), detail: null });
      } catch (error) {
        // The guard or the renderer could not judge this input: a failure, never an allowance.
        const message = (error as Error).message.slice(0, 500);
        decisions.push({ ...audit, kind: 'error', ruleIds: [], until: null, contentSha256: null, detail: message });
        updates.push({ ...base(attempt), status: 'failed', decisionKind: 'error', detail: message });
        counts.failed++;
        continue;
      }

      if (decision.kind === 'deferred') {
        updates.push({ ...base(attempt), status: 'deferred', dueAt: decision.until.toISOString(), decisionKind: 'deferred', ruleIds: decision.ruleIds });
        counts.deferred++;
        continue;
      }
      if (decision.kind === 'blocked') {
        updates.push({ ...base(attempt), status: 'blocked', decisionKind: 'blocked', ruleIds: decision.ruleIds });
        counts.blocked++;
        continue;
      }
      const provider = this.providerOf.get(attempt.channel);
      const recipient = recipientOf(attempt.channel, contact);
      if (provider === undefined || recipient === null || !rendered.ok) {
        updates.push({ ...base(attempt), status: 'failed', decisionKind: 'allowed', ruleIds: decision.ruleIds, detail: provider === undefined ? 'no-provider' : 'no-recipient' });
        counts.failed++;
        continue;
      }
      const message: OutboundMessage = {
        attemptId: attempt.id,
        loanId: attempt.loan_id,
        channel: attempt.channel,
        recipient,
        ...(rendered.subject !== undefined ? { subject: rendered.subject } : {}),
        body: rendered.body,
        priority: expectedRecovery(record.probabilityOfDefault, record.overdueAmount),
        requirements: decision.requirements,
      };
      outbound.set(provider, [...(outbound.get(provider) ?? []), message]);
      updates.push({ ...base(attempt), status: 'sent', decisionKind: 'allowed', ruleIds: decision.ruleIds, provider: provider.name, sentAt: nowIso });
      // Later attempts of the same debtor in this batch see this one.
      history.set(key, [...past, { at: nowIso, channel: attempt.channel, outcome: attempt.channel === 'VOICE' || attempt.channel === 'FIELD_VISIT' ? 'no-answer' : 'sent' }]);
    }

    const handed = new Map<string, string>();
    for (const [provider, messages] of outbound) for (const h of await provider.handOver(m, messages, now)) handed.set(h.attemptId, h.providerMessageId);
    for (const u of updates) {
      if (u.status !== 'sent') continue;
      const id = handed.get(u.id);
      if (id === undefined) {
        // The provider already holds a message for this attempt: it is not handed over twice.
        u.status = 'failed';
        u.detail = 'provider-duplicate';
        counts.failed++;
      } else {
        u.providerMessageId = id;
        counts.sent++;
      }
    }

    await this.writeDecisions(m, decisions, now);
    await this.writeUpdates(m, updates, now);
    // Sent and blocked attempts leave the audit trail's shape (no personal data) on contact-attempts.
    const byId = new Map(claimed.map((a) => [a.id, a]));
    await writeToOutbox(
      m,
      updates
        .filter((u): u is AttemptUpdate & { status: 'sent' | 'blocked' } => u.status === 'sent' || u.status === 'blocked')
        .map((u) => {
          const a = byId.get(u.id)!;
          return attemptRecorded({ attemptId: a.id, loanId: a.loan_id, customerId: a.customer_id, channel: a.channel, treatmentId: a.treatment_id, templateId: a.template_id }, u.status, { ruleIds: u.ruleIds }, now);
        }),
    );
    const contacted = [...new Set(updates.filter((u) => u.status === 'sent').map((u) => claimed.find((a) => a.id === u.id)!.loan_id))].sort();
    if (contacted.length > 0) {
      await m.query(`SELECT 1 FROM cases WHERE loan_id = ANY($1::text[]) ORDER BY loan_id FOR UPDATE`, [contacted]);
      await m.query(`UPDATE cases SET last_contact_at = $2, plan_dirty = true, updated_at = $2 WHERE loan_id = ANY($1::text[])`, [contacted, now]);
    }
    // Crash tests only: die with the messages handed over and everything written, before the commit.
    if (this.policy.settings.fault === 'kill-during-dispatch' && handed.size > 0) process.kill(process.pid, 'SIGKILL');
    return counts;
  }

  private render(attempt: ClaimedAttempt, record: CaseRecord, contact: ContactDetails, where: DebtorWhereabouts, now: Date): RenderResult {
    return this.policy.renderer.render(
      attempt.template_id,
      where.locale,
      {
        name: contact.fullName,
        amountDue: record.overdueAmount,
        currency: record.currency!,
        dueDate: record.dueDate!,
        selfServiceLink: selfServiceLink(this.policy.settings.selfServiceBaseUrl, record, this.policy.settings.selfServiceSecret, this.policy.settings.selfServiceLinkTtlSeconds, { now: () => now }),
        ...standardDisclosures(where.jurisdiction, where.locale, attempt.channel),
      },
      where.jurisdiction,
    );
  }

  /** Past attempts of the claimed attempts' debtors (and debts), keyed like the locks. */
  private async history(m: EntityManager, claimed: readonly ClaimedAttempt[], now: Date): Promise<Map<string, ContactAttempt[]>> {
    const rows: Array<{ loan_id: string; customer_id: string; sent_at: Date; channel: Channel; status: string; outcome: ContactOutcome | null }> = await m.query(
      `SELECT loan_id, customer_id, sent_at, channel, status, outcome FROM contact_attempts
       WHERE sent_at IS NOT NULL AND sent_at > $3 AND (customer_id = ANY($1::text[]) OR loan_id = ANY($2::text[]))
       ORDER BY sent_at`,
      [[...new Set(claimed.map((a) => a.customer_id))], [...new Set(claimed.map((a) => a.loan_id))], new Date(now.getTime() - HISTORY_MS)],
    );
    const byKey = new Map<string, AttemptHistoryRow[]>();
    for (const r of rows) {
      const row: AttemptHistoryRow = { sentAt: r.sent_at.toISOString(), channel: r.channel, status: r.status, outcome: r.outcome };
      for (const key of [`customer:${r.customer_id}`, `loan:${r.loan_id}`]) byKey.set(key, [...(byKey.get(key) ?? []), row]);
    }
    return new Map([...byKey].map(([k, v]) => [k, attemptHistory(v)]));
  }

  private async writeDecisions(m: EntityManager, decisions: readonly DecisionRow[], now: Date): Promise<void> {
    if (decisions.length === 0) return;
    await m.query(
      `INSERT INTO compliance_decisions (attempt_id, loan_id, customer_id, channel, kind, rule_ids, until, profile_id, template_id, template_version, content_sha256, detail, decided_at)
       SELECT r."attemptId"::uuid, r."loanId", r."customerId", r.channel, r.kind, ARRAY(SELECT jsonb_array_elements_text(r."ruleIds")), r.until,
         r."profileId", r."templateId", r."templateVersion", r."contentSha256", r.detail, $2
       FROM jsonb_to_recordset($1::jsonb) AS r("attemptId" text, "loanId" text, "customerId" text, channel text, kind text, "ruleIds" jsonb,
         until timestamptz, "profileId" text, "templateId" text, "templateVersion" int, "contentSha256" text, detail text)`,
      [JSON.stringify(decisions), now],
    );
  }

  private async writeUpdates(m: EntityManager, updates: readonly AttemptUpdate[], now: Date): Promise<void> {
    await m.query(
      `UPDATE contact_attempts a SET status = r.status, due_at = r."dueAt", decision_kind = coalesce(r."decisionKind", a.decision_kind),
         rule_ids = CASE WHEN r."decisionKind" IS NULL THEN a.rule_ids ELSE ARRAY(SELECT jsonb_array_elements_text(r."ruleIds")) END,
         detail = r.detail, provider = r.provider, provider_message_id = r."providerMessageId", sent_at = r."sentAt", updated_at = $2
       FROM jsonb_to_recordset($1::jsonb) AS r(id uuid, status text, "dueAt" timestamptz, "decisionKind" text, "ruleIds" jsonb, detail text,
         provider text, "providerMessageId" text, "sentAt" timestamptz)
       WHERE a.id = r.id`,
      [JSON.stringify(updates), now],
    );
  }
}

function whereaboutsOf(record: CaseRecord | undefined, contact: ContactDetails | undefined): DebtorWhereabouts | null {
  return record === undefined ? null : whereabouts(record, contact);
}

function recipientOf(channel: Channel, contact: ContactDetails): string | null {
  switch (channel) {
    case 'SMS':
    case 'VOICE':
    case 'IM':
      return contact.phone;
    case 'EMAIL':
      return contact.email;
    case 'LETTER':
    case 'FIELD_VISIT': {
      const a = contact.address;
      if (a === null) return null;
      return [a.line1, a.city, a.province, a.postalCode].filter((x) => x !== undefined && x !== '').join(', ') || null;
    }
  }
}
