/**
 * The structure of report.md as a Markdown renderer sees it: headings, raw HTML, links, fences,
 * code spans and tables (with each cell's text and code spans). markdown-it (CommonMark + GFM
 * tables, `html: true` so raw HTML shows up as tokens instead of being escaped) when it is
 * installed; otherwise a strict line-based reading of the same constructs.
 */
export interface MdCell {
  /** The cell's text as rendered (code span contents included, markup removed). */
  readonly text: string;
  readonly code: string[];
}

export interface MdStructure {
  readonly engine: 'markdown-it' | 'fallback';
  readonly headings: string[];
  readonly html: string[];
  readonly links: string[];
  /** Fenced and indented code blocks: `info` is the fence's info string ('(indented)' for indented code). */
  readonly fences: { info: string; content: string }[];
  readonly codeSpans: string[];
  readonly tables: { header: string[]; rows: MdCell[][] }[];
  /** Text outside code spans, code blocks and tables' code spans, for marker searches. */
  readonly plainText: string[];
  /** The text of each list item's first paragraph (code spans included), nested items too, in order. */
  readonly listItems: string[];
}

/** The only raw HTML report.md writes itself: a `<details>` block's opening line (summary escaped) and its end. */
const OWN_HTML = /^<details><summary>[^<>]*<\/summary>\n?$|^<\/details>\n?$/;

let markdownIt: any | null | undefined;

function loadMarkdownIt(): any | null {
  if (markdownIt === undefined) {
    // TLSFLEET_HOSTILE_NO_MARKDOWN_IT=1 exercises the fallback reading below.
    if (process.env.TLSFLEET_HOSTILE_NO_MARKDOWN_IT) return (markdownIt = null);
    try {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const MarkdownIt = require('markdown-it');
      markdownIt = new MarkdownIt({ html: true, linkify: false });
    } catch {
      markdownIt = null;
    }
  }
  return markdownIt;
}

export function parseMarkdown(src: string): MdStructure {
  const md = loadMarkdownIt();
  return md ? withMarkdownIt(md, src) : fallback(src);
}

function withMarkdownIt(md: any, src: string): MdStructure {
  const tokens: any[] = md.parse(src, {});
  const out: MdStructure = { engine: 'markdown-it', headings: [], html: [], links: [], fences: [], codeSpans: [], tables: [], plainText: [], listItems: [] };
  let table: { header: string[]; rows: MdCell[][] } | undefined;
  let row: MdCell[] | undefined;
  let inHead = false;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    switch (t.type) {
      case 'html_block': out.html.push(t.content); break;
      case 'fence': out.fences.push({ info: t.info.trim(), content: t.content }); break;
      case 'code_block': out.fences.push({ info: '(indented)', content: t.content }); break;
      case 'table_open': table = { header: [], rows: [] }; out.tables.push(table); break;
      case 'table_close': table = undefined; break;
      case 'thead_open': inHead = true; break;
      case 'thead_close': inHead = false; break;
      case 'tr_open': row = []; break;
      case 'tr_close': if (table && row && !inHead) table.rows.push(row); row = undefined; break;
      case 'inline': {
        const cell: MdCell = { text: '', code: [] };
        let text = '';
        // A heading's structure is its text outside code spans: a marker inside one is shown literally.
        let plain = '';
        for (const c of t.children ?? []) {
          if (c.type === 'html_inline') out.html.push(c.content);
          else if (c.type === 'link_open') out.links.push(c.attrGet('href') ?? '');
          else if (c.type === 'image') out.links.push(c.attrGet('src') ?? '');
          else if (c.type === 'code_inline') { out.codeSpans.push(c.content); cell.code.push(c.content); text += c.content; }
          else if (c.type === 'text') { out.plainText.push(c.content); text += c.content; plain += c.content; }
          else if (c.type === 'softbreak' || c.type === 'hardbreak') text += '\n';
        }
        if (tokens[i - 1]?.type === 'paragraph_open' && tokens[i - 2]?.type === 'list_item_open') out.listItems.push(text);
        if (tokens[i - 1]?.type === 'heading_open') out.headings.push(plain);
        else if (table && row && tokens[i - 1]?.type === 'th_open') table.header.push(text);
        else if (table && row) row.push({ text, code: cell.code });
        break;
      }
      default: break;
    }
  }
  return out;
}

// TODO(markdown-it): this line-based reading stands in while markdown-it is not installed; it follows
// CommonMark/GFM for what report.md uses (ATX/setext headings, fences, pipe tables, code spans), not all of it.
function fallback(src: string): MdStructure {
  const out: MdStructure = { engine: 'fallback', headings: [], html: [], links: [], fences: [], codeSpans: [], tables: [], plainText: [], listItems: [] };
  const lines = src.split(/\r\n?|\n/);
  let fence: { marker: string; info: string; body: string[] } | undefined;
  let table: { header: string[]; rows: MdCell[][] } | undefined;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    if (fence) {
      if (new RegExp(`^ {0,3}${fence.marker[0]}{${fence.marker.length},}\\s*$`).test(line)) {
        out.fences.push({ info: fence.info, content: fence.body.join('\n') + '\n' });
        fence = undefined;
      } else fence.body.push(line);
      continue;
    }
    const open = /^ {0,3}(`{3,}|~{3,})(.*)$/.exec(line);
    if (open && !(open[1][0] === '`' && open[2].includes('`'))) {
      table = undefined;
      fence = { marker: open[1], info: open[2].trim(), body: [] };
      continue;
    }
    if (line.trim() === '') { table = undefined; continue; }
    if (/^ {4,}\S/.test(line) && !table && (i === 0 || lines[i - 1].trim() === '')) { out.fences.push({ info: '(indented)', content: line }); continue; }
    const atx = /^ {0,3}#{1,6}(?:\s+(.*?))?\s*#*\s*$/.exec(line);
    if (atx) { table = undefined; out.headings.push(inline(atx[1] ?? '', out).text); continue; }
    if (/^ {0,3}(=+|-+)\s*$/.test(line) && i > 0 && lines[i - 1].trim() !== '' && !table && !/^\s*\|/.test(lines[i - 1])) {
      out.headings.push(inline(lines[i - 1].trim(), out).text);
      continue;
    }
    if (/^ {0,3}(<!--|<\?|<![A-Za-z]|<\/?[A-Za-z][A-Za-z0-9-]*(\s|\/?>|$))/.test(line)) out.html.push(line);
    const item = /^\s*[-*+] (.*)$/.exec(line);
    if (item && !table) out.listItems.push(inline(item[1], { ...out, codeSpans: [], plainText: [], html: [], links: [] }).text);
    if (!table && /\|/.test(line) && i + 1 < lines.length && /^\s*\|?\s*:?-+:?\s*(\|\s*:?-+:?\s*)*\|?\s*$/.test(lines[i + 1])) {
      table = { header: splitRow(line).map((c) => inline(c, out).text), rows: [] };
      out.tables.push(table);
      i++;
      continue;
    }
    if (table) { table.rows.push(splitRow(line).map((c) => inline(c, out))); continue; }
    inline(line, out);
  }
  return out;
}

/** Splits a table row on pipes not escaped with a backslash (GFM: also inside code spans). */
function splitRow(line: string): string[] {
  const cells: string[] = [];
  let cur = '';
  for (let i = 0; i < line.length; i++) {
    if (line[i] === '\\' && line[i + 1] === '|') { cur += '|'; i++; continue; }
    if (line[i] === '|') { cells.push(cur); cur = ''; continue; }
    cur += line[i];
  }
  cells.push(cur);
  if (/^\s*\|/.test(line)) cells.shift();
  if (/\|\s*$/.test(line.replace(/\\\|/g, ''))) cells.pop();
  return cells.map((c) => c.trim());
}

/** Code spans (CommonMark backtick runs), HTML and links of one line of inline text. */
function inline(s: string, out: MdStructure): MdCell {
  const cell: MdCell = { text: '', code: [] };
  let text = '';
  let rest = '';
  let i = 0;
  while (i < s.length) {
    if (s[i] === '\\' && i + 1 < s.length && /[!-/:-@[-`{-~]/.test(s[i + 1])) { rest += s[i + 1]; text += s[i + 1]; i += 2; continue; }
    if (s[i] === '`') {
      let n = 0;
      while (s[i + n] === '`') n++;
      let j = i + n;
      let close = -1;
      while (j < s.length) {
        if (s[j] === '`') {
          let m = 0;
          while (s[j + m] === '`') m++;
          if (m === n) { close = j; break; }
          j += m;
        } else j++;
      }
      if (close < 0) { rest += '`'.repeat(n); text += '`'.repeat(n); i += n; continue; }
      let content = s.slice(i + n, close);
      if (content.length > 2 && content.startsWith(' ') && content.endsWith(' ') && content.trim() !== '') content = content.slice(1, -1);
      out.codeSpans.push(content);
      cell.code.push(content);
      text += content;
      i = close + n;
      continue;
    }
    rest += s[i];
    text += s[i];
    i++;
  }
  for (const m of rest.matchAll(/<!--[\s\S]*?-->|<\?[\s\S]*?\?>|<![A-Za-z][^>]*>|<\/?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?\/?>/g)) out.html.push(m[0]);
  for (const m of rest.matchAll(/!?\[[^\]]*\]\(([^)]*)\)|<([a-z][a-z0-9+.-]*:[^<>\s]*)>/gi)) out.links.push(m[1] ?? m[2]);
  out.plainText.push(rest);
  return { text, code: cell.code };
}

/** Markers the injection payloads carry: none may surface as structure. */
export const MARKERS = /PWNED|SECURITY REVIEW PASSED|INJECTED/;

/**
 * What every report must hold whatever the input: no raw HTML but its own `<details>` tags, no link, heading or code block
 * carrying an injection marker, and no fence other than the Mermaid diagrams. Returns the problems.
 */
export function reportProblems(md: string): string[] {
  const s = parseMarkdown(md);
  const problems: string[] = [];
  for (const h of s.html) if (!OWN_HTML.test(h)) problems.push(`raw HTML ${JSON.stringify(h.slice(0, 60))}`);
  for (const l of s.links) problems.push(`link to ${JSON.stringify(l.slice(0, 60))}`);
  for (const h of s.headings) if (MARKERS.test(h)) problems.push(`heading ${JSON.stringify(h.slice(0, 60))}`);
  for (const f of s.fences) if (f.info !== 'mermaid') problems.push(`code block (${f.info || 'no info'}) ${JSON.stringify(f.content.slice(0, 60))}`);
  return problems;
}
