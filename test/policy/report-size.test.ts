import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, TerraformStack } from 'cdktf';
import { Construct } from 'constructs';
import { KubernetesProvider } from '@cdktf/provider-kubernetes/lib/provider';
import { AlternatorCertificateSource, CertificateAuthority, ClientCertificate, PolicyReport, PolicyViolationError, policyEvaluations, ScyllaCluster, TlsSecret, waive } from '../../constructs';
import { mdCode, mdText } from '../../constructs/policy/report/escape';
import { renderMarkdown } from '../../constructs/policy/report/markdown';
import { buildReport } from '../../constructs/policy/report/model';
import { fleetReport } from './fleet-report';

// report.md must fit a GitHub pull-request comment (65,536 characters) and each Mermaid block Mermaid 11's
// defaults (50,000 characters, 500 edges) at any fleet size, with the verdict on the first screen and every
// open, waived and undecided finding named. Real synths throughout: the bench fleet up to 1000×10, and apps
// with hundreds of findings.

const COMMENT = 65_536;

/** The ```mermaid blocks' contents. */
function mermaidBlocks(md: string): string[] {
  return [...md.matchAll(/^```mermaid\n([\s\S]*?)^```$/gm)].map((m) => m[1]);
}

/** Edges as Mermaid counts them: every link operator, so `a --> b --> c` is two. */
function edges(block: string): number {
  return (block.match(/-->|---|-\.->|==>/g) ?? []).length;
}

/** Every finding of report.json: the construct path of each open, waived or undecided one. */
function findings(json: PolicyReport): { kind: string; path: string; message: string; reason?: string }[] {
  return json.stacks.flatMap((st) => st.rules.flatMap((r) => [
    ...r.violations.map((v) => ({ kind: v.waiver ? 'waived' : 'open', path: v.path, message: v.message, reason: v.waiver?.reason })),
    ...r.undecided.map((u) => ({ kind: 'undecided', path: u.path, message: u.message })),
  ]));
}

function expectWithinLimits(md: string): void {
  expect(md.length).toBeLessThan(COMMENT);
  const blocks = mermaidBlocks(md);
  for (const b of blocks) {
    expect(b.length).toBeLessThan(50_000);
    expect(edges(b)).toBeLessThanOrEqual(500);
  }
}

/** Every finding is named: its path always, its message when listed in full, its waiver's reason always. */
function expectEveryFinding(md: string, json: PolicyReport): void {
  const compact = md.includes('Listed compactly');
  for (const f of findings(json)) {
    expect(md).toContain(mdCode(f.path));
    if (!compact) expect(md).toContain(mdText(f.message));
    if (f.reason) expect(md).toContain(`  - Reason: ${mdText(f.reason)}`);
  }
}

describe.each([
  [1, 2, 'per-cluster'], [10, 10, 'per-cluster'], [100, 10, 'per-cluster'], [1000, 10, 'per-cluster'], [1000, 10, 'shared'],
] as const)('the bench fleet %i×%i (%s CA)', (clusters, clients, ca) => {
  let report: ReturnType<typeof fleetReport>;
  beforeAll(() => {
    report = fleetReport(clusters, clients, ca);
  }, 600_000);

  test('report.md fits a comment and each diagram Mermaid\'s limits', () => {
    expectWithinLimits(report.markdown);
    expect(mermaidBlocks(report.markdown)).toHaveLength(1);
  });

  test('the verdict is the third line; the counts follow', () => {
    const lines = report.markdown.split('\n');
    expect(lines[2]).toMatch(/^\*\*Passes: no violations, no waivers\.\*\* \d+ checks? not decidable at synth, listed below\.$/);
    expect(lines[4]).toContain(`${clusters} cluster${clusters === 1 ? '' : 's'} · ${clusters * 4} listeners · ${report.json.summary.certificates} certificates`);
  });

  test('every undecided check is named, and report.json keeps the whole inventory', () => {
    expect(findings(report.json)).toHaveLength(clusters); // each cluster's Alternator TLS versions are the operator's
    expectEveryFinding(report.markdown, report.json);
    expect(report.json.stacks[0].certificates).toHaveLength(report.json.summary.certificates);
    expect(report.json.summary.certificates).toBe(ca === 'shared' ? 1 + clusters * (3 + clients) : clusters * (4 + clients));
  });

  test('report.md is a function of report.json: rendering it again gives the same bytes', () => {
    expect(renderMarkdown(report.json)).toBe(report.markdown);
  });

  if (clusters === 1) {
    test('a small fleet keeps its per-leaf detail: every certificate in the table and the diagram', () => {
      for (const c of report.json.stacks[0].certificates) {
        expect(report.markdown).toContain(`| ${mdCode(c.path)} |`);
        // Its path in the stack, as the label shows it (zero-width spaces let long runs wrap).
        expect(mermaidBlocks(report.markdown)[0].replace(/#8203;/g, '')).toContain(`<br/>${c.path.replace(/^fleet\//, '')}`);
      }
      expect(report.markdown).not.toContain('more certificates');
    });
  } else {
    test('a large fleet is summarized: counts per role, CA and namespace, the first items, and a pointer to report.json', () => {
      const md = report.markdown;
      expect(md).toMatch(/By role: \d+ ca, \d+ client, \d+ server\./);
      if (clusters >= 100) {
        expect(md).toMatch(/… and \d+ more certificates: the full inventory is in report\.json\./);
        expect(md).toContain('| Listeners | TLS | Client certificates | Check |');
      }
      // The diagram is drawn at a coarser level: no node per leaf certificate.
      expect(mermaidBlocks(md)[0]).not.toMatch(/\["client \/O=/);
      expect(mermaidBlocks(md)[0]).toMatch(/\d+ client certificates/);
    });
  }
});

/** An app with open, waived and undecided findings by the hundred; returns its report, from the synth's own evaluation. */
function findingsApp(open: number, waived: number, clusters: number, distinctReasons: boolean): { md: string; json: PolicyReport; written?: string } {
  const outdir = mkdtempSync(join(tmpdir(), 'tlsfleet-report-size-'));
  try {
    const app = new App({ outdir });
    const stack = new TerraformStack(app, 'many');
    new KubernetesProvider(stack, 'kubernetes', {});
    const ca = new CertificateAuthority(stack, 'Ca');
    const waivedScope = new Construct(stack, 'Accepted');
    if (waived && !distinctReasons) {
      waive(waivedScope, 'TLSF006', { reason: 'Scanners are reloaded by hand twice a year (OPS-88).', approvedBy: 'security-review@example.com' });
      waive(waivedScope, 'TLSF008', { reason: 'The CA is re-issued before the scanners (OPS-89).', approvedBy: 'security-review@example.com' });
    }
    // 399 days: above the 398-day limit (TLSF006) and longer than the CA's renewal window (TLSF008).
    const leaf = (scope: Construct, id: string, i: number): ClientCertificate => {
      const cert = new ClientCertificate(scope, id, { ca, subject: { commonName: `${id.toLowerCase()}` }, validityHours: 399 * 24 });
      new TlsSecret(scope, `${id}Secret`, { certificate: cert, namespace: `team-${i % 7}`, name: `${id.toLowerCase()}-tls` });
      return cert;
    };
    for (let i = 0; i < open; i++) leaf(stack, `Open-scanner-with-a-long-name-${i}`, i);
    for (let i = 0; i < waived; i++) {
      const cert = leaf(waivedScope, `Waived-scanner-with-a-long-name-${i}`, i);
      if (distinctReasons) {
        waive(cert, 'TLSF006', { reason: `Scanner ${i} is reloaded by hand on site (OPS-${1000 + i}).`, approvedBy: `reviewer-${i}@example.com` });
        waive(cert, 'TLSF008', { reason: `Scanner ${i} outlives the CA by design (OPS-${2000 + i}).`, approvedBy: `reviewer-${i}@example.com` });
      }
    }
    for (let i = 0; i < clusters; i++) {
      new ScyllaCluster(stack, `Db${i}`, {
        name: `db${i}`, namespace: `scylla-${i}`, version: '2025.1.5',
        datacenters: [{ name: 'dc1', racks: [{ name: 'r1', members: 3, storageCapacity: '10Gi', cpuLimit: '1', memoryLimit: '4Gi' }] }],
        alternator: { certificateSource: AlternatorCertificateSource.TLSFLEET },
      });
    }
    let failed: unknown;
    try {
      app.synth();
    } catch (e) {
      failed = e;
    }
    expect(failed === undefined).toBe(open === 0);
    if (failed) expect(failed).toBeInstanceOf(PolicyViolationError);
    // The same evaluations the synth judged; with open violations the synth writes no report, so render them here.
    const json = buildReport(policyEvaluations(app));
    const written = failed ? undefined : readFileSync(join(outdir, 'tlsfleet', 'report.md'), 'utf8');
    return { md: written ?? renderMarkdown(json), json, written };
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}

describe('a stack with hundreds of open, waived and undecided findings', () => {
  const { md, json } = findingsApp(150, 150, 20, false);

  test('fits, and the first screen says it is not safe, with the counts', () => {
    expectWithinLimits(md);
    const lines = md.split('\n');
    expect(lines[2]).toBe('**Not safe to merge: 300 open violations**, 300 waived. 20 checks not decidable at synth, listed below.');
    expect(lines[4]).toContain('300 open violations · 300 waived violations under 2 waivers · 20 checks not decidable at synth');
    expect(lines.slice(0, 15).some((l) => l.startsWith('### Open violations'))).toBe(true);
  });

  test('every finding is named, each waiver with its reason and approver', () => {
    expect(findings(json)).toHaveLength(620);
    expectEveryFinding(md, json);
    expect(md).toContain('  - Approved by: security\\-review\\@example\\.com; waiver on `many/Accepted`');
  });

  test('marked in the tables and in the diagram', () => {
    expect(md).toMatch(/\| `many\/Open-scanner-with-a-long-name-0` \| client \| `\/CN=open-scanner-with-a-long-name-0` \| \*\*FAIL\*\* TLSF006, TLSF008 \|/);
    const diagram = mermaidBlocks(md)[0];
    expect(diagram).toMatch(/^ {2}classDef insecure /m);
    expect(diagram).toMatch(/^ {2}class [A-Za-z0-9_,]+ insecure$/m);
    expect(md).toContain('Marked in the diagram: red, **FAIL**: an open violation');
    expect(md).toContain('| TLSF006 Leaf certificate validity above the limit | medium | **FAIL** | ');
  });
});

describe('at the limit: more findings than a comment can name', () => {
  // 1500 certificates each with its own two waivers (3000 reasons): no compact form fits in 65,536 characters.
  const { md, json, written } = findingsApp(0, 1500, 0, true);

  test('the synth passes and writes report.md, which says at the top that the list is cut and never claims a pass', () => {
    expect(written).toBeDefined();
    expectWithinLimits(md);
    const lines = md.split('\n');
    expect(lines[2]).toBe('**Not verified in this comment: the list of findings is cut to fit; report.json holds them all.**');
    expect(md).not.toMatch(/\*\*Passes/);
    expect(lines.slice(0, 12)).toContain('> [!CAUTION]');
    const caution = lines.find((l) => l.startsWith('> **This list is truncated:**'))!;
    const [, named, total] = /(\d+) of (\d+) findings are named/.exec(caution)!.map(Number);
    expect(total).toBe(3000);
    expect(named).toBeGreaterThan(100);
    expect(named).toBeLessThan(total);
    // What is named is named in full; what is not is counted, and report.json has all.
    const shown = findings(json).filter((f) => md.includes(`  - Reason: ${mdText(f.reason!)}`));
    expect(shown.length).toBe(named);
    expect(md).toContain(`**${total - named} findings not named here for lack of room: report.json holds every one.**`);
    expect(findings(json)).toHaveLength(3000);
  });

  test('a smaller budget gives the same guarantees', () => {
    for (const max of [40_000, 10_000]) {
      const small = renderMarkdown(json, max);
      expect(small.length).toBeLessThanOrEqual(max);
      expect(small.split('\n')[2]).toMatch(/^\*\*Not verified in this comment/);
    }
    expect(() => renderMarkdown(json, 65_536)).toThrow(/maxChars/);
  });
});
