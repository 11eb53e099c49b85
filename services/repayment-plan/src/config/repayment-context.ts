import { loadRepaymentPolicy, type RepaymentPolicy } from '../policy/repayment-policy';
import type { RepaymentSettings } from './repayment-settings';

export const REPAYMENT_CONTEXT = Symbol.for('clearpath.repayment-plan.context');

/** The settings and the validated policy, loaded once before the app is built: a bad file stops the boot. */
export class RepaymentContext {
  private constructor(
    readonly settings: RepaymentSettings,
    readonly policy: RepaymentPolicy,
  ) {}

  static load(settings: RepaymentSettings): RepaymentContext {
    return new RepaymentContext(settings, settings.policyFile === null ? loadRepaymentPolicy() : loadRepaymentPolicy(settings.policyFile));
  }
}
