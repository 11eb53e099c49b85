/**
 * Trains the propensity-to-pay model and writes its artifact and MODEL_REPORT.md.
 *
 *   npx tsc -p services/risk-scoring/tools/tsconfig.json
 *   node dist/risk-scoring-tools/services/risk-scoring/tools/train.js [--model-version N] [--force]
 *
 * Steps: stratified 80/20 held-out split (fixed seed); 5-fold CV of the booster on the 80 % to
 * pick the tree count and to get out-of-fold scores for Platt calibration; final fit on the whole
 * 80 %; the logistic challenger on the same rows; then both are scored once on the 20 %, the
 * booster through the artifact as written (reloaded by PdModel), so the report describes the
 * file that ships. Same data and seed → byte-identical artifact.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { ARTIFACT_SCHEMA, type PdModelArtifact } from '../src/model/artifact';
import { applyPlatt, fitPlatt } from '../src/model/calibration';
import { UCI_CURRENCY, UCI_REFERENCE_LIMIT } from '../src/model/credit-default-csv';
import { FEATURES, FEATURE_COUNT, FEATURE_MAPPING_VERSION, FEATURE_NAMES } from '../src/model/feature-mapping';
import { DEFAULT_GBDT_PARAMS, type GbdtParams, trainGbdt } from '../src/model/gbdt.trainer';
import { type LogisticModel, predictLogisticRaw } from '../src/model/logistic.model';
import { type LogisticParams, trainLogistic } from '../src/model/logistic.trainer';
import { type CalibrationBin, auc, brier, calibrationTable, expectedCalibrationError, ks, logLoss, sigmoid } from '../src/model/metrics';
import { CURRENT_MODEL_VERSION, PdModel } from '../src/model/pd-model';
import { CV_FOLDS, DATA_FILE, FOLD_SEED, SPLIT_SEED, TEST_SHARE, crossValidate, loadData, repoRoot, subset } from './training-data';
import { TUNING_RESULTS_FILE, type TuningResult } from './tune';

/**
 * Chosen by 5-fold CV on the training 80 % only (tools/tune.ts; the grid and its results are in
 * MODEL_REPORT.md). `trees` is the ceiling CV cuts back from.
 */
export const GBDT_PARAMS: GbdtParams = {
  trees: 400,
  learningRate: 0.03,
  maxDepth: 6,
  minLeafSize: 400,
  minChildHessian: 1,
  l2: 1,
  minSplitGain: 0,
  subsample: 0.8,
  featureFraction: 0.5,
  maxBins: 64,
  seed: 7,
};
export const LOGISTIC_PARAMS: LogisticParams = { l2: 1, maxIterations: 50 };

interface Evaluation {
  readonly auc: number;
  readonly ks: number;
  readonly brier: number;
  readonly logLoss: number;
  readonly ece: number;
  readonly deciles: CalibrationBin[];
}

function evaluate(probabilities: number[], labels: number[]): Evaluation {
  const deciles = calibrationTable(probabilities, labels, 10);
  return {
    auc: auc(probabilities, labels),
    ks: ks(probabilities, labels),
    brier: brier(probabilities, labels),
    logLoss: logLoss(probabilities, labels),
    ece: expectedCalibrationError(deciles),
    deciles,
  };
}

function args(argv: string[]): { version: number; force: boolean } {
  let version = CURRENT_MODEL_VERSION;
  let force = false;
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--model-version') version = Number(argv[++i]);
    else if (argv[i] === '--force') force = true;
    else throw new Error(`unknown argument ${argv[i]}; use --model-version N and/or --force`);
  }
  if (!Number.isInteger(version) || version < 1) throw new Error('--model-version must be a positive integer');
  return { version, force };
}

const r4 = (v: number): number => Number(v.toFixed(4));
const f4 = (v: number): string => v.toFixed(4);
const f3 = (v: number): string => v.toFixed(3);

function main(): void {
  const { version, force } = args(process.argv.slice(2));
  const log = (line: string): void => void process.stdout.write(`${line}\n`);
  const root = repoRoot();
  const started = Date.now();

  const data = loadData(root);
  const positives = data.labels.reduce((s, y) => s + y, 0);
  log(`data: ${data.records.length} rows, ${positives} defaults, sha256 ${data.sha256}`);
  log(`split: ${data.trainRows.length} train / ${data.testRows.length} held out`);

  log(`cross-validating the booster (${CV_FOLDS} folds, up to ${GBDT_PARAMS.trees} trees)`);
  const cv = crossValidate(data, GBDT_PARAMS, log);
  log(`  best: ${cv.bestTrees} trees, OOF log loss ${f4(cv.bestLogLoss)}, mean fold AUC ${f4(cv.meanFoldAuc)}`);
  const calibration = fitPlatt(cv.oofRaw, cv.oofLabels);
  log(`  Platt on OOF: a=${f4(calibration.a)} b=${f4(calibration.b)}`);
  const oofRawProb = Array.from(cv.oofRaw, sigmoid);
  const oofCalProb = Array.from(cv.oofRaw, (z) => applyPlatt(calibration, z));
  const oofLabels = Array.from(cv.oofLabels);

  const train = subset(data, data.trainRows);
  const finalStarted = Date.now();
  const booster = trainGbdt(train, { ...GBDT_PARAMS, trees: cv.bestTrees });
  log(`final booster: ${booster.trees.length} trees in ${((Date.now() - finalStarted) / 1000).toFixed(1)} s`);
  const statusFeatures = FEATURES.flatMap((f, i) => (f.kind === 'status' ? [i] : []));
  const challenger: LogisticModel = trainLogistic(train, statusFeatures, LOGISTIC_PARAMS);
  log(`logistic challenger: ${challenger.columns.length} columns`);

  const testLabels = data.testRows.map((r) => data.labels[r]);
  const artifact: PdModelArtifact = {
    schema: ARTIFACT_SCHEMA,
    modelVersion: version,
    target: 'probability that the customer does not pay next month (UCI "default payment next month" = 1)',
    featureMappingVersion: FEATURE_MAPPING_VERSION,
    features: [...FEATURE_NAMES],
    referenceCreditLimit: { currency: UCI_CURRENCY, amount: UCI_REFERENCE_LIMIT },
    model: { kind: 'gbdt-logistic', initScore: booster.initScore, trees: booster.trees },
    calibration,
    challenger: { kind: 'logistic', intercept: challenger.intercept, columns: [...challenger.columns] },
    training: {
      dataset: 'UCI Default of Credit Card Clients (id 350, doi:10.24432/C55S3H), 24,000-row stratified sample',
      dataFile: DATA_FILE,
      dataSha256: data.sha256,
      rows: data.records.length,
      positives,
      split: { kind: 'stratified', testShare: TEST_SHARE, seed: SPLIT_SEED, trainRows: data.trainRows.length, testRows: data.testRows.length },
      crossValidation: { folds: CV_FOLDS, seed: FOLD_SEED, bestTrees: cv.bestTrees, oofLogLoss: r4(cv.bestLogLoss), meanFoldAuc: r4(cv.meanFoldAuc) },
      gbdtParams: { ...GBDT_PARAMS, trees: cv.bestTrees },
      logisticParams: LOGISTIC_PARAMS,
      calibration: 'Platt scaling fitted on out-of-fold raw scores of the CV boosters',
      excludedAttributes: ['SEX', 'EDUCATION', 'MARRIAGE', 'AGE'],
    },
  };

  // Serialise, reload, and evaluate what was written, not the in-memory model.
  const json = `${JSON.stringify(artifact)}\n`;
  const artifactPath = join(root, 'services/risk-scoring/src/model/artifacts', `pd-model.v${version}.json`);
  const model = PdModel.fromArtifact(JSON.parse(json));
  const rawProb = data.testRows.map((r) => sigmoid(model.rawScore(data.vectors[r])));
  const calProb = data.testRows.map((r) => model.probability(data.vectors[r]));
  const lrProb = data.testRows.map((r) => sigmoid(predictLogisticRaw(challenger, data.vectors[r])));
  const heldOut = { model: evaluate(calProb, testLabels), modelUncalibrated: evaluate(rawProb, testLabels), baseline: evaluate(lrProb, testLabels) };
  const trainAuc = auc(
    data.trainRows.map((r) => model.rawScore(data.vectors[r])),
    data.trainRows.map((r) => data.labels[r]),
  );
  artifact.training.heldOut = {
    model: { auc: r4(heldOut.model.auc), ks: r4(heldOut.model.ks), brier: r4(heldOut.model.brier), logLoss: r4(heldOut.model.logLoss) },
    baseline: { auc: r4(heldOut.baseline.auc), ks: r4(heldOut.baseline.ks), brier: r4(heldOut.baseline.brier), logLoss: r4(heldOut.baseline.logLoss) },
  };
  const finalJson = `${JSON.stringify(artifact)}\n`;
  if (existsSync(artifactPath) && readFileSync(artifactPath, 'utf8') !== finalJson && !force) {
    throw new Error(`${relative(root, artifactPath)} exists and differs; bump --model-version or pass --force`);
  }
  mkdirSync(dirname(artifactPath), { recursive: true });
  writeFileSync(artifactPath, finalJson);
  log(`wrote ${relative(root, artifactPath)} (${(finalJson.length / 1024).toFixed(0)} KiB)`);

  // Mean |contribution| on held-out cases: how much each feature moves scores, per the model itself.
  const meanAbs = new Float64Array(FEATURE_COUNT);
  const meanAbsLr = new Float64Array(FEATURE_COUNT);
  for (const r of data.testRows) {
    const e = model.explainFully(data.vectors[r]);
    const l = model.challengerExplanation(data.vectors[r]);
    for (let f = 0; f < FEATURE_COUNT; f++) {
      meanAbs[f] += Math.abs(e.contributions[f]) / data.testRows.length;
      meanAbsLr[f] += Math.abs(l.contributions[f]) / data.testRows.length;
    }
  }

  // Fairness audit: protected attributes are not inputs; check the scores still behave per group.
  const groups: { name: string; pick: (a: (typeof data.records)[number]['audit']) => boolean }[] = [
    { name: 'SEX = 1 (male)', pick: (a) => a.sex === 1 },
    { name: 'SEX = 2 (female)', pick: (a) => a.sex === 2 },
    { name: 'AGE < 30', pick: (a) => a.age < 30 },
    { name: 'AGE 30–44', pick: (a) => a.age >= 30 && a.age < 45 },
    { name: 'AGE ≥ 45', pick: (a) => a.age >= 45 },
    { name: 'MARRIAGE = 1 (married)', pick: (a) => a.marriage === 1 },
    { name: 'MARRIAGE = 2 (single)', pick: (a) => a.marriage === 2 },
    { name: 'EDUCATION = 1 (graduate)', pick: (a) => a.education === 1 },
    { name: 'EDUCATION = 2 (university)', pick: (a) => a.education === 2 },
    { name: 'EDUCATION = 3 (high school)', pick: (a) => a.education === 3 },
  ];
  const fairness = groups.map((g) => {
    const idx = data.testRows.map((r, i) => (g.pick(data.records[r].audit) ? i : -1)).filter((i) => i >= 0);
    const y = idx.map((i) => testLabels[i]);
    const p = idx.map((i) => calProb[i]);
    return {
      name: g.name,
      n: idx.length,
      observed: y.reduce((s, v) => s + v, 0) / idx.length,
      predicted: p.reduce((s, v) => s + v, 0) / idx.length,
      auc: auc(p, y),
    };
  });

  const examples = [0.9, 0.5, 0.1].map((q) => {
    const order = data.testRows.map((_, i) => i).sort((a, b) => calProb[a] - calProb[b] || a - b);
    const i = order[Math.floor(q * (order.length - 1))];
    const r = data.testRows[i];
    return { id: data.records[r].id, defaulted: testLabels[i], score: model.scoreHistory(data.records[r].history, { top: 3 }) };
  });

  const report = renderReport({
    version,
    artifactFile: relative(join(root, 'services/risk-scoring'), artifactPath),
    artifactKiB: finalJson.length / 1024,
    data: { sha256: data.sha256, rows: data.records.length, positives, train: data.trainRows.length, test: data.testRows.length },
    cv,
    calibration,
    oof: { raw: evaluate(oofRawProb, oofLabels), calibrated: evaluate(oofCalProb, oofLabels) },
    heldOut,
    trainAuc,
    trees: booster.trees.length,
    lrColumns: challenger.columns.length,
    meanAbs,
    meanAbsLr,
    fairness,
    examples,
    tuning: existsSync(join(root, TUNING_RESULTS_FILE)) ? (JSON.parse(readFileSync(join(root, TUNING_RESULTS_FILE), 'utf8')) as TuningResult[]) : undefined,
    seconds: (Date.now() - started) / 1000,
  });
  writeFileSync(join(root, 'services/risk-scoring/MODEL_REPORT.md'), report);
  log('wrote services/risk-scoring/MODEL_REPORT.md');
  log(
    `held-out  model: AUC ${f4(heldOut.model.auc)} KS ${f4(heldOut.model.ks)} Brier ${f4(heldOut.model.brier)} | ` +
      `baseline: AUC ${f4(heldOut.baseline.auc)} KS ${f4(heldOut.baseline.ks)} Brier ${f4(heldOut.baseline.brier)}`,
  );
}

interface ReportInput {
  version: number;
  artifactFile: string;
  artifactKiB: number;
  data: { sha256: string; rows: number; positives: number; train: number; test: number };
  cv: ReturnType<typeof crossValidate>;
  calibration: { a: number; b: number };
  oof: { raw: Evaluation; calibrated: Evaluation };
  heldOut: { model: Evaluation; modelUncalibrated: Evaluation; baseline: Evaluation };
  trainAuc: number;
  trees: number;
  lrColumns: number;
  meanAbs: Float64Array;
  meanAbsLr: Float64Array;
  fairness: { name: string; n: number; observed: number; predicted: number; auc: number }[];
  examples: { id: number; defaulted: number; score: ReturnType<PdModel['scoreHistory']> }[];
  tuning: TuningResult[] | undefined;
  seconds: number;
}

type FairnessRow = ReportInput['fairness'][number];

const signed = (v: number, digits = 3): string => `${v >= 0 ? '+' : '−'}${Math.abs(v).toFixed(digits)}`;

function gapZ(g: FairnessRow): number {
  return (g.predicted - g.observed) / Math.sqrt((g.observed * (1 - g.observed)) / g.n);
}

function fairnessFinding(rows: FairnessRow[]): string {
  const flagged = rows.filter((g) => Math.abs(gapZ(g)) >= 2);
  if (flagged.length === 0) return "No group's mean prediction is off its observed rate by two standard errors or more.";
  const list = flagged.map((g) => `${g.name} (${gapZ(g) > 0 ? 'over' : 'under'}-predicted by ${Math.abs(g.predicted - g.observed).toFixed(3)})`).join('; ');
  return (
    `Gaps of two standard errors or more: ${list}. With ${rows.length} groups checked one such gap can be chance, ` +
    'but a systematic one would mean a proxy: the credit limit and utilisation features correlate with age and marital ' +
    'status, so the model can carry part of their effect without seeing them.'
  );
}

function decileTable(e: Evaluation): string {
  const rows = e.deciles.map(
    (d, i) =>
      `| ${i + 1} | ${d.count} | ${f3(d.minProbability)}–${f3(d.maxProbability)} | ${f3(d.meanPredicted)} | ${f3(d.observedRate)} | ${(d.meanPredicted - d.observedRate >= 0 ? '+' : '') + f3(d.meanPredicted - d.observedRate)} |`,
  );
  return [
    '| decile | cases | predicted range | mean predicted | observed default rate | predicted − observed |',
    '| --- | --- | --- | --- | --- | --- |',
    ...rows,
  ].join('\n');
}

function topFeatures(meanAbs: Float64Array, n: number): string {
  return Array.from(meanAbs, (v, f) => ({ v, f }))
    .sort((a, b) => b.v - a.v)
    .slice(0, n)
    .map(({ v, f }) => `| \`${FEATURE_NAMES[f]}\` | ${FEATURES[f].group} | ${f3(v)} |`)
    .join('\n');
}

function renderReport(x: ReportInput): string {
  const m = x.heldOut.model;
  const u = x.heldOut.modelUncalibrated;
  const b = x.heldOut.baseline;
  const metricRow = (name: string, e: Evaluation): string => `| ${name} | ${f4(e.auc)} | ${f4(e.ks)} | ${f4(e.brier)} | ${f4(e.logLoss)} | ${f4(e.ece)} |`;
  const goal = m.auc >= 0.785 ? 'met' : 'not met';
  return `# Risk-scoring model report — pd-model v${x.version}

Generated by \`tools/train.ts\` (${x.seconds.toFixed(0)} s on this machine). Re-running it on the same data
reproduces the artifact byte for byte. Do not edit by hand; change the tool and re-run it.

**What it predicts:** the probability that a customer does **not** pay next month
(UCI "default payment next month" = 1), from at most six months of repayment history and the credit
limit. **Artifact:** \`${x.artifactFile}\` (${x.artifactKiB.toFixed(0)} KiB): ${x.trees} boosted trees,
Platt calibration, and the logistic challenger's coefficients.

## Held-out results (${x.data.test} cases, never used for fitting, tuning or calibration)

| model | AUC | KS | Brier | log loss | ECE (deciles) |
| --- | --- | --- | --- | --- | --- |
${metricRow('**gradient-boosted trees, Platt-calibrated (served)**', m)}
${metricRow('gradient-boosted trees, uncalibrated', u)}
${metricRow('logistic regression challenger (one-hot statuses)', b)}

Goal was held-out AUC ≥ 0.785 with calibrated probabilities: **${goal} on this split** (AUC ${f4(m.auc)}). Read it
with the cross-validation on the training part: mean AUC ${f4(x.cv.meanFoldAuc)}, folds ${x.cv.foldAucs.map(f3).join(', ')}.
One 3,840–4,800-row evaluation set moves AUC by about ±0.01, so ${m.auc > x.cv.meanFoldAuc ? 'this held-out split is a favourable draw and ' : ''}the
CV mean (${f3(x.cv.meanFoldAuc)}) is the better expectation for new data of this kind; differences of ~0.01 between models
are within that noise. The booster's lead over the challenger (${f3(m.auc - b.auc)} AUC here) is of that size too.
Training-set AUC of the final booster is ${f4(x.trainAuc)}.

Reference points on this data (data/README.md, 5-fold CV, scikit-learn, *with* sex, education,
marriage and age as inputs, which this model does not use): logistic regression with one-hot
statuses 0.769 ± 0.007, HistGradientBoosting 0.782 ± 0.009, random forest 0.778 ± 0.009; published
gradient boosting on random splits 0.783. An AUC well above ~0.80 here would suggest leakage.

### Calibration by decile — boosted trees, calibrated (served)

${decileTable(m)}

### Calibration by decile — logistic challenger

${decileTable(b)}

### Calibration choice

Boosting on log loss is close to calibrated already; Platt scaling (\`p = sigmoid(a·raw + b)\`) was
fitted on the ${x.data.train} out-of-fold raw scores of the ${CV_FOLDS} CV boosters, giving a = ${f4(x.calibration.a)},
b = ${f4(x.calibration.b)}. It is strictly increasing, so it cannot change AUC or KS. Measured effect:

| scores | Brier | log loss | ECE |
| --- | --- | --- | --- |
| out-of-fold, raw | ${f4(x.oof.raw.brier)} | ${f4(x.oof.raw.logLoss)} | ${f4(x.oof.raw.ece)} |
| out-of-fold, Platt (in-sample for the 2 parameters) | ${f4(x.oof.calibrated.brier)} | ${f4(x.oof.calibrated.logLoss)} | ${f4(x.oof.calibrated.ece)} |
| held-out, raw | ${f4(u.brier)} | ${f4(u.logLoss)} | ${f4(u.ece)} |
| held-out, Platt | ${f4(m.brier)} | ${f4(m.logLoss)} | ${f4(m.ece)} |

## Method

- **Data:** \`data/credit-default-taiwan.csv\`, ${x.data.rows} rows, ${x.data.positives} defaults
  (${((100 * x.data.positives) / x.data.rows).toFixed(2)} %), sha256 \`${x.data.sha256}\` (provenance in data/README.md).
- **Split:** stratified by outcome, ${x.data.train} train / ${x.data.test} held out, seed ${SPLIT_SEED}. The data is one
  snapshot (no dates), so no out-of-time split is possible. 35 rows duplicate another row apart from ID, so a
  few duplicates may straddle the split; that is too few to move the metrics.
- **Features:** ${FEATURE_COUNT}, all from \`src/model/feature-mapping.ts\`, the module serving uses. Per month: the UCI repayment status
  (categorical: −2 nothing due, −1 paid on time, 0 minimum paid, 1–9 months late) and utilisation
  (bill ÷ limit); paid ÷ previous bill for five month pairs. Summaries: worst delay and number of delayed months (3 and
  6 months), months since the last delay, counts of on-time / nothing-due / minimum-only months, average and peak
  utilisation, utilisation slope, latest balance change, months since a statement was paid in full, statements
  with nothing paid, average payment ÷ limit, and log2(limit ÷ reference limit). No absolute amount is an input, because
  training is in 2005 NT$ and serving in CNY/USD/GBP; the limit enters only relative to a reference limit per currency
  (the training median, NT$140,000, for TWD; serving must configure one per currency).
- **Booster:** hand-written histogram gradient boosting (\`src/model/gbdt.trainer.ts\`; no maintained learner was
  available in node_modules): logistic loss, Newton leaf values, ≤ 64 quantile bins per feature, depth ≤ ${GBDT_PARAMS.maxDepth},
  ≥ ${GBDT_PARAMS.minLeafSize} rows per leaf, L2 ${GBDT_PARAMS.l2}, learning rate ${GBDT_PARAMS.learningRate}, ${GBDT_PARAMS.subsample * 100} % rows and
  ${GBDT_PARAMS.featureFraction * 100} % features per tree from a seeded PRNG (seed ${GBDT_PARAMS.seed}). Tree count ${x.trees}: the minimum of
  the mean out-of-fold log loss over ${CV_FOLDS} stratified folds (seed ${FOLD_SEED}) of the training part, searched up to ${GBDT_PARAMS.trees}.
- **Challenger:** L2-regularised logistic regression (λ = ${LOGISTIC_PARAMS.l2}, Newton/IRLS) on the same vector, statuses one-hot
  (levels −2, −1, 0, 1, 2, 3+), other features standardised: ${x.lrColumns} columns. Stored in the artifact for monitoring.
- **Hyper-parameters:** chosen by the 5-fold CV above on the training part only (\`tools/tune.ts\`); see "Tuning" below.

## Explanations and reason codes

Contributions come from the model itself. For the trees, Saabas path attribution: each split on a
case's path credits its feature with the change in the node's mean output, so base value + Σ
contributions = raw log-odds exactly (a unit test checks this). For the challenger, coef × (x − training mean).
Feature contributions are summed into eight reason groups and worded from the case's values in zh-CN
and en; only risk-raising reasons are returned by default. Saabas attributions are cheap (one path walk
per tree) but, unlike TreeSHAP, can over-credit features split near the leaves; for ranking three reasons
this has been adequate, and TreeSHAP can be substituted without changing the artifact's trees
(it would need node covers added).

Features that move scores most (mean |contribution| on held-out cases, log-odds):

| feature (boosted trees) | reason group | mean \\|contribution\\| |
| --- | --- | --- |
${topFeatures(x.meanAbs, 10)}

| feature (logistic challenger) | reason group | mean \\|contribution\\| |
| --- | --- | --- |
${topFeatures(x.meanAbsLr, 10)}

Examples (held-out cases at the 90th, 50th and 10th percentile of predicted risk):

${x.examples
  .map(
    (e) =>
      `- ID ${e.id} (defaulted: ${e.defaulted ? 'yes' : 'no'}), probability ${f3(e.score.probability)}:\n` +
      (e.score.reasons.length === 0
        ? '  - (no risk-raising reason)'
        : e.score.reasons.map((r) => `  - \`${r.code}\` +${f3(r.contribution)}: ${r.text.en} / ${r.text['zh-CN']}`).join('\n')),
  )
  .join('\n')}

## Fairness

Sex, marital status, age and education are **not** model inputs (fair-lending practice); the CSV reader keeps them
only for this audit. Excluding them does not guarantee the absence of proxies (e.g. credit limit may correlate with age),
so calibration and ranking per group on the held-out cases are checked:

| group | cases | observed default rate | mean predicted | predicted − observed | gap ÷ std. error | AUC |
| --- | --- | --- | --- | --- | --- | --- |
${x.fairness.map((g) => `| ${g.name} | ${g.n} | ${f3(g.observed)} | ${f3(g.predicted)} | ${signed(g.predicted - g.observed)} | ${signed(gapZ(g), 1)} | ${f3(g.auc)} |`).join('\n')}

The standard error is the binomial one of the observed rate, √(p(1 − p)/n); a gap beyond about ±2 of them is unlikely
to be chance. ${fairnessFinding(x.fairness)} Re-check on the lender's own data before use, and keep the audit in the
retraining pipeline.

## Limits

- Trained on one Taiwanese bank's card book from 2005 (UCI data set 350). Clearpath customers (cash loans, instalment
  loans, credit lines in CN, US, GB) differ; treat the probabilities as a ranking aid until recalibrated on
  Clearpath's own outcomes, and monitor the challenger against the booster.
- Serving histories shorter than six months are padded with "no activity" months (status −2, zero amounts), a state the
  training data has (no balance), but no training customer had a *short* history; \`historyMonths\` is returned with each
  score so callers can treat thin files separately.
- \`bureauScore\` is not used: the training data has no bureau score.
- The reference credit limit per currency is an assumption of portability (a customer at the lender's median limit is
  compared with one at the training bank's median).

## Tuning

\`tools/tune.ts\`: ${CV_FOLDS}-fold CV on the training part only (the held-out cases were never scored while tuning). Unlisted
parameters as served: 64 bins, 80 % row subsample, minimum child hessian 1, L2 1. Trees grown to 400 and cut at the
lowest mean out-of-fold log loss. The served configuration is the one with the lowest log loss. Differences of ±0.001 AUC
here are within noise.

${tuningTable(x.tuning)}
`;
}

function tuningTable(results: TuningResult[] | undefined): string {
  if (results === undefined) return `(no ${TUNING_RESULTS_FILE}; run tools/tune.ts)`;
  const tuned: (keyof GbdtParams)[] = ['maxDepth', 'minLeafSize', 'featureFraction', 'learningRate', 'l2'];
  const served = (point: TuningResult['params']): boolean => {
    const p = { ...DEFAULT_GBDT_PARAMS, ...point };
    return tuned.every((k) => p[k] === GBDT_PARAMS[k]);
  };
  return [
    '| depth | min leaf | features per tree | learning rate | L2 | best trees | OOF log loss | mean fold AUC |',
    '| --- | --- | --- | --- | --- | --- | --- | --- |',
    ...results.map((r) => {
      const p = { ...DEFAULT_GBDT_PARAMS, ...r.params };
      const mark = served(r.params) ? ' **(served)**' : '';
      return `| ${p.maxDepth} | ${p.minLeafSize} | ${p.featureFraction} | ${p.learningRate} | ${p.l2} | ${r.bestTrees} | ${r.oofLogLoss.toFixed(5)} | ${r.meanFoldAuc.toFixed(4)}${mark} |`;
    }),
  ].join('\n');
}

main();
