/**
 * Small hyper-parameter grid for the booster, scored by 5-fold CV on the training part only (the
 * held-out 20 % is never touched). Writes tools/tuning-results.json, which train.ts copies into
 * MODEL_REPORT.md so the report says how its parameters were chosen.
 *
 *   npx tsc -p services/risk-scoring/tools/tsconfig.json
 *   node dist/risk-scoring-tools/services/risk-scoring/tools/tune.js
 *
 * Runs single-threaded for about seven minutes.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_GBDT_PARAMS, type GbdtParams } from '../src/model/gbdt.trainer';
import { crossValidate, loadData, repoRoot } from './training-data';

export const TUNING_RESULTS_FILE = 'services/risk-scoring/tools/tuning-results.json';

export interface TuningResult {
  readonly params: Partial<GbdtParams>;
  readonly bestTrees: number;
  readonly oofLogLoss: number;
  readonly meanFoldAuc: number;
}

const GRID: Partial<GbdtParams>[] = [
  { maxDepth: 3, minLeafSize: 50, featureFraction: 0.8, learningRate: 0.05 },
  { maxDepth: 4, minLeafSize: 50, featureFraction: 0.8, learningRate: 0.05 },
  { maxDepth: 5, minLeafSize: 100, featureFraction: 0.8, learningRate: 0.03 },
  { maxDepth: 6, minLeafSize: 200, featureFraction: 0.5, learningRate: 0.03 },
  { maxDepth: 6, minLeafSize: 400, featureFraction: 0.5, learningRate: 0.03 },
  { maxDepth: 6, minLeafSize: 200, featureFraction: 0.3, learningRate: 0.03 },
  { maxDepth: 6, minLeafSize: 200, featureFraction: 0.5, learningRate: 0.03, l2: 10 },
  { maxDepth: 8, minLeafSize: 200, featureFraction: 0.5, learningRate: 0.03 },
  { maxDepth: 6, minLeafSize: 200, featureFraction: 0.5, learningRate: 0.02 },
  { maxDepth: 5, minLeafSize: 400, featureFraction: 0.5, learningRate: 0.03 },
  { maxDepth: 6, minLeafSize: 400, featureFraction: 0.5, learningRate: 0.03, l2: 10 },
  { maxDepth: 6, minLeafSize: 800, featureFraction: 0.5, learningRate: 0.03 },
];

function main(): void {
  const root = repoRoot();
  const data = loadData(root);
  const results: TuningResult[] = [];
  for (const point of GRID) {
    const params: GbdtParams = { ...DEFAULT_GBDT_PARAMS, trees: 400, seed: 7, ...point };
    const started = Date.now();
    const cv = crossValidate(data, params);
    const result = { params: point, bestTrees: cv.bestTrees, oofLogLoss: Number(cv.bestLogLoss.toFixed(5)), meanFoldAuc: Number(cv.meanFoldAuc.toFixed(4)) };
    results.push(result);
    process.stdout.write(`${JSON.stringify(result)} ${((Date.now() - started) / 1000).toFixed(0)} s\n`);
  }
  writeFileSync(join(root, TUNING_RESULTS_FILE), `${JSON.stringify(results, null, 2)}\n`);
}

if (require.main === module) main();
