import type { INestApplication } from '@nestjs/common';
import type { Clock } from '@clearpath/contracts';
import type { Logger } from '@clearpath/observability';
import { createServiceApp } from '@clearpath/platform';
import { RepaymentContext } from './config/repayment-context';
import type { RepaymentPlanConfig } from './config/repayment-settings';
import { REPAYMENT_PLAN_MIGRATIONS } from './migrations';
import { RepaymentPlanModule } from './repayment-plan.module';

export { loadRepaymentPlanConfig, REPAYMENT_PLAN_DEFAULTS, type RepaymentPlanConfig } from './config/repayment-settings';

export function createRepaymentPlanApp(config: RepaymentPlanConfig, options: { clock?: Clock; logger?: Logger } = {}): Promise<INestApplication> {
  // The policy first: a PolicyValidationError (naming the path in the file) stops the service here.
  const context = RepaymentContext.load(config.repayment);
  return createServiceApp({
    service: 'repayment-plan',
    description:
      "Offers repayment plans a debtor can keep, tracks plans and promises to pay, applies payments and resolves cases; serves the debtor's self-service page at /s/{token}.",
    config,
    migrations: REPAYMENT_PLAN_MIGRATIONS,
    module: RepaymentPlanModule.forRoot(context),
    ...options,
  });
}
