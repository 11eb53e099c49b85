import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { addDays, localDate, startOfLocalDay } from '@clearpath/contracts';
import { ProblemException } from '@clearpath/observability';
import type { PersonalDataVault, SubjectKeys } from '@clearpath/persistence';
import { PERSONAL_DATA_VAULT } from '@clearpath/platform';
import type { Channel } from '../compliance/channel';
import type { InconvenientPlace } from '../compliance/contact-guard.types';
import { LookupIndex } from '../personal-data/lookup-index';
import { openText, sealText } from '../personal-data/sealed-text';

export type DisputeStatus = 'open' | 'verification-sent' | 'closed';
export type BreathingSpaceType = 'standard' | 'mental-health-crisis';

export interface Actor {
  readonly subject: string;
  readonly role: string;
}

/** The start of the local day `days` after the local day of `at`, in `timezone`. */
const dayStartAfter = (timezone: string, at: Date, days: number): Date => startOfLocalDay(addDays(localDate(at, timezone), days), timezone);

/** Standard breathing space: 60 days (SI 2020/1311 reg 26); crisis: until 30 days after the end of treatment is reported (reg 32). */
const STANDARD_DAYS = 60;
const AFTER_CRISIS_DAYS = 30;

/** The transitions a dispute may make; each is audited (who, when). */
const NEXT: Record<DisputeStatus, readonly DisputeStatus[]> = { open: ['verification-sent', 'closed'], 'verification-sent': ['closed'], closed: [] };

export type TransitionResult = { kind: 'ok'; dispute: DisputeView } | { kind: 'not-found' } | { kind: 'illegal'; from: DisputeStatus };

export interface DisputeView {
  readonly disputeId: string;
  readonly loanId: string;
  readonly customerId: string;
  readonly status: DisputeStatus;
  readonly withinValidationPeriod: boolean;
  readonly openedAt: string;
  /** A note is sealed for the debtor: null, with `erased`, once they are erased. */
  readonly history: ReadonlyArray<{ status: string; by: string; role: string; note: string | null; erased?: true; at: string }>;
}

/**
 * States that stop or shape contact and have a life of their own: disputes (open → verification
 * sent → closed: collection resumes once the verification is sent), breathing spaces (start, type,
 * an end the platform keeps), a person's opt-outs and the times and places they said are
 * inconvenient. The guard reads them at every contact ({@link CaseRepository.protections}).
 * What is personal in them (dispute notes, the reason a breathing space ended, third parties'
 * names and numbers) is sealed for the debtor and opened only for a response.
 */
@Injectable()
export class ComplianceStatesService {
  constructor(
    @Inject(PERSONAL_DATA_VAULT) private readonly vault: PersonalDataVault,
    private readonly lookups: LookupIndex,
  ) {}

  /** Opens a dispute of a loan (at most one open at a time): collection contact on it stops (`flag-dispute`). */
  async openDispute(m: EntityManager, loanId: string, by: Actor, note: string | null, now: Date): Promise<DisputeView | null> {
    const cases: Array<{ customer_id: string; jurisdiction: string | null; validation_period_ends_at: Date | null }> = await m.query(
      `SELECT customer_id, jurisdiction, validation_period_ends_at FROM cases WHERE loan_id = $1 FOR UPDATE`,
      [loanId],
    );
    const c = cases[0];
    if (c === undefined) return null;
    const open: Array<{ id: string }> = await m.query(`SELECT id FROM disputes WHERE loan_id = $1 AND status = 'open'`, [loanId]);
    const id = open[0]?.id ?? randomUUID();
    if (open.length === 0) {
      // US: a dispute within the validation period (or before it began) must stop collection until verification (12 CFR 1006.38).
      const within = c.jurisdiction === 'US' && (c.validation_period_ends_at === null || now.getTime() <= c.validation_period_ends_at.getTime());
      await m.query(
        `INSERT INTO disputes (id, loan_id, customer_id, status, within_validation_period, opened_at, updated_at) VALUES ($1, $2, $3, 'open', $4, $5, $5)`,
        [id, loanId, c.customer_id, within, now],
      );
      await this.audit(m, id, c.customer_id, 'open', by, note, now);
    }
    await m.query(`UPDATE cases SET dispute_open = true, plan_dirty = true, updated_at = $2 WHERE loan_id = $1`, [loanId, now]);
    return this.dispute(m, id);
  }

  async moveDispute(
    m: EntityManager,
    disputeId: string,
    to: Exclude<DisputeStatus, 'open'>,
    by: Actor,
    note: string | null,
    now: Date,
  ): Promise<TransitionResult> {
    const rows: Array<{ loan_id: string; customer_id: string; status: DisputeStatus }> = await m.query(
      `SELECT loan_id, customer_id, status FROM disputes WHERE id = $1 FOR UPDATE`,
      [disputeId],
    );
    const d = rows[0];
    if (d === undefined) return { kind: 'not-found' };
    if (!NEXT[d.status].includes(to)) return { kind: 'illegal', from: d.status };
    await m.query(`UPDATE disputes SET status = $2, updated_at = $3 WHERE id = $1`, [disputeId, to, now]);
    await this.audit(m, disputeId, d.customer_id, to, by, note, now);
    // Verification sent (or the dispute closed): collection may resume unless another dispute of the loan is open.
    await m.query(
      `UPDATE cases SET dispute_open = EXISTS (SELECT 1 FROM disputes WHERE loan_id = $1 AND status = 'open'), plan_dirty = true, updated_at = $2 WHERE loan_id = $1`,
      [d.loan_id, now],
    );
    return { kind: 'ok', dispute: (await this.dispute(m, disputeId))! };
  }

  async disputesOf(m: EntityManager, loanId: string): Promise<DisputeView[]> {
    const ids: Array<{ id: string }> = await m.query(`SELECT id FROM disputes WHERE loan_id = $1 ORDER BY opened_at`, [loanId]);
    return Promise.all(ids.map(async (r) => (await this.dispute(m, r.id))!));
  }

  private async dispute(m: EntityManager, id: string): Promise<DisputeView | null> {
    const rows: Array<{ id: string; loan_id: string; customer_id: string; status: DisputeStatus; within_validation_period: boolean; opened_at: Date }> =
      await m.query(`SELECT * FROM disputes WHERE id = $1`, [id]);
    const d = rows[0];
    if (d === undefined) return null;
    const history: Array<{ status: string; by_subject: string; by_role: string; note: string | null; at: Date }> = await m.query(
      `SELECT status, by_subject, by_role, note, at FROM dispute_history WHERE dispute_id = $1 ORDER BY id`,
      [id],
    );
    const keys = await this.vault.forOpening([d.customer_id]);
    return {
      disputeId: d.id,
      loanId: d.loan_id,
      customerId: d.customer_id,
      status: d.status,
      withinValidationPeriod: d.within_validation_period,
      openedAt: d.opened_at.toISOString(),
      history: history.map((h) => {
        const note = openText(keys, d.customer_id, h.note);
        return {
          status: h.status,
          by: h.by_subject,
          role: h.by_role,
          note: note.value,
          ...(note.erased ? { erased: true as const } : {}),
          at: h.at.toISOString(),
        };
      }),
    };
  }

  /** The note sealed for the debtor: the history is append-only, and erasing the debtor must still erase it. */
  private async audit(
    m: EntityManager,
    disputeId: string,
    customerId: string,
    status: DisputeStatus,
    by: Actor,
    note: string | null,
    now: Date,
  ): Promise<void> {
    const sealed = note === null ? null : sealText(await this.vault.forSealing([customerId]), customerId, note);
    await m.query(`INSERT INTO dispute_history (dispute_id, status, by_subject, by_role, note, at) VALUES ($1, $2, $3, $4, $5, $6)`, [
      disputeId,
      status,
      by.subject,
      by.role,
      sealed,
      now,
    ]);
  }

  /** The person's time zone (contact details first, then any of their loans): breathing spaces end on a local day. */
  async zoneOf(m: EntityManager, customerId: string): Promise<string | null> {
    const rows: Array<{ timezone: string | null }> = await m.query(
      `SELECT coalesce((SELECT timezone FROM contact_details WHERE customer_id = $1), (SELECT timezone FROM cases WHERE customer_id = $1 AND timezone IS NOT NULL LIMIT 1)) AS timezone`,
      [customerId],
    );
    return rows[0]?.timezone ?? null;
  }

  /**
   * Starts a breathing space. Standard: it ends at the start of the 61st local day; a mental-health
   * crisis one has no end until the end of treatment is reported.
   */
  async startBreathingSpace(
    m: EntityManager,
    customerId: string,
    type: BreathingSpaceType,
    startedAt: Date,
    timezone: string,
    by: Actor,
    now: Date,
  ): Promise<BreathingSpaceView> {
    const id = randomUUID();
    const endsAt = type === 'standard' ? dayStartAfter(timezone, startedAt, STANDARD_DAYS) : null;
    await m.query(`INSERT INTO breathing_spaces (id, customer_id, type, started_at, ends_at, recorded_by, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7)`, [
      id,
      customerId,
      type,
      startedAt,
      endsAt,
      by.subject,
      now,
    ]);
    await this.touchPerson(m, customerId, now);
    return (await this.breathingSpace(m, id))!;
  }

  /** A crisis breathing space ends 30 days after the end of treatment is reported (on that local day's start). */
  async treatmentEnded(
    m: EntityManager,
    id: string,
    endedAt: Date,
    timezone: string,
    by: Actor,
    now: Date,
  ): Promise<BreathingSpaceView | 'not-found' | 'not-crisis'> {
    const b = await this.breathingSpace(m, id);
    if (b === null) return 'not-found';
    if (b.type !== 'mental-health-crisis') return 'not-crisis';
    await m.query(`UPDATE breathing_spaces SET treatment_ended_at = $2, ends_at = $3, treatment_ended_by = $4 WHERE id = $1`, [
      id,
      endedAt,
      dayStartAfter(timezone, endedAt, AFTER_CRISIS_DAYS),
      by.subject,
    ]);
    await this.touchPerson(m, b.customerId, now);
    return (await this.breathingSpace(m, id))!;
  }

  /** Ended early (the debt adviser cancels it, the debtor leaves it). */
  async endBreathingSpace(m: EntityManager, id: string, reason: string, by: Actor, now: Date): Promise<BreathingSpaceView | null> {
    const b = await this.breathingSpace(m, id);
    if (b === null) return null;
    // The first end stands, with its author: ending it again changes nothing. The reason is free text about the debtor: sealed.
    const sealed = sealText(await this.vault.forSealing([b.customerId]), b.customerId, reason);
    await m.query(`UPDATE breathing_spaces SET ended_early_at = $2, ended_early_reason = $3, ended_early_by = $4 WHERE id = $1 AND ended_early_at IS NULL`, [
      id,
      now,
      sealed,
      by.subject,
    ]);
    await this.touchPerson(m, b.customerId, now);
    return this.breathingSpace(m, id);
  }

  async breathingSpace(m: EntityManager, id: string): Promise<BreathingSpaceView | null> {
    const rows: BreathingSpaceRow[] = await m.query(`SELECT * FROM breathing_spaces WHERE id = $1`, [id]);
    return (await this.views(rows))[0] ?? null;
  }

  private async views(rows: readonly BreathingSpaceRow[]): Promise<BreathingSpaceView[]> {
    const keys = await this.vault.forOpening(rows.map((r) => r.customer_id));
    return rows.map((r) => viewOf(r, keys));
  }

  /** A person's opt-out of a channel: every loan of theirs, and any loan they take later. */
  async optOut(m: EntityManager, customerId: string, channel: Channel, source: string, now: Date): Promise<void> {
    await m.query(`INSERT INTO person_opt_outs (customer_id, channel, source, opted_out_at) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING`, [
      customerId,
      channel,
      source,
      now,
    ]);
    await this.touchPerson(m, customerId, now);
  }

  async recordInconvenience(
    m: EntityManager,
    customerId: string,
    entry: { kind: 'time'; from: string; to: string; weekdays?: number[]; channels?: Channel[] } | { kind: 'place'; place: InconvenientPlace },
    by: Actor,
    now: Date,
  ): Promise<string> {
    const id = randomUUID();
    await m.query(
      `INSERT INTO inconvenient_times (id, customer_id, kind, from_time, to_time, weekdays, channels, place, recorded_by, recorded_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
      entry.kind === 'time'
        ? [id, customerId, 'time', entry.from, entry.to, entry.weekdays ?? null, entry.channels ?? null, null, by.subject, now]
        : [id, customerId, 'place', null, null, null, null, entry.place, by.subject, now],
    );
    await this.touchPerson(m, customerId, now);
    return id;
  }

  async withdrawInconvenience(m: EntityManager, id: string, by: Actor, now: Date): Promise<boolean> {
    const [, affected]: [unknown[], number] = await m.query(
      `UPDATE inconvenient_times SET withdrawn_at = $2, withdrawn_by = $3 WHERE id = $1 AND withdrawn_at IS NULL RETURNING id`,
      [id, now, by.subject],
    );
    return affected > 0;
  }

  /**
   * A person the debtor named, to be asked how to reach them if the debtor cannot be reached. Their
   * name and number are sealed for the debtor (erasing the debtor erases them), the number also
   * kept as a blind index so their STOP reply finds them.
   */
  async addThirdParty(
    m: EntityManager,
    customerId: string,
    entry: { name: string; phone: string; relationship: string },
    by: Actor,
    now: Date,
  ): Promise<string> {
    const id = randomUUID();
    const keys = await this.vault.forSealing([customerId]);
    const [name, phone] = [keys.seal(customerId, entry.name), keys.seal(customerId, entry.phone)];
    if (name === null || phone === null) throw ProblemException.conflict(`Customer ${customerId} was erased: nothing about them is kept.`);
    await m.query(
      `INSERT INTO third_parties (id, customer_id, name, phone, phone_lookup, relationship, recorded_by, recorded_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
      [id, customerId, name, phone, this.lookups.digest(entry.phone), entry.relationship, by.subject, now],
    );
    await this.touchPerson(m, customerId, now);
    return id;
  }

  /** The third party asked to be contacted again (e.g. "call me back tomorrow, I'll have the number"): one more location contact. */
  async thirdPartyAskedForMore(m: EntityManager, id: string, by: Actor, now: Date): Promise<boolean> {
    const rows: Array<{ customer_id: string }> = await m
      .query(
        `UPDATE third_parties SET contacts_allowed = contacts_made + 1, more_requested_by = $2, more_requested_at = $3 WHERE id = $1 AND withdrawn_at IS NULL RETURNING customer_id`,
        [id, by.subject, now],
      )
      .then((r: [Array<{ customer_id: string }>, number]) => r[0]);
    if (rows.length === 0) return false;
    await this.touchPerson(m, rows[0].customer_id, now);
    return true;
  }

  /** A third party who replied STOP (or was withdrawn) is never contacted again. */
  async withdrawThirdParty(m: EntityManager, phone: string, now: Date): Promise<number> {
    // By the blind index; `phone = $1` finds a row from before sealing that LegacyReseal has not reached yet.
    const [, affected]: [unknown[], number] = await m.query(
      `UPDATE third_parties SET withdrawn_at = $2 WHERE (phone_lookup = ANY($3::text[]) OR phone = $1) AND withdrawn_at IS NULL RETURNING id`,
      [phone, now, this.lookups.candidates(phone)],
    );
    return affected;
  }

  /** Everything on file that protects a person: what `GET /v1/customers/{id}/protections` shows. */
  async protectionsOf(m: EntityManager, customerId: string): Promise<Record<string, unknown>> {
    const [optOuts, spaces, inconvenient, inbound]: [unknown[], BreathingSpaceRow[], unknown[], unknown[]] = await Promise.all([
      m.query(`SELECT channel, source, opted_out_at AS "optedOutAt" FROM person_opt_outs WHERE customer_id = $1 ORDER BY channel`, [customerId]),
      m.query(`SELECT * FROM breathing_spaces WHERE customer_id = $1 ORDER BY started_at`, [customerId]),
      m.query(
        `SELECT id, kind, from_time AS "from", to_time AS "to", weekdays, channels, place, recorded_at AS "recordedAt" FROM inconvenient_times WHERE customer_id = $1 AND withdrawn_at IS NULL ORDER BY recorded_at`,
        [customerId],
      ),
      m.query(
        `SELECT channel, kind, keyword, received_at AS "receivedAt", loan_id AS "loanId" FROM inbound_contacts WHERE customer_id = $1 ORDER BY received_at DESC LIMIT 20`,
        [customerId],
      ),
    ]);
    const thirdParties: unknown[] = await m.query(
      `SELECT id, relationship, contacts_made AS "contactsMade", contacts_allowed AS "contactsAllowed", withdrawn_at AS "withdrawnAt" FROM third_parties WHERE customer_id = $1 ORDER BY recorded_at`,
      [customerId],
    );
    return { customerId, optedOutChannels: optOuts, breathingSpaces: await this.views(spaces), inconvenient, recentInbound: inbound, thirdParties };
  }

  /** Planning looks at the person's cases again: what may be sent has changed. */
  private async touchPerson(m: EntityManager, customerId: string, now: Date): Promise<void> {
    await m.query(`UPDATE cases SET plan_dirty = true, updated_at = $2 WHERE customer_id = $1 AND NOT plan_dirty`, [customerId, now]);
  }
}

interface BreathingSpaceRow {
  id: string;
  customer_id: string;
  type: BreathingSpaceType;
  started_at: Date;
  ends_at: Date | null;
  treatment_ended_at: Date | null;
  ended_early_at: Date | null;
  ended_early_reason: string | null;
}

export interface BreathingSpaceView {
  readonly breathingSpaceId: string;
  readonly customerId: string;
  readonly type: BreathingSpaceType;
  readonly startedAt: string;
  readonly endsAt: string | null;
  readonly treatmentEndedAt: string | null;
  readonly endedEarlyAt: string | null;
  /** Sealed for the debtor: null, with `erased`, once they are erased. */
  readonly endedEarlyReason: string | null;
  readonly erased?: true;
}

function viewOf(r: BreathingSpaceRow, keys: SubjectKeys): BreathingSpaceView {
  const reason = openText(keys, r.customer_id, r.ended_early_reason);
  const iso = (d: Date | null): string | null => (d === null ? null : d.toISOString());
  return {
    breathingSpaceId: r.id,
    customerId: r.customer_id,
    type: r.type,
    startedAt: r.started_at.toISOString(),
    endsAt: iso(r.ends_at),
    treatmentEndedAt: iso(r.treatment_ended_at),
    endedEarlyAt: iso(r.ended_early_at),
    endedEarlyReason: reason.value,
    ...(reason.erased ? { erased: true as const } : {}),
  };
}
