import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { type CaseSegmentedEventV1, type Clock, type LoanLifecycleEventV1, TOPICS, newEnvelope } from '@clearpath/contracts';
import { type OutboxRecord, eventRecord, writeToOutbox } from '@clearpath/messaging';
import { CLOCK } from '@clearpath/platform';
import { type CaseFeatures, applyLifecycleEvent, isScorable } from '../cases/case-features';
import { CaseRepository, type VerdictChange } from '../cases/case.repository';
import { type RiskVerdict, verdictChanged } from './risk-verdict';
import { ScoringEngine } from './scoring.engine';

export interface IncomingLifecycleEvent {
  readonly event: LoanLifecycleEventV1;
  readonly correlationId: string;
}

export type RescoreOutcome = 'applied' | 'stale';

/**
 * Re-scores the cases a batch of loan-lifecycle events touched, in the consumer's transaction:
 * features updated per event in order, each touched case scored once with its final features,
 * and a case-segmented event written to the outbox only when the verdict changed.
 */
@Injectable()
export class RescoreCasesUseCase {
  constructor(
    private readonly cases: CaseRepository,
    private readonly engine: ScoringEngine,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute(manager: EntityManager, incoming: readonly IncomingLifecycleEvent[]): Promise<RescoreOutcome[]> {
    if (incoming.length === 0) return [];
    const now = this.clock.now();
    const loanIds = [...new Set(incoming.map((i) => i.event.payload.loanId))];
    const features = await this.cases.findFeatures(manager, loanIds);
    const previous = await this.cases.findVerdicts(manager, loanIds);

    const outcomes: RescoreOutcome[] = [];
    const touched = new Map<string, { features: CaseFeatures; rescore: boolean; cause: IncomingLifecycleEvent }>();
    for (const item of incoming) {
      const loanId = item.event.payload.loanId;
      const update = applyLifecycleEvent(features.get(loanId) ?? null, item.event, now);
      if (update.kind === 'stale') {
        outcomes.push('stale');
        continue;
      }
      features.set(loanId, update.features);
      touched.set(loanId, { features: update.features, rescore: (touched.get(loanId)?.rescore ?? false) || update.rescore, cause: item });
      outcomes.push('applied');
    }

    const scored: Array<{ loanId: string; verdict: RiskVerdict }> = [];
    const changed: VerdictChange[] = [];
    const outbox: OutboxRecord[] = [];
    for (const [loanId, { features: f, rescore, cause }] of touched) {
      if (!rescore || !isScorable(f)) continue;
      const verdict = this.engine.verdict(f);
      scored.push({ loanId, verdict });
      if (!verdictChanged(previous.get(loanId) ?? null, verdict)) continue;
      changed.push({ loanId, loanSequence: f.loanSequence, verdict, causeEventId: cause.event.eventId });
      outbox.push(caseSegmentedRecord(f, verdict, cause, now));
    }

    await this.cases.saveFeatures(manager, [...touched.values()].map((t) => t.features));
    await this.cases.saveVerdicts(manager, scored, changed, now);
    await writeToOutbox(manager, outbox);
    return outcomes;
  }
}

function caseSegmentedRecord(f: CaseFeatures, v: RiskVerdict, cause: IncomingLifecycleEvent, now: Date): OutboxRecord {
  const event: CaseSegmentedEventV1 = newEnvelope({
    eventType: 'CaseSegmented',
    schemaVersion: 1,
    occurredAt: now,
    correlationId: cause.correlationId,
    causationId: cause.event.eventId,
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
