import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { CaseSegmentedEventV1, Clock } from '@clearpath/contracts';
import { CLOCK } from '@clearpath/platform';
import { CONTACT_POLICY, ContactPolicy } from '../config/contact-policy';
import { applySegmented } from './case-record';
import { CaseUpdateWriter, type CaseChange } from './case-update.writer';

/** risk-scoring named a treatment this release does not ship. */
export interface UnknownTreatment {
  readonly kind: 'unknown-treatment';
  readonly treatment: string;
}

export type SegmentOutcome = CaseChange | UnknownTreatment;

/** risk-scoring's verdicts: start or change each case's treatment. */
@Injectable()
export class ApplySegmentsUseCase {
  constructor(
    private readonly writer: CaseUpdateWriter,
    @Inject(CONTACT_POLICY) private readonly policy: ContactPolicy,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute(m: EntityManager, events: readonly CaseSegmentedEventV1[]): Promise<SegmentOutcome[]> {
    const now = this.clock.now();
    return this.writer.applyInOrder<CaseSegmentedEventV1, UnknownTreatment>(
      m,
      events.map((e) => e.payload),
      events,
      now,
      (current, event) => {
        const treatment = this.policy.treatments.find(event.payload.treatment);
        // A contract mismatch to fix, not to guess around.
        if (treatment === undefined) return { kind: 'refused', outcome: { kind: 'unknown-treatment', treatment: event.payload.treatment } };
        return applySegmented(current, event, treatment, now);
      },
    );
  }
}
