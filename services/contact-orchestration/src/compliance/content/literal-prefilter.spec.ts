import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { CONTENT_RULES } from '../content.rules';
import { AtomIndex, requiredClauses } from './literal-prefilter';
import { Prefilter } from './phrase-matcher';
import { pinyinPattern } from './pinyin-phrases';
import { normalizeMessage } from './text-normalizer';

const EN = { spaceIsSingle: true, lowerCase: true };
const ZH = { spaceIsSingle: false, lowerCase: false };

describe('requiredClauses', () => {
  it.each([
    ['\\bwe\\s+know\\s+where\\s+(?:you|your family)\\s+(?:live|lives)\\b', [['we know where you']]],
    ['\\bmissed\\s+(?:delivery|parcel)\\b', [['missed delivery', 'missed parcel']]],
    ['(?:弄死|整死)(?:你|您)', [['弄死你', '弄死您', '整死你', '整死您']]],
    // Two parts a gap apart: both are needed.
    ['\\b(?:warrant)\\b[^.]{0,20}\\b(?:arrest|jail)\\b', [['warrant'], ['arrest', 'jail']]],
    // Nothing usable: an optional word, a class, a back-reference.
    ['\\b(?:a|an)?\\s*\\d+\\b', []],
    ['([a-z])\\1', []],
  ])('%s needs %j', (source, clauses) => {
    expect(requiredClauses(source, source.includes('弄') ? ZH : EN).map((c) => [...c].sort())).toEqual(clauses.map((c) => [...c].sort()));
  });

  it('cuts long atoms to a prefix, which is as necessary', () => {
    expect(requiredClauses('\\bwarrant for your arrest\\b', { spaceIsSingle: false, lowerCase: true })).toEqual([['warrant for your']]);
  });
});

describe('AtomIndex', () => {
  it('finds every atom in one pass, overlapping ones included', () => {
    const index = new AtomIndex(['he', 'she', 'his', 'hers', '老赖']);
    const found = new Int32Array(5);
    const scan = (text: string): number[] => [...found.slice(0, index.scan(text, found))].sort();
    expect(scan('ushers 老赖')).toEqual([0, 1, 3, 4]);
    expect(scan('nothing here')).toEqual([0]);
  });
});

/** Every expression the rules run, with the view it runs over. */
function allExpressions(): Array<{ source: string; zh: boolean }> {
  const out: Array<{ source: string; zh: boolean }> = [];
  for (const rule of CONTENT_RULES) {
    const phrases = [
      rule.patterns,
      ...(rule.families ?? []).map((f) => f.patterns),
      ...(rule.contradictions ?? []).flatMap((c) => [c.patterns, ...(c.onlyWith ? [c.onlyWith] : [])]),
    ];
    for (const p of phrases) {
      for (const source of p.en) out.push({ source, zh: false });
      // Literal zh phrases are regular expressions too once escaped; these are plain text already.
      for (const source of p.zh) out.push({ source, zh: true });
    }
    for (const a of rule.allow ?? []) for (const source of [...a.patterns.en, ...a.patterns.zh]) out.push({ source, zh: false });
    for (const phrase of rule.patterns.zh) {
      const source = pinyinPattern(phrase);
      if (source !== null) out.push({ source, zh: false });
    }
  }
  return out;
}

describe('the prefilter never drops an expression that matches (filtered and unfiltered matching agree)', () => {
  const expressions = allExpressions();
  const en = new Prefilter(EN);
  const zh = new Prefilter(ZH);
  const compiled = expressions.map((e) => ({ ...e, re: new RegExp(e.source, e.zh ? '' : 'i'), id: (e.zh ? zh : en).register(e.source) }));

  const disagreements = (text: string): string[] => {
    const msg = normalizeMessage(text);
    const views = [msg.en, msg.deob, ...(msg.deobAlt === null ? [] : [msg.deobAlt])];
    const out: string[] = [];
    const zhCandidates = zh.scan(msg.zh);
    for (const view of views) {
      const enCandidates = en.scan(view);
      for (const c of compiled) {
        const viewText = c.zh ? msg.zh : view;
        if (c.re.test(viewText) && (c.zh ? zhCandidates : enCandidates)[c.id] !== 1) out.push(`${c.source} on "${viewText}"`);
      }
    }
    return out;
  };

  it('on the dev corpus and the shipped templates', () => {
    const dev = readFileSync(join(__dirname, '..', '..', '..', 'data', 'content-corpus.dev.jsonl'), 'utf8')
      .split('\n')
      .filter((l) => l.trim() !== '')
      .map((l) => (JSON.parse(l) as { text: string }).text);
    const folder = join(__dirname, '..', '..', '..', 'templates');
    const templates = readdirSync(folder)
      .filter((f) => f.endsWith('.json'))
      .flatMap((f) =>
        Object.values(
          (JSON.parse(readFileSync(join(folder, f), 'utf8')) as { locales: Record<string, { subject?: string; body: string | string[] }> }).locales,
        ),
      )
      .map((l) => `${l.subject ?? ''}\n${([] as string[]).concat(l.body).join('\n')}`);
    expect([...dev, ...templates].flatMap(disagreements)).toEqual([]);
  });

  it('on texts made of the words the rules look for (property)', () => {
    const words = fc.constantFrom(
      'we',
      'will',
      'know',
      'where',
      'you',
      'live',
      'your',
      'employer',
      'family',
      'pay',
      'within',
      '24',
      'hours',
      'or',
      'personal',
      'account',
      'my',
      'warrant',
      'arrest',
      'not',
      'never',
      'a',
      'debt',
      'collector',
      'opt',
      'out',
      'stop',
      'reply',
      'd3ad',
      'beat',
      's.c.u.m',
      'lao lai',
      '老赖',
      '后果自负',
      '不会',
      '通知',
      '单位',
      '转账到',
      '个人账户',
      '，',
      '。',
      '!',
      '?',
      "'ll",
      'regret',
      'it',
    );
    fc.assert(
      fc.property(fc.array(words, { maxLength: 14 }), fc.constantFrom(' ', '', '  '), (parts, sep) => {
        expect(disagreements(parts.join(sep))).toEqual([]);
      }),
      { numRuns: 150 },
    );
  });
});
