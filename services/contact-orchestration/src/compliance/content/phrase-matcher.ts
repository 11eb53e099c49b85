import { type AtomOptions, AtomIndex, requiredClauses } from './literal-prefilter';
import type { NormalizedMessage, ViewName } from './text-normalizer';

/** One thing that fired, in the original text. */
export interface Hit {
  /** UTF-16 [start, end) in the original text. */
  readonly start: number;
  readonly end: number;
  /** The matched text as the view reads it (normalized). */
  readonly match: string;
  /** What fired: a phrase, a family (what it means) or the pinyin of a phrase. */
  readonly why: string;
}

export interface Expression {
  readonly source: string;
  readonly why: string;
}

/**
 * The atoms of every expression read over one kind of view, in one Aho–Corasick automaton built
 * once, after the tables are compiled at load. An expression needs an atom of each of its clauses
 * (literal-prefilter.ts); a scan says which expressions can match: those whose every clause has an
 * atom in the text (an expression without clauses always can).
 */
export class Prefilter {
  private readonly atoms: string[] = [];
  private readonly ids = new Map<string, number>();
  /** For each atom, the (expression, clause bit) pairs that need it, flattened. */
  private readonly users: number[][] = [];
  /** For each expression, the bits of all its clauses. */
  private readonly full: number[] = [];
  private index: AtomIndex | null = null;
  /** Reused from message to message (checkContent is synchronous): one buffer per view, stamped with the message it was computed for. */
  private readonly buffers = new Map<ViewName, { stamp: number; masks: Uint8Array }>();
  private found = new Int32Array(0);

  constructor(private readonly opts: AtomOptions) {}

  /** Registers an expression; returns its id. */
  register(source: string): number {
    const id = this.full.length;
    this.index = null;
    const clauses = requiredClauses(source, this.opts);
    this.full.push((1 << clauses.length) - 1);
    clauses.forEach((clause, k) => {
      for (const a of clause) {
        let atom = this.ids.get(a);
        if (atom === undefined) {
          atom = this.atoms.length;
          this.atoms.push(a);
          this.users.push([]);
          this.ids.set(a, atom);
        }
        this.users[atom].push(id, 1 << k);
      }
    });
    return id;
  }

  /** Which expressions can match `text` (1 at the expression's id). The array is reused: read it before the next message. */
  scan(text: string, view: ViewName = 'en', stamp = -1): Uint8Array {
    if (this.index === null) {
      this.index = new AtomIndex(this.atoms);
      this.found = new Int32Array(this.atoms.length);
      this.buffers.clear();
    }
    let buffer = this.buffers.get(view);
    if (buffer === undefined || buffer.masks.length !== this.full.length) {
      buffer = { stamp: -1, masks: new Uint8Array(this.full.length) };
      this.buffers.set(view, buffer);
    }
    if (stamp >= 0 && buffer.stamp === stamp) return buffer.masks;
    const masks = stamp >= 0 ? buffer.masks : new Uint8Array(this.full.length);
    masks.fill(0);
    const n = this.index.scan(text, this.found);
    for (let f = 0; f < n; f++) {
      const users = this.users[this.found[f]];
      for (let k = 0; k < users.length; k += 2) masks[users[k]] |= users[k + 1];
    }
    const full = this.full;
    for (let id = 0; id < masks.length; id++) masks[id] = masks[id] === full[id] ? 1 : 0;
    buffer.stamp = stamp;
    return masks;
  }
}

let messages = 0;

/** Per message: each view is scanned once per prefilter, whichever matchers read it. */
export class MessageScan {
  /** Tells this message's scans from the previous one's in the prefilters' reused buffers. */
  private readonly stamp = messages++ & 0x3fffffff;

  constructor(readonly msg: NormalizedMessage) {}

  text(view: ViewName): string {
    return this.msg[view] ?? '';
  }

  candidates(view: ViewName, prefilter: Prefilter): Uint8Array {
    return prefilter.scan(this.text(view), view, this.stamp);
  }
}

interface Compiled {
  readonly re: RegExp;
  readonly why: string;
  /** Its id in the prefilter. */
  readonly id: number;
}

/**
 * Regular expressions over one kind of view, compiled once. Only those with an atom in the text
 * (literal-prefilter.ts) are run; each says exactly what matched and where.
 */
export class ViewMatcher {
  private readonly compiled: readonly Compiled[];

  constructor(
    expressions: readonly Expression[],
    flags: string,
    private readonly prefilter: Prefilter,
  ) {
    this.compiled = expressions.map((e) => ({ re: new RegExp(e.source, `g${flags}`), why: e.why, id: prefilter.register(e.source) }));
  }

  /** Whether any expression matches the view. */
  test(scan: MessageScan, view: ViewName): boolean {
    const text = scan.text(view);
    if (text === '' || this.compiled.length === 0) return false;
    const candidates = scan.candidates(view, this.prefilter);
    for (const c of this.compiled) {
      if (candidates[c.id] === 0) continue;
      c.re.lastIndex = 0;
      if (c.re.test(text)) return true;
    }
    return false;
  }

  /** Every match of every expression in the view, in expression order then text order. */
  hits(scan: MessageScan, view: ViewName, out: Hit[] = []): Hit[] {
    const text = scan.text(view);
    if (text === '' || this.compiled.length === 0) return out;
    const candidates = scan.candidates(view, this.prefilter);
    for (const c of this.compiled) {
      if (candidates[c.id] === 0) continue;
      const re = c.re;
      re.lastIndex = 0;
      for (let m = re.exec(text); m !== null; m = re.exec(text)) {
        if (m[0].length === 0) {
          re.lastIndex++;
          continue;
        }
        const span = scan.msg.span(view, m.index, m.index + m[0].length);
        out.push({ start: span.start, end: span.end, match: m[0], why: c.why });
      }
    }
    return out;
  }
}

/** Hits that no allowed span wholly contains. */
export function notAllowed(hits: readonly Hit[], allowed: readonly Hit[]): Hit[] {
  if (allowed.length === 0) return [...hits];
  return hits.filter((h) => !allowed.some((a) => a.start <= h.start && h.end <= a.end));
}

/** One hit per stretch of text: a hit overlapping one kept before it (an earlier expression, an earlier view) is dropped. */
export function firstPerSpan(hits: readonly Hit[]): Hit[] {
  const kept: Hit[] = [];
  for (const h of hits) if (!kept.some((k) => h.start < k.end && k.start < h.end)) kept.push(h);
  return kept;
}
