import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { KeyAlgorithm } from '../../constructs';
import { diffPosture, renderPostureDiff } from '../../constructs/policy/diff';
import { removeAll, synthVariant, Variant } from './fixtures';

// Real synths of examples/alternator-tls variants, diffed as a pull request would be: each change a reviewer must
// see is named in the comment, under the right verdict.

const dirs: string[] = [];
const synth = (v: Variant = {}): string => {
  const d = synthVariant(v);
  dirs.push(d);
  return d;
};
let base: string;
beforeAll(() => { base = synth(); });
afterAll(() => removeAll(dirs));

const WAIVER = { reason: 'The legacy importer cannot verify a CA until the Q3 rewrite ships (INV-412).', approvedBy: 'security-review@example.com' };

/** The comment's first line, and its bullet items by section heading. */
function sections(md: string): { verdict: string; items: Record<string, string[]> } {
  const items: Record<string, string[]> = {};
  let current = '';
  for (const line of md.split('\n')) {
    if (line.startsWith('### ')) current = line.slice(4).replace(/ \(\d+\)$/, '');
    else if (line.startsWith('- ')) (items[current] ??= []).push(line);
  }
  return { verdict: md.split('\n')[0], items };
}

describe('tlsfleet diff of real synths', () => {
  test('identical synths: one line, nothing worse', () => {
    const d = diffPosture(base, synth());
    expect(d.markdown).toBe('**tlsfleet posture diff: no change** to listeners, waivers, rule results, certificates, key deliveries, trust or clusters.\n');
    expect(d.markdown.trim().split('\n')).toHaveLength(1);
    expect(d.worse).toBe(0);
  });

  test('a client added: its certificate, key delivery and CA bundle, not worse', () => {
    const d = diffPosture(base, synth({ addClient: true }));
    const { verdict, items } = sections(d.markdown);
    expect(verdict).toMatch(/^\*\*tlsfleet posture diff: not worse\.\*\*/);
    expect(d.worse).toBe(0);
    const other = items['Other changes'].join('\n');
    expect(other).toContain('Client certificate added: `alternator-tls/Shop/Billing/Certificate`');
    expect(other).toMatch(/key delivered to Secret `billing\/[^`]+`/);
    expect(other).toMatch(/CA `alternator-tls\/Ca` added to \d+ object\(s\): .*`billing\//);
  });

  test('a plaintext port opened with a waiver: worse, listed first with the reason and the approver', () => {
    const d = diffPosture(base, synth({ plaintextWithWaiver: WAIVER }));
    const { verdict, items } = sections(d.markdown);
    expect(d.worse).toBeGreaterThanOrEqual(3);
    expect(verdict).toMatch(/^\*\*tlsfleet posture diff: worse\.\*\* \d+ of \d+ change\(s\) weaken security: .*new waiver \(1\)/);
    expect(verdict).toContain('listener opened in plaintext (1)');
    const worse = items['Weakens security'].join('\n');
    expect(worse).toContain('Listener opened: `alternator-tls/Shop` datacenter `eu-west-1`: Alternator on port 8000');
    expect(worse).toContain('**plaintext**');
    expect(worse).toContain('New waiver: `TLSF001` Plaintext listener (high) on `alternator-tls/Shop`, covering 1 violation(s), approved by security\\-review\\@example\\.com. Reason: The legacy importer cannot verify a CA until the Q3 rewrite ships \\(INV\\-412\\)\\.');
    expect(worse).toContain('Rule `TLSF001` Plaintext listener (high): pass → **waived**');
    // Worse changes come before everything else.
    expect(d.markdown.indexOf('### Weakens security')).toBeLessThan(d.markdown.indexOf('### Other changes') === -1 ? Infinity : d.markdown.indexOf('### Other changes'));
    // And the reverse pull request (closing it) strengthens the posture.
    const back = diffPosture(dirs[dirs.length - 1], base);
    expect(back.worse).toBe(0);
    expect(sections(back.markdown).items['Strengthens security'].join('\n')).toContain('Waiver removed: `TLSF001`');
  });

  test('CQL TLS 1.2 allowed: the TLS minimum lowered, worse; TLS 1.3 only again: better', () => {
    const tls12 = synth({ cqlTls12: true });
    const d = diffPosture(base, tls12);
    const worse = sections(d.markdown).items['Weakens security'];
    expect(worse).toContain('- **Listeners:** `alternator-tls/Shop` datacenter `eu-west-1`: CQL on port 9142: TLS versions TLSv1.3 → **TLSv1.2, TLSv1.3**');
    expect(d.markdown.split('\n')[0]).toContain('TLS minimum lowered (');
    expect(diffPosture(tls12, base).worse).toBe(0);
  });

  test('CQL client certificates turned off with a waiver: worse, with the waiver', () => {
    const d = diffPosture(base, synth({ cqlNoClientAuthWithWaiver: WAIVER }));
    const worse = sections(d.markdown).items['Weakens security'].join('\n');
    expect(worse).toContain('`alternator-tls/Shop` datacenter `eu-west-1`: CQL on port 9142: client certificates required → **not required**');
    expect(worse).toContain('New waiver: `TLSF003` CQL without client certificates (medium) on `alternator-tls/Shop`');
  });

  test('a cluster added and removed', () => {
    const two = synth({ secondCluster: true });
    const added = diffPosture(base, two);
    expect(added.markdown).toContain('Cluster added: ScyllaDB `audit` (`alternator-tls/Audit`), 1 datacenter(s),');
    expect(added.markdown).toContain('CA added: `alternator-tls/Audit/Ca`');
    expect(added.markdown).toMatch(/Listener opened: `alternator-tls\/Audit` datacenter `eu-west-1`: CQL on port 9142 at `[^`]+`, TLS \(TLSv1\.3\), client certificates required, authorization enforced/);
    expect(diffPosture(two, base).markdown).toContain('Cluster removed: ScyllaDB `audit` (`alternator-tls/Audit`)');
  });

  test('a certificate lifetime: longer is worse, shorter better, both re-issue it', () => {
    const short = synth({ ordersValidityHours: 24 * 90 });
    const longer = diffPosture(short, synth({ ordersValidityHours: 8000 }));
    expect(longer.worse).toBe(1);
    const w = sections(longer.markdown).items['Weakens security'].join('\n');
    expect(w).toContain('Lifetime of `alternator-tls/Shop/Orders/Certificate`: 90 days → **8000 hours**');
    expect(longer.markdown).toContain('Re-issued: `alternator-tls/Shop/Orders/Certificate`, validity 90 days → 8000 hours');
    expect(longer.markdown).not.toContain('Re-keyed');
    const shorter = diffPosture(base, short);
    expect(shorter.worse).toBe(0);
    expect(sections(shorter.markdown).items['Strengthens security'].join('\n')).toContain('365 days → **90 days**');
  });

  test('a renewal window changed: updated in place, not re-issued', () => {
    const d = diffPosture(base, synth({ ordersEarlyRenewalHours: 24 * 10 }));
    expect(d.markdown).toContain('Renewal of `alternator-tls/Shop/Orders/Certificate`: the last 30 days → **the last 10 days** (updated in place, no new certificate)');
    expect(d.markdown).not.toContain('Re-issued');
  });

  test('a subject changed: re-issued with the same key', () => {
    const d = diffPosture(base, synth({ ordersOrganization: 'Example Shop' }));
    expect(d.markdown).toContain('Re-issued: `alternator-tls/Shop/Orders/Certificate`, subject `/CN=orders` → `/O=Example Shop/CN=orders`');
    expect(d.markdown).not.toContain('Re-keyed');
  });

  test('a new CA key: re-keyed, and every certificate it signs re-issued with it', () => {
    const d = diffPosture(base, synth({ caKey: KeyAlgorithm.ECDSA_P384 }));
    const better = sections(d.markdown).items['Strengthens security'].join('\n');
    expect(better).toMatch(/Re-keyed: `alternator-tls\/Ca`, key ECDSA P\\-256 → \*\*ECDSA P\\-384\*\*; the certificate is re-issued; the \d+ certificate\(s\) it signs are re-issued with it: `alternator-tls\/Shop\//);
    const weaker = diffPosture(dirs[dirs.length - 1], base);
    expect(weaker.worse).toBe(1);
    expect(sections(weaker.markdown).items['Weakens security'].join('\n')).toContain('Re-keyed: `alternator-tls/Ca`, key ECDSA P\\-384 → **ECDSA P\\-256**');
  });

  test('re-keyed without a change in report.json is told by cdk.tf.json, and said only when it is there', () => {
    // The same algorithm, a new tls_private_key block (a renamed key resource): report.json alone shows nothing.
    const head = synth();
    const { readFileSync, writeFileSync } = require('node:fs') as typeof import('node:fs');
    const file = join(head, 'stacks', 'alternator-tls', 'cdk.tf.json');
    const config = JSON.parse(readFileSync(file, 'utf8'));
    const keys = config.resource.tls_private_key;
    const id = Object.keys(keys).find((k) => keys[k]['//'].metadata.path === 'alternator-tls/Shop/Orders/Certificate/Key')!;
    keys[`${id}_renamed`] = keys[id];
    delete keys[id];
    writeFileSync(file, JSON.stringify(config));
    expect(renderPostureDiff(base, head)).toContain('Re-keyed: `alternator-tls/Shop/Orders/Certificate`, key ECDSA P\\-256, a new `tls_private_key`');
    rmSync(join(head, 'stacks'), { recursive: true });
    expect(renderPostureDiff(base, head)).toMatch(/^\*\*tlsfleet posture diff: no change\*\*/);
  });

  test('a user removed: its certificate and the CA bundle in its namespace', () => {
    const d = diffPosture(base, synth({ removeInventory: true }));
    const other = sections(d.markdown).items['Other changes'].join('\n');
    expect(other).toContain('Client certificate removed: `alternator-tls/Shop/Inventory/Certificate`, subject `/CN=inventory_service`');
    expect(other).toMatch(/CA `alternator-tls\/Ca` removed from \d+ object\(s\): .*`inventory\//);
  });

  test('a fleet that grows by 150 applications: the first 30 clients listed, the rest counted', () => {
    const d = diffPosture(base, synth({ extraClients: 150 }));
    const other = sections(d.markdown).items['Other changes'];
    const clients = other.filter((l) => l.startsWith('- **Clusters, clients and users:** Client certificate added: '));
    expect(clients).toHaveLength(30);
    expect(other).toContain('- **Clusters, clients and users:** … and 120 more (client certificate added (120)); `npx tlsfleet diff` on the two synths lists them all.');
    expect(d.markdown.length).toBeLessThan(20_000);
    expect(d.worse).toBe(0);
  });

  test('a private key delivered to a new namespace: worse', () => {
    const before = synth({ batchNamespaces: ['batch'] });
    const d = diffPosture(before, synth({ batchNamespaces: ['batch', 'reports'] }));
    expect(d.worse).toBe(1);
    expect(sections(d.markdown).items['Weakens security'].join('\n'))
      .toContain('Private key of `alternator-tls/Batch` now delivered to namespace `reports` via `(default kubernetes provider)` (objects: Secret `reports/batch-tls`');
  });
});
