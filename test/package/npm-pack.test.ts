import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const root = resolve(__dirname, '..', '..');
const consumerApp = `
import { App, TerraformStack } from 'cdktf';
import { CertificateAuthority, ClientCertificate } from 'tlsfleet';

const app = new App();
const stack = new TerraformStack(app, 'consumer');
const ca = new CertificateAuthority(stack, 'Ca');
const client = new ClientCertificate(stack, 'Client', { ca, subject: { commonName: 'consumer', organization: 'A/B' } });
console.log(client.subjectOneline);
app.synth();
`;

/**
 * Packs tlsfleet as other teams receive it and builds a separate cdktf app against the
 * tarball alone: its compiled JavaScript and its .d.ts (type-checked with strict TypeScript).
 */
describe('npm pack', () => {
  const work = mkdtempSync(join(tmpdir(), 'tlsfleet-pack-'));
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  test('a separate cdktf app imports the packed library and synthesizes', () => {
    execFileSync('npm', ['pack', '--silent', '--pack-destination', work], { cwd: root, stdio: 'pipe' });
    const tarball = readdirSync(work).find((f) => f.endsWith('.tgz'));
    expect(tarball).toMatch(/^tlsfleet-\d+\.\d+\.\d+\.tgz$/);

    const listing = execFileSync('tar', ['-tzf', join(work, tarball!)], { encoding: 'utf8' }).split('\n');
    expect(listing).toContain('package/dist/constructs/index.js');
    expect(listing).toContain('package/dist/constructs/index.d.ts');
    expect(listing.filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts'))).toEqual([]);
    expect(listing.some((f) => f.startsWith('package/test/'))).toBe(false);
    expect(listing).toContain('package/LICENSE');
    // Every shipped module is built from a source file of today: a stale dist/constructs/policy/rules.js would
    // shadow rules/index.js at require time (the build empties dist first).
    const stale = listing.filter((f) => /^package\/dist\/constructs\/.*\.js$/.test(f))
      .filter((f) => !existsSync(join(root, f.replace(/^package\/dist\//, '').replace(/\.js$/, '.ts'))));
    expect(stale).toEqual([]);

    const consumer = join(work, 'consumer');
    const modules = join(consumer, 'node_modules');
    mkdirSync(join(modules, 'tlsfleet'), { recursive: true });
    execFileSync('tar', ['-xzf', join(work, tarball!), '-C', join(modules, 'tlsfleet'), '--strip-components=1']);
    // The peer and runtime dependencies come from this repository's install (no registry needed).
    mkdirSync(join(modules, '@cdktf'));
    for (const dep of ['cdktf', 'constructs', 'yaml', '@types']) symlinkSync(join(root, 'node_modules', dep), join(modules, dep));
    for (const dep of ['provider-tls', 'provider-kubernetes']) symlinkSync(join(root, 'node_modules', '@cdktf', dep), join(modules, '@cdktf', dep));
    writeFileSync(join(consumer, 'main.ts'), consumerApp);

    const tsc = join(root, 'node_modules', 'typescript', 'bin', 'tsc');
    execFileSync(process.execPath, [tsc, '--strict', '--module', 'commonjs', '--target', 'ES2022', '--types', 'node', '--skipLibCheck', 'main.ts'], { cwd: consumer, stdio: 'pipe' });
    const printed = execFileSync(process.execPath, ['main.js'], { cwd: consumer, encoding: 'utf8', env: { ...process.env, CDKTF_OUTDIR: join(consumer, 'out') } });

    expect(printed.trim()).toBe('/O=A\\/B/CN=consumer');
    // `exports` admits the package root only: no deep import can skip the policy or reach internals.
    const deep = spawnSync(process.execPath, ['-e', "require('tlsfleet/dist/constructs/core/facts')"], { cwd: consumer, encoding: 'utf8' });
    expect(deep.status).not.toBe(0);
    expect(deep.stderr).toMatch(/ERR_PACKAGE_PATH_NOT_EXPORTED/);
    // The package's `prepare` needs scripts/ts-cache.js, which is not shipped: it must be a no-op there.
    const manifest = JSON.parse(readFileSync(join(modules, 'tlsfleet', 'package.json'), 'utf8'));
    expect(execFileSync('sh', ['-c', manifest.scripts.prepare], { cwd: join(modules, 'tlsfleet'), encoding: 'utf8' })).toBe('');
    const json = JSON.parse(readFileSync(join(consumer, 'out', 'stacks', 'consumer', 'cdk.tf.json'), 'utf8'));
    expect(Object.keys(json.resource).sort()).toEqual(['tls_cert_request', 'tls_locally_signed_cert', 'tls_private_key', 'tls_self_signed_cert']);
  }, 120_000);
});
