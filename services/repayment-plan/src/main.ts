import 'reflect-metadata';
import { serve } from '@clearpath/platform';
import { createRepaymentPlanApp, loadRepaymentPlanConfig } from './repayment-plan.app';

serve(
  'repayment-plan',
  () => loadRepaymentPlanConfig(),
  (config) => createRepaymentPlanApp(config),
);
