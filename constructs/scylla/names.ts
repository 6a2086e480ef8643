// Names and ports fixed by the ScyllaDB Operator or by tlsfleet's conventions. Kept in one place
// because the Secrets, mounts, certificates, outputs and tests must all agree on them.
import { IConstruct } from 'constructs';
import { invalid } from '../core/errors';
import { isLiteral } from '../core/validate';

/** CQL over TLS (with TLS-only CQL, the only CQL port that listens). */
export const CQL_TLS_PORT = 9142;
/** Shard-aware CQL over TLS. */
export const CQL_SHARD_AWARE_TLS_PORT = 19142;
/** Plaintext CQL, ScyllaDB's default; closed by tlsfleet unless waived. */
export const CQL_PLAINTEXT_PORT = 9042;
/** Plaintext shard-aware CQL, open beside 9042 unless closed. */
export const CQL_SHARD_AWARE_PLAINTEXT_PORT = 19042;
/** Alternator over HTTPS: the operator always serves it once `spec.alternator` is set. */
export const ALTERNATOR_HTTPS_PORT = 8043;
/** Alternator over HTTP, only with `insecureEnableHTTP`. */
export const ALTERNATOR_HTTP_PORT = 8000;

/** The default Kubernetes cluster DNS domain. */
export const DEFAULT_CLUSTER_DOMAIN = 'cluster.local';

/** The identity Service the operator creates for every ScyllaCluster: the clients' entry point. */
export function clientServiceName(cluster: string): string {
  return `${cluster}-client`;
}

/** The StatefulSet of one rack. */
export function statefulSetName(cluster: string, datacenter: string, rack: string): string {
  return `${cluster}-${datacenter}-${rack}`;
}

/** The per-member Service (and pod) name of one rack member. */
export function memberServiceName(cluster: string, datacenter: string, rack: string, ordinal: number): string {
  return `${statefulSetName(cluster, datacenter, rack)}-${ordinal}`;
}

/** `<service>.<namespace>.svc` and `<service>.<namespace>.svc.<clusterDomain>`. */
export function serviceDnsNames(service: string, namespace: string, clusterDomain: string): string[] {
  return [`${service}.${namespace}.svc`, `${service}.${namespace}.svc.${clusterDomain}`];
}

/**
 * The Secret the operator mounts as Alternator's serving certificate. Operator bug #2248: with
 * `UserManaged` certificates the pods mount this name whatever `secretName` says, so tlsfleet
 * writes its certificate under exactly this name and sets `secretName` to it as well.
 */
export function alternatorServingSecretName(cluster: string): string {
  return `${cluster}-alternator-local-serving-certs`;
}

/** The ConfigMap (key `ca-bundle.crt`) of the operator-managed Alternator serving CA. */
export function operatorAlternatorCaConfigMapName(cluster: string): string {
  return `${cluster}-alternator-local-serving-ca`;
}

/** The tlsfleet-issued CQL serving certificate, key and client CA bundle (mounted into every rack). */
export function cqlServingSecretName(cluster: string): string {
  return `${cluster}-cql-serving-certs`;
}

/** The datacenter's node certificate and key, with the internode trust bundle as `ca.crt` (mounted into every rack). */
export function internodeSecretName(cluster: string): string {
  return `${cluster}-internode-certs`;
}

/** The tlsfleet-issued client certificate for in-pod `cqlsh` (mounted into every rack). */
export function cqlAdminSecretName(cluster: string): string {
  return `${cluster}-cql-admin-certs`;
}

/** The user scylla.yaml ConfigMap named in `racks[].scyllaConfig`. */
export function scyllaConfigMapName(cluster: string): string {
  return `${cluster}-tlsfleet-config`;
}

/** The cqlshrc ConfigMap mounted into every rack. */
export function cqlshrcConfigMapName(cluster: string): string {
  return `${cluster}-tlsfleet-cqlshrc`;
}

/** The CA bundle ConfigMap (key `ca-bundle.crt`) clients in the cluster's namespace verify servers with. */
export function caBundleConfigMapName(cluster: string): string {
  return `${cluster}-tlsfleet-ca-bundle`;
}

/**
 * Everything tlsfleet mounts into the scylla container, as ONE projected volume at one mount path.
 *
 * One volume, never more: hashicorp/terraform-provider-kubernetes#2778 (open in 2.38.0 and 3.x) makes
 * `kubernetes_manifest` panic at plan when a one-element `racks` list holds a `volumes` list of any other
 * length (0, 2, 3, ...). Both lists are typed as one-element tuple templates from the CRD schema, and a
 * single-rack datacenter matches the template length; `volumes` is the only such list inside a rack, so
 * keeping it at exactly one entry keeps every rack count plannable. Whole projected sources, no `subPath`,
 * so ScyllaDB's hot reload sees renewed certificates (the kubelet swaps the `..data` symlink).
 */
export const MOUNTS = {
  volume: 'tlsfleet',
  root: '/var/run/secrets/tlsfleet',
  cqlServing: { dir: 'cql-serving', path: '/var/run/secrets/tlsfleet/cql-serving' },
  cqlAdmin: { dir: 'cql-admin', path: '/var/run/secrets/tlsfleet/cql-admin' },
  cqlshrc: { dir: 'cqlsh', path: '/var/run/secrets/tlsfleet/cqlsh' },
  internode: { dir: 'internode', path: '/var/run/secrets/tlsfleet/internode' },
} as const;

/** The file name of the cqlshrc inside its mount. */
export const CQLSHRC_FILE = 'cqlshrc';

/** Role names tlsfleet accepts: safe inside a CQL string literal and a shell command. */
export function isValidRoleName(role: string): boolean {
  return typeof role === 'string' && /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/.test(role);
}

/**
 * What ScyllaCluster accepts as a name (a DNS-1035 label of at most 56 characters): the operator
 * refuses any other, so a cluster named otherwise cannot exist and its clients would point nowhere.
 */
export function checkClusterName(scope: IConstruct, name: unknown): void {
  if (!isLiteral(name)) return;
  if (typeof name !== 'string' || name.length > 56 || !/^[a-z]([-a-z0-9]*[a-z0-9])?$/.test(name)) {
    invalid(scope, 'name', name,
      'must be a DNS-1035 label of at most 56 characters (lower-case letters, digits and "-", starting with a letter): the operator names Services after it, such as "<name>-client"');
  }
}
