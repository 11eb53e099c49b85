/**
 * An HTML template tag that escapes every interpolation unless it is markup already: the debtor's
 * page interpolates what the database and the query string hold, and one forgotten `esc()` in
 * string concatenation is a hole. Here forgetting is safe — a plain value is always text — and
 * letting markup through is explicit: a fragment made by `html`, or `unsafeHtml` for a constant.
 *
 * The escaping is right for element content and for quoted attribute values (every attribute of
 * the page is quoted), not for unquoted attributes, URLs given by a user, `<script>` or `<style>`.
 */

const ESCAPES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** `text` with every character that could start markup, an entity or end a quoted attribute escaped. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => ESCAPES[ch]!);
}

/** Not exported: markup is made only by `html` and `unsafeHtml`. */
class Markup {
  constructor(private readonly markup: string) {}

  toString(): string {
    return this.markup;
  }
}

/** Markup that goes into a page as it is. */
export type SafeHtml = Markup;

/**
 * What a template takes: markup as it is; a string or number as text (escaped); a list, each item
 * by these rules; `false`, `null` and `undefined` as nothing (`${cond && html`…`}`).
 */
export type HtmlValue = SafeHtml | string | number | bigint | false | null | undefined | readonly HtmlValue[];

function render(value: HtmlValue): string {
  if (value instanceof Markup) return value.toString();
  if (typeof value === 'string') return escapeHtml(value);
  if (typeof value === 'number' || typeof value === 'bigint') return escapeHtml(String(value));
  if (value === false || value === null || value === undefined) return '';
  if (Array.isArray(value)) return (value as readonly HtmlValue[]).map(render).join('');
  // `true`, an object, a function: a mistake that would show as "true" or "[object Object]".
  throw new TypeError(`html: cannot put a ${typeof value} in a page`);
}

/** The template's text as written, each interpolation escaped unless it is markup. */
export function html(strings: TemplateStringsArray, ...values: readonly HtmlValue[]): SafeHtml {
  let out = strings[0] ?? '';
  for (let i = 0; i < values.length; i++) out += render(values[i]) + (strings[i + 1] ?? '');
  return new Markup(out);
}

/** The values in order with `separator` (text, escaped) between them. */
export function joinHtml(values: readonly HtmlValue[], separator: string): SafeHtml {
  return new Markup(values.map(render).join(escapeHtml(separator)));
}

/**
 * Markup written elsewhere and vouched for, inserted as it is — a constant such as the page's
 * stylesheet (inside `<style>` an escaped quote would stay `&quot;`). Never for data.
 */
export function unsafeHtml(markup: string): SafeHtml {
  return new Markup(markup);
}
