import { Inject, Injectable } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import type { Clock } from '@clearpath/contracts';
import { CLOCK, DATA_SOURCE } from '@clearpath/platform';
import type { Channel } from '../compliance/channel';
import { LookupIndex } from '../personal-data/lookup-index';
import { ComplianceStatesService, type Actor } from '../protections/compliance-states.service';
import { helpReply, inboundKeyword, type InboundKeyword } from './inbound-keywords';

export interface InboundInput {
  readonly channel: Channel;
  readonly kind: 'message' | 'call';
  /** Who it came from: the debtor's phone number or e-mail address (the provider webhook), or … */
  readonly from?: string;
  /** … the person or loan it concerns (an agent's form). */
  readonly customerId?: string;
  readonly loanId?: string;
  /** The message; read for its keyword, never stored. */
  readonly text?: string;
  readonly receivedAt?: string;
  readonly providerMessageId?: string;
}

export type InboundResult =
  | {
      readonly kind: 'recorded';
      readonly customerId: string;
      readonly keyword: InboundKeyword | null;
      readonly optedOut: Channel | null;
      readonly reply: string | null;
      readonly duplicate: boolean;
    }
  | { readonly kind: 'unknown-debtor' }
  | { readonly kind: 'third-party-stopped' }
  | { readonly kind: 'future' };

/** Clock skew allowed between a provider's clock and ours. */
const SKEW_MS = 5 * 60_000;

/**
 * What the debtor sends us: a STOP (UNSUBSCRIBE, 退订, TD…) opts the person out of that channel at
 * once, on every loan; HELP gets an answer; an inbound call is a conversation (Reg F's 7-day quiet
 * period starts) and, like any other message, a recorded request of the debtor (`reply-needs-request`).
 * A provider's message id makes a redelivered webhook a duplicate.
 */
@Injectable()
export class RecordInboundUseCase {
  constructor(
    private readonly states: ComplianceStatesService,
    @Inject(DATA_SOURCE) private readonly dataSource: DataSource,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly lookups: LookupIndex,
  ) {}

  async execute(input: InboundInput, by: Actor): Promise<InboundResult> {
    const now = this.clock.now();
    const receivedAt = input.receivedAt === undefined ? now : new Date(input.receivedAt);
    if (receivedAt.getTime() > now.getTime() + SKEW_MS) return { kind: 'future' };
    return this.dataSource.transaction(async (m) => {
      // The sender is found by the blind index of phone numbers and e-mail addresses (the identity
      // is sealed); the plaintext columns only on a row from before sealing not yet re-sealed.
      const found: Array<{ customer_id: string; locale: string | null }> = await m.query(
        `SELECT customer_id, locale FROM (
           SELECT customer_id, locale, 1 AS rank FROM contact_details WHERE customer_id = $1
           UNION ALL SELECT c.customer_id, c.locale, 2 FROM cases c WHERE c.loan_id = $2
           UNION ALL SELECT customer_id, locale, 3 FROM contact_details WHERE $3::text IS NOT NULL AND (lookups && $4::text[] OR phone = $3 OR lower(email) = lower($3))
         ) s ORDER BY rank LIMIT 1`,
        [input.customerId ?? null, input.loanId ?? null, input.from ?? null, input.from === undefined ? [] : this.lookups.candidates(input.from)],
      );
      const debtor = found[0];
      if (debtor === undefined) {
        // A third party the debtor named who replies STOP is never asked again.
        if (
          input.from !== undefined &&
          input.kind === 'message' &&
          inboundKeyword(input.text) === 'stop' &&
          (await this.states.withdrawThirdParty(m, input.from, now)) > 0
        ) {
          return { kind: 'third-party-stopped' };
        }
        return { kind: 'unknown-debtor' };
      }
      const keyword = input.kind === 'message' ? inboundKeyword(input.text) : null;
      // TypeORM answers an INSERT ... RETURNING with its rows: none when the provider's message id was seen before.
      const inserted: unknown[] = await m.query(
        `INSERT INTO inbound_contacts (customer_id, loan_id, channel, kind, keyword, provider_message_id, recorded_by, received_at, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT (provider_message_id) DO NOTHING RETURNING id`,
        [debtor.customer_id, input.loanId ?? null, input.channel, input.kind, keyword, input.providerMessageId ?? null, by.subject, receivedAt, now],
      );
      const duplicate = inserted.length === 0;
      let optedOut: Channel | null = null;
      if (keyword === 'stop' && !duplicate) {
        await this.states.optOut(m, debtor.customer_id, input.channel, `inbound:${input.channel.toLowerCase()}`, now);
        optedOut = input.channel;
      }
      return {
        kind: 'recorded',
        customerId: debtor.customer_id,
        keyword,
        optedOut,
        reply: keyword === 'help' ? helpReply(debtor.locale ?? 'en-US') : null,
        duplicate,
      };
    });
  }
}
