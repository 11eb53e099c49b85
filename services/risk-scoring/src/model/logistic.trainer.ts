/**
 * The challenger: L2-regularised logistic regression on the same feature vector, with repayment
 * statuses one-hot encoded (they are categories: -2 and 0 are not "fewer months late" than 1) and
 * numeric features standardised. Fitted by Newton's method (IRLS), which is exact and
 * deterministic at this size (≈ 70 columns). Its explanation is the textbook one: each column
 * contributes coef × (x − training mean), so contributions plus the base value are the logit.
 */
import { sigmoid } from './metrics';
import type { Dataset } from './gbdt.trainer';
import { type LogisticModel, STATUS_LEVELS, columnValue, levelOf } from './logistic.model';

export interface LogisticParams {
  /** L2 penalty on coefficients (not the intercept), in units of the summed log-likelihood. */
  readonly l2: number;
  readonly maxIterations: number;
}

export const DEFAULT_LOGISTIC_PARAMS: LogisticParams = { l2: 1, maxIterations: 50 };

/** Solves A·x = b for symmetric positive-definite A (row-major d×d) by Cholesky. */
function choleskySolve(A: Float64Array, b: Float64Array, d: number): Float64Array {
  const L = new Float64Array(d * d);
  for (let i = 0; i < d; i++) {
    for (let j = 0; j <= i; j++) {
      let s = A[i * d + j];
      for (let k = 0; k < j; k++) s -= L[i * d + k] * L[j * d + k];
      if (i === j) {
        if (s <= 0) throw new Error('Hessian is not positive definite; increase l2');
        L[i * d + i] = Math.sqrt(s);
      } else L[i * d + j] = s / L[j * d + j];
    }
  }
  const z = new Float64Array(d);
  for (let i = 0; i < d; i++) {
    let s = b[i];
    for (let k = 0; k < i; k++) s -= L[i * d + k] * z[k];
    z[i] = s / L[i * d + i];
  }
  const x = new Float64Array(d);
  for (let i = d - 1; i >= 0; i--) {
    let s = z[i];
    for (let k = i + 1; k < d; k++) s -= L[k * d + i] * x[k];
    x[i] = s / L[i * d + i];
  }
  return x;
}

/**
 * `statusFeatures` are the vector positions to one-hot encode. Levels never seen in training
 * (frequency 0) are dropped: their coefficient could only be the penalty's zero.
 */
export function trainLogistic(data: Dataset, statusFeatures: readonly number[], params: LogisticParams = DEFAULT_LOGISTIC_PARAMS): LogisticModel {
  const { x, y, rows, cols } = data;
  const isStatus = new Set(statusFeatures);
  const specs: { feature: number; level: number | null; mean: number; scale: number }[] = [];
  for (let c = 0; c < cols; c++) {
    if (isStatus.has(c)) {
      for (const level of STATUS_LEVELS) {
        let k = 0;
        for (let r = 0; r < rows; r++) if (levelOf(x[r * cols + c]) === level) k++;
        if (k > 0) specs.push({ feature: c, level, mean: k / rows, scale: 1 });
      }
    } else {
      let s = 0;
      for (let r = 0; r < rows; r++) s += x[r * cols + c];
      const mean = s / rows;
      let v = 0;
      for (let r = 0; r < rows; r++) v += (x[r * cols + c] - mean) ** 2;
      const sd = Math.sqrt(v / rows);
      // A constant column carries nothing; skip it rather than divide by zero.
      if (sd > 0) specs.push({ feature: c, level: null, mean, scale: sd });
    }
  }
  const d = specs.length + 1; // column 0 is the intercept
  const design = new Float64Array(rows * d);
  for (let r = 0; r < rows; r++) {
    const row = x.subarray(r * cols, (r + 1) * cols);
    design[r * d] = 1;
    for (let j = 0; j < specs.length; j++) {
      const s = specs[j];
      design[r * d + j + 1] = columnValue(row, s.feature, s.level, s.mean, s.scale);
    }
  }

  const beta = new Float64Array(d);
  const grad = new Float64Array(d);
  const hessian = new Float64Array(d * d);
  for (let iter = 0; iter < params.maxIterations; iter++) {
    grad.fill(0);
    hessian.fill(0);
    for (let r = 0; r < rows; r++) {
      const o = r * d;
      let z = 0;
      for (let j = 0; j < d; j++) z += beta[j] * design[o + j];
      const p = sigmoid(z);
      const w = p * (1 - p);
      const e = p - y[r];
      for (let j = 0; j < d; j++) {
        const xj = design[o + j];
        grad[j] += e * xj;
        const wx = w * xj;
        for (let k = 0; k <= j; k++) hessian[j * d + k] += wx * design[o + k];
      }
    }
    for (let j = 0; j < d; j++) for (let k = 0; k < j; k++) hessian[k * d + j] = hessian[j * d + k];
    for (let j = 1; j < d; j++) {
      grad[j] += params.l2 * beta[j];
      hessian[j * d + j] += params.l2;
    }
    const step = choleskySolve(hessian, grad, d);
    let maxStep = 0;
    for (let j = 0; j < d; j++) {
      beta[j] -= step[j];
      maxStep = Math.max(maxStep, Math.abs(step[j]));
    }
    if (maxStep < 1e-9) break;
  }
  return {
    intercept: beta[0],
    columns: specs.map((s, j) => ({ ...s, coef: beta[j + 1] })),
  };
}
