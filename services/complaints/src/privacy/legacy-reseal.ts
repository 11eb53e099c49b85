import { Inject, Injectable } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import { InjectLogger, type Logger } from '@clearpath/observability';
import { type PersonalDataVault, isSealed } from '@clearpath/persistence';
import {
  DATA_SOURCE,
  LEGACY_SEALING_BATCH as BATCH,
  LegacySealing,
  PERSONAL_DATA_VAULT,
  SEALED_VALUE_PATTERN as SEALED,
  type SealingPass,
} from '@clearpath/platform';
import type { ResponseLetter } from '../letters/response-letter';
import { sealLetter } from './sealed-complaint';

/**
 * Complaints' part of LegacySealing (how it runs is said there): complaint texts and response
 * letters; an erased customer's are emptied. History notes written before sealing stay:
 * complaint_history is append-only.
 */
@Injectable()
export class LegacyReseal extends LegacySealing {
  constructor(@Inject(DATA_SOURCE) dataSource: DataSource, @Inject(PERSONAL_DATA_VAULT) vault: PersonalDataVault, @InjectLogger() logger: Logger) {
    super(dataSource, vault, logger);
  }

  protected passes(): Record<string, SealingPass> {
    return {
      complaints: async (m, keysFor, after) => {
        const rows: Array<{ complaint_id: string; customer_id: string; complaint_text: string; letter: ResponseLetter | null }> = await m.query(
          `SELECT complaint_id::text, customer_id, complaint_text, letter FROM complaints
           WHERE (complaint_text !~ $1 OR (letter IS NOT NULL AND letter->>'body' !~ $1)) AND complaint_text <> '' AND complaint_id::text > $2
           ORDER BY complaint_id::text LIMIT $3 FOR UPDATE SKIP LOCKED`,
          [SEALED, after, BATCH],
        );
        const keys = await keysFor(rows.map((r) => r.customer_id));
        const sealed = (customerId: string, value: string) => (isSealed(value) ? value : (keys.seal(customerId, value) ?? ''));
        const updates = rows.map((r) => {
          const letter = r.letter === null || isSealed(r.letter.body) ? r.letter : sealLetter(keys, r.customer_id, r.letter);
          return { id: r.complaint_id, text: sealed(r.customer_id, r.complaint_text), letter };
        });
        await m.query(
          `UPDATE complaints c SET complaint_text = u.text, letter = u.letter FROM jsonb_to_recordset($1::jsonb) AS u(id uuid, text text, letter jsonb) WHERE c.complaint_id = u.id`,
          [JSON.stringify(updates)],
        );
        return { rows: rows.length, last: rows.at(-1)?.complaint_id ?? after };
      },
    };
  }
}
