/**
 * The challenger's evaluator: what the running service needs of the logistic model (its columns,
 * its score and its explanation). Fitting it (logistic.trainer.ts) is for the training tools only,
 * so the service's import graph holds no training code.
 */
/** Status levels of the one-hot encoding; 3 stands for "three months or more late" (rare beyond). */
export const STATUS_LEVELS = [-2, -1, 0, 1, 2, 3] as const;

export interface LogisticColumn {
  /** Index into the feature vector. */
  readonly feature: number;
  /** For a one-hot column, the status level it indicates; null for a numeric column. */
  readonly level: number | null;
  /** Training mean of the column's value (the indicator's frequency for one-hot columns). */
  readonly mean: number;
  /** Standard deviation used to scale numeric columns; 1 for one-hot columns. */
  readonly scale: number;
  readonly coef: number;
}

export interface LogisticModel {
  readonly intercept: number;
  readonly columns: readonly LogisticColumn[];
}

export const levelOf = (status: number): number => (status >= 3 ? 3 : status);

/** The design value of one column for a case, before centring. */
export function columnValue(x: ArrayLike<number>, feature: number, level: number | null, mean: number, scale: number): number {
  if (level === null) return (x[feature] - mean) / scale;
  return levelOf(x[feature]) === level ? 1 : 0;
}

export function predictLogisticRaw(model: LogisticModel, x: ArrayLike<number>): number {
  let z = model.intercept;
  for (const c of model.columns) z += c.coef * columnValue(x, c.feature, c.level, c.mean, c.scale);
  return z;
}

/**
 * Per-feature contributions coef × (x − mean), one-hot columns summed back onto their status
 * feature. Returns the base value (the logit of an average case), so base + Σ out = logit.
 */
export function logisticContributions(model: LogisticModel, x: ArrayLike<number>, out: Float64Array): number {
  out.fill(0);
  let base = model.intercept;
  for (const c of model.columns) {
    const v = columnValue(x, c.feature, c.level, c.mean, c.scale);
    // Numeric columns are centred already (their design mean is 0); indicators centre on frequency.
    const centre = c.level === null ? 0 : c.mean;
    out[c.feature] += c.coef * (v - centre);
    base += c.coef * centre;
  }
  return base;
}
