// The public API of constructs/scylla. Validation and rendering helpers stay internal to their files.
export {
  ALTERNATOR_HTTP_PORT, ALTERNATOR_HTTPS_PORT, CQL_PLAINTEXT_PORT, CQL_SHARD_AWARE_PLAINTEXT_PORT, CQL_SHARD_AWARE_TLS_PORT, CQL_TLS_PORT,
  DEFAULT_CLUSTER_DOMAIN,
} from './names';
export { LabelSelectorOperator, NodeSelectorOperator, TaintEffect, TolerationOperator } from './placement';
export type {
  LabelSelector, LabelSelectorRequirement, NodeAffinity, NodeSelectorRequirement, NodeSelectorTerm, PodAffinity,
  PodAffinityTerm, PreferredSchedulingTerm, RackPlacement, Toleration, WeightedPodAffinityTerm,
} from './placement';
export type { ScyllaRackProps } from './rack';
export { DEFAULT_AGENT_CPU, DEFAULT_AGENT_MEMORY } from './rack';
export { BroadcastAddressType, NodeServiceType, ServiceTrafficPolicy } from './expose';
export type { ScyllaExposeOptions } from './expose';
export { AlternatorCertificateSource, AlternatorWriteIsolation } from './alternator';
export type { AlternatorOptions, ResolvedAlternator } from './alternator';
export { CqlTlsVersions, RESERVED_SCYLLA_CONFIG_KEYS } from './scylla-config';
export type { CqlOptions, ResolvedCql, ScyllaConfigValue } from './scylla-config';
export { SCYLLA_API_VERSION, SCYLLA_KIND, ScyllaDatacenter } from './datacenter';
export type { ScyllaDatacenterProps } from './datacenter-props';
export { DEFAULT_AGENT_VERSION, ScyllaCluster } from './cluster';
export { CaRotationPhase } from './ca-rotation';
export { ScyllaOperatorVersion } from './operator-version';
export type { CaRotation, ResolvedCaRotation } from './ca-rotation';
export {
  INTERNODE_PLAINTEXT_PORT, INTERNODE_TLS_PORT, InternodeEncryption, InternodeRolloutStep, InternodeTlsVersions,
} from './internode';
export type { InternodeOptions, InternodeRollout, ResolvedInternode } from './internode';
export type { ScyllaClusterProps } from './cluster';
export { DEFAULT_CLIENT_MOUNT_PATH, ScyllaClient } from './client';
export type { ScyllaClientProps } from './client';
export { ScyllaClientSet, ScyllaClientSetClient } from './client-set';
export type { ScyllaClientSetMember, ScyllaClientSetOptions, ScyllaClientSetProps } from './client-set';
export type { IScyllaClient, IScyllaCluster, IScyllaDatacenter, ScyllaClientOptions, ScyllaClusterSpec } from './contracts';
export { ImportedScyllaCluster } from './imported-cluster';
export type { ImportedScyllaClusterProps, ImportedScyllaDatacenterProps } from './imported-cluster';
