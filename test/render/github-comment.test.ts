// The rendering harness itself: each way a comment breaks on GitHub must be flagged, and a good comment must pass;
// otherwise test/render/reports.test.ts could not fail.
import { countMermaidEdges, LIMITS, problems, Rendered, renderComment, useBrowser } from './github-comment';

jest.setTimeout(60_000);
useBrowser();

const GOOD = [
  '# tlsfleet security review',
  '',
  '**Passes: no violations, no waivers.** 1 stack, 1 cluster, 5 endpoints.',
  '',
  '> [!WARNING]',
  '> A blockquote alert.',
  '',
  '| Rule | Result |',
  '| --- | --- |',
  '| TLSF001 | pass |',
  '',
  '<details><summary>Certificates (2)</summary>',
  '',
  '| Certificate | Validity |',
  '| --- | --- |',
  '| `app/Ca` | 3650 days |',
  '',
  '</details>',
  '',
  '```mermaid',
  'flowchart LR',
  '  ca["app/Ca"] --> leaf["app/Leaf"]',
  '  ca --> other["app/Other"]',
  '```',
  '',
].join('\n');

/** A chain of `n` edges: n0 --> n1 --> ... one per line. */
function chain(n: number): string {
  return ['flowchart TD', ...Array.from({ length: n }, (_, i) => `  n${i} --> n${i + 1}`)].join('\n');
}

function doc(...blocks: string[]): string {
  return ['# Title', '', 'The verdict line.', '', ...blocks.flatMap((b) => [b, ''])].join('\n');
}

function mermaidBlock(source: string): string {
  return '```mermaid\n' + source + '\n```';
}

describe('renderComment', () => {
  test('a known-good comment passes, with its measurements', async () => {
    const r = await renderComment(GOOD);
    expect(problems(r)).toEqual([]);
    expect(r.chars).toBe(GOOD.length);
    expect(r.firstScreen).toMatchObject({ heading: 'tlsfleet security review', visible: true });
    expect(r.firstScreen.verdict).toMatch(/^Passes: no violations/);
    expect(r.mermaid).toHaveLength(1);
    expect(r.mermaid[0]).toMatchObject({ edges: 2, edgesCountedBy: 'mermaid', rendered: true, errors: [] });
    expect(r.mermaid[0].widthPx).toBeGreaterThan(100);
    expect(r.mermaid[0].heightPx).toBeGreaterThan(20);
    // Narrower than the column: drawn at Mermaid's own size, its 16 px text as it is.
    expect(r.mermaid[0].scale).toBeCloseTo(1, 2);
    expect(r.mermaid[0].minTextPx).toBeCloseTo(16, 0);
    // Both tables measured, the one in the closed <details> too (as a reviewer who opens it sees it).
    expect(r.tables).toHaveLength(2);
    for (const t of r.tables) {
      expect(t.scrollWidthPx).toBeGreaterThan(50);
      expect(t.scrollWidthPx).toBeLessThan(LIMITS.columnPx);
    }
    expect(r.tables[1]).toMatchObject({ header: 'Certificate | Validity', columns: 2, rows: 2 });
  });

  test('a Mermaid block with a syntax error is flagged', async () => {
    const r = await renderComment(doc(mermaidBlock('flowchart TD\n  a --> \n  b -->> c[')));
    expect(r.mermaid[0].rendered).toBe(false);
    expect(r.errors.join('\n')).toMatch(/Mermaid block 1: (parse|render): .*(Parse error|Syntax error|Expecting)/s);
    expect(problems(r)).toContain('Mermaid block 1 did not render to an SVG');
  });

  test('a 60,000-character Mermaid block is flagged: over maxTextSize, and Mermaid says so in the diagram', async () => {
    const label = 'x'.repeat(300);
    const lines = ['flowchart TD'];
    for (let i = 0; lines.join('\n').length < 60_000; i++) lines.push(`  a${i}["${label}"] --> b${i}`);
    const source = lines.join('\n');
    expect(countMermaidEdges(source)).toBeLessThan(LIMITS.mermaidMaxEdges);
    const r = await renderComment(doc(mermaidBlock(source)));
    // The fence's content as Mermaid receives it: the source and its last newline.
    expect(r.mermaid[0].chars).toBe(source.length + 1);
    expect(r.errors).toContain('the rendered comment shows "Maximum text size in diagram exceeded"');
    expect(problems(r)).toContain(`Mermaid block 1 is ${source.length + 1} characters, over Mermaid's 50000`);
  });

  test('a graph of 501 edges is flagged (Mermaid refuses the 501st); 500 edges pass', async () => {
    const over = await renderComment(doc(mermaidBlock(chain(501))));
    expect(over.mermaid[0]).toMatchObject({ edges: 501, edgesCountedBy: 'source', rendered: false });
    expect(over.errors.join('\n')).toMatch(/Edge limit exceeded/);
    expect(problems(over)).toContain("Mermaid block 1 has 501 edges, over Mermaid's 500");

    const at = await renderComment(doc(mermaidBlock(chain(500))));
    expect(problems(at)).toEqual([]);
    expect(at.mermaid[0]).toMatchObject({ edges: 500, edgesCountedBy: 'mermaid', rendered: true });
    // A 500-node chain is drawn as a strip: its natural height is what a reviewer would scroll through.
    expect(at.mermaid[0].naturalHeightPx).toBeGreaterThan(10_000);
  });

  test('a diagram wider than the column is flagged: shrunk under 0.75, its text under 12 px', async () => {
    // 12 long-labelled nodes in one row: about 3,000 px at Mermaid's size, shrunk to the 830 px column.
    const nodes = Array.from({ length: 12 }, (_, i) => `  n${i}["certificate ${i} of a long row"]`);
    const edges = Array.from({ length: 11 }, (_, i) => `  n${i} --> n${i + 1}`);
    const r = await renderComment(doc(mermaidBlock(['flowchart LR', ...nodes, ...edges].join('\n'))));
    const m = r.mermaid[0];
    expect(m).toMatchObject({ rendered: true, errors: [] });
    expect(m.naturalWidthPx).toBeGreaterThan(2_000);
    expect(m.widthPx).toBeLessThanOrEqual(LIMITS.columnPx);
    expect(m.scale).toBeLessThan(0.4);
    expect(m.minTextPx).toBeLessThan(7);
    expect(problems(r)).toEqual([
      `Mermaid block 1 is drawn at ${m.scale.toFixed(2)} of its size (${Math.round(m.naturalWidthPx)} px wide in the 830 px column), ` +
      `under 0.75: its text is ${m.minTextPx.toFixed(1)} px`,
    ]);

    // The same nodes top to bottom fit the column at Mermaid's size.
    const tall = await renderComment(doc(mermaidBlock(['flowchart TB', ...nodes, ...edges].join('\n'))));
    expect(tall.mermaid[0].scale).toBeCloseTo(1, 2);
    expect(problems(tall)).toEqual([]);
  });

  test('a diagram at full size whose text is under 12 px is flagged', async () => {
    const r = await renderComment(doc(mermaidBlock('flowchart LR\n  a["small"] --> b["print"]\n  classDef tiny font-size:9px\n  class a tiny')));
    expect(r.mermaid[0].scale).toBeCloseTo(1, 2);
    expect(r.mermaid[0].minTextPx).toBeCloseTo(9, 0);
    expect(problems(r)).toEqual(['Mermaid block 1 shows text of 9.0 px, under 12 px']);
  });

  test('a 2,000 px wide table is flagged, in the open and inside a closed <details>', async () => {
    const cell = '`' + 'a'.repeat(240) + '`';
    const table = `| Path | Detail |\n| --- | --- |\n| ${cell} | ${cell} |`;
    const open = await renderComment(doc(table));
    expect(open.tables[0].scrollWidthPx).toBeGreaterThanOrEqual(2_000);
    expect(open.tables[0].clientWidthPx).toBeLessThanOrEqual(LIMITS.columnPx);
    expect(problems(open)).toEqual([
      `table 1 (Path | Detail) is ${open.tables[0].scrollWidthPx} px wide, over the 830 px column`,
    ]);

    const hidden = await renderComment(doc(`<details><summary>More</summary>\n\n${table}\n\n</details>`));
    expect(hidden.tables[0].scrollWidthPx).toBe(open.tables[0].scrollWidthPx);
    expect(problems(hidden)).toHaveLength(1);
  });

  test('words that can wrap keep a table inside the column', async () => {
    const words = Array.from({ length: 80 }, (_, i) => `word${i}`).join(' ');
    const r = await renderComment(doc(`| Reason | Approver |\n| --- | --- |\n| ${words} | someone |`));
    expect(problems(r)).toEqual([]);
    expect(r.tables[0].scrollWidthPx).toBeLessThanOrEqual(LIMITS.columnPx);
    expect(r.tables[0].scrollWidthPx).toBeGreaterThan(LIMITS.columnPx - 50);
  });

  test('a summary below the first screen is flagged', async () => {
    const filler = Array.from({ length: 40 }, (_, i) => `Paragraph ${i}.`).join('\n\n');
    const late = await renderComment(`${filler}\n\n# Title\n\nPasses with 2 waivers.\n`, { verdict: /^Passes/ });
    expect(late.firstScreen).toMatchObject({ heading: null, verdict: 'Passes with 2 waivers.', visible: false });
    expect(late.firstScreen.bottomPx).toBeGreaterThan(LIMITS.viewportHeightPx);
    expect(problems(late).join('\n')).toMatch(/first-screen summary .* is not within the first 830×900 px/);

    // A verdict line too long for the first screen.
    const long = await renderComment(`# Title\n\n${Array.from({ length: 60 }, (_, i) => `line ${i}`).join('\n')}\n`);
    expect(long.firstScreen).toMatchObject({ heading: 'Title', visible: false });
    expect(long.firstScreen.verdict).toMatch(/^line 0\nline 1\n/);

    // Without a title the verdict line is the first block; a verdict the document lacks is not visible.
    expect((await renderComment('**Not worse.** 2 changes.\n\n### Changes\n\n- one\n')).firstScreen)
      .toMatchObject({ heading: null, verdict: 'Not worse. 2 changes.', visible: true });
    expect((await renderComment(doc('Passes with 2 waivers.'), { verdict: /Passes with/ })).firstScreen)
      .toMatchObject({ heading: 'Title', verdict: 'Passes with 2 waivers.', visible: true });
    expect((await renderComment(doc(), { verdict: /Not safe to merge/ })).firstScreen)
      .toMatchObject({ verdict: null, visible: false });
  });

  test('a comment over 65,536 characters is flagged', async () => {
    const r = await renderComment(doc('x'.repeat(LIMITS.maxChars)));
    expect(r.chars).toBeGreaterThan(LIMITS.maxChars);
    expect(problems(r)).toEqual([`the comment is ${r.chars} characters, over GitHub's 65536`]);
  });

  test('raw HTML is sanitized as GitHub does: only its allowlist, no styles, no scripts', async () => {
    const hostile = doc(
      '<script>console.error("script ran")</script>',
      '<style>.markdown-body table { width: 3000px !important; }</style>',
      '<table style="width: 3000px"><tr><td>styled</td></tr></table>',
      '<div onclick="x()" class="wide" style="width:3000px"><table width="100"><tr><td>ok</td></tr></table></div>',
      '<iframe src="https://example.com/"></iframe><form action="https://example.com/"><input name="a"></form>',
      '<a href="javascript:alert(1)">link</a>',
    );
    const r = await renderComment(hostile);
    expect(problems(r)).toEqual([]);
    for (const t of r.tables) expect(t.scrollWidthPx).toBeLessThan(200);
  });

  test('an image (a request) in the comment is flagged: the tests have no network', async () => {
    const r = await renderComment(doc('<img src="https://example.com/pixel.png">'));
    expect(r.errors.join('\n')).toMatch(/requested https:\/\/example\.com\/pixel\.png/);
  });

  test('renders are independent: a failing one leaves nothing behind for the next', async () => {
    await renderComment(doc(mermaidBlock('flowchart TD\n  a -->')));
    const r = await renderComment(GOOD);
    expect(problems(r)).toEqual([]);
  });
});

describe('countMermaidEdges (for blocks Mermaid refuses)', () => {
  test.each([
    ['flowchart LR\n  a --> b', 1],
    ['flowchart LR\n  a --> b --> c', 2],
    ['flowchart LR\n  a & b --> c & d', 4],
    ['flowchart LR\n  a -- label --> b', 1],
    ['flowchart LR\n  a -->|label| b\n  b -.-> c\n  c ==> d\n  d --- e\n  e ~~~ f', 5],
    ['flowchart LR\n  a["x --> y"] --> b\n  %% c --> d\n  classDef waived fill:#fff', 1],
    ['flowchart LR\n  a -..->|trusted via Secret| b\n  a -...-> c', 2],
  ])('%j has %i edges', (source, edges) => {
    expect(countMermaidEdges(source)).toBe(edges);
  });

  test('agrees with Mermaid on a diagram it parses', async () => {
    const source = 'flowchart LR\n  a & b --> c --> d\n  d -.-> e\n  e -- why --> f\n  f ==>|x| a';
    const r: Rendered = await renderComment(doc(mermaidBlock(source)));
    expect(r.mermaid[0].edgesCountedBy).toBe('mermaid');
    expect(r.mermaid[0].edges).toBe(countMermaidEdges(source));
  });
});
