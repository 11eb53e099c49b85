/**
 * Seeded PRNG (mulberry32) so every split, subsample and test is reproducible from one integer;
 * Math.random cannot be seeded.
 */
export class Prng {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** Uniform in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** Uniform integer in [0, n). */
  nextInt(n: number): number {
    return Math.floor(this.next() * n);
  }

  /** Fisher–Yates, in place. */
  shuffle<T extends { [i: number]: unknown; length: number }>(a: T): T {
    for (let i = a.length - 1; i > 0; i--) {
      const j = this.nextInt(i + 1);
      const tmp = a[i];
      a[i] = a[j];
      a[j] = tmp;
    }
    return a;
  }
}

/**
 * Assigns each row to one of `k` folds so every fold has the same share of positives (stratified).
 * Returns the fold number per row.
 */
export function stratifiedFolds(labels: ArrayLike<number>, k: number, seed: number): Int32Array {
  const rng = new Prng(seed);
  const fold = new Int32Array(labels.length);
  for (const cls of [0, 1]) {
    const idx: number[] = [];
    for (let i = 0; i < labels.length; i++) if (labels[i] === cls) idx.push(i);
    rng.shuffle(idx);
    for (let j = 0; j < idx.length; j++) fold[idx[j]] = j % k;
  }
  return fold;
}

/** Stratified held-out split: about `testShare` of each class goes to test. */
export function stratifiedSplit(labels: ArrayLike<number>, testShare: number, seed: number): { train: number[]; test: number[] } {
  const rng = new Prng(seed);
  const train: number[] = [];
  const test: number[] = [];
  for (const cls of [0, 1]) {
    const idx: number[] = [];
    for (let i = 0; i < labels.length; i++) if (labels[i] === cls) idx.push(i);
    rng.shuffle(idx);
    const nTest = Math.round(idx.length * testShare);
    for (let j = 0; j < idx.length; j++) (j < nTest ? test : train).push(idx[j]);
  }
  train.sort((a, b) => a - b);
  test.sort((a, b) => a - b);
  return { train, test };
}
