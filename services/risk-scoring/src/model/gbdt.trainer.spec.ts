import fc from 'fast-check';
import { type GbdtParams, DEFAULT_GBDT_PARAMS, binDataset, ensembleOf, fitBinCuts, makeDataset, shortestCut, trainGbdt } from './gbdt.trainer';
import { predictLogisticRaw } from './logistic.model';
import { trainLogistic } from './logistic.trainer';
import { auc, logLoss, sigmoid } from './metrics';
import { Prng } from './prng';

/** y depends on a bump in x0, a step in x1 and a linear term in x3, with label noise; x2 is pure noise. */
function synthetic(rows: number, seed: number): { vectors: Float64Array[]; labels: number[]; truth: number[] } {
  const rng = new Prng(seed);
  const vectors: Float64Array[] = [];
  const labels: number[] = [];
  const truth: number[] = [];
  for (let r = 0; r < rows; r++) {
    const x = Float64Array.from([rng.next(), rng.next(), rng.next(), Math.floor(rng.next() * 4) - 2]);
    const z = (Math.abs(x[0] - 0.5) < 0.25 ? 1.5 : -1.5) + (x[1] > 0.7 ? 1 : 0) + x[3] * 0.5;
    const p = sigmoid(z);
    vectors.push(x);
    truth.push(p);
    labels.push(rng.next() < p ? 1 : 0);
  }
  return { vectors, labels, truth };
}

const PARAMS: GbdtParams = { ...DEFAULT_GBDT_PARAMS, trees: 80, learningRate: 0.1, maxDepth: 3, minLeafSize: 30, maxBins: 32, seed: 11 };

describe('gradient-boosted trees', () => {
  const train = synthetic(1500, 1);
  const test = synthetic(800, 2);
  const model = trainGbdt(makeDataset(train.vectors, train.labels), PARAMS, { valid: makeDataset(test.vectors, test.labels) });
  const ensemble = ensembleOf(model, 4);

  it('learns a non-monotone effect a linear model cannot', () => {
    const scores = test.vectors.map((x) => ensemble.predictRaw(x));
    // Bayes-optimal AUC on this sample is what the true probabilities reach.
    const best = auc(test.truth, test.labels);
    expect(auc(scores, test.labels)).toBeGreaterThan(best - 0.03);
    expect(logLoss(scores.map(sigmoid), test.labels)).toBeLessThan(logLoss(test.truth, test.labels) + 0.05);
    const linear = trainLogistic(makeDataset(train.vectors, train.labels), []);
    const linearAuc = auc(
      test.vectors.map((x) => predictLogisticRaw(linear, x)),
      test.labels,
    );
    expect(auc(scores, test.labels)).toBeGreaterThan(linearAuc + 0.1);
  });

  it('routes by thresholds exactly as it trained on bins', () => {
    // The trainer tracked validation loss on binned rows; serving walks raw thresholds.
    const served = logLoss(
      test.vectors.map((x) => sigmoid(ensemble.predictRaw(x))),
      test.labels,
    );
    expect(served).toBeCloseTo(model.validLogLoss[model.validLogLoss.length - 1], 10);
  });

  it('is deterministic for a seed, and the seed matters', () => {
    const small = synthetic(400, 3);
    const data = makeDataset(small.vectors, small.labels);
    const params = { ...PARAMS, trees: 15 };
    const first = JSON.stringify(trainGbdt(data, params).trees);
    expect(JSON.stringify(trainGbdt(data, params).trees)).toBe(first);
    expect(JSON.stringify(trainGbdt(data, { ...params, seed: 12 }).trees)).not.toBe(first);
  });

  it('respects the depth limit and the minimum leaf size', () => {
    for (const tree of model.trees) {
      const depth = (k: number): number => (tree.feature[k] < 0 ? 0 : 1 + Math.max(depth(tree.left[k]), depth(tree.right[k])));
      expect(depth(0)).toBeLessThanOrEqual(PARAMS.maxDepth);
    }
    const small = trainGbdt(makeDataset(train.vectors, train.labels), { ...PARAMS, trees: 1, subsample: 1, minLeafSize: 400 });
    const counts = new Map<number, number>();
    const t = small.trees[0];
    for (const x of train.vectors) {
      let k = 0;
      while (t.feature[k] >= 0) k = x[t.feature[k]] <= t.threshold[k] ? t.left[k] : t.right[k];
      counts.set(k, (counts.get(k) ?? 0) + 1);
    }
    for (const n of counts.values()) expect(n).toBeGreaterThanOrEqual(400);
  });

  it('attributes every raw score exactly: base value plus path contributions', () => {
    const out = new Float64Array(4);
    fc.assert(
      fc.property(fc.array(fc.double({ min: -3, max: 3, noNaN: true }), { minLength: 4, maxLength: 4 }), (xs) => {
        const raw = ensemble.contributions(xs, out);
        expect(raw).toBe(ensemble.predictRaw(xs));
        const sum = out.reduce((s, v) => s + v, ensemble.baseValue);
        expect(sum).toBeCloseTo(raw, 9);
      }),
    );
    // The pure-noise feature x2 should get far less credit than the three real ones.
    const meanAbs = [0, 0, 0, 0];
    for (const x of test.vectors) {
      ensemble.contributions(x, out);
      out.forEach((v, f) => (meanAbs[f] += Math.abs(v)));
    }
    for (const f of [0, 1, 3]) expect(meanAbs[2]).toBeLessThan(meanAbs[f] / 2);
  });
});

describe('binning', () => {
  it('picks a short cut strictly between neighbours', () => {
    fc.assert(
      fc.property(fc.double({ min: -1e6, max: 1e6, noNaN: true }), fc.double({ min: 1e-9, max: 1e3, noNaN: true }), (lo, gap) => {
        const hi = lo + gap;
        fc.pre(hi > lo);
        const c = shortestCut(lo, hi);
        expect(c).toBeGreaterThanOrEqual(lo);
        expect(c).toBeLessThan(hi);
      }),
    );
    expect(shortestCut(2, 3)).toBe(2);
    expect(shortestCut(0.30000000000000004, 0.35)).toBe(0.33);
  });

  it('keeps every distinct value apart when there are few, and caps the bins otherwise', () => {
    const few = makeDataset(
      [[-2], [-1], [0], [1], [2], [2], [9]].map((v) => Float64Array.from(v)),
      [0, 1, 0, 1, 0, 1, 0],
    );
    const cuts = fitBinCuts(few, 16).cuts[0];
    expect(Array.from(binDataset(few, { cuts: [cuts] }))).toEqual([0, 1, 2, 3, 4, 4, 5]);
    const rng = new Prng(3);
    const many = makeDataset(
      Array.from({ length: 2000 }, () => Float64Array.from([rng.next()])),
      Array.from({ length: 2000 }, (_, i) => i % 2),
    );
    expect(fitBinCuts(many, 32).cuts[0].length).toBeLessThanOrEqual(31);
  });
});
