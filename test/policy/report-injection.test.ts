import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import MarkdownIt from 'markdown-it';
import { App, TerraformStack } from 'cdktf';
import { KubernetesProvider } from '@cdktf/provider-kubernetes/lib/provider';
import { CertificateAuthority, ClientCertificate, PolicyReport, RULES, TlsSecret, waive } from '../../constructs';
import { MERMAID_RUN_MAX, mermaidLabel, mermaidWrappedLabel, visibleText } from '../../constructs/policy/report/escape';

// Hostile names, subjects, waiver reasons and approvers go through the real API into report.md, which is then
// read as a renderer reads it (markdown-it with raw HTML on, as GitHub lets some through; no bare-URL linking).
// Each assertion names one way the input could take over the comment: markup or HTML tokens, a broken table,
// an extra code fence, a Mermaid directive, a text that does not read as the input.

type Token = ReturnType<MarkdownIt['parse']>[number];

const STACK = 'C:\\rev`iew``|<b>ok';
const EVIL_ID = 'Evil"] x\rclick n1 callback\n```\nclick n2 callback';
const COMMON_NAME = '``SECURITY REVIEW PASSED`` | <img src=x onerror=alert(1)>';
const REASON = 'Scanners load it by hand <!-- hidden --> twice a year, `OPS-88` ``x`` [link](http://x) ![i](x) until Q3 <!--';
const APPROVED_BY = '<b onmouseover="alert(1)">security</b> <img src=x onerror=alert(1)>';

interface Built {
  readonly evil: ClientCertificate;
  readonly slashes: ClientCertificate;
}

function synth(): { md: string; json: PolicyReport; built: Built } {
  const outdir = mkdtempSync(join(tmpdir(), 'tlsfleet-report-injection-'));
  try {
    const app = new App({ outdir });
    const stack = new TerraformStack(app, STACK);
    new KubernetesProvider(stack, 'kubernetes', {});
    const ca = new CertificateAuthority(stack, 'Ca');
    // 399 days: above the 398-day limit (TLSF006) and longer than the CA's renewal window (TLSF008, whose
    // message names the CA's path, so the stack name): both need the hostile waivers.
    const evil = new ClientCertificate(stack, EVIL_ID, { ca, subject: { commonName: COMMON_NAME, organization: 'A/B' }, validityHours: 399 * 24 });
    waive(evil, 'TLSF006', { reason: REASON, approvedBy: APPROVED_BY });
    waive(evil, 'TLSF008', { reason: REASON, approvedBy: APPROVED_BY });
    new TlsSecret(stack, 'EvilSecret', { certificate: evil, namespace: 'apps', name: 'evil-tls' });
    const slashes = new ClientCertificate(stack, 'Slashes', { ca, subject: { commonName: 'svc/db+ro', organization: 'R/D+Ops' } });
    new TlsSecret(stack, 'SlashesSecret', { certificate: slashes, namespace: 'apps', name: 'slashes-tls' });
    app.synth();
    const dir = join(outdir, 'tlsfleet');
    return { md: readFileSync(join(dir, 'report.md'), 'utf8'), json: JSON.parse(readFileSync(join(dir, 'report.json'), 'utf8')), built: { evil, slashes } };
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}

interface Cell {
  /** What the reader sees: text and code-span contents, a line break as '\n'. */
  readonly text: string;
  readonly tokens: readonly string[];
}
interface Table {
  readonly header: readonly string[];
  readonly rows: readonly (readonly Cell[])[];
}

function inlineText(t: Token): Cell {
  let text = '';
  const tokens: string[] = [];
  for (const c of t.children ?? []) {
    tokens.push(c.type);
    if (c.type === 'text' || c.type === 'code_inline') text += c.content;
    else if (c.type === 'softbreak' || c.type === 'hardbreak') text += '\n';
  }
  return { text, tokens };
}

function tables(tokens: readonly Token[]): Table[] {
  const out: { header: string[]; rows: Cell[][] }[] = [];
  let row: Cell[] | undefined;
  let head = false;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    if (t.type === 'table_open') out.push({ header: [], rows: [] });
    else if (t.type === 'thead_open') head = true;
    else if (t.type === 'thead_close') head = false;
    else if (t.type === 'tr_open') row = [];
    else if (t.type === 'tr_close') {
      if (!head) out[out.length - 1].rows.push(row!);
      row = undefined;
    } else if (t.type === 'inline' && row) {
      if (head) out[out.length - 1].header.push(inlineText(t).text);
      else row.push(inlineText(t));
    }
  }
  return out;
}

/** Every token, the inline children included. */
function allTokens(tokens: readonly Token[]): Token[] {
  return tokens.flatMap((t) => [t, ...(t.children ?? [])]);
}

/**
 * A Mermaid label's text as shown: entity codes decoded, without the zero-width spaces (`#8203;`) the report puts
 * into long runs so they wrap (an input's own U+200B is shown as `⟨U+200B⟩`, never as the character).
 */
function decodeLabel(s: string): string {
  const named: Record<string, string> = { quot: '"', lt: '<', gt: '>', amp: '&' };
  return s.replace(/#8203;/g, '').replace(/#(quot|lt|gt|amp|\d+);/g, (_m, e: string) => named[e] ?? String.fromCodePoint(Number(e)));
}

/** What CommonMark ends a line at. */
const LINE_END = /\r\n|\r|\n/;
/** A node: a box, or a namespace's stadium. */
const NODE = /^ {2}([A-Za-z0-9_]+)(\[|\(\[)"([^"]*)"(\]|\]\))$/;
/** An edge: a certificate's, or a CA bundle's dotted one two ranks long. */
const EDGE = /^ {2}([A-Za-z0-9_]+) (-->|-\.\.->)(\|[A-Za-z ]+\|)? ([A-Za-z0-9_]+)$/;
/** The only other lines a diagram has: the styles of marked nodes, and which nodes they mark. */
const CLASS_DEF = /^ {2}classDef (insecure|waived|undecided) [a-z0-9#:,. -]+$/;
const CLASS = /^ {2}class [A-Za-z0-9_]+(,[A-Za-z0-9_]+)* (insecure|waived|undecided)$/;
/** The only HTML report.md has: a `<details>` block's opening line (its summary escaped) and its closing tag. */
const DETAILS_OPEN = /^<details><summary>[^<>]*<\/summary>\n$/;

describe('report.md with hostile input', () => {
  const { md, json, built } = synth();
  const tokens = new MarkdownIt({ html: true, linkify: false }).parse(md, {});
  const all = allTokens(tokens);
  const stack = json.stacks[0];
  const evilPath = built.evil.node.path;
  const table = (first: string): Table => {
    const t = tables(tokens).find((x) => x.header[0] === first);
    if (!t) throw new Error(`no table whose first column is ${first}`);
    return t;
  };
  const cellOf = (t: Table, row: readonly Cell[], column: string): Cell => row[t.header.indexOf(column)];

  test('the inputs went in as given', () => {
    expect(stack.name).toBe(STACK);
    expect(evilPath).toBe(`${STACK}/${EVIL_ID}`);
    expect(built.evil.subjectOneline).toBe(`/O=A\\/B/CN=${COMMON_NAME}`);
    expect(built.slashes.subjectOneline).toBe('/O=R\\/D\\+Ops/CN=svc\\/db\\+ro');
    expect(json.summary.waivedViolations).toBe(2);
  });

  test('no HTML, link or image token anywhere, except the <details> blocks report.md writes itself', () => {
    const found = all.filter((t) => ['html_inline', 'html_block', 'link_open', 'image'].includes(t.type))
      .filter((t) => t.type !== 'html_block' || !(DETAILS_OPEN.test(t.content) || t.content === '</details>\n'))
      .map((t) => `${t.type}: ${t.content}`);
    expect(found).toEqual([]);
    // Each block opens and closes once, in that order.
    const blocks = all.filter((t) => t.type === 'html_block').map((t) => (t.content === '</details>\n' ? 'close' : 'open'));
    expect(blocks.length).toBeGreaterThan(0);
    expect(blocks).toEqual(blocks.map((_b, i) => (i % 2 ? 'close' : 'open')));
  });

  test('the tables keep their number, columns and rows, and each row is one line', () => {
    const undecided = stack.rules.reduce((n, r) => n + r.undecided.length, 0);
    expect(undecided).toBe(0);
    // Narrow tables only: the findings and the rule reference are lists, the long details in <details> blocks.
    const expected: [string, number, number][] = [
      ['Stack', 4, json.stacks.length],
      ['Rule', 4, RULES.length], // the stack's rules
      ['Certificate', 4, stack.certificates.length],
    ];
    const found = tables(tokens);
    expect(found.map((t) => [t.header[0], t.header.length, t.rows.length])).toEqual(expected);
    // markdown-it pads and cuts a row to the header's width, so the cells' texts below catch a split cell;
    // here the source lines catch a row broken in two: each line of a table is one `| … |` row.
    const source = md.split(LINE_END);
    const spans = tokens.filter((t) => t.type === 'table_open').map((t) => source.slice(t.map![0], t.map![1]));
    expect(spans.map((lines) => lines.length)).toEqual(expected.map(([, , rows]) => rows + 2));
    expect(spans.flat().filter((l) => !/^\| .* \|$/.test(l))).toEqual([]);
  });

  test('exactly one code fence per stack, the Mermaid diagram, and no indented code', () => {
    const fences = all.filter((t) => t.type === 'fence' || t.type === 'code_block');
    expect(fences.map((t) => [t.type, t.info])).toEqual(json.stacks.map(() => ['fence', 'mermaid']));
  });

  test('the stack heading and summary cell show the stack name in one code span', () => {
    const i = tokens.findIndex((t, k) => t.type === 'inline' && tokens[k - 1]?.type === 'heading_open' && t.content.startsWith('Stack '));
    expect(inlineText(tokens[i])).toEqual({ text: `Stack ${STACK}`, tokens: ['text', 'code_inline'] });
    const summary = table('Stack');
    expect(cellOf(summary, summary.rows[0], 'Stack')).toEqual({ text: STACK, tokens: ['code_inline'] });
  });

  test('the certificates table shows path and subject exactly, the oneline backslashes once', () => {
    const t = table('Certificate');
    const row = (path: string): readonly Cell[] => {
      const r = t.rows.find((x) => x[0].text === visibleText(path));
      if (!r) throw new Error(`no row for ${JSON.stringify(path)} in ${JSON.stringify(t.rows.map((x) => x[0].text))}`);
      return r;
    };
    expect(cellOf(t, row(evilPath), 'Certificate')).toEqual({ text: visibleText(evilPath), tokens: ['code_inline'] });
    expect(cellOf(t, row(evilPath), 'Subject')).toEqual({ text: built.evil.subjectOneline, tokens: ['code_inline'] });
    expect(cellOf(t, row(built.slashes.node.path), 'Subject')).toEqual({ text: built.slashes.subjectOneline, tokens: ['code_inline'] });
    expect(stack.certificates.find((c) => c.path === built.slashes.node.path)!.subject).toBe(built.slashes.subjectOneline);
  });

  test.each(['TLSF006', 'TLSF008'])('the waived-violations list shows construct, message, reason and approver of %s as given', (id) => {
    const violation = stack.rules.find((r) => r.id === id)!.violations[0];
    expect(violation.path).toBe(`${evilPath}/Resource`);
    if (id === 'TLSF008') expect(violation.message).toContain(`${STACK}/Ca`);
    const title = RULES.find((r) => r.id === id)!.title;
    // The list items, each with its inline content: the finding, then its reason and its approver one level down.
    const items = tokens.map((t, i) => (t.type === 'inline' && tokens[i - 2]?.type === 'list_item_open' ? inlineText(t) : undefined));
    const at = items.findIndex((c) => c?.text.startsWith(`WAIVED ${id} `));
    expect(items[at]).toEqual({
      text: `WAIVED ${id} ${title}: ${visibleText(violation.path)}: ${violation.message}`,
      tokens: ['text', 'strong_open', 'text', 'strong_close', 'text', 'code_inline', 'text'], // the first text is markdown-it's empty one
    });
    const [reason, approver] = items.slice(at + 1).filter((c) => c !== undefined);
    expect(reason).toEqual({ text: `Reason: ${REASON}`, tokens: ['text'] });
    expect(approver).toEqual({ text: `Approved by: ${APPROVED_BY}; waiver on ${visibleText(evilPath)}`, tokens: ['text', 'code_inline'] });
    // In the first screen, before the inventory.
    expect(md.split(LINE_END).findIndex((l) => l.startsWith(`- **WAIVED** ${id} `))).toBeLessThan(15);
  });

  test('the Mermaid diagram: no click line, every line a node or an edge, no raw quote or markup in a label', () => {
    expect(md.split(LINE_END).filter((l) => /^\s*click\b/.test(l))).toEqual([]);
    const fence = all.find((t) => t.type === 'fence')!;
    const lines = fence.content.replace(/\n$/, '').split('\n');
    expect(lines[0]).toBe('flowchart LR');
    expect(lines.filter((l) => /^\s*click\b/.test(l))).toEqual([]);
    expect(lines.slice(1).filter((l) => !NODE.test(l) && !EDGE.test(l) && !CLASS_DEF.test(l) && !CLASS.test(l))).toEqual([]);
    expect(lines.filter((l) => l.includes('"') && !NODE.test(l))).toEqual([]);
    const labels = lines.map((l) => NODE.exec(l)?.[3]).filter((l): l is string => l !== undefined);
    const parts = labels.flatMap((l) => l.split('<br/>'));
    expect(parts.filter((p) => /[<>"`]/.test(p))).toEqual([]);
    // The hostile certificate's node reads as the inputs: role and subject, then its path in the stack (its id),
    // the Secret that carries it, then its mark; its class is the waived one.
    expect(evilPath).toBe(`${STACK}/${EVIL_ID}`);
    expect(labels.map((l) => l.split('<br/>').map(decodeLabel))).toContainEqual([`client ${built.evil.subjectOneline}`, visibleText(EVIL_ID), 'Secret evil-tls', 'WAIVED TLSF006, TLSF008']);
    const evilNode = lines.map((l) => NODE.exec(l)).find((m) => m && decodeLabel(m[3]).includes(visibleText(EVIL_ID)))![1];
    expect(lines.find((l) => CLASS.test(l) && l.endsWith(' waived'))!.split(' ')[3].split(',')).toContain(evilNode);
  });
});

describe('mermaidWrappedLabel: long runs may wrap, the text and its escaping unchanged', () => {
  /** The runs a browser cannot break: between spaces, hyphens and our zero-width spaces, entity codes as one character. */
  const runs = (label: string): number[] => label.split(/#8203;| |-/).map((r) => r.replace(/#(?:quot|lt|gt|amp|\d+);/g, '_').length);

  test.each([
    ['a construct path', 'fleet/Db0000/Clients/Team0000Application/Certificate'],
    ['a subject', '/O=Example Platform/OU=Applications/CN=billing'],
    ['the hostile id', EVIL_ID],
    ['the hostile common name', COMMON_NAME],
    ['one long word', 'x'.repeat(70)],
  ])('%s', (_what, input) => {
    const label = mermaidWrappedLabel(input);
    expect(label.replace(/#8203;/g, '')).toBe(mermaidLabel(input));
    expect(decodeLabel(label)).toBe(decodeLabel(mermaidLabel(input)));
    expect(Math.max(...runs(label))).toBeLessThanOrEqual(MERMAID_RUN_MAX);
    expect(label).not.toMatch(/[<>"`]/);
  });

  test('breaks after a slash where it can, and never inside an emoji sequence', () => {
    expect(mermaidWrappedLabel('fleet/Db0000/Clients/Team0000Application/Certificate'))
      .toBe('fleet/Db0000/#8203;Clients/#8203;Team0000Application/#8203;Certificate');
    expect(mermaidWrappedLabel('Db/Orders/Certificate')).toBe('Db/Orders/#8203;Certificate');
    expect(mermaidWrappedLabel('dc1/ServingCertificate')).toBe('dc1/#8203;ServingCertificate');
    expect(mermaidWrappedLabel('short/path')).toBe('short/path');
    const family = '\u{1F468}\u200D\u{1F469}\u200D\u{1F467}'; // one grapheme of five code points
    const label = mermaidWrappedLabel(family.repeat(30), 80, 4);
    expect(label).not.toMatch(/#8205;#8203;|#8203;#8205;/);
    expect(label.split('#8203;').every((r) => r.startsWith('#128104;'))).toBe(true);
  });
});
