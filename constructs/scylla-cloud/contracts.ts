import { IConstruct } from 'constructs';
import { KubernetesProvider } from '../core/cdktf';
import { AlternatorWriteIsolation } from '../scylla/alternator';
import { ScyllaDbCloudClusterResource, ScyllaDbCloudCqlAuth } from './bindings';

// What a ScyllaDB Cloud cluster and its clients know of each other, as interfaces (no import cycle).

/** CQL over TLS on ScyllaDB Cloud. */
export const CLOUD_CQL_TLS_PORT = 9142;
/** Alternator over HTTPS on ScyllaDB Cloud. */
export const CLOUD_ALTERNATOR_HTTPS_PORT = 8043;

/** A ScyllaDB Cloud cluster as its clients read it. */
export interface IScyllaCloudCluster extends IConstruct {
  readonly name: string;
  readonly alternator?: { readonly writeIsolation: AlternatorWriteIsolation };
  readonly resource: ScyllaDbCloudClusterResource;
  readonly cqlAuth: ScyllaDbCloudCqlAuth;
}

export interface ScyllaCloudClientOptions {
  /**
   * The application's name (DNS-1123 label): it names the ConfigMap `<name>-scylla-cloud-connection` and the Secret
   * `<name>-scylla-cloud-cql-auth`, so one application can also hold a Kubernetes cluster's `<name>-scylla-connection`.
   */
  readonly name: string;
  /** The application's namespace. */
  readonly namespace: string;
  /** The Kubernetes cluster the application runs in. @default - the stack's default kubernetes provider */
  readonly provider?: KubernetesProvider;
  /** Where the application mounts the connection ConfigMap; `AWS_CA_BUNDLE` points into it. @default '/etc/scylla-cloud-client' */
  readonly mountPath?: string;
  /** Extra labels of the Secret and ConfigMap. @default - only `app.kubernetes.io/managed-by: tlsfleet` */
  readonly labels?: Record<string, string>;
}

