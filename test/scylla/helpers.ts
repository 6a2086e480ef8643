import { App, TerraformStack, Testing } from 'cdktf';
import { KubernetesProvider } from '@cdktf/provider-kubernetes/lib/provider';
import { ScyllaCluster, ScyllaClusterProps, ScyllaRackProps, TlsfleetValidationError } from '../../constructs';
import { assertScyllaClustersConform } from '../conformance/manifests';

/** A parsed cdk.tf.json. */
export type Synth = { [key: string]: any };

/** A stack with a default kubernetes provider, ready for constructs. */
export function newStack(): TerraformStack {
  const app: App = Testing.app();
  const stack = new TerraformStack(app, 'test');
  new KubernetesProvider(stack, 'kubernetes', {});
  return stack;
}

/**
 * Synthesizes `stack` and parses the JSON. Every ScyllaCluster a test synthesizes is checked against the
 * operator's CRD schema and webhook rules here, so no test can produce a non-conforming object unnoticed.
 */
export function synth(stack: TerraformStack): Synth {
  const json = JSON.parse(Testing.synth(stack));
  assertScyllaClustersConform(json, stack.node.id);
  return json;
}

/** Resources of `type`, keyed by logical id. */
export function resources(json: Synth, type: string): Record<string, any> {
  return json.resource?.[type] ?? {};
}

/** The one resource of `type` whose logical id contains `fragment`. */
export function resource(json: Synth, type: string, fragment: string): any {
  const matches = Object.entries(resources(json, type)).filter(([id]) => id.includes(fragment));
  if (matches.length !== 1) throw new Error(`expected one ${type} matching ${fragment}, found ${matches.map(([id]) => id).join(', ') || 'none'}`);
  return matches[0][1];
}

/** Every ScyllaCluster manifest in the synthesized JSON. */
export function scyllaManifests(json: Synth): any[] {
  return Object.values(resources(json, 'kubernetes_manifest'))
    .map((r: any) => r.manifest)
    .filter((m: any) => m?.kind === 'ScyllaCluster');
}

/** A Secret or ConfigMap by its Kubernetes name. */
export function k8sObject(json: Synth, type: 'kubernetes_secret_v1' | 'kubernetes_config_map_v1', name: string, namespace?: string): any {
  const found = Object.values(resources(json, type))
    .filter((r: any) => r.metadata.name === name && (namespace === undefined || r.metadata.namespace === namespace));
  if (found.length !== 1) throw new Error(`expected one ${type} named ${name}, found ${found.length}`);
  return found[0];
}

export const RACK: ScyllaRackProps = {
  name: 'r1', members: 3, storageCapacity: '100Gi', cpuLimit: '4', memoryLimit: '16Gi',
};

/** The smallest valid single-datacenter cluster. */
export function minimalProps(overrides: Partial<ScyllaClusterProps> = {}): ScyllaClusterProps {
  return {
    name: 'db',
    namespace: 'scylla',
    version: '2025.1.5',
    datacenters: [{ name: 'dc1', racks: [RACK] }],
    ...overrides,
  };
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

/** Builds a cluster from `props` in a fresh stack and returns the rejection. */
export function clusterError(props: ScyllaClusterProps): TlsfleetValidationError {
  return validationError(() => new ScyllaCluster(newStack(), 'Db', props));
}

/** Synthesizes a cluster built from `props` and returns its first ScyllaCluster manifest and the JSON. */
export function synthCluster(props: ScyllaClusterProps, more?: (cluster: ScyllaCluster) => void): { manifest: any; json: Synth; cluster: ScyllaCluster } {
  const stack = newStack();
  const cluster = new ScyllaCluster(stack, 'Db', props);
  more?.(cluster);
  const json = synth(stack);
  return { manifest: scyllaManifests(json)[0], json, cluster };
}
