import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { Clock, ContactOutcomeRecordedEventV1 } from '@clearpath/contracts';
import { CLOCK } from '@clearpath/platform';
import { applyContactOutcome, type CaseFeatures } from './case-features';
import { CaseRepository } from './case.repository';

/** Folds a batch of contact outcomes into the cases' feature records, in the consumer's transaction. */
@Injectable()
export class RecordContactOutcomesUseCase {
  constructor(
    private readonly cases: CaseRepository,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute(manager: EntityManager, events: readonly ContactOutcomeRecordedEventV1[]): Promise<Array<'applied'>> {
    const now = this.clock.now();
    const features = await this.cases.findFeatures(manager, [...new Set(events.map((e) => e.payload.loanId))]);
    const touched = new Map<string, CaseFeatures>();
    for (const event of events) {
      const updated = applyContactOutcome(features.get(event.payload.loanId) ?? null, event, now);
      features.set(updated.loanId, updated);
      touched.set(updated.loanId, updated);
    }
    await this.cases.saveFeatures(manager, [...touched.values()]);
    return events.map(() => 'applied');
  }
}
