// Every report.md and posture diff the project produces, rendered as a GitHub pull-request comment in a real
// browser (see github-comment.ts for what is real and what approximates github.com): the examples' reports, fleet
// reports up to 1000×10, and diffs between real synths. Each must render without error, fit GitHub's and Mermaid's
// limits, keep its tables inside the 830 px column and its summary on the first screen.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { renderPostureDiff, renderReviewComment } from '../../constructs/policy/diff';
import { fleetReport } from '../policy/fleet-report';
import { LIMITS, problems, Rendered, renderComment, useBrowser } from './github-comment';

// The fleet synths dominate: 1000×10 takes 20–30 s alone on an idle machine (cached across runs by fleet-report.ts).
jest.setTimeout(120_000);
const FLEET_TIMEOUT_MS = 600_000;
useBrowser();

const ROOT = path.resolve(__dirname, '..', '..');
const APPS = [
  ...fs.readdirSync(path.join(ROOT, 'examples'), { withFileTypes: true })
    .filter((e) => e.isDirectory() && fs.existsSync(path.join(ROOT, 'examples', e.name, 'cdktf.json')))
    .map((e) => e.name).sort(),
  'reference',
];

/** What was measured, printed at the end with TLSFLEET_RENDER_SUMMARY=1. */
const measured: string[] = [];

function record(what: string, r: Rendered): void {
  const widest = Math.max(0, ...r.tables.map((t) => t.scrollWidthPx));
  const diagrams = r.mermaid.map((m) => `${m.chars} ch/${m.edges} edges/${Math.round(m.widthPx)}×${Math.round(m.heightPx)} px ×${m.scale.toFixed(2)}, text ≥ ${m.minTextPx.toFixed(1)} px`);
  measured.push(`${what}: ${r.chars} ch, ${r.tables.length} tables (widest ${widest} px), ` +
    `mermaid [${diagrams.join('; ')}], summary ends ${r.firstScreen.bottomPx === null ? '-' : Math.round(r.firstScreen.bottomPx)} px, ` +
    `${Math.round(r.heightPx)} px tall, ${problems(r).length} problem(s)`);
}

/** Asserts each limit separately, then all of them as one list that names what broke. */
function expectFitsAComment(what: string, r: Rendered): void {
  record(what, r);
  expect({ what, errors: r.errors }).toEqual({ what, errors: [] });
  expect(r.chars).toBeLessThanOrEqual(LIMITS.maxChars);
  for (const m of r.mermaid) {
    expect(m.chars).toBeLessThanOrEqual(LIMITS.mermaidMaxChars);
    expect(m.edges).toBeLessThanOrEqual(LIMITS.mermaidMaxEdges);
    expect(m.rendered).toBe(true);
    expect(m.widthPx * m.heightPx).toBeGreaterThan(0);
    // Legible in the column: not shrunk below three quarters, no text under 12 px.
    expect({ what, scale: m.scale >= LIMITS.minMermaidScale }).toEqual({ what, scale: true });
    expect({ what, text: m.minTextPx >= LIMITS.minMermaidTextPx }).toEqual({ what, text: true });
  }
  expect({ what, problems: problems(r) }).toEqual({ what, problems: [] });
  expect(r.firstScreen.visible).toBe(true);
}

/** A report: its title first, a verdict that speaks of violations, waivers or passing, and the trust chain drawn. */
function expectReport(what: string, r: Rendered): void {
  expectFitsAComment(what, r);
  expect(r.firstScreen.heading).toBe('tlsfleet security review');
  expect(r.firstScreen.verdict).toMatch(/violation|waive|pass|safe|fail/i);
  expect(r.mermaid.length).toBeGreaterThanOrEqual(1);
  expect(r.tables.length).toBeGreaterThanOrEqual(1);
}

/** A posture diff: its first block says whether the posture gets worse. */
function expectDiff(what: string, r: Rendered): void {
  expectFitsAComment(what, r);
  expect(r.firstScreen.verdict).toMatch(/posture|change/i);
}

afterAll(() => {
  if (process.env.TLSFLEET_RENDER_SUMMARY) process.stdout.write(`\nrendered as GitHub comments:\n${measured.join('\n')}\n`);
});

describe('the examples', () => {
  let out: string;

  beforeAll(() => {
    out = fs.mkdtempSync(path.join(os.tmpdir(), 'tlsfleet-render-'));
    const run = spawnSync(process.execPath, [path.join(ROOT, 'scripts', 'synth-examples.js')], {
      cwd: ROOT, encoding: 'utf8', env: { ...process.env, SYNTH_EXAMPLES_OUT: out },
    });
    if (run.status !== 0) throw new Error(`npm run examples failed (exit ${run.status})\n${run.stdout}${run.stderr}`);
  }, 180_000);
  afterAll(() => { if (out) fs.rmSync(out, { recursive: true, force: true }); });

  const dir = (app: string): string => path.join(out, app);
  const reportOf = (app: string): string => fs.readFileSync(path.join(dir(app), 'tlsfleet', 'report.md'), 'utf8');

  test('are all here', () => {
    expect(APPS).toEqual(expect.arrayContaining(['alternator-tls', 'insecure-waived', 'multi-dc', 'reference']));
    for (const app of APPS) expect(fs.existsSync(path.join(dir(app), 'tlsfleet', 'report.md'))).toBe(true);
  });

  test.each(APPS)('report.md of %s', async (app) => {
    expectReport(`report ${app}`, await renderComment(reportOf(app)));
  });

  // Pairs of real synths: the same one (nothing changed), a new waiver and a plaintext port, another shape of app.
  test.each([
    ['reference', 'reference'],
    ['alternator-tls', 'insecure-waived'],
    ['insecure-waived', 'alternator-tls'],
    ['reference', 'multi-dc'],
    ['singlestore-mtls', 'ca-rotation'],
  ])('posture diff %s → %s', async (base, head) => {
    const diff = await renderComment(renderPostureDiff(dir(base), dir(head)));
    expectDiff(`diff ${base} → ${head}`, diff);
    if (base === head) expect(diff.heightPx).toBeLessThan(60); // nothing changed: one line
    // What a CI job posts: the diff, then the head's report, as one comment.
    const comment = await renderComment(renderReviewComment(dir(base), dir(head), reportOf(head)).markdown);
    expectDiff(`comment ${base} → ${head}`, comment);
  });
});

describe('fleets (scripts/bench/tlsfleet-app.ts, really synthesized)', () => {
  test.each([[1, 2], [10, 10], [100, 10], [1000, 10]])('report.md of %i clusters × %i clients', async (clusters, clients) => {
    const fleet = fleetReport(clusters, clients);
    expectReport(`report fleet ${clusters}×${clients}`, await renderComment(fleet.markdown));
  }, FLEET_TIMEOUT_MS);

  test.each([
    [[100, 10], [100, 11]],
    [[100, 10], [1000, 10]],
    [[1000, 10], [100, 10]],
  ])('posture diff of fleet %j → %j', async ([bc, bm], [hc, hm]) => {
    const base = fleetReport(bc, bm);
    const head = fleetReport(hc, hm);
    const what = `${bc}×${bm} → ${hc}×${hm}`;
    expectDiff(`diff fleet ${what}`, await renderComment(renderPostureDiff(base.dir, head.dir)));
    const comment = renderReviewComment(base.dir, head.dir, head.markdown).markdown;
    expectDiff(`comment fleet ${what}`, await renderComment(comment));
  }, FLEET_TIMEOUT_MS);

  test('posture diff of 1000×10: one CA per cluster → one shared CA', async () => {
    const base = fleetReport(1000, 10);
    const head = fleetReport(1000, 10, 'shared');
    expectReport('report fleet 1000×10 shared CA', await renderComment(head.markdown));
    expectDiff('diff fleet 1000×10 CA per cluster → shared', await renderComment(renderPostureDiff(base.dir, head.dir)));
  }, FLEET_TIMEOUT_MS);
});
