import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, TerraformStack } from 'cdktf';
import { Construct } from 'constructs';
import { evaluateStack } from '../../constructs/policy/evaluate';
import type { StackEvaluation } from '../../constructs/policy/model';

/** A synthesized stack as parsed JSON. */
export type Synthesized = {
  resource?: Record<string, Record<string, Record<string, unknown>>>;
  output?: Record<string, Record<string, unknown>>;
  provider?: Record<string, unknown[]>;
  terraform?: Record<string, unknown>;
  [key: string]: unknown;
};

/**
 * Builds a stack with `build`, synthesizes it exactly as `cdktf synth` does (into a temporary
 * outdir) and returns the parsed cdk.tf.json.
 */
export function synth(build: (stack: TerraformStack) => void): Synthesized {
  return JSON.parse(synthText(build)) as Synthesized;
}

/** Like {@link synth}, but returns the cdk.tf.json bytes. */
export function synthText(build: (stack: TerraformStack) => void): string {
  const outdir = mkdtempSync(join(tmpdir(), 'tlsfleet-synth-'));
  try {
    const app = new App({ outdir });
    build(new TerraformStack(app, 'test'));
    app.synth();
    return readFileSync(join(outdir, 'stacks', 'test', 'cdk.tf.json'), 'utf8');
  } finally {
    rmSync(outdir, { recursive: true, force: true });
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

/** A fresh stack for tests that only need construction (and its errors). */
export function newStack(): TerraformStack {
  return new TerraformStack(new App({ outdir: join(tmpdir(), 'tlsfleet-unsynthesized') }), 'test');
}

/** The resource of `type` whose construct path is `path` (relative to the stack), or throws. */
export function resourceAt(json: Synthesized, type: string, path: string): Record<string, unknown> {
  const all = json.resource?.[type] ?? {};
  const full = `test/${path}`;
  const found = Object.values(all).find((r) => (r['//'] as { metadata: { path: string } }).metadata.path === full);
  if (!found) {
    const paths = Object.values(all).map((r) => (r['//'] as { metadata: { path: string } }).metadata.path);
    throw new Error(`no ${type} at ${full}; have: ${paths.join(', ')}`);
  }
  return found;
}

/** The Terraform address (`type.logicalId`) of the resource at `path`. */
export function addressAt(json: Synthesized, type: string, path: string): string {
  const all = json.resource?.[type] ?? {};
  const entry = Object.entries(all).find(([, r]) => (r['//'] as { metadata: { path: string } }).metadata.path === `test/${path}`);
  if (!entry) throw new Error(`no ${type} at test/${path}`);
  return `${type}.${entry[0]}`;
}

/** Every resource of `type`. */
export function resourcesOf(json: Synthesized, type: string): Record<string, unknown>[] {
  return Object.values(json.resource?.[type] ?? {});
}

export type { Construct };

/**
 * The policy's evaluation of `stack` without failing on violations: what `app.synth()` judges,
 * the stack's configuration as cdk.tf.json would hold it.
 */
export function evaluate(stack: TerraformStack): StackEvaluation {
  return evaluateStack(stack, stack.toTerraform() as Record<string, unknown>);
}
