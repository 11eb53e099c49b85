import { COMPLAINT_CATEGORIES, type ComplaintCategory } from '@clearpath/contracts';
import { tokenize } from './complaint-text.tokenizer';

export interface LabelledComplaint {
  readonly text: string;
  readonly category: ComplaintCategory;
  readonly lang?: string;
  readonly note?: string;
}

export interface CategorySuggestion {
  readonly category: ComplaintCategory;
  /** The posterior probability of the suggested category, 0..1 (naive Bayes is overconfident: read it as a ranking). */
  readonly confidence: number;
  /** The other likely categories, best first. */
  readonly alternatives: ReadonlyArray<{ readonly category: ComplaintCategory; readonly probability: number }>;
}

/** Additive smoothing: 0.5 rather than Laplace's 1, since the vocabulary (char bigrams) is large and the set small. */
const ALPHA = 0.5;

/**
 * Multinomial naive Bayes over the tokenizer's features. Chosen over a weighted lexicon because the
 * labelled set, not a hand-tuned word list, then decides the weights (and can be re-evaluated when
 * it grows), and over a discriminative model because with ~250 examples NB is the classic strong
 * baseline for short texts, trains in milliseconds at boot and is fully deterministic (counting).
 */
export class ComplaintClassifier {
  private constructor(
    private readonly logPrior: ReadonlyMap<ComplaintCategory, number>,
    private readonly logLikelihood: ReadonlyMap<ComplaintCategory, ReadonlyMap<string, number>>,
    private readonly logUnseen: ReadonlyMap<ComplaintCategory, number>,
    readonly trainedOn: number,
    readonly vocabularySize: number,
  ) {}

  static train(examples: readonly LabelledComplaint[]): ComplaintClassifier {
    const docCounts = new Map<ComplaintCategory, number>();
    const tokenCounts = new Map<ComplaintCategory, Map<string, number>>();
    const totals = new Map<ComplaintCategory, number>();
    const vocabulary = new Set<string>();
    for (const c of COMPLAINT_CATEGORIES) {
      docCounts.set(c, 0);
      tokenCounts.set(c, new Map());
      totals.set(c, 0);
    }
    for (const example of examples) {
      docCounts.set(example.category, docCounts.get(example.category)! + 1);
      const counts = tokenCounts.get(example.category)!;
      for (const token of tokenize(example.text)) {
        counts.set(token, (counts.get(token) ?? 0) + 1);
        totals.set(example.category, totals.get(example.category)! + 1);
        vocabulary.add(token);
      }
    }
    const v = vocabulary.size;
    const logPrior = new Map<ComplaintCategory, number>();
    const logLikelihood = new Map<ComplaintCategory, Map<string, number>>();
    const logUnseen = new Map<ComplaintCategory, number>();
    for (const c of COMPLAINT_CATEGORIES) {
      // A category with no examples keeps a small prior instead of −∞, so it is never impossible.
      logPrior.set(c, Math.log((docCounts.get(c)! + 1) / (examples.length + COMPLAINT_CATEGORIES.length)));
      const denominator = totals.get(c)! + ALPHA * v;
      const table = new Map<string, number>();
      for (const [token, n] of tokenCounts.get(c)!) table.set(token, Math.log((n + ALPHA) / denominator));
      logLikelihood.set(c, table);
      logUnseen.set(c, Math.log(ALPHA / denominator));
    }
    return new ComplaintClassifier(logPrior, logLikelihood, logUnseen, examples.length, v);
  }

  suggest(text: string): CategorySuggestion {
    // Tokens never seen in training say nothing about any category; counting them would only add
    // the same penalty to all of them unevenly (via the per-category denominators).
    const tokens = tokenize(text).filter((t) => COMPLAINT_CATEGORIES.some((c) => this.logLikelihood.get(c)!.has(t)));
    const scores = COMPLAINT_CATEGORIES.map((c) => {
      const table = this.logLikelihood.get(c)!;
      const unseen = this.logUnseen.get(c)!;
      let s = this.logPrior.get(c)!;
      for (const t of tokens) s += table.get(t) ?? unseen;
      return { category: c, score: s };
    });
    const max = Math.max(...scores.map((s) => s.score));
    const z = scores.reduce((sum, s) => sum + Math.exp(s.score - max), 0);
    const ranked = scores
      .map((s) => ({ category: s.category, probability: Math.exp(s.score - max) / z }))
      .sort((a, b) => b.probability - a.probability || COMPLAINT_CATEGORIES.indexOf(a.category) - COMPLAINT_CATEGORIES.indexOf(b.category));
    if (tokens.length === 0) {
      // Nothing recognisable (another language, a greeting): say so rather than guess from the prior.
      return { category: 'OTHER', confidence: 0, alternatives: [] };
    }
    return {
      category: ranked[0].category,
      confidence: round4(ranked[0].probability),
      alternatives: ranked.slice(1, 3).map((r) => ({ category: r.category, probability: round4(r.probability) })),
    };
  }
}

function round4(x: number): number {
  return Math.round(x * 10_000) / 10_000;
}
