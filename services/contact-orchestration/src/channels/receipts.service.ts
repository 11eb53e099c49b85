import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { writeToOutbox } from '@clearpath/messaging';
import { attemptRecorded } from '../audit/contact-attempt.events';
import type { Channel } from '../compliance/channel';

interface AttemptRow {
  id: string;
  loan_id: string;
  customer_id: string;
  channel: Channel;
  treatment_id: string;
  template_id: string;
}

export type ReceiptStatus = 'delivered' | 'failed';

export interface Receipt {
  readonly providerMessageId: string;
  readonly channel: Channel;
  readonly status: ReceiptStatus;
}

export type ReceiptResult = 'applied' | 'duplicate' | 'unknown-message';

/**
 * Applies delivery receipts, from the local provider's tick or a real provider's callback.
 * Idempotent by (provider message id, status): a repeated receipt changes nothing. A message moves
 * only forward: accepted → delivered | failed.
 */
@Injectable()
export class ReceiptsService {
  async apply(m: EntityManager, receipts: readonly Receipt[], now: Date): Promise<ReceiptResult[]> {
    if (receipts.length === 0) return [];
    const known: Array<{ provider_message_id: string; channel: Channel }> = await m.query(
      `SELECT provider_message_id, channel FROM provider_messages WHERE provider_message_id = ANY($1::text[])`,
      [receipts.map((r) => r.providerMessageId)],
    );
    const channelOf = new Map(known.map((k) => [k.provider_message_id, k.channel]));
    const results: ReceiptResult[] = [];
    for (const receipt of receipts) {
      if (channelOf.get(receipt.providerMessageId) !== receipt.channel) {
        results.push('unknown-message');
        continue;
      }
      const inserted: unknown[] = await m.query(
        `INSERT INTO provider_receipts (provider_message_id, status, channel, received_at) VALUES ($1, $2, $3, $4)
         ON CONFLICT DO NOTHING RETURNING 1`,
        [receipt.providerMessageId, receipt.status, receipt.channel, now],
      );
      if (inserted.length === 0) {
        results.push('duplicate');
        continue;
      }
      await m.query(`UPDATE provider_messages SET status = $2, updated_at = $3 WHERE provider_message_id = $1 AND status = 'accepted'`, [
        receipt.providerMessageId,
        receipt.status,
        now,
      ]);
      // TypeORM answers an UPDATE ... RETURNING with [rows, affected].
      const [moved]: [AttemptRow[], number] = await m.query(
        `UPDATE contact_attempts SET status = $2, delivered_at = CASE WHEN $2 = 'delivered' THEN $3::timestamptz ELSE delivered_at END, updated_at = $3
         WHERE provider_message_id = $1 AND status = 'sent'
         RETURNING id, loan_id, customer_id, channel, treatment_id, template_id`,
        [receipt.providerMessageId, receipt.status, now],
      );
      await writeToOutbox(
        m,
        moved.map((a) =>
          attemptRecorded(
            { attemptId: a.id, loanId: a.loan_id, customerId: a.customer_id, channel: a.channel, treatmentId: a.treatment_id, templateId: a.template_id },
            receipt.status,
            {},
            now,
          ),
        ),
      );
      results.push('applied');
    }
    return results;
  }
}
