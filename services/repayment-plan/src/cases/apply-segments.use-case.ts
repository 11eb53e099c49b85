import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { CaseSegmentedEventV1, Clock } from '@clearpath/contracts';
import { CLOCK } from '@clearpath/platform';
import { LedgerRepository } from '../ledger/ledger.repository';

/** Keeps each case's latest segment (older loanSequence ignored): the offers depend on it. */
@Injectable()
export class ApplySegmentsUseCase {
  constructor(
    private readonly ledger: LedgerRepository,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute(m: EntityManager, events: readonly CaseSegmentedEventV1[]): Promise<Array<'applied' | 'stale'>> {
    const latest = await this.ledger.segments(m, [...new Set(events.map((e) => e.payload.loanId))]);
    const outcomes: Array<'applied' | 'stale'> = [];
    for (const e of events) {
      const seen = latest.get(e.payload.loanId);
      if (seen && e.payload.loanSequence < seen.loanSequence) {
        outcomes.push('stale');
        continue;
      }
      latest.set(e.payload.loanId, { segment: e.payload.segment, loanSequence: e.payload.loanSequence });
      outcomes.push('applied');
    }
    await this.ledger.saveSegments(
      m,
      [...latest].map(([loanId, s]) => ({ loanId, ...s })),
      this.clock.now(),
    );
    return outcomes;
  }
}
