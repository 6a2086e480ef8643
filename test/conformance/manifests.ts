// Finds the ScyllaCluster objects in synthesized Terraform JSON and checks them: CRD schema plus webhook rules.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { schemaViolationsAllOperators } from './schema';
import { webhookViolations } from './webhook';

export interface FoundManifest {
  /** `<stack file>#kubernetes_manifest.<logical id>`. */
  readonly address: string;
  readonly manifest: any;
}

/** Every ScyllaCluster in one parsed cdk.tf.json. */
export function scyllaClustersIn(json: any, label = 'stack'): FoundManifest[] {
  const manifests = json?.resource?.kubernetes_manifest ?? {};
  return Object.entries<any>(manifests)
    .filter(([, r]) => r?.manifest?.kind === 'ScyllaCluster')
    .map(([id, r]) => ({ address: `${label}#kubernetes_manifest.${id}`, manifest: r.manifest }));
}

/** Every cdk.tf.json under a cdktf output directory. */
export function stackFiles(outdir: string): string[] {
  const stacks = path.join(outdir, 'stacks');
  if (!fs.existsSync(stacks)) return [];
  return fs.readdirSync(stacks).sort()
    .map((s) => path.join(stacks, s, 'cdk.tf.json'))
    .filter((f) => fs.existsSync(f));
}

/** Schema and webhook violations of a manifest, each prefixed with where it comes from. */
export function conformanceViolations(found: FoundManifest): string[] {
  return [
    ...schemaViolationsAllOperators(found.manifest).map((e) => `${found.address}: schema: ${e}`),
    ...webhookViolations(found.manifest).map((e) => `${found.address}: webhook: ${e}`),
  ];
}

/**
 * Throws when any ScyllaCluster in `json` does not conform. Returns how many were checked, so a caller
 * can assert it checked something.
 */
export function assertScyllaClustersConform(json: any, label = 'stack'): number {
  const found = scyllaClustersIn(json, label);
  const violations = found.flatMap(conformanceViolations);
  if (violations.length) throw new Error(`ScyllaCluster conformance failed:\n  ${violations.join('\n  ')}`);
  return found.length;
}
