import fc from 'fast-check';
import MarkdownIt from 'markdown-it';
import {
  htmlText as htmlEscape, MERMAID_LABEL_MAX, mdCell, mdCellCode, mdCode, mdText, mermaidId, mermaidLabel, visibleText,
} from '../../constructs/policy/report/escape';
import { details } from '../../constructs/policy/report/blocks';

// Every hostile input is rendered by markdown-it (GFM tables are on by default; html: true stands in for the HTML
// GitHub lets through, linkify: true for GitHub's bare-URL autolinks) in a table row (as text and as a code span),
// in a paragraph, in running text with a code span, and in a list item. The token stream must have exactly the
// structure the wrapper gives, no token the input could have caused, and text equal to visibleText(input).

type Token = ReturnType<MarkdownIt['parse']>[number];

const md = new MarkdownIt({ html: true, linkify: true });

/** Tokens only input could have produced: markup, HTML, links, line breaks, block structure. */
const FORBIDDEN = [
  'html_inline', 'html_block', 'link_open', 'image', 'heading_open', 'strong_open', 'em_open', 's_open', 'fence',
  'code_block', 'blockquote_open', 'bullet_list_open', 'ordered_list_open', 'hr', 'softbreak', 'hardbreak',
  'table_open', 'paragraph_open',
];

const LONG = 'A'.repeat(5000) + '|`*<'.repeat(500);

const CATALOGUE: readonly string[] = [
  // empty and pipes
  '', '|', 'a|b', '||', '| --- |', '\\|', '| a | b |\n| - | - |',
  // backticks and code
  '`', '``', '```', '``x``', '``SECURITY REVIEW PASSED``', '`code`', ' `x` ', '```js\nalert(1)\n```', '~~~', 'a`b``c```d',
  // HTML and entities
  '<script>alert(1)</script>', '<img src=x onerror=alert(1)>', '<!--', '-->', '<!-- hidden --> visible',
  '<details open><summary>x</summary>', '</td></tr></table>', '<a href="javascript:alert(1)">x</a>', '&lt;script&gt;',
  '&amp; &#60; &#x3C; &copy;', '<<>>&&', '<?php ?>', '<![CDATA[x]]>',
  // line breaks, controls, whitespace
  '\r', '\n', '\r\n', 'a\nb', 'line1\n| injected | row |', '\n\n# heading after a blank line', 'Setext\n---', 'a\\\nb',
  '\u2028', '\u2029', '\u0085', '\u0000', 'nul\u0000in the middle', '\t', '\tindented', '    four-space indent',
  ' leading and trailing ', '   ', 'two trailing spaces  ', '\u00a0nbsp\u00a0', '\u3000ideographic space\u3000',
  '\u000b\u000c\u001b[31mred\u001b[0m', '\u007f',
  // emphasis, links, autolinks
  '*bold*', '**strong**', '_em_', '__strong__', '~~strike~~', '~single~', '[link](http://x)', '[ref]: http://x',
  '[x]: <http://x> "title"', '![img](x)', '[![x](y)](z)', '<http://x>', '<user@example.com>', 'http://x.example/path',
  'https://example.com', 'www.example.com', 'user@example.com', 'example.com',
  // block starts
  '# heading', '###### h6', '---', '===', '***', '___', '> quote', '>> nested', '1. list', '1) list', '- item', '+ item',
  '* item', '- [x] done',
  // backslashes
  '\\', '\\\\', 'trailing backslash\\', '\\*not bold\\*', '/O=A\\/B/CN=x', 'C:\\Users\\x', '\\`',
  // template, math, Mermaid syntax
  '${env.SECRET}', '${', '%{', '{{ template }}', '$x^2$', '$$\n\\int\n$$', '%%{init: {"securityLevel":"loose"}}%%',
  '%%{init}', '%% comment', '"]; click A callback "alert" ; B["', 'click A href "javascript:alert(1)"', 'A --> B', 'end',
  'A-->|"x"|B', '#quot; #lt;script#gt;', '#35;', 'ﬂ°lt¶ß', "'single' \"double\"", '^sup^ ==mark== +ins+', '(c) -- ...',
  ':smile: @octocat #123',
  // Unicode
  '\u202eevil\u202c.exe', '\u2066isolate\u2069', '\u200b\u200d\ufeff', '\u00adsoft', '\u{e0041}\u{e0042}tag', '😀👍🏽👨‍👩‍👧',
  '🏳️‍🌈', '\ud800', '\udc00lone', '\ud83d', 'Ünïcödé ẞ 中文 עברית عربى', '\u0301combining at start', 'e\u0301',
  // long
  LONG, 'x'.repeat(80), 'x'.repeat(81),
];

type Part = { type: string; content: string };

/** Adjacent text parts merged. */
function merge(ps: Part[]): Part[] {
  const out: Part[] = [];
  for (const p of ps) {
    const last = out[out.length - 1];
    if (p.type === 'text' && last?.type === 'text') last.content += p.content;
    else out.push({ ...p });
  }
  return out;
}

/** An inline token's children as parts (markdown-it's text_join already merges most text). */
function parts(inline: Token): Part[] {
  return merge((inline.children ?? []).map((c) => ({ type: c.type, content: c.content })));
}

function flat(tokens: Token[]): Token[] {
  return tokens.flatMap((t) => [t, ...flat(t.children ?? [])]);
}

function count(tokens: Token[], type: string): number {
  return flat(tokens).filter((t) => t.type === type).length;
}

/** Token types present that the wrapper markdown did not put there (`allowed` is what the wrapper makes). */
function injected(tokens: Token[], allowed: Record<string, number>): string[] {
  return FORBIDDEN.filter((type) => count(tokens, type) !== (allowed[type] ?? 0));
}

function text(v: string): Part[] {
  return v === '' ? [] : [{ type: 'text', content: v }];
}

/** What a code span of visible text v shows: v itself, except that an all-space v shows `␠` per space. */
function codeShown(v: string): string {
  return /^ +$/.test(v) ? '\u2420'.repeat(v.length) : v;
}

function code(v: string): Part[] {
  return v === '' ? [] : [{ type: 'code_inline', content: codeShown(v) }];
}

/** The HTML markdown-it makes, as a browser reads it: tags gone, the five entities markdown-it emits decoded. */
function htmlText(html: string): string {
  return html.replace(/<[^>]*>/g, '')
    .replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, '&');
}

const TABLE_ALLOWED = { table_open: 1 };

/** Runs every Markdown context on one input; throws with a description of the first failure. */
function checkMarkdown(x: string): void {
  const v = visibleText(x);

  // No raw `<`, `>` or `&` reaches the Markdown: only the references the escaper writes.
  for (const out of [mdText(x), mdCell(x)]) expect(out.replace(/&(?:lt|gt|amp|#x[0-9a-f]+);/g, '')).not.toMatch(/[<>&]/);

  // A table: header, the hostile row (text, code span, a sentinel column) and a sentinel row after it.
  const table = `| name | value | tail |\n| --- | --- | --- |\n| ${mdCell(x)} | ${mdCellCode(x)} | end |\n| second | row | here |\n`;
  const tt = md.parse(table, {});
  expect(injected(tt, TABLE_ALLOWED)).toEqual([]);
  expect(count(tt, 'tr_open')).toBe(3);
  expect(count(tt, 'th_open')).toBe(3);
  expect(count(tt, 'td_open')).toBe(6);
  const cells = tt.filter((t) => t.type === 'inline').map(parts);
  expect(cells).toEqual([
    text('name'), text('value'), text('tail'),
    text(v), code(v), text('end'),
    text('second'), text('row'), text('here'),
  ]);
  const tds = Array.from(md.render(table).matchAll(/<td>([\s\S]*?)<\/td>/g), (m) => m[1]);
  expect(tds).toHaveLength(6);
  expect(tds.slice(0, 3).map(htmlText)).toEqual([v, codeShown(v), 'end']);
  expect(tds[1]).toBe(v === '' ? '' : `<code>${md.utils.escapeHtml(codeShown(v))}</code>`);

  // A paragraph of its own, so block syntax (headings, lists, quotes, rules, indented code) would apply.
  const pt = md.parse(`${mdText(x)}\n`, {});
  expect(injected(pt, { paragraph_open: v === '' ? 0 : 1 })).toEqual([]);
  expect(pt.map((t) => t.type)).toEqual(v === '' ? [] : ['paragraph_open', 'inline', 'paragraph_close']);
  if (v !== '') expect(parts(pt[1])).toEqual(text(v));
  expect(htmlText(md.render(`${mdText(x)}\n`))).toBe(v === '' ? '' : `${v}\n`);

  // Running text with a code span, and the same at the start of a line and right after the span.
  for (const src of [`before ${mdText(x)} ${mdCode(x)} after`, ...(v === '' ? [] : [`${mdCode(x)}${mdText(x)}`])]) {
    const rt = md.parse(`${src}\n`, {});
    expect(injected(rt, { paragraph_open: 1 })).toEqual([]);
    expect(rt.map((t) => t.type)).toEqual(['paragraph_open', 'inline', 'paragraph_close']);
    const expected = src.startsWith('before')
      ? [{ type: 'text', content: `before ${v} ` }, ...code(v), { type: 'text', content: ' after' }]
      : [...code(v), ...text(v)];
    expect(parts(rt[1])).toEqual(merge(expected));
  }

  // A list item.
  if (v !== '') {
    const lt = md.parse(`- ${mdText(x)}\n`, {});
    expect(injected(lt, { bullet_list_open: 1, paragraph_open: 1 })).toEqual([]);
    expect(count(lt, 'list_item_open')).toBe(1);
    expect(parts(lt.find((t) => t.type === 'inline')!)).toEqual(text(v));
  }
}

/**
 * A `<details>` block whose summary is the input, as report.md writes it: the opening line stays one raw-HTML
 * block with nothing but our tags, a browser shows the summary as visibleText(input), and the body after it is
 * still Markdown (a paragraph), followed by our closing tag.
 */
function checkDetails(x: string): void {
  const v = visibleText(x);
  const escaped = htmlEscape(x);
  expect(escaped.replace(/&(?:lt|gt|amp|quot|#39);/g, '')).not.toMatch(/[<>&"']/);
  const tokens = md.parse(details(x, ['body text']).join('\n'), {});
  expect(tokens.map((t) => t.type)).toEqual(['html_block', 'paragraph_open', 'inline', 'paragraph_close', 'html_block']);
  expect(tokens[0].content).toBe(`<details><summary>${escaped}</summary>\n`);
  expect(tokens[2].content).toBe('body text');
  expect(tokens[4].content).toBe('</details>\n');
  const html = md.render(details(x, ['body text']).join('\n'));
  const summary = /^<details><summary>(.*)<\/summary>\n/.exec(html)![1];
  expect(htmlText(summary)).toBe(v);
}

/** What Mermaid shows for a label: its `#name;` / `#123;` entity codes decoded. */
function mermaidDecode(label: string): string {
  const named: Record<string, string> = { quot: '"', lt: '<', gt: '>', amp: '&' };
  return label.replace(/#(\w+);/g, (_m, n: string) => (/^\d+$/.test(n) ? String.fromCodePoint(Number(n)) : named[n] ?? `#${n};`));
}

const segmenter = new Intl.Segmenter('en', { granularity: 'grapheme' });

function graphemes(s: string): string[] {
  return Array.from(segmenter.segment(s), (g) => g.segment);
}

function checkMermaid(x: string): void {
  const label = mermaidLabel(x);
  for (const bad of ['"', '[', ']', '\n', '\r', '`', '%', '<', '>', '|', '{', '}', '\u2028', '\u2029']) expect(label).not.toContain(bad);
  expect(label).toMatch(/^(?:[\p{L}\p{M}\p{N} ,.:/_=+@…-]|#(?:quot|lt|gt|amp|\d+);)*$/u);
  const shown = mermaidDecode(label);
  const v = graphemes(visibleText(x));
  expect(graphemes(shown).length).toBeLessThanOrEqual(MERMAID_LABEL_MAX);
  if (v.length <= MERMAID_LABEL_MAX) expect(shown).toBe(v.join(''));
  else expect(shown).toBe(`${v.slice(0, MERMAID_LABEL_MAX - 1).join('')}…`);

  // In a ```mermaid block in report.md the node stays one line and the fence holds.
  const id = mermaidId(x);
  const diagram = `flowchart LR\n  ${id}["${label}"] -->|"${label}"| n_end\n`;
  const ft = md.parse(`\`\`\`mermaid\n${diagram}\`\`\`\n\nafter\n`, {});
  expect(ft.map((t) => t.type)).toEqual(['fence', 'paragraph_open', 'inline', 'paragraph_close']);
  expect(ft[0].info).toBe('mermaid');
  expect(ft[0].content).toBe(diagram);
}

describe('hostile catalogue', () => {
  test('has at least 60 distinct inputs', () => {
    expect(new Set(CATALOGUE).size).toBe(CATALOGUE.length);
    expect(CATALOGUE.length).toBeGreaterThanOrEqual(60);
  });

  const cases = CATALOGUE.map((x) => [JSON.stringify(x).slice(0, 70), x] as const);
  test.each(cases)('Markdown contexts: %s', (_name, x) => checkMarkdown(x));
  test.each(cases)('Mermaid label: %s', (_name, x) => checkMermaid(x));
  test.each(cases)('<details> summary: %s', (_name, x) => checkDetails(x));

  test('Mermaid ids are [A-Za-z0-9_], distinct and deterministic for every input', () => {
    const ids = CATALOGUE.map((x) => mermaidId(x));
    for (const id of ids) expect(id).toMatch(/^n_[A-Za-z0-9_]+$/);
    expect(new Set(ids).size).toBe(CATALOGUE.length);
    expect(CATALOGUE.map((x) => mermaidId(x))).toEqual(ids);
  });
});

describe('property: any string', () => {
  // Strings built from the characters that matter, and arbitrary code points (lone surrogates included).
  const hostileUnit = fc.constantFrom(
    '|', '\\', '`', '*', '_', '[', ']', '(', ')', '!', '#', '<', '>', '&', '~', '$', '%', '{', '}', '"', "'", ':', '.',
    '-', '+', '=', '@', '/', ';', ' ', '  ', '    ', '\t', '\n', '\r', '\u2028', '\u0000', '\u00a0', '\u202e', 'a', '1',
    'www', 'http', '<!--', '-->', '&lt;', '#quot;', '%%', '😀', '\ud800', 'é',
  );
  const strings = fc.oneof(fc.string({ unit: hostileUnit, maxLength: 40 }), fc.string({ unit: 'binary', maxLength: 40 }));

  test('Markdown contexts', () => fc.assert(fc.property(strings, (x) => { checkMarkdown(x); }), { numRuns: 1000 }));
  test('Mermaid labels', () => fc.assert(fc.property(strings, (x) => { checkMermaid(x); }), { numRuns: 1000 }));
  test('<details> summaries', () => fc.assert(fc.property(strings, (x) => { checkDetails(x); }), { numRuns: 1000 }));
  test('Mermaid ids differ when the strings differ', () => fc.assert(fc.property(strings, strings, (a, b) => {
    expect(mermaidId(a) === mermaidId(b)).toBe(a === b);
  }), { numRuns: 1000 }));
});

describe('visibleText', () => {
  test.each([
    ['a\r\nb', 'a␍␊b'], ['\t', '␉'], ['\u0000', '␀'], ['\u001b', '␛'], ['\u007f', '␡'], ['\u0085', '⟨U+0085⟩'],
    ['\u2028\u2029', '⟨U+2028⟩⟨U+2029⟩'], ['\u202e', '⟨U+202E⟩'], ['\u200b', '⟨U+200B⟩'], ['\ud800', '⟨U+D800⟩'],
    ['\u{e0041}', '⟨U+E0041⟩'], ['👨‍👩‍👧', '👨‍👩‍👧'], ['plain', 'plain'],
  ])('%j shows as %j', (x, shown) => expect(visibleText(x)).toBe(shown));
});

describe('code spans', () => {
  test.each([
    ['x', '`x`'], ['a`b', '``a`b``'], ['``x``', '``` ``x`` ```'], ['`', '`` ` ``'], [' a', '`  a `'], ['a ', '` a  `'], ['  ', '`␠␠`'], ['', ''],
    ['/O=A\\/B/CN=x', '`/O=A\\/B/CN=x`'],
  ])('mdCode(%j) is %j', (x, out) => expect(mdCode(x)).toBe(out));

  test('in a table cell a pipe is \\| and the cell still shows the exact text', () => {
    expect(mdCellCode('a|b\\|c')).toBe('`a\\|b\\\\|c`');
    const html = md.render(`| h |\n| - |\n| ${mdCellCode('/O=A\\/B|C/CN=x')} |\n`);
    expect(html).toContain('<td><code>/O=A\\/B|C/CN=x</code></td>');
  });

  test('a certificate subject reads exactly in running text', () => {
    expect(md.renderInline(mdCode('/O=A\\/B/CN=x'))).toBe('<code>/O=A\\/B/CN=x</code>');
  });
});

describe('mdCell', () => {
  test('takes numbers and undefined', () => {
    expect(mdCell(42)).toBe('42');
    expect(mdCell(undefined)).toBe('');
    expect(mdCellCode(undefined)).toBe('');
  });
});

describe('mermaidLabel', () => {
  test('uses the entity codes Mermaid documents', () => {
    expect(mermaidLabel('"<a & b>" #1')).toBe('#quot;#lt;a #amp; b#gt;#quot; #35;1');
    expect(mermaidLabel('%%{init}%%')).toBe('#37;#37;#123;init#125;#37;#37;');
  });

  test('caps the text with …, counting an emoji as one character', () => {
    expect(mermaidLabel('x'.repeat(80))).toBe('x'.repeat(80));
    expect(mermaidLabel('x'.repeat(81))).toBe(`${'x'.repeat(79)}…`);
    expect(mermaidDecode(mermaidLabel('👨‍👩‍👧'.repeat(100), 3))).toBe('👨‍👩‍👧👨‍👩‍👧…');
    expect(() => mermaidLabel('x', 0)).toThrow(/max/);
  });
});

describe('mermaidId', () => {
  test('is stable across runs and machines', () => {
    expect(mermaidId('scylla/node-0')).toBe('n_scylla_node_0_6ddec7077cfb87fb');
    expect(mermaidId('', 'ca')).toBe('ca_e3b0c44298fc1c14');
  });

  test('separates strings a slug or a UTF-8 hash would merge', () => {
    expect(mermaidId('a-b')).not.toBe(mermaidId('a_b'));
    expect(mermaidId('a b')).not.toBe(mermaidId('a  b'));
    expect(mermaidId('\ud800')).not.toBe(mermaidId('\ufffd'));
    expect(mermaidId('x', 'ca')).not.toBe(mermaidId('x', 'cert'));
  });

  test('is never a Mermaid keyword and never starts with o or x', () => {
    expect(mermaidId('end')).toMatch(/^n_end_[0-9a-f]{16}$/);
    expect(() => mermaidId('x', 'o')).toThrow(/prefix/);
    expect(() => mermaidId('x', 'x1')).toThrow(/prefix/);
    expect(() => mermaidId('x', '1a')).toThrow(/prefix/);
    expect(() => mermaidId('x', 'a-b')).toThrow(/prefix/);
  });
});
