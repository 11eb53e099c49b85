import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

/** Outcomes in which the collector spoke with the debtor (COMPLIANCE.md's "conversation"). */
export const RIGHT_PARTY_OUTCOMES = ['reached-right-party', 'promise-to-pay', 'refused', 'hardship', 'dispute', 'callback-requested'] as const;

export interface AgentScorecard {
  readonly agentId: string;
  readonly from: string;
  readonly to: string;
  readonly contacts: number;
  readonly rightPartyContacts: number;
  readonly promises: number;
  readonly keptPromises: number;
  readonly complaints: number;
  readonly upheldComplaints: number;
  /** null when the agent made no contacts in the period (a rate over zero contacts means nothing). */
  readonly complaintsPer1000Contacts: number | null;
  readonly upheldComplaintsPer1000Contacts: number | null;
  readonly complianceBlocks: number;
}

export function per1000(n: number, contacts: number): number | null {
  return contacts === 0 ? null : Math.round((n * 1000 * 100) / contacts) / 100;
}

/**
 * One collector's quality over [from, to), all from the events complaints keeps:
 * - contacts: `outcome` records with this agent (each recorded outcome is one contact);
 *   right-party contacts and promises are those with the outcomes above / `promise-to-pay`;
 * - kept promises: PromiseStatusChanged `kept` in the period whose source attempt is this agent's;
 * - complaints: received in the period and naming at least one of this agent's attempts; upheld =
 *   outcome UPHELD or PARTLY_UPHELD;
 * - compliance blocks: attempts the guard blocked in the period, attributed to the agent when the
 *   blocked record names them or another record of the same attempt does.
 */
@Injectable()
export class AgentScorecardQuery {
  async run(m: EntityManager, agentId: string, from: Date, to: Date): Promise<AgentScorecard> {
    const [row]: Array<{ contacts: number; right_party: number; promises: number; kept: number; complaints: number; upheld: number; blocks: number }> =
      await m.query(
        `WITH agent_attempts AS (SELECT DISTINCT attempt_id FROM contact_attempt_events WHERE agent_id = $1)
       SELECT
         (SELECT count(*) FROM contact_attempt_events WHERE agent_id = $1 AND stage = 'outcome' AND occurred_at >= $2 AND occurred_at < $3)::int AS contacts,
         (SELECT count(*) FROM contact_attempt_events WHERE agent_id = $1 AND stage = 'outcome' AND outcome = ANY($4::text[]) AND occurred_at >= $2 AND occurred_at < $3)::int AS right_party,
         (SELECT count(*) FROM contact_attempt_events WHERE agent_id = $1 AND stage = 'outcome' AND outcome = 'promise-to-pay' AND occurred_at >= $2 AND occurred_at < $3)::int AS promises,
         (SELECT count(*) FROM kept_promises WHERE kept_at >= $2 AND kept_at < $3 AND source_attempt_id IN (SELECT attempt_id FROM agent_attempts))::int AS kept,
         (SELECT count(*) FROM complaints WHERE received_at >= $2 AND received_at < $3 AND attempt_ids && ARRAY(SELECT attempt_id FROM agent_attempts))::int AS complaints,
         (SELECT count(*) FROM complaints WHERE received_at >= $2 AND received_at < $3 AND attempt_ids && ARRAY(SELECT attempt_id FROM agent_attempts)
            AND outcome IN ('UPHELD', 'PARTLY_UPHELD'))::int AS upheld,
         (SELECT count(DISTINCT attempt_id) FROM contact_attempt_events WHERE stage = 'blocked' AND occurred_at >= $2 AND occurred_at < $3
            AND (agent_id = $1 OR (agent_id IS NULL AND attempt_id IN (SELECT attempt_id FROM agent_attempts))))::int AS blocks`,
        [agentId, from, to, [...RIGHT_PARTY_OUTCOMES]],
      );
    return {
      agentId,
      from: from.toISOString(),
      to: to.toISOString(),
      contacts: row.contacts,
      rightPartyContacts: row.right_party,
      promises: row.promises,
      keptPromises: row.kept,
      complaints: row.complaints,
      upheldComplaints: row.upheld,
      complaintsPer1000Contacts: per1000(row.complaints, row.contacts),
      upheldComplaintsPer1000Contacts: per1000(row.upheld, row.contacts),
      complianceBlocks: row.blocks,
    };
  }
}
