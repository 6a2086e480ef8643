// End-to-end harness: run the real terraform binary against a synthesized cdk.tf.json.
//
// Providers come from scripts/providers.sh: when registry.terraform.io is unreachable it builds hashicorp/tls and
// hashicorp/kubernetes from source into a local mirror (passed to `terraform init -plugin-dir`); when the registry is
// reachable it prints an empty mirror and plain `terraform init` is used.
//
// Typical use in a test file:
//
//   const RUN = requireToolchainOrSkip('pki e2e');
//   (RUN ? describe : describe.skip)('pki e2e', () => {
//     let wd: TerraformWorkdir;
//     beforeAll(() => { wd = new TerraformWorkdir(cdkTfJsonPath, { transform: dropProvider('kubernetes') }); wd.init(); });
//     afterAll(() => wd?.cleanup());
//     it('applies', () => { wd.apply(); expect(resourcesInState(wd.state(), 'tls_private_key')).toHaveLength(1); });
//   });
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

/** A parsed Terraform JSON configuration (cdk.tf.json / main.tf.json). */
export type TerraformJsonConfig = { [key: string]: any };

export interface ToolchainStatus {
  /** `-plugin-dir` for `terraform init`; undefined when the registry is reachable (or the toolchain is unavailable). */
  mirrorDir: string | undefined;
  available: boolean;
  /** Why the toolchain is unavailable (the script's error message). */
  reason?: string;
  /** WARNING lines printed by scripts/providers.sh (e.g. a provider built from other source than its pinned tag). */
  warnings?: string[];
  /** Lines of <mirror>/BUILD-INFO: what was really built, per provider. */
  buildInfo?: string[];
}

export const PROJECT_ROOT = path.resolve(__dirname, '..', '..');
export const PROVIDERS_SCRIPT = path.join(PROJECT_ROOT, 'scripts', 'providers.sh');

/** Variables that would make runs depend on the developer's shell; removed from every terraform invocation. */
const HERMETIC_UNSET = ['TF_CLI_ARGS', 'TF_DATA_DIR', 'TF_WORKSPACE', 'TF_CLI_CONFIG_FILE', 'TF_PLUGIN_CACHE_DIR'];
const FORCED_ENV = { CHECKPOINT_DISABLE: '1', TF_IN_AUTOMATION: '1' } as const;

const MAX_BUFFER = 512 * 1024 * 1024;

let toolchain: ToolchainStatus | undefined;

/**
 * Run scripts/providers.sh once per module instance (jest: once per test file; a cached run takes well under a
 * second) and report whether terraform plus the providers are usable. Never throws.
 */
export function ensureToolchain(): ToolchainStatus {
  if (toolchain) return toolchain;
  toolchain = runProvidersScript();
  if (toolchain.available && toolchain.warnings && toolchain.warnings.length > 0) {
    // Loud, once: the providers in the mirror are not the pinned releases.
    console.warn(`scripts/providers.sh:\n${toolchain.warnings.join('\n')}`);
  }
  return toolchain;
}

function runProvidersScript(): ToolchainStatus {
  if (!fs.existsSync(PROVIDERS_SCRIPT)) {
    return { mirrorDir: undefined, available: false, reason: `${PROVIDERS_SCRIPT} not found` };
  }
  const res = spawnSync('bash', [PROVIDERS_SCRIPT], {
    cwd: PROJECT_ROOT,
    encoding: 'utf8',
    env: { ...process.env, ...FORCED_ENV },
    stdio: ['ignore', 'pipe', 'pipe'],
    // A fresh build of both providers takes minutes on 2 cores.
    timeout: 45 * 60 * 1000,
    maxBuffer: MAX_BUFFER,
  });
  const stderr = res.stderr ?? '';
  const warnings = stderr.split('\n').filter((l) => l.startsWith('WARNING:'));
  if (res.error) {
    return { mirrorDir: undefined, available: false, reason: `could not run ${PROVIDERS_SCRIPT}: ${res.error.message}`, warnings };
  }
  if (res.status !== 0) {
    const errLines = stderr.split('\n').filter((l) => /ERROR|required|not found/i.test(l));
    const reason = (errLines.length > 0 ? errLines.join('\n') : lastLines(stderr, 20)) || `exit ${res.status ?? res.signal}`;
    return { mirrorDir: undefined, available: false, reason, warnings };
  }
  const lines = (res.stdout ?? '').split('\n');
  if (lines.length > 0 && lines[lines.length - 1] === '') lines.pop(); // trailing newline
  const last = lines.length > 0 ? lines[lines.length - 1].trim() : '';
  if (last === '') {
    return { mirrorDir: undefined, available: true, warnings };
  }
  if (!fs.existsSync(last)) {
    return { mirrorDir: undefined, available: false, reason: `scripts/providers.sh printed a mirror that does not exist: ${last}`, warnings };
  }
  const infoPath = path.join(last, 'BUILD-INFO');
  const buildInfo = fs.existsSync(infoPath)
    ? fs.readFileSync(infoPath, 'utf8').split('\n').filter((l) => l.trim() !== '')
    : undefined;
  return { mirrorDir: last, available: true, warnings, buildInfo };
}

/**
 * Decide whether a toolchain-dependent describe block may run.
 * - toolchain available: returns true.
 * - unavailable and CI=true (or TLSFLEET_REQUIRE_TOOLCHAIN=1): throws, so the suite fails instead of silently skipping.
 * - unavailable otherwise: console.warn with the reason and returns false (use `describe.skip`).
 */
export function requireToolchainOrSkip(describeName: string): boolean {
  const status = ensureToolchain();
  if (status.available) return true;
  const reason = status.reason ?? 'unknown reason';
  if (process.env.CI === 'true' || process.env.TLSFLEET_REQUIRE_TOOLCHAIN === '1') {
    throw new Error(
      `"${describeName}": terraform toolchain unavailable and skipping is not allowed in CI ` +
        `(CI=true or TLSFLEET_REQUIRE_TOOLCHAIN=1):\n${reason}`,
    );
  }
  console.warn(`SKIPPING "${describeName}": terraform toolchain unavailable:\n${reason}\n(set CI=true to make this a failure)`);
  return false;
}

/** `describe` when the toolchain is available, `describe.skip` otherwise (same rules as requireToolchainOrSkip). */
export function describeWithToolchain(name: string, fn: () => void): void {
  (requireToolchainOrSkip(name) ? describe : describe.skip)(name, fn);
}

export interface TerraformWorkdirOptions {
  /** Rewrite the parsed configuration before it is written (mutate and return nothing, or return a new object). */
  transform?: (config: TerraformJsonConfig) => TerraformJsonConfig | void;
  /**
   * Provider mirror for `terraform init -plugin-dir`. Default: ensureToolchain().mirrorDir.
   * Pass null to force a plain `terraform init`.
   */
  mirrorDir?: string | null;
  /** Extra environment for every command (per-call env is merged on top). */
  env?: NodeJS.ProcessEnv;
  /**
   * Keep `terraform.backend` from the synthesized file. Default false: cdktf writes a local backend with an absolute
   * path inside the project (`<project>/terraform.<stack>.tfstate`), so it is removed and state stays in the workdir.
   */
  keepBackend?: boolean;
  /** Per-command timeout, default 10 minutes. */
  timeoutMs?: number;
}

export interface TerraformRunResult {
  stdout: string;
  stderr: string;
  status: number;
}

export interface TerraformDiagnostic {
  severity: 'error' | 'warning';
  summary: string;
  detail?: string;
  address?: string;
  range?: { filename: string; start: { line: number; column: number }; end: { line: number; column: number } };
  [key: string]: unknown;
}

export interface TerraformValidateResult {
  format_version: string;
  valid: boolean;
  error_count: number;
  warning_count: number;
  diagnostics: TerraformDiagnostic[];
}

export interface StateResource {
  address: string;
  mode: 'managed' | 'data';
  type: string;
  name: string;
  index?: number | string;
  provider_name: string;
  values: { [key: string]: any };
  sensitive_values?: { [key: string]: any };
  [key: string]: unknown;
}

export interface StateModule {
  address?: string;
  resources?: StateResource[];
  child_modules?: StateModule[];
}

export interface TerraformStateJson {
  format_version: string;
  terraform_version?: string;
  values?: { outputs?: { [name: string]: { value: any; type?: any; sensitive: boolean } }; root_module: StateModule };
  [key: string]: unknown;
}

export interface ResourceChange {
  address: string;
  mode: 'managed' | 'data';
  type: string;
  name: string;
  index?: number | string;
  provider_name: string;
  change: {
    actions: Array<'no-op' | 'create' | 'read' | 'update' | 'delete'>;
    before: any;
    after: any;
    after_unknown?: any;
    replace_paths?: unknown[][];
    [key: string]: unknown;
  };
  action_reason?: string;
  [key: string]: unknown;
}

export interface TerraformPlanJson {
  format_version: string;
  terraform_version?: string;
  planned_values?: { outputs?: { [name: string]: unknown }; root_module: StateModule };
  prior_state?: TerraformStateJson;
  resource_changes?: ResourceChange[];
  configuration?: unknown;
  [key: string]: unknown;
}

export type TerraformOutputs = { [name: string]: { value: any; type: any; sensitive: boolean } };

/**
 * A throwaway terraform working directory under os.tmpdir() holding one `main.tf.json` built from a synthesized
 * `cdk.tf.json`. Every command runs with CHECKPOINT_DISABLE=1, TF_IN_AUTOMATION=1 and -no-color (and -input=false
 * where terraform accepts it) and throws an Error carrying stdout and stderr on a non-zero exit.
 */
export class TerraformWorkdir {
  readonly dir: string;
  readonly configPath: string;
  readonly mirrorDir: string | undefined;
  private readonly baseEnv: NodeJS.ProcessEnv;
  private readonly timeoutMs: number;

  constructor(cdkTfJsonPath: string, options: TerraformWorkdirOptions = {}) {
    let config: TerraformJsonConfig = JSON.parse(fs.readFileSync(cdkTfJsonPath, 'utf8'));
    if (!options.keepBackend && config.terraform && typeof config.terraform === 'object') {
      delete config.terraform.backend;
    }
    if (options.transform) {
      const out = options.transform(config);
      if (out !== undefined) config = out;
    }
    this.mirrorDir = options.mirrorDir === null ? undefined : (options.mirrorDir ?? ensureToolchain().mirrorDir);
    this.baseEnv = { ...(options.env ?? {}) };
    this.timeoutMs = options.timeoutMs ?? 10 * 60 * 1000;
    this.dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tlsfleet-tf-'));
    this.configPath = path.join(this.dir, 'main.tf.json');
    this.keepBackend = options.keepBackend ?? false;
    this.transform = options.transform;
    fs.writeFileSync(this.configPath, JSON.stringify(config, null, 2) + '\n');
  }

  private readonly keepBackend: boolean;
  private readonly transform?: (config: TerraformJsonConfig) => TerraformJsonConfig | void;

  /**
   * Replaces main.tf.json with another synthesized cdk.tf.json (same backend handling and transform), keeping the
   * state: a day-2 change of a deployed stack.
   */
  replaceConfig(cdkTfJsonPath: string): void {
    let config: TerraformJsonConfig = JSON.parse(fs.readFileSync(cdkTfJsonPath, 'utf8'));
    if (!this.keepBackend && config.terraform && typeof config.terraform === 'object') delete config.terraform.backend;
    if (this.transform) {
      const out = this.transform(config);
      if (out !== undefined) config = out;
    }
    fs.writeFileSync(this.configPath, JSON.stringify(config, null, 2) + '\n');
  }

  /** The configuration as written to main.tf.json. */
  config(): TerraformJsonConfig {
    return JSON.parse(fs.readFileSync(this.configPath, 'utf8'));
  }

  /** Run `terraform <args>` in the workdir; throws on a non-zero exit (unless allowFailure). */
  run(args: string[], env?: NodeJS.ProcessEnv, allowFailure = false): TerraformRunResult {
    const fullEnv: NodeJS.ProcessEnv = { ...process.env, ...this.baseEnv, ...(env ?? {}), ...FORCED_ENV };
    for (const key of Object.keys(fullEnv)) {
      if (HERMETIC_UNSET.includes(key) || key.startsWith('TF_CLI_ARGS_')) delete fullEnv[key];
    }
    const res = spawnSync('terraform', args, {
      cwd: this.dir,
      env: fullEnv,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
      timeout: this.timeoutMs,
      maxBuffer: MAX_BUFFER,
    });
    const stdout = res.stdout ?? '';
    const stderr = res.stderr ?? '';
    if (res.error) {
      throw new Error(`terraform ${args.join(' ')} could not run in ${this.dir}: ${res.error.message}\n${fmtStreams(stdout, stderr)}`);
    }
    const status = res.status ?? -1;
    if (status !== 0 && !allowFailure) {
      throw new Error(
        `terraform ${args.join(' ')} failed (exit ${res.status ?? res.signal}) in ${this.dir}\n${fmtStreams(stdout, stderr)}`,
      );
    }
    return { stdout, stderr, status };
  }

  /** terraform init (with -plugin-dir=<mirror> when a mirror is in use). Returns stdout. */
  init(env?: NodeJS.ProcessEnv): string {
    const args = ['init', '-input=false', '-no-color'];
    if (this.mirrorDir) args.push(`-plugin-dir=${this.mirrorDir}`);
    return this.run(args, env).stdout;
  }

  /**
   * terraform validate -json, parsed. An invalid configuration does not throw (terraform exits 1 but still prints
   * the JSON verdict: check `.valid` / `.diagnostics`); it throws only when terraform produced no JSON.
   */
  validate(env?: NodeJS.ProcessEnv): TerraformValidateResult {
    const res = this.run(['validate', '-json', '-no-color'], env, true);
    try {
      return JSON.parse(res.stdout) as TerraformValidateResult;
    } catch {
      throw new Error(`terraform validate -json produced no JSON (exit ${res.status}) in ${this.dir}\n${fmtStreams(res.stdout, res.stderr)}`);
    }
  }

  /** terraform apply -auto-approve. Returns stdout. */
  apply(env?: NodeJS.ProcessEnv, extraArgs: string[] = []): string {
    return this.run(['apply', '-input=false', '-no-color', '-auto-approve', ...extraArgs], env).stdout;
  }

  /** terraform plan -out=<file> followed by terraform show -json <file>, parsed. */
  plan(env?: NodeJS.ProcessEnv, extraArgs: string[] = []): TerraformPlanJson {
    const planFile = 'tlsfleet.tfplan';
    this.run(['plan', '-input=false', '-no-color', `-out=${planFile}`, ...extraArgs], env);
    return JSON.parse(this.run(['show', '-json', '-no-color', planFile], env).stdout) as TerraformPlanJson;
  }

  /** terraform destroy -auto-approve. Returns stdout. */
  destroy(env?: NodeJS.ProcessEnv): string {
    return this.run(['destroy', '-input=false', '-no-color', '-auto-approve'], env).stdout;
  }

  /** terraform show -json (current state), parsed. */
  state(env?: NodeJS.ProcessEnv): TerraformStateJson {
    return JSON.parse(this.run(['show', '-json', '-no-color'], env).stdout) as TerraformStateJson;
  }

  /**
   * Rewrite the raw state (`terraform state pull` -> mutate -> serial+1 -> `terraform state push`). Use it to simulate
   * time passing: set a certificate's `validity_end_time` into the past and the tls provider plans a renewal
   * (libfaketime does not work here: Go binaries such as terraform and the providers bypass libc for the clock).
   */
  editState(mutate: (rawState: { [key: string]: any }) => void, env?: NodeJS.ProcessEnv): void {
    const raw = JSON.parse(this.run(['state', 'pull'], env).stdout) as { [key: string]: any };
    mutate(raw);
    raw.serial = (typeof raw.serial === 'number' ? raw.serial : 0) + 1;
    const file = path.join(this.dir, 'tlsfleet-edited.tfstate');
    fs.writeFileSync(file, JSON.stringify(raw, null, 2));
    try {
      this.run(['state', 'push', file], env);
    } finally {
      fs.rmSync(file, { force: true });
    }
  }

  /** terraform output -json, parsed. */
  output(env?: NodeJS.ProcessEnv): TerraformOutputs {
    return JSON.parse(this.run(['output', '-json', '-no-color'], env).stdout) as TerraformOutputs;
  }

  /** Remove the workdir (state included). Safe to call twice. */
  cleanup(): void {
    fs.rmSync(this.dir, { recursive: true, force: true });
  }
}

/**
 * Every resource of `type` in a state (`terraform show -json`) or plan (`planned_values`), walking root_module and
 * child_modules. Managed resources by default; pass mode 'data' for data sources.
 */
export function resourcesInState(
  stateOrPlan: TerraformStateJson | TerraformPlanJson,
  type: string,
  mode: 'managed' | 'data' = 'managed',
): Array<{ address: string; values: { [key: string]: any } }> {
  const root: StateModule | undefined =
    (stateOrPlan as TerraformStateJson).values?.root_module ?? (stateOrPlan as TerraformPlanJson).planned_values?.root_module;
  const found: Array<{ address: string; values: { [key: string]: any } }> = [];
  const walk = (m: StateModule | undefined): void => {
    if (!m) return;
    for (const r of m.resources ?? []) {
      if (r.type === type && (r.mode ?? 'managed') === mode) found.push({ address: r.address, values: r.values });
    }
    for (const c of m.child_modules ?? []) walk(c);
  };
  walk(root);
  return found;
}

/**
 * Attribute objects of every instance of `address` (e.g. 'tls_self_signed_cert.cert' or
 * 'module.x.tls_private_key.key') in a raw state from `terraform state pull` (as given to editState's callback).
 */
export function rawStateInstances(rawState: { [key: string]: any }, address: string): Array<{ [key: string]: any }> {
  const out: Array<{ [key: string]: any }> = [];
  for (const r of (rawState.resources ?? []) as any[]) {
    const addr = `${r.module ? `${r.module}.` : ''}${r.mode === 'data' ? 'data.' : ''}${r.type}.${r.name}`;
    if (addr === address) for (const inst of r.instances ?? []) out.push(inst.attributes);
  }
  return out;
}

/**
 * A transform for TerraformWorkdir that removes one provider entirely: its provider block, required_providers entry,
 * resources and data sources (types `<name>_*`), every resource that reads one of them (transitively), and
 * outputs/locals that reference them. Use it for a tls-only apply
 * of a stack that also has kubernetes resources (kubernetes_manifest cannot plan without an API server).
 */
export function dropProvider(name: string): (config: TerraformJsonConfig) => void {
  const prefix = `${name}_`;
  const refersToDropped = (v: unknown): boolean => {
    const s = JSON.stringify(v) ?? '';
    return new RegExp(`\\$\\{[^}]*\\b(data\\.)?${escapeRegExp(prefix)}`).test(s);
  };
  return (config) => {
    if (config.provider) delete config.provider[name];
    if (config.terraform?.required_providers) delete config.terraform.required_providers[name];
    const removed: string[] = [];
    for (const block of ['resource', 'data'] as const) {
      const types = config[block] as { [type: string]: { [name: string]: unknown } } | undefined;
      if (!types) continue;
      for (const type of Object.keys(types)) {
        if (!type.startsWith(prefix)) continue;
        for (const name of Object.keys(types[type])) removed.push(`${block === 'data' ? 'data.' : ''}${type}.${name}`);
        delete types[type];
      }
    }
    // And every resource that reads one of them, transitively (a ConfigMap built from a dropped cluster's CA).
    for (let changed = true; changed;) {
      changed = false;
      for (const block of ['resource', 'data'] as const) {
        const types = config[block] as { [type: string]: { [name: string]: unknown } } | undefined;
        for (const [type, group] of Object.entries(types ?? {})) {
          for (const [name, body] of Object.entries(group)) {
            const text = JSON.stringify(body);
            if (!removed.some((a) => text.includes(a))) continue;
            removed.push(`${block === 'data' ? 'data.' : ''}${type}.${name}`);
            delete group[name];
            changed = true;
          }
          if (Object.keys(group).length === 0) delete types![type];
        }
      }
    }
    for (const block of ['resource', 'data'] as const) {
      if (config[block] && Object.keys(config[block]).length === 0) delete config[block];
    }
    // depends_on entries naming dropped resources (references inside expressions are left to validate to report).
    for (const block of ['resource', 'data', 'output', 'module'] as const) {
      const groups = config[block] as { [k: string]: any } | undefined;
      if (!groups) continue;
      const bodies: any[] = block === 'resource' || block === 'data' ? Object.values(groups).flatMap((g: any) => Object.values(g)) : Object.values(groups);
      for (const body of bodies) {
        if (body && Array.isArray(body.depends_on)) {
          body.depends_on = body.depends_on.filter((d: unknown) => !(typeof d === 'string' && (d.startsWith(prefix) || d.startsWith(`data.${prefix}`) || removed.includes(d))));
          if (body.depends_on.length === 0) delete body.depends_on;
        }
      }
    }
    for (const block of ['output', 'locals'] as const) {
      const entries = config[block] as { [k: string]: unknown } | undefined;
      if (!entries) continue;
      for (const key of Object.keys(entries)) {
        if (refersToDropped(entries[key]) || removed.some((a) => JSON.stringify(entries[key]).includes(a))) delete entries[key];
      }
      if (Object.keys(entries).length === 0) delete config[block];
    }
    for (const block of ['provider', 'terraform'] as const) {
      if (config[block] && Object.keys(config[block]).length === 0) delete config[block];
    }
  };
}

/** Format validate diagnostics for an assertion message. */
export function formatDiagnostics(result: TerraformValidateResult): string {
  return result.diagnostics
    .map((d) => `${d.severity}: ${d.summary}${d.address ? ` (${d.address})` : ''}${d.detail ? `\n  ${d.detail}` : ''}`)
    .join('\n');
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function lastLines(s: string, n: number): string {
  return s.trimEnd().split('\n').slice(-n).join('\n');
}

function fmtStreams(stdout: string, stderr: string): string {
  const clip = (s: string): string => (s.length > 20000 ? `…(${s.length - 20000} chars cut)…\n${s.slice(-20000)}` : s);
  return `--- stdout ---\n${clip(stdout).trimEnd()}\n--- stderr ---\n${clip(stderr).trimEnd()}`;
}

/** The plan's real changes as sorted `actions address` (or `actions type`) lines; no-ops left out. */
export function plannedChanges(plan: TerraformPlanJson, by: 'address' | 'type' = 'address'): string[] {
  return (plan.resource_changes ?? [])
    .filter((c) => !(c.change.actions.length === 1 && c.change.actions[0] === 'no-op'))
    .map((c) => `${c.change.actions.join('+')} ${by === 'address' ? c.address : c.type}`)
    .sort();
}

/**
 * Moves certificates into their early-renewal window by setting `validity_end_time` in state to
 * `daysLeft` days from now: the comparison the tls provider makes (now > end - early_renewal).
 * libfaketime cannot do this: terraform and the providers read the clock without libc.
 */
export function moveIntoRenewalWindow(wd: TerraformWorkdir, addresses: string[], daysLeft: number): void {
  const end = new Date(Date.now() + daysLeft * 24 * 3600 * 1000).toISOString().replace(/\.\d+Z$/, 'Z');
  wd.editState((raw) => {
    for (const address of addresses) for (const attrs of rawStateInstances(raw, address)) attrs.validity_end_time = end;
  });
}
