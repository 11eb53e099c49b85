import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { CustomerContactDetailsV1, CustomerFlag, CustomerIdentityV1 } from '@clearpath/contracts';
import type { PersonalDataVault } from '@clearpath/persistence';
import { PERSONAL_DATA_VAULT } from '@clearpath/platform';
import type { Channel } from '../compliance/channel';
import type { ComplaintCategory as ComplaintGuardCategory, InconvenientPlace } from '../compliance/contact-guard.types';
import { openIdentity } from '../personal-data/sealed-identity';
import { personProtections, type PersonFacts, type PersonProtections } from '../protections/person-protections';
import { AWAITING_DETAILS, ERASED, type CaseRecord } from './case-record';
import type { SealedContactDetails } from './sealed-contact-details';

/** The SELECT list that reads a case row as a {@link CaseRecord} JSON document. */
const RECORD_SQL = `jsonb_build_object(
  'loanId', loan_id, 'customerId', customer_id, 'loanSequence', loan_sequence, 'segmentedSequence', segmented_sequence,
  'treatmentId', treatment_id, 'treatmentVersion', treatment_version, 'treatmentTone', treatment_tone, 'treatmentEpisode', treatment_episode,
  'segmentedAt', segmented_at, 'state', state, 'stateReason', state_reason, 'daysPastDue', days_past_due, 'dpdBucket', dpd_bucket,
  'overdueAmount', to_char(overdue_amount, 'FM999999999999990.00'), 'currency', currency, 'jurisdiction', jurisdiction,
  'dueDate', to_char(due_date, 'YYYY-MM-DD'), 'timezone', timezone, 'locale', locale,
  'probabilityOfDefault', to_char(probability_of_default, 'FM0.0000'), 'protectedCase', protected_case,
  'activeFlags', to_jsonb(active_flags), 'optedOutChannels', to_jsonb(opted_out_channels), 'disputeOpen', dispute_open,
  'hardship', hardship, 'openPromise', open_promise, 'promiseAmount', to_char(promise_amount, 'FM999999999999990.00'),
  'promiseDate', to_char(promise_date, 'YYYY-MM-DD'), 'stepsDone', to_jsonb(steps_done), 'lastContactAt', last_contact_at,
  'lastPaymentAt', last_payment_at, 'lastPromiseBrokenAt', last_promise_broken_at, 'planDirty', plan_dirty, 'updatedAt', updated_at,
  'initialContactAt', initial_contact_at, 'validationNoticeSentAt', validation_notice_sent_at
) AS record`;

/**
 * Cases and contact details, read and written a chunk at a time. The details' identity (name,
 * phone, e-mail, address) is stored sealed for the customer and opened only in memory, when a
 * message is written or a number dialled.
 */
@Injectable()
export class CaseRepository {
  constructor(@Inject(PERSONAL_DATA_VAULT) private readonly vault: PersonalDataVault) {}

  async find(m: EntityManager, loanIds: readonly string[], lock = false): Promise<Map<string, CaseRecord>> {
    if (loanIds.length === 0) return new Map();
    const rows: Array<{ record: CaseRecord }> = await m.query(
      `SELECT ${RECORD_SQL} FROM cases WHERE loan_id = ANY($1::text[]) ORDER BY loan_id ${lock ? 'FOR UPDATE' : ''}`,
      [loanIds],
    );
    return new Map(rows.map((r) => [r.record.loanId, normalize(r.record)]));
  }

  /**
   * Locks the cases of a chunk for the caller's transaction and returns those that exist. Each loan
   * is first locked by an advisory lock (memory only, no row written), so two consumers
   * (lifecycle and case-segmented run side by side) that both find a case missing serialize
   * instead of both inserting and the later one overwriting the other's change; the existing rows
   * are then locked FOR UPDATE, as every other writer of a case does. A new case is written once,
   * by {@link save}, instead of as an empty row first and the real one after.
   */
  async lock(m: EntityManager, loanIds: readonly string[]): Promise<Map<string, CaseRecord>> {
    if (loanIds.length === 0) return new Map();
    const unique = [...new Set(loanIds)].sort();
    await m.query(`SELECT count(pg_advisory_xact_lock(hashtextextended('case:' || l, 0))) FROM (SELECT l FROM unnest($1::text[]) AS l ORDER BY l) s`, [unique]);
    return this.find(m, unique, true);
  }

  /**
   * What protects each of these people over all their loans (flags, opt-outs, hardship, harassment,
   * privacy and third-party complaints), and each loan's own open complaints of other categories.
   * A loan of a protected person is protected from its first event: this is read at every contact.
   */
  /** `visits`: the batch holds field visits, so GB written notice of them is looked up (a scan of the person's letters). */
  async protections(
    m: EntityManager,
    customerIds: readonly string[],
    now: Date,
    visits = true,
  ): Promise<{ persons: Map<string, PersonProtections>; loanComplaints: Map<string, Array<{ category: ComplaintGuardCategory }>> }> {
    const persons = new Map<string, PersonProtections>();
    const loanComplaints = new Map<string, Array<{ category: ComplaintGuardCategory }>>();
    if (customerIds.length === 0) return { persons, loanComplaints };
    const ids = [...new Set(customerIds)];
    const loans: Array<{ customer_id: string; active_flags: CustomerFlag[]; opted_out_channels: Channel[]; hardship: boolean }> = await m.query(
      `SELECT customer_id, active_flags, opted_out_channels, hardship FROM cases
       WHERE customer_id = ANY($1::text[]) AND (cardinality(active_flags) > 0 OR cardinality(opted_out_channels) > 0 OR hardship)`,
      [ids],
    );
    const complaints: Array<{ customer_id: string; loan_id: string; guard_category: ComplaintGuardCategory }> = await m.query(
      `SELECT customer_id, loan_id, guard_category FROM open_complaints WHERE customer_id = ANY($1::text[]) ORDER BY opened_at`,
      [ids],
    );
    // What the person told us or what holds for them: one row per person, each part an index lookup.
    const facts: Array<{
      customer_id: string;
      opt_outs: Channel[] | null;
      breathing: boolean;
      last_request: Date | null;
      inconvenient: Array<{
        kind: 'time' | 'place';
        from: string | null;
        to: string | null;
        weekdays: number[] | null;
        channels: Channel[] | null;
        place: InconvenientPlace | null;
      }> | null;
      notice: Date | null;
    }> = await m.query(
      `SELECT c.id AS customer_id,
         (SELECT array_agg(o.channel ORDER BY o.channel) FROM person_opt_outs o WHERE o.customer_id = c.id) AS opt_outs,
         EXISTS (SELECT 1 FROM breathing_spaces b WHERE b.customer_id = c.id AND b.started_at <= $2 AND b.ended_early_at IS NULL AND (b.ends_at IS NULL OR b.ends_at > $2)) AS breathing,
         (SELECT max(i.received_at) FROM inbound_contacts i WHERE i.customer_id = c.id AND i.received_at <= $2 AND i.keyword IS DISTINCT FROM 'stop') AS last_request,
         (SELECT jsonb_agg(jsonb_build_object('kind', t.kind, 'from', t.from_time, 'to', t.to_time, 'weekdays', t.weekdays, 'channels', t.channels, 'place', t.place) ORDER BY t.recorded_at)
            FROM inconvenient_times t WHERE t.customer_id = c.id AND t.withdrawn_at IS NULL) AS inconvenient,
         CASE WHEN $3 THEN (SELECT max(a.sent_at) FROM contact_attempts a WHERE a.customer_id = c.id AND a.sent_at IS NOT NULL AND a.channel = 'LETTER' AND a.template_id LIKE '%visit-notice%') END AS notice
       FROM unnest($1::text[]) AS c(id)`,
      [ids, now, visits],
    );
    const factsOf = new Map(
      facts.map((f): [string, PersonFacts] => {
        const inconvenient = f.inconvenient ?? [];
        return [
          f.customer_id,
          {
            optedOutChannels: f.opt_outs ?? [],
            breathingSpace: f.breathing,
            ...(f.last_request !== null ? { lastRequestAt: new Date(f.last_request).toISOString() } : {}),
            inconvenientTimes: inconvenient
              .filter((t) => t.kind === 'time')
              .map((t) => ({
                from: t.from!,
                to: t.to!,
                ...(t.weekdays !== null ? { weekdays: t.weekdays } : {}),
                ...(t.channels !== null ? { channels: t.channels } : {}),
              })),
            inconvenientPlaces: inconvenient.filter((t) => t.kind === 'place').map((t) => t.place!),
            ...(f.notice !== null ? { fieldVisitNoticeAt: new Date(f.notice).toISOString() } : {}),
          },
        ];
      }),
    );
    for (const c of complaints)
      if (c.guard_category === 'other') loanComplaints.set(c.loan_id, [...(loanComplaints.get(c.loan_id) ?? []), { category: c.guard_category }]);
    const loansOf = groupBy(loans, (l) => l.customer_id);
    const complaintsOf = groupBy(complaints, (c) => c.customer_id);
    for (const id of ids) {
      persons.set(
        id,
        personProtections(
          (loansOf.get(id) ?? []).map((l) => ({ activeFlags: l.active_flags, optedOutChannels: l.opted_out_channels, hardship: l.hardship })),
          (complaintsOf.get(id) ?? []).map((c) => ({ category: c.guard_category })),
          factsOf.get(id),
        ),
      );
    }
    return { persons, loanComplaints };
  }

  /**
   * Applies complaint status changes in order: an open one is (re)recorded with its category in
   * force, a resolved, closed or withdrawn one is removed and remembered, so an older record
   * replayed later cannot reopen it. Answers, per change, whether it changed anything.
   */
  async applyComplaints(
    m: EntityManager,
    changes: ReadonlyArray<{
      complaintId: string;
      loanId: string;
      customerId: string;
      category: string;
      guardCategory: ComplaintGuardCategory;
      open: boolean;
      status: string;
      at: string;
    }>,
  ): Promise<boolean[]> {
    const results: boolean[] = [];
    for (const c of changes) {
      const closed: unknown[] = await m.query(`SELECT 1 FROM closed_complaints WHERE complaint_id = $1`, [c.complaintId]);
      if (closed.length > 0) {
        results.push(false);
        continue;
      }
      if (c.open) {
        await m.query(
          `INSERT INTO open_complaints (complaint_id, loan_id, customer_id, category, guard_category, opened_at, changed_at) VALUES ($1, $2, $6, $3, $4, $5, $5)
           ON CONFLICT (complaint_id) DO UPDATE SET category = EXCLUDED.category, guard_category = EXCLUDED.guard_category, changed_at = EXCLUDED.changed_at
           WHERE open_complaints.changed_at <= EXCLUDED.changed_at`,
          [c.complaintId, c.loanId, c.category, c.guardCategory, c.at, c.customerId],
        );
      } else {
        await m.query(`DELETE FROM open_complaints WHERE complaint_id = $1`, [c.complaintId]);
        await m.query(`INSERT INTO closed_complaints (complaint_id, loan_id, status, closed_at) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING`, [
          c.complaintId,
          c.loanId,
          c.status,
          c.at,
        ]);
      }
      results.push(true);
    }
    return results;
  }

  /** Attempts put back for missing details (the dispatcher's `awaiting-…` mark) are due at once when details arrive. */
  async wakeAttemptsAwaitingDetails(m: EntityManager, loanIds: readonly string[], now: Date): Promise<void> {
    if (loanIds.length === 0) return;
    await m.query(
      `UPDATE contact_attempts SET due_at = $2, updated_at = $2
       WHERE loan_id = ANY($1::text[]) AND status = 'planned' AND detail = $3 AND due_at > $2`,
      [[...new Set(loanIds)], now, AWAITING_DETAILS],
    );
  }

  async findOne(m: EntityManager, loanId: string, lock = false): Promise<CaseRecord | null> {
    return (await this.find(m, [loanId], lock)).get(loanId) ?? null;
  }

  async save(m: EntityManager, records: readonly CaseRecord[]): Promise<void> {
    if (records.length === 0) return;
    await m.query(
      `INSERT INTO cases (loan_id, customer_id, loan_sequence, segmented_sequence, treatment_id, treatment_version, treatment_tone,
         treatment_episode, segmented_at, state, state_reason, days_past_due, dpd_bucket, overdue_amount, currency, jurisdiction,
         due_date, timezone, locale, probability_of_default, protected_case, active_flags, opted_out_channels, dispute_open, hardship,
         open_promise, promise_amount, promise_date, steps_done, last_contact_at, last_payment_at, last_promise_broken_at, plan_dirty, updated_at)
       SELECT r."loanId", r."customerId", r."loanSequence", r."segmentedSequence", r."treatmentId", r."treatmentVersion", r."treatmentTone",
         r."treatmentEpisode", r."segmentedAt", r.state, r."stateReason", r."daysPastDue", r."dpdBucket", r."overdueAmount"::numeric,
         r.currency, r.jurisdiction, r."dueDate"::date, r.timezone, r.locale, r."probabilityOfDefault"::numeric, r."protectedCase",
         ARRAY(SELECT jsonb_array_elements_text(r."activeFlags")), ARRAY(SELECT jsonb_array_elements_text(r."optedOutChannels")),
         r."disputeOpen", r.hardship, r."openPromise", r."promiseAmount"::numeric, r."promiseDate"::date,
         ARRAY(SELECT jsonb_array_elements_text(r."stepsDone")), r."lastContactAt", r."lastPaymentAt", r."lastPromiseBrokenAt",
         r."planDirty", r."updatedAt"
       FROM jsonb_to_recordset($1::jsonb) AS r("loanId" text, "customerId" text, "loanSequence" bigint, "segmentedSequence" bigint,
         "treatmentId" text, "treatmentVersion" int, "treatmentTone" text, "treatmentEpisode" int, "segmentedAt" timestamptz, state text,
         "stateReason" text, "daysPastDue" int, "dpdBucket" text, "overdueAmount" text, currency text, jurisdiction text, "dueDate" text,
         timezone text, locale text, "probabilityOfDefault" text, "protectedCase" boolean, "activeFlags" jsonb, "optedOutChannels" jsonb,
         "disputeOpen" boolean, hardship boolean, "openPromise" boolean, "promiseAmount" text, "promiseDate" text, "stepsDone" jsonb,
         "lastContactAt" timestamptz, "lastPaymentAt" timestamptz, "lastPromiseBrokenAt" timestamptz, "planDirty" boolean, "updatedAt" timestamptz)
       ON CONFLICT (loan_id) DO UPDATE SET customer_id = EXCLUDED.customer_id, loan_sequence = EXCLUDED.loan_sequence,
         segmented_sequence = EXCLUDED.segmented_sequence, treatment_id = EXCLUDED.treatment_id, treatment_version = EXCLUDED.treatment_version,
         treatment_tone = EXCLUDED.treatment_tone, treatment_episode = EXCLUDED.treatment_episode, segmented_at = EXCLUDED.segmented_at,
         state = EXCLUDED.state, state_reason = EXCLUDED.state_reason, days_past_due = EXCLUDED.days_past_due, dpd_bucket = EXCLUDED.dpd_bucket,
         overdue_amount = EXCLUDED.overdue_amount, currency = EXCLUDED.currency, jurisdiction = EXCLUDED.jurisdiction, due_date = EXCLUDED.due_date,
         timezone = EXCLUDED.timezone, locale = EXCLUDED.locale, probability_of_default = EXCLUDED.probability_of_default,
         protected_case = EXCLUDED.protected_case, active_flags = EXCLUDED.active_flags, opted_out_channels = EXCLUDED.opted_out_channels,
         dispute_open = EXCLUDED.dispute_open, hardship = EXCLUDED.hardship, open_promise = EXCLUDED.open_promise,
         promise_amount = EXCLUDED.promise_amount, promise_date = EXCLUDED.promise_date, steps_done = EXCLUDED.steps_done,
         last_contact_at = EXCLUDED.last_contact_at, last_payment_at = EXCLUDED.last_payment_at,
         last_promise_broken_at = EXCLUDED.last_promise_broken_at, plan_dirty = EXCLUDED.plan_dirty, updated_at = EXCLUDED.updated_at`,
      [JSON.stringify(records)],
    );
  }

  /**
   * Latest details per customer; an older record of the compacted topic never overwrites a newer
   * one. Only the sealed identity is written: a row from before sealing loses its plaintext here.
   */
  async saveContactDetails(m: EntityManager, details: readonly SealedContactDetails[]): Promise<void> {
    if (details.length === 0) return;
    // One row per customer in the statement: ON CONFLICT may not touch a row twice.
    const latest = new Map(details.map((d) => [d.customerId, d]));
    await m.query(
      `INSERT INTO contact_details (customer_id, identity, lookups, timezone, locale, jurisdiction, updated_at)
       SELECT d->>'customerId', d->>'identity', ARRAY(SELECT jsonb_array_elements_text(d->'lookups')), d->>'timezone', d->>'locale', d->>'jurisdiction', (d->>'at')::timestamptz
       FROM jsonb_array_elements($1::jsonb) d
       ON CONFLICT (customer_id) DO UPDATE SET identity = EXCLUDED.identity, lookups = EXCLUDED.lookups, full_name = NULL, phone = NULL, email = NULL,
         address = NULL, timezone = EXCLUDED.timezone, locale = EXCLUDED.locale, jurisdiction = EXCLUDED.jurisdiction, updated_at = EXCLUDED.updated_at
       WHERE contact_details.updated_at <= EXCLUDED.updated_at`,
      [JSON.stringify([...latest.values()])],
    );
    // New details (a time zone, above all) may let waiting attempts go: plan those cases again.
    await m.query(`UPDATE cases SET plan_dirty = true WHERE customer_id = ANY($1::text[]) AND NOT plan_dirty`, [[...latest.keys()]]);
  }

  /**
   * The details of those of these customers who can be contacted: a customer with no row, or whose
   * key is gone (erased), or whose identity does not open, is absent, and every caller then refuses
   * to contact them (the dispatcher and the agent queues wait, MomentOfContact.judge).
   */
  async contactDetails(m: EntityManager, customerIds: readonly string[]): Promise<Map<string, ContactDetails>> {
    if (customerIds.length === 0) return new Map();
    const rows: ContactDetailsRow[] = await m.query(
      `SELECT customer_id, identity, full_name, phone, email, address, timezone, locale, jurisdiction FROM contact_details WHERE customer_id = ANY($1::text[])`,
      [customerIds],
    );
    const keys = await this.vault.forOpening(rows.map((r) => r.customer_id));
    const details = new Map<string, ContactDetails>();
    for (const r of rows) {
      if (keys.isErased(r.customer_id)) continue;
      // A row from before sealing is read as it is until LegacyReseal seals it.
      const identity: CustomerIdentityV1 | undefined =
        r.identity !== null
          ? openIdentity(keys, r.customer_id, r.identity)
          : r.full_name !== null && r.phone !== null
            ? { fullName: r.full_name, phone: r.phone, email: r.email, address: r.address }
            : undefined;
      if (identity === undefined) continue;
      details.set(r.customer_id, { customerId: r.customer_id, ...identity, timezone: r.timezone, locale: r.locale, jurisdiction: r.jurisdiction });
    }
    return details;
  }

  /**
   * Drops what is kept to reach an erased customer: their contact details and the third parties
   * they named go, their cases stop (naming the erasure). Answers the stopped loans, whose pending
   * attempts the caller cancels. Locks the cases in loan order, as every writer of cases does.
   */
  async eraseCustomer(m: EntityManager, customerId: string, loanIds: readonly string[], now: Date): Promise<string[]> {
    await m.query(`DELETE FROM contact_details WHERE customer_id = $1`, [customerId]);
    await m.query(`DELETE FROM third_parties WHERE customer_id = $1`, [customerId]);
    const cases: Array<{ loan_id: string }> = await m.query(
      `SELECT loan_id FROM cases WHERE customer_id = $1 OR loan_id = ANY($2::text[]) ORDER BY loan_id FOR UPDATE`,
      [customerId, loanIds],
    );
    const stopped = cases.map((c) => c.loan_id);
    await m.query(`UPDATE cases SET state = 'STOPPED', state_reason = $2, updated_at = $3 WHERE loan_id = ANY($1::text[])`, [stopped, ERASED, now]);
    return stopped;
  }
}

export interface ContactDetails {
  readonly customerId: string;
  readonly fullName: string;
  readonly phone: string;
  readonly email: string | null;
  readonly address: CustomerContactDetailsV1['address'];
  readonly timezone: string;
  readonly locale: CustomerContactDetailsV1['locale'];
  readonly jurisdiction: CustomerContactDetailsV1['jurisdiction'];
}

interface ContactDetailsRow {
  customer_id: string;
  /** Sealed CustomerIdentityV1; null on a row from before sealing, which has the plaintext columns instead. */
  identity: string | null;
  full_name: string | null;
  phone: string | null;
  email: string | null;
  address: CustomerContactDetailsV1['address'];
  timezone: string;
  locale: CustomerContactDetailsV1['locale'];
  jurisdiction: CustomerContactDetailsV1['jurisdiction'];
}

function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) groups.set(key(item), [...(groups.get(key(item)) ?? []), item]);
  return groups;
}

/** jsonb gives instants in PostgreSQL's format and bigints as numbers: bring them to the record's shape. */
function normalize(r: CaseRecord): CaseRecord {
  const iso = (v: string | null): string | null => (v === null ? null : new Date(v).toISOString());
  return {
    ...r,
    loanSequence: Number(r.loanSequence),
    segmentedSequence: Number(r.segmentedSequence),
    segmentedAt: iso(r.segmentedAt),
    lastContactAt: iso(r.lastContactAt),
    lastPaymentAt: iso(r.lastPaymentAt),
    lastPromiseBrokenAt: iso(r.lastPromiseBrokenAt),
    updatedAt: iso(r.updatedAt)!,
    initialContactAt: iso(r.initialContactAt ?? null),
    validationNoticeSentAt: iso(r.validationNoticeSentAt ?? null),
  };
}
