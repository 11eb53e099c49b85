import { characters as CONFUSABLE_CHARACTERS } from 'confusables';
import { Converter } from 'opencc-js';

/**
 * One normalisation pipeline for every content rule and both languages. A message is read through a
 * few *views*; each view keeps, for every UTF-16 unit of its text, the span of the ORIGINAL message
 * that unit came from, so whatever a rule matches in a view is quoted back from the text the debtor
 * would read (`originalSpan`).
 *
 * base   each code point NFKD with its marks dropped (NFKC's compatibility folds — full-width →
 *        half-width, ligatures, circled letters, Kangxi radicals → ideographs — and `fück` → `fuck`,
 *        Zalgo marks gone); invisible characters removed (zero-width, joiners, bidi controls,
 *        variation selectors, tags, soft hyphen); Latin look-alikes in the Unicode confusables data
 *        (the `confusables` package: Cyrillic `а`, Greek `ο`, mathematical `𝐝`, …) folded to Latin.
 *        Han, kana, bopomofo and CJK symbols are only NFKC'd, never folded (the data maps 七 to T).
 * en     base lower-cased, curly quotes straightened, every run of whitespace one space. The
 *        forbidden families and the required lines (with their contradictions) are read here.
 * deob   en with the tricks undone that no ordinary sentence needs: separators between single
 *        letters (`s.c.u.m`, `d e a d b e a t`), separators inside a word (`dead-beat`, `i_d_i_o_t`),
 *        digits and symbols standing for letters inside a word (`l0ser`, `$cum`, `sh!t`: 0→o, 1 ! |→i,
 *        3→e, 4 @→a, 5 $→s, 7→t), a letter held (`stuuupid`); links masked, so `pay.example.com/q2xl0`
 *        is left alone. Only forbidden rules read it, besides `en`; it equals `en` when there was
 *        nothing to undo, and `deobAlt` (1 ! | read as l) exists only when that reads differently.
 * zh     base, whitespace, punctuation and symbols removed (`老 赖`, `老-赖`, `老.赖` are 老赖),
 *        Latin upper-cased; built only for a message with Chinese characters in it.
 * Han characters are simplified in the base already (opencc-js `t` → `cn`, and Japanese forms outside
 * GB 2312 `jp` → `cn`; both loaded once), so every view reads 後果自負 and 老頼 as 后果自负 and 老赖.
 *
 * Speed: every message is normalised, few fire. Each step is a regular-expression rewrite, run on
 * plain strings (`String.replace`) for every message and — only when a rule fires and its match has
 * to be quoted — again on views that carry the offsets. Both runs apply the same steps to the same
 * text, so they produce the same strings.
 */
export interface TextView {
  readonly text: string;
  /** Original start (UTF-16 index) of what each unit of `text` came from. */
  readonly from: Int32Array;
  /** Original end (exclusive) of what each unit of `text` came from. */
  readonly to: Int32Array;
}

export interface Span {
  readonly start: number;
  readonly end: number;
}

/** The span of the original text behind `view.text.slice(start, end)`. */
export function originalSpan(view: TextView, start: number, end: number): Span {
  if (end > start) return { start: view.from[start], end: view.to[end - 1] };
  const at = start < view.from.length ? view.from[start] : view.to.length > 0 ? view.to[view.to.length - 1] : 0;
  return { start: at, end: at };
}

/** Builds a view from pieces, each with the span it stands for. */
class ViewBuilder {
  private readonly parts: string[] = [];
  private from: Int32Array;
  private to: Int32Array;
  private length = 0;

  constructor(capacity: number) {
    this.from = new Int32Array(Math.max(16, capacity));
    this.to = new Int32Array(Math.max(16, capacity));
  }

  private grow(need: number): void {
    if (need <= this.from.length) return;
    const size = Math.max(need, this.from.length * 2);
    const from = new Int32Array(size);
    const to = new Int32Array(size);
    from.set(this.from.subarray(0, this.length));
    to.set(this.to.subarray(0, this.length));
    this.from = from;
    this.to = to;
  }

  /** Every unit of `piece` stands for the whole span [start, end). */
  push(piece: string, start: number, end: number): void {
    if (piece.length === 0) return;
    const need = this.length + piece.length;
    this.grow(need);
    this.from.fill(start, this.length, need);
    this.to.fill(end, this.length, need);
    this.length = need;
    this.parts.push(piece);
  }

  /** `piece` is a copy of units [start, start + piece.length) of a view (`from`/`to` its map), unit for unit. */
  pushCopy(piece: string, start: number, from: Int32Array, to: Int32Array): void {
    if (piece.length === 0) return;
    const need = this.length + piece.length;
    this.grow(need);
    this.from.set(from.subarray(start, start + piece.length), this.length);
    this.to.set(to.subarray(start, start + piece.length), this.length);
    this.length = need;
    this.parts.push(piece);
  }

  build(): TextView {
    return { text: this.parts.join(''), from: this.from.slice(0, this.length), to: this.to.slice(0, this.length) };
  }
}

/** The identity view of a text: every unit stands for itself. */
function identity(text: string): TextView {
  const from = new Int32Array(text.length);
  const to = new Int32Array(text.length);
  for (let i = 0; i < text.length; i++) {
    from[i] = i;
    to[i] = i + 1;
  }
  return { text, from, to };
}

/**
 * A view of `parent` rewritten by `re`: every match is replaced by `replace(match)`, standing for the
 * span of the original text behind the match; the text between matches is copied unit for unit.
 * Returns `parent` itself when nothing matched or nothing changed.
 */
function rewrite(parent: TextView, re: RegExp, replace: (m: RegExpExecArray) => string): TextView {
  re.lastIndex = 0;
  let m = re.exec(parent.text);
  if (m === null) return parent;
  const out = new ViewBuilder(parent.text.length);
  let last = 0;
  let changed = false;
  for (; m !== null; m = re.exec(parent.text)) {
    if (m[0].length === 0) {
      re.lastIndex++;
      continue;
    }
    const piece = replace(m);
    if (piece === m[0]) continue;
    changed = true;
    out.pushCopy(parent.text.slice(last, m.index), last, parent.from, parent.to);
    // Same length: unit for unit (a case change, a leet letter); otherwise the piece stands for the whole match.
    if (piece.length === m[0].length) out.pushCopy(piece, m.index, parent.from, parent.to);
    else {
      const span = originalSpan(parent, m.index, m.index + m[0].length);
      out.push(piece, span.start, span.end);
    }
    last = m.index + m[0].length;
  }
  if (!changed) return parent;
  out.pushCopy(parent.text.slice(last), last, parent.from, parent.to);
  return out.build();
}

// ── base ───────────────────────────────────────────────────────────────────────────────────────────

/**
 * Invisible in any rendering: zero-width space, joiners and bidi marks (U+200B–U+200F), bidi
 * embeddings and isolates (U+202A–U+202E, U+2066–U+2069), word joiner and invisible operators
 * (U+2060–U+2064) and the deprecated format controls after them, combining grapheme joiner (U+034F),
 * Mongolian vowel separator (U+180E), variation selectors (U+FE00–FE0F, U+E0100–E01EF), tags
 * (U+E0000–E007F), soft hyphen, BOM, Arabic letter mark, Hangul fillers.
 */
export function isInvisible(cp: number): boolean {
  return (
    (cp >= 0x200b && cp <= 0x200f) ||
    (cp >= 0x2060 && cp <= 0x206f) ||
    (cp >= 0x202a && cp <= 0x202e) ||
    cp === 0x034f ||
    cp === 0x180e ||
    cp === 0x00ad ||
    cp === 0xfeff ||
    cp === 0x061c ||
    cp === 0x115f ||
    cp === 0x1160 ||
    cp === 0x3164 ||
    cp === 0xffa0 ||
    (cp >= 0xfe00 && cp <= 0xfe0f) ||
    (cp >= 0xe0100 && cp <= 0xe01ef) ||
    (cp >= 0xe0000 && cp <= 0xe007f)
  );
}

/** What the confusables data must not touch: it maps 七 to T, 山 to W and ㄩ to 4. */
const CJK = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Bopomofo}\p{Script=Hangul}\u2e80-\u2fdf\u3000-\u303f\u3200-\u33ff\uff00-\uffef]/u;
const MARKS = /\p{M}/gu;
const LETTER_OR_DIGIT = /^[\p{L}\p{N}]$/u;

/** Unicode confusables → Latin letters and digits, from the `confusables` package's data; letters and digits only. */
const CONFUSABLE: ReadonlyMap<string, string> = (() => {
  const map = new Map<string, string>();
  for (const [latin, lookalikes] of CONFUSABLE_CHARACTERS) {
    if (!/^[A-Za-z0-9]+$/.test(latin)) continue;
    for (const ch of lookalikes) {
      if (ch.charCodeAt(0) < 0x80 || CJK.test(ch) || !LETTER_OR_DIGIT.test(ch) || map.has(ch)) continue;
      map.set(ch, latin);
    }
  }
  return map;
})();

const FOLD_CACHE = new Map<string, string>();
const FOLD_CACHE_LIMIT = 50_000;

/** One code point (not ASCII, not invisible) as the base view reads it. */
/** Simplified variants the rules read as one: 帐户 is 账户. */
const HAN_VARIANTS: Readonly<Record<string, string>> = { 帐: '账' };

function computeFold(ch: string): string {
  const variant = HAN_VARIANTS[ch];
  if (variant !== undefined) return variant;
  const nfkc = ch.normalize('NFKC');
  // Compatibility ideographs, radicals and full-width forms; NFKD would take ガ apart.
  if (CJK.test(nfkc)) return nfkc;
  let out = '';
  for (const c of ch.normalize('NFKD').replace(MARKS, '')) out += c.charCodeAt(0) < 0x80 ? c : (CONFUSABLE.get(c) ?? c);
  return out;
}

export function foldChar(ch: string): string {
  const cached = FOLD_CACHE.get(ch);
  if (cached !== undefined) return cached;
  const out = computeFold(ch);
  if (FOLD_CACHE.size < FOLD_CACHE_LIMIT) FOLD_CACHE.set(ch, out);
  return out;
}

/** A character class (no `u` flag: BMP only) of every BMP code unit that `test` accepts, built at load. */
function bmpClass(test: (c: number) => boolean): string {
  const ranges: string[] = [];
  const hex = (c: number): string => `\\u${c.toString(16).padStart(4, '0')}`;
  let from = -1;
  for (let c = 0; c <= 0x10000; c++) {
    const yes = c < 0x10000 && (c < 0xd800 || c > 0xdfff) && test(c);
    if (yes && from < 0) from = c;
    if (!yes && from >= 0) {
      ranges.push(from === c - 1 ? hex(from) : `${hex(from)}-${hex(c - 1)}`);
      from = -1;
    }
  }
  return `[${ranges.join('')}]`;
}

/** A surrogate pair: one astral code point. */
const ASTRAL = '[\\ud800-\\udbff][\\udc00-\\udfff]';

/**
 * Every BMP character the base view changes (folds, or drops as invisible), found once at load, and
 * every astral one: text in plain Chinese or English then goes through the base step untouched
 * instead of character by character. Plain (not `u`) expressions: they run about twice as fast.
 */
const CHANGING = ((): { one: RegExp; runs: RegExp } => {
  const set = bmpClass((c) => c >= 0x80 && (isInvisible(c) || computeFold(String.fromCharCode(c)) !== String.fromCharCode(c)));
  return { one: new RegExp(`${set}|${ASTRAL}`, 'g'), runs: new RegExp(`(?:${set}|${ASTRAL})+`, 'g') };
})();

// ── deob ───────────────────────────────────────────────────────────────────────────────────────────

/** What may stand for a letter inside a word. */
const LEET: Readonly<Record<string, string>> = { '0': 'o', '1': 'i', '3': 'e', '4': 'a', '5': 's', '7': 't', '@': 'a', $: 's', '!': 'i', '|': 'i' };
const LEET_ALT: Readonly<Record<string, string>> = { ...LEET, '1': 'l', '!': 'l', '|': 'l' };

/**
 * Three or more single Latin letters (or leet characters) with the same separator between them:
 * `s.c.u.m`, `d e a d` — not the last of them when a word spelt out with another separator
 * follows (`n e i g h b o u r s w.i.l.l`). Han characters are the zh view's business.
 */
const SPACED_LETTERS = /(?<![a-z0-9@$!|])[a-z0-9@$!|]([ .\-_*·•,/\\~+'"^=:;]{1,3})[a-z0-9@$!|](?:\1[a-z0-9@$!|])+(?![a-z0-9]|([.\-_*·•/\\~^=])[a-z0-9@$!|]\2)/g;
/** Separators inside a word: `dead-beat`, `i_d_i_o_t`, `sc.um` (not an apostrophe: "you'll" stays). */
const INNER_SEPARATORS = /(?<=[a-z0-9@$!|])[-_.·•~^=*/]+(?=[a-z])|(?<=[a-z])[-_.·•~^=*/]+(?=[a-z0-9@$|])/g;
/** A word with a digit or symbol standing for a letter: letters then a leet character, or leet characters then a letter. */
const LEET_WORD = /(?<![a-z0-9@$!|])(?:[a-z]+[0-9@$!|]|[0-9@$!|]+[a-z])[a-z0-9@$!|]*(?![a-z0-9@$!|]|\.[a-z])/g;
/** Text-speak for whole words: `4ever` is no `aever`. */
const TEXTSPEAK: Readonly<Record<string, string>> = Object.assign(Object.create(null) as Record<string, string>, {
  '4ever': 'forever',
  '4eva': 'forever',
  '2day': 'today',
  '2nite': 'tonight',
  '2night': 'tonight',
  '2morrow': 'tomorrow',
  '2moro': 'tomorrow',
  b4: 'before',
  h8: 'hate',
  l8r: 'later',
  gr8: 'great',
  w8: 'wait',
  '4get': 'forget',
  '4give': 'forgive',
});
/** A number and its unit or ordinal: read as written. */
const NUMBER_WORD =
  /^[0-9]+(?:st|nd|rd|th|am|pm|x|k|m|kg|km|mb|gb|ml|hrs?|hours?|mins?|minutes?|secs?|days?|weeks?|wks?|months?|mths?|years?|yrs?|ish|times?|percent)$/;
/** Whether any letter touches a leet character at all; `1 ! |` for the second reading. */
const LEET_CONTACT = /[a-z][0-9@$!|]|[0-9@$!|][a-z]/;
const LEET_AMBIGUOUS = /[a-z][1!|]|[1!|][a-z]/;
const HELD_LETTER = /([a-z])\1{2,}/g;

function letterCount(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if ((c >= 0x61 && c <= 0x7a) || c > 0x7f) n++;
  }
  return n;
}

const isLetter = (c: string | undefined): boolean => c !== undefined && ((c >= 'a' && c <= 'z') || c.charCodeAt(0) > 0x7f);

/**
 * A digit stands for a letter only between two letters (`l0ser`, `d3adb3at`), so `24hours`, `1st`
 * and `b2b` read as written; a symbol also at the start of a word (`$cum`, `@ss`); never at the end
 * (`now!`). Two letters at least.
 */
function unleet(word: string, table: Readonly<Record<string, string>>): string {
  // "g0", "t0", "n0": a two-character word ending in 0 is a word ending in o.
  if (word.length === 2 && word[1] === '0' && isLetter(word[0])) return `${word[0]}o`;
  const spoken = TEXTSPEAK[word];
  if (spoken !== undefined) return spoken;
  if (letterCount(word) < 2) return word;
  // `3mpl0yer`: a digit opening a word of three letters or more stands for a letter, unless the
  // word is a count or a time (`3rd`, `5pm`, `2days`, `10am`).
  if (/^[013457][a-z]{3,}/.test(word) && !NUMBER_WORD.test(word)) return unleetInside(`${table[word[0]]}${word.slice(1)}`, table);
  return unleetInside(word, table);
}

function unleetInside(word: string, table: Readonly<Record<string, string>>): string {
  let out = '';
  for (let i = 0; i < word.length; i++) {
    const c = word[i];
    const to = table[c];
    if (to === undefined) {
      out += c;
      continue;
    }
    // Letters or further leet characters on both sides count as inside the word: `cr1m1nal`, `5h!t`.
    let before = i - 1;
    while (before >= 0 && table[word[before]] !== undefined && !isLetter(word[before])) before--;
    let after = i + 1;
    while (after < word.length && table[word[after]] !== undefined && !isLetter(word[after])) after++;
    const inside = isLetter(word[before]) && isLetter(word[after]);
    const leadingSymbol = before < 0 && !/[0-9]/.test(c) && isLetter(word[after]);
    out += inside || leadingSymbol ? to : c;
  }
  return out;
}

// ── Chinese characters ─────────────────────────────────────────────────────────────────────────────

/** Traditional (any variant) → simplified, and Japanese shinjitai → simplified; opencc-js's own dictionaries, built once at load. */
const traditionalToSimplified = Converter({ from: 't', to: 'cn' });
const japaneseToSimplified = Converter({ from: 'jp', to: 'cn' });

/**
 * The 6,763 hanzi of GB 2312, decoded once at load. A character outside it that opencc's traditional
 * dictionary leaves alone is read as Japanese (老頼, 黒名単, 売房); one inside it never is, because
 * Japanese 欠 is Chinese 缺 and Chinese 欠 must stay 欠.
 */
const GB2312_HANZI: ReadonlySet<string> = (() => {
  const decoder = new TextDecoder('gb2312');
  const set = new Set<string>();
  for (let hi = 0xb0; hi <= 0xf7; hi++) {
    for (let lo = 0xa1; lo <= 0xfe; lo++) {
      const ch = decoder.decode(new Uint8Array([hi, lo]));
      if (ch.length === 1 && ch !== '\ufffd') set.add(ch);
    }
  }
  return set;
})();

const HAN = /\p{Script=Han}/u;

const HAN_RUN = /\p{Script=Han}+/gu;
const SIMPLIFIED_CACHE = new Map<string, string>();

function computeSimplified(ch: string): string {
  let s = traditionalToSimplified(ch);
  if (s === ch && !GB2312_HANZI.has(ch)) s = japaneseToSimplified(ch);
  // One character for one: the views map unit for unit.
  if (s.length !== ch.length) return ch;
  return HAN_VARIANTS[s] ?? s;
}

function simplifiedChar(ch: string): string {
  let s = SIMPLIFIED_CACHE.get(ch);
  if (s === undefined) {
    s = computeSimplified(ch);
    if (SIMPLIFIED_CACHE.size < FOLD_CACHE_LIMIT) SIMPLIFIED_CACHE.set(ch, s);
  }
  return s;
}

/**
 * Every character opencc would change (traditional, or Japanese outside GB 2312), found once at load
 * by converting each ideograph of the BMP: a message in simplified Chinese — almost all of them — is
 * then told apart with one regular-expression test instead of a dictionary look-up per character.
 */
const CHANGEABLE_HAN: RegExp = (() => {
  const changed: string[] = [];
  for (const [from, to] of [
    [0x2e80, 0x2fdf],
    [0x3400, 0x4dbf],
    [0x4e00, 0x9fff],
    [0xf900, 0xfaff],
  ]) {
    for (let c = from; c <= to; c++) {
      const ch = String.fromCharCode(c);
      if (computeSimplified(ch) !== ch) changed.push(ch);
    }
  }
  return new RegExp(`[${changed.join('')}]`, 'u');
})();

/** A Han run simplified: the whole phrase by opencc where that keeps the length, else character by character. */
function simplifiedRun(run: string): string {
  let changed = false;
  let perChar = '';
  for (const ch of run) {
    const s = simplifiedChar(ch);
    if (s !== ch) changed = true;
    perChar += s;
  }
  if (!changed) return run;
  const whole = traditionalToSimplified(perChar);
  return whole.length === run.length ? whole : perChar;
}

// ── The pipeline ───────────────────────────────────────────────────────────────────────────────────

/** One rewrite: every match of `re` (global) is replaced by `replace([match, ...groups])`. */
interface Step {
  readonly re: RegExp;
  /** The match and its first group (the steps need no more). */
  readonly replace: (match: string, group1: string) => string;
  /** Every match becomes this (the plain-string runner then needs no callback). */
  readonly constant?: string;
  /**
   * `re` matches one code point at a time; `runs` matches runs of them. The plain-string runner
   * rewrites a whole run in one call, code point by code point; the view runner keeps one match per
   * code point, so each keeps its own offsets. Same text either way.
   */
  readonly runs?: RegExp;
  /**
   * A case mapping of the whole text (String.prototype.toLowerCase or toUpperCase). Where it keeps the
   * length (almost always), both runners take it unit for unit; where it does not (İ, ß), both map
   * code point by code point.
   */
  readonly caseMap?: 'lower' | 'upper';
}

const step = (re: RegExp, replace: (match: string, group1: string) => string): Step => ({ re, replace });
const removal = (re: RegExp): Step => ({ re, replace: () => '', constant: '' });
const perCodePoint = (re: RegExp, runs: RegExp, replace: (codePoint: string) => string): Step => ({ re, replace, runs });
const ANY_CODE_POINT = /[^]/gu;
const caseMapping = (caseMap: 'lower' | 'upper'): Step => ({
  re: ANY_CODE_POINT,
  replace: caseMap === 'lower' ? (cp) => cp.toLowerCase() : (cp) => cp.toUpperCase(),
  caseMap,
});
const mapCase = (text: string, caseMap: 'lower' | 'upper'): string => (caseMap === 'lower' ? text.toLowerCase() : text.toUpperCase());

/** The two ways to run the steps: plain strings, and views with offsets. */
interface Runner<V> {
  init(text: string): V;
  apply(v: V, s: Step): V;
  text(v: V): string;
}

const STRINGS: Runner<string> = {
  init: (text) => text,
  apply: (text, s) => {
    if (s.caseMap !== undefined) {
      const mapped = mapCase(text, s.caseMap);
      if (mapped.length === text.length) return mapped;
    }
    if (s.constant !== undefined) return text.replace(s.re, s.constant);
    if (s.runs !== undefined) {
      return text.replace(s.runs, (run: string) => {
        let out = '';
        for (const cp of run) out += s.replace(cp, '');
        return out;
      });
    }
    return text.replace(s.re, (match: string, group1: unknown) => s.replace(match, typeof group1 === 'string' ? group1 : ''));
  },
  text: (text) => text,
};

const VIEWS: Runner<TextView> = {
  init: identity,
  apply: (v, s) => {
    if (s.caseMap !== undefined) {
      const mapped = mapCase(v.text, s.caseMap);
      if (mapped === v.text) return v;
      if (mapped.length === v.text.length) return { text: mapped, from: v.from, to: v.to };
    }
    return rewrite(v, s.re, (m) => s.replace(m[0], m[1] ?? ''));
  },
  text: (v) => v.text,
};

const NON_ASCII = /[^\x00-\x7F]/u;
const BASE = perCodePoint(CHANGING.one, CHANGING.runs, (cp) => (isInvisible(cp.codePointAt(0)!) ? '' : foldChar(cp)));
const SIMPLIFY = step(HAN_RUN, (m) => simplifiedRun(m));

// Lower case; curly quotes straight; every run of whitespace one space.
const EN_LOWER = caseMapping('lower');
const EN_APOSTROPHE = { ...removal(/[\u2018\u2019\u02BC`\u00B4\u2032]/g), replace: () => "'", constant: "'" };
const EN_QUOTE = { ...removal(/[\u201C\u201D\u2033]/g), replace: () => '"', constant: '"' };
const EN_SPACE = { ...removal(/\s{2,}|[^\S ]/g), replace: () => ' ', constant: ' ' };
const EN_NEEDS = /[\u2018\u2019\u02BC`\u00B4\u2032\u201C\u201D\u2033]|\s{2,}|[^\S ]/;

/**
 * Links read as written: `pay.example.com/c/q2xl0` is no word with separators and digits in it, and
 * a signed token in a link (`…/s/xTmDq…`) is no Chinese abbreviation. Before the de-obfuscation
 * steps, and before the zh view drops punctuation, every link is masked with U+0001 (same length,
 * so offsets hold, and no step or rule reads it); `deob` is kept only when the steps change more
 * than links. A link is printable ASCII only: text written right after it (`…/s/abc，你这个老赖`)
 * is read.
 */
const LINKS = /(?:https?:\/\/|www\.)[\x21-\x7E]+|\b[a-z0-9-]+(?:\.[a-z0-9-]+)*\.(?:com|org|net|gov|edu|uk|cn|io|co|us|info|example)\b(?:\/[\x21-\x7E]*)?/g;
const HAS_LINK = /:\/\/|www\.|\.(?:com|org|net|gov|edu|uk|cn|io|co|us|info|example)\b/;
const MASK_LINKS = step(LINKS, (m) => '\u0001'.repeat(m.length));

const DEOB_SPACED = step(SPACED_LETTERS, (m) => {
  const joined = m.replace(/[ .\-_*·•,/\\~+'"^=:;]/g, '');
  // An amount spelt out (`$.3.0.0`) joins too: left dotted, it would cut its clause in two.
  return letterCount(joined) >= 2 || /^[$£€¥]?[0-9]+$/.test(joined) ? joined : m;
});
const DEOB_INNER = step(INNER_SEPARATORS, () => '');
const DEOB_LEET = step(LEET_WORD, (m) => unleet(m, LEET));
const DEOB_LEET_ALT = step(LEET_WORD, (m) => unleet(m, LEET_ALT));
const DEOB_HELD = step(HELD_LETTER, (_, letter) => letter);
const mayNeedDeob = /[0-9@$!|]|([a-z])\1\1|[a-z][-_.·•~^=*/]+[a-z]|(?:^|[^a-z0-9])[a-z0-9@$!|][ .\-_*·•,/\\~+'"^=:;]/;

/**
 * Pictures that stand for a word in a threat or a false claim (`打断🦵`, `🚓 are on their way`): read
 * as the word, before the zh view drops symbols; the en view reads them in its de-obfuscated twin.
 */
const EMOJI_WORDS: ReadonlyMap<string, { readonly zh: string; readonly en: string }> = new Map([
  ['\u{1F9B5}', { zh: '腿', en: 'leg' }],
  ['\u{1F9B6}', { zh: '脚', en: 'foot' }],
  ['\u{1F52A}', { zh: '刀', en: 'knife' }],
  ['\u{1F5E1}', { zh: '刀', en: 'knife' }],
  ['\u{1F52B}', { zh: '枪', en: 'gun' }],
  ['\u{1F480}', { zh: '死', en: 'dead' }],
  ['\u{26B0}', { zh: '棺材', en: 'coffin' }],
  ['\u{1FA78}', { zh: '血', en: 'blood' }],
  ['\u{1F4A3}', { zh: '炸', en: 'bomb' }],
  ['\u{1F525}', { zh: '烧', en: 'fire' }],
  ['\u{1F6A8}', { zh: '警察', en: 'police' }],
  ['\u{1F693}', { zh: '警车', en: 'police' }],
  ['\u{1F694}', { zh: '警车', en: 'police' }],
  ['\u{1F46E}', { zh: '警察', en: 'police' }],
  ['\u{26D3}', { zh: '手铐', en: 'chains' }],
  ['\u{2696}', { zh: '法院', en: 'court' }],
]);
const EMOJI = new RegExp([...EMOJI_WORDS.keys()].join('|'), 'gu');
const EMOJI_CUE = new RegExp([...EMOJI_WORDS.keys()].join('|'), 'u');
const EMOJI_ZH = step(EMOJI, (m) => EMOJI_WORDS.get(m)?.zh ?? m);
const EMOJI_EN = step(EMOJI, (m) => ` ${EMOJI_WORDS.get(m)?.en ?? m} `);

/** Whitespace, punctuation and symbols (\\s, \\p{P}, \\p{S}; astral emoji and symbols too), as one plain class built at load. */
const ZH_DROP = removal(
  new RegExp(
    `(?:${bmpClass((c) => /[\s\p{P}\p{S}]/u.test(String.fromCharCode(c)))}|\\ud83c[\\udc00-\\udfff]|\\ud83d[\\udc00-\\udfff]|\\ud83e[\\udc00-\\udeff])+`,
    'g',
  ),
);
const ZH_UPPER = caseMapping('upper');

interface Views<V> {
  readonly en: V;
  readonly deob: V;
  readonly deobAlt: V | null;
  readonly zh: V | null;
}

/** The same steps, whichever runner: decisions depend on the text only, so both runners agree. */
function run<V>(r: Runner<V>, text: string): Views<V> {
  let base = r.init(text);
  if (NON_ASCII.test(text)) base = r.apply(base, BASE);
  const hasHan = HAN.test(r.text(base));
  if (hasHan && CHANGEABLE_HAN.test(r.text(base))) base = r.apply(base, SIMPLIFY);
  let en = r.apply(base, EN_LOWER);
  if (EN_NEEDS.test(r.text(en))) en = r.apply(r.apply(r.apply(en, EN_APOSTROPHE), EN_QUOTE), EN_SPACE);
  // Every view reads links masked, the plain one too: a token's `…-FK-…` is no insult.
  const hasLinks = HAS_LINK.test(r.text(en));
  if (hasLinks) en = r.apply(en, MASK_LINKS);
  const masked = en;
  let deob = en;
  let deobAlt: V | null = null;
  const emoji = EMOJI_CUE.test(text);
  if (emoji || mayNeedDeob.test(r.text(en))) {
    const beforeLeet = r.apply(r.apply(emoji ? r.apply(masked, EMOJI_EN) : masked, DEOB_SPACED), DEOB_INNER);
    const leet = LEET_CONTACT.test(r.text(beforeLeet));
    const d = r.apply(leet ? r.apply(beforeLeet, DEOB_LEET) : beforeLeet, DEOB_HELD);
    if (r.text(d) !== r.text(masked)) deob = d;
    if (leet && LEET_AMBIGUOUS.test(r.text(beforeLeet))) {
      const alt = r.apply(r.apply(beforeLeet, DEOB_LEET_ALT), DEOB_HELD);
      if (r.text(alt) !== r.text(d)) deobAlt = alt;
    }
  }
  // zh from the link-masked text when there are links (its lower case and spacing do not matter: zh drops spacing and upper-cases).
  const zhFrom = hasLinks ? masked : base;
  const zh = hasHan ? r.apply(r.apply(emoji ? r.apply(zhFrom, EMOJI_ZH) : zhFrom, ZH_DROP), ZH_UPPER) : null;
  return { en, deob, deobAlt, zh };
}

export type ViewName = keyof Views<unknown>;

/**
 * One message read through every view. The view texts are plain strings; `span` finds the original
 * text behind a stretch of a view, building the views with offsets the first time it is asked.
 */
export class NormalizedMessage {
  readonly en: string;
  /** `en` with the evasions undone; equal to `en` when there was nothing to undo. */
  readonly deob: string;
  /** `deob` reading `1 ! |` as `l` rather than `i`; null when that reads the same. */
  readonly deobAlt: string | null;
  /** '' when the message has no Chinese characters (no zh expression can match). */
  readonly zh: string;
  private tracked: Views<TextView> | null = null;

  constructor(readonly original: string) {
    const v = run(STRINGS, original);
    this.en = v.en;
    this.deob = v.deob;
    this.deobAlt = v.deobAlt;
    this.zh = v.zh ?? '';
  }

  /** The original span behind `[start, end)` of a view's text (UTF-16 indices). */
  span(view: ViewName, start: number, end: number): Span {
    this.tracked ??= run(VIEWS, this.original);
    const v = this.tracked[view];
    if (v === null) return { start: 0, end: 0 };
    return originalSpan(v, start, end);
  }

  /** A view with its offsets (tests and diagnostics). */
  view(view: ViewName): TextView | null {
    this.tracked ??= run(VIEWS, this.original);
    return this.tracked[view];
  }
}

/** The views of one message; build once per message and hand them to every rule. */
export function normalizeMessage(text: string): NormalizedMessage {
  return new NormalizedMessage(text);
}
