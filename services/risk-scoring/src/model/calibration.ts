/**
 * Platt scaling: probability = sigmoid(a · raw + b), fitted by Newton's method on out-of-fold raw
 * scores. Chosen over isotonic regression because it is monotone and strictly increasing (the
 * ranking, and so AUC and KS, are untouched), has two parameters that cannot overfit 19k rows,
 * and keeps probability a smooth function of the raw score that reasons are computed on.
 */
import { sigmoid } from './metrics';

export interface PlattCalibration {
  readonly kind: 'platt';
  readonly a: number;
  readonly b: number;
}

export const IDENTITY_CALIBRATION: PlattCalibration = { kind: 'platt', a: 1, b: 0 };

export function applyPlatt(c: PlattCalibration, raw: number): number {
  return sigmoid(c.a * raw + c.b);
}

export function fitPlatt(raw: ArrayLike<number>, labels: ArrayLike<number>, maxIterations = 100): PlattCalibration {
  let a = 1;
  let b = 0;
  for (let iter = 0; iter < maxIterations; iter++) {
    let ga = 0;
    let gb = 0;
    let haa = 0;
    let hab = 0;
    let hbb = 0;
    for (let i = 0; i < raw.length; i++) {
      const s = raw[i];
      const p = sigmoid(a * s + b);
      const e = p - labels[i];
      const w = Math.max(p * (1 - p), 1e-12);
      ga += e * s;
      gb += e;
      haa += w * s * s;
      hab += w * s;
      hbb += w;
    }
    const det = haa * hbb - hab * hab;
    if (!(det > 0)) break;
    const da = (hbb * ga - hab * gb) / det;
    const db = (haa * gb - hab * ga) / det;
    a -= da;
    b -= db;
    if (Math.abs(da) < 1e-12 && Math.abs(db) < 1e-12) break;
  }
  return { kind: 'platt', a, b };
}
