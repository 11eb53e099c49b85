import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { Clock, LoanLifecycleEventV1 } from '@clearpath/contracts';
import { CLOCK } from '@clearpath/platform';
import { applyLifecycleEvent } from '../cases/case-features';
import { CaseRepository } from '../cases/case.repository';
import { VerdictWriter, type Touched } from './verdict.writer';

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
    private readonly verdicts: VerdictWriter,
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
      touched.set(loanId, {
        features: update.features,
        rescore: (touched.get(loanId)?.rescore ?? false) || update.rescore,
        cause: { eventId: item.event.eventId, correlationId: item.correlationId },
      });
      outcomes.push('applied');
    }
    await this.verdicts.scoreAndSave(manager, touched, previous, now);
    return outcomes;
  }
}
