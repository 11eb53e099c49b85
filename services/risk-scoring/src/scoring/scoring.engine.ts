import { readFileSync } from 'node:fs';
import { Injectable } from '@nestjs/common';
import { repoPath } from '@clearpath/platform';
import { PdModel } from '../model/pd-model';
import { type PolicySet, parsePolicySet, segment } from '../segmentation/segmentation-policy';
import type { CaseFeatures } from '../cases/case-features';
import { bucketOrThrow, type RiskVerdict } from './risk-verdict';

export const POLICY_FILE = 'services/risk-scoring/policies/segmentation.policy.json';
export const SERVING_FILE = 'services/risk-scoring/policies/model-serving.json';

interface ModelServing {
  /** Artifact in services/risk-scoring/src/model/artifacts. */
  readonly artifact: string;
  /** Typical credit limit per currency: the model reads a limit relative to its book. */
  readonly referenceCreditLimits: Record<string, string>;
}

/**
 * The model and the policies, loaded and validated once at boot (a bad file stops the service
 * naming the field), then used in-process: scoring a case is a function call.
 */
@Injectable()
export class ScoringEngine {
  readonly model: PdModel;
  readonly policies: PolicySet;
  readonly modelVersion: string;
  readonly artifactFile: string;

  constructor() {
    const serving = JSON.parse(readFileSync(repoPath(SERVING_FILE), 'utf8')) as ModelServing;
    this.artifactFile = repoPath(`services/risk-scoring/src/model/artifacts/${serving.artifact}`);
    this.model = PdModel.fromArtifact(JSON.parse(readFileSync(this.artifactFile, 'utf8')), { referenceCreditLimits: serving.referenceCreditLimits });
    this.modelVersion = `pd-model.v${this.model.modelVersion}`;
    const policyPath = repoPath(POLICY_FILE);
    this.policies = parsePolicySet(JSON.parse(readFileSync(policyPath, 'utf8')), policyPath);
  }

  /** Scores and segments a delinquent case (see `isScorable`). */
  verdict(features: CaseFeatures): RiskVerdict {
    const score = this.model.score(
      {
        creditLimit: features.creditLimit!,
        currency: features.currency!,
        history: features.history,
        ...(features.bureauScore === null ? {} : { bureauScore: features.bureauScore }),
      },
      { top: 3 },
    );
    const dpdBucket = bucketOrThrow(features.daysPastDue);
    const segmentation = segment(this.policies, {
      loanId: features.loanId,
      probabilityOfDefault: score.probability,
      dpdBucket,
      overdueAmount: features.overdueAmount ?? '0.00',
      currency: features.currency!,
      activeFlags: features.activeFlags,
      brokenPromises: features.brokenPromises,
    });
    return {
      probabilityOfDefault: score.probability.toFixed(4),
      band: segmentation.band,
      dpdBucket,
      segment: segmentation.segment,
      treatment: segmentation.treatment,
      arm: segmentation.arm,
      protectedCase: segmentation.protectedCase,
      modelVersion: this.modelVersion,
      policyVersion: segmentation.policyVersion,
      reasons: score.reasons,
    };
  }
}
