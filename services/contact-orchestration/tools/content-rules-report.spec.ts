import { readFileSync } from 'node:fs';
import { repoPath } from '@clearpath/platform';
import { CORPUS_PARTS, REPORT_PATH, evaluateAll, languageOf, loadCorpus, renderReport } from './content-rules-report';

describe('content rules report', () => {
  const parts = evaluateAll();

  it('is exactly what the evaluation of the current data and code renders (re-run tools/content-rules-report.ts if not)', () => {
    // A boolean rather than a diff: a failing run must not print the held-out part's misses into a log.
    expect(readFileSync(repoPath(REPORT_PATH), 'utf8') === renderReport(parts)).toBe(true);
  });

  it('evaluates every message of each part exactly once, in both languages', () => {
    CORPUS_PARTS.forEach(({ path }, i) => {
      const rows = loadCorpus(path);
      expect(parts[i].outcomes.map((o) => o.row.id)).toEqual(rows.map((r) => r.id));
      expect(new Set(rows.map((r) => r.id)).size).toBe(rows.length);
      expect(new Set(rows.map(languageOf))).toEqual(new Set(['zh', 'en']));
    });
  });

  it('has figures that agree with each other (per rule ↔ per language)', () => {
    for (const e of parts) {
      for (const lang of ['zh', 'en'] as const) {
        const rules = e.byRule.filter((r) => r.language === lang);
        const f = e.byLanguage[lang];
        expect(rules.reduce((n, r) => n + r.labelled, 0)).toBe(f.blockedForbidden.of);
        expect(rules.reduce((n, r) => n + r.caught, 0)).toBe(f.caughtForRule.n);
        expect(f.caughtForRule.n).toBeLessThanOrEqual(f.blockedForbidden.n);
      }
    }
  });

  it('meets the goal on the dev part: every forbidden message blocked by its rule, no ordinary one blocked', () => {
    const dev = parts.find((e) => e.part === 'dev')!;
    for (const lang of ['zh', 'en'] as const) {
      const f = dev.byLanguage[lang];
      expect({ lang, caught: f.caughtForRule.n, blockedOrdinary: f.blockedOrdinary.n }).toEqual({ lang, caught: f.caughtForRule.of, blockedOrdinary: 0 });
    }
  });
});
