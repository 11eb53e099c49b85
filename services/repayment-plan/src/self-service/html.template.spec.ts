import fc from 'fast-check';
import { escapeHtml, html, joinHtml, unsafeHtml } from './html.template';

/** What a browser reads back from escaped text (the five entities escapeHtml writes). */
const unescape = (text: string): string =>
  text
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&');

/** Strings rich in what markup is made of, beside arbitrary ones. */
const hostile = fc.oneof(
  fc.string(),
  fc.string({ unit: fc.constantFrom('<', '>', '"', "'", '&', '=', '/', ' ', '\n', 'a', '!', '-', ';', '#', '中', 'é') }),
  fc.constantFrom('<script>alert(1)</script>', '"><img src=x onerror=alert(1)>', "' onmouseover='x", '&lt;', '&amp;lt;', '</textarea><b>', '<!--', ']]>'),
);

describe('html`…`', () => {
  it('escapes the five characters that start markup or entities, or end a quoted attribute', () => {
    expect(html`<p title="${`a"b'c`}">${'<b>x & y</b>'}</p>`.toString()).toBe('<p title="a&quot;b&#39;c">&lt;b&gt;x &amp; y&lt;/b&gt;</p>');
    expect(escapeHtml('&amp;')).toBe('&amp;amp;');
  });

  it('keeps its own text as written, and markup made by html as it is (escaped once, never twice)', () => {
    const inner = html`<b>${'1 < 2'}</b>`;
    expect(html`<p>${inner}</p>`.toString()).toBe('<p><b>1 &lt; 2</b></p>');
    expect(html`<input pattern="\\d{2}">`.toString()).toBe('<input pattern="\\d{2}">');
  });

  it('shows numbers, renders lists item by item, and nothing for false, null and undefined', () => {
    expect(html`<td>${7}</td><td>${12n}</td>`.toString()).toBe('<td>7</td><td>12</td>');
    expect(html`<ul>${['<a>', html`<li>b</li>`, ['c', false]]}</ul>`.toString()).toBe('<ul>&lt;a&gt;<li>b</li>c</ul>');
    const approval = false as boolean;
    expect(html`[${approval && html`<p>x</p>`}${null}${undefined}]`.toString()).toBe('[]');
  });

  it('refuses what would show as "true" or "[object Object]"', () => {
    // The type refuses both already; the check is for values that come untyped (parsed JSON, a query).
    // @ts-expect-error -- `true` is not an HtmlValue
    expect(() => html`${true}`).toThrow(TypeError);
    // @ts-expect-error -- an object that is not markup is not an HtmlValue
    expect(() => html`${{ toString: () => '<b>' }}`).toThrow(TypeError);
  });

  it('lets markup through only when asked to, by name', () => {
    expect(html`<style>${unsafeHtml('a{font:"x"}')}</style>`.toString()).toBe('<style>a{font:"x"}</style>');
  });

  it('joins values with a separator, escaping both', () => {
    expect(joinHtml([html`<p>a</p>`, '<b>'], '\n').toString()).toBe('<p>a</p>\n&lt;b&gt;');
    expect(joinHtml(['a', 'b'], '<br>').toString()).toBe('a&lt;br&gt;b');
  });

  it('no interpolated string can inject markup: in text or a quoted attribute it reads back as itself, with no <, >, " or \' left', () => {
    fc.assert(
      fc.property(hostile, hostile, (text, attribute) => {
        const out = html`<p title="${attribute}">${text}</p>`.toString();
        const match = /^<p title="([^<>"']*)">([^<>"']*)<\/p>$/.exec(out);
        expect(match).not.toBeNull();
        expect(unescape(match![1]!)).toBe(attribute);
        expect(unescape(match![2]!)).toBe(text);
        // Every & begins one of the entities escapeHtml writes: none is left over from the input.
        expect(out.replace(/&(amp|lt|gt|quot|#39);/g, '')).not.toContain('&');
      }),
    );
  });

  it('no interpolated string can inject markup through nested fragments and lists: the tags are the template’s', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(hostile, hostile), { maxLength: 8 }), (rows) => {
        const out = html`<ul>${rows.map(([id, text]) => html`<li data-id="${id}">${text}</li>`)}</ul>`.toString();
        const tags = out.match(/<[^>]*>/g) ?? [];
        expect(tags).toEqual(['<ul>', ...rows.flatMap(([id]) => [`<li data-id="${escapeHtml(id)}">`, '</li>']), '</ul>']);
        expect(tags.every((tag) => /^<\/?[a-z]+( [a-z-]+="[^"<>]*")*>$/.test(tag))).toBe(true);
      }),
    );
  });
});
