import { Module } from '@nestjs/common';
import { RiskController } from './api/risk.controller';
import { CaseRepository } from './cases/case.repository';
import { ContactOutcomesConsumer } from './cases/contact-outcomes.consumer';
import { RecordContactOutcomesUseCase } from './cases/record-contact-outcomes.use-case';
import { LoanLifecycleConsumer } from './cases/loan-lifecycle.consumer';
import { RepaymentPlansConsumer } from './cases/repayment-plans.consumer';
import { RecordBrokenPromisesUseCase } from './scoring/record-broken-promises.use-case';
import { RescoreCasesUseCase } from './scoring/rescore-cases.use-case';
import { VerdictWriter } from './scoring/verdict.writer';
import { ScoringEngine } from './scoring/scoring.engine';

@Module({
  controllers: [RiskController, LoanLifecycleConsumer, ContactOutcomesConsumer, RepaymentPlansConsumer],
  providers: [ScoringEngine, CaseRepository, VerdictWriter, RescoreCasesUseCase, RecordBrokenPromisesUseCase, RecordContactOutcomesUseCase],
})
export class RiskScoringModule {}
