import fc from 'fast-check';
import { auc, brier, calibrationTable, expectedCalibrationError, ks, logLoss, sigmoid } from './metrics';

/** AUC by definition: share of (positive, negative) pairs ranked correctly, ties counting half. */
function pairwiseAuc(s: number[], y: number[]): number {
  let num = 0;
  let den = 0;
  for (let i = 0; i < s.length; i++) {
    for (let j = 0; j < s.length; j++) {
      if (y[i] === 1 && y[j] === 0) {
        den++;
        num += s[i] > s[j] ? 1 : s[i] === s[j] ? 0.5 : 0;
      }
    }
  }
  return num / den;
}

const cases = fc
  .array(fc.tuple(fc.integer({ min: 0, max: 20 }), fc.integer({ min: 0, max: 1 })), { minLength: 2, maxLength: 60 })
  .filter((a) => a.some(([, y]) => y === 1) && a.some(([, y]) => y === 0));

describe('auc', () => {
  it('matches hand-computed cases', () => {
    expect(auc([0.1, 0.4, 0.35, 0.8], [0, 0, 1, 1])).toBeCloseTo(0.75, 12);
    expect(auc([1, 2, 3, 4], [0, 0, 1, 1])).toBe(1);
    expect(auc([4, 3, 2, 1], [0, 0, 1, 1])).toBe(0);
    expect(auc([0.5, 0.5, 0.5, 0.5], [0, 1, 0, 1])).toBe(0.5);
    // One tied pair out of four: 3 correct + 0.5.
    expect(auc([0.2, 0.6, 0.6, 0.9], [0, 0, 1, 1])).toBeCloseTo(3.5 / 4, 12);
  });

  it('equals the pairwise definition, with ties counting half', () => {
    fc.assert(
      fc.property(cases, (c) => {
        const s = c.map(([v]) => v);
        const y = c.map(([, l]) => l);
        expect(auc(s, y)).toBeCloseTo(pairwiseAuc(s, y), 12);
      }),
    );
  });

  it('is unchanged by a strictly increasing transform and flips under negation', () => {
    fc.assert(
      fc.property(cases, (c) => {
        const s = c.map(([v]) => v);
        const y = c.map(([, l]) => l);
        expect(
          auc(
            s.map((v) => sigmoid(v / 3 - 2)),
            y,
          ),
        ).toBeCloseTo(auc(s, y), 12);
        expect(
          auc(
            s.map((v) => -v),
            y,
          ),
        ).toBeCloseTo(1 - auc(s, y), 12);
      }),
    );
  });

  it('refuses a single class', () => {
    expect(() => auc([1, 2], [1, 1])).toThrow();
  });
});

describe('ks', () => {
  it('matches hand-computed cases', () => {
    expect(ks([1, 2, 3, 4], [0, 0, 1, 1])).toBe(1);
    // Sorted ascending: 0.1(0) 0.35(1) 0.4(0) 0.8(1); CDF gaps 0.5, 0, 0.5, 0 → 0.5.
    expect(ks([0.1, 0.4, 0.35, 0.8], [0, 0, 1, 1])).toBeCloseTo(0.5, 12);
    // All tied: no threshold separates anything.
    expect(ks([0.5, 0.5, 0.5, 0.5], [0, 1, 0, 1])).toBe(0);
  });

  it('lies in [0, 1] and bounds |AUC − 0.5| from above', () => {
    fc.assert(
      fc.property(cases, (c) => {
        const s = c.map(([v]) => v);
        const y = c.map(([, l]) => l);
        const k = ks(s, y);
        expect(k).toBeGreaterThanOrEqual(0);
        expect(k).toBeLessThanOrEqual(1);
        // KS is the largest vertical ROC gap; AUC − 0.5 is at most the area under that gap.
        expect(Math.abs(auc(s, y) - 0.5)).toBeLessThanOrEqual(k + 1e-12);
      }),
    );
  });
});

describe('brier and log loss', () => {
  it('match hand-computed cases', () => {
    expect(brier([0.8, 0.3], [1, 0])).toBeCloseTo((0.04 + 0.09) / 2, 12);
    expect(brier([1, 0], [1, 0])).toBe(0);
    expect(brier([0.25], [1])).toBeCloseTo(0.5625, 12);
    expect(logLoss([0.5, 0.5], [1, 0])).toBeCloseTo(Math.log(2), 12);
  });
});

describe('calibration table', () => {
  it('bins by predicted probability and reports observed rates', () => {
    const p = [0.1, 0.1, 0.2, 0.2, 0.9, 0.9];
    const y = [0, 0, 0, 1, 1, 1];
    const t = calibrationTable(p, y, 3);
    expect(t.map((b) => b.count)).toEqual([2, 2, 2]);
    expect(t.map((b) => b.observedRate)).toEqual([0, 0.5, 1]);
    expect(t[1].meanPredicted).toBeCloseTo(0.2, 12);
    expect(expectedCalibrationError(t)).toBeCloseTo((0.1 + 0.3 + 0.1) / 3, 12);
  });
});
