// ScyllaDB fixtures for the tests of constructs/scylla: the smallest valid cluster and ways to build it.
// Stacks, synthesis and lookups are the shared ones in test/helpers/synth.ts.
import { ScyllaCluster, ScyllaClusterProps, ScyllaRackProps, TlsfleetValidationError } from '../../constructs';
import { newStack, resources, synth, Synthesized, validationError } from '../helpers/synth';

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

/** Every ScyllaCluster manifest in the synthesized JSON. */
export function scyllaManifests(json: Synthesized): any[] {
  return Object.values(resources(json, 'kubernetes_manifest'))
    .map((r) => r.manifest)
    .filter((m) => m?.kind === 'ScyllaCluster');
}

/** Builds a cluster from `props` in a fresh stack and returns the rejection. */
export function clusterError(props: ScyllaClusterProps): TlsfleetValidationError {
  return validationError(() => new ScyllaCluster(newStack({ kubernetesProvider: true }), 'Db', props));
}

/** Synthesizes a cluster built from `props` and returns its first ScyllaCluster manifest and the JSON. */
export function synthCluster(props: ScyllaClusterProps, more?: (cluster: ScyllaCluster) => void): { manifest: any; json: Synthesized; cluster: ScyllaCluster } {
  const stack = newStack({ kubernetesProvider: true });
  const cluster = new ScyllaCluster(stack, 'Db', props);
  more?.(cluster);
  const json = synth(stack);
  return { manifest: scyllaManifests(json)[0], json, cluster };
}
