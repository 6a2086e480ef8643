// scripts/ts-cache.js, the TypeScript hook cdktf.json runs the apps with: same JavaScript as ts-node, cached by source.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const root = resolve(__dirname, '..', '..');
const hook = join(root, 'scripts', 'ts-cache.js');

function run(args: string[], env: Record<string, string>, cwd = root): string {
  const r = spawnSync(process.execPath, args, { cwd, encoding: 'utf8', env: { ...process.env, CHECKPOINT_DISABLE: '1', ...env } });
  if (r.status !== 0) throw new Error(`node ${args.join(' ')} exited ${r.status}: ${r.stderr}`);
  return r.stdout;
}

describe('scripts/ts-cache.js', () => {
  let dir: string;
  beforeEach(() => { dir = mkdtempSync(join(tmpdir(), 'tlsfleet-tscache-')); });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  test('transpiles once, then runs from the cache without loading TypeScript; a changed file is transpiled again', () => {
    const cache = join(dir, 'cache');
    const main = join(dir, 'probe.ts');
    const probe = (greeting: string): string => [
      `const greeting: string = '${greeting}';`,
      "const compiler = Object.keys(require.cache).some((k) => k.includes('/node_modules/typescript/'));",
      'console.log(`${greeting} ${compiler}`);',
    ].join('\n');
    writeFileSync(main, probe('hello'));
    expect(run(['-r', hook, main], { TLSFLEET_TS_CACHE: cache }).trim()).toBe('hello true');
    expect(run(['-r', hook, main], { TLSFLEET_TS_CACHE: cache }).trim()).toBe('hello false');
    writeFileSync(main, probe('changed'));
    expect(run(['-r', hook, main], { TLSFLEET_TS_CACHE: cache }).trim()).toBe('changed true');
    expect(readdirSync(cache, { recursive: true }).map(String).filter((f) => f.endsWith('.js'))).toHaveLength(2);
  });

  test('the reference app synthesizes the same bytes through the hook as through ts-node', () => {
    const viaHook = join(dir, 'hook');
    const viaTsNode = join(dir, 'ts-node');
    run(['-r', hook, 'main.ts'], { CDKTF_OUTDIR: viaHook, TLSFLEET_TS_CACHE: join(dir, 'cache') });
    run(['-r', 'ts-node/register/transpile-only', 'main.ts'], { CDKTF_OUTDIR: viaTsNode });
    for (const file of ['stacks/reference/cdk.tf.json', 'tlsfleet/report.json', 'tlsfleet/report.md', 'tlsfleet/report.sarif']) {
      expect(readFileSync(join(viaHook, file), 'utf8')).toBe(readFileSync(join(viaTsNode, file), 'utf8'));
    }
  });

  test('--warm fills the cache with main.ts and every file under constructs/ and examples/', () => {
    const out = run([hook, '--warm'], { TLSFLEET_TS_CACHE: join(dir, 'warm') });
    const count = Number(/ts-cache: (\d+) files/.exec(out)?.[1]);
    expect(count).toBeGreaterThan(40);
    expect(readdirSync(join(dir, 'warm'), { recursive: true }).map(String).filter((f) => f.endsWith('.js'))).toHaveLength(count);
  });
});
