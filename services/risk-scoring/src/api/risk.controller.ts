import { Controller, Get, HttpCode, Inject, Param, Post } from '@nestjs/common';
import { ApiOperation, ApiSecurity, ApiTags } from '@nestjs/swagger';
import type { DataSource } from 'typeorm';
import { z } from 'zod';
import { type Clock, historyEntryV1Schema, AMOUNT_PATTERN } from '@clearpath/contracts';
import { Roles } from '@clearpath/auth';
import { ProblemException } from '@clearpath/observability';
import { CLOCK, DATA_SOURCE, ValidBody } from '@clearpath/platform';
import { CaseRepository } from '../cases/case.repository';
import { daysSinceLastPayment, paidToBilled, utilisation } from '../cases/case-features';
import { ScoringEngine } from '../scoring/scoring.engine';
import { modelCard } from './model-card';

const scoreRequestSchema = z.object({
  currency: z.string().regex(/^[A-Z]{3}$/, 'must be an ISO 4217 code'),
  creditLimit: z.string().regex(AMOUNT_PATTERN, 'must be a decimal string, e.g. "20000.00"'),
  history: z.array(historyEntryV1Schema).max(12, 'must have at most 12 entries'),
  bureauScore: z.number().int().min(0).max(1000).optional(),
});

@ApiTags('risk')
@ApiSecurity('api-key')
@Controller('v1')
export class RiskController {
  constructor(
    private readonly cases: CaseRepository,
    private readonly engine: ScoringEngine,
    @Inject(DATA_SOURCE) private readonly dataSource: DataSource,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  @Get('segments')
  @Roles('supervisor', 'compliance', 'ops', 'service')
  @ApiOperation({ summary: "Cases by segment, treatment and arm as scored now (an operator's view of the portfolio)" })
  async segments() {
    const rows: Array<{ segment: string; treatment: string; arm: string; cases: number }> = await this.dataSource.query(
      `SELECT verdict->>'segment' AS segment, verdict->>'treatment' AS treatment, verdict->>'arm' AS arm, count(*)::int AS cases
       FROM case_risk GROUP BY 1, 2, 3 ORDER BY cases DESC, segment, treatment, arm`,
    );
    return { total: rows.reduce((n, r) => n + r.cases, 0), segments: rows };
  }

  @Get('cases/:loanId/risk')
  @Roles('service', 'agent', 'supervisor', 'compliance', 'ops')
  @ApiOperation({ summary: 'Current score, band, segment, treatment, arm, reasons, versions, features and the history of changes' })
  async risk(@Param('loanId') loanId: string) {
    const current = await this.cases.current(this.dataSource.manager, loanId);
    if (!current) throw ProblemException.notFound(`No case ${loanId} is known to risk-scoring.`);
    const f = current.features;
    return {
      loanId,
      status: f.status,
      verdict: current.verdict,
      scoredAt: current.scoredAt,
      changedAt: current.changedAt,
      features: {
        daysPastDue: f.daysPastDue,
        dpdHistory: f.dpdHistory,
        repaymentHistory: f.history,
        utilisation: utilisation(f),
        paidToBilled: paidToBilled(f),
        priorDelinquencies: f.priorDelinquencies,
        brokenPromises: f.brokenPromises,
        rightPartyContacts: f.rightPartyContacts ?? 0,
        promisesToPay: f.promisesToPay ?? 0,
        lastContactOutcome: f.lastContactOutcome ?? null,
        daysSinceLastPayment: daysSinceLastPayment(f, this.clock.now()),
        bureauScore: f.bureauScore,
        activeFlags: f.activeFlags,
        overdueAmount: f.overdueAmount,
        outstandingBalance: f.outstandingBalance,
        currency: f.currency,
      },
      history: await this.cases.history(this.dataSource.manager, loanId),
    };
  }

  @Get('models')
  @Roles('service', 'supervisor', 'compliance', 'ops')
  @ApiOperation({ summary: 'Model versions in service with their held-out evaluation metrics, and the policy versions' })
  models() {
    return {
      models: [{ ...modelCard(this.engine.model.artifact), inService: true }],
      policies: {
        version: this.engine.policies.version,
        challengerShare: this.engine.policies.challengerShare,
        champion: this.engine.policies.champion.policyId,
        challenger: this.engine.policies.challenger.policyId,
      },
    };
  }

  @Post('score')
  @HttpCode(200)
  @Roles('service', 'supervisor', 'ops')
  @ApiOperation({ summary: "Score a payload in the contract's history shape (analysts); nothing is stored" })
  score(
    @ValidBody(scoreRequestSchema, {
      example: { currency: 'CNY', creditLimit: '20000.00', history: [{ month: '2026-10', repaymentStatus: 2, billAmount: '1712.35', paidAmount: '0.00' }] },
    })
    body: z.output<typeof scoreRequestSchema>,
  ) {
    if (!this.engine.model.currencies.includes(body.currency)) {
      throw ProblemException.validation([{ path: 'currency', message: `must be one of ${this.engine.model.currencies.join(', ')}` }]);
    }
    const score = this.engine.model.score({ ...body }, { top: 5 });
    return {
      probabilityOfDefault: score.probability.toFixed(4),
      reasons: score.reasons,
      modelVersion: this.engine.modelVersion,
      historyMonths: score.historyMonths,
    };
  }
}
