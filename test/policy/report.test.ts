import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Ajv from 'ajv-draft-04';
import { App, TerraformStack } from 'cdktf';
import { KubernetesProvider } from '@cdktf/provider-kubernetes/lib/provider';
import { CertificateAuthority, ClientCertificate, PolicyReport, PolicyViolationError, RULES, TlsSecret } from '../../constructs';
import { InsecureWaivedStack, WAIVERS } from '../../examples/insecure-waived/stack';
import { ReferenceStack } from '../../examples/reference/stack';
import { mdText } from '../../constructs/policy/report/escape';
import { loadSarifSchema } from './sarif-schema';

interface Output {
  readonly json: PolicyReport;
  readonly md: string;
  readonly sarif: any;
  readonly raw: Record<string, string>;
  readonly stacks: Record<string, any>;
}

/** Synthesizes an app as `cdktf synth` does and reads the three reports and the stacks. */
function synthApp(build: (app: App) => string[]): Output {
  const outdir = mkdtempSync(join(tmpdir(), 'tlsfleet-report-'));
  try {
    const app = new App({ outdir });
    const names = build(app);
    app.synth();
    const raw = Object.fromEntries(['report.json', 'report.md', 'report.sarif'].map((f) => [f, readFileSync(join(outdir, 'tlsfleet', f), 'utf8')]));
    const stacks = Object.fromEntries(names.map((n) => [n, JSON.parse(readFileSync(join(outdir, 'stacks', n, 'cdk.tf.json'), 'utf8'))]));
    return { json: JSON.parse(raw['report.json']), md: raw['report.md'], sarif: JSON.parse(raw['report.sarif']), raw, stacks };
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}

const waivedApp = (app: App): string[] => {
  new InsecureWaivedStack(app, 'insecure-waived');
  return ['insecure-waived'];
};
const referenceApp = (app: App): string[] => {
  new ReferenceStack(app, 'reference');
  return ['reference'];
};

describe('the reference app report', () => {
  const out = synthApp(referenceApp);
  const stack = out.json.stacks[0];
  const tf = out.stacks.reference;

  test('shows every cluster with its datacenters and every listening endpoint', () => {
    expect(stack.clusters).toHaveLength(1);
    expect(stack.clusters[0]).toMatchObject({
      path: 'reference/Db', product: 'ScyllaDB', name: 'db', namespace: 'scylla',
      datacenters: [{ name: 'dc1', namespace: 'scylla', kubernetes: '(default kubernetes provider)' }],
    });
    expect(stack.clusters[0].endpoints.map((e) => [e.api, e.port, e.transport, e.clientCertificates, e.authorization])).toEqual([
      ['Internode', 7001, 'tls', 'required', 'enforced'],
      ['Alternator', 8043, 'tls', 'not required', 'enforced'],
      ['CQL', 9142, 'tls', 'required', 'enforced'],
      ['CQL shard-aware', 19142, 'tls', 'required', 'enforced'],
    ]);
  });

  test('shows every certificate in the synthesized stack, with subject, issuer, validity, renewal and where it goes', () => {
    const inTf = [...Object.values<any>(tf.resource.tls_self_signed_cert), ...Object.values<any>(tf.resource.tls_locally_signed_cert)]
      .map((r) => r['//'].metadata.path.replace(/\/Resource$/, '')).sort();
    expect(stack.certificates.map((c) => c.path)).toEqual(inTf);
    for (const c of stack.certificates) {
      expect(c.subject).toMatch(/^\/.*CN=/);
      expect(c.validityHours).toBeGreaterThan(0);
      expect(c.renewal).toMatch(/^replaced at the first apply in the last \d+ h/);
      expect(c.deliveredTo.length).toBeGreaterThan(0);
      if (c.role !== 'ca') expect(c.issuer).toBe('reference/Ca');
    }
    const orders = stack.certificates.find((c) => c.path === 'reference/Db/Orders/Certificate')!;
    expect(orders).toMatchObject({
      role: 'client', subject: '/O=Example Platform/OU=Applications/CN=orders', issuerSubject: '/O=Example Platform/CN=tlsfleet reference CA',
      key: 'ECDSA P-256', validityHours: 8760, earlyRenewalHours: 720,
      deliveredTo: [{ object: 'Secret', namespace: 'orders', name: 'orders-scylla-client-tls', kubernetes: '(default kubernetes provider)', withPrivateKey: true }],
      holders: [{ namespace: 'orders', kubernetes: '(default kubernetes provider)', description: 'ScyllaDB client orders (role orders)' }],
    });
    // Every Secret that carries a key in the stack is somewhere in the inventory.
    const secrets = Object.values<any>(tf.resource.kubernetes_secret_v1).map((s) => `${s.metadata.namespace}/${s.metadata.name}`).sort();
    const listed = [...new Set(stack.certificates.flatMap((c) => c.deliveredTo.filter((d) => d.withPrivateKey).map((d) => `${d.namespace}/${d.name}`)))].sort();
    expect(listed).toEqual(secrets);
  });

  test('has every rule\'s result, and no waiver', () => {
    expect(stack.rules.map((r) => r.id)).toEqual(RULES.map((r) => r.id));
    expect(stack.rules.every((r) => r.status === 'pass' || r.status === 'not applicable')).toBe(true);
    expect(stack.waivers).toEqual([]);
    expect(out.md.split('\n')[2]).toMatch(/^\*\*Passes: no violations, no waivers\.\*\*/);
  });

  test('the Markdown has the summary table and a Mermaid trust chain CA → certificate and its Secret → namespace and its cluster', () => {
    expect(out.md).toContain('| Stack | Clusters | Certificates | Result |');
    expect(out.md).toContain('| `reference` | 1 | 6 | pass, 1 undecided |');
    const mermaid = out.md.slice(out.md.indexOf('```mermaid'), out.md.indexOf('```', out.md.indexOf('```mermaid') + 3));
    const node = (label: RegExp): string => {
      const line = mermaid.split('\n').find((l) => label.test(l));
      if (!line) throw new Error(`no node ${label} in\n${mermaid}`);
      return line.trim().split(/[[({/]/)[0];
    };
    const ca = node(/\["CA \/O=Example Platform\/CN=tlsfleet reference CA<br\/>Ca"\]/);
    // The path in the stack (a zero-width space lets it wrap), then the Secret that carries the certificate.
    const cert = node(/\["client .*CN=(#8203;)?orders<br\/>Db\/Orders\/(#8203;)?Certificate<br\/>Secret orders-scylla-client-tls"\]/);
    const ns = node(/\(\["namespace orders"\]\)/);
    // The cluster is named in its namespace's node, marked: its Alternator TLS versions are the operator's.
    const nsScylla = node(/\(\["namespace scylla<br\/>ScyllaDB db<br\/>UNDECIDED TLSF004"\]\)/);
    for (const edge of [`${ca} --> ${cert}`, `${cert} --> ${ns}`, `${ca} -..->|trusted via ConfigMap and Secret| ${nsScylla}`]) {
      expect(mermaid).toContain(`  ${edge}\n`);
    }
    expect(mermaid).toContain(`  class ${nsScylla} undecided\n`);
    // One Kubernetes cluster in the stack: namespaces are not qualified with it.
    expect(mermaid).not.toContain('default kubernetes provider');
  });

  test('is deterministic: no dates, no machine paths, the same bytes from a second synth', () => {
    const again = synthApp(referenceApp);
    expect(again.raw).toEqual(out.raw);
    for (const text of Object.values(out.raw)) {
      expect(text).not.toMatch(/\b20\d\d-[01]\d-[0-3]\d/);
      expect(text).not.toContain(tmpdir());
    }
  });
});

describe('examples/insecure-waived', () => {
  const out = synthApp(waivedApp);

  test('synthesizes only because each insecure setting has a waiver; the waivers appear in all three reports', () => {
    const stack = out.json.stacks[0];
    expect(stack.waivers).toEqual([
      { ruleId: 'TLSF001', path: 'insecure-waived/Inventory', reason: WAIVERS.TLSF001.reason, approvedBy: WAIVERS.TLSF001.approvedBy, covers: 1 },
      { ruleId: 'TLSF006', path: 'insecure-waived/Inventory/Scanners', reason: WAIVERS.TLSF006.reason, approvedBy: WAIVERS.TLSF006.approvedBy, covers: 1 },
    ]);
    expect(out.json.summary).toMatchObject({ waivers: 2, waivedViolations: 2, openViolations: 0 });
    // Markdown: the verdict, then the waivers with their reasons and approvers, before the summary.
    const lines = out.md.split('\n');
    expect(lines[2]).toBe('**Passes with 2 waivers** (2 waived violations): review each reason below. 1 check not decidable at synth, listed below.');
    expect(out.md.indexOf('### Waived violations')).toBeLessThan(out.md.indexOf('## Summary'));
    for (const w of Object.values(WAIVERS)) {
      const reason = lines.indexOf(`  - Reason: ${mdText(w.reason)}`);
      expect(reason).toBeGreaterThan(0);
      expect(reason).toBeLessThan(15); // the first screen
      expect(lines[reason + 1].startsWith(`  - Approved by: ${mdText(w.approvedBy ?? '')}; waiver on \``)).toBe(true);
    }
    // SARIF: one suppressed result per waived violation, justified by the reason.
    const results = out.sarif.runs[0].results.filter((r: any) => r.suppressions);
    expect(results.map((r: any) => [r.ruleId, r.suppressions[0].justification])).toEqual([
      ['TLSF001', `${WAIVERS.TLSF001.reason} (approved by ${WAIVERS.TLSF001.approvedBy})`],
      ['TLSF006', `${WAIVERS.TLSF006.reason} (approved by ${WAIVERS.TLSF006.approvedBy})`],
    ]);
  });

  test.each(Object.keys(WAIVERS))('without the %s waiver, synth fails on that rule', (id) => {
    const outdir = mkdtempSync(join(tmpdir(), 'tlsfleet-report-'));
    try {
      const app = new App({ outdir });
      new InsecureWaivedStack(app, 'insecure-waived', { omitWaivers: [id] });
      let error: unknown;
      try {
        app.synth();
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(PolicyViolationError);
      expect((error as PolicyViolationError).violations.map((v) => v.ruleId)).toEqual([id]);
    } finally {
      rmSync(outdir, { recursive: true, force: true });
    }
  });
});

describe('report.sarif', () => {
  const { schema, source } = loadSarifSchema();
  // Formats (uri, date-time) are not checked: ajv-draft-04 has no format vocabulary without another package.
  const ajv = new Ajv({ allErrors: true, strict: false, validateFormats: false });
  const validate = ajv.compile(schema);

  test.each([['reference', referenceApp], ['insecure-waived', waivedApp]] as const)('of %s validates against the SARIF 2.1.0 schema', (_name, build) => {
    const { sarif } = synthApp(build);
    const ok = validate(sarif);
    expect({ source, errors: validate.errors ?? [] }).toEqual({ source, errors: [] });
    expect(ok).toBe(true);
  });

  test('the schema is the real one: it rejects a log without version or with a bad level', () => {
    const { sarif } = synthApp(waivedApp);
    expect(validate({ ...sarif, version: undefined })).toBe(false);
    const bad = JSON.parse(JSON.stringify(sarif));
    bad.runs[0].results[0].level = 'fatal';
    expect(validate(bad)).toBe(false);
  });

  test('carries every rule with metadata, and locates results at construct paths', () => {
    const { sarif } = synthApp(waivedApp);
    const driver = sarif.runs[0].tool.driver;
    expect(driver.rules.map((r: any) => r.id)).toEqual(RULES.map((r) => r.id));
    expect(driver.rules[0]).toMatchObject({
      name: 'PlaintextListener', shortDescription: { text: 'Plaintext listener' }, defaultConfiguration: { level: 'error' },
      properties: { 'security-severity': '8.0' },
    });
    const first = sarif.runs[0].results.find((r: any) => r.ruleId === 'TLSF001');
    expect(first.locations[0]).toEqual({
      physicalLocation: { artifactLocation: { uri: 'stacks/insecure-waived/cdk.tf.json', uriBaseId: 'CDKTF_OUT' } },
      logicalLocations: [{ fullyQualifiedName: 'insecure-waived/Inventory/dc1', kind: 'resource' }],
    });
  });
});

describe('apps with several stacks, and large stacks', () => {
  test('one report covers every stack of the app', () => {
    const out = synthApp((app) => {
      new ReferenceStack(app, 'a');
      new ReferenceStack(app, 'b');
      return ['a', 'b'];
    });
    expect(out.json.stacks.map((s) => s.name)).toEqual(['a', 'b']);
    expect(out.json.summary).toMatchObject({ stacks: 2, clusters: 2, certificates: 12 }); // per stack: CA, serving, node, admin, two clients
  });

  test('the trust chain groups more than 40 leaves per CA and role, so the diagram stays readable', () => {
    const out = synthApp((app) => {
      const stack = new TerraformStack(app, 'fleet');
      new KubernetesProvider(stack, 'kubernetes', {});
      const ca = new CertificateAuthority(stack, 'Ca');
      for (let i = 0; i < 45; i++) {
        const cert = new ClientCertificate(stack, `C${i}`, { ca, subject: { commonName: `app-${i}` } });
        new TlsSecret(stack, `S${i}`, { certificate: cert, namespace: `ns-${i % 3}`, name: `app-${i}` });
      }
      return ['fleet'];
    });
    expect(out.md).toContain('["45 client certificates"]');
    expect(out.md.match(/-->\|Secret\|/g)).toHaveLength(3);
    expect(out.json.stacks[0].certificates).toHaveLength(46);
  });

  test('report.md stays within a pull-request comment for a fleet; report.json keeps everything', () => {
    const out = synthApp((app) => {
      const stack = new TerraformStack(app, 'fleet');
      new KubernetesProvider(stack, 'kubernetes', {});
      const ca = new CertificateAuthority(stack, 'Ca');
      for (let i = 0; i < 300; i++) {
        const cert = new ClientCertificate(stack, `C${i}`, { ca, subject: { commonName: `app-${i}` } });
        new TlsSecret(stack, `S${i}`, { certificate: cert, namespace: `ns-${i % 7}`, name: `app-${i}` });
      }
      return ['fleet'];
    });
    expect(out.md.length).toBeLessThan(65_536);
    expect(out.md).toContain('… and 201 more certificates: the full inventory is in report.json.');
    expect(out.json.stacks[0].certificates).toHaveLength(301);
    expect(out.json.stacks[0].certificates.find((c) => c.path === 'fleet/Ca')!.deliveredTo).toHaveLength(300);
  });
});
