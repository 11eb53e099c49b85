import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { PersonalDataVault } from '@clearpath/persistence';
import { PERSONAL_DATA_VAULT } from '@clearpath/platform';
import type { Channel } from '../compliance/channel';
import { CONTACT_POLICY, ContactPolicy } from '../config/contact-policy';
import type { ChannelProvider, Handover, OutboundMessage } from './channel-provider';
import { sealedForRecord } from './sealed-messages';

/**
 * The local SMS / e-mail / IM / letter gateway: records exactly what would be sent (recipient,
 * subject, text, sealed for the debtor) and "delivers" it after a delay, when the scheduler's tick
 * produces its receipt.
 */
@Injectable()
export class LocalProvider implements ChannelProvider {
  readonly name = 'local';
  readonly channels: readonly Channel[] = ['SMS', 'EMAIL', 'IM', 'LETTER'];

  constructor(
    @Inject(CONTACT_POLICY) private readonly policy: ContactPolicy,
    @Inject(PERSONAL_DATA_VAULT) private readonly vault: PersonalDataVault,
  ) {}

  async handOver(m: EntityManager, messages: readonly OutboundMessage[], now: Date): Promise<Handover[]> {
    const sealed = await sealedForRecord(this.vault, messages);
    if (sealed.length === 0) return [];
    const receiptDueAt = new Date(now.getTime() + this.policy.settings.localReceiptDelayMs);
    const rows: Array<{ provider_message_id: string; attempt_id: string }> = await m.query(
      `INSERT INTO provider_messages (provider_message_id, attempt_id, provider, channel, recipient, subject, body, status, receipt_due_at, created_at, updated_at)
       SELECT 'local-' || r."attemptId", r."attemptId"::uuid, $2, r.channel, r.recipient, r.subject, r.body, 'accepted', $3, $4, $4
       FROM jsonb_to_recordset($1::jsonb) AS r("attemptId" text, channel text, recipient text, subject text, body text)
       ON CONFLICT (attempt_id) DO NOTHING
       RETURNING provider_message_id, attempt_id`,
      [JSON.stringify(sealed), this.name, receiptDueAt, now],
    );
    return rows.map((r) => ({ attemptId: r.attempt_id, providerMessageId: r.provider_message_id }));
  }

  /** Receipts that are due: the local gateway "delivered" these messages. */
  async dueReceipts(m: EntityManager, now: Date, limit: number): Promise<Array<{ providerMessageId: string; channel: Channel }>> {
    const rows: Array<{ provider_message_id: string; channel: Channel }> = await m.query(
      `SELECT provider_message_id, channel FROM provider_messages
       WHERE provider = $1 AND status = 'accepted' AND receipt_due_at <= $2
       ORDER BY receipt_due_at LIMIT $3 FOR UPDATE SKIP LOCKED`,
      [this.name, now, limit],
    );
    return rows.map((r) => ({ providerMessageId: r.provider_message_id, channel: r.channel }));
  }
}
