/**
 * Gradient-boosted decision trees with logistic loss, written here because no maintained npm
 * learner is available in the workspace. Histogram-based (LightGBM-style): each feature is cut
 * into at most `maxBins` quantile bins once, and splits are searched over bin boundaries.
 * Trees grow depth-first to `maxDepth` with second-order (Newton) leaf values, L2 on leaf weights,
 * a minimum leaf size, row subsampling and per-tree feature sampling from a seeded PRNG, so the
 * same data and seed give a byte-identical model.
 */
import { sigmoid } from './metrics';
import { Prng } from './prng';
import { type SerializedTree, TreeEnsemble } from './tree-ensemble';

export function ensembleOf(model: GbdtModel, featureCount: number, treeCount = model.trees.length): TreeEnsemble {
  return new TreeEnsemble(model.initScore, model.trees.slice(0, treeCount), featureCount);
}

export interface GbdtParams {
  readonly trees: number;
  readonly learningRate: number;
  readonly maxDepth: number;
  /** Fewest training rows (of the subsample) a leaf may hold. */
  readonly minLeafSize: number;
  /** Fewest summed hessian a child may hold; stops leaves of near-certain rows. */
  readonly minChildHessian: number;
  readonly l2: number;
  readonly minSplitGain: number;
  /** Share of rows each tree is grown on, drawn without replacement. */
  readonly subsample: number;
  /** Share of features each tree may split on. */
  readonly featureFraction: number;
  readonly maxBins: number;
  readonly seed: number;
}

export const DEFAULT_GBDT_PARAMS: GbdtParams = {
  trees: 300,
  learningRate: 0.05,
  maxDepth: 4,
  minLeafSize: 50,
  minChildHessian: 1,
  l2: 1,
  minSplitGain: 0,
  subsample: 0.8,
  featureFraction: 0.8,
  maxBins: 64,
  seed: 20250101,
};

/** Row-major feature matrix plus 0/1 labels. */
export interface Dataset {
  readonly x: Float64Array;
  readonly y: Uint8Array;
  readonly rows: number;
  readonly cols: number;
}

export function makeDataset(vectors: readonly ArrayLike<number>[], labels: ArrayLike<number>): Dataset {
  const rows = vectors.length;
  if (rows === 0) throw new Error('empty dataset');
  if (labels.length !== rows) throw new Error('one label per row');
  const cols = vectors[0].length;
  const x = new Float64Array(rows * cols);
  const y = new Uint8Array(rows);
  for (let r = 0; r < rows; r++) {
    const v = vectors[r];
    if (v.length !== cols) throw new Error(`row ${r} has ${v.length} features, expected ${cols}`);
    for (let c = 0; c < cols; c++) {
      const value = v[c];
      if (!Number.isFinite(value)) throw new Error(`row ${r} feature ${c} is not finite`);
      x[r * cols + c] = value;
    }
    if (labels[r] !== 0 && labels[r] !== 1) throw new Error(`row ${r}: label must be 0 or 1`);
    y[r] = labels[r];
  }
  return { x, y, rows, cols };
}

/**
 * Per-feature cut points. A value goes to the first bin whose cut it does not exceed (the last
 * bin if none), which is exactly how an inference node with that cut as threshold routes it: the
 * binned training view and threshold-based serving agree on every input, seen or not.
 */
export interface BinCuts {
  readonly cuts: readonly Float64Array[];
}

/**
 * The shortest decimal t with lo <= t < hi: any such t splits the training data the same way, and
 * a short one keeps the artifact small and readable (0.35 rather than 0.35000000000000003).
 */
export function shortestCut(lo: number, hi: number): number {
  const mid = lo + (hi - lo) / 2;
  for (let p = 1; p <= 17; p++) {
    for (const v of [mid, lo, hi]) {
      const c = Number(v.toPrecision(p));
      if (c >= lo && c < hi) return c;
    }
  }
  return lo;
}

export function fitBinCuts(data: Dataset, maxBins: number): BinCuts {
  if (maxBins < 2 || maxBins > 256) throw new Error('maxBins must be 2..256 (bins are stored in a byte)');
  const { x, rows, cols } = data;
  const cuts: Float64Array[] = [];
  const column = new Float64Array(rows);
  for (let c = 0; c < cols; c++) {
    for (let r = 0; r < rows; r++) column[r] = x[r * cols + c];
    column.sort();
    const distinct: number[] = [];
    const counts: number[] = [];
    for (let r = 0; r < rows; r++) {
      if (distinct.length === 0 || column[r] !== distinct[distinct.length - 1]) {
        distinct.push(column[r]);
        counts.push(1);
      } else counts[counts.length - 1]++;
    }
    const featureCuts: number[] = [];
    if (distinct.length <= maxBins) {
      for (let k = 0; k + 1 < distinct.length; k++) featureCuts.push(shortestCut(distinct[k], distinct[k + 1]));
    } else {
      // Equal-frequency bins; a heavy single value (e.g. utilisation 0) gets a bin of its own.
      let cumulative = 0;
      let nextTarget = rows / maxBins;
      for (let k = 0; k + 1 < distinct.length; k++) {
        cumulative += counts[k];
        if (cumulative >= nextTarget) {
          featureCuts.push(shortestCut(distinct[k], distinct[k + 1]));
          while (nextTarget <= cumulative) nextTarget += rows / maxBins;
          if (featureCuts.length === maxBins - 1) break;
        }
      }
    }
    cuts.push(Float64Array.from(featureCuts));
  }
  return { cuts };
}

function binOf(cuts: Float64Array, v: number): number {
  let lo = 0;
  let hi = cuts.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (v <= cuts[mid]) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

export function binDataset(data: Dataset, bins: BinCuts): Uint8Array {
  const { x, rows, cols } = data;
  const out = new Uint8Array(rows * cols);
  for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) out[r * cols + c] = binOf(bins.cuts[c], x[r * cols + c]);
  return out;
}

/**
 * Leaf outputs are rounded to 7 significant digits while training, so the model the trainer
 * keeps boosting on is exactly the one written to JSON: held-out metrics computed from the
 * artifact are those of the trained model.
 */
const round7 = (v: number): number => Number(v.toPrecision(7));

export interface GbdtModel {
  readonly initScore: number;
  readonly trees: SerializedTree[];
  readonly params: GbdtParams;
  /** Validation log loss after each tree, when a validation set was given. */
  readonly validLogLoss: number[];
}

export interface GbdtTrainOptions {
  readonly valid?: Dataset;
}

interface Histogram {
  readonly g: Float64Array;
  readonly h: Float64Array;
  readonly n: Int32Array;
}

interface Split {
  gain: number;
  feature: number;
  bin: number;
}

export function trainGbdt(train: Dataset, params: GbdtParams, options: GbdtTrainOptions = {}): GbdtModel {
  const { rows, cols, y } = train;
  if (params.subsample <= 0 || params.subsample > 1) throw new Error('subsample must be in (0, 1]');
  if (params.featureFraction <= 0 || params.featureFraction > 1) throw new Error('featureFraction must be in (0, 1]');
  const bins = fitBinCuts(train, params.maxBins);
  const binned = binDataset(train, bins);
  const nBins = new Int32Array(cols);
  for (let c = 0; c < cols; c++) nBins[c] = bins.cuts[c].length + 1;
  const B = params.maxBins;
  const rng = new Prng(params.seed);

  let positives = 0;
  for (let r = 0; r < rows; r++) positives += y[r];
  if (positives === 0 || positives === rows) throw new Error('training labels must contain both classes');
  const initScore = round7(Math.log(positives / (rows - positives)));

  const raw = new Float64Array(rows).fill(initScore);
  const grad = new Float64Array(rows);
  const hess = new Float64Array(rows);
  const sampleSize = Math.max(1, Math.round(rows * params.subsample));
  const allRows = new Uint32Array(rows);
  for (let r = 0; r < rows; r++) allRows[r] = r;
  const nodeRows = new Uint32Array(sampleSize);
  const scratch = new Uint32Array(sampleSize);
  const featureOrder = new Int32Array(cols);
  const allowed = new Uint8Array(cols);
  const featuresPerTree = Math.max(1, Math.round(cols * params.featureFraction));

  const valid = options.valid;
  const validBinned = valid ? binDataset(valid, bins) : undefined;
  const validRaw = valid ? new Float64Array(valid.rows).fill(initScore) : undefined;
  const validLogLoss: number[] = [];
  const trees: SerializedTree[] = [];

  const newHistogram = (): Histogram => ({ g: new Float64Array(cols * B), h: new Float64Array(cols * B), n: new Int32Array(cols * B) });

  const buildHistogram = (start: number, end: number): Histogram => {
    const hist = newHistogram();
    const { g, h, n } = hist;
    for (let i = start; i < end; i++) {
      const r = nodeRows[i];
      const gr = grad[r];
      const hr = hess[r];
      const base = r * cols;
      for (let c = 0; c < cols; c++) {
        const idx = c * B + binned[base + c];
        g[idx] += gr;
        h[idx] += hr;
        n[idx]++;
      }
    }
    return hist;
  };

  const subtract = (parent: Histogram, child: Histogram): Histogram => {
    const out = newHistogram();
    for (let i = 0; i < cols * B; i++) {
      out.g[i] = parent.g[i] - child.g[i];
      out.h[i] = parent.h[i] - child.h[i];
      out.n[i] = parent.n[i] - child.n[i];
    }
    return out;
  };

  const leafWeight = (G: number, H: number): number => -G / (H + params.l2);
  const score = (G: number, H: number): number => (G * G) / (H + params.l2);

  const bestSplit = (hist: Histogram, G: number, H: number, count: number): Split => {
    const best: Split = { gain: params.minSplitGain, feature: -1, bin: -1 };
    const parentScore = score(G, H);
    for (let c = 0; c < cols; c++) {
      if (!allowed[c]) continue;
      let GL = 0;
      let HL = 0;
      let NL = 0;
      const base = c * B;
      for (let b = 0; b + 1 < nBins[c]; b++) {
        GL += hist.g[base + b];
        HL += hist.h[base + b];
        NL += hist.n[base + b];
        if (NL < params.minLeafSize) continue;
        const NR = count - NL;
        if (NR < params.minLeafSize) break;
        const HR = H - HL;
        if (HL < params.minChildHessian || HR < params.minChildHessian) continue;
        const gain = score(GL, HL) + score(G - GL, HR) - parentScore;
        if (gain > best.gain) {
          best.gain = gain;
          best.feature = c;
          best.bin = b;
        }
      }
    }
    return best;
  };

  for (let t = 0; t < params.trees; t++) {
    for (let r = 0; r < rows; r++) {
      const p = sigmoid(raw[r]);
      grad[r] = p - y[r];
      hess[r] = Math.max(p * (1 - p), 1e-16);
    }
    // Row subsample of exactly `sampleSize` rows by selection sampling (Knuth's algorithm S): one
    // pass, and the rows come out in ascending order, so histogram passes read memory in order.
    if (sampleSize < rows) {
      let taken = 0;
      for (let r = 0; r < rows && taken < sampleSize; r++) {
        if (rng.next() * (rows - r) < sampleSize - taken) nodeRows[taken++] = r;
      }
    } else nodeRows.set(allRows);
    for (let c = 0; c < cols; c++) featureOrder[c] = c;
    rng.shuffle(featureOrder);
    allowed.fill(0);
    for (let k = 0; k < featuresPerTree; k++) allowed[featureOrder[k]] = 1;

    const tree = { feature: [] as number[], threshold: [] as number[], left: [] as number[], right: [] as number[], value: [] as number[] };
    const cover: number[] = [];
    const splitBin: number[] = [];

    // Returns the node's index; nodes are appended in pre-order.
    const grow = (start: number, end: number, depth: number, hist: Histogram, G: number, H: number): number => {
      const id = tree.feature.length;
      tree.feature.push(-1);
      tree.threshold.push(0);
      tree.left.push(-1);
      tree.right.push(-1);
      tree.value.push(0);
      cover.push(end - start);
      splitBin.push(-1);
      const count = end - start;
      const split = depth < params.maxDepth && count >= 2 * params.minLeafSize ? bestSplit(hist, G, H, count) : undefined;
      if (split === undefined || split.feature < 0) {
        tree.value[id] = round7(leafWeight(G, H) * params.learningRate);
        return id;
      }
      // Stable partition keeps row order ascending for the children's histogram passes.
      let nl = start;
      let nr = 0;
      let GL = 0;
      let HL = 0;
      for (let i = start; i < end; i++) {
        const r = nodeRows[i];
        if (binned[r * cols + split.feature] <= split.bin) {
          nodeRows[nl++] = r;
          GL += grad[r];
          HL += hess[r];
        } else scratch[nr++] = r;
      }
      nodeRows.set(scratch.subarray(0, nr), nl);
      const mid = nl;
      let leftHist: Histogram;
      let rightHist: Histogram;
      if (mid - start <= end - mid) {
        leftHist = buildHistogram(start, mid);
        rightHist = subtract(hist, leftHist);
      } else {
        rightHist = buildHistogram(mid, end);
        leftHist = subtract(hist, rightHist);
      }
      tree.feature[id] = split.feature;
      tree.threshold[id] = bins.cuts[split.feature][split.bin];
      splitBin[id] = split.bin;
      const l = grow(start, mid, depth + 1, leftHist, GL, HL);
      const rgt = grow(mid, end, depth + 1, rightHist, G - GL, H - HL);
      tree.left[id] = l;
      tree.right[id] = rgt;
      tree.value[id] = round7((cover[l] * tree.value[l] + cover[rgt] * tree.value[rgt]) / count);
      return id;
    };

    let G = 0;
    let H = 0;
    for (let i = 0; i < sampleSize; i++) {
      G += grad[nodeRows[i]];
      H += hess[nodeRows[i]];
    }
    grow(0, sampleSize, 0, buildHistogram(0, sampleSize), G, H);
    trees.push(tree);

    const route = (binnedRows: Uint8Array, r: number): number => {
      let k = 0;
      while (tree.feature[k] >= 0) k = binnedRows[r * cols + tree.feature[k]] <= splitBin[k] ? tree.left[k] : tree.right[k];
      return tree.value[k];
    };
    for (let r = 0; r < rows; r++) raw[r] += route(binned, r);
    if (valid && validBinned && validRaw) {
      let loss = 0;
      for (let r = 0; r < valid.rows; r++) {
        validRaw[r] += route(validBinned, r);
        const z = validRaw[r];
        // log(1 + e^z) − y·z, computed without overflow.
        loss += Math.max(z, 0) + Math.log1p(Math.exp(-Math.abs(z))) - valid.y[r] * z;
      }
      validLogLoss.push(loss / valid.rows);
    }
  }
  return { initScore, trees, params, validLogLoss };
}
