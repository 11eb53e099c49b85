import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { STALE_CONTENT, supersededBy } from '../compliance/stale-content.rule';
import { AttemptCancellation } from '../scheduler/attempt-cancellation';
import type { CaseRecord, CaseUpdate } from './case-record';
import { CaseRepository } from './case.repository';

/** What an event did to its case. */
export type CaseChange = { readonly kind: 'applied' } | { readonly kind: 'ignored-stale' };

/** An event its use case will not apply, with the use case's own reason. */
export interface Refused<R> {
  readonly kind: 'refused';
  readonly outcome: R;
}

/**
 * Applies a chunk of case events in the consumer's transaction: each touched case is locked and read
 * once (a new one starts from nothing), updated event by event in order, and written once; what was waiting to go out
 * and no longer fits the case is superseded.
 */
@Injectable()
export class CaseUpdateWriter {
  constructor(
    private readonly cases: CaseRepository,
    private readonly cancellation: AttemptCancellation,
  ) {}

  async applyInOrder<E, R>(
    m: EntityManager,
    keys: ReadonlyArray<{ readonly loanId: string }>,
    events: readonly E[],
    now: Date,
    apply: (current: CaseRecord | null, event: E) => CaseUpdate | Refused<R>,
  ): Promise<Array<CaseChange | R>> {
    if (events.length === 0) return [];
    const loanIds = keys.map((k) => k.loanId);
    const records = await this.cases.lock(m, loanIds);
    const before = new Map(records);
    const touched = new Map<string, CaseRecord>();
    const outcomes = events.map((event, i): CaseChange | R => {
      const result = apply(records.get(loanIds[i]) ?? null, event);
      if (result.kind === 'refused') return result.outcome;
      if (result.kind === 'stale') return { kind: 'ignored-stale' };
      records.set(loanIds[i], result.record);
      touched.set(loanIds[i], result.record);
      return { kind: 'applied' };
    });
    await this.cases.save(m, [...touched.values()]);
    // A pause, resolution, payment, promise or new amount supersedes what was waiting to go out.
    const superseded = new Map<string, string>();
    for (const [loanId, after] of touched) {
      const was = before.get(loanId);
      // A case new in this chunk has nothing waiting to go out yet.
      const reason = was === undefined ? null : supersededBy(was, after);
      if (reason !== null) superseded.set(loanId, reason);
    }
    await this.cancellation.supersedePending(m, superseded, STALE_CONTENT, now);
    return outcomes;
  }
}
