/**
 * Inference for a boosted tree ensemble, shared by the trainer (to score held-out data) and by
 * serving. All trees live in a few flat typed arrays, so scoring one case walks memory without
 * allocating.
 */

/**
 * One tree in pre-order. Node k is a leaf when `feature[k]` is -1. Internal nodes send
 * `x[feature] <= threshold` left. `value` is set on every node: for a leaf its output, for an
 * internal node the training-row-weighted mean of its leaves' outputs, which is what path
 * (Saabas) attributions take differences of.
 */
export interface SerializedTree {
  readonly feature: number[];
  readonly threshold: number[];
  readonly left: number[];
  readonly right: number[];
  readonly value: number[];
}

/**
 * All trees' nodes in shared typed arrays. Nodes are in pre-order, so an internal node's left
 * child is always the next node and only the right child needs storing: one load fewer per step
 * on the walk, which is a chain of dependent loads. (A padded, branch-free layout was measured and
 * was slower in V8: every case then walks the full depth of every tree.)
 */
export class TreeEnsemble {
  private readonly feature: Int32Array;
  private readonly threshold: Float64Array;
  private readonly right: Int32Array;
  private readonly value: Float64Array;
  private readonly roots: Int32Array;
  /**
   * The raw score before any feature is known: init plus every root's mean output. Path
   * contributions of a case add up to (raw score − baseValue).
   */
  readonly baseValue: number;

  constructor(
    readonly initScore: number,
    trees: readonly SerializedTree[],
    readonly featureCount: number,
  ) {
    let total = 0;
    for (const t of trees) total += t.feature.length;
    this.feature = new Int32Array(total);
    this.threshold = new Float64Array(total);
    this.right = new Int32Array(total);
    this.value = new Float64Array(total);
    this.roots = new Int32Array(trees.length);
    let offset = 0;
    let base = initScore;
    trees.forEach((t, ti) => {
      const n = t.feature.length;
      if (n === 0 || t.threshold.length !== n || t.left.length !== n || t.right.length !== n || t.value.length !== n) {
        throw new Error(`tree ${ti}: node arrays must be non-empty and of equal length`);
      }
      this.roots[ti] = offset;
      for (let k = 0; k < n; k++) {
        const f = t.feature[k];
        if (f >= 0) {
          if (f >= featureCount) throw new Error(`tree ${ti} node ${k}: feature ${f} out of range`);
          // Pre-order with the right child after the left one; this also rules out cycles.
          if (t.left[k] !== k + 1 || !(t.right[k] > k + 1 && t.right[k] < n)) throw new Error(`tree ${ti} node ${k}: bad child index`);
          this.right[offset + k] = offset + t.right[k];
        } else this.right[offset + k] = -1;
        this.feature[offset + k] = f < 0 ? -1 : f;
        this.threshold[offset + k] = t.threshold[k];
        this.value[offset + k] = t.value[k];
      }
      base += t.value[0];
      offset += n;
    });
    this.baseValue = base;
  }

  get treeCount(): number {
    return this.roots.length;
  }

  /** Log-odds before calibration. */
  predictRaw(x: ArrayLike<number>): number {
    const feature = this.feature;
    const threshold = this.threshold;
    const right = this.right;
    let sum = this.initScore;
    for (let t = 0; t < this.roots.length; t++) {
      let k = this.roots[t];
      let f = feature[k];
      while (f >= 0) {
        k = x[f] <= threshold[k] ? k + 1 : right[k];
        f = feature[k];
      }
      sum += this.value[k];
    }
    return sum;
  }

  /**
   * Saabas path attribution: each split on a case's path credits its feature with the change in
   * node value it causes. Writes per-feature contributions into `out` and returns the raw score,
   * which equals `baseValue + Σ out` up to rounding.
   */
  contributions(x: ArrayLike<number>, out: Float64Array): number {
    out.fill(0);
    const feature = this.feature;
    const threshold = this.threshold;
    const right = this.right;
    const value = this.value;
    let sum = this.initScore;
    for (let t = 0; t < this.roots.length; t++) {
      let k = this.roots[t];
      let f = feature[k];
      while (f >= 0) {
        const child = x[f] <= threshold[k] ? k + 1 : right[k];
        out[f] += value[child] - value[k];
        k = child;
        f = feature[k];
      }
      sum += value[k];
    }
    return sum;
  }
}
