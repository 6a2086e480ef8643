import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';

// The reports of a real fleet synth: scripts/bench/tlsfleet-app.ts (N ScyllaDB clusters × M clients, what
// `npm run bench` measures) run in a child process the way cdktf.json runs an app (`node -r scripts/ts-cache.js`).
// A 1000×10 synth takes 20–30 s and about 1.7 GB, so each fleet is synthesized once per process, and its
// cdktf.out is kept under os.tmpdir() keyed by a hash of the sources it was made from: a second test run with
// the same sources reads the files instead.

const ROOT = resolve(__dirname, '..', '..');
const APP = join(ROOT, 'scripts', 'bench', 'tlsfleet-app.ts');
const CACHE = join(tmpdir(), 'tlsfleet-fleet-reports');

export interface FleetReport {
  /** The synth's output directory (cdktf.out): stacks/fleet/cdk.tf.json and tlsfleet/report.*. */
  readonly dir: string;
  /** tlsfleet/report.md as written. */
  readonly markdown: string;
  /** tlsfleet/report.json, parsed. */
  readonly json: any;
}

const memo = new Map<string, FleetReport>();
let sourceHash: string | undefined;

/** The files a fleet synth's output depends on: the library, the bench app, the TypeScript setup. */
function sourcesHash(): string {
  if (sourceHash) return sourceHash;
  const files: string[] = [];
  const walk = (dir: string): void => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const p = join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.isFile()) files.push(p);
    }
  };
  walk(join(ROOT, 'constructs'));
  walk(join(ROOT, 'scripts', 'bench'));
  files.push(join(ROOT, 'scripts', 'ts-cache.js'), join(ROOT, 'tsconfig.json'), join(ROOT, 'package.json'), join(ROOT, 'package-lock.json'));
  const h = createHash('sha256');
  for (const f of files.filter(existsSync).map((f) => relative(ROOT, f)).sort()) {
    h.update(f).update('\0').update(readFileSync(join(ROOT, f))).update('\0');
  }
  sourceHash = h.digest('hex').slice(0, 16);
  return sourceHash;
}

/**
 * Removes fleets synthesized from other sources more than an hour ago (a 1000×10 output is about 85 MB); younger
 * ones may be in use by a test run on another checkout state.
 */
function prune(keep: string): void {
  const hour = Date.now() - 3600_000;
  for (const name of readdirSync(CACHE)) {
    if (!/^[0-9a-f]{16}-\d+x\d+-(per-cluster|shared)$/.test(name) || name.startsWith(`${keep}-`)) continue;
    try {
      if (statSync(join(CACHE, name)).mtimeMs < hour) rmSync(join(CACHE, name), { recursive: true, force: true });
    } catch {
      // Another process removed it first.
    }
  }
}

function read(dir: string): FleetReport {
  const reports = join(dir, 'tlsfleet');
  return {
    dir,
    markdown: readFileSync(join(reports, 'report.md'), 'utf8'),
    json: JSON.parse(readFileSync(join(reports, 'report.json'), 'utf8')),
  };
}

/**
 * Synthesizes a fleet of `clusters` ScyllaDB clusters with `clients` applications each (one CA per cluster, or
 * one `shared` CA) and returns its reports. Throws with the app's output when the synth fails.
 */
export function fleetReport(clusters: number, clients: number, ca: 'per-cluster' | 'shared' = 'per-cluster'): FleetReport {
  if (!Number.isInteger(clusters) || clusters < 1) throw new Error(`fleetReport: clusters must be a positive integer, got ${clusters}`);
  if (!Number.isInteger(clients) || clients < 0) throw new Error(`fleetReport: clients must be a whole number, got ${clients}`);
  const name = `${sourcesHash()}-${clusters}x${clients}-${ca}`;
  const cached = memo.get(name);
  if (cached) return cached;
  const dir = join(CACHE, name);
  if (!existsSync(join(dir, 'tlsfleet', 'report.md'))) {
    // Synthesize beside the final place and rename: a process that dies half-way, or two test files asking for
    // the same fleet at once, never leave a half-written directory under the final name.
    mkdirSync(CACHE, { recursive: true });
    const work = `${dir}.${process.pid}.tmp`;
    rmSync(work, { recursive: true, force: true });
    const child = spawnSync(process.execPath, ['-r', join(ROOT, 'scripts', 'ts-cache.js'), APP], {
      cwd: ROOT,
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
      env: { ...process.env, BENCH_CLUSTERS: String(clusters), BENCH_CLIENTS: String(clients), BENCH_CA: ca, CDKTF_OUTDIR: work, CHECKPOINT_DISABLE: '1' },
    });
    if (child.status !== 0) {
      rmSync(work, { recursive: true, force: true });
      throw new Error(`fleetReport: synth of ${clusters}x${clients} (${ca} CA) failed (exit ${child.status}, signal ${child.signal})\n${child.stdout}${child.stderr}`);
    }
    prune(sourcesHash());
    try {
      renameSync(work, dir);
    } catch (e) {
      // Another process got there first with the same sources: its output is the same bytes.
      rmSync(work, { recursive: true, force: true });
      if (!existsSync(join(dir, 'tlsfleet', 'report.md'))) throw e;
    }
  }
  const report = read(dir);
  memo.set(name, report);
  return report;
}
