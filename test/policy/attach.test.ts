import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, TerraformStack } from 'cdktf';
import { CertificateAuthority, ClientCertificate, KubernetesProvider, PolicyViolationError, ScyllaCluster, TlsProvider } from './attach-fixtures';

/** Every file under `dir`, relative. */
function tree(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile())
    .map((e) => join(e.parentPath ?? (e as unknown as { path: string }).path, e.name).slice(dir.length + 1)).sort();
}

function insecureCluster(stack: TerraformStack): void {
  new KubernetesProvider(stack, 'k8s');
  new ScyllaCluster(stack, 'Db', {
    name: 'db', namespace: 'scylla', version: '2025.1.5',
    datacenters: [{ name: 'dc1', racks: [{ name: 'a', members: 3, storageCapacity: '10Gi', cpuLimit: '1', memoryLimit: '4Gi' }] }],
    cql: { insecureEnablePlaintext: true },
  });
}

describe('the policy attaches to every stack and judges the app as one', () => {
  let outdir: string;
  beforeEach(() => { outdir = mkdtempSync(join(tmpdir(), 'tlsfleet-attach-')); });
  afterEach(() => rmSync(outdir, { recursive: true, force: true }));

  test('a violating second stack: nothing is written for either stack, and no report', () => {
    const app = new App({ outdir });
    new CertificateAuthority(new TerraformStack(app, 'first'), 'Ca');
    insecureCluster(new TerraformStack(app, 'second'));
    expect(() => app.synth()).toThrow(PolicyViolationError);
    expect(tree(outdir).filter((f) => f.endsWith('cdk.tf.json') || f.startsWith('tlsfleet/'))).toEqual([]);
  });

  test('a failing synth removes the pass report an earlier synth left in the same outdir', () => {
    const good = new App({ outdir });
    new CertificateAuthority(new TerraformStack(good, 'first'), 'Ca');
    good.synth();
    expect(readFileSync(join(outdir, 'tlsfleet', 'report.md'), 'utf8')).toContain('0 open violations');
    const bad = new App({ outdir });
    new CertificateAuthority(new TerraformStack(bad, 'first'), 'Ca');
    insecureCluster(new TerraformStack(bad, 'second'));
    expect(() => bad.synth()).toThrow(/TLSF001/);
    expect(tree(join(outdir, 'tlsfleet'))).toEqual([]);
  });

  test('a failure that is not the policy\'s (a construct error at synth) also leaves no stale report', () => {
    const good = new App({ outdir });
    new CertificateAuthority(new TerraformStack(good, 'only'), 'Ca');
    good.synth();
    const bad = new App({ outdir });
    const stack = new TerraformStack(bad, 'only');
    new CertificateAuthority(stack, 'Ca');
    stack.node.addValidation({ validate: () => ['broken on purpose'] });
    expect(() => bad.synth()).toThrow(/broken on purpose/);
    expect(tree(join(outdir, 'tlsfleet'))).toEqual([]);
  });

  test('a stack without tlsfleet constructs is written with the others, after all were judged', () => {
    const app = new App({ outdir });
    new TlsProvider(new TerraformStack(app, 'plain'), 'tls');
    new CertificateAuthority(new TerraformStack(app, 'pki'), 'Ca');
    app.synth();
    expect(tree(outdir).filter((f) => f.endsWith('cdk.tf.json'))).toEqual(['stacks/pki/cdk.tf.json', 'stacks/plain/cdk.tf.json']);
    expect(JSON.parse(readFileSync(join(outdir, 'tlsfleet', 'report.json'), 'utf8')).summary.stacks).toBe(1);
  });

  test('a user\'s own `new TlsProvider(stack, \'tls\')`, declared after a tlsfleet construct, is the one provider', () => {
    const app = new App({ outdir });
    const stack = new TerraformStack(app, 'pki');
    const ca = new CertificateAuthority(stack, 'Ca');
    new TlsProvider(stack, 'tls');
    new ClientCertificate(stack, 'Client', { ca, subject: { commonName: 'c' } });
    app.synth();
    const json = JSON.parse(readFileSync(join(outdir, 'stacks', 'pki', 'cdk.tf.json'), 'utf8'));
    expect(json.provider.tls).toEqual([{}]);
  });

  test('without the policy loaded, a stack holding tlsfleet constructs does not synthesize (fail closed)', () => {
    jest.isolateModules(() => {
      // Only the PKI, as a deep import would load it: the policy never registers.
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const cdktf = require('cdktf') as typeof import('cdktf');
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const pki = require('../../constructs/pki') as typeof import('../../constructs/pki');
      const app = new cdktf.App({ outdir });
      new pki.CertificateAuthority(new cdktf.TerraformStack(app, 'deep'), 'Ca');
      expect(() => app.synth()).toThrow(/the tlsfleet policy was not loaded/);
    });
    expect(tree(outdir).filter((f) => f.endsWith('cdk.tf.json'))).toEqual([]);
  });
});
