// Runs the pinned Checkov (scripts/checkov.sh) on synthesized cdktf output and reads its JSON report.
//
// Checkov's `terraform_json` framework is the one that reads cdk.tf.json (the `terraform` framework finds nothing
// in it). It names resources `resource.<name>`, without the type: records are mapped back to `<type>.<name>` and
// the construct path through the scanned file.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { CheckovSuppression } from './checkov-suppressions';

export const PROJECT_ROOT = path.resolve(__dirname, '..', '..');
export const CHECKOV_SCRIPT = path.join(PROJECT_ROOT, 'scripts', 'checkov.sh');

/** Checkov's arguments besides `-d <dir>`: the README shows the same command. */
export const CHECKOV_ARGS = ['--framework', 'terraform_json', '--output', 'json', '--skip-download'] as const;

/** The version pinned in scripts/checkov.sh (`CHECKOV_VERSION=…`). */
export function pinnedCheckovVersion(): string {
  const m = /^CHECKOV_VERSION=(\S+)\s*$/m.exec(fs.readFileSync(CHECKOV_SCRIPT, 'utf8'));
  if (!m) throw new Error(`${CHECKOV_SCRIPT} has no CHECKOV_VERSION=… line`);
  return m[1];
}

export interface CheckovLocation {
  /** The checkov executable, or undefined when it is not installed. */
  readonly bin?: string;
  /** How it was found, or why not. */
  readonly how: string;
}

/** $TLSFLEET_CHECKOV (exported by .ci/run), else the pinned install in the cache (`scripts/checkov.sh --locate`). */
export function locateCheckov(): CheckovLocation {
  const fromEnv = process.env.TLSFLEET_CHECKOV;
  if (fromEnv) {
    // Set but unusable is a broken setup, never a reason to skip.
    try {
      fs.accessSync(fromEnv, fs.constants.X_OK);
    } catch {
      throw new Error(`TLSFLEET_CHECKOV=${fromEnv} is not an executable file`);
    }
    return { bin: fromEnv, how: `TLSFLEET_CHECKOV=${fromEnv}` };
  }
  const run = spawnSync('bash', [CHECKOV_SCRIPT, '--locate'], { cwd: PROJECT_ROOT, encoding: 'utf8' });
  const bin = run.stdout?.trim().split('\n').pop();
  if (run.status === 0 && bin) return { bin, how: `bash scripts/checkov.sh --locate: ${bin}` };
  return { how: (run.stderr || run.error?.message || `scripts/checkov.sh --locate exited ${run.status}`).trim() };
}

/** One check result as the test reports it. */
export interface CheckovFinding {
  readonly checkId: string;
  readonly checkName: string;
  /** `<app>/<stack>`. */
  readonly stack: string;
  /** Terraform address `<type>.<name>` (checkov itself says `resource.<name>`). */
  readonly resource: string;
  /** The construct path from cdktf's metadata, when known. */
  readonly constructPath?: string;
  /** The scanned file, relative to the project's temporary output root. */
  readonly file: string;
  readonly lines: readonly number[];
  /** Checkov's suppression comment, for skipped checks. */
  readonly suppressComment?: string;
}

export interface CheckovStackResult {
  readonly stack: string;
  readonly file: string;
  readonly passed: CheckovFinding[];
  readonly failed: CheckovFinding[];
  readonly skipped: CheckovFinding[];
}

export interface CheckovRun {
  readonly version: string;
  /** The command line, for the log. */
  readonly command: string;
  readonly summary: { passed: number; failed: number; skipped: number; parsing_errors: number; [key: string]: unknown };
  readonly parsingErrors: string[];
  readonly stacks: CheckovStackResult[];
}

/** Variables through which checkov takes its options (CKV_SKIP_CHECK, BC_API_KEY, …): a developer's shell must not change the scan. */
const CHECKOV_ENV = /^(CKV_|BC_|PRISMA_|CHECKOV_)|^(DOWNLOAD_EXTERNAL_MODULES|EXTERNAL_MODULES_DIR)$/;

/**
 * Run `checkov -d <appOut> --framework terraform_json --output json --skip-download` on one app's output directory
 * (`<outRoot>/<app>`, laid out as cdktf.out). Hermetic: no config file is picked up (cwd and HOME are empty
 * temporary directories) and checkov's own environment variables are dropped.
 */
export function runCheckov(bin: string, outRoot: string, app: string): CheckovRun {
  const dir = path.join(outRoot, app);
  const sandbox = fs.mkdtempSync(path.join(os.tmpdir(), 'tlsfleet-checkov-home-'));
  try {
    const env: NodeJS.ProcessEnv = { HOME: sandbox, LOG_LEVEL: 'WARNING' };
    for (const [k, v] of Object.entries(process.env)) {
      if (!CHECKOV_ENV.test(k) && k !== 'HOME' && k !== 'LOG_LEVEL') env[k] = v;
    }
    const args = ['-d', dir, ...CHECKOV_ARGS];
    const run = spawnSync(bin, args, { cwd: sandbox, env, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024, timeout: 10 * 60 * 1000 });
    const command = `${bin} ${args.join(' ')}`;
    if (run.error) throw new Error(`${command}: ${run.error.message}`);
    // 0: no failed check, 1: failed checks; anything else is checkov breaking.
    if (run.status !== 0 && run.status !== 1) {
      throw new Error(`${command} exited ${run.status} (signal ${run.signal})\n${run.stderr}\n${run.stdout.slice(0, 4000)}`);
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(run.stdout);
    } catch (e) {
      throw new Error(`${command}: stdout is not JSON (${(e as Error).message})\n${run.stdout.slice(0, 4000)}\n${run.stderr}`);
    }
    const reports = (Array.isArray(parsed) ? parsed : [parsed]) as any[];
    const report = reports.find((r) => r?.check_type === 'terraform_json');
    if (!report) {
      throw new Error(`${command}: no terraform_json report (checkov found no *.tf.json under ${dir}):\n${run.stdout.slice(0, 2000)}`);
    }
    const version = String(report.summary?.checkov_version ?? '');
    return { version, command, summary: report.summary, parsingErrors: report.results?.parsing_errors ?? [], stacks: byStack(report, outRoot, app) };
  } finally {
    fs.rmSync(sandbox, { recursive: true, force: true });
  }
}

function byStack(report: any, outRoot: string, app: string): CheckovStackResult[] {
  const stacks = new Map<string, { passed: CheckovFinding[]; failed: CheckovFinding[]; skipped: CheckovFinding[]; file: string }>();
  const configs = new Map<string, any>();
  const entry = (file: string) => {
    // file_path is relative to -d, with a leading slash: /stacks/<stack>/cdk.tf.json
    const stackName = /\/stacks\/([^/]+)\/cdk\.tf\.json$/.exec(file)?.[1] ?? file;
    const key = `${app}/${stackName}`;
    if (!stacks.has(key)) stacks.set(key, { passed: [], failed: [], skipped: [], file: path.join(app, file) });
    if (!configs.has(key)) configs.set(key, JSON.parse(fs.readFileSync(path.join(outRoot, app, file), 'utf8')));
    return { key, config: configs.get(key) };
  };
  for (const [kind, list] of [['passed', report.results.passed_checks], ['failed', report.results.failed_checks], ['skipped', report.results.skipped_checks]] as const) {
    for (const r of list ?? []) {
      const { key, config } = entry(r.file_path);
      stacks.get(key)![kind].push(finding(r, key, path.join(app, r.file_path), config));
    }
  }
  return [...stacks.entries()].map(([stack, s]) => ({ stack, ...s })).sort((a, b) => a.stack.localeCompare(b.stack));
}

function finding(r: any, stack: string, file: string, config: any): CheckovFinding {
  const resource = String(r.resource);
  let address = resource;
  let constructPath: string | undefined;
  const m = /^resource\.(.+)$/.exec(resource);
  if (m) {
    const types = Object.entries<any>(config.resource ?? {}).filter(([, byName]) => m[1] in byName);
    if (types.length === 1) {
      address = `${types[0][0]}.${m[1]}`;
      constructPath = types[0][1][m[1]]?.['//']?.metadata?.path;
    }
  }
  return {
    checkId: r.check_id, checkName: r.check_name, stack, resource: address, constructPath, file,
    lines: r.file_line_range ?? [], suppressComment: r.suppress_comment ?? undefined,
  };
}

/** Whether a suppression covers a failed check. */
export function suppresses(s: CheckovSuppression, f: CheckovFinding): boolean {
  return s.checkId === f.checkId && (s.stack === undefined || s.stack === f.stack) && (s.resource === undefined || s.resource === f.resource);
}

/** Failed checks that no suppression covers, and suppressions that cover no failed check (stale). */
export function applySuppressions(failed: readonly CheckovFinding[], suppressions: readonly CheckovSuppression[]):
{ unsuppressed: CheckovFinding[]; stale: CheckovSuppression[] } {
  return {
    unsuppressed: failed.filter((f) => !suppressions.some((s) => suppresses(s, f))),
    stale: suppressions.filter((s) => !failed.some((f) => suppresses(s, f))),
  };
}

export function describeFinding(f: CheckovFinding): string {
  const where = f.constructPath ? ` (construct ${f.constructPath})` : '';
  return `${f.checkId} "${f.checkName}": ${f.stack} ${f.resource}${where}, ${f.file}:${f.lines.join('-')}`;
}
