/**
 * Discrimination and calibration metrics for binary outcomes (1 = default). Ties in scores are
 * handled explicitly: AUC gives a tied positive/negative pair half credit, and KS only evaluates
 * thresholds between distinct scores, because a threshold cannot split equal scores.
 */

function sortedOrder(scores: ArrayLike<number>): Int32Array {
  const order = new Int32Array(scores.length);
  for (let i = 0; i < order.length; i++) order[i] = i;
  // Index as the tiebreak keeps the order (and so every metric) independent of the sort's stability.
  return order.sort((a, b) => scores[a] - scores[b] || a - b);
}

function counts(labels: ArrayLike<number>): { pos: number; neg: number } {
  let pos = 0;
  for (let i = 0; i < labels.length; i++) {
    if (labels[i] !== 0 && labels[i] !== 1) throw new Error(`labels must be 0 or 1, got ${labels[i]}`);
    pos += labels[i];
  }
  return { pos, neg: labels.length - pos };
}

/** ROC AUC via the Mann–Whitney statistic with mid-ranks for ties. */
export function auc(scores: ArrayLike<number>, labels: ArrayLike<number>): number {
  const { pos, neg } = counts(labels);
  if (pos === 0 || neg === 0) throw new Error('AUC needs both classes');
  const order = sortedOrder(scores);
  let rankSumPos = 0;
  let i = 0;
  while (i < order.length) {
    let j = i;
    while (j + 1 < order.length && scores[order[j + 1]] === scores[order[i]]) j++;
    const midRank = (i + j) / 2 + 1;
    for (let k = i; k <= j; k++) if (labels[order[k]] === 1) rankSumPos += midRank;
    i = j + 1;
  }
  return (rankSumPos - (pos * (pos + 1)) / 2) / (pos * neg);
}

/** Kolmogorov–Smirnov: the largest gap between the score distributions of defaulters and payers. */
export function ks(scores: ArrayLike<number>, labels: ArrayLike<number>): number {
  const { pos, neg } = counts(labels);
  if (pos === 0 || neg === 0) throw new Error('KS needs both classes');
  const order = sortedOrder(scores);
  let cumPos = 0;
  let cumNeg = 0;
  let best = 0;
  let i = 0;
  while (i < order.length) {
    let j = i;
    while (j + 1 < order.length && scores[order[j + 1]] === scores[order[i]]) j++;
    for (let k = i; k <= j; k++) {
      if (labels[order[k]] === 1) cumPos++;
      else cumNeg++;
    }
    const gap = Math.abs(cumPos / pos - cumNeg / neg);
    if (gap > best) best = gap;
    i = j + 1;
  }
  return best;
}

export function brier(probabilities: ArrayLike<number>, labels: ArrayLike<number>): number {
  if (probabilities.length === 0) throw new Error('Brier score of nothing');
  let s = 0;
  for (let i = 0; i < probabilities.length; i++) {
    const d = probabilities[i] - labels[i];
    s += d * d;
  }
  return s / probabilities.length;
}

export function logLoss(probabilities: ArrayLike<number>, labels: ArrayLike<number>): number {
  const eps = 1e-15;
  let s = 0;
  for (let i = 0; i < probabilities.length; i++) {
    const p = Math.min(1 - eps, Math.max(eps, probabilities[i]));
    s -= labels[i] === 1 ? Math.log(p) : Math.log(1 - p);
  }
  return s / probabilities.length;
}

export interface CalibrationBin {
  readonly count: number;
  readonly minProbability: number;
  readonly maxProbability: number;
  readonly meanPredicted: number;
  readonly observedRate: number;
}

/**
 * Equal-count bins by predicted probability (deciles for `bins` = 10). Rows with equal
 * probabilities may straddle a boundary; with continuous scores that is immaterial.
 */
export function calibrationTable(probabilities: ArrayLike<number>, labels: ArrayLike<number>, bins = 10): CalibrationBin[] {
  const order = sortedOrder(probabilities);
  const n = order.length;
  const table: CalibrationBin[] = [];
  for (let b = 0; b < bins; b++) {
    const from = Math.floor((b * n) / bins);
    const to = Math.floor(((b + 1) * n) / bins);
    if (to <= from) continue;
    let sumP = 0;
    let sumY = 0;
    for (let k = from; k < to; k++) {
      sumP += probabilities[order[k]];
      sumY += labels[order[k]];
    }
    table.push({
      count: to - from,
      minProbability: probabilities[order[from]],
      maxProbability: probabilities[order[to - 1]],
      meanPredicted: sumP / (to - from),
      observedRate: sumY / (to - from),
    });
  }
  return table;
}

/** Expected calibration error over the equal-count bins: count-weighted |predicted − observed|. */
export function expectedCalibrationError(table: readonly CalibrationBin[]): number {
  let n = 0;
  let s = 0;
  for (const bin of table) {
    n += bin.count;
    s += bin.count * Math.abs(bin.meanPredicted - bin.observedRate);
  }
  return s / n;
}

export const sigmoid = (z: number): number => (z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z)));
