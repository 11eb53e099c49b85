import { Inject, Injectable } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import type { CustomerIdentityV1 } from '@clearpath/contracts';
import { InjectLogger, type Logger } from '@clearpath/observability';
import type { PersonalDataVault } from '@clearpath/persistence';
import {
  DATA_SOURCE,
  LEGACY_SEALING_BATCH as BATCH,
  LegacySealing,
  PERSONAL_DATA_VAULT,
  SEALED_VALUE_PATTERN as SEALED,
  type SealingPass,
} from '@clearpath/platform';
import { LookupIndex } from './lookup-index';
import { identityLookups, openIdentity, sealIdentity } from './sealed-identity';

/**
 * Contact-orchestration's part of LegacySealing (how it runs is said there): contact details,
 * third parties, the local provider's record of what was sent, the reasons breathing spaces ended;
 * rows indexed under a master key no longer active are re-indexed on the way, an erased
 * customer's rows dropped. Dispute notes written before sealing stay: dispute_history is
 * append-only.
 */
@Injectable()
export class LegacyReseal extends LegacySealing {
  constructor(
    @Inject(DATA_SOURCE) dataSource: DataSource,
    @Inject(PERSONAL_DATA_VAULT) vault: PersonalDataVault,
    private readonly lookups: LookupIndex,
    @InjectLogger() logger: Logger,
  ) {
    super(dataSource, vault, logger);
  }

  protected passes(): Record<string, SealingPass> {
    const prefix = this.lookups.activePrefix;
    return {
      contact_details: async (m, keysFor, after) => {
        const rows: Array<{
          customer_id: string;
          identity: string | null;
          full_name: string | null;
          phone: string | null;
          email: string | null;
          address: CustomerIdentityV1['address'];
        }> = await m.query(
          `SELECT customer_id, identity, full_name, phone, email, address FROM contact_details
           WHERE (identity IS NULL OR cardinality(lookups) = 0 OR NOT starts_with(lookups[1], $1)) AND customer_id > $2
           ORDER BY customer_id LIMIT $3 FOR UPDATE SKIP LOCKED`,
          [prefix, after, BATCH],
        );
        const keys = await keysFor(rows.map((r) => r.customer_id));
        const updates: Array<{ id: string; identity: string; lookups: string[] }> = [];
        const erased: string[] = [];
        for (const r of rows) {
          if (keys.isErased(r.customer_id)) {
            erased.push(r.customer_id);
            continue;
          }
          const plain =
            r.identity !== null
              ? openIdentity(keys, r.customer_id, r.identity)
              : r.full_name !== null && r.phone !== null
                ? { fullName: r.full_name, phone: r.phone, email: r.email, address: r.address }
                : undefined;
          // Sealed already (only the index is stale): kept as it is.
          const identity = plain === undefined ? null : (r.identity ?? sealIdentity(keys, r.customer_id, plain));
          if (identity !== null && plain !== undefined) updates.push({ id: r.customer_id, identity, lookups: identityLookups(this.lookups, plain) });
        }
        await m.query(`DELETE FROM contact_details WHERE customer_id = ANY($1::text[])`, [erased]);
        await m.query(
          `UPDATE contact_details d SET identity = u.identity, lookups = ARRAY(SELECT jsonb_array_elements_text(u.lookups)), full_name = NULL, phone = NULL, email = NULL, address = NULL
           FROM jsonb_to_recordset($1::jsonb) AS u(id text, identity text, lookups jsonb) WHERE d.customer_id = u.id`,
          [JSON.stringify(updates)],
        );
        return { rows: rows.length, last: rows.at(-1)?.customer_id ?? after };
      },

      third_parties: async (m, keysFor, after) => {
        const rows: Array<{ id: string; customer_id: string; name: string; phone: string; phone_lookup: string | null }> = await m.query(
          `SELECT id::text, customer_id, name, phone, phone_lookup FROM third_parties
           WHERE (phone_lookup IS NULL OR NOT starts_with(phone_lookup, $1)) AND id::text > $2
           ORDER BY id::text LIMIT $3 FOR UPDATE SKIP LOCKED`,
          [prefix, after, BATCH],
        );
        const keys = await keysFor(rows.map((r) => r.customer_id));
        const updates: Array<{ id: string; name: string; phone: string; lookup: string }> = [];
        const erased: string[] = [];
        for (const r of rows) {
          if (keys.isErased(r.customer_id)) {
            erased.push(r.id);
            continue;
          }
          // No lookup yet: the row is from before sealing, name and number in plaintext.
          const legacy = r.phone_lookup === null;
          const phone = legacy ? r.phone : keys.open(r.customer_id, r.phone);
          const [name, sealedPhone] = legacy ? [keys.seal(r.customer_id, r.name), keys.seal(r.customer_id, r.phone)] : [r.name, r.phone];
          if (phone !== undefined && name !== null && sealedPhone !== null)
            updates.push({ id: r.id, name, phone: sealedPhone, lookup: this.lookups.digest(phone) });
        }
        await m.query(`DELETE FROM third_parties WHERE id = ANY($1::uuid[])`, [erased]);
        await m.query(
          `UPDATE third_parties t SET name = u.name, phone = u.phone, phone_lookup = u.lookup FROM jsonb_to_recordset($1::jsonb) AS u(id uuid, name text, phone text, lookup text) WHERE t.id = u.id`,
          [JSON.stringify(updates)],
        );
        return { rows: rows.length, last: rows.at(-1)?.id ?? after };
      },

      provider_messages: async (m, keysFor, after) => {
        const rows: Array<{ provider_message_id: string; customer_id: string; recipient: string; subject: string | null; body: string }> = await m.query(
          `SELECT p.provider_message_id, a.customer_id, p.recipient, p.subject, p.body FROM provider_messages p JOIN contact_attempts a ON a.id = p.attempt_id
           WHERE p.recipient !~ $1 AND p.recipient <> '' AND p.provider_message_id > $2
           ORDER BY p.provider_message_id LIMIT $3 FOR UPDATE OF p SKIP LOCKED`,
          [SEALED, after, BATCH],
        );
        const keys = await keysFor(rows.map((r) => r.customer_id));
        // An erased customer's record keeps its shape (receipts and tasks point at it), not its content.
        const seal = (customerId: string, text: string) => keys.seal(customerId, text) ?? '';
        const updates = rows.map((r) => ({
          id: r.provider_message_id,
          recipient: seal(r.customer_id, r.recipient),
          subject: r.subject === null ? null : seal(r.customer_id, r.subject),
          body: seal(r.customer_id, r.body),
        }));
        await m.query(
          `UPDATE provider_messages p SET recipient = u.recipient, subject = u.subject, body = u.body
           FROM jsonb_to_recordset($1::jsonb) AS u(id text, recipient text, subject text, body text) WHERE p.provider_message_id = u.id`,
          [JSON.stringify(updates)],
        );
        return { rows: rows.length, last: rows.at(-1)?.provider_message_id ?? after };
      },

      breathing_spaces: async (m, keysFor, after) => {
        const rows: Array<{ id: string; customer_id: string; ended_early_reason: string }> = await m.query(
          `SELECT id::text, customer_id, ended_early_reason FROM breathing_spaces
           WHERE ended_early_reason IS NOT NULL AND ended_early_reason !~ $1 AND id::text > $2
           ORDER BY id::text LIMIT $3 FOR UPDATE SKIP LOCKED`,
          [SEALED, after, BATCH],
        );
        const keys = await keysFor(rows.map((r) => r.customer_id));
        const updates = rows.map((r) => ({ id: r.id, reason: keys.seal(r.customer_id, r.ended_early_reason) }));
        await m.query(
          `UPDATE breathing_spaces b SET ended_early_reason = u.reason FROM jsonb_to_recordset($1::jsonb) AS u(id uuid, reason text) WHERE b.id = u.id`,
          [JSON.stringify(updates)],
        );
        return { rows: rows.length, last: rows.at(-1)?.id ?? after };
      },
    };
  }
}
