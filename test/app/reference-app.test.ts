import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const root = resolve(__dirname, '..', '..');

/** Runs the reference app exactly as cdktf.json says, into a fresh outdir. */
function runApp(): { outdir: string; json: string } {
  const outdir = mkdtempSync(join(tmpdir(), 'tlsfleet-app-'));
  const app = JSON.parse(readFileSync(join(root, 'cdktf.json'), 'utf8')).app as string;
  const [cmd, ...args] = app.split(' ');
  execFileSync(cmd, args, { cwd: root, env: { ...process.env, CDKTF_OUTDIR: outdir }, stdio: 'pipe' });
  return { outdir, json: readFileSync(join(outdir, 'stacks', 'reference', 'cdk.tf.json'), 'utf8') };
}

describe('reference app (main.ts)', () => {
  const first = runApp();
  const second = runApp();
  afterAll(() => [first, second].forEach((r) => rmSync(r.outdir, { recursive: true, force: true })));

  test('writes one stack, reference', () => {
    expect(readdirSync(join(first.outdir, 'stacks'))).toEqual(['reference']);
  });

  test('two synths are byte-identical, review report included', () => {
    expect(second.json).toBe(first.json);
    for (const file of ['report.json', 'report.md', 'report.sarif']) {
      const report = (r: { outdir: string }) => readFileSync(join(r.outdir, 'tlsfleet', file), 'utf8');
      expect(report(second)).toBe(report(first));
    }
    expect(readFileSync(join(first.outdir, 'tlsfleet', 'report.md'), 'utf8')).toMatch(/^# tlsfleet security review\n/);
  });

  test('every issued certificate is delivered to Kubernetes in a Secret', () => {
    const json = JSON.parse(first.json);
    const certs = Object.keys(json.resource.tls_locally_signed_cert);
    expect(certs.length).toBeGreaterThanOrEqual(3);
    const secretData = JSON.stringify(Object.values(json.resource.kubernetes_secret_v1).map((s) => (s as { data: unknown }).data));
    for (const id of certs) expect(secretData).toContain(`tls_locally_signed_cert.${id}.cert_pem`);
    expect(Object.keys(json.resource.tls_self_signed_cert)).toHaveLength(1);
    expect(JSON.stringify(json.resource.kubernetes_config_map_v1)).toContain('ca-bundle.crt');
  });

  test('no private key appears in an output unless it is marked sensitive', () => {
    const json = JSON.parse(first.json);
    for (const [name, output] of Object.entries<Record<string, unknown>>(json.output ?? {})) {
      if (JSON.stringify(output.value).includes('private_key_pem')) expect({ name, sensitive: output.sensitive }).toEqual({ name, sensitive: true });
    }
  });
});
