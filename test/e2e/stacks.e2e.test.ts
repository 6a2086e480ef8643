// Every synthesized stack, the reference app and each example, passes `terraform validate`
// with the real providers; their PKI applies and verifies with openssl.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { verifyAppliedPki } from './pki-checks';
import { dropProvider, formatDiagnostics, requireToolchainOrSkip, TerraformWorkdir } from './terraform-harness';

const root = resolve(__dirname, '..', '..');

/** Every cdktf app of the project: the root app and each examples/<name> with its own cdktf.json. */
function apps(): Array<{ name: string; dir: string }> {
  const examples = readdirSync(join(root, 'examples'))
    .filter((name) => existsSync(join(root, 'examples', name, 'cdktf.json')))
    .sort()
    .map((name) => ({ name: `examples/${name}`, dir: join(root, 'examples', name) }));
  return [{ name: 'reference app', dir: root }, ...examples];
}

/** Runs an app as its cdktf.json says into a fresh outdir; returns each stack's cdk.tf.json. */
function synthApp(dir: string): { outdir: string; stacks: Array<{ stack: string; file: string }> } {
  const outdir = mkdtempSync(join(tmpdir(), 'tlsfleet-stacks-'));
  const [cmd, ...args] = (JSON.parse(readFileSync(join(dir, 'cdktf.json'), 'utf8')).app as string).split(' ');
  execFileSync(cmd, args, { cwd: dir, env: { ...process.env, CDKTF_OUTDIR: outdir }, stdio: 'pipe' });
  const stacks = readdirSync(join(outdir, 'stacks')).sort().map((stack) => ({ stack, file: join(outdir, 'stacks', stack, 'cdk.tf.json') }));
  return { outdir, stacks };
}

const RUN = requireToolchainOrSkip('stacks validate and apply');

(RUN ? describe : describe.skip)('every synthesized stack with real Terraform', () => {
  for (const app of apps()) {
    describe(app.name, () => {
      const synthesized = synthApp(app.dir);
      afterAll(() => rmSync(synthesized.outdir, { recursive: true, force: true }));

      test('synthesizes at least one stack', () => {
        expect(synthesized.stacks.length).toBeGreaterThan(0);
      });

      for (const { stack, file } of synthesized.stacks) {
        test(`${stack}: terraform validate passes`, () => {
          const wd = new TerraformWorkdir(file);
          try {
            wd.init();
            const result = wd.validate();
            expect({ valid: result.valid, diagnostics: formatDiagnostics(result) }).toEqual({ valid: true, diagnostics: '' });
          } finally {
            wd.cleanup();
          }
        }, 120_000);

        test(`${stack}: its PKI applies and every leaf verifies with openssl`, () => {
          const config = JSON.parse(readFileSync(file, 'utf8'));
          const leaves = Object.keys(config.resource?.tls_locally_signed_cert ?? {}).length;
          const wd = new TerraformWorkdir(file, { transform: dropProvider('kubernetes') });
          try {
            wd.init();
            wd.apply();
            expect(verifyAppliedPki(wd.state())).toHaveLength(leaves);
          } finally {
            wd.cleanup();
          }
        }, 300_000);
      }
    });
  }
});
