import { createHash } from 'node:crypto';

// Escaping for every place a user-supplied string (a resource name, a certificate subject, a waiver reason,
// an approver) lands in report.md, which a reviewer reads as a GitHub pull-request comment. Each function
// gives one context's guarantee; pick the one for where the string goes, never concatenate raw input.
//
// Every function first applies `visibleText`, so what the reviewer sees is the input with invisible or
// line-breaking characters replaced by a visible stand-in; the rest of the input renders exactly.
//
// Not covered (GitHub post-processes rendered text, no Markdown escape reaches it): `@name` mentions,
// `#123` / commit-SHA references and `:emoji:` shortcodes in plain text and table text. In code spans
// (`mdCode`, `mdCellCode`) GitHub leaves all three alone.
//
// This module imports nothing from the rest of constructs/.

/**
 * Characters replaced by `visibleText`: C0 and C1 controls and DEL (line breaks, NUL, tabs, escape sequences),
 * the Unicode line and paragraph separators, bidirectional controls (Trojan Source, CVE-2021-42574), invisible
 * format characters (zero-width space, word joiner, BOM, soft hyphen, Hangul fillers, invisible operators),
 * tag characters and variation selectors 17-256 (both hide text), and lone surrogates.
 * Kept: ZWJ/ZWNJ and variation selectors 1-16, which emoji and many scripts need.
 */
const INVISIBLE =
  /[\u0000-\u001f\u007f-\u009f\u00ad\u061c\u115f\u1160\u17b4\u17b5\u180e\u200b\u200e\u200f\u2028-\u202e\u2060-\u2064\u2066-\u206f\u3164\uffa0\ufeff\ufff9-\ufffb\ud800-\udfff\u{e0000}-\u{e007f}\u{e0100}-\u{e01ef}]/gu;

/**
 * The text every escaper below makes the reviewer see: why — a CR, LF, U+2028 or NUL must not break a row,
 * a line or a label, and an RTL override or zero-width space must not make a string read as something else.
 * C0 controls become their Control Pictures (LF `␊`, CR `␍`, tab `␉`, NUL `␀`, ESC `␛`), DEL `␡`, every other
 * character in INVISIBLE `⟨U+XXXX⟩` (U+2028 `⟨U+2028⟩`, U+202E `⟨U+202E⟩`, a lone surrogate `⟨U+D800⟩`).
 * Tests compare rendered text with this.
 */
export function visibleText(s: string): string {
  return s.replace(INVISIBLE, (c) => {
    const cp = c.codePointAt(0)!;
    if (cp <= 0x1f) return String.fromCharCode(0x2400 + cp);
    if (cp === 0x7f) return '\u2421';
    return `⟨U+${cp.toString(16).toUpperCase().padStart(4, '0')}⟩`;
  });
}

/** ASCII punctuation: CommonMark's backslash-escapable set, the only characters that can start Markdown syntax. */
const MD_PUNCT = /[!"#$%&'()*+,\-./:;<=>?@[\\\]^_`{|}~]/g;
/** What String.prototype.trim (markdown-it) and the GFM table parser strip from the ends of a paragraph or cell. */
const EDGE_SPACE = /^\s+|\s+$/g;

/**
 * Plain inline text for a paragraph, list item or heading: why — input must not start emphasis, strikethrough,
 * links, images, autolinks (`<http://x>`, and GitHub's bare `www.`/`http://`/email autolinks), HTML or comments
 * (`<!--`), entities, headings, lists, quotes, rules, code or math (`$`), and must not end the line.
 * Every ASCII punctuation character is backslash-escaped except `<` `>` `&`, which become `&lt;` `&gt;` `&amp;`;
 * leading and trailing whitespace becomes numeric references (`&#x20;`) so it is neither trimmed nor read as
 * indentation (an indented code block). Also safe in a GFM table cell: `\|` keeps a pipe from splitting it.
 */
export function mdText(s: string): string {
  return visibleText(s)
    .replace(MD_PUNCT, (c) => (c === '<' ? '&lt;' : c === '>' ? '&gt;' : c === '&' ? '&amp;' : `\\${c}`))
    .replace(EDGE_SPACE, (ws) => Array.from(ws, (c) => `&#x${c.codePointAt(0)!.toString(16)};`).join(''));
}

/**
 * Text in a GFM pipe-table cell: why — on top of `mdText`'s guarantees, a `|` must not split the cell and a line
 * break must not end the row. `mdText` already escapes `|` as `\|` (the table parser drops the backslash before
 * splitting, so the cell reads `|`) and makes line breaks visible, so this is `mdText` under the name that says
 * where it is used.
 */
export function mdCell(s: string | number | undefined): string {
  return mdText(String(s ?? ''));
}

/**
 * Text inside HTML this report writes itself, such as a `<details>` block's `<summary>`: why — GitHub and
 * markdown-it take a line that starts with `<details>` as raw HTML, so no Markdown escape applies there, and input
 * must not close the summary or the block (`</summary>`, `</details>`), open a tag or comment, or end the line.
 * `&`, `<`, `>`, `"` and `'` become `&amp;` `&lt;` `&gt;` `&quot;` `&#39;` (a browser shows them as typed); a
 * backslash stays a backslash; line breaks were made visible by `visibleText`.
 */
export function htmlText(s: string | number): string {
  return visibleText(String(s)).replace(/[&<>"']/g, (c) => HTML_ENTITY[c]);
}

const HTML_ENTITY: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/**
 * A code span for running text (paragraphs, list items): why — the text must show exactly, backslashes and all
 * (`/O=A\/B/CN=x` reads `/O=A\/B/CN=x`), which backslash escaping cannot give. Do not use it in a table cell:
 * a `|` in it would split the cell; use `mdCellCode`. The empty string gives '' (no span); an all-space string
 * shows one `␠` per space.
 */
export function mdCode(s: string): string {
  return codeSpan(visibleText(s), false);
}

/**
 * A code span inside a GFM table cell: why — GFM splits cells on every unescaped `|`, even inside a code span,
 * and removes the backslash of `\|` before inline parsing, so here each `|` is written `\|` and the span still
 * shows exactly the input. In running text the backslash would show; use `mdCode` there.
 */
export function mdCellCode(s: string | number | undefined): string {
  return codeSpan(visibleText(String(s ?? '')), true);
}

/**
 * The fence is one backtick longer than the longest backtick run inside, so no inner run closes it. CommonMark
 * strips one space from each end when both ends are spaces, so a content that starts or ends with a backtick or
 * a space is padded with one space on each side. A content of spaces only would be an empty-looking box, and
 * there GitHub (no stripping, per the spec) and markdown-it (strips from three spaces on) disagree, so each of
 * its spaces shows as `␠`. Line endings cannot occur: `visibleText` has replaced them.
 */
function codeSpan(shown: string, inTable: boolean): string {
  if (shown === '') return '';
  const v = /^ +$/.test(shown) ? '\u2420'.repeat(shown.length) : shown;
  let longest = 0; // a loop, not Math.max(...runs): a huge input would overflow the argument list
  for (const m of v.matchAll(/`+/g)) longest = Math.max(longest, m[0].length);
  const fence = '`'.repeat(longest + 1);
  const pad = /^[ `]|[ `]$/.test(v) ? ' ' : '';
  const body = inTable ? v.replace(/\|/g, '\\|') : v;
  return `${fence}${pad}${body}${pad}${fence}`;
}

/** Default cap, in user-perceived characters (grapheme clusters), on a Mermaid label. */
export const MERMAID_LABEL_MAX = 80;

/** Characters a Mermaid label keeps as they are; everything else becomes a Mermaid entity code. */
const MERMAID_PLAIN = /[^\p{L}\p{M}\p{N} ,.:/_=+@…-]/gu;
const MERMAID_NAMED: Readonly<Record<string, string>> = { '"': 'quot', '<': 'lt', '>': 'gt', '&': 'amp', '#': '35' };

/**
 * The text of a Mermaid flowchart node or edge label, for `id["<here>"]` or `a -->|"<here>"| b`: why — input must
 * not close the label, the node or the ```mermaid fence, start a directive (`%%{init}`), a comment, a `click` or
 * markdown string (backtick), or inject HTML (Mermaid renders HTML in labels), and a long name must not stretch the
 * diagram. Only letters, marks, digits, space and `, . : / _ = + @ … -` stay as they are; every other character is a
 * Mermaid entity code: `#quot;` `#lt;` `#gt;` `#amp;` `#35;` (`#`), else `#<decimal code point>;` (`[` `#91;`,
 * `%` `#37;`, backtick `#96;`, emoji too). The visible text is capped at `max` grapheme clusters, the last being `…`.
 */
export function mermaidLabel(s: string, max: number = MERMAID_LABEL_MAX): string {
  if (!Number.isInteger(max) || max < 1) throw new Error(`mermaidLabel: max must be a positive integer, got ${max}`);
  return truncateGraphemes(visibleText(s), max).replace(MERMAID_PLAIN, (c) => `#${MERMAID_NAMED[c] ?? c.codePointAt(0)};`);
}

let graphemeSegmenter: Intl.Segmenter | undefined;

/** At most `max` grapheme clusters, the last one `…` when the text was cut; never splits an emoji or a surrogate pair. */
function truncateGraphemes(s: string, max: number): string {
  if (s.length <= max) return s; // a cluster is at least one code unit
  graphemeSegmenter ??= new Intl.Segmenter('en', { granularity: 'grapheme' });
  const clusters = Array.from(graphemeSegmenter.segment(s), (x) => x.segment);
  return clusters.length <= max ? s : `${clusters.slice(0, max - 1).join('')}…`;
}

/**
 * A Mermaid node id for an arbitrary string: why — ids may only be `[A-Za-z0-9_]`, must differ for different
 * strings (a map from name to `kind0`, `kind1` depends on insertion order; a slug alone collides), must be the same
 * on every run so report.md diffs are stable, and must not be a Mermaid keyword (`end`) or start an edge end marker
 * (`o`/`x`). The result is `<prefix>_<slug>_<hash>`: the slug is up to 24 ASCII letters and digits of the input for
 * the human reading the source, the hash the first 64 bits of SHA-256 over the input's UTF-16 code units (so two
 * strings collide only if SHA-256 does on 64 bits; lone surrogates are hashed as they are).
 */
export function mermaidId(s: string, prefix: string = 'n'): string {
  if (!/^[A-Za-z][A-Za-z0-9_]*$/.test(prefix) || /^[ox]/.test(prefix)) {
    throw new Error(`mermaidId: prefix must match [A-Za-z][A-Za-z0-9_]* and not start with o or x, got ${JSON.stringify(prefix)}`);
  }
  const slug = s.replace(/[^A-Za-z0-9]+/g, '_').replace(/^_+/, '').slice(0, 24).replace(/_+$/, '');
  const hash = createHash('sha256').update(Buffer.from(s, 'utf16le')).digest('hex').slice(0, 16);
  return slug ? `${prefix}_${slug}_${hash}` : `${prefix}_${hash}`;
}

/** The longest run of a label, in grapheme clusters, that `mermaidWrappedLabel` leaves without a break opportunity. */
export const MERMAID_RUN_MAX = 20;

/** Where a long run of a label may break: after these, a path, a domain name or a subject reads on. */
const MERMAID_BREAK_AFTER = /^[/.,_=:@+]$/;

/**
 * `mermaidLabel` for a label that must wrap within Mermaid's 200 px label width: why — Mermaid wraps a label at
 * spaces and hyphens only, so a construct path, a DNS name or a hostile id with neither is drawn as one line as
 * wide as it is long, and the whole diagram is scaled down to fit the comment column. Every run longer than `run`
 * grapheme clusters without a space or hyphen gets a zero-width space (written `#8203;`) after its last `/ . , _
 * = : @ +` within the run, else after `run` clusters: the text shown is the same, it only may wrap there.
 */
export function mermaidWrappedLabel(s: string, max: number = MERMAID_LABEL_MAX, run: number = MERMAID_RUN_MAX): string {
  if (!Number.isInteger(run) || run < 2) throw new Error(`mermaidWrappedLabel: run must be an integer of at least 2, got ${run}`);
  const shown = mermaidLabel(s, max);
  // Split the escaped text back into what the reader sees: an entity code is one character.
  const units = shown.match(/#(?:quot|lt|gt|amp|\d+);|[\s\S]/gu) ?? [];
  const out: string[] = [];
  let joined = false; // the previous unit was a zero-width joiner: this one belongs to the same grapheme
  let length = 0; // of the run so far
  let breakAt = -1; // index in out after which the run may break
  for (const u of units) {
    out.push(u);
    if (u === ' ' || u === '-') {
      length = 0;
      breakAt = -1;
      continue;
    }
    // A mark, a joiner and what a joiner joins continue the grapheme before them: no break goes there.
    const continues = joined || u === '#8205;' || /^\p{M}$/u.test(u);
    joined = u === '#8205;';
    if (continues) continue;
    length++;
    if (length > run) {
      // Before this character: after the run's last `/`-like character, else right here.
      const at = breakAt > 0 ? breakAt : out.length - 1;
      out.splice(at, 0, '#8203;');
      length = out.length - at - 1;
      breakAt = -1;
    }
    if (MERMAID_BREAK_AFTER.test(u)) breakAt = out.length;
  }
  return out.join('');
}
