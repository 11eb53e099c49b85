/**
 * In-process scoring: probability that a customer does not pay next month, with reasons. One
 * instance holds the parsed artifact and its scratch buffers, so scoring a case allocates only
 * its result (and the reason texts). Not re-entrant, which is fine: scoring is synchronous and
 * Node runs it on one thread.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type PdModelArtifact, parseArtifact } from './artifact';
import { applyPlatt, type PlattCalibration } from './calibration';
import {
  FEATURE_COUNT,
  FEATURE_NAMES,
  type RepaymentHistory,
  type ServingScoringInput,
  emptyRepaymentHistory,
  fillFromServingInput,
  toFeatureVector,
} from './feature-mapping';
import { type LogisticModel, logisticContributions } from './logistic.model';
import { parseMinorUnits } from './minor-units';
import { type ExplainOptions, REASON_GROUPS, type Reason, rankReasons } from './reason-codes';
import { TreeEnsemble } from './tree-ensemble';

/** The artifact serving uses unless told otherwise. Built by tools/train.ts. */
export const CURRENT_MODEL_VERSION = 1;
export const DEFAULT_ARTIFACT_PATH = join(__dirname, 'artifacts', `pd-model.v${CURRENT_MODEL_VERSION}.json`);

export interface PdScore {
  /** Calibrated probability of not paying next month. */
  readonly probability: number;
  /** Uncalibrated log-odds; reasons' contributions are on this scale. */
  readonly rawScore: number;
  readonly reasons: Reason[];
  readonly modelVersion: number;
  /** Months of history the score saw (0-6); fewer than 6 means the rest were read as "no activity". */
  readonly historyMonths: number;
}

export interface ScoringInput extends ServingScoringInput {
  /** ISO 4217 code of every amount in the input. */
  readonly currency: string;
}

export interface PdModelOptions {
  /**
   * A typical (median) credit limit per currency the service scores, as decimal strings, e.g.
   * `{ CNY: '20000.00' }`: the model uses a limit's size relative to its book, not its face value.
   * The training currency's (TWD) is in the artifact.
   */
  readonly referenceCreditLimits?: Readonly<Record<string, string>>;
}

export interface Explanation {
  readonly baseValue: number;
  readonly rawScore: number;
  /** Per feature, in `FEATURE_NAMES` order. */
  readonly contributions: Float64Array;
}

export class PdModelError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PdModelError';
  }
}

export class PdModel {
  readonly modelVersion: number;
  readonly featureNames: readonly string[] = FEATURE_NAMES;
  private readonly ensemble: TreeEnsemble;
  private readonly calibration: PlattCalibration;
  private readonly challenger: LogisticModel;
  private readonly referenceLimits = new Map<string, number>();
  private readonly history = emptyRepaymentHistory();
  private readonly vector = new Float64Array(FEATURE_COUNT);
  private readonly contributions = new Float64Array(FEATURE_COUNT);
  private readonly groups = new Float64Array(REASON_GROUPS.length);

  private constructor(
    readonly artifact: PdModelArtifact,
    options: PdModelOptions,
  ) {
    this.modelVersion = artifact.modelVersion;
    this.ensemble = new TreeEnsemble(artifact.model.initScore, artifact.model.trees, FEATURE_COUNT);
    this.calibration = artifact.calibration;
    this.challenger = artifact.challenger;
    const limits: Record<string, string> = {
      [artifact.referenceCreditLimit.currency]: artifact.referenceCreditLimit.amount,
      ...options.referenceCreditLimits,
    };
    for (const [currency, amount] of Object.entries(limits)) {
      const minor = parseMinorUnits(amount);
      if (!(minor > 0)) throw new PdModelError(`reference credit limit for ${currency} must be positive`);
      this.referenceLimits.set(currency, minor);
    }
  }

  static fromArtifact(json: unknown, options: PdModelOptions = {}): PdModel {
    return new PdModel(parseArtifact(json), options);
  }

  static load(path: string = DEFAULT_ARTIFACT_PATH, options: PdModelOptions = {}): PdModel {
    return PdModel.fromArtifact(JSON.parse(readFileSync(path, 'utf8')), options);
  }

  get currencies(): string[] {
    return [...this.referenceLimits.keys()];
  }

  /** Scores the inbound contract's fields (`creditLimit`, `history`, `currency`). */
  score(input: ScoringInput, options?: ExplainOptions): PdScore {
    const reference = this.referenceLimits.get(input.currency);
    if (reference === undefined) {
      throw new PdModelError(`no reference credit limit configured for ${input.currency}; configure referenceCreditLimits`);
    }
    return this.scoreHistory(fillFromServingInput(input, reference, this.history), options);
  }

  /** `options.top = 0` skips the reasons (and their allocations) when only the probability is needed. */
  scoreHistory(history: RepaymentHistory, options?: ExplainOptions): PdScore {
    const x = toFeatureVector(history, this.vector);
    const wantReasons = (options?.top ?? 3) > 0;
    const raw = wantReasons ? this.ensemble.contributions(x, this.contributions) : this.ensemble.predictRaw(x);
    return {
      probability: applyPlatt(this.calibration, raw),
      rawScore: raw,
      reasons: wantReasons ? rankReasons(x, this.contributions, this.groups, options) : [],
      modelVersion: this.modelVersion,
      historyMonths: history.monthCount,
    };
  }

  /** Calibrated probability for a feature vector. */
  probability(vector: ArrayLike<number>): number {
    return applyPlatt(this.calibration, this.ensemble.predictRaw(vector));
  }

  rawScore(vector: ArrayLike<number>): number {
    return this.ensemble.predictRaw(vector);
  }

  /** Top reasons for a feature vector, from the trees' path contributions. */
  explain(vector: ArrayLike<number>, options?: ExplainOptions): Reason[] {
    this.ensemble.contributions(vector, this.contributions);
    return rankReasons(vector, this.contributions, this.groups, options);
  }

  /** All per-feature contributions with the base value, for audits (allocates). */
  explainFully(vector: ArrayLike<number>): Explanation {
    const contributions = new Float64Array(FEATURE_COUNT);
    const rawScore = this.ensemble.contributions(vector, contributions);
    return { baseValue: this.ensemble.baseValue, rawScore, contributions };
  }

  /** The logistic challenger stored alongside, for comparison and monitoring; not the served score. */
  challengerExplanation(vector: ArrayLike<number>): Explanation {
    const contributions = new Float64Array(FEATURE_COUNT);
    const baseValue = logisticContributions(this.challenger, vector, contributions);
    let rawScore = baseValue;
    for (let f = 0; f < FEATURE_COUNT; f++) rawScore += contributions[f];
    return { baseValue, rawScore, contributions };
  }
}
