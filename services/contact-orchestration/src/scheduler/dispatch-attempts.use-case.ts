import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { writeToOutbox } from '@clearpath/messaging';
import { attemptRecorded } from '../audit/contact-attempt.events';
import { CHANNEL_PROVIDERS, type ChannelProvider, type OutboundMessage } from '../channels/channel-provider';
import { AWAITING_DETAILS } from '../cases/case-record';
import type { ContactDetails } from '../cases/case.repository';
import { AGENT_CHANNELS, type Channel } from '../compliance/channel';
import { windowCloses } from '../compliance/contact-guard';
import type { Decision } from '../compliance/contact-guard.types';
import { STALE_CONTENT } from '../compliance/stale-content.rule';
import { CONTACT_POLICY, ContactPolicy } from '../config/contact-policy';
import { AttemptCancellation, type Cancellation } from './attempt-cancellation';
import { sha256 } from '../compliance/content-hash';
import { expectedRecovery } from '../queues/task-priority';
import { MomentOfContact, isValidationNotice, validationPeriodEnds, type PendingAttempt } from './moment-of-contact';

interface AttemptUpdate {
  id: string;
  status: 'planned' | 'deferred' | 'queued' | 'sent' | 'failed' | 'blocked';
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
  /** Calls and visits queued for agents (decided again when made). */
  readonly queued: number;
  /** Superseded before they went out (stale-content). */
  readonly cancelled: number;
  readonly deferred: number;
  readonly blocked: number;
  readonly failed: number;
  readonly waiting: number;
}

/**
 * Attempts missing what a message needs (time zone, contact details, due date) are looked at again
 * after this at the latest; the arrival of the missing details makes them due at once
 * ({@link AWAITING_DETAILS}, see ApplyLifecycleUseCase and ApplyCustomerContactsUseCase). The wake-up can miss an attempt whose
 * dispatch transaction is still open when the details commit (the attempt is not marked waiting
 * yet): this bound is what such an attempt waits, so it is short.
 */
const WAIT_FOR_DETAILS_MS = 30_000;

/**
 * Claims due attempts (`FOR UPDATE SKIP LOCKED`: instances share the work, never the same attempt),
 * locks each person ({@link MomentOfContact}), reads what protects them over all their loans and
 * their whole history under that lock, asks the guard, writes the decision to the audit table and
 * applies it: allowed → rendered message handed to its channel's provider (a call or visit queued
 * for people, judged again when made), deferred → due again at `until`, blocked → stopped, stale
 * (the case paused or its amount changed since planning) → cancelled. All in one transaction.
 */
@Injectable()
export class DispatchAttemptsUseCase {
  private readonly providerOf: ReadonlyMap<Channel, ChannelProvider>;

  constructor(
    private readonly moment: MomentOfContact,
    private readonly cancellation: AttemptCancellation,
    @Inject(CONTACT_POLICY) private readonly policy: ContactPolicy,
    @Inject(CHANNEL_PROVIDERS) providers: ChannelProvider[],
  ) {
    const byChannel = new Map<Channel, ChannelProvider>();
    for (const provider of providers) for (const channel of provider.channels) byChannel.set(channel, provider);
    this.providerOf = byChannel;
  }

  async execute(m: EntityManager, now: Date): Promise<DispatchCounts> {
    const claimed: PendingAttempt[] = await m.query(
      `SELECT id, loan_id, customer_id, treatment_id, channel, template_id, template_version, step_id, third_party_id,
         to_char(planned_overdue, 'FM999999999999990.00') AS planned_overdue
       FROM contact_attempts
       WHERE status IN ('planned', 'deferred') AND due_at <= $1
       ORDER BY due_at LIMIT $2 FOR UPDATE SKIP LOCKED`,
      [now, this.policy.settings.batchSize],
    );
    const counts = { claimed: claimed.length, sent: 0, queued: 0, deferred: 0, blocked: 0, cancelled: 0, failed: 0, waiting: 0 };
    if (claimed.length === 0) return counts;

    // Every claimed attempt's person, locked in one order for every instance and every agent.
    await this.moment.lockPersons(
      m,
      claimed.map((a) => a.customer_id),
    );
    const facts = await this.moment.facts(m, claimed, now, { queuedWork: true });

    const updates: AttemptUpdate[] = [];
    const decisions: DecisionRow[] = [];
    const stale: Cancellation[] = [];
    const outbound = new Map<ChannelProvider, OutboundMessage[]>();
    // US validation notices handed over in this batch: their validation period starts now.
    const notices = new Map<string, { loanId: string; periodEndsAt: string }>();
    const nowIso = now.toISOString();
    const base = (a: PendingAttempt): AttemptUpdate => ({
      id: a.id,
      status: 'planned',
      dueAt: nowIso,
      decisionKind: null,
      ruleIds: [],
      detail: null,
      provider: null,
      providerMessageId: null,
      sentAt: null,
    });

    for (const attempt of claimed) {
      const judged = this.moment.judge(attempt, facts, now);
      if (judged.kind === 'waiting') {
        updates.push({ ...base(attempt), dueAt: new Date(now.getTime() + WAIT_FOR_DETAILS_MS).toISOString(), detail: AWAITING_DETAILS });
        counts.waiting++;
        continue;
      }
      if (judged.kind === 'stale') {
        stale.push({ attemptId: attempt.id, status: 'cancelled', ruleIds: [STALE_CONTENT], reason: judged.reason });
        counts.cancelled++;
        continue;
      }
      const audit = {
        attemptId: attempt.id,
        loanId: attempt.loan_id,
        customerId: attempt.customer_id,
        channel: attempt.channel,
        profileId: this.policy.profileId(judged.where.jurisdiction),
        templateId: attempt.template_id,
        templateVersion: attempt.template_version,
      };
      if (judged.kind === 'error') {
        decisions.push({ ...audit, kind: 'error', ruleIds: [], until: null, contentSha256: null, detail: judged.message });
        updates.push({ ...base(attempt), status: 'failed', decisionKind: 'error', detail: judged.message });
        counts.failed++;
        continue;
      }
      const { decision, rendered, text, record, contact, where } = judged;
      decisions.push({
        ...audit,
        kind: decision.kind,
        ruleIds: decision.ruleIds,
        until: decision.kind === 'deferred' ? decision.until.toISOString() : null,
        contentSha256: text === undefined ? null : sha256(text),
        detail: null,
      });
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
        updates.push({
          ...base(attempt),
          status: 'failed',
          decisionKind: 'allowed',
          ruleIds: decision.ruleIds,
          detail: provider === undefined ? 'no-provider' : 'no-recipient',
        });
        counts.failed++;
        continue;
      }
      // Calls and visits are work for people: queued now, judged again when the agent dials or the visit starts.
      const forPeople = AGENT_CHANNELS.includes(attempt.channel);
      const message: OutboundMessage = {
        attemptId: attempt.id,
        loanId: attempt.loan_id,
        customerId: attempt.customer_id,
        channel: attempt.channel,
        recipient,
        ...(rendered.subject !== undefined ? { subject: rendered.subject } : {}),
        body: rendered.body,
        priority: expectedRecovery(record.probabilityOfDefault, record.overdueAmount),
        requirements: decision.requirements,
        ...(forPeople ? { expiresAt: windowCloses(this.policy.profiles[where.jurisdiction], attempt.channel, where.timezone, now).toISOString() } : {}),
      };
      outbound.set(provider, [...(outbound.get(provider) ?? []), message]);
      if (isValidationNotice(attempt.step_id))
        notices.set(attempt.id, { loanId: attempt.loan_id, periodEndsAt: validationPeriodEnds(where.timezone, now).toISOString() });
      updates.push({
        ...base(attempt),
        status: forPeople ? 'queued' : 'sent',
        decisionKind: 'allowed',
        ruleIds: decision.ruleIds,
        provider: provider.name,
        sentAt: forPeople ? null : nowIso,
      });
      // Later attempts of the same person in this batch see this one (queued work counts as made).
      this.moment.remember(facts, attempt, now);
    }

    const handed = new Map<string, string>();
    for (const [provider, messages] of outbound) for (const h of await provider.handOver(m, messages, now)) handed.set(h.attemptId, h.providerMessageId);
    for (const u of updates) {
      if (u.status !== 'sent' && u.status !== 'queued') continue;
      const id = handed.get(u.id);
      if (id === undefined) {
        // The provider already holds a message for this attempt: it is not handed over twice.
        u.status = 'failed';
        u.detail = 'provider-duplicate';
        counts.failed++;
      } else {
        u.providerMessageId = id;
        if (u.status === 'sent') counts.sent++;
        else counts.queued++;
      }
    }

    await this.writeDecisions(m, decisions, now);
    await this.writeUpdates(m, updates, now);
    await this.cancellation.cancel(m, stale, now);
    // Sent and blocked attempts leave the audit trail's shape (no personal data) on contact-attempts;
    // a call or visit is published when it is made (POST /v1/queues/tasks/{id}/dial, /visit).
    const byId = new Map(claimed.map((a) => [a.id, a]));
    await writeToOutbox(
      m,
      updates
        .filter((u): u is AttemptUpdate & { status: 'sent' | 'blocked' } => u.status === 'sent' || u.status === 'blocked')
        .map((u) => {
          const a = byId.get(u.id)!;
          return attemptRecorded(
            { attemptId: a.id, loanId: a.loan_id, customerId: a.customer_id, channel: a.channel, treatmentId: a.treatment_id, templateId: a.template_id },
            u.status,
            { ruleIds: u.ruleIds },
            now,
          );
        }),
    );
    const contacted = [
      ...new Set(updates.filter((u) => u.status === 'sent' && byId.get(u.id)!.third_party_id === null).map((u) => byId.get(u.id)!.loan_id)),
    ].sort();
    if (contacted.length > 0) {
      await m.query(`SELECT 1 FROM cases WHERE loan_id = ANY($1::text[]) ORDER BY loan_id FOR UPDATE`, [contacted]);
      // US: the first message sent is the initial communication (the validation notice is due within 5 days of it).
      await m.query(
        `UPDATE cases SET last_contact_at = $2, plan_dirty = true, updated_at = $2,
           initial_contact_at = CASE WHEN jurisdiction = 'US' THEN coalesce(initial_contact_at, $2) ELSE initial_contact_at END
         WHERE loan_id = ANY($1::text[])`,
        [contacted, now],
      );
    }
    // A third party asked once more is asked no more until they ask for it.
    const locates = updates.filter((u) => u.status === 'sent' && byId.get(u.id)!.third_party_id !== null).map((u) => byId.get(u.id)!.third_party_id!);
    if (locates.length > 0) await m.query(`UPDATE third_parties SET contacts_made = contacts_made + 1 WHERE id = ANY($1::uuid[])`, [locates]);
    const sentNotices = updates.filter((u) => u.status === 'sent' && notices.has(u.id)).map((u) => notices.get(u.id)!);
    if (sentNotices.length > 0) {
      await m.query(
        `UPDATE cases c SET validation_notice_sent_at = $2, validation_period_ends_at = n."periodEndsAt"
         FROM jsonb_to_recordset($1::jsonb) AS n("loanId" text, "periodEndsAt" timestamptz) WHERE c.loan_id = n."loanId"`,
        [JSON.stringify(sentNotices), now],
      );
    }
    // Crash tests only: die with the messages handed over and everything written, before the commit.
    if (this.policy.settings.fault === 'kill-during-dispatch' && handed.size > 0) process.kill(process.pid, 'SIGKILL');
    return counts;
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
