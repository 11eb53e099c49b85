import fc from 'fast-check';
import { makeDataset } from './gbdt.trainer';
import { logisticContributions, predictLogisticRaw } from './logistic.model';
import { trainLogistic } from './logistic.trainer';
import { sigmoid } from './metrics';
import { Prng } from './prng';

describe('logistic regression challenger', () => {
  // Feature 0 is a status (-2..3), feature 1 numeric. True logit: 1.5·[status ≥ 1] + 0.8·x1 − 1.
  const rng = new Prng(5);
  const vectors: Float64Array[] = [];
  const labels: number[] = [];
  for (let i = 0; i < 4000; i++) {
    const status = Math.floor(rng.next() * 6) - 2;
    const x1 = rng.next() * 4 - 2;
    const p = sigmoid((status >= 1 ? 1.5 : 0) + 0.8 * x1 - 1);
    vectors.push(Float64Array.from([status, x1]));
    labels.push(rng.next() < p ? 1 : 0);
  }
  const model = trainLogistic(makeDataset(vectors, labels), [0], { l2: 0.01, maxIterations: 50 });

  it('recovers the generating coefficients', () => {
    const numeric = model.columns.find((c) => c.level === null);
    expect(numeric).toBeDefined();
    // Coefficient per standard deviation → per unit.
    expect((numeric?.coef ?? 0) / (numeric?.scale ?? 1)).toBeCloseTo(0.8, 1);
    const level = (l: number): number => model.columns.find((c) => c.level === l)?.coef ?? NaN;
    expect(level(1) - level(0)).toBeCloseTo(1.5, 0);
    expect(Math.abs(level(-2) - level(0))).toBeLessThan(0.3);
  });

  it('explains each logit exactly: base value plus coef × (x − mean)', () => {
    const out = new Float64Array(2);
    fc.assert(
      fc.property(fc.integer({ min: -2, max: 9 }), fc.double({ min: -5, max: 5, noNaN: true }), (status, x1) => {
        const x = [status, x1];
        const base = logisticContributions(model, x, out);
        expect(base + out[0] + out[1]).toBeCloseTo(predictLogisticRaw(model, x), 10);
      }),
    );
  });
});
