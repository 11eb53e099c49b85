import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { Clock, RepaymentPlanEventV1 } from '@clearpath/contracts';
import { CLOCK } from '@clearpath/platform';
import type { CaseFeatures } from '../cases/case-features';
import { CaseRepository } from '../cases/case.repository';
import { VerdictWriter, type Touched } from './verdict.writer';

/** A broken plan or promise from repayment-plan, with the correlation id of its record. */
export interface IncomingBrokenPromise {
  readonly event: RepaymentPlanEventV1;
  readonly correlationId: string;
}

/** `not-broken`: any other repayment-plan event; `unknown-case`: no loan events for it yet. */
export type BrokenPromiseOutcome = 'applied' | 'not-broken' | 'unknown-case';

/**
 * Broken plans and promises (repayment-plan): one more broken promise in the feature record, and
 * the case scored again — the segmentation policy may move it to a firmer treatment. Other
 * repayment-plan events are acknowledged without effect. A case not known yet is skipped: there
 * is nothing to score until its loan events arrive.
 */
@Injectable()
export class RecordBrokenPromisesUseCase {
  constructor(
    private readonly cases: CaseRepository,
    private readonly verdicts: VerdictWriter,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute(manager: EntityManager, incoming: readonly IncomingBrokenPromise[]): Promise<BrokenPromiseOutcome[]> {
    if (incoming.length === 0) return [];
    const now = this.clock.now();
    const loanIds = [...new Set(incoming.map((i) => i.event.payload.loanId))];
    const features = await this.cases.findFeatures(manager, loanIds);
    const previous = await this.cases.findVerdicts(manager, loanIds);
    const touched = new Map<string, Touched>();
    const outcomes = incoming.map((item): BrokenPromiseOutcome => {
      const e = item.event;
      const broken = (e.eventType === 'PlanStatusChanged' || e.eventType === 'PromiseStatusChanged') && e.payload.status === 'broken';
      if (!broken) return 'not-broken';
      const current = features.get(e.payload.loanId);
      if (current === undefined) return 'unknown-case';
      const updated: CaseFeatures = { ...current, brokenPromises: current.brokenPromises + 1, updatedAt: now.toISOString() };
      features.set(updated.loanId, updated);
      touched.set(updated.loanId, { features: updated, rescore: true, cause: { eventId: e.eventId, correlationId: item.correlationId } });
      return 'applied';
    });
    await this.verdicts.scoreAndSave(manager, touched, previous, now);
    return outcomes;
  }
}
