import { Inject, Injectable } from '@nestjs/common';
import type { DataSource, EntityManager } from 'typeorm';
import { localDate, type Clock } from '@clearpath/contracts';
import { CLOCK, DATA_SOURCE } from '@clearpath/platform';
import type { CaseRecord } from '../cases/case-record';
import { REPAYMENT_CONTEXT, type RepaymentContext } from '../config/repayment-context';
import { LedgerRepository } from '../ledger/ledger.repository';
import { computeOffers, type OfferSet } from '../offers/offer.engine';

/** The reads behind the plan endpoints and the debtor's page: a case, and what the policy offers it today. */
@Injectable()
export class PlanQueries {
  constructor(
    private readonly ledger: LedgerRepository,
    @Inject(REPAYMENT_CONTEXT) private readonly context: RepaymentContext,
    @Inject(DATA_SOURCE) private readonly dataSource: DataSource,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  offersFor(c: CaseRecord): OfferSet {
    if (c.status !== 'open') return { policyVersion: this.context.policy.version, rule: '-', graceDays: 0, offers: [] };
    return computeOffers(this.context.policy, {
      jurisdiction: c.jurisdiction,
      currency: c.currency,
      outstandingMinor: c.outstandingMinor,
      overdueMinor: c.overdueMinor,
      segment: c.segment,
      today: localDate(this.clock.now(), c.timezone, 'UTC'),
      lastExtensionOn: c.lastExtensionOn,
    });
  }

  async caseOf(loanId: string, m: EntityManager = this.dataSource.manager): Promise<CaseRecord | null> {
    return (await this.ledger.cases(m, [loanId])).get(loanId) ?? null;
  }
}
