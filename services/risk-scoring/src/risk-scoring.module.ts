import { Module } from '@nestjs/common';
import { RiskController } from './api/risk.controller';
import { CaseRepository } from './cases/case.repository';
import { LoanLifecycleConsumer } from './cases/loan-lifecycle.consumer';
import { RescoreCasesUseCase } from './scoring/rescore-cases.use-case';
import { ScoringEngine } from './scoring/scoring.engine';

@Module({
  controllers: [RiskController, LoanLifecycleConsumer],
  providers: [ScoringEngine, CaseRepository, RescoreCasesUseCase],
})
export class RiskScoringModule {}
