import { Module } from '@nestjs/common';
import { CustomersController } from './customers/customers.controller';
import { EraseCustomerUseCase } from './customers/erase-customer.use-case';
import { ApplyLoanEventsUseCase } from './loan-events/apply-loan-events.use-case';
import { LoanEventsConsumer } from './loan-events/loan-events.consumer';
import { LoanEventsHttpController } from './loan-events/loan-events.http.controller';
import { LoanRepository } from './loans/loan.repository';
import { LoansController } from './loans/loans.controller';

@Module({
  controllers: [LoanEventsHttpController, LoansController, CustomersController, LoanEventsConsumer],
  providers: [LoanRepository, ApplyLoanEventsUseCase, EraseCustomerUseCase],
})
export class IngestionModule {}
