import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { auc, brier, ks } from '../src/model/metrics';
import { DEFAULT_ARTIFACT_PATH, PdModel } from '../src/model/pd-model';
import { loadData, repoRoot } from './training-data';

/**
 * The shipped artifact is the one the report describes: loading it and scoring the same held-out
 * split (same data file, same seed) reproduces the report's AUC, KS and Brier score.
 */
describe('shipped model artifact', () => {
  const root = repoRoot(__dirname);
  const data = loadData(root);
  const model = PdModel.load(DEFAULT_ARTIFACT_PATH);
  const heldOut = model.artifact.training.heldOut as { model: { auc: number; ks: number; brier: number } };
  const probabilities = data.testRows.map((r) => model.probability(data.vectors[r]));
  const labels = data.testRows.map((r) => data.labels[r]);

  it('was trained on this data file', () => {
    expect((model.artifact.training as { data?: { sha256?: string } }).data?.sha256 ?? JSON.stringify(model.artifact.training)).toContain(data.sha256);
  });

  it('reproduces the held-out AUC, KS and Brier score it records and the report prints', () => {
    expect(data.testRows).toHaveLength(4800);
    expect(auc(probabilities, labels)).toBeCloseTo(heldOut.model.auc, 4);
    expect(ks(probabilities, labels)).toBeCloseTo(heldOut.model.ks, 4);
    expect(brier(probabilities, labels)).toBeCloseTo(heldOut.model.brier, 4);
    const report = readFileSync(join(root, 'services/risk-scoring/MODEL_REPORT.md'), 'utf8');
    expect(report).toContain(
      `| **gradient-boosted trees, Platt-calibrated (served)** | ${heldOut.model.auc.toFixed(4)} | ${heldOut.model.ks.toFixed(4)} | ${heldOut.model.brier.toFixed(4)}`,
    );
    expect(heldOut.model.auc).toBeGreaterThanOrEqual(0.785);
  });
});
