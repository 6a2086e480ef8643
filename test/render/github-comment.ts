import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import MarkdownIt from 'markdown-it';
import { Browser, chromium, Page } from 'playwright-core';

// A Markdown document rendered the way a GitHub pull-request comment renders it, in Debian's Chromium.
//
// What is real: the browser (Chromium, driven by playwright-core), Mermaid 11 from npm with its default
// configuration (securityLevel strict, maxTextSize 50,000, maxEdges 500 — checked at start, never raised), and the
// browser's own HTML parser for the raw HTML a document carries.
// What approximates github.com (its renderer is not public):
// - markdown-it, CommonMark plus GFM tables and strikethrough, single newlines kept as line breaks (comments, unlike
//   .md files, do that), no bare-URL linking, raw HTML allowed and then sanitized by GitHub's published allowlist
//   (html-pipeline's SanitizationFilter: details, summary, br, sub, sup, tables, ... kept with a few attributes;
//   other elements unwrapped to their text, script/style/iframe/svg and the like dropped with their content; ids
//   and names prefixed `user-content-`; only http(s), mailto and relative URLs);
// - `> [!WARNING]` and the other alerts stay plain blockquotes (GitHub colours them and shows a title
//   line where the marker is: about the same height);
// - no syntax highlighting, emoji, @mentions or issue links;
// - GitHub's CSS for comments reduced to what sets sizes: a comment column 830 px wide, 14 px
//   -apple-system/Helvetica text (Debian has neither, so DejaVu Sans stands in: a little wider, so widths here
//   err on the wide side), tables `display: block; width: max-content; max-width: 100%; overflow: auto`
//   with cells padded 6px 13px;
// - each Mermaid block rendered into the column, not into the iframe github.com uses; the SVG is scaled to the
//   column as there (`useMaxWidth`).

/** Debian's Chromium; `.ci/run` installs it. Never `playwright install`. */
export const CHROMIUM = '/usr/bin/chromium';

/** What a comment must stay within. */
export const LIMITS = {
  /** GitHub refuses a comment body over 65,536 characters. */
  maxChars: 65_536,
  /** Mermaid 11's default maxTextSize: a longer block renders "Maximum text size in diagram exceeded". */
  mermaidMaxChars: 50_000,
  /** Mermaid 11's default maxEdges: the 501st edge is a parse error. */
  mermaidMaxEdges: 500,
  columnPx: 830,
  viewportHeightPx: 900,
  /** Rounding of borders in a collapsed table. */
  tableTolerancePx: 2,
  /**
   * The least scale a diagram may be drawn at: GitHub shrinks a diagram wider than the column to fit it, and its
   * 16 px text with it; below three quarters a reviewer zooms to read it (the issue measured a third to a half).
   */
  minMermaidScale: 0.75,
  /** The smallest text a diagram may show, in px on the screen (GitHub's comment text is 14 px). */
  minMermaidTextPx: 12,
} as const;

export interface RenderedMermaid {
  readonly index: number;
  readonly chars: number;
  /** The edges Mermaid's parser made, or (when it refused the block) the links counted in the source. */
  readonly edges: number;
  readonly edgesCountedBy: 'mermaid' | 'source';
  /** An SVG that is not Mermaid's error diagram. */
  readonly rendered: boolean;
  /** The SVG as laid out in the column (0 when nothing rendered). */
  readonly widthPx: number;
  readonly heightPx: number;
  /** The diagram's own size (its viewBox). */
  readonly naturalWidthPx: number;
  readonly naturalHeightPx: number;
  /** widthPx / naturalWidthPx: below 1 the diagram (and its 16 px text) is shrunk to fit the column. */
  readonly scale: number;
  /** The smallest text in the diagram as shown: its font size times `scale` (0 when nothing rendered or no text). */
  readonly minTextPx: number;
  readonly errors: readonly string[];
}

export interface RenderedTable {
  readonly index: number;
  /** The table's full width; more than the column's and a reviewer scrolls sideways. */
  readonly scrollWidthPx: number;
  readonly clientWidthPx: number;
  readonly columns: number;
  readonly rows: number;
  /** The first row's cells, to name the table in messages. */
  readonly header: string;
}

export interface FirstScreen {
  /** The title: the first block's text when that block is a heading. */
  readonly heading: string | null;
  /** The verdict line's text: the first block that is not a heading, or the first block `verdict` matched. */
  readonly verdict: string | null;
  /** The heading (if any) and the verdict line are displayed and inside the first 830×900 px, details closed. */
  readonly visible: boolean;
  /** Where the lower of the two ends, in px from the top of the comment. */
  readonly bottomPx: number | null;
}

export interface Rendered {
  /** The Markdown's length in UTF-16 units (at least its character count, so a conservative measure). */
  readonly chars: number;
  /** markdown-it exceptions, Mermaid parse/render errors, error text in the output, console and page errors. */
  readonly errors: readonly string[];
  readonly mermaid: readonly RenderedMermaid[];
  readonly tables: readonly RenderedTable[];
  readonly firstScreen: FirstScreen;
  /** The rendered comment's height, every <details> open. */
  readonly heightPx: number;
}

export interface RenderOptions {
  /** Finds the verdict line: the first top-level block whose text matches. @default the first block not a heading */
  readonly verdict?: RegExp;
}

/** Text Mermaid puts into its output instead of a diagram. */
const ERROR_TEXTS = ['Maximum text size in diagram exceeded', 'Syntax error'];

const CSS = `
  html, body { margin: 0; padding: 0; background: #fff; }
  .markdown-body { box-sizing: border-box; width: ${LIMITS.columnPx}px; color: #1f2328; word-wrap: break-word;
    font-family: -apple-system, BlinkMacSystemFont, "Segoe UI", "Noto Sans", Helvetica, Arial, sans-serif;
    font-size: 14px; line-height: 1.5; }
  .markdown-body > *:first-child { margin-top: 0 !important; }
  .markdown-body p, .markdown-body blockquote, .markdown-body ul, .markdown-body ol, .markdown-body dl,
  .markdown-body table, .markdown-body pre, .markdown-body details { margin-top: 0; margin-bottom: 16px; }
  .markdown-body h1, .markdown-body h2, .markdown-body h3, .markdown-body h4, .markdown-body h5, .markdown-body h6 {
    margin-top: 24px; margin-bottom: 16px; font-weight: 600; line-height: 1.25; }
  .markdown-body h1 { font-size: 2em; padding-bottom: .3em; border-bottom: 1px solid #d1d9e0b3; }
  .markdown-body h2 { font-size: 1.5em; padding-bottom: .3em; border-bottom: 1px solid #d1d9e0b3; }
  .markdown-body h3 { font-size: 1.25em; }
  .markdown-body h4 { font-size: 1em; }
  .markdown-body blockquote { margin-left: 0; margin-right: 0; padding: 0 1em; color: #59636e; border-left: .25em solid #d1d9e0; }
  .markdown-body ul, .markdown-body ol { padding-left: 2em; }
  .markdown-body table { border-spacing: 0; border-collapse: collapse; display: block; width: max-content;
    max-width: 100%; overflow: auto; font-variant: tabular-nums; }
  .markdown-body th { font-weight: 600; }
  .markdown-body th, .markdown-body td { padding: 6px 13px; border: 1px solid #d1d9e0; }
  .markdown-body tr:nth-child(2n) { background-color: #f6f8fa; }
  .markdown-body code, .markdown-body tt { padding: .2em .4em; margin: 0; font-size: 85%; white-space: break-spaces;
    background-color: #818b981f; border-radius: 6px;
    font-family: ui-monospace, SFMono-Regular, "SF Mono", Menlo, Consolas, "Liberation Mono", monospace; }
  .markdown-body pre { padding: 16px; overflow: auto; font-size: 85%; line-height: 1.45; background-color: #f6f8fa; border-radius: 6px; }
  .markdown-body pre code { padding: 0; background: transparent; white-space: pre; font-size: 100%; }
  .markdown-body summary { cursor: pointer; }
`;

const PAGE = `<!doctype html><html><head><meta charset="utf-8"><style>${CSS}</style></head>` +
  '<body><div id="comment" class="markdown-body"></div></body></html>';

const MERMAID_JS = resolve(__dirname, '..', '..', 'node_modules', 'mermaid', 'dist', 'mermaid.min.js');
const PAGE_JS = join(__dirname, 'comment-page.js');

interface Env {
  readonly nonce: string;
  readonly mermaid: string[];
}

function markdownRenderer(): MarkdownIt {
  const md = new MarkdownIt('default', { html: true, linkify: false, typographer: false, breaks: true });
  const fence = md.renderer.rules.fence!;
  // A ```mermaid fence becomes an empty slot the page renders the diagram into, as github.com does.
  md.renderer.rules.fence = (tokens, idx, options, env: Env, self) => {
    const token = tokens[idx];
    if (token.info.trim().split(/\s+/)[0].toLowerCase() !== 'mermaid') return fence(tokens, idx, options, env, self);
    env.mermaid.push(token.content);
    return `<div id="tlsf-mermaid-${env.nonce}-${env.mermaid.length - 1}"></div>\n`;
  };
  return md;
}

const LINK = /\s*(?:<?(?:-{2,}|={2,}|-\.+-)(?:>|o|x|-)?|~~~+)\s*/;

/**
 * The links of a flowchart counted from its text (each link of a chain `a --> b --> c`, each pair of
 * `a & b --> c`), for a block Mermaid refused to parse. An approximation: Mermaid's own count is used whenever
 * it parses the block.
 */
export function countMermaidEdges(source: string): number {
  let edges = 0;
  for (const raw of source.split(/[\n;]/)) {
    const line = raw.replace(/%%.*$/, '').replace(/"[^"]*"/g, '""').replace(/\|[^|]*\|/g, '').trim();
    if (!line || /^(?:graph|flowchart|classDef|class|style|linkStyle|click|subgraph|end|direction)\b/.test(line)) continue;
    const parts = line.replace(/--\s[^-]*?\s-->/g, '-->').split(LINK).filter((p) => p.trim() !== '');
    for (let i = 0; i + 1 < parts.length; i++) edges += parts[i].split('&').length * parts[i + 1].split('&').length;
  }
  return edges;
}

let markdownIt: MarkdownIt | undefined;
let browser: Browser | undefined;
let page: Page | undefined;
let pageErrors: string[] = [];
let queue: Promise<unknown> = Promise.resolve();

/** Starts Chromium (once per test file); fails with what to install when it is missing. No skipping, CI or not. */
export async function openBrowser(): Promise<void> {
  if (browser) return;
  if (!existsSync(CHROMIUM)) {
    throw new Error(`The browser rendering test needs Debian's Chromium at ${CHROMIUM}, which is missing: ` +
      'run `apt-get install -y --no-install-recommends chromium` (bash .ci/run does). This test is never skipped.');
  }
  if (!existsSync(MERMAID_JS)) throw new Error(`${MERMAID_JS} is missing: run npm ci (mermaid is a devDependency)`);
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
}

/** Closes Chromium; safe to call when it never started or failed half-way. */
export async function closeBrowser(): Promise<void> {
  const b = browser;
  browser = undefined;
  page = undefined;
  if (b) await b.close();
}

/** One browser for the calling test file: opened in beforeAll, closed in afterAll (which jest runs on failures too). */
export function useBrowser(timeoutMs = 60_000): void {
  beforeAll(openBrowser, timeoutMs);
  afterAll(closeBrowser, timeoutMs);
}

async function commentPage(): Promise<Page> {
  if (page && !page.isClosed()) return page;
  if (!browser) throw new Error('renderComment: the browser is not open; call useBrowser() in the test file');
  const p = await browser.newPage({ viewport: { width: LIMITS.columnPx, height: LIMITS.viewportHeightPx } });
  p.on('console', (m) => { if (m.type() === 'error') pageErrors.push(`console error: ${m.text()}`); });
  p.on('pageerror', (e) => pageErrors.push(`page error: ${e.message}`));
  p.on('crash', () => pageErrors.push('the page crashed'));
  // No network in tests, and a comment that loads something is suspect anyway (github.com proxies images).
  await p.route('**/*', (route) => {
    pageErrors.push(`the document requested ${route.request().url()}`);
    return route.abort();
  });
  await p.setContent(PAGE);
  await p.addScriptTag({ path: MERMAID_JS });
  await p.addScriptTag({ path: PAGE_JS });
  // The page's globals, typed here because the project's TypeScript setup has no DOM library.
  const config = await p.evaluate(() => {
    const w = globalThis as unknown as PageGlobals;
    w.mermaid.initialize({ startOnLoad: false });
    return w.tlsfleetMermaidConfig();
  });
  const expected = { securityLevel: 'strict', maxTextSize: LIMITS.mermaidMaxChars, maxEdges: LIMITS.mermaidMaxEdges };
  if (JSON.stringify(config) !== JSON.stringify(expected)) {
    throw new Error(`Mermaid's default configuration is not GitHub's limits: got ${JSON.stringify(config)}, expected ${JSON.stringify(expected)}`);
  }
  page = p;
  return p;
}

interface PageArg {
  html: string;
  sources: string[];
  nonce: string;
  viewportHeight: number;
  verdict: { source: string; flags: string } | null;
}

/** What comment-page.js defines in the page, beside mermaid.min.js's `mermaid`. */
interface PageGlobals {
  mermaid: { initialize(config: object): void };
  tlsfleetMermaidConfig(): Record<string, unknown>;
  tlsfleetRender(arg: PageArg): Promise<PageResult>;
}

interface PageResult {
  text: string;
  heightPx: number;
  columnWidthPx: number;
  mermaid: { index: number; chars: number; edges: number | null; rendered: boolean; errors: string[];
    svg: { naturalWidth: number | null; naturalHeight: number | null; width?: number; height?: number; minFontPx?: number | null; text: string } | null }[];
  tables: { index: number; scrollWidth: number; clientWidth: number; columns: number; rows: number; header: string }[];
  firstScreen: { heading: string | null; verdict: string | null;
    boxes: { top: number; bottom: number; left: number; right: number; width: number; height: number; shown: boolean }[] };
}

/** Renders `markdown` as a GitHub pull-request comment in the open browser and measures it. */
export function renderComment(markdown: string, options: RenderOptions = {}): Promise<Rendered> {
  // One page, one render at a time: the page's column and error list are shared.
  const run = queue.then(() => renderNow(markdown, options));
  queue = run.catch(() => undefined);
  return run;
}

async function renderNow(markdown: string, options: RenderOptions): Promise<Rendered> {
  const errors: string[] = [];
  const env: Env = { nonce: randomBytes(8).toString('hex'), mermaid: [] };
  let html = '';
  try {
    html = (markdownIt ??= markdownRenderer()).render(markdown, env);
  } catch (e) {
    errors.push(`markdown-it: ${(e as Error).message}`);
  }
  pageErrors = []; // errors while the page is made (mermaid.min.js failing to load) count for this render
  const p = await commentPage();
  const arg: PageArg = {
    html, sources: env.mermaid, nonce: env.nonce, viewportHeight: LIMITS.viewportHeightPx,
    verdict: options.verdict ? { source: options.verdict.source, flags: options.verdict.flags } : null,
  };
  const r = await p.evaluate((a) => (globalThis as unknown as PageGlobals).tlsfleetRender(a), arg);
  // One more round trip, so console messages and requests the render caused have arrived.
  await p.evaluate(() => new Promise((done) => setTimeout(done, 0)));
  errors.push(...pageErrors);
  pageErrors = [];
  for (const text of ERROR_TEXTS) if (r.text.includes(text)) errors.push(`the rendered comment shows "${text}"`);
  const mermaid = r.mermaid.map((b): RenderedMermaid => {
    for (const e of b.errors) errors.push(`Mermaid block ${b.index + 1}: ${e}`);
    const naturalWidthPx = b.svg?.naturalWidth ?? 0;
    const widthPx = b.svg?.width ?? 0;
    const scale = naturalWidthPx > 0 ? widthPx / naturalWidthPx : 0;
    return {
      index: b.index,
      chars: b.chars,
      edges: b.edges ?? countMermaidEdges(env.mermaid[b.index]),
      edgesCountedBy: b.edges === null ? 'source' : 'mermaid',
      rendered: b.rendered,
      widthPx,
      heightPx: b.svg?.height ?? 0,
      naturalWidthPx,
      naturalHeightPx: b.svg?.naturalHeight ?? 0,
      scale,
      minTextPx: (b.svg?.minFontPx ?? 0) * scale,
      errors: b.errors,
    };
  });
  const tables = r.tables.map((t): RenderedTable => ({
    index: t.index, scrollWidthPx: t.scrollWidth, clientWidthPx: t.clientWidth, columns: t.columns, rows: t.rows, header: t.header,
  }));
  const boxes = r.firstScreen.boxes;
  const visible = r.firstScreen.verdict !== null && boxes.every((b) => b.shown && b.width > 0 && b.height > 0 &&
    b.top >= 0 && b.left >= 0 && b.bottom <= LIMITS.viewportHeightPx && b.right <= LIMITS.columnPx + LIMITS.tableTolerancePx);
  return {
    chars: markdown.length,
    errors,
    mermaid,
    tables,
    firstScreen: {
      heading: r.firstScreen.heading,
      verdict: r.firstScreen.verdict,
      visible,
      bottomPx: boxes.length ? Math.max(...boxes.map((b) => b.bottom)) : null,
    },
    heightPx: r.heightPx,
  };
}

/** Every way `r` breaks the limits of a GitHub comment, one line each; empty when it renders as it should. */
export function problems(r: Rendered): string[] {
  const out = [...r.errors];
  if (r.chars > LIMITS.maxChars) out.push(`the comment is ${r.chars} characters, over GitHub's ${LIMITS.maxChars}`);
  for (const m of r.mermaid) {
    const n = `Mermaid block ${m.index + 1}`;
    if (m.chars > LIMITS.mermaidMaxChars) out.push(`${n} is ${m.chars} characters, over Mermaid's ${LIMITS.mermaidMaxChars}`);
    if (m.edges > LIMITS.mermaidMaxEdges) out.push(`${n} has ${m.edges} edges, over Mermaid's ${LIMITS.mermaidMaxEdges}`);
    if (!m.rendered || m.widthPx <= 0 || m.heightPx <= 0) out.push(`${n} did not render to an SVG`);
    else if (m.scale < LIMITS.minMermaidScale) {
      out.push(`${n} is drawn at ${m.scale.toFixed(2)} of its size (${Math.round(m.naturalWidthPx)} px wide in the ${LIMITS.columnPx} px ` +
        `column), under ${LIMITS.minMermaidScale}: its text is ${m.minTextPx.toFixed(1)} px`);
    } else if (m.minTextPx > 0 && m.minTextPx < LIMITS.minMermaidTextPx) {
      out.push(`${n} shows text of ${m.minTextPx.toFixed(1)} px, under ${LIMITS.minMermaidTextPx} px`);
    }
  }
  for (const t of r.tables) {
    if (t.scrollWidthPx > LIMITS.columnPx + LIMITS.tableTolerancePx) {
      out.push(`table ${t.index + 1} (${t.header.slice(0, 80)}) is ${t.scrollWidthPx} px wide, over the ${LIMITS.columnPx} px column`);
    }
  }
  if (!r.firstScreen.visible) {
    out.push(`the first-screen summary (heading ${JSON.stringify(r.firstScreen.heading)}, verdict ` +
      `${JSON.stringify(r.firstScreen.verdict?.slice(0, 120) ?? null)}) is not within the first ` +
      `${LIMITS.columnPx}×${LIMITS.viewportHeightPx} px (it ends at ${r.firstScreen.bottomPx} px)`);
  }
  return out;
}
