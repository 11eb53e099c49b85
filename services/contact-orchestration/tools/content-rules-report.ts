import { readFileSync, writeFileSync } from 'node:fs';
import { z } from 'zod';
import { repoPath } from '@clearpath/platform';
import { JURISDICTIONS, LOCALES } from '@clearpath/contracts';
import { CHANNELS } from '../src/compliance/channel';
import { CONTENT_RULES, checkContent } from '../src/compliance/content.rules';

/**
 * How well the content rules (src/compliance/content.rules.ts) tell forbidden messages from
 * ordinary ones, on the labelled corpus in `data/`: per part (dev, held-out), per language, per
 * rule id. Writes CONTENT_RULES_REPORT.md; a unit test (content-rules-report.spec.ts) re-renders it
 * from the current data and code and fails if the file drifted.
 *
 * - A message is *blocked* when checkContent returns any forbidden `content-*` violation (required
 *   lines are not part of this measure: the corpus is about what a message says).
 * - A forbidden message is *caught for its rule* when its label's rule id fires.
 * - Per rule: precision = messages labelled R on which R fires / messages on which R fires;
 *   recall = messages labelled R on which R fires / messages labelled R.
 *
 * The dev part is what the rules were written and tuned against; the held-out part was not read
 * while writing them (only this script reads it), so its figures are the honest ones.
 *
 *   npx tsc -b tsconfig.build.json && node dist/services/contact-orchestration/tools/content-rules-report.js
 */
export const REPORT_PATH = 'services/contact-orchestration/CONTENT_RULES_REPORT.md';
export const CORPUS_PARTS = [
  { part: 'dev', path: 'services/contact-orchestration/data/content-corpus.dev.jsonl' },
  { part: 'held-out', path: 'services/contact-orchestration/data/content-corpus.held-out.jsonl' },
] as const;
export type Part = (typeof CORPUS_PARTS)[number]['part'];
export type Language = 'zh' | 'en';
const LANGUAGES: readonly Language[] = ['zh', 'en'];

/** The issue's "done when", on the held-out part, per language. */
export const GOALS = { blockedForbidden: 0.98, blockedOrdinary: 0.01 } as const;

const FORBIDDEN_IDS = CONTENT_RULES.filter((r) => r.kind === 'forbidden' && r.ruleId.startsWith('content-')).map((r) => r.ruleId);

const rowSchema = z.object({
  id: z.string().min(1),
  locale: z.enum(LOCALES),
  channel: z.enum(CHANNELS),
  jurisdiction: z.enum(JURISDICTIONS),
  label: z.union([z.literal('ok'), z.enum(FORBIDDEN_IDS as [string, ...string[]])]),
  kind: z.string().min(1),
  evasion: z.string().nullable(),
  text: z.string().min(1),
});
export type CorpusRow = z.infer<typeof rowSchema>;

/** One part of the corpus, checked line by line; a bad line stops the run naming it. */
export function loadCorpus(path: string): CorpusRow[] {
  return readFileSync(repoPath(path), 'utf8')
    .split('\n')
    .map((line, i) => ({ line: line.trim(), n: i + 1 }))
    .filter(({ line }) => line !== '')
    .map(({ line, n }) => {
      const parsed = rowSchema.safeParse(JSON.parse(line));
      if (!parsed.success) throw new Error(`${path}:${n}: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
      return parsed.data;
    });
}

export const languageOf = (row: CorpusRow): Language => (row.locale === 'zh-CN' ? 'zh' : 'en');

export interface Outcome {
  readonly row: CorpusRow;
  /** Forbidden content-* rule ids that fired, in rule order. */
  readonly fired: readonly string[];
}

export interface Rate {
  readonly n: number;
  readonly of: number;
}

export interface LanguageFigures {
  readonly blockedForbidden: Rate;
  readonly caughtForRule: Rate;
  readonly blockedOrdinary: Rate;
}

export interface RuleFigures {
  readonly ruleId: string;
  readonly language: Language;
  readonly labelled: number;
  readonly fired: number;
  readonly caught: number;
}

export interface PartEvaluation {
  readonly part: Part;
  readonly outcomes: readonly Outcome[];
  readonly byLanguage: Readonly<Record<Language, LanguageFigures>>;
  readonly byRule: readonly RuleFigures[];
  /** Recall of forbidden messages (blocked at all) by kind and by evasion class. */
  readonly byKind: ReadonlyArray<{ readonly key: string; readonly blocked: Rate }>;
  readonly byEvasion: ReadonlyArray<{ readonly key: string; readonly blocked: Rate }>;
}

export function outcomeOf(row: CorpusRow): Outcome {
  const { violations } = checkContent(row.text, { locale: row.locale, jurisdiction: row.jurisdiction, channel: row.channel });
  const fired = [...new Set(violations.filter((v) => v.kind === 'forbidden' && v.ruleId.startsWith('content-')).map((v) => v.ruleId))];
  return { row, fired };
}

const rate = (xs: readonly Outcome[], test: (o: Outcome) => boolean): Rate => ({ n: xs.filter(test).length, of: xs.length });
const isForbidden = (o: Outcome): boolean => o.row.label !== 'ok';

export function evaluatePart(part: Part, rows: readonly CorpusRow[]): PartEvaluation {
  const outcomes = rows.map(outcomeOf);
  const byLanguage = Object.fromEntries(
    LANGUAGES.map((lang) => {
      const mine = outcomes.filter((o) => languageOf(o.row) === lang);
      const forbidden = mine.filter(isForbidden);
      const ordinary = mine.filter((o) => !isForbidden(o));
      return [
        lang,
        {
          blockedForbidden: rate(forbidden, (o) => o.fired.length > 0),
          caughtForRule: rate(forbidden, (o) => o.fired.includes(o.row.label)),
          blockedOrdinary: rate(ordinary, (o) => o.fired.length > 0),
        },
      ];
    }),
  ) as Record<Language, LanguageFigures>;
  const byRule = FORBIDDEN_IDS.flatMap((ruleId) =>
    LANGUAGES.map((language) => {
      const mine = outcomes.filter((o) => languageOf(o.row) === language);
      return {
        ruleId,
        language,
        labelled: mine.filter((o) => o.row.label === ruleId).length,
        fired: mine.filter((o) => o.fired.includes(ruleId)).length,
        caught: mine.filter((o) => o.row.label === ruleId && o.fired.includes(ruleId)).length,
      };
    }),
  );
  const forbidden = outcomes.filter(isForbidden);
  const groups = (key: (o: Outcome) => string): Array<{ key: string; blocked: Rate }> =>
    [...new Set(forbidden.map(key))].sort().map((k) => ({
      key: k,
      blocked: rate(
        forbidden.filter((o) => key(o) === k),
        (o) => o.fired.length > 0,
      ),
    }));
  return { part, outcomes, byLanguage, byRule, byKind: groups((o) => o.row.kind), byEvasion: groups((o) => o.row.evasion ?? '(none)') };
}

export function evaluateAll(): PartEvaluation[] {
  return CORPUS_PARTS.map(({ part, path }) => evaluatePart(part, loadCorpus(path)));
}

const pct = (r: Rate): string => (r.of === 0 ? 'n/a' : `${((100 * r.n) / r.of).toFixed(1)} %`);
const ratio = (n: number, of: number): string => (of === 0 ? 'n/a' : `${((100 * n) / of).toFixed(1)} %`);
const frac = (r: Rate): string => `${r.n}/${r.of}`;

/** Whether a part meets the goals, per language. */
export function meetsGoals(e: PartEvaluation, lang: Language): boolean {
  const f = e.byLanguage[lang];
  return f.blockedForbidden.n >= GOALS.blockedForbidden * f.blockedForbidden.of && f.blockedOrdinary.n <= GOALS.blockedOrdinary * f.blockedOrdinary.of;
}

/** The summary table: what the script prints, and the top of the report. */
export function summaryTable(parts: readonly PartEvaluation[]): string[] {
  return [
    '| part | language | forbidden blocked | forbidden caught by their rule | ordinary blocked | goal met |',
    '| --- | --- | ---: | ---: | ---: | --- |',
    ...parts.flatMap((e) =>
      LANGUAGES.map((lang) => {
        const f = e.byLanguage[lang];
        return `| ${e.part} | ${lang} | ${pct(f.blockedForbidden)} (${frac(f.blockedForbidden)}) | ${pct(f.caughtForRule)} (${frac(f.caughtForRule)}) | ${pct(f.blockedOrdinary)} (${frac(f.blockedOrdinary)}) | ${meetsGoals(e, lang) ? 'yes' : 'no'} |`;
      }),
    ),
  ];
}

function partSection(e: PartEvaluation): string[] {
  const misses = e.outcomes.filter((o) => isForbidden(o) && o.fired.length === 0);
  const wrongRule = e.outcomes.filter((o) => isForbidden(o) && o.fired.length > 0 && !o.fired.includes(o.row.label));
  const falseBlocks = e.outcomes.filter((o) => !isForbidden(o) && o.fired.length > 0);
  const list = (xs: readonly Outcome[], line: (o: Outcome) => string): string[] => (xs.length === 0 ? ['None.'] : xs.map((o) => `- ${line(o)}`));
  return [
    `## ${e.part}`,
    '',
    '### Per rule and language',
    '',
    '| rule id | language | labelled | fired | caught | precision | recall |',
    '| --- | --- | ---: | ---: | ---: | ---: | ---: |',
    ...e.byRule.map(
      (r) => `| \`${r.ruleId}\` | ${r.language} | ${r.labelled} | ${r.fired} | ${r.caught} | ${ratio(r.caught, r.fired)} | ${ratio(r.caught, r.labelled)} |`,
    ),
    '',
    '### Forbidden messages blocked, by kind and by evasion class',
    '',
    '| kind | blocked |',
    '| --- | ---: |',
    ...e.byKind.map((k) => `| ${k.key} | ${pct(k.blocked)} (${frac(k.blocked)}) |`),
    '',
    '| evasion | blocked |',
    '| --- | ---: |',
    ...e.byEvasion.map((k) => `| ${k.key} | ${pct(k.blocked)} (${frac(k.blocked)}) |`),
    '',
    '### Misses (forbidden, not blocked)',
    '',
    ...list(misses, (o) => `\`${o.row.id}\` ${o.row.label} (${o.row.kind}${o.row.evasion === null ? '' : `, ${o.row.evasion}`})`),
    '',
    '### Blocked under another rule only',
    '',
    ...list(wrongRule, (o) => `\`${o.row.id}\` ${o.row.label}: fired ${o.fired.join(', ')}`),
    '',
    '### False blocks (ordinary, blocked)',
    '',
    ...list(falseBlocks, (o) => `\`${o.row.id}\` (${o.row.kind}): fired ${o.fired.join(', ')}`),
    '',
  ];
}

export function renderReport(parts: readonly PartEvaluation[]): string {
  return [
    '# Content rules report',
    '',
    '<!-- Generated by services/contact-orchestration/tools/content-rules-report.ts; checked by tools/content-rules-report.spec.ts. Do not edit by hand. -->',
    '',
    "How well the guard's content rules (`src/compliance/content.rules.ts`: one normalisation pipeline,",
    'pattern families by meaning, allow-patterns for the legitimate forms) tell forbidden messages from ordinary',
    'ones, on the labelled corpus in `data/` (JSON lines: id, locale, channel, jurisdiction, label = `ok` or a',
    '`content-*` rule id, kind, evasion, text).',
    '',
    '- A message is **blocked** when `checkContent` returns any forbidden `content-*` violation; a forbidden',
    "  message is **caught for its rule** when its label's rule id fires.",
    '- Per rule: precision = labelled R and R fired / R fired; recall = labelled R and R fired / labelled R.',
    "  A message may fire more than one rule (a threat with a deadline), so a rule's precision counts those",
    '  messages against it even though they are blocked rightly.',
    '- **dev** is the part the rules were written and tuned against: its figures are optimistic by',
    '  construction. It holds the first 516 messages (the first held-out third among them, folded in',
    '  once its misses had been read) and a second set of 260 written blind by authors who never saw',
    '  the rules, folded in after one measurement (zh 80.0 % blocked / 13.8 % ordinary blocked, en',
    '  92.3 % / 16.9 %).',
    '- **held-out** (390 messages, a third of the corpus) was written blind the same way, by other',
    '  authors, and measured once with the rules as they stand; nothing was tuned against it. Its',
    '  misses are listed for whoever next writes a blind set; tuning against them would spend it.',
    `- Goals (the issue\'s "done when"), per language: held-out ≥ ${GOALS.blockedForbidden * 100} % of forbidden messages blocked and`,
    `  ≤ ${GOALS.blockedOrdinary * 100} % of ordinary messages blocked; 100 % / 0 % on dev.`,
    '',
    '## Summary',
    '',
    ...summaryTable(parts),
    '',
    ...parts.flatMap(partSection),
  ].join('\n');
}

if (require.main === module) {
  const parts = evaluateAll();
  const path = repoPath(REPORT_PATH.replace(/CONTENT_RULES_REPORT\.md$/, 'package.json')).replace(/package\.json$/, 'CONTENT_RULES_REPORT.md');
  writeFileSync(path, renderReport(parts));
  // The summary only: the held-out misses are in the file, for whoever did not write the rules.
  console.log(`wrote ${path}\n${summaryTable(parts).join('\n')}`);
}
