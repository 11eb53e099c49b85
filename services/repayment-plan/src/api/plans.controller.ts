import { randomUUID } from 'node:crypto';
import { Controller, Get, HttpCode, Inject, Param, Post } from '@nestjs/common';
import { ApiOperation, ApiSecurity, ApiTags } from '@nestjs/swagger';
import type { DataSource } from 'typeorm';
import { z } from 'zod';
import { type Clock, fromMinorUnits, localDate } from '@clearpath/contracts';
import { Principal, Roles, type AuthPrincipal } from '@clearpath/auth';
import { ProblemException, currentContext } from '@clearpath/observability';
import { CLOCK, DATA_SOURCE, ValidBody, ValidParam } from '@clearpath/platform';
import type { Cause } from '../events/repayment-events';
import { LedgerRepository } from '../ledger/ledger.repository';
import { offerView } from '../offers/offer.engine';
import { AcceptOfferUseCase } from '../plans/accept-offer.use-case';
import { PlanQueries } from '../plans/plan.queries';
import { planView } from '../plans/plan-record';
import { TransitionPlanUseCase } from '../plans/transition-plan.use-case';
import { promiseView } from '../promises/promise-record';

const planId = z.string().regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i, 'must be a plan id (uuid)');

const acceptSchema = z.object({
  loanId: z.string().min(1, 'must name the loan'),
  offerId: z.string().regex(/^[A-Z][A-Z0-9-]{0,31}$/, 'must be an offer id from GET /v1/cases/{loanId}/offers'),
  days: z.number().int().min(1).max(365).optional(),
  discountPercent: z.number().int().min(1).max(90).optional(),
});

const STAFF = ['service', 'agent', 'supervisor', 'compliance', 'ops'] as const;

export function causeOfRequest(): Cause {
  return { correlationId: currentContext()?.correlationId ?? randomUUID(), causationId: null };
}

@ApiTags('plans')
@ApiSecurity('api-key')
@Controller('v1')
export class PlansController {
  constructor(
    private readonly acceptOffer: AcceptOfferUseCase,
    private readonly transitionPlan: TransitionPlanUseCase,
    private readonly queries: PlanQueries,
    private readonly ledger: LedgerRepository,
    @Inject(DATA_SOURCE) private readonly dataSource: DataSource,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  @Get('summary')
  @Roles('supervisor', 'compliance', 'ops', 'service')
  @ApiOperation({ summary: "Cases open and resolved (by reason), plans by kind and status, promises by status, payments applied: an operator's view" })
  async summary() {
    const [cases, plans, promises, payments] = await Promise.all([
      this.dataSource.query(`SELECT status, coalesce(resolved_reason, '') AS reason, count(*)::int AS cases FROM cases GROUP BY 1, 2 ORDER BY cases DESC`),
      this.dataSource.query(`SELECT kind, status, count(*)::int AS plans FROM plans GROUP BY 1, 2 ORDER BY kind, status`),
      this.dataSource.query(`SELECT status, count(*)::int AS promises FROM promises GROUP BY 1 ORDER BY 1`),
      this.dataSource.query(`SELECT count(*)::int AS payments FROM payments`),
    ]);
    return { cases, plans, promises, payments: payments[0].payments as number };
  }

  @Get('cases/:loanId/offers')
  @Roles(...STAFF)
  @ApiOperation({
    summary:
      'What the policy allows for the case today (segment, jurisdiction, balance): instalment plans, extension, settlement, promise to pay, each with its total and schedule',
  })
  async offers(@Param('loanId') loanId: string) {
    const c = await this.queries.caseOf(loanId);
    if (!c) throw ProblemException.notFound(`No case ${loanId} is known to repayment-plan.`);
    const set = this.queries.offersFor(c);
    return {
      loanId,
      status: c.status,
      jurisdiction: c.jurisdiction,
      segment: c.segment,
      currency: c.currency,
      outstandingBalance: fromMinorUnits(c.outstandingMinor),
      overdueAmount: fromMinorUnits(c.overdueMinor),
      daysPastDue: c.daysPastDue,
      dueDate: c.dueDate,
      today: localDate(this.clock.now(), c.timezone, 'UTC'),
      policyVersion: set.policyVersion,
      graceDays: set.graceDays,
      offers: set.offers.map((o) => offerView(o, c.currency)),
    };
  }

  @Post('plans')
  @HttpCode(201)
  @Roles('service', 'agent', 'supervisor')
  @ApiOperation({ summary: 'Accept an offer: a plan with exact instalments; a settlement above the approval threshold waits for a supervisor' })
  async accept(
    @ValidBody(acceptSchema, { example: { loanId: 'LN-1', offerId: 'INSTALMENT-6' } }) offer: z.output<typeof acceptSchema>,
    @Principal() caller: AuthPrincipal,
  ) {
    const plan = await this.acceptOffer.execute(offer, `${caller.role}:${caller.subject}`, causeOfRequest());
    return planView(plan);
  }

  @Get('plans/:id')
  @Roles(...STAFF)
  @ApiOperation({ summary: 'A plan with its schedule and what was paid on each instalment' })
  async plan(@ValidParam('id', planId) id: string) {
    const plan = await this.ledger.plan(this.dataSource.manager, id);
    if (!plan) throw ProblemException.notFound(`No plan ${id}.`);
    return planView(plan);
  }

  @Get('cases/:loanId/plans')
  @Roles(...STAFF)
  @ApiOperation({ summary: "The case's plans, promises to pay and payment allocations" })
  async plansOfCase(@Param('loanId') loanId: string) {
    const m = this.dataSource.manager;
    const c = await this.queries.caseOf(loanId);
    const [plans, promises, allocations] = await Promise.all([
      this.ledger.plansOfLoan(m, loanId),
      this.ledger.promisesOfLoan(m, loanId),
      this.ledger.allocationsOfLoan(m, loanId),
    ]);
    if (!c && plans.length === 0 && promises.length === 0) throw ProblemException.notFound(`No case ${loanId} is known to repayment-plan.`);
    return {
      loanId,
      status: c?.status ?? null,
      resolvedReason: c?.resolvedReason ?? null,
      overdueAmount: c ? fromMinorUnits(c.overdueMinor) : null,
      outstandingBalance: c ? fromMinorUnits(c.outstandingMinor) : null,
      plans: plans.map(planView),
      promises: promises.map(promiseView),
      allocations: allocations.map((a) => ({
        paymentReference: a.payment_reference,
        target: a.target,
        planId: a.plan_id,
        seq: a.seq,
        promiseId: a.promise_id,
        amount: fromMinorUnits(BigInt(a.amount_minor)),
        allocatedAt: a.allocated_at.toISOString(),
      })),
    };
  }

  @Post('plans/:id/approve')
  @HttpCode(200)
  @Roles('supervisor')
  @ApiOperation({ summary: "A supervisor approves a plan pending approval (409 otherwise); never the plan's creator (409 four-eyes)" })
  async approve(@ValidParam('id', planId) id: string, @Principal() caller: AuthPrincipal) {
    return planView(await this.transitionPlan.execute(id, 'approve', caller, causeOfRequest()));
  }

  @Post('plans/:id/cancel')
  @HttpCode(200)
  @Roles('service', 'agent', 'supervisor')
  @ApiOperation({ summary: 'Cancel a proposed, pending or active plan (409 for a finished one); agents only plans not yet active (403 agent-cancel-active)' })
  async cancel(@ValidParam('id', planId) id: string, @Principal() caller: AuthPrincipal) {
    return planView(await this.transitionPlan.execute(id, 'cancel', caller, causeOfRequest()));
  }
}
