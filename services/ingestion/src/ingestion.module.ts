import { Module } from '@nestjs/common';
import { ApplyLoanEventsUseCase } from './loan-events/apply-loan-events.use-case';
import { LoanEventsConsumer } from './loan-events/loan-events.consumer';
import { LoanEventsHttpController } from './loan-events/loan-events.http.controller';
import { LoanRepository } from './loans/loan.repository';
import { LoansController } from './loans/loans.controller';

@Module({
  controllers: [LoanEventsHttpController, LoansController, LoanEventsConsumer],
  providers: [LoanRepository, ApplyLoanEventsUseCase],
})
export class IngestionModule {}
