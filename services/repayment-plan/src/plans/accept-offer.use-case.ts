import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import { addDays, localDate, type Clock } from '@clearpath/contracts';
import { writeToOutbox } from '@clearpath/messaging';
import { ProblemException } from '@clearpath/observability';
import { CLOCK, DATA_SOURCE } from '@clearpath/platform';
import type { CaseRecord } from '../cases/case-record';
import { REPAYMENT_CONTEXT, type RepaymentContext } from '../config/repayment-context';
import { type Cause, planStatusChanged } from '../events/repayment-events';
import { LedgerRepository } from '../ledger/ledger.repository';
import { type Offer, type OfferSet, ruleFor, settlementOffer } from '../offers/offer.engine';
import { buildSchedule } from '../schedule/instalment-schedule';
import { PlanQueries } from './plan.queries';
import type { PlanRecord } from './plan-record';
import { nextPlanStatus } from './plan-state';

export interface AcceptOffer {
  readonly loanId: string;
  readonly offerId: string;
  /** EXTENSION only: fewer days than the offer's maximum. */
  readonly days?: number;
  /** SETTLEMENT only: another discount within the policy's maximum (above the threshold: approval). */
  readonly discountPercent?: number;
}

/**
 * Accepting an offer: a plan with exact money and dates in the debtor's calendar, in one transaction
 * with its PlanStatusChanged events in the outbox.
 */
@Injectable()
export class AcceptOfferUseCase {
  constructor(
    private readonly ledger: LedgerRepository,
    private readonly queries: PlanQueries,
    @Inject(REPAYMENT_CONTEXT) private readonly context: RepaymentContext,
    @Inject(DATA_SOURCE) private readonly dataSource: DataSource,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute(request: AcceptOffer, createdBy: string, cause: Cause): Promise<PlanRecord> {
    return this.dataSource.transaction(async (m) => {
      const c = (await this.ledger.cases(m, [request.loanId], true)).get(request.loanId);
      if (!c) throw ProblemException.notFound(`No case ${request.loanId} is known to repayment-plan.`);
      if (c.status !== 'open') throw ProblemException.conflict(`The case ${request.loanId} is resolved (${c.resolvedReason}); there is nothing to plan.`);
      const open = (await this.ledger.openPlans(m, [c.loanId], true)).get(c.loanId);
      if (open) throw ProblemException.conflict(`The case already has a ${open.status} plan ${open.planId}; cancel it first.`);
      const set = this.queries.offersFor(c);
      const offer = this.chosenOffer(c, set, request);
      const now = this.clock.now();
      const at = now.toISOString();
      const today = localDate(now, c.timezone, 'UTC');
      const proposed: PlanRecord = {
        planId: randomUUID(),
        loanId: c.loanId,
        customerId: c.customerId,
        kind: offer.kind as PlanRecord['kind'],
        status: 'proposed',
        offerId: offer.offerId,
        currency: c.currency,
        timezone: c.timezone,
        totalMinor: offer.totalPayableMinor,
        paidMinor: 0n,
        discountPercent: offer.discountPercent,
        policyVersion: set.policyVersion,
        graceDays: set.graceDays,
        missedSeq: null,
        createdBy,
        approvedBy: null,
        cancelledBy: null,
        createdAt: at,
        updatedAt: at,
        instalments: offer.schedule.map((i) => ({ seq: i.seq, dueDate: i.dueDate, amountMinor: i.amountMinor, paidMinor: 0n })),
      };
      const accepted: PlanRecord = { ...proposed, status: nextPlanStatus('proposed', offer.needsApproval ? 'require-approval' : 'accept') };
      await this.ledger.insertPlan(m, accepted);
      if (offer.kind === 'EXTENSION') await this.ledger.saveCases(m, [{ ...c, lastExtensionOn: today, updatedAt: at }]);
      await writeToOutbox(m, [planStatusChanged(proposed, null, now, cause), planStatusChanged(accepted, 'proposed', now, cause)]);
      return accepted;
    });
  }

  private chosenOffer(c: CaseRecord, set: OfferSet, request: AcceptOffer): Offer {
    const unknown = () =>
      ProblemException.validation([
        { path: 'offerId', message: `no offer ${request.offerId} for this case today; offered: ${set.offers.map((o) => o.offerId).join(', ') || 'none'}` },
      ]);
    if (request.offerId === 'PROMISE')
      throw ProblemException.validation([
        { path: 'offerId', message: 'a promise to pay is not a plan: it is recorded from a contact outcome or the self-service page' },
      ]);
    const today = localDate(this.clock.now(), c.timezone, 'UTC');
    const profile = this.context.policy.jurisdictions[c.jurisdiction];
    if (request.discountPercent !== undefined) {
      const rule = ruleFor(this.context.policy, c);
      if (!rule.settlement || !set.offers.some((o) => o.kind === 'SETTLEMENT') || !request.offerId.startsWith('SETTLEMENT')) {
        throw ProblemException.validation([{ path: 'discountPercent', message: 'only a settlement offer takes a discount' }]);
      }
      const custom = settlementOffer(rule.settlement, profile, { ...c, today, lastExtensionOn: c.lastExtensionOn }, request.discountPercent);
      if (!custom) throw ProblemException.validation([{ path: 'discountPercent', message: `must be between 1 and ${rule.settlement.maxDiscountPercent}` }]);
      return custom;
    }
    const offer = set.offers.find((o) => o.offerId === request.offerId);
    if (!offer) throw unknown();
    if (request.days !== undefined) {
      if (offer.kind !== 'EXTENSION') throw ProblemException.validation([{ path: 'days', message: 'only an extension takes days' }]);
      if (request.days < profile.minDaysToFirstPayment || request.days > (offer.maxDays ?? 0)) {
        throw ProblemException.validation([{ path: 'days', message: `must be between ${profile.minDaysToFirstPayment} and ${offer.maxDays}` }]);
      }
      return { ...offer, schedule: buildSchedule({ totalMinor: offer.totalPayableMinor, count: 1, firstDueDate: addDays(today, request.days) }) };
    }
    return offer;
  }
}
