import { IConstruct } from 'constructs';
import { KubernetesProvider } from '../core/cdktf';
import { CaBundle, ClientCertificate, DistinguishedName, ICertificateAuthority, KeyAlgorithm } from '../pki';
import { ResolvedAlternator } from './alternator';
import { ScyllaExposeOptions } from './expose';
import { ResolvedInternode } from './internode';
import { ScyllaOperatorVersion } from './operator-version';
import { ResolvedCql } from './scylla-config';

// What the cluster, its datacenters and its clients know of each other, as interfaces: a client
// can join a cluster declared in another stack, and no file of the three imports another's class.

/** A datacenter as its clients reach it. */
export interface IScyllaDatacenter {
  readonly name: string;
  readonly namespace: string;
  /** The Kubernetes cluster it runs in. @default - the default kubernetes provider */
  readonly provider?: KubernetesProvider;
  readonly kubectlContext?: string;
  /** The client Service's host name inside its Kubernetes cluster (`<cluster>-client.<namespace>.svc`). */
  readonly clientHost: string;
  /** `host:port` of CQL over TLS. */
  readonly cqlEndpoint: string;
  /** The Alternator HTTPS URL, when Alternator is on. */
  readonly alternatorUrl?: string;
  /** The first member's pod, where the credentials command runs cqlsh. */
  readonly firstMemberName: string;
}

/** An application's access to a cluster. */
export interface IScyllaClient extends IConstruct {
  readonly name: string;
  readonly namespace: string;
  readonly role: string;
  readonly connectionConfigMapName: string;
}

/** A ScyllaDB cluster as applications reference it, declared in this stack or imported from another. */
export interface IScyllaCluster extends IConstruct {
  readonly name: string;
  readonly namespace: string;
  /** The CA that issues client certificates. */
  readonly ca: ICertificateAuthority;
  /** What clients verify the servers with. */
  readonly serverTrustBundle: CaBundle;
  /** Alternator settings, or undefined when Alternator is off. */
  readonly alternator?: ResolvedAlternator;
  /** The superuser role the output commands log in as. */
  readonly adminRole: string;
  readonly datacenters: readonly IScyllaDatacenter[];
  /** Gives an application access: a client certificate, a TLS Secret and a connection ConfigMap in its namespace. */
  addClient(id: string, options: ScyllaClientOptions): IScyllaClient;
}

/** Everything a datacenter renders from its cluster: the cluster-wide settings, resolved. */
export interface ScyllaClusterSpec extends IScyllaCluster {
  readonly version: string;
  readonly repository?: string;
  readonly agentRepository?: string;
  readonly agentVersion: string;
  readonly developerMode: boolean;
  readonly operatorVersion: ScyllaOperatorVersion;
  readonly enableParallelNodeOperations?: boolean;
  readonly automaticOrphanedNodeCleanup?: boolean;
  readonly exposeOptions?: ScyllaExposeOptions;
  readonly imagePullSecrets: readonly string[];
  readonly podLabels: Readonly<Record<string, string>>;
  readonly podAnnotations: Readonly<Record<string, string>>;
  readonly dnsDomains: readonly string[];
  readonly additionalDnsNames: readonly string[];
  readonly additionalIpAddresses: readonly string[];
  readonly labels: Record<string, string>;
  readonly cql: ResolvedCql;
  readonly internode: ResolvedInternode;
  readonly clientTrustBundle: CaBundle;
  readonly internodeTrustBundle: CaBundle;
  readonly adminCertificate: ClientCertificate;
  readonly scyllaYaml: string;
  readonly forceRedeploymentReason: string;
  externalSeedsFor(name: string): string[];
}

export interface ScyllaClientOptions {
  /** The application's name (DNS-1123 label): it names the Secret `<name>-scylla-client-tls` and the ConfigMap `<name>-scylla-connection`. */
  readonly name: string;
  /** The application's namespace, where the Secret and ConfigMap are written. */
  readonly namespace: string;
  /**
   * The CQL role the application logs in as; also its Alternator access key. The role itself is
   * created in CQL by an administrator (tlsfleet has no CQL connection).
   * @default - `name`
   */
  readonly role?: string;
  /** The datacenter the application runs beside (its local datacenter). @default - the cluster's first datacenter */
  readonly datacenter?: string;
  /** The Kubernetes cluster the application runs in. @default - the datacenter's provider */
  readonly provider?: KubernetesProvider;
  /** The client certificate's subject. @default - `{ commonName: <role> }` */
  readonly subject?: DistinguishedName;
  /**
   * Where the application mounts the connection ConfigMap; `AWS_CA_BUNDLE` points into it.
   * @default '/etc/scylla-client'
   */
  readonly mountPath?: string;
  /** @default KeyAlgorithm.ECDSA_P256 */
  readonly keyAlgorithm?: KeyAlgorithm;
  /** @default 8760 (1 year) */
  readonly validityHours?: number;
  /** @default 720 (30 days) */
  readonly earlyRenewalHours?: number;
  /** Extra labels of the Secret and ConfigMap. @default - only `app.kubernetes.io/managed-by: tlsfleet` */
  readonly labels?: Record<string, string>;
}

