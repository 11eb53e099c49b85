/**
 * What train.ts and tune.ts share: locating the project, loading the data set through the
 * feature mapping, the held-out split, and cross-validated boosting on the training part only.
 * The held-out rows are decided here once, from a fixed seed, so tuning can never look at them.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { type CreditDefaultRecord, parseCreditDefaultCsv } from '../src/model/credit-default-csv';
import { FEATURE_COUNT, toFeatureVector } from '../src/model/feature-mapping';
import { type Dataset, type GbdtParams, ensembleOf, makeDataset, trainGbdt } from '../src/model/gbdt.trainer';
import { auc } from '../src/model/metrics';
import { stratifiedFolds, stratifiedSplit } from '../src/model/prng';

export const SPLIT_SEED = 20_050_930;
export const FOLD_SEED = 1_729;
export const TEST_SHARE = 0.2;
export const CV_FOLDS = 5;
export const DATA_FILE = 'services/risk-scoring/data/credit-default-taiwan.csv';

/** The repository root: the nearest ancestor of the working directory holding nx.json. */
export function repoRoot(start = process.cwd()): string {
  let dir = resolve(start);
  while (!existsSync(join(dir, 'nx.json'))) {
    const up = dirname(dir);
    if (up === dir) throw new Error('run from inside the Clearpath repository (no nx.json found above the working directory)');
    dir = up;
  }
  return dir;
}

export interface LoadedData {
  readonly path: string;
  readonly sha256: string;
  readonly records: CreditDefaultRecord[];
  readonly vectors: Float64Array[];
  readonly labels: Uint8Array;
  readonly trainRows: number[];
  readonly testRows: number[];
}

export function loadData(root: string): LoadedData {
  const path = join(root, DATA_FILE);
  const bytes = readFileSync(path);
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  const records = parseCreditDefaultCsv(bytes.toString('utf8'));
  const vectors = records.map((r) => toFeatureVector(r.history, new Float64Array(FEATURE_COUNT)));
  const labels = Uint8Array.from(records.map((r) => r.defaulted));
  const { train, test } = stratifiedSplit(labels, TEST_SHARE, SPLIT_SEED);
  return { path, sha256, records, vectors, labels, trainRows: train, testRows: test };
}

export function subset(data: LoadedData, rows: readonly number[]): Dataset {
  return makeDataset(
    rows.map((r) => data.vectors[r]),
    rows.map((r) => data.labels[r]),
  );
}

export interface CrossValidation {
  /** Tree count with the lowest mean out-of-fold log loss. */
  readonly bestTrees: number;
  readonly bestLogLoss: number;
  readonly meanLogLossByTrees: number[];
  /** Out-of-fold raw scores at `bestTrees`, aligned with the training rows. */
  readonly oofRaw: Float64Array;
  readonly oofLabels: Uint8Array;
  /** Mean of the per-fold AUCs at `bestTrees`. */
  readonly meanFoldAuc: number;
  readonly foldAucs: number[];
}

/** k-fold CV of the booster on the training rows, grown to `params.trees` and cut at the best count. */
export function crossValidate(data: LoadedData, params: GbdtParams, log: (line: string) => void = () => {}): CrossValidation {
  const trainLabels = data.trainRows.map((r) => data.labels[r]);
  const fold = stratifiedFolds(trainLabels, CV_FOLDS, FOLD_SEED);
  const curves: number[][] = [];
  const models = [];
  const foldRows: number[][] = [];
  for (let k = 0; k < CV_FOLDS; k++) {
    const fit: number[] = [];
    const held: number[] = [];
    data.trainRows.forEach((r, i) => (fold[i] === k ? held : fit).push(r));
    const started = Date.now();
    const model = trainGbdt(subset(data, fit), params, { valid: subset(data, held) });
    log(`  fold ${k + 1}/${CV_FOLDS}: ${model.trees.length} trees in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    curves.push(model.validLogLoss);
    models.push(model);
    foldRows.push(held);
  }
  const meanLogLossByTrees = curves[0].map((_, t) => curves.reduce((s, c) => s + c[t], 0) / CV_FOLDS);
  let bestTrees = 1;
  for (let t = 1; t < meanLogLossByTrees.length; t++) if (meanLogLossByTrees[t] < meanLogLossByTrees[bestTrees - 1]) bestTrees = t + 1;

  const position = new Map(data.trainRows.map((r, i) => [r, i]));
  const oofRaw = new Float64Array(data.trainRows.length);
  const oofLabels = Uint8Array.from(trainLabels);
  const foldAucs: number[] = [];
  for (let k = 0; k < CV_FOLDS; k++) {
    const ensemble = ensembleOf(models[k], data.vectors[0].length, bestTrees);
    const scores = foldRows[k].map((r) => ensemble.predictRaw(data.vectors[r]));
    foldRows[k].forEach((r, j) => (oofRaw[position.get(r) as number] = scores[j]));
    foldAucs.push(
      auc(
        scores,
        foldRows[k].map((r) => data.labels[r]),
      ),
    );
  }
  return {
    bestTrees,
    bestLogLoss: meanLogLossByTrees[bestTrees - 1],
    meanLogLossByTrees,
    oofRaw,
    oofLabels,
    meanFoldAuc: foldAucs.reduce((a, b) => a + b, 0) / CV_FOLDS,
    foldAucs,
  };
}
