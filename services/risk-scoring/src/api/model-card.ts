import type { PdModelArtifact } from '../model/artifact';

/** What `GET /v1/models` says about a model: version, target, inputs and its held-out evaluation. */
export function modelCard(artifact: PdModelArtifact) {
  return {
    modelVersion: `pd-model.v${artifact.modelVersion}`,
    target: artifact.target,
    kind: artifact.model.kind,
    trees: artifact.model.trees.length,
    calibration: artifact.calibration.kind,
    features: artifact.features,
    excludedAttributes: ['SEX', 'MARRIAGE', 'AGE', 'EDUCATION'],
    training: artifact.training,
  };
}
