import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

/**
 * tlsfleet as other teams receive it: `npm pack` of this repository (which builds through
 * `prepack`), extracted into a temporary consumer's node_modules/tlsfleet, with the peer and
 * runtime dependencies symlinked from this repository's install (as test/package/npm-pack.test.ts
 * does). The installed package is then loaded with Node's own `require` from the consumer, so
 * the catalogue runs in-process against the packed JavaScript, not against constructs/*.ts.
 */
export interface Packed {
  /** The temporary directory holding the tarball, the consumer and the fixtures. */
  readonly work: string;
  readonly tarball: string;
  /** The consumer app directory (its node_modules/tlsfleet is the extracted tarball). */
  readonly consumer: string;
  /** `require` as the consumer sees it: `req('tlsfleet')`, `req('cdktf')`, provider classes. */
  readonly req: NodeRequire;
  /** The installed package, exactly as `require('tlsfleet')` returns it. */
  readonly tlsfleet: any;
  /**
   * What a consumer's code has at hand: the installed package's exports, plus the cdktf and provider
   * classes it imports from its own peer dependencies (`cdktf`, `@cdktf/provider-kubernetes/lib/...`)
   * where tlsfleet does not re-export them.
   */
  readonly lib: any;
}

/** Peer-dependency classes a consumer imports itself, by module and export name. */
const PEER_EXPORTS: [string, string[]][] = [
  ['cdktf', ['App', 'TerraformStack', 'TerraformOutput', 'TerraformVariable', 'TerraformLocal', 'Fn', 'Token', 'Testing']],
  ['@cdktf/provider-kubernetes/lib/provider', ['KubernetesProvider']],
  ['@cdktf/provider-kubernetes/lib/secret-v1', ['SecretV1']],
  ['@cdktf/provider-kubernetes/lib/config-map-v1', ['ConfigMapV1']],
  ['@cdktf/provider-kubernetes/lib/manifest', ['Manifest']],
];

function consumerView(req: NodeRequire, tlsfleet: any): any {
  const view: Record<string, unknown> = {};
  for (const [id, names] of PEER_EXPORTS) {
    const mod = req(id);
    for (const n of names) view[n] = mod[n];
  }
  for (const key of Object.keys(tlsfleet)) view[key] = tlsfleet[key];
  return view;
}

const root = resolve(__dirname, '..', '..');
let packed: Packed | undefined;

/** Packs and installs once per jest run (the catalogue is one test file); later calls reuse it. */
export function packOnce(): Packed {
  if (packed) return packed;
  const work = mkdtempSync(join(tmpdir(), 'tlsfleet-hostile-'));
  try {
    execFileSync('npm', ['pack', '--silent', '--pack-destination', work], { cwd: root, stdio: 'pipe', maxBuffer: 64 * 1024 * 1024 });
  } catch (e) {
    const err = e as { stdout?: Buffer; stderr?: Buffer; message: string };
    const detail = `${err.stdout?.toString() ?? ''}\n${err.stderr?.toString() ?? ''}`.trim().split('\n').slice(-30).join('\n');
    rmSync(work, { recursive: true, force: true });
    throw new Error(`npm pack failed (the tree may be mid-refactor; retry in a minute):\n${detail || err.message}`);
  }
  const tarball = readdirSync(work).find((f) => /^tlsfleet-.*\.tgz$/.test(f));
  if (!tarball) throw new Error(`npm pack wrote no tlsfleet tarball into ${work}: ${readdirSync(work).join(', ')}`);

  const consumer = join(work, 'consumer');
  const modules = join(consumer, 'node_modules');
  mkdirSync(join(modules, 'tlsfleet'), { recursive: true });
  execFileSync('tar', ['-xzf', join(work, tarball), '-C', join(modules, 'tlsfleet'), '--strip-components=1']);
  mkdirSync(join(modules, '@cdktf'));
  for (const dep of ['cdktf', 'constructs', 'yaml', '@types']) {
    if (existsSync(join(root, 'node_modules', dep))) symlinkSync(join(root, 'node_modules', dep), join(modules, dep));
  }
  for (const dep of ['provider-tls', 'provider-kubernetes']) symlinkSync(join(root, 'node_modules', '@cdktf', dep), join(modules, '@cdktf', dep));

  const req = createRequire(join(consumer, 'consumer.js'));
  const main = req.resolve('tlsfleet');
  if (!main.startsWith(modules)) throw new Error(`tlsfleet resolved to ${main}, not to the installed tarball under ${modules}`);
  const tlsfleet = req('tlsfleet');
  packed = { work, tarball: join(work, tarball), consumer, req, tlsfleet, lib: consumerView(req, tlsfleet) };
  return packed;
}

/** Removes the temporary directory of {@link packOnce}. */
export function cleanupPack(): void {
  if (packed) rmSync(packed.work, { recursive: true, force: true });
  packed = undefined;
}
