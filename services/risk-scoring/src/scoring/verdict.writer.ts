import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { type CaseSegmentedEventV1, TOPICS, newEnvelope } from '@clearpath/contracts';
import { type OutboxRecord, eventRecord, writeToOutbox } from '@clearpath/messaging';
import { type CaseFeatures, isScorable } from '../cases/case-features';
import { CaseRepository, type VerdictChange } from '../cases/case.repository';
import { type RiskVerdict, verdictChanged } from './risk-verdict';
import { ScoringEngine } from './scoring.engine';

/** The event that made a case be scored again: named as the causation of the case-segmented event. */
export interface Cause {
  readonly eventId: string;
  readonly correlationId: string;
}

/** A case whose features a batch changed: `rescore` when the change may move its verdict. */
export interface Touched {
  features: CaseFeatures;
  rescore: boolean;
  cause: Cause;
}

/**
 * Saves the features a batch changed and scores each case that needs it once, with its final
 * features; a case-segmented event goes to the outbox only when the verdict changed.
 */
@Injectable()
export class VerdictWriter {
  constructor(
    private readonly cases: CaseRepository,
    private readonly engine: ScoringEngine,
  ) {}

  async scoreAndSave(
    manager: EntityManager,
    touched: ReadonlyMap<string, Touched>,
    previous: Awaited<ReturnType<CaseRepository['findVerdicts']>>,
    now: Date,
  ): Promise<void> {
    const scored: Array<{ loanId: string; verdict: RiskVerdict }> = [];
    const changed: VerdictChange[] = [];
    const outbox: OutboxRecord[] = [];
    for (const [loanId, { features: f, rescore, cause }] of touched) {
      if (!rescore || !isScorable(f)) continue;
      const verdict = this.engine.verdict(f);
      scored.push({ loanId, verdict });
      if (!verdictChanged(previous.get(loanId) ?? null, verdict)) continue;
      changed.push({ loanId, loanSequence: f.loanSequence, verdict, causeEventId: cause.eventId });
      outbox.push(caseSegmentedRecord(f, verdict, cause, now));
    }

    if (touched.size === 0) return;
    await this.cases.saveFeatures(
      manager,
      [...touched.values()].map((t) => t.features),
    );
    await this.cases.saveVerdicts(manager, scored, changed, now);
    await writeToOutbox(manager, outbox);
  }
}

function caseSegmentedRecord(f: CaseFeatures, v: RiskVerdict, cause: Cause, now: Date): OutboxRecord {
  const event: CaseSegmentedEventV1 = newEnvelope({
    eventType: 'CaseSegmented',
    schemaVersion: 1,
    occurredAt: now,
    correlationId: cause.correlationId,
    causationId: cause.eventId,
    payload: {
      loanId: f.loanId,
      customerId: f.customerId,
      loanSequence: f.loanSequence,
      probabilityOfDefault: v.probabilityOfDefault,
      band: v.band,
      dpdBucket: v.dpdBucket,
      segment: v.segment,
      treatment: v.treatment,
      arm: v.arm,
      protectedCase: v.protectedCase,
      modelVersion: v.modelVersion,
      policyVersion: v.policyVersion,
      reasons: v.reasons.map((r) => ({ code: r.code, contribution: Number(r.contribution.toFixed(4)), text: { 'zh-CN': r.text['zh-CN'], en: r.text.en } })),
      overdueAmount: f.overdueAmount!,
      currency: f.currency!,
      jurisdiction: f.jurisdiction!,
    },
  });
  return eventRecord(TOPICS.caseSegmented.name, f.loanId, event);
}
