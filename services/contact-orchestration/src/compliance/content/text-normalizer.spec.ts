import fc from 'fast-check';
import { normalizeMessage, type ViewName } from './text-normalizer';

/** The original text behind the first occurrence of `needle` in a view. */
function quoted(text: string, view: ViewName, needle: string): string {
  const msg = normalizeMessage(text);
  const viewText = msg[view] ?? '';
  const at = viewText.indexOf(needle);
  if (at < 0) throw new Error(`"${needle}" not in ${view} view "${viewText}"`);
  const span = msg.span(view, at, at + needle.length);
  return text.slice(span.start, span.end);
}

describe('normalizeMessage', () => {
  // One case per evasion class: the view that reads it, and what it reads.
  it.each([
    ['full-width', 'ｄｅａｄｂｅａｔ', 'en', 'deadbeat'],
    ['full-width digits and letters', 'Pay within ２４ ｈｏｕｒｓ', 'en', 'pay within 24 hours'],
    ['invisible: zero-width space, joiners, word joiner, invisible operators', 'dead\u200Bbe\u200Dat\u2060 re\u2062gret', 'en', 'deadbeat regret'],
    [
      'invisible: combining grapheme joiner, Mongolian vowel separator, variation selectors',
      '坐\u034F牢 per\u180Esonal sc\uFE0Fum\u{E0100}',
      'en',
      '坐牢 personal scum',
    ],
    ['combining marks (Zalgo, accents)', 's\u0336c\u0336u\u0336m\u0336 fück', 'en', 'scum fuck'],
    ['confusable Cyrillic and Greek letters', 'dеаdbеаt ѕcum fοrever', 'en', 'deadbeat scum forever'],
    ['mathematical alphanumerics', '𝐝𝐞𝐚𝐝𝐛𝐞𝐚𝐭', 'en', 'deadbeat'],
    ['curly quotes and whitespace', 'YOU\u2019LL\n  REGRET IT', 'en', "you'll regret it"],
    ['separators between single letters', 's.c.u.m and d e a d b e a t and p-e-r-s-o-n-a-l', 'deob', 'scum and deadbeat and personal'],
    ['separators inside a word', 'dead-beat i_d_i_o_t', 'deob', 'deadbeat idiot'],
    ['digits for letters inside a word', 'd3adb3at l0ser cr1m1nal', 'deob', 'deadbeat loser criminal'],
    ['symbols for letters', '$cum sh!t ch@rges', 'deob', 'scum shit charges'],
    ['a letter held', 'stuuuupid', 'deob', 'stupid'],
    ['traditional Chinese', '後果自負，老賴', 'zh', '后果自负老赖'],
    ['Japanese forms outside GB 2312', '老頼 黒名単 売房', 'zh', '老赖黑名单卖房'],
    ['spaces and punctuation between Han characters', '老 赖 老-赖 老.赖 老*赖', 'zh', '老赖老赖老赖老赖'],
    ['Kangxi radicals and compatibility ideographs', '⼈渣 法院已⽴案', 'zh', '人渣法院已立案'],
    ['full-width Latin in Chinese', '加ＶＸ私下转', 'zh', '加VX私下转'],
  ] as const)('%s', (_, text, view, reads) => {
    expect(normalizeMessage(text)[view]).toBe(reads);
  });

  it('reads 1, ! and | as i and, in a second reading, as l', () => {
    const msg = normalizeMessage('we kn0w wh3re you l1ve, you l0s3r');
    expect(msg.deob).toBe('we know where you live, you loser');
    expect(msg.deobAlt).toBe('we know where you llve, you loser');
  });

  it('leaves ordinary text, numbers, links and addresses as written', () => {
    const text = 'Pay £120.00 by 1st Dec at https://pay.example.com/c/Q2xl0 or email help@example.com; 24/7 support, B2B.';
    const msg = normalizeMessage(text);
    expect(msg.deob).toBe(msg.en);
    expect(msg.deobAlt).toBeNull();
    expect(normalizeMessage('欠款¥1,280.00，请于3月15日前还款。').zh).toBe('欠款128000请于3月15日前还款');
  });

  it('does not take Chinese 欠 for Japanese 欠 (缺): only characters outside GB 2312 are read as Japanese', () => {
    expect(normalizeMessage('欠款已逾期').zh).toBe('欠款已逾期');
  });

  it('has no zh view for a message without Chinese characters', () => {
    expect(normalizeMessage('Hello').zh).toBe('');
  });

  describe('offsets into the original text', () => {
    it.each([
      ['Hi\u200B there, ｙｏｕ\u2019ll regret it', 'en', "you'll regret", 'ｙｏｕ\u2019ll regret'],
      ['你這個老 賴！', 'zh', '老赖', '老 賴'],
      ['Answer your phone, d3adb3at.', 'deob', 'deadbeat', 'd3adb3at'],
      ['Ignore this and you will go to j.a.i.l. Your choice.', 'deob', 'go to jail', 'go to j.a.i.l'],
      ['fam\u2063ily', 'en', 'family', 'fam\u2063ily'],
      ['𝐝𝐞𝐚𝐝𝐛𝐞𝐚𝐭!', 'en', 'deadbeat', '𝐝𝐞𝐚𝐝𝐛𝐞𝐚𝐭'],
    ] as const)('%s: %s view "%s" is the original "%s"', (text, view, needle, original) => {
      expect(quoted(text, view, needle)).toBe(original);
    });
  });

  it('builds the same view texts with and without offsets (property)', () => {
    const pieces = fc.constantFrom(
      'Pay ',
      'you ',
      'd3ad',
      'b3at',
      's.c.u.m',
      ' ',
      '\u200B',
      '\u2063',
      'ｄｅ',
      'ａｄ',
      '後果',
      '自負',
      '老',
      '賴',
      '頼',
      '，',
      '。',
      '\n',
      '  ',
      'I',
      'L1VE',
      '$',
      '!',
      '|',
      'é',
      '\u0301',
      '𝐝',
      'е',
      '-',
      '_',
      '.',
      'https://pay.example.com/x1',
      '24',
      'h o u r s',
      'stuuupid',
    );
    fc.assert(
      fc.property(fc.array(pieces, { maxLength: 25 }), (parts) => {
        const msg = normalizeMessage(parts.join(''));
        for (const view of ['en', 'deob', 'zh'] as const) {
          const tracked = msg.view(view);
          const text = msg[view];
          if (tracked === null) {
            expect(text).toBe('');
            continue;
          }
          expect(tracked.text).toBe(text);
          for (let i = 0; i < text.length; i++) {
            expect(tracked.from[i]).toBeLessThan(tracked.to[i]);
            if (i > 0) expect(tracked.from[i]).toBeGreaterThanOrEqual(tracked.from[i - 1]);
          }
        }
        if (msg.deobAlt !== null) expect(msg.view('deobAlt')!.text).toBe(msg.deobAlt);
      }),
      { numRuns: 300 },
    );
  });
});
