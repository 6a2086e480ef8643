import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import MarkdownIt from 'markdown-it';
import { main } from '../../constructs/cli/tlsfleet';
import { combineComment, COMMENT_LIMIT, diffPosture, DiffInputError } from '../../constructs/policy/diff';
import { visibleText } from '../../constructs/policy/report/escape';
import { editReport, removeAll, synthVariant } from './fixtures';

// report.json came from a pull request's synth: its strings must not change the comment's structure, a bad file
// must stop the diff with the file and the field named (exit 2, no stack trace), and no input size may push the
// comment over GitHub's 65,536 characters.

type Token = ReturnType<MarkdownIt['parse']>[number];
const md = new MarkdownIt({ html: true, linkify: false });

const HOSTILE = 'x` | y\n## Heading\r\n<!-- c --> </details> <details><summary>s</summary> ``` ~~~ [l](http://e) <img src=x onerror=1> *b* @team \u202e|';

const dirs: string[] = [];
let base: string;
beforeAll(() => { base = synthVariant(); dirs.push(base); });
afterAll(() => removeAll(dirs));

function copyOf(dir: string): string {
  const d = mkdtempSync(join(tmpdir(), 'tlsfleet-diff-copy-'));
  cpSync(dir, d, { recursive: true });
  dirs.push(d);
  return d;
}

/** The block structure of the comment as a renderer sees it, and every inline's tokens. */
function structure(src: string): { blocks: string[]; inline: Token[]; tables: string[][] } {
  const tokens = md.parse(src, {});
  const blocks = tokens.filter((t) => t.nesting !== -1 && t.type !== 'inline').map((t) => t.type);
  const inline = tokens.filter((t) => t.type === 'inline');
  const tables: string[][] = [];
  tokens.forEach((t, i) => {
    if (t.type === 'thead_open') {
      const header: string[] = [];
      for (let j = i; tokens[j].type !== 'thead_close'; j++) if (tokens[j].type === 'inline' && tokens[j - 1].type === 'th_open') header.push(tokens[j].content);
      tables.push(header);
    }
  });
  return { blocks, inline, tables };
}

describe('hostile strings in report.json', () => {
  test('cannot change the structure of the comment', () => {
    const head = copyOf(base);
    editReport(head, (r) => {
      const st = r.stacks[0];
      r.tool.version = HOSTILE;
      st.waivers.push({ ruleId: 'TLSF001', path: HOSTILE, reason: HOSTILE, approvedBy: HOSTILE, covers: 1 });
      st.certificates[0].subject = HOSTILE;
      st.certificates.push({ ...st.certificates[1], path: HOSTILE, subject: HOSTILE, key: HOSTILE });
      st.clusters[0].endpoints.push({ api: HOSTILE, address: HOSTILE, port: 8000, transport: 'plaintext', tlsVersions: [], clientCertificates: 'not required', authorization: 'off', datacenter: HOSTILE });
      st.rules[0].violations.push({ path: HOSTILE, message: HOSTILE, waiver: { path: HOSTILE, reason: HOSTILE, approvedBy: HOSTILE } });
    });
    const d = diffPosture(base, head);
    const s = structure(d.markdown);
    // One paragraph (verdict), one paragraph (versions), the table, then headings with bullet lists: nothing else.
    expect(new Set(s.blocks)).toEqual(new Set(['paragraph_open', 'table_open', 'thead_open', 'tr_open', 'th_open', 'tbody_open', 'td_open', 'heading_open', 'bullet_list_open', 'list_item_open']));
    expect(s.tables).toEqual([['Area', 'Weaker', 'Stronger', 'Other']]);
    const headings = md.parse(d.markdown, {}).filter((t, i, all) => t.type === 'inline' && all[i - 1].type === 'heading_open').map((t) => t.content);
    expect(headings.map((h) => h.replace(/ \(\d+\)$/, ''))).toEqual(['Weakens security', 'Strengthens security', 'Other changes'].filter((h) => headings.some((x) => x.startsWith(h))));
    for (const t of s.inline) {
      const kinds = new Set((t.children ?? []).map((c) => c.type));
      for (const bad of ['html_inline', 'link_open', 'image', 'softbreak', 'hardbreak']) expect({ line: t.content.slice(0, 60), bad, has: kinds.has(bad) }).toEqual({ line: t.content.slice(0, 60), bad, has: false });
    }
    // The hostile name reads exactly, as a code span, and the hostile prose as text.
    const spans = s.inline.flatMap((t) => (t.children ?? []).filter((c) => c.type === 'code_inline').map((c) => c.content));
    expect(spans).toContain(visibleText(HOSTILE));
    const texts = s.inline.map((t) => (t.children ?? []).filter((c) => c.type === 'text').map((c) => c.content).join(''));
    expect(texts.some((x) => x.includes(visibleText(HOSTILE)))).toBe(true);
    expect(d.worse).toBeGreaterThan(0);
  });

  test('an overlong string is cut with a count, not copied whole', () => {
    const head = copyOf(base);
    editReport(head, (r) => r.stacks[0].waivers.push({ ruleId: 'TLSF001', path: 'p', reason: 'r'.repeat(200_000), covers: 1 }));
    const d = diffPosture(base, head);
    expect(d.markdown).toContain('… \\(199000 more characters\\)');
    expect(d.markdown.length).toBeLessThan(COMMENT_LIMIT);
  });
});

describe('a report.json the diff cannot read', () => {
  const cases: [string, (dir: string) => void, RegExp][] = [
    ['missing', (d) => rmSync(join(d, 'tlsfleet', 'report.json')), /report\.json: cannot be read \(ENOENT\)/],
    ['not JSON', (d) => writeFileSync(join(d, 'tlsfleet', 'report.json'), '{"tool": '), /report\.json: is not valid JSON/],
    ['null', (d) => writeFileSync(join(d, 'tlsfleet', 'report.json'), 'null'), /report\.json: `\(root\)` must be an object, got null/],
    ['another tool', (d) => editReport(d, (r) => { r.tool.name = 'evil\u001b[2J'; }), /report\.json: `tool\.name` must be "tlsfleet", got "evil␛\[2J"/],
    ['a string for a number', (d) => editReport(d, (r) => { r.stacks[0].certificates[1].validityHours = '8760'; }), /`stacks\[0\]\.certificates\[1\]\.validityHours` must be a number from 0 to 10000000, got "8760"/],
    ['an unknown transport', (d) => editReport(d, (r) => { r.stacks[0].clusters[0].endpoints[0].transport = 'quantum'; }), /`stacks\[0\]\.clusters\[0\]\.endpoints\[0\]\.transport` must be one of "tls", "plaintext", got "quantum"/],
    ['two certificates with one path', (d) => editReport(d, (r) => { r.stacks[0].certificates.push(r.stacks[0].certificates[0]); }), /`stacks\[0\]\.certificates\[\d+\]` repeats "alternator-tls\/Ca"/],
    ['a list nested a million deep', (d) => writeFileSync(join(d, 'tlsfleet', 'report.json'), `${'['.repeat(1e6)}${']'.repeat(1e6)}`), /`\(root\)` must be an object, got a list/],
    ['a waiver without a reason', (d) => editReport(d, (r) => { r.stacks[0].waivers.push({ ruleId: 'TLSF001', path: 'p', covers: 1 }); }), /`stacks\[0\]\.waivers\[0\]\.reason` must be a string, got undefined/],
  ];
  test.each(cases)('%s: names the file and the field; the CLI exits 2 without a stack trace', (_name, spoil, message) => {
    const head = copyOf(base);
    spoil(head);
    expect(() => diffPosture(base, head)).toThrow(DiffInputError);
    expect(() => diffPosture(base, head)).toThrow(message);
    const out: string[] = [];
    const err: string[] = [];
    expect(main(['diff', base, head], { out: (s) => out.push(s), err: (s) => err.push(s) })).toBe(2);
    expect(out).toEqual([]);
    expect(err.join('')).toMatch(message);
    expect(err.join('')).toContain(join(head, 'tlsfleet', 'report.json'));
    expect(err.join('')).not.toMatch(/\n\s+at /);
  });
});

describe('the CLI', () => {
  const run = (args: string[]): { code: number; out: string; err: string } => {
    const out: string[] = [];
    const err: string[] = [];
    const code = main(args, { out: (s) => out.push(s), err: (s) => err.push(s) });
    return { code, out: out.join(''), err: err.join('') };
  };
  test('help, unknown commands and options, wrong argument counts', () => {
    expect(run(['diff', '--help'])).toMatchObject({ code: 0, out: expect.stringContaining('Exit codes:') });
    expect(run(['--help'])).toMatchObject({ code: 0, out: expect.stringMatching(/^Usage: tlsfleet diff/) });
    expect(run(['dif', 'a', 'b'])).toMatchObject({ code: 2, err: expect.stringMatching(/^tlsfleet: unknown command "dif"\n\nUsage:/) });
    expect(run([])).toMatchObject({ code: 2, err: expect.stringContaining('no command given') });
    expect(run(['diff', base])).toMatchObject({ code: 2, err: expect.stringContaining('expected two cdktf.out directories (base, head), got 1') });
    expect(run(['diff', base, base, '--colour'])).toMatchObject({ code: 2, err: expect.stringContaining('unknown option "--colour"') });
    expect(run(['diff', base, base, '--output'])).toMatchObject({ code: 2, err: expect.stringContaining('--output needs a file name') });
  });
  test('--output and --with-report: the diff first, then report.md, in one comment', () => {
    const head = copyOf(base);
    editReport(head, (r) => r.stacks[0].waivers.push({ ruleId: 'TLSF001', path: 'alternator-tls/Shop', reason: 'A reason of some length here.', covers: 1 }));
    const file = join(head, 'comment.md');
    expect(run(['diff', base, head, '--with-report', '--output', file])).toEqual({ code: 1, out: '', err: '' });
    const comment = readFileSync(file, 'utf8');
    const report = readFileSync(join(head, 'tlsfleet', 'report.md'), 'utf8');
    expect(comment.startsWith('**tlsfleet posture diff: worse.**')).toBe(true);
    expect(comment).toContain(`\n\n---\n\n${report.replace(/\n+$/, '')}`);
  });
});

describe('size limits', () => {
  test('thousands of weakened certificates: under 65,536 characters, verdict first, "and K more"', () => {
    const baseBig = copyOf(base);
    const headBig = copyOf(base);
    const many = (r: any, validityHours: number): void => {
      const st = r.stacks[0];
      const template = st.certificates.find((c: any) => c.role === 'client');
      for (let i = 0; i < 5000; i++) st.certificates.push({ ...template, path: `alternator-tls/Fleet/Tenant${i}/Application-with-a-long-name/Certificate`, validityHours });
    };
    editReport(baseBig, (r) => many(r, 2160));
    editReport(headBig, (r) => {
      many(r, 8760);
      for (let i = 0; i < 100; i++) r.stacks[0].waivers.push({ ruleId: 'TLSF006', path: `alternator-tls/Fleet/Tenant${i}`, reason: 'Hand-provisioned devices need this lifetime until the fleet moves to ACME (OPS-1).', covers: 1 });
    });
    const d = diffPosture(baseBig, headBig);
    expect(d.worse).toBe(5100);
    expect(d.markdown.length).toBeLessThan(COMMENT_LIMIT);
    expect(d.markdown.split('\n')[0]).toMatch(/^\*\*tlsfleet posture diff: worse\.\*\* 5100 of \d+ change\(s\) weaken security: longer lifetime \(5000\), new waiver \(100\)/);
    expect(d.markdown).toMatch(/… and \d+ more \(longer lifetime \(\d+\)\)/);
    // Waivers are listed before certificates, so every new waiver is in the comment in full.
    expect((d.markdown.match(/New waiver: /g) ?? []).length).toBe(100);
    const combined = combineComment(d.markdown, readFileSync(join(headBig, 'tlsfleet', 'report.md'), 'utf8'));
    expect(combined.length).toBeLessThanOrEqual(COMMENT_LIMIT);
    expect(combined.startsWith(d.markdown.replace(/\n+$/, ''))).toBe(true);
  });

  test('report.md is cut only outside fences, <details> and HTML comments, with a notice after the cut', () => {
    const diff = '**tlsfleet posture diff: worse.** 1 of 1 change(s) weaken security: new waiver (1).\n';
    const section = (i: number): string => [`## Stack ${i}`, '', '<details><summary>Certificates</summary>', '', ...Array.from({ length: 40 }, (_, j) => `- certificate ${i}.${j}`), '', '</details>', '', '```mermaid', 'flowchart LR', ...Array.from({ length: 40 }, (_, j) => `  a${j} --> b${j}`), '```', '', '<!-- a comment', 'over lines -->', ''].join('\n');
    const report = Array.from({ length: 200 }, (_, i) => section(i)).join('\n');
    expect(report.length).toBeGreaterThan(COMMENT_LIMIT);
    const combined = combineComment(diff, report);
    expect(combined.length).toBeLessThanOrEqual(COMMENT_LIMIT);
    const tokens = md.parse(combined, {});
    const fences = tokens.filter((t) => t.type === 'fence');
    // Every fence the cut kept is whole: it holds exactly its flowchart, not the notice.
    expect(fences.every((f) => f.content.endsWith('b39\n'))).toBe(true);
    expect((combined.match(/<details>/g) ?? []).length).toBe((combined.match(/<\/details>/g) ?? []).length);
    expect((combined.match(/<!--/g) ?? []).length).toBe((combined.match(/-->/g) ?? []).length - (combined.match(/ --> b/g) ?? []).length);
    const last = tokens.filter((t) => t.type === 'inline').pop()!;
    expect(last.content).toMatch(/^\*report\.md cut here to fit one comment \(\d+ of \d+ characters shown\)/);
    // A comment that fits is not cut.
    expect(combineComment(diff, 'short report\n')).toBe(`${diff.trim()}\n\n---\n\nshort report\n`);
  });
});
