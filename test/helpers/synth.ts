// The one set of test helpers: a stack, its synthesis, finding what it holds by construct path, and the
// validation error a construction throws. Domain fixtures (a minimal cluster's props) live beside their tests.
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, TerraformStack, Testing } from 'cdktf';
import { KubernetesProvider } from '@cdktf/provider-kubernetes/lib/provider';
import { Construct } from 'constructs';
import { TlsfleetValidationError } from '../../constructs';
import { describeValue } from '../../constructs/core/errors';
import { evaluateStack } from '../../constructs/policy/evaluate';
import type { StackEvaluation } from '../../constructs/policy/model';
import { assertScyllaClustersConform } from '../conformance/manifests';

/**
 * A synthesized stack as parsed JSON. `resource` and `output` are typed as present so tests read into
 * them directly; a stack without any has neither, and reading into it fails the test.
 */
export interface Synthesized {
  resource: Record<string, Record<string, Record<string, any>>>;
  output: Record<string, Record<string, any>>;
  [key: string]: any;
}

export interface NewStackOptions {
  /** Declare the default kubernetes provider (`kubernetes`), as every deployable stack does. @default false */
  readonly kubernetesProvider?: boolean;
}

/** A fresh stack `test` in its own test app (temporary outdir, stubbed cdktf version). */
export function newStack(options: NewStackOptions = {}): TerraformStack {
  const stack = new TerraformStack(Testing.app(), 'test');
  if (options.kubernetesProvider) new KubernetesProvider(stack, 'kubernetes', {});
  return stack;
}

/**
 * Synthesizes exactly as `cdktf synth` does (`app.synth()`: aspects, validations, the policy) and
 * returns the parsed cdk.tf.json. Given a stack, synthesizes its app; given a build function,
 * builds it in a {@link newStack} first. Every ScyllaCluster in the result is checked against the
 * operator's CRD schema and webhook rules, so no test can produce a non-conforming object unnoticed.
 */
export function synth(target: TerraformStack | ((stack: TerraformStack) => void)): Synthesized {
  return JSON.parse(synthText(target)) as Synthesized;
}

/** Like {@link synth}, but returns the cdk.tf.json bytes. */
export function synthText(target: TerraformStack | ((stack: TerraformStack) => void)): string {
  if (typeof target === 'function') {
    const stack = newStack();
    target(stack);
    try {
      return synthText(stack);
    } finally {
      rmSync((stack.node.root as App).outdir, { recursive: true, force: true });
    }
  }
  const app = target.node.root as App;
  app.synth();
  const text = readFileSync(join(app.outdir, 'stacks', target.node.id, 'cdk.tf.json'), 'utf8');
  assertScyllaClustersConform(JSON.parse(text), target.node.id);
  return text;
}

/** What {@link trySynth} saw: the error synthesis threw (none when it succeeded) and what it wrote. */
export interface SynthAttempt {
  readonly error?: Error;
  /** Every file and directory synthesis left in the outdir, relative to it, sorted (a synth the policy fails leaves only `stacks`, empty). */
  readonly files: string[];
}

/**
 * Synthesizes a stack built by `build` in a {@link newStack} as {@link synth} does, but returns what the
 * synthesis threw instead of throwing, and which files it wrote; removes the outdir. For tests of what
 * fails synth (the policy, a waiver) and of what a failed synth leaves behind. A stack that synthesizes
 * has its ScyllaClusters checked against the CRD like {@link synth}; a mismatch there throws.
 */
export function trySynth(build: (stack: TerraformStack) => void, options: NewStackOptions = {}): SynthAttempt {
  const stack = newStack(options);
  const app = stack.node.root as App;
  try {
    build(stack);
    let error: Error | undefined;
    try {
      app.synth();
    } catch (e) {
      if (!(e instanceof Error)) throw e;
      error = e;
    }
    const files = readdirSync(app.outdir, { recursive: true }).map(String).sort();
    const file = join(app.outdir, 'stacks', stack.node.id, 'cdk.tf.json');
    if (!error) assertScyllaClustersConform(JSON.parse(readFileSync(file, 'utf8')), stack.node.id);
    return { error, files };
  } finally {
    rmSync(app.outdir, { recursive: true, force: true });
  }
}

/**
 * Synthesizes into a kept temporary outdir and returns the path of the stack's cdk.tf.json
 * (for terraform). The caller removes `outdir` when done.
 */
export function synthToFile(build: (stack: TerraformStack) => void, stackId = 'test'): { outdir: string; file: string } {
  const outdir = mkdtempSync(join(tmpdir(), 'tlsfleet-synth-'));
  const app = new App({ outdir });
  build(new TerraformStack(app, stackId));
  app.synth();
  return { outdir, file: join(outdir, 'stacks', stackId, 'cdk.tf.json') };
}

function pathOf(block: Record<string, unknown>): string | undefined {
  return (block['//'] as { metadata?: { path?: string } } | undefined)?.metadata?.path;
}

/**
 * The resource of `type` whose construct path is `path` (relative to the stack), or throws:
 * its body as Terraform reads it, without cdktf's `//` metadata (the path it was found by).
 */
export function resourceAt(json: Synthesized, type: string, path: string): Record<string, any> {
  const { '//': _metadata, ...body } = json.resource![type][addressAt(json, type, path).slice(type.length + 1)];
  return body;
}

/** The Terraform address (`type.logicalId`) of the resource at `path` (relative to the stack), or throws naming the paths there are. */
export function addressAt(json: Synthesized, type: string, path: string): string {
  const all = resources(json, type);
  const full = `${json['//']?.metadata?.stackName ?? 'test'}/${path}`;
  const entry = Object.entries(all).find(([, r]) => pathOf(r) === full);
  if (!entry) throw new Error(`no ${type} at ${full}; have: ${Object.values(all).map(pathOf).join(', ') || 'none'}`);
  return `${type}.${entry[0]}`;
}

/** Resources of `type`, keyed by logical id. */
export function resources(json: Synthesized, type: string): Record<string, Record<string, any>> {
  return json.resource?.[type] ?? {};
}

/** The one Secret or ConfigMap resource with Kubernetes name `name` (and `namespace`, when given), or throws. */
export function k8sObject(json: Synthesized, type: 'kubernetes_secret_v1' | 'kubernetes_config_map_v1', name: string, namespace?: string): Record<string, any> {
  const found = Object.values(resources(json, type))
    .filter((r) => r.metadata.name === name && (namespace === undefined || r.metadata.namespace === namespace));
  if (found.length !== 1) throw new Error(`expected one ${type} named ${name}, found ${found.length}`);
  return found[0];
}

/** The TlsfleetValidationError `fn` throws; fails when it throws nothing or something else. */
export function validationError(fn: () => unknown): TlsfleetValidationError {
  try {
    fn();
  } catch (e) {
    if (e instanceof TlsfleetValidationError) return e;
    throw e;
  }
  throw new Error('expected a TlsfleetValidationError, but nothing was thrown');
}

/** A hostile input and how it must be refused: the construct path, the field, the value and what is allowed. */
export interface RefusedCase {
  readonly build: () => unknown;
  readonly path: string;
  readonly field: string;
  readonly value: unknown;
  /** What the message must say is allowed. */
  readonly allowed: string | RegExp;
  /** How the message shows the value, when `value` is a matcher. @default - describeValue(value) */
  readonly shown?: string;
}

/** `c.build()` throws a TlsfleetValidationError naming `c.path`, `c.field`, `c.value` and what is allowed. */
export function expectRefused(c: RefusedCase): void {
  const e = validationError(c.build);
  expect({ path: e.constructPath, field: e.field }).toEqual({ path: c.path, field: c.field });
  expect(e.value).toEqual(c.value);
  expect(e.message).toContain(`${c.path}: \`${c.field}\` `);
  expect(e.message).toContain(`, got ${c.shown ?? describeValue(c.value)}`);
  if (typeof c.allowed === 'string') expect(e.message).toContain(c.allowed);
  else expect(e.message).toMatch(c.allowed);
}

export type { Construct };

/**
 * The policy's evaluation of `stack` without failing on violations: what `app.synth()` judges,
 * the stack's configuration as cdk.tf.json would hold it.
 */
export function evaluate(stack: TerraformStack): StackEvaluation {
  return evaluateStack(stack, stack.toTerraform() as Record<string, unknown>);
}
