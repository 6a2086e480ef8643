import { Construct } from 'constructs';
import { ConfigMapV1, KubernetesProvider, Manifest, SecretV1 } from '../core/cdktf';
import { claimObjectName } from '../core/object-names';
import { CaBundleConfigMap, ServerCertificate, TlsSecret } from '../pki';
import { AlternatorCertificateSource, renderAlternator } from './alternator';
import { IScyllaDatacenter, ScyllaClusterSpec } from './contracts';
import { renderExposeOptions, ScyllaExposeOptions } from './expose';
import { recordFact } from '../core/facts';
import {
  ALTERNATOR_HTTP_PORT, ALTERNATOR_HTTPS_PORT, alternatorServingSecretName, caBundleConfigMapName, clientServiceName,
  CQL_PLAINTEXT_PORT, CQL_SHARD_AWARE_PLAINTEXT_PORT, CQL_SHARD_AWARE_TLS_PORT, CQL_TLS_PORT,
  cqlAdminSecretName, cqlServingSecretName, CQLSHRC_FILE, cqlshrcConfigMapName, DEFAULT_CLUSTER_DOMAIN, internodeSecretName,
  scyllaConfigMapName, serviceDnsNames, statefulSetName,
} from './names';
import { compact, Json } from './private/render';
import {
  INTERNODE_PLAINTEXT_PORT, INTERNODE_TLS_PORT, InternodeEncryption, internodePlaintextOpen,
} from './internode';
import { rackMemberNames, renderRack, ScyllaRackProps } from './rack';
import { checkServiceNameLength, checkServingCertificateSize, ScyllaDatacenterProps, validateDatacenter } from './datacenter-props';
import { renderCqlshrc } from './scylla-config';
import { tlsVersionList } from './tls-versions';

export const SCYLLA_API_VERSION = 'scylla.scylladb.com/v1';
export const SCYLLA_KIND = 'ScyllaCluster';
/** How long a datacenter with a successor may take to become Available (ScyllaDB nodes join one at a time). */
export const BOOTSTRAP_TIMEOUT = '60m';
/** The server-side apply field manager of every ScyllaCluster tlsfleet writes. */
export const FIELD_MANAGER = 'tlsfleet';

export type { ScyllaDatacenterProps } from './datacenter-props';


/**
 * A datacenter of a {@link ScyllaCluster}. Created by the cluster, never directly: every setting
 * that must agree between datacenters is read from the cluster, so it cannot drift.
 */
export class ScyllaDatacenter extends Construct implements IScyllaDatacenter {
  public readonly name: string;
  public readonly namespace: string;
  public readonly provider?: KubernetesProvider;
  public readonly clusterDomain: string;
  public readonly racks: readonly ScyllaRackProps[];
  /** This datacenter's seeds, as the other datacenters see them. */
  public readonly seeds: readonly string[];
  public readonly kubectlContext?: string;
  /** `<cluster>-client.<namespace>.svc`: the identity Service clients connect to. */
  public readonly clientHost: string;
  /** `<clientHost>:9142`. */
  public readonly cqlEndpoint: string;
  /** `https://<clientHost>:8043`, when Alternator is enabled. */
  public readonly alternatorUrl?: string;
  /** The first member (pod) of the first rack, where tlsfleet's commands run cqlsh. */
  public readonly firstMemberName: string;
  /** The CQL (and, with a tlsfleet Alternator certificate, Alternator) serving certificate of this datacenter. */
  public readonly servingCertificate: ServerCertificate;
  /**
   * The node certificate of this datacenter (serverAuth and clientAuth: every node is both ends of node-to-node
   * TLS), shared by its nodes; absent while node-to-node traffic is plaintext.
   */
  public readonly internodeCertificate?: ServerCertificate;
  /** The CA bundle ConfigMap in this datacenter's namespace. */
  public readonly caBundleConfigMap: CaBundleConfigMap;
  /** The rendered ScyllaCluster object. */
  public readonly manifest: { readonly [key: string]: Json };
  /** The `kubernetes_manifest`. */
  public readonly resource: Manifest;

  /**
   * @param previous the datacenter declared before this one: this one is created only once that one reports
   *   Available, and seeds from it (a datacenter seeded only from datacenters that do not run yet cannot bootstrap).
   * @param hasSuccessor whether a datacenter declared after this one waits for it.
   */
  constructor(cluster: ScyllaClusterSpec, id: string, props: ScyllaDatacenterProps, previous?: ScyllaDatacenter, hasSuccessor = false) {
    super(cluster, id);
    this.name = props.name;
    this.namespace = props.namespace ?? cluster.namespace;
    this.provider = props.provider;
    this.clusterDomain = props.clusterDomain ?? DEFAULT_CLUSTER_DOMAIN;
    this.racks = props.racks;
    this.kubectlContext = props.kubectlContext;
    validateDatacenter(this, cluster, props);
    this.seeds = props.seeds ?? defaultSeeds(cluster.name, this.name, this.namespace, this.clusterDomain, this.racks);

    const ns = this.namespace;
    const name = cluster.name;
    // Two datacenters in one namespace of one Kubernetes cluster would be a single object.
    claimObjectName(this, 'namespace', { kind: SCYLLA_KIND, namespace: ns, name, provider: this.provider });
    // The operator names each rack's StatefulSet, and its member Services and pods, "<cluster>-<datacenter>-<rack>":
    // cluster "shop" with datacenter "x-a" and cluster "shop-x" with datacenter "a" would fight over one StatefulSet.
    this.racks.forEach((rack, i) => claimObjectName(this, `racks[${i}].name`, {
      kind: 'StatefulSet', namespace: ns, name: statefulSetName(name, this.name, rack.name), provider: this.provider,
    }));
    this.clientHost = `${clientServiceName(name)}.${ns}.svc`;
    this.cqlEndpoint = `${this.clientHost}:${CQL_TLS_PORT}`;
    this.alternatorUrl = cluster.alternator ? `https://${this.clientHost}:${ALTERNATOR_HTTPS_PORT}` : undefined;
    this.firstMemberName = rackMemberNames(name, this.name, this.racks[0])[0];
    const extraDns = [...cluster.additionalDnsNames, ...(props.additionalDnsNames ?? [])];
    const extraIps = [...cluster.additionalIpAddresses, ...(props.additionalIpAddresses ?? [])];

    // Every name a client or cqlsh may use: the identity Service and each member Service.
    const dnsNames = unique([
      ...serviceDnsNames(clientServiceName(name), ns, this.clusterDomain),
      ...this.racks.flatMap((rack) => rackMemberNames(name, this.name, rack).flatMap((m) => serviceDnsNames(m, ns, this.clusterDomain))),
      ...extraDns,
    ]);
    checkServiceNameLength(this, this.clusterDomain, dnsNames); // the additional names are at most 253 characters already
    checkServingCertificateSize(this, this.racks, dnsNames);
    this.servingCertificate = new ServerCertificate(this, 'ServingCertificate', {
      ca: cluster.ca,
      dnsNames,
      ipAddresses: unique(extraIps),
      holders: [{ namespace: ns, provider: this.provider, description: `ScyllaDB cluster ${name}, datacenter ${this.name}` }],
    });
    const cqlSecret = new TlsSecret(this, 'CqlServingSecret', {
      certificate: this.servingCertificate,
      trustBundle: cluster.clientTrustBundle, // becomes the truststore for client certificates
      namespace: ns, name: cqlServingSecretName(name), provider: this.provider, labels: cluster.labels,
    });
    const adminSecret = new TlsSecret(this, 'CqlAdminSecret', {
      certificate: cluster.adminCertificate,
      trustBundle: cluster.serverTrustBundle,
      namespace: ns, name: cqlAdminSecretName(name), provider: this.provider, labels: cluster.labels,
    });
    const dependencies: Array<SecretV1 | ConfigMapV1> = [cqlSecret.resource, adminSecret.resource];
    if (cluster.internode.mode !== undefined) {
      // Peers are authenticated by CA only (ScyllaDB checks no host name), so one certificate per datacenter; its
      // names are those of the datacenter's members, for whoever inspects it.
      this.internodeCertificate = new ServerCertificate(this, 'InternodeCertificate', {
        ca: cluster.ca,
        dnsNames: unique(this.racks.flatMap((rack) => rackMemberNames(name, this.name, rack).flatMap((m) => serviceDnsNames(m, ns, this.clusterDomain)))),
        // Short and fixed: a member name can pass the 64-character limit of a commonName.
        subject: { commonName: 'ScyllaDB node (tlsfleet)', organizationalUnit: name },
        clientAuth: true,
        holders: [{ namespace: ns, provider: this.provider, description: `ScyllaDB nodes of cluster ${name}, datacenter ${this.name}` }],
      });
      const internodeSecret = new TlsSecret(this, 'InternodeSecret', {
        certificate: this.internodeCertificate,
        trustBundle: cluster.internodeTrustBundle,
        namespace: ns, name: internodeSecretName(name), provider: this.provider, labels: cluster.labels,
      });
      dependencies.push(internodeSecret.resource);
    }
    if (cluster.alternator?.certificateSource === AlternatorCertificateSource.TLSFLEET) {
      const alternatorSecret = new TlsSecret(this, 'AlternatorServingSecret', {
        certificate: this.servingCertificate,
        trustBundle: cluster.serverTrustBundle,
        namespace: ns, name: alternatorServingSecretName(name), provider: this.provider, labels: cluster.labels,
      });
      dependencies.push(alternatorSecret.resource);
    }
    dependencies.push(this.configMap('ScyllaConfig', scyllaConfigMapName(name), { 'scylla.yaml': cluster.scyllaYaml }, cluster.labels));
    dependencies.push(this.configMap('Cqlshrc', cqlshrcConfigMapName(name), { [CQLSHRC_FILE]: renderCqlshrc(this.clientHost) }, cluster.labels));
    this.caBundleConfigMap = new CaBundleConfigMap(this, 'CaBundle', {
      bundle: cluster.serverTrustBundle, namespace: ns, name: caBundleConfigMapName(name), provider: this.provider, labels: cluster.labels,
    });

    this.recordEndpoints(cluster);
    this.manifest = this.render(cluster, extraDns, extraIps, props.exposeOptions ?? cluster.exposeOptions);
    this.resource = new Manifest(this, 'Resource', {
      provider: this.provider,
      manifest: this.manifest,
      // Server-side apply under tlsfleet's own field manager, taking back every field it declares: without
      // forceConflicts, a `kubectl patch` of a security setting (say insecureEnableHTTP) makes the next apply fail
      // with a field manager conflict, and Terraform could never switch the setting back.
      fieldManager: { name: FIELD_MANAGER, forceConflicts: true },
      // The user scylla.yaml and the mounted Secrets exist before the ScyllaCluster and outlive it: the operator
      // mounts the scylla.yaml ConfigMap as optional, and a cluster without it starts with plaintext 9042 open.
      dependsOn: previous ? [...dependencies, previous.resource] : dependencies,
      // Multi-datacenter bootstrap order in one `cdktf deploy`: the operator seeds the first node of a datacenter
      // without pods only from externalSeeds, so the next datacenter is created once this one is Available.
      ...(hasSuccessor ? {
        wait: { condition: [{ type: 'Available', status: 'True' }] },
        timeouts: { create: BOOTSTRAP_TIMEOUT, update: BOOTSTRAP_TIMEOUT },
      } : {}),
    });
  }

  /** Tells the policy which listeners this datacenter opens. */
  private recordEndpoints(cluster: ScyllaClusterSpec): void {
    const cql = cluster.cql;
    const tls = {
      kind: 'endpoint', cluster: cluster.node.path, datacenter: this.name, transport: 'tls',
      tlsVersions: tlsVersionList(cql.tlsVersions), authorization: 'enforced',
      certificate: this.servingCertificate.node.path,
    } as const;
    const clientCertificates = cql.insecureDisableClientAuth ? 'not required' : 'required';
    recordFact(this, { ...tls, api: 'CQL', address: this.clientHost, port: CQL_TLS_PORT, clientCertificates });
    recordFact(this, { ...tls, api: 'CQL shard-aware', address: this.clientHost, port: CQL_SHARD_AWARE_TLS_PORT, clientCertificates });
    if (cql.insecureEnablePlaintext) {
      const plain = { kind: 'endpoint', cluster: cluster.node.path, datacenter: this.name, transport: 'plaintext', tlsVersions: [], authorization: 'enforced', clientCertificates: 'not required' } as const;
      recordFact(this, { ...plain, api: 'CQL', address: this.clientHost, port: CQL_PLAINTEXT_PORT });
      recordFact(this, { ...plain, api: 'CQL shard-aware', address: this.clientHost, port: CQL_SHARD_AWARE_PLAINTEXT_PORT });
    }
    const internode = cluster.internode;
    const node = { kind: 'endpoint', cluster: cluster.node.path, datacenter: this.name, api: 'Internode', address: `${cluster.name}-${this.name}-<rack>-<ordinal>.${this.namespace}.svc`, authorization: 'enforced' } as const;
    if (internode.mode !== undefined) {
      recordFact(this, {
        ...node, port: INTERNODE_TLS_PORT, transport: 'tls', tlsVersions: tlsVersionList(internode.tlsVersions),
        clientCertificates: internode.mode === InternodeEncryption.ALL ? 'required' : 'not required',
        certificate: this.internodeCertificate!.node.path, internodeMode: internode.mode,
      });
    }
    if (internodePlaintextOpen(internode)) {
      recordFact(this, { ...node, port: INTERNODE_PLAINTEXT_PORT, transport: 'plaintext', tlsVersions: [], clientCertificates: 'not required', internodeMode: internode.mode ?? 'none' });
    }
    const alternator = cluster.alternator;
    if (alternator) {
      const authorization = alternator.insecureDisableAuthorization ? 'off' : 'enforced';
      const operator = alternator.certificateSource === AlternatorCertificateSource.OPERATOR_MANAGED;
      recordFact(this, {
        kind: 'endpoint', cluster: cluster.node.path, datacenter: this.name, api: 'Alternator', address: this.alternatorUrl!,
        port: ALTERNATOR_HTTPS_PORT, transport: 'tls', clientCertificates: 'not required', authorization,
        certificate: operator ? undefined : this.servingCertificate.node.path,
      });
      if (alternator.insecureEnableHttp) {
        recordFact(this, {
          kind: 'endpoint', cluster: cluster.node.path, datacenter: this.name, api: 'Alternator', address: `http://${this.clientHost}:${ALTERNATOR_HTTP_PORT}`,
          port: ALTERNATOR_HTTP_PORT, transport: 'plaintext', tlsVersions: [], clientCertificates: 'not required', authorization,
        });
      }
    }
  }

  private configMap(id: string, name: string, data: Record<string, string>, labels: Record<string, string>): ConfigMapV1 {
    claimObjectName(this, `${id}.name`, { kind: 'ConfigMap', namespace: this.namespace, name, provider: this.provider });
    return new ConfigMapV1(this, id, {
      provider: this.provider,
      metadata: { name, namespace: this.namespace, labels },
      data,
    });
  }

  private render(cluster: ScyllaClusterSpec, extraDns: string[], extraIps: string[], expose: ScyllaExposeOptions | undefined): { [key: string]: Json } {
    const name = cluster.name;
    const mounts = {
      scyllaConfig: scyllaConfigMapName(name),
      cqlServingSecret: cqlServingSecretName(name),
      cqlAdminSecret: cqlAdminSecretName(name),
      cqlshrcConfigMap: cqlshrcConfigMapName(name),
      internodeSecret: cluster.internode.mode !== undefined ? internodeSecretName(name) : undefined,
    };
    const externalSeeds = cluster.externalSeedsFor(this.name);
    const spec = compact({
      version: cluster.version,
      repository: cluster.repository,
      agentRepository: cluster.agentRepository,
      agentVersion: cluster.agentVersion,
      developerMode: cluster.developerMode,
      enableParallelNodeOperations: cluster.enableParallelNodeOperations,
      automaticOrphanedNodeCleanup: cluster.automaticOrphanedNodeCleanup,
      alternator: cluster.alternator && renderAlternator(name, cluster.alternator, {
        additionalDnsNames: unique(extraDns), additionalIpAddresses: unique(extraIps),
      }),
      datacenter: { name: this.name, racks: this.racks.map((r) => renderRack(r, mounts)) },
      exposeOptions: renderExposeOptions(expose),
      externalSeeds: externalSeeds.length ? [...externalSeeds] : undefined,
      forceRedeploymentReason: cluster.forceRedeploymentReason,
      imagePullSecrets: cluster.imagePullSecrets.length ? cluster.imagePullSecrets.map((s) => ({ name: s })) : undefined,
      podMetadata: compact({
        labels: Object.keys(cluster.podLabels).length ? { ...cluster.podLabels } : undefined,
        annotations: Object.keys(cluster.podAnnotations).length ? { ...cluster.podAnnotations } : undefined,
      }),
      dnsDomains: cluster.dnsDomains.length ? [...cluster.dnsDomains] : undefined,
    }) ?? {};
    return {
      apiVersion: SCYLLA_API_VERSION,
      kind: SCYLLA_KIND,
      metadata: { name, namespace: this.namespace, labels: { ...cluster.labels } },
      spec,
    };
  }
}

/** Member 0 of each rack, by its fully qualified Service name. */
export function defaultSeeds(cluster: string, datacenter: string, namespace: string, clusterDomain: string, racks: readonly ScyllaRackProps[]): string[] {
  return racks.map((rack) => `${rackMemberNames(cluster, datacenter, { ...rack, members: 1 })[0]}.${namespace}.svc.${clusterDomain}`);
}

function unique(values: string[]): string[] {
  return [...new Set(values)];
}
