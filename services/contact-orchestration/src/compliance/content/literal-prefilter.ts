/**
 * Which expressions can match a text at all, found with one pass over it. Every expression is
 * reduced at load to a set of literal *atoms* such that any match contains one of them (the idea of
 * RE2's FilteredRE2): `\bwe know where (?:you|your family) (?:live|lives)` needs "we know where",
 * `missed (?:delivery|parcel)` needs "missed delivery" or "missed parcel". One Aho–Corasick scan of
 * the text finds the atoms present; only expressions with an atom present (or without usable atoms)
 * are run. A clean message of 300 characters runs a handful of the ~300 expressions instead of all.
 *
 * The reduction is conservative: whatever it does not understand (a back-reference, a broad class)
 * it treats as "anything", which can only make an expression run more often, never less. A unit
 * test checks on the corpus and the templates that filtered and unfiltered matching agree.
 */

/** Options for reading an expression. */
export interface AtomOptions {
  /** The text is lower-case and every run of whitespace is one space (the en views): `\s+` is " ". */
  readonly spaceIsSingle: boolean;
  /** Case-insensitive expression over lower-case text: atoms are lower-cased. */
  readonly lowerCase: boolean;
}

/**
 * What is known of a node: `exact`, the strings it can match when they are few (else null); and
 * `clauses`, sets of atoms such that every match contains an atom of EACH set (a conjunction of
 * disjunctions, like RE2's prefilter), empty when nothing is known.
 */
interface Info {
  readonly exact: readonly string[] | null;
  readonly clauses: readonly (readonly string[])[];
}

const MAX_EXACT = 64;
const MAX_EXACT_LENGTH = 40;
const ANY: Info = { exact: null, clauses: [] };
const EMPTY: Info = { exact: [''], clauses: [] };

class Parser {
  private i = 0;

  constructor(
    private readonly src: string,
    private readonly opts: AtomOptions,
  ) {}

  parse(): Info {
    const info = this.alternation();
    if (this.i < this.src.length) return ANY;
    return info;
  }

  private alternation(): Info {
    const branches: Info[] = [this.sequence()];
    while (this.src[this.i] === '|') {
      this.i++;
      branches.push(this.sequence());
    }
    return branches.length === 1 ? branches[0] : alternate(branches);
  }

  private sequence(): Info {
    const items: Info[] = [];
    while (this.i < this.src.length && this.src[this.i] !== '|' && this.src[this.i] !== ')') {
      const atom = this.atom();
      items.push(this.quantified(atom));
    }
    return concatenate(items);
  }

  private quantified(info: Info): Info {
    const c = this.src[this.i];
    let min: number;
    let max: number;
    if (c === '?') {
      min = 0;
      max = 1;
      this.i++;
    } else if (c === '*') {
      min = 0;
      max = Infinity;
      this.i++;
    } else if (c === '+') {
      min = 1;
      max = Infinity;
      this.i++;
    } else if (c === '{') {
      const m = /^\{(\d+)(,(\d*))?\}/.exec(this.src.slice(this.i));
      if (m === null) return info; // a literal brace
      min = Number(m[1]);
      max = m[2] === undefined ? min : m[3] === '' ? Infinity : Number(m[3]);
      this.i += m[0].length;
    } else {
      return info;
    }
    if (this.src[this.i] === '?') this.i++; // lazy
    // In the en views every run of whitespace is one space: `\s+` is " ", `\s*` is " " or nothing.
    if (this.opts.spaceIsSingle && info.exact !== null && info.exact.length === 1 && info.exact[0] === ' ')
      return min === 0 ? { exact: [' ', ''], clauses: [] } : info;
    return repeat(info, min, max);
  }

  private atom(): Info {
    const c = this.src[this.i];
    if (c === '(') return this.group();
    if (c === '[') return this.charClass();
    if (c === '\\') return this.escape();
    this.i++;
    if (c === '.') return ANY;
    if (c === '^' || c === '$') return EMPTY;
    return literal(this.opts.lowerCase ? c.toLowerCase() : c);
  }

  private group(): Info {
    this.i++; // (
    let lookaround = false;
    if (this.src[this.i] === '?') {
      const rest = this.src.slice(this.i, this.i + 4);
      if (rest.startsWith('?:')) this.i += 2;
      else if (rest.startsWith('?=') || rest.startsWith('?!')) {
        lookaround = true;
        this.i += 2;
      } else if (rest.startsWith('?<=') || rest.startsWith('?<!')) {
        lookaround = true;
        this.i += 3;
      } else if (rest.startsWith('?<')) {
        const end = this.src.indexOf('>', this.i);
        this.i = end + 1;
      }
    }
    const inner = this.alternation();
    if (this.src[this.i] === ')') this.i++;
    // A lookaround consumes nothing: it adds no atom, and what it checks is not part of the match.
    return lookaround ? EMPTY : inner;
  }

  private charClass(): Info {
    const start = this.i;
    this.i++; // [
    const negated = this.src[this.i] === '^';
    if (negated) this.i++;
    const chars: string[] = [];
    let enumerable = !negated;
    let first = true;
    while (this.i < this.src.length && (this.src[this.i] !== ']' || first)) {
      first = false;
      let c = this.src[this.i];
      if (c === '\\') {
        const e = this.src[this.i + 1];
        this.i += 2;
        if (/[dDwWsSbBpPu]/.test(e)) {
          enumerable = false;
          if ((e === 'p' || e === 'P' || e === 'u') && this.src[this.i] === '{') this.i = this.src.indexOf('}', this.i) + 1;
          else if (e === 'u') this.i += 4;
          continue;
        }
        c = e === 'n' ? '\n' : e === 't' ? '\t' : e;
      } else {
        this.i++;
      }
      if (this.src[this.i] === '-' && this.src[this.i + 1] !== ']' && this.i + 1 < this.src.length) {
        // A range: enumerable only when short.
        this.i++;
        let to = this.src[this.i];
        if (to === '\\') {
          to = this.src[this.i + 1];
          this.i++;
        }
        this.i++;
        const from = c.charCodeAt(0);
        const end = to.charCodeAt(0);
        if (end - from > 8) enumerable = false;
        else for (let k = from; k <= end; k++) chars.push(String.fromCharCode(k));
        continue;
      }
      chars.push(c);
    }
    this.i++; // ]
    if (this.i > this.src.length) this.i = start + 1;
    if (!enumerable || chars.length === 0 || chars.length > 12) return ANY;
    const set = [...new Set(chars.map((c) => (this.opts.lowerCase ? c.toLowerCase() : c)))];
    return { exact: set, clauses: [] };
  }

  private escape(): Info {
    const e = this.src[this.i + 1];
    this.i += 2;
    if (e === 'b' || e === 'B') return EMPTY;
    if (e === 's') return this.opts.spaceIsSingle ? literal(' ') : ANY;
    if (/[dDwWSp P]/.test(e)) {
      if ((e === 'p' || e === 'P') && this.src[this.i] === '{') this.i = this.src.indexOf('}', this.i) + 1;
      return ANY;
    }
    if (/[1-9]/.test(e)) return ANY; // a back-reference
    if (e === 'u') {
      if (this.src[this.i] === '{') {
        const end = this.src.indexOf('}', this.i);
        const cp = parseInt(this.src.slice(this.i + 1, end), 16);
        this.i = end + 1;
        return literal(String.fromCodePoint(cp));
      }
      const cp = parseInt(this.src.slice(this.i, this.i + 4), 16);
      this.i += 4;
      return literal(String.fromCharCode(cp));
    }
    if (e === 'n') return literal('\n');
    if (e === 't') return literal('\t');
    return literal(this.opts.lowerCase ? e.toLowerCase() : e);
  }
}

function literal(c: string): Info {
  return { exact: [c], clauses: [] };
}

/** How selective an atom is: a Han (or other non-ASCII) character counts as three letters, a space as none. */
export function atomWeight(atom: string): number {
  let w = 0;
  for (let k = 0; k < atom.length; k++) {
    const c = atom.charCodeAt(k);
    w += c === 0x20 ? 0 : c > 0x7f ? 3 : 1;
  }
  return w;
}

/** Past this weight an atom is rare enough: a smaller set is then worth more than longer atoms. */
const ENOUGH_WEIGHT = 5;

/** The better of two necessary sets: heavier lightest atom (up to ENOUGH_WEIGHT), then fewer atoms. */
function better(a: readonly string[] | null, b: readonly string[] | null): readonly string[] | null {
  if (a === null) return b;
  if (b === null) return a;
  const ma = Math.min(ENOUGH_WEIGHT, ...a.map(atomWeight));
  const mb = Math.min(ENOUGH_WEIGHT, ...b.map(atomWeight));
  if (ma !== mb) return ma > mb ? a : b;
  return a.length <= b.length ? a : b;
}

/** A necessary set from an exact set: the strings themselves, unless one is empty (then nothing is needed). */
function atomsOfExact(exact: readonly string[]): readonly string[] | null {
  return exact.some((s) => s.length === 0) ? null : exact;
}

/** The best single set every match needs an atom of. */
function necessary(info: Info): readonly string[] | null {
  let best = info.exact === null ? null : atomsOfExact(info.exact);
  for (const c of info.clauses) best = better(best, c);
  return best;
}

function alternate(branches: readonly Info[]): Info {
  let exact: string[] | null = [];
  for (const b of branches) {
    if (b.exact === null || exact === null) exact = null;
    else exact.push(...b.exact);
  }
  if (exact !== null) {
    exact = [...new Set(exact)];
    if (exact.length > MAX_EXACT) exact = null;
  }
  // One branch or another: each contributes its best set, and the union is needed.
  const union: string[] = [];
  for (const b of branches) {
    const n = necessary(b);
    if (n === null) return { exact, clauses: [] };
    union.push(...n);
  }
  return { exact, clauses: [[...new Set(union)]] };
}

function concatenate(items: readonly Info[]): Info {
  if (items.length === 0) return EMPTY;
  // Runs of exact items multiply out into longer exact strings; every run and every other item
  // adds what it needs to the conjunction.
  const clauses: (readonly string[])[] = [];
  let run: string[] = [''];
  const flush = (): void => {
    const atoms = atomsOfExact(run);
    if (atoms !== null) clauses.push(atoms);
  };
  let allExact = true;
  for (const item of items) {
    if (item.exact !== null) {
      const next: string[] = [];
      for (const a of run) for (const b of item.exact) next.push(a + b);
      const unique = [...new Set(next)];
      if (unique.length <= MAX_EXACT && unique.every((s) => s.length <= MAX_EXACT_LENGTH)) {
        run = unique;
        continue;
      }
      // Too many: close the run and start again from this item.
      flush();
      run = [...item.exact];
      allExact = false;
      continue;
    }
    allExact = false;
    flush();
    run = [''];
    clauses.push(...item.clauses);
  }
  if (allExact) return { exact: run, clauses: [] };
  flush();
  return { exact: null, clauses };
}

function repeat(info: Info, min: number, max: number): Info {
  if (min === 0) {
    if (max === 1 && info.exact !== null) return { exact: [...info.exact, ''], clauses: [] };
    return ANY;
  }
  if (min === 1 && max === 1) return info;
  if (min === max && info.exact !== null && min <= 3) {
    let exact: string[] = [''];
    for (let k = 0; k < min; k++) exact = exact.flatMap((a) => info.exact!.map((b) => a + b));
    if (exact.length <= MAX_EXACT) return { exact: [...new Set(exact)], clauses: [] };
  }
  // At least one copy: whatever one copy needs.
  const n = necessary(info);
  return { exact: null, clauses: n === null ? [] : [n] };
}

/** Lighter atoms are in almost every text: they filter nothing. */
const MIN_ATOM_WEIGHT = 3;

/** At most this many clauses per expression: the most selective. */
const MAX_CLAUSES = 6;

/**
 * Sets of atoms such that every match of `source` contains an atom of each set; empty when no
 * useful set exists (the expression then runs on every text).
 */
export function requiredClauses(source: string, opts: AtomOptions): string[][] {
  let info: Info;
  try {
    info = new Parser(source, opts).parse();
  } catch {
    return [];
  }
  const all = info.exact !== null && atomsOfExact(info.exact) !== null ? [info.exact] : info.clauses;
  const seen = new Set<string>();
  const useful: string[][] = [];
  for (const clause of all) {
    if (clause.some((a) => atomWeight(a) < MIN_ATOM_WEIGHT)) continue;
    // A prefix of a necessary atom is necessary too: shorter atoms keep the automaton small.
    const atoms = [...new Set(clause.map(truncate))].sort();
    const key = atoms.join('\u0000');
    if (seen.has(key)) continue;
    seen.add(key);
    useful.push(atoms);
  }
  // The most selective first: heaviest lightest atom, then fewest atoms.
  useful.sort((x, y) => Math.min(...y.map(atomWeight)) - Math.min(...x.map(atomWeight)) || x.length - y.length);
  return useful.slice(0, MAX_CLAUSES);
}

/** Atoms are cut to this weight: "we know where you live" is "we know where"; 债务催收方是 is 债务催收方. */
const MAX_ATOM_WEIGHT = 14;

function truncate(atom: string): string {
  let w = 0;
  for (let k = 0; k < atom.length; k++) {
    const c = atom.charCodeAt(k);
    w += c === 0x20 ? 0 : c > 0x7f ? 3 : 1;
    if (w >= MAX_ATOM_WEIGHT) return atom.slice(0, k + 1);
  }
  return atom;
}

/** Past this many table cells the automaton keeps its sparse form (a zh alphabet is large). */
const MAX_DENSE_CELLS = 1 << 21;

/**
 * Aho–Corasick over a fixed set of atoms: which of them occur in a text, in one pass. The
 * characters the atoms use form a small alphabet (any other character leads back to the start);
 * when the full transition table over that alphabet is small enough it is precomputed, so a scan
 * is one table look-up per character.
 */
export class AtomIndex {
  readonly size: number;
  private readonly alphabet = new Map<number, number>();
  /** The alphabet as a table over UTF-16 code units: 0 for a character no atom uses. */
  private readonly letter = new Int32Array(0x10000);
  /** Trie nodes, after construction (diagnostics). */
  readonly nodes: number;
  /** Per atom, the last scan that found it: no clearing between scans. */
  private readonly seen: Uint32Array;
  private generation = 0;
  private readonly out: (readonly number[] | null)[] = [];
  private readonly dense: Uint16Array | Int32Array | null;
  private readonly goto: Map<number, number>[] = [];
  /** The root's moves by alphabet letter (the sparse form's most frequent look-up). */
  private rootNext: Int32Array = new Int32Array(0);
  private readonly fail: number[] = [];

  constructor(atoms: readonly string[]) {
    this.size = atoms.length;
    this.seen = new Uint32Array(atoms.length);
    const outs: number[][] = [[]];
    this.goto.push(new Map());
    this.fail.push(0);
    atoms.forEach((atom, id) => {
      let s = 0;
      for (let k = 0; k < atom.length; k++) {
        const c = atom.charCodeAt(k);
        if (!this.alphabet.has(c)) this.alphabet.set(c, this.alphabet.size + 1);
        let t = this.goto[s].get(c);
        if (t === undefined) {
          t = this.goto.length;
          this.goto.push(new Map());
          this.fail.push(0);
          outs.push([]);
          this.goto[s].set(c, t);
        }
        s = t;
      }
      outs[s].push(id);
    });
    const order: number[] = [];
    for (const t of this.goto[0].values()) order.push(t);
    for (let q = 0; q < order.length; q++) {
      const s = order[q];
      for (const [c, t] of this.goto[s]) {
        let f = this.fail[s];
        while (f !== 0 && !this.goto[f].has(c)) f = this.fail[f];
        const g = this.goto[f].get(c);
        this.fail[t] = g !== undefined && g !== t ? g : 0;
        outs[t] = [...outs[t], ...outs[this.fail[t]]];
        order.push(t);
      }
    }
    for (const o of outs) this.out.push(o.length === 0 ? null : o);
    for (const [c, a] of this.alphabet) this.letter[c] = a;
    this.rootNext = new Int32Array(this.alphabet.size + 1);
    for (const [c, t] of this.goto[0]) this.rootNext[this.alphabet.get(c)!] = t;
    const width = this.alphabet.size + 1;
    const nodes = this.goto.length;
    this.nodes = nodes;
    if (nodes * width > MAX_DENSE_CELLS) {
      this.dense = null;
      return;
    }
    // delta(s, a) = goto(s, a), else delta(fail(s), a); the root's missing moves stay at the root.
    const dense = nodes <= 0xffff ? new Uint16Array(nodes * width) : new Int32Array(nodes * width);
    for (const [c, t] of this.goto[0]) dense[this.alphabet.get(c)!] = t;
    for (const s of order) {
      const base = s * width;
      dense.set(dense.subarray(this.fail[s] * width, this.fail[s] * width + width), base);
      for (const [c, t] of this.goto[s]) dense[base + this.alphabet.get(c)!] = t;
    }
    this.dense = dense;
  }

  /** Writes into `found` the ids of the atoms that occur in `text`, each once; returns how many. */
  scan(text: string, found: Int32Array): number {
    let count = 0;
    const seen = this.seen;
    const generation = ++this.generation;
    const out = this.out;
    const letter = this.letter;
    let s = 0;
    const dense = this.dense;
    const width = this.alphabet.size + 1;
    for (let k = 0; k < text.length; k++) {
      const a = letter[text.charCodeAt(k)];
      if (a === 0) {
        s = 0;
        continue;
      }
      if (dense !== null) s = dense[s * width + a];
      else if (s === 0) s = this.rootNext[a];
      else {
        const c = text.charCodeAt(k);
        let t = this.goto[s].get(c);
        while (t === undefined && s !== 0) {
          s = this.fail[s];
          t = this.goto[s].get(c);
        }
        s = t ?? 0;
      }
      const o = out[s];
      if (o === null) continue;
      for (let i = 0; i < o.length; i++) {
        if (seen[o[i]] === generation) continue;
        seen[o[i]] = generation;
        found[count++] = o[i];
      }
    }
    return count;
  }
}
