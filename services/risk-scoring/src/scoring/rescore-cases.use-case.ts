import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { type CaseSegmentedEventV1, type Clock, type LoanLifecycleEventV1, type RepaymentPlanEventV1, TOPICS, newEnvelope } from '@clearpath/contracts';
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

/** The event that made a case be scored again: named as the causation of the case-segmented event. */
interface Cause {
  readonly eventId: string;
  readonly correlationId: string;
}

/** A broken plan or promise from repayment-plan, with the correlation id of its record. */
export interface IncomingBrokenPromise {
  readonly event: RepaymentPlanEventV1;
  readonly correlationId: string;
}

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
    const touched = new Map<string, Touched>();
    for (const item of incoming) {
      const loanId = item.event.payload.loanId;
      const update = applyLifecycleEvent(features.get(loanId) ?? null, item.event, now);
      if (update.kind === 'stale') {
        outcomes.push('stale');
        continue;
      }
      features.set(loanId, update.features);
      touched.set(loanId, { features: update.features, rescore: (touched.get(loanId)?.rescore ?? false) || update.rescore, cause: { eventId: item.event.eventId, correlationId: item.correlationId } });
      outcomes.push('applied');
    }
    await this.scoreAndSave(manager, touched, previous, now);
    return outcomes;
  }

  /**
   * Broken plans and promises (repayment-plan): one more broken promise in the feature record, and
   * the case scored again — the segmentation policy may move it to a firmer treatment. Other
   * repayment-plan events are acknowledged without effect. A case not known yet is skipped: there
   * is nothing to score until its loan events arrive.
   */
  async brokenPromises(manager: EntityManager, incoming: readonly IncomingBrokenPromise[]): Promise<Array<'applied' | 'not-broken' | 'unknown-case'>> {
    if (incoming.length === 0) return [];
    const now = this.clock.now();
    const loanIds = [...new Set(incoming.map((i) => i.event.payload.loanId))];
    const features = await this.cases.findFeatures(manager, loanIds);
    const previous = await this.cases.findVerdicts(manager, loanIds);
    const touched = new Map<string, Touched>();
    const outcomes = incoming.map((item) => {
      const e = item.event;
      const broken = (e.eventType === 'PlanStatusChanged' || e.eventType === 'PromiseStatusChanged') && e.payload.status === 'broken';
      if (!broken) return 'not-broken' as const;
      const current = features.get(e.payload.loanId);
      if (current === undefined) return 'unknown-case' as const;
      const updated: CaseFeatures = { ...current, brokenPromises: current.brokenPromises + 1, updatedAt: now.toISOString() };
      features.set(updated.loanId, updated);
      touched.set(updated.loanId, { features: updated, rescore: true, cause: { eventId: e.eventId, correlationId: item.correlationId } });
      return 'applied' as const;
    });
    await this.scoreAndSave(manager, touched, previous, now);
    return outcomes;
  }

  private async scoreAndSave(manager: EntityManager, touched: ReadonlyMap<string, Touched>, previous: Awaited<ReturnType<CaseRepository['findVerdicts']>>, now: Date): Promise<void> {

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
    await this.cases.saveFeatures(manager, [...touched.values()].map((t) => t.features));
    await this.cases.saveVerdicts(manager, scored, changed, now);
    await writeToOutbox(manager, outbox);
  }
}

interface Touched {
  features: CaseFeatures;
  rescore: boolean;
  cause: Cause;
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
