// The fleet `npm run bench` synthesizes, shared by the tlsfleet app and the hand-written baseline
// so both declare the same clusters, names and subjects. Read from the environment:
// BENCH_CLUSTERS (N), BENCH_CLIENTS (M per cluster), BENCH_CA (`per-cluster`, the default, or `shared`).

/** How the fleet's certificates are issued. */
export type CaMode = 'per-cluster' | 'shared';

export interface FleetShape {
  readonly clusters: number;
  readonly clientsPerCluster: number;
  readonly ca: CaMode;
}

export function fleetShape(env: NodeJS.ProcessEnv = process.env): FleetShape {
  const clusters = Number(env.BENCH_CLUSTERS ?? 1);
  const clientsPerCluster = Number(env.BENCH_CLIENTS ?? 2);
  const ca = (env.BENCH_CA ?? 'per-cluster') as CaMode;
  if (!Number.isInteger(clusters) || clusters < 1) throw new Error(`BENCH_CLUSTERS must be a positive integer, got ${env.BENCH_CLUSTERS}`);
  if (!Number.isInteger(clientsPerCluster) || clientsPerCluster < 0) throw new Error(`BENCH_CLIENTS must be a whole number, got ${env.BENCH_CLIENTS}`);
  if (ca !== 'per-cluster' && ca !== 'shared') throw new Error(`BENCH_CA must be per-cluster or shared, got ${env.BENCH_CA}`);
  return { clusters, clientsPerCluster, ca };
}

/** The stack name both apps synthesize: cdktf.out/stacks/fleet/cdk.tf.json. */
export const STACK = 'fleet';
export const VERSION = '2025.1.5';
export const ORGANIZATION = 'Example Platform';

/** Cluster `i`: its construct id, ScyllaDB name, namespace, and the namespace of its applications. */
export function cluster(i: number): { id: string; name: string; namespace: string; appNamespace: string } {
  const n = String(i).padStart(4, '0');
  return { id: `Db${n}`, name: `db${n}`, namespace: `scylla-${n}`, appNamespace: `team-${n}` };
}

/** Client `j` of a cluster: its construct id and application name (also its CQL role and common name). */
export function client(j: number): { id: string; name: string } {
  const n = String(j).padStart(2, '0');
  return { id: `App${n}`, name: `app${n}` };
}

/**
 * Timestamps of the synth phases, read by scripts/bench/usage.js when the process exits: the
 * driver reports where the time went (module loading, building the tree, synth) beside the wall time.
 */
export function phase(name: string): void {
  const g = globalThis as { benchPhases?: Array<[string, number]> };
  (g.benchPhases ??= []).push([name, performance.now()]);
}
