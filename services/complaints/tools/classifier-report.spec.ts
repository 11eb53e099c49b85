import { readFileSync } from 'node:fs';
import { COMPLAINT_CATEGORIES } from '@clearpath/contracts';
import { repoPath } from '@clearpath/platform';
import { loadLabelledSet } from '../src/triage/labelled-set';
import { FOLDS, REPORT_PATH, evaluate, foldOf, renderReport } from './evaluate-classifier';

describe('classifier report', () => {
  const rows = loadLabelledSet();
  const evaluation = evaluate(rows);

  it('is exactly what the evaluation of the current data and code renders (re-run tools/evaluate-classifier.ts if not)', () => {
    expect(readFileSync(repoPath(REPORT_PATH), 'utf8')).toBe(renderReport(evaluation, rows));
  });

  it('evaluates every example once, with every category and both languages in every fold', () => {
    expect(rows.length).toBeGreaterThanOrEqual(200);
    expect(evaluation.predictions.map((p) => p.index)).toEqual(rows.map((_, i) => i));
    const folds = foldOf(rows, FOLDS);
    for (let k = 0; k < FOLDS; k++) {
      const inFold = rows.filter((_, i) => folds[i] === k);
      expect(new Set(inFold.map((r) => r.category)).size).toBe(COMPLAINT_CATEGORIES.length);
      expect(new Set(inFold.map((r) => r.lang))).toEqual(new Set(['zh', 'en']).add(inFold.some((r) => r.lang === 'mixed') ? 'mixed' : 'zh'));
    }
  });

  it('has figures that agree with each other (confusion matrix ↔ precision, recall, accuracy)', () => {
    let correct = 0;
    for (const c of COMPLAINT_CATEGORIES) {
      correct += evaluation.confusion[c][c];
      const row = COMPLAINT_CATEGORIES.reduce((n, p) => n + evaluation.confusion[c][p], 0);
      expect(row).toBe(rows.filter((r) => r.category === c).length);
      expect(evaluation.perCategory[c].recall).toBeCloseTo(evaluation.confusion[c][c] / row, 10);
    }
    expect(evaluation.accuracy).toBeCloseTo(correct / rows.length, 10);
  });

  it('does much better than the majority-class baseline', () => {
    const majority = Math.max(...COMPLAINT_CATEGORIES.map((c) => rows.filter((r) => r.category === c).length)) / rows.length;
    expect(evaluation.accuracy).toBeGreaterThan(majority * 3);
  });
});
