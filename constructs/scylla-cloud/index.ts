// ScyllaDB Cloud as a target: the cluster, its applications in Kubernetes, and the provider bindings.
export {
  CLOUD_ALTERNATOR_HTTPS_PORT, CLOUD_CQL_TLS_PORT, ENSURE_ENCRYPTED_CONNECTIONS, ScyllaCloudCluster, ScyllaCloudProvider,
} from './cluster';
export type { ManualControlAcknowledgment, ScyllaCloudClusterProps } from './cluster';
export { DEFAULT_CLOUD_CLIENT_MOUNT_PATH, ScyllaCloudClient } from './client';
export type { ScyllaCloudClientProps } from './client';
export type { IScyllaCloudCluster, ScyllaCloudClientOptions } from './contracts';
export { SCYLLADBCLOUD_VERSION_CONSTRAINT, ScyllaDbCloudClusterResource, ScyllaDbCloudCqlAuth, ScyllaDbCloudProvider } from './bindings';
export type { ScyllaDbCloudClusterConfig, ScyllaDbCloudCqlAuthConfig, ScyllaDbCloudProviderConfig } from './bindings';
