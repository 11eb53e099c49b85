import { applyPlatt, fitPlatt } from './calibration';
import { sigmoid } from './metrics';
import { Prng } from './prng';

describe('Platt scaling', () => {
  it('recovers the slope and intercept that generated the labels', () => {
    const rng = new Prng(9);
    const raw: number[] = [];
    const labels: number[] = [];
    for (let i = 0; i < 8000; i++) {
      const s = rng.next() * 6 - 3;
      raw.push(s);
      labels.push(rng.next() < sigmoid(0.7 * s - 0.4) ? 1 : 0);
    }
    const c = fitPlatt(raw, labels);
    expect(c.a).toBeCloseTo(0.7, 1);
    expect(c.b).toBeCloseTo(-0.4, 1);
    expect(applyPlatt(c, 1)).toBeCloseTo(sigmoid(c.a + c.b), 12);
  });
});
