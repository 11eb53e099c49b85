import { dpdBucketOf, type DpdBucket } from '@clearpath/contracts';
import type { Reason } from '../model/reason-codes';
import type { Arm } from '../segmentation/segmentation-policy';

/** The outcome of scoring and segmenting a case. */
export interface RiskVerdict {
  readonly probabilityOfDefault: string;
  readonly band: string;
  readonly dpdBucket: DpdBucket;
  readonly segment: string;
  readonly treatment: string;
  readonly arm: Arm;
  readonly protectedCase: boolean;
  readonly modelVersion: string;
  readonly policyVersion: string;
  readonly reasons: readonly Reason[];
}

/**
 * Whether a new verdict is worth announcing: what downstream acts on changed. The probability
 * moves a little on every nightly roll; the band, segment, treatment and arm are what matter.
 */
export function verdictChanged(previous: RiskVerdict | null, next: RiskVerdict): boolean {
  if (previous === null) return true;
  return (
    previous.band !== next.band ||
    previous.dpdBucket !== next.dpdBucket ||
    previous.segment !== next.segment ||
    previous.treatment !== next.treatment ||
    previous.arm !== next.arm ||
    previous.protectedCase !== next.protectedCase ||
    previous.modelVersion !== next.modelVersion ||
    previous.policyVersion !== next.policyVersion
  );
}

export function bucketOrThrow(daysPastDue: number): DpdBucket {
  const bucket = dpdBucketOf(daysPastDue);
  if (bucket === null) throw new Error(`a case with ${daysPastDue} days past due has no DPD bucket`);
  return bucket;
}
