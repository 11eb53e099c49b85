/**
 * The versioned model artifact (`artifacts/pd-model.v<N>.json`): everything serving needs to
 * score and explain, plus enough training metadata to reproduce and audit it. Validated on load
 * because a hand-edited or truncated file must fail at start-up, not score garbage.
 */
import { z } from 'zod';
import { FEATURE_MAPPING_VERSION, FEATURE_NAMES } from './feature-mapping';

export const ARTIFACT_SCHEMA = 'clearpath.risk-scoring.pd-model';

const finite = z.number().refine(Number.isFinite, 'must be a finite number');
const decimal = z.string().regex(/^\d{1,15}(\.\d{1,2})?$/, 'must be a decimal string');

const treeSchema = z.object({
  feature: z.array(z.number().int().min(-1)),
  threshold: z.array(finite),
  left: z.array(z.number().int().min(-1)),
  right: z.array(z.number().int().min(-1)),
  value: z.array(finite),
});

const logisticColumnSchema = z.object({
  feature: z.number().int().min(0),
  level: z.number().int().nullable(),
  mean: finite,
  scale: finite.refine((v) => v > 0, 'must be positive'),
  coef: finite,
});

export const pdModelArtifactSchema = z.object({
  schema: z.literal(ARTIFACT_SCHEMA),
  modelVersion: z.number().int().min(1),
  target: z.string(),
  featureMappingVersion: z.number().int(),
  features: z.array(z.string()),
  /** The training data's reference limit; serving supplies one per currency it scores. */
  referenceCreditLimit: z.object({ currency: z.string().regex(/^[A-Z]{3}$/), amount: decimal }),
  model: z.object({ kind: z.literal('gbdt-logistic'), initScore: finite, trees: z.array(treeSchema).min(1) }),
  calibration: z.object({ kind: z.literal('platt'), a: finite, b: finite }),
  challenger: z.object({ kind: z.literal('logistic'), intercept: finite, columns: z.array(logisticColumnSchema) }),
  /** Free-form provenance: data hash, split, parameters, metrics. Not read when scoring. */
  training: z.record(z.string(), z.unknown()),
});

export type PdModelArtifact = z.infer<typeof pdModelArtifactSchema>;

export class ArtifactError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ArtifactError';
  }
}

/**
 * Parses and checks an artifact, including that it was built with this code's feature mapping:
 * a model trained on another feature order would silently read the wrong inputs.
 */
export function parseArtifact(json: unknown): PdModelArtifact {
  const parsed = pdModelArtifactSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new ArtifactError(`invalid model artifact at ${issue.path.join('.') || '(root)'}: ${issue.message}`);
  }
  const a = parsed.data;
  if (a.featureMappingVersion !== FEATURE_MAPPING_VERSION) {
    throw new ArtifactError(`artifact uses feature mapping v${a.featureMappingVersion}, code has v${FEATURE_MAPPING_VERSION}`);
  }
  if (a.features.length !== FEATURE_NAMES.length || a.features.some((f, i) => f !== FEATURE_NAMES[i])) {
    throw new ArtifactError('artifact feature list differs from the feature mapping');
  }
  for (const c of a.challenger.columns) {
    if (c.feature >= FEATURE_NAMES.length) throw new ArtifactError(`challenger column refers to feature ${c.feature}`);
  }
  return a;
}
