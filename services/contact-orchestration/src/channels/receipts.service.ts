import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { writeToOutbox } from '@clearpath/messaging';
import { attemptRecorded } from '../audit/contact-attempt.events';
import type { Channel } from '../compliance/channel';

interface AttemptRow {
  id: string;
  provider_message_id: string;
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
  /**
   * A batch in a few statements, not four per receipt: a roll's local receipts come due by the
   * thousand, and applied one by one they held the scheduler's tick for minutes (a 1,000,000-loan
   * roll stopped deciding at 80,792 while they ran). Receipts of one message are taken in the
   * batch's order, one per round, so the first that finds the message accepted moves it.
   */
  async apply(m: EntityManager, receipts: readonly Receipt[], now: Date): Promise<ReceiptResult[]> {
    if (receipts.length === 0) return [];
    const known: Array<{ provider_message_id: string; channel: Channel }> = await m.query(
      `SELECT provider_message_id, channel FROM provider_messages WHERE provider_message_id = ANY($1::text[])`,
      [[...new Set(receipts.map((r) => r.providerMessageId))]],
    );
    const channelOf = new Map(known.map((k) => [k.provider_message_id, k.channel]));
    const results: ReceiptResult[] = receipts.map((r) => (channelOf.get(r.providerMessageId) === r.channel ? 'duplicate' : 'unknown-message'));
    let pending = receipts.map((_, i) => i).filter((i) => results[i] !== 'unknown-message');
    while (pending.length > 0) {
      const seen = new Set<string>();
      const round: number[] = [];
      const later: number[] = [];
      for (const i of pending) {
        const id = receipts[i]!.providerMessageId;
        if (seen.has(id)) later.push(i);
        else {
          seen.add(id);
          round.push(i);
        }
      }
      await this.applyRound(
        m,
        round.map((i) => receipts[i]!),
        now,
        (k) => (results[round[k]!] = 'applied'),
      );
      pending = later;
    }
    return results;
  }

  /** Receipts of distinct messages: recorded once each, and those new move their message and attempt. */
  private async applyRound(m: EntityManager, round: readonly Receipt[], now: Date, applied: (index: number) => void): Promise<void> {
    const ids = round.map((r) => r.providerMessageId);
    const statuses = round.map((r) => r.status);
    const inserted: Array<{ provider_message_id: string; status: ReceiptStatus }> = await m.query(
      `INSERT INTO provider_receipts (provider_message_id, status, channel, received_at)
       SELECT r.id, r.status, r.channel, $4 FROM unnest($1::text[], $2::text[], $3::text[]) AS r(id, status, channel)
       ON CONFLICT DO NOTHING RETURNING provider_message_id, status`,
      [ids, statuses, round.map((r) => r.channel), now],
    );
    const fresh = new Set(inserted.map((r) => `${r.provider_message_id}\u0000${r.status}`));
    const moving = round.map((r, k) => ({ r, k })).filter(({ r }) => fresh.has(`${r.providerMessageId}\u0000${r.status}`));
    if (moving.length === 0) return;
    for (const { k } of moving) applied(k);
    const movingIds = moving.map(({ r }) => r.providerMessageId);
    const movingStatuses = moving.map(({ r }) => r.status);
    await m.query(
      `UPDATE provider_messages p SET status = d.status, updated_at = $3
       FROM unnest($1::text[], $2::text[]) AS d(id, status)
       WHERE p.provider_message_id = d.id AND p.status = 'accepted'`,
      [movingIds, movingStatuses, now],
    );
    // TypeORM answers an UPDATE ... RETURNING with [rows, affected].
    const [moved]: [Array<AttemptRow & { receipt_status: ReceiptStatus }>, number] = await m.query(
      `UPDATE contact_attempts a SET status = d.status, delivered_at = CASE WHEN d.status = 'delivered' THEN $3::timestamptz ELSE a.delivered_at END, updated_at = $3
       FROM unnest($1::text[], $2::text[]) AS d(id, status)
       WHERE a.provider_message_id = d.id AND a.status = 'sent'
       RETURNING a.id, a.loan_id, a.customer_id, a.channel, a.treatment_id, a.template_id, a.provider_message_id, d.status AS receipt_status`,
      [movingIds, movingStatuses, now],
    );
    // Published in the batch's order (RETURNING promises none).
    const order = new Map(movingIds.map((id, i) => [id, i]));
    moved.sort((a, b) => (order.get(a.provider_message_id) ?? 0) - (order.get(b.provider_message_id) ?? 0));
    await writeToOutbox(
      m,
      moved.map((a) =>
        attemptRecorded(
          { attemptId: a.id, loanId: a.loan_id, customerId: a.customer_id, channel: a.channel, treatmentId: a.treatment_id, templateId: a.template_id },
          a.receipt_status,
          {},
          now,
        ),
      ),
    );
  }
}
