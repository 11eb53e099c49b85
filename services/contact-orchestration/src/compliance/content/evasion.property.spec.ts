import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import type { Jurisdiction, Locale } from '@clearpath/contracts';
import type { Channel } from '../channel';
import { checkContent } from '../content.rules';

interface Row {
  readonly id: string;
  readonly locale: Locale;
  readonly channel: Channel;
  readonly jurisdiction: Jurisdiction;
  readonly label: string;
  readonly text: string;
}

// The dev part only: the held-out part is read by tools/content-rules-report.ts alone.
const DEV = join(__dirname, '..', '..', '..', 'data', 'content-corpus.dev.jsonl');
const forbidden: readonly Row[] = readFileSync(DEV, 'utf8')
  .split('\n')
  .filter((line) => line.trim() !== '')
  .map((line) => JSON.parse(line) as Row)
  .filter((row) => row.label !== 'ok');

const blocked = (row: Row, text: string): boolean =>
  checkContent(text, { locale: row.locale, jurisdiction: row.jurisdiction, channel: row.channel }).violations.some(
    (v) => v.kind === 'forbidden' && v.ruleId.startsWith('content-'),
  );

const INVISIBLE = [
  '\u200B',
  '\u200C',
  '\u200D',
  '\u200E',
  '\u200F',
  '\u2060',
  '\u2061',
  '\u2062',
  '\u2063',
  '\u2064',
  '\u034F',
  '\u180E',
  '\uFE0F',
  '\u{E0100}',
  '\u00AD',
];
/**
 * Between the letters of every word. A space is left out here: with every word spelt out in spaces
 * ("w e k n o w w h e r e") the word boundaries are gone for any reader; it is tried on one word
 * at a time below.
 */
const SEPARATORS = ['.', '-', '_', '*', '·', '/'];

/** Full-width form of printable ASCII (U+FF01–U+FF5E), the space as the ideographic space. */
const fullWidth = (c: string): string => {
  const code = c.charCodeAt(0);
  if (code === 0x20) return '\u3000';
  return code > 0x20 && code < 0x7f ? String.fromCharCode(code + 0xfee0) : c;
};

/** Every word of three letters or more spelt out with `sep` (s.c.u.m, cr.1.m.1.n.a.l); Han characters spaced with `sep`. */
function separated(text: string, sep: string): string {
  return text
    .replace(/(?<![\p{L}\p{N}\p{Cf}\p{M}])[\p{L}\p{N}@$!\p{Cf}\p{M}]{3,}(?![\p{L}\p{N}\p{Cf}\p{M}])/gu, (word) =>
      /\p{Script=Han}/u.test(word) ? word : [...word].join(sep),
    )
    .replace(/\p{Script=Han}{2,}/gu, (run) => [...run].join(sep));
}

describe('evasions never let a forbidden dev-corpus message through (property)', () => {
  const row = fc.constantFrom(...forbidden);

  it('inserting invisible characters anywhere', () => {
    fc.assert(
      fc.property(row, fc.array(fc.tuple(fc.nat(), fc.constantFrom(...INVISIBLE)), { minLength: 1, maxLength: 12 }), (r, inserts) => {
        const chars = [...r.text];
        for (const [at, ch] of inserts) chars.splice(at % (chars.length + 1), 0, ch);
        expect({ id: r.id, blocked: blocked(r, chars.join('')) }).toEqual({ id: r.id, blocked: true });
      }),
      { numRuns: 400 },
    );
  });

  it('turning any characters into their full-width forms', () => {
    fc.assert(
      fc.property(row, fc.array(fc.boolean(), { minLength: 1, maxLength: 400 }), (r, mask) => {
        const text = [...r.text].map((c, i) => (mask[i % mask.length] ? fullWidth(c) : c)).join('');
        expect({ id: r.id, blocked: blocked(r, text) }).toEqual({ id: r.id, blocked: true });
      }),
      { numRuns: 400 },
    );
  });

  it('spelling words out with separators (s.c.u.m, 老 赖)', () => {
    fc.assert(
      fc.property(row, fc.constantFrom(...SEPARATORS), (r, sep) => {
        expect({ id: r.id, sep, blocked: blocked(r, separated(r.text, sep)) }).toEqual({ id: r.id, sep, blocked: true });
      }),
      { numRuns: 400 },
    );
  });

  it('spelling one word out with spaces (d e a d b e a t), Han characters with spaces', () => {
    fc.assert(
      fc.property(row, fc.nat(), (r, pick) => {
        const words = [
          ...r.text.matchAll(
            /(?<!(?:^|[^\p{L}\p{N}])[\p{L}\p{N}] |[\p{L}\p{N}\p{Cf}\p{M}@$!])[\p{Script=Latin}\p{Script=Cyrillic}\p{N}@$!\p{Cf}\p{M}]{4,}(?![\p{L}\p{N}\p{Cf}\p{M}]| [\p{L}\p{N}](?![\p{L}\p{N}]))/gu,
          ),
        ];
        const text =
          words.length === 0
            ? r.text.replace(/\p{Script=Han}{2,}/gu, (run) => [...run].join(' '))
            : (() => {
                const m = words[pick % words.length];
                return r.text.slice(0, m.index) + [...m[0]].join(' ') + r.text.slice(m.index! + m[0].length);
              })();
        expect({ id: r.id, text, blocked: blocked(r, text) }).toEqual({ id: r.id, text, blocked: true });
      }),
      { numRuns: 400 },
    );
  });

  it('all three at once', () => {
    fc.assert(
      fc.property(row, fc.constantFrom(...SEPARATORS), fc.constantFrom(...INVISIBLE), fc.boolean(), (r, sep, invisible, wide) => {
        let text = separated(r.text, sep);
        text = [...text].map((c, i) => (i % 7 === 3 ? `${c}${invisible}` : c)).join('');
        if (wide) text = [...text].map(fullWidth).join('');
        expect({ id: r.id, blocked: blocked(r, text) }).toEqual({ id: r.id, blocked: true });
      }),
      { numRuns: 300 },
    );
  });
});
