import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { COMPLAINT_CATEGORIES, type ComplaintCategory } from '@clearpath/contracts';
import { repoPath } from '@clearpath/platform';
import { ComplaintClassifier, type LabelledComplaint } from '../src/triage/complaint.classifier';
import { LABELLED_SET_PATH, loadLabelledSet } from '../src/triage/labelled-set';

/**
 * Stratified k-fold cross-validation of the complaint classifier on the hand-written labelled set,
 * and the report (CLASSIFIER_REPORT.md) rendered from it. Folds are assigned by position within
 * each category (i-th example of a category → fold i mod k): deterministic, no random seed, and
 * every fold holds every category and both languages. A unit test re-renders the report and
 * compares it with the file, so the figures cannot drift from the data or the code.
 *
 *   npx tsc -b tsconfig.build.json && node dist/services/complaints/tools/evaluate-classifier.js
 */
export const FOLDS = 5;
export const REPORT_PATH = 'services/complaints/CLASSIFIER_REPORT.md';

export interface Prediction {
  readonly index: number;
  readonly actual: ComplaintCategory;
  readonly predicted: ComplaintCategory;
  readonly confidence: number;
  readonly lang: string;
  readonly note?: string;
}

export interface Evaluation {
  readonly examples: number;
  readonly folds: number;
  readonly predictions: readonly Prediction[];
  /** confusion[actual][predicted] */
  readonly confusion: Record<ComplaintCategory, Record<ComplaintCategory, number>>;
  readonly perCategory: Record<ComplaintCategory, { support: number; precision: number; recall: number; f1: number }>;
  readonly accuracy: number;
  readonly macroF1: number;
  readonly byLanguage: Record<string, { n: number; accuracy: number }>;
  /** Accuracy among predictions at or above each confidence threshold, and how many there are. */
  readonly byConfidence: ReadonlyArray<{ threshold: number; n: number; accuracy: number }>;
}

export function foldOf(rows: readonly LabelledComplaint[], folds: number): number[] {
  const seen = new Map<ComplaintCategory, number>();
  return rows.map((r) => {
    const i = seen.get(r.category) ?? 0;
    seen.set(r.category, i + 1);
    return i % folds;
  });
}

export function evaluate(rows: readonly LabelledComplaint[], folds = FOLDS): Evaluation {
  const fold = foldOf(rows, folds);
  const predictions: Prediction[] = [];
  for (let k = 0; k < folds; k++) {
    const model = ComplaintClassifier.train(rows.filter((_, i) => fold[i] !== k));
    rows.forEach((r, i) => {
      if (fold[i] !== k) return;
      const s = model.suggest(r.text);
      predictions.push({
        index: i,
        actual: r.category,
        predicted: s.category,
        confidence: s.confidence,
        lang: r.lang ?? 'unknown',
        ...(r.note ? { note: r.note } : {}),
      });
    });
  }
  predictions.sort((a, b) => a.index - b.index);
  const zero = () => Object.fromEntries(COMPLAINT_CATEGORIES.map((c) => [c, 0])) as Record<ComplaintCategory, number>;
  const confusion = Object.fromEntries(COMPLAINT_CATEGORIES.map((c) => [c, zero()])) as Evaluation['confusion'];
  for (const p of predictions) confusion[p.actual][p.predicted]++;
  const perCategory = {} as Evaluation['perCategory'];
  for (const c of COMPLAINT_CATEGORIES) {
    const tp = confusion[c][c];
    const support = COMPLAINT_CATEGORIES.reduce((n, p) => n + confusion[c][p], 0);
    const predicted = COMPLAINT_CATEGORIES.reduce((n, a) => n + confusion[a][c], 0);
    const precision = predicted === 0 ? 0 : tp / predicted;
    const recall = support === 0 ? 0 : tp / support;
    perCategory[c] = { support, precision, recall, f1: precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall) };
  }
  const correct = (ps: readonly Prediction[]) => ps.filter((p) => p.actual === p.predicted).length;
  const byLanguage: Evaluation['byLanguage'] = {};
  for (const lang of [...new Set(predictions.map((p) => p.lang))].sort()) {
    const ps = predictions.filter((p) => p.lang === lang);
    byLanguage[lang] = { n: ps.length, accuracy: correct(ps) / ps.length };
  }
  const byConfidence = [0, 0.5, 0.8, 0.95].map((threshold) => {
    const ps = predictions.filter((p) => p.confidence >= threshold);
    return { threshold, n: ps.length, accuracy: ps.length === 0 ? 0 : correct(ps) / ps.length };
  });
  return {
    examples: rows.length,
    folds,
    predictions,
    confusion,
    perCategory,
    accuracy: correct(predictions) / predictions.length,
    macroF1: COMPLAINT_CATEGORIES.reduce((s, c) => s + perCategory[c].f1, 0) / COMPLAINT_CATEGORIES.length,
    byLanguage,
    byConfidence,
  };
}

const pct = (x: number) => `${(x * 100).toFixed(1)} %`;
const SHORT: Record<ComplaintCategory, string> = {
  HARASSMENT: 'HAR',
  THIRD_PARTY_CONTACT: 'TPC',
  PRIVACY: 'PRI',
  WRONG_AMOUNT: 'AMT',
  HARDSHIP: 'HSH',
  FEES: 'FEE',
  OTHER: 'OTH',
};

export function renderReport(e: Evaluation, rows: readonly LabelledComplaint[]): string {
  const lines: string[] = [];
  const full = ComplaintClassifier.train(rows);
  lines.push(
    '# Complaint classifier report',
    '',
    '<!-- Generated by services/complaints/tools/evaluate-classifier.ts; checked by tools/classifier-report.spec.ts. Do not edit by hand. -->',
    '',
    "The triage step suggests a category for a complaint's free text (Chinese or English) with a confidence;",
    'staff confirm or override it (`POST /v1/complaints/{id}/triage`). Severity is a separate, explainable rule',
    '(`src/triage/complaint-severity.rules.ts`), not part of this evaluation.',
    '',
    '## Model',
    '',
    '- Multinomial naive Bayes (additive smoothing α = 0.5, priors from class frequencies + 1).',
    '- Features (`src/triage/complaint-text.tokenizer.ts`): Han character unigrams and bigrams (no word segmenter',
    '  needed), lower-cased English words with a light suffix strip, English word bigrams, `#num` for numbers,',
    '  `#currency` for ¥ $ £ €, and 16 bilingual *concept* tokens (`@family`, `@workplace`, `@threat`, `@fee`...)',
    '  from a small hand-written lexicon, each counted 3 times, so Chinese and English examples teach each other.',
    '- Why: the labelled set, not a hand-tuned word list, sets the weights; NB is the classic strong baseline for',
    '  short texts with a few hundred examples; it trains by counting, in milliseconds at boot, so there is no',
    '  artifact to ship and training is exactly reproducible.',
    `- In service it is trained on all ${rows.length} examples (${full.vocabularySize} distinct features).`,
    '',
    '## Data',
    '',
    `\`${LABELLED_SET_PATH}\`: ${rows.length} synthetic, hand-written complaints (see \`data/README.md\`),`,
    `${COMPLAINT_CATEGORIES.map((c) => `${c} ${e.perCategory[c].support}`).join(', ')};`,
    `languages: ${Object.entries(e.byLanguage)
      .map(([l, v]) => `${l} ${v.n}`)
      .join(', ')}. ${rows.filter((r) => r.note).length} are marked as hard or ambiguous cases.`,
    '',
    '## Method',
    '',
    `Stratified ${e.folds}-fold cross-validation: the i-th example of each category goes to fold i mod ${e.folds};`,
    `each fold is predicted by a model trained on the other ${e.folds - 1}. Every example is predicted exactly once,`,
    'by a model that never saw it.',
    '',
    '### How the design was chosen (read before trusting the figures)',
    '',
    'The design was iterated on these same folds, so the figures below are optimistic:',
    '',
    '| iteration | accuracy | macro-F1 |',
    '| --- | ---: | ---: |',
    '| words + Han unigrams/bigrams only | 53.0 % | 52.0 % |',
    '| + concept tokens, weight 1 | 67.7 % | 67.5 % |',
    '| + concept tokens, weight 2 | 75.9 % | 75.8 % |',
    '| + concept tokens, weight 3 (kept) | 79.3 % | 79.3 % |',
    '| + concept tokens, weight 5 | 81.0 % | 80.8 % |',
    '',
    'Binary (per-document) token counts and dropping Han unigrams were also tried on the first design and did not',
    'help (52.6 %, 51.7 %). Weight 3 was kept rather than 5 to limit fitting to the folds. The lexicon was written',
    "from domain knowledge (COMPLIANCE.md's conduct rules, the contact channels) but after seeing the first errors.",
    'Only a new, unseen labelled set can give an unbiased figure; this table says how much was tuned.',
    '',
    '## Results',
    '',
    `Accuracy ${pct(e.accuracy)}, macro-F1 ${pct(e.macroF1)} over ${e.predictions.length} held-out predictions.`,
    '',
    '| category | support | precision | recall | F1 |',
    '| --- | ---: | ---: | ---: | ---: |',
    ...COMPLAINT_CATEGORIES.map(
      (c) => `| ${c} | ${e.perCategory[c].support} | ${pct(e.perCategory[c].precision)} | ${pct(e.perCategory[c].recall)} | ${pct(e.perCategory[c].f1)} |`,
    ),
    '',
    '### Confusion matrix (rows: labelled category, columns: predicted)',
    '',
    `| labelled \\ predicted | ${COMPLAINT_CATEGORIES.map((c) => SHORT[c]).join(' | ')} |`,
    `| --- | ${COMPLAINT_CATEGORIES.map(() => '---:').join(' | ')} |`,
    ...COMPLAINT_CATEGORIES.map(
      (a) => `| ${a} | ${COMPLAINT_CATEGORIES.map((p) => (a === p ? `**${e.confusion[a][p]}**` : String(e.confusion[a][p]))).join(' | ')} |`,
    ),
    '',
    `(${COMPLAINT_CATEGORIES.map((c) => `${SHORT[c]} = ${c}`).join(', ')})`,
    '',
    '### By language',
    '',
    '| language | n | accuracy |',
    '| --- | ---: | ---: |',
    ...Object.entries(e.byLanguage).map(([l, v]) => `| ${l} | ${v.n} | ${pct(v.accuracy)} |`),
    '',
    '### By confidence',
    '',
    'Naive Bayes probabilities are overconfident; read the confidence as a ranking. Among the held-out predictions:',
    '',
    '| confidence ≥ | n | accuracy |',
    '| ---: | ---: | ---: |',
    ...e.byConfidence.map((b) => `| ${b.threshold.toFixed(2)} | ${b.n} | ${pct(b.accuracy)} |`),
    '',
    '### Errors',
    '',
    '| # | labelled | predicted | confidence | language | note |',
    '| ---: | --- | --- | ---: | --- | --- |',
    ...e.predictions
      .filter((p) => p.actual !== p.predicted)
      .map((p) => `| ${p.index + 1} | ${p.actual} | ${p.predicted} | ${p.confidence.toFixed(2)} | ${p.lang} | ${p.note ?? ''} |`),
    '',
    '(# = line in the labelled set.)',
    '',
    '## Limits and how it is used',
    '',
    '- The set is small, synthetic and written by one person; held-out figures on it overstate what real',
    '  complaints will show. Real, consented, de-identified complaints labelled by two reviewers are the next step.',
    "- Categories overlap by nature (a collector calling a debtor's employer *and* threatening; a contact list",
    '  scraped (privacy) and then called (third-party contact)). The suggestion is never final: the category in',
    "  force is the intake's when given, and staff override it in triage; the override is kept in the history.",
    "- The category that matters most for the debtor's protection is conduct (HARASSMENT, THIRD_PARTY_CONTACT,",
    '  PRIVACY → all contact stops). Confusions among those three still stop all contact; a conduct complaint',
    '  predicted as a money category only stops voice and field visits until staff triage it.',
    '',
  );
  return lines.join('\n');
}

if (require.main === module) {
  const rows = loadLabelledSet();
  const evaluation = evaluate(rows);
  // Next to the labelled set's folder in the source tree (the data is not copied into dist/).
  const path = join(dirname(dirname(repoPath(LABELLED_SET_PATH))), 'CLASSIFIER_REPORT.md');
  writeFileSync(path, renderReport(evaluation, rows));
  console.log(`wrote ${path}: accuracy ${pct(evaluation.accuracy)}, macro-F1 ${pct(evaluation.macroF1)}`);
}
