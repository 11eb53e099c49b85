import type { CaseSegmentedV1, Jurisdiction } from '@clearpath/contracts';
import { aLoanId } from './core-banking-event.factory';
import { DEFAULT_CUSTOMER_ID, JURISDICTION_DEFAULTS, SequencedEventBuilder } from './internal-event.builder';

/** `collections.case-segmented.v1`: risk-scoring's verdict on a case, an early one in the standard treatment. */
export class CaseSegmentedBuilder extends SequencedEventBuilder<'CaseSegmented', CaseSegmentedV1> {
  constructor() {
    super('CaseSegmented', 1, {
      loanId: aLoanId(),
      customerId: DEFAULT_CUSTOMER_ID,
      loanSequence: 1,
      probabilityOfDefault: '0.3000',
      band: 'C',
      dpdBucket: 'M1',
      segment: 'EARLY',
      treatment: 'standard-reminder',
      arm: 'champion',
      protectedCase: false,
      modelVersion: 'pd-model.v1',
      policyVersion: '2026.12.1/champion',
      reasons: [],
      overdueAmount: '1712.35',
      currency: 'CNY',
      jurisdiction: 'CN',
    });
  }
  /** The jurisdiction with its usual currency. */
  inJurisdiction(jurisdiction: Jurisdiction): this {
    return this.withPayload({ jurisdiction, currency: JURISDICTION_DEFAULTS[jurisdiction].currency });
  }
  withSegment(segment: string): this {
    return this.withPayload({ segment });
  }
  withTreatment(treatment: string): this {
    return this.withPayload({ treatment });
  }
  /** Four decimals, as a string: `'0.3000'`. */
  withProbabilityOfDefault(probabilityOfDefault: string): this {
    return this.withPayload({ probabilityOfDefault });
  }
  withOverdueAmount(overdueAmount: string): this {
    return this.withPayload({ overdueAmount });
  }
}

export const aCaseSegmented = () => new CaseSegmentedBuilder();
