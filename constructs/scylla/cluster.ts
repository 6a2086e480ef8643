import { Construct } from 'constructs';
import { invalid } from '../core/errors';
import { checkAnnotations, checkLabels, MANAGED_BY_LABELS as MANAGED_BY } from '../core/kubernetes-metadata';
import { checkArray, checkBoolean, checkPlainObject, checkProps } from '../core/props';
import { checkDns1123Label, checkDnsName, checkIpAddress, checkK8sName, checkText, isLiteral } from '../core/validate';
import { CaBundle, CertificateAuthority, ClientCertificate, ICertificateAuthority } from '../pki';
import { checkCertificateAuthority } from '../pki/certificate-authority';
import { AlternatorCertificateSource, AlternatorOptions, resolveAlternator, ResolvedAlternator } from './alternator';
import { ScyllaClient } from './client';
import { ScyllaClientSet, ScyllaClientSetOptions } from './client-set';
import { ScyllaClientOptions, ScyllaClusterSpec } from './contracts';
import { defaultSeeds, ScyllaDatacenter } from './datacenter';
import { checkDatacenterShape, checkSeed, ScyllaDatacenterProps } from './datacenter-props';
import { ScyllaExposeOptions, sortedCopy, validateExposeOptions } from './expose';
import { CaRotation, checkOldCaDropped, ResolvedCaRotation, resolveCaRotation } from './ca-rotation';
import { ScyllaOperatorVersion, validateOperatorFields } from './operator-version';
import { InternodeOptions, ResolvedInternode, resolveInternode } from './internode';
import { checkClusterName, DEFAULT_CLUSTER_DOMAIN, isValidRoleName } from './names';
import { recordFact } from '../core/facts';
import { kubernetesName } from '../core/facts';
import { addOutput } from '../core/outputs';
import {
  CqlOptions, redeploymentReason, renderScyllaYaml, resolveCql, ResolvedCql, ScyllaConfigValue, validateAdditionalConfig,
} from './scylla-config';

/** The scylla-manager-agent tag tlsfleet pins unless `agentVersion` is given. */
export const DEFAULT_AGENT_VERSION = '3.5.1';

export interface ScyllaClusterProps {
  /** `metadata.name`, which is also the ScyllaDB cluster name shared by every datacenter (DNS-1035 label, at most 56 characters). */
  readonly name: string;
  /** Namespace of the ScyllaCluster objects and their Secrets and ConfigMaps. */
  readonly namespace: string;
  /** ScyllaDB version: the image tag, such as `2025.1.5`. */
  readonly version: string;
  /** The datacenters, at least one, with unique names; each is one ScyllaCluster object in its own Kubernetes cluster. */
  readonly datacenters: ScyllaDatacenterProps[];
  /** @default - the operator's default, docker.io/scylladb/scylla */
  readonly repository?: string;
  /** @default - the operator's default, docker.io/scylladb/scylla-manager-agent */
  readonly agentRepository?: string;
  /**
   * scylla-manager-agent image tag. Pinned: without it the operator runs `latest`, a different agent on every pull.
   * @default DEFAULT_AGENT_VERSION ('3.5.1', the agent the operator's own Helm charts pin)
   */
  readonly agentVersion?: string;
  /**
   * The ScyllaDB Operator release the cluster runs under: fields a release does not know are rejected at synth.
   * @default ScyllaOperatorVersion.V1_21
   */
  readonly operatorVersion?: ScyllaOperatorVersion;
  /**
   * Start and operate nodes concurrently (`spec.enableParallelNodeOperations`): operator 1.22 and ScyllaDB 2026.2 or
   * later. @default - not written (the operator decides on creation)
   */
  readonly enableParallelNodeOperations?: boolean;
  /** Relaxes ScyllaDB's hardware checks; for development only. @default false */
  readonly developerMode?: boolean;
  /** Let the operator remove nodes whose members are gone. @default - the operator's default (off) */
  readonly automaticOrphanedNodeCleanup?: boolean;
  /** How members are exposed, for every datacenter without its own. @default - the operator's defaults */
  readonly exposeOptions?: ScyllaExposeOptions;
  /** Seeds outside this declaration (for example a datacenter not managed here), given to every datacenter. @default [] */
  readonly externalSeeds?: string[];
  /**
   * A reason to roll every pod once; combined with the hash of the rendered scylla.yaml.
   * @default - the hash alone, so a config change rolls the pods
   */
  readonly forceRedeploymentReason?: string;
  /** Secrets for pulling the images. @default [] */
  readonly imagePullSecrets?: string[];
  /** Labels of the ScyllaDB pods (`podMetadata.labels`). @default {} */
  readonly podLabels?: Record<string, string>;
  /** Annotations of the ScyllaDB pods (`podMetadata.annotations`). @default {} */
  readonly podAnnotations?: Record<string, string>;
  /** External DNS domains the cluster is reachable by (`dnsDomains`), fully qualified. @default [] */
  readonly dnsDomains?: string[];
  /** Enables Alternator, the DynamoDB-compatible API. @default - Alternator disabled */
  readonly alternator?: AlternatorOptions;
  /** CQL client-to-node TLS. @default - TLS 1.3 only, client certificates required, plaintext closed */
  readonly cql?: CqlOptions;
  /**
   * Node-to-node TLS, within and between datacenters.
   * @default - every connection TLS 1.3 with client certificates (`internode_encryption: all`), port 7000 closed
   */
  readonly internode?: InternodeOptions;
  /** The CA that issues the serving and client certificates, shared by every datacenter. @default - a new CertificateAuthority */
  readonly ca?: ICertificateAuthority;
  /**
   * Moves the cluster from one CA to another without downtime, one phase per deploy (see CaRotationPhase). Replaces
   * `ca` while it lasts. @default - no rotation
   */
  readonly caRotation?: CaRotation;
  /**
   * The CAs whose client certificates CQL accepts; must contain `ca`. Add a second CA during a rotation.
   * @default - `ca` alone
   */
  readonly clientTrustBundle?: CaBundle;
  /** Extra DNS names for the serving certificates of every datacenter. @default [] */
  readonly additionalDnsNames?: string[];
  /** Extra IP addresses for the serving certificates of every datacenter. @default [] */
  readonly additionalIpAddresses?: string[];
  /** More scylla.yaml settings; keys tlsfleet or the operator own are rejected. @default {} */
  readonly additionalScyllaConfig?: { readonly [key: string]: ScyllaConfigValue };
  /** The superuser role the output commands log in as. @default 'cassandra' */
  readonly adminRole?: string;
  /** Labels of every object tlsfleet writes for the cluster. @default - only `app.kubernetes.io/managed-by: tlsfleet` */
  readonly labels?: Record<string, string>;
}

/**
 * A ScyllaDB cluster run by the ScyllaDB Operator (scylla.scylladb.com/v1, operator 1.18 to 1.22),
 * in one or more datacenters. Secure by default: CQL is TLS-only with mutual TLS and passwords,
 * Alternator (when enabled) is HTTPS-only with authorization, all certificates come from one CA.
 */
export class ScyllaCluster extends Construct implements ScyllaClusterSpec {
  public readonly name: string;
  public readonly namespace: string;
  public readonly version: string;
  public readonly repository?: string;
  public readonly agentRepository?: string;
  public readonly agentVersion: string;
  public readonly developerMode: boolean;
  public readonly operatorVersion: ScyllaOperatorVersion;
  public readonly enableParallelNodeOperations?: boolean;
  public readonly automaticOrphanedNodeCleanup?: boolean;
  public readonly exposeOptions?: ScyllaExposeOptions;
  public readonly externalSeeds: readonly string[];
  public readonly imagePullSecrets: readonly string[];
  public readonly podLabels: Readonly<Record<string, string>>;
  public readonly podAnnotations: Readonly<Record<string, string>>;
  public readonly dnsDomains: readonly string[];
  public readonly additionalDnsNames: readonly string[];
  public readonly additionalIpAddresses: readonly string[];
  public readonly adminRole: string;
  /** Labels of every object written for the cluster, including `app.kubernetes.io/managed-by`. */
  public readonly labels: Record<string, string>;
  /** Alternator settings with defaults applied, or undefined when Alternator is off. */
  public readonly alternator?: ResolvedAlternator;
  public readonly cql: ResolvedCql;
  public readonly internode: ResolvedInternode;
  /** The CA that issues every certificate of the cluster now (during a rotation: the phase's issuer). */
  public readonly ca: ICertificateAuthority;
  /** The CA rotation in progress, if any. */
  public readonly caRotation?: ResolvedCaRotation;
  /** What clients verify servers with: the CA bundle in every connection ConfigMap. */
  public readonly serverTrustBundle: CaBundle;
  /** What CQL verifies client certificates with. */
  public readonly clientTrustBundle: CaBundle;
  /** What every node verifies its peers' node certificates with: the cluster CA, in every datacenter. */
  public readonly internodeTrustBundle: CaBundle;
  /** The client certificate in-pod cqlsh presents (mounted into every rack). */
  public readonly adminCertificate: ClientCertificate;
  /** The user scylla.yaml, identical in every datacenter. */
  public readonly scyllaYaml: string;
  /** `spec.forceRedeploymentReason`, derived from the scylla.yaml hash. */
  public readonly forceRedeploymentReason: string;
  public readonly datacenters: readonly ScyllaDatacenter[];
  private readonly seedsByDatacenter: ReadonlyMap<string, readonly string[]>;

  constructor(scope: Construct, id: string, props: ScyllaClusterProps) {
    super(scope, id);
    validateCluster(this, props);
    this.name = props.name;
    this.namespace = props.namespace;
    this.version = props.version;
    this.repository = props.repository;
    this.agentRepository = props.agentRepository;
    this.agentVersion = props.agentVersion ?? DEFAULT_AGENT_VERSION;
    this.developerMode = props.developerMode ?? false;
    this.operatorVersion = validateOperatorFields(this, props);
    this.enableParallelNodeOperations = props.enableParallelNodeOperations;
    this.automaticOrphanedNodeCleanup = props.automaticOrphanedNodeCleanup;
    this.exposeOptions = props.exposeOptions;
    this.externalSeeds = props.externalSeeds ?? [];
    this.imagePullSecrets = props.imagePullSecrets ?? [];
    this.podLabels = sortedCopy(props.podLabels ?? {});
    this.podAnnotations = sortedCopy(props.podAnnotations ?? {});
    this.dnsDomains = props.dnsDomains ?? [];
    this.additionalDnsNames = props.additionalDnsNames ?? [];
    this.additionalIpAddresses = props.additionalIpAddresses ?? [];
    this.adminRole = props.adminRole ?? 'cassandra';
    this.labels = sortedCopy({ ...props.labels, ...MANAGED_BY });

    this.alternator = props.alternator !== undefined ? resolveAlternator(this, 'alternator', props.alternator) : undefined;
    if (this.alternator?.certificateSource === AlternatorCertificateSource.OPERATOR_MANAGED) {
      this.additionalDnsNames.forEach((n, i) => {
        if (isLiteral(n) && n.startsWith('*.')) {
          invalid(this, `additionalDnsNames[${i}]`, n, 'must not be a wildcard with operator-managed Alternator certificates (the operator accepts DNS-1123 subdomains only)');
        }
      });
    }
    this.cql = resolveCql(this, 'cql', props.cql === undefined ? {} : props.cql);
    this.internode = resolveInternode(this, 'internode', props.internode === undefined ? {} : props.internode);
    this.scyllaYaml = scyllaYamlOf(this.cql, this.internode, props.additionalScyllaConfig);
    this.forceRedeploymentReason = redeploymentReason(this.scyllaYaml, props.forceRedeploymentReason);

    this.caRotation = props.caRotation !== undefined ? resolveCaRotation(this, 'caRotation', props.caRotation, props.ca) : undefined;
    this.ca = this.caRotation?.issuer ?? props.ca ?? new CertificateAuthority(this, 'Ca', {
      subject: { commonName: `${props.name} ScyllaDB CA (tlsfleet)` },
    });
    this.serverTrustBundle = this.caRotation?.bundle ?? CaBundle.of(this.ca);
    this.clientTrustBundle = props.clientTrustBundle ?? this.serverTrustBundle;
    if (this.caRotation) checkOldCaDropped(this, 'clientTrustBundle', this.caRotation, this.clientTrustBundle);
    this.internodeTrustBundle = this.serverTrustBundle;
    this.clientTrustBundle.validate(this, 'clientTrustBundle');
    if (!this.clientTrustBundle.authorities.includes(this.ca)) {
      invalid(this, 'clientTrustBundle', this.clientTrustBundle.authorities.map((a) => a.node.path),
        `must contain the cluster CA ${this.ca.node.path}, which issues the client certificates of addClient()`);
    }
    this.adminCertificate = new ClientCertificate(this, 'AdminCertificate', {
      ca: this.ca,
      subject: { commonName: `${props.name} cqlsh admin (tlsfleet)` },
      holders: props.datacenters.map((dc) => ({
        namespace: dc.namespace ?? props.namespace, provider: dc.provider, description: `cqlsh in the ScyllaDB pods of datacenter ${dc.name}`,
      })),
    });

    this.seedsByDatacenter = new Map(props.datacenters.map((dc) => [dc.name, dc.seeds
      ?? defaultSeeds(props.name, dc.name, dc.namespace ?? props.namespace, dc.clusterDomain ?? DEFAULT_CLUSTER_DOMAIN, dc.racks)]));
    const datacenters: ScyllaDatacenter[] = [];
    props.datacenters.forEach((dc, i) => {
      datacenters.push(new ScyllaDatacenter(this, dc.name, dc, datacenters[i - 1], i < props.datacenters.length - 1));
    });
    this.datacenters = datacenters;
    recordFact(this, {
      kind: 'cluster', product: 'ScyllaDB', name: this.name, namespace: this.namespace,
      datacenters: this.datacenters.map((dc) => ({ name: dc.name, namespace: dc.namespace, kubernetes: kubernetesName(dc.provider) })),
      ...(this.caRotation ? { caRotation: { phase: this.caRotation.phase, from: this.caRotation.from.node.path, to: this.caRotation.to.node.path } } : {}),
    });

    addOutput(this, 'EndpointsOutput', 'endpoints', Object.fromEntries(this.datacenters.map((dc) => [dc.name, {
      namespace: dc.namespace,
      cql: dc.cqlEndpoint,
      ...(dc.alternatorUrl ? { alternator: dc.alternatorUrl } : {}),
    }])), 'Per datacenter: CQL (TLS) and Alternator (HTTPS) endpoints inside its Kubernetes cluster');
    if (this.alternator) {
      addOutput(this, 'AlternatorEndpointsOutput', 'alternator_endpoints',
        Object.fromEntries(this.datacenters.map((dc) => [dc.name, dc.alternatorUrl])),
        'Alternator HTTPS endpoint of each datacenter (Alternator does not route between datacenters)');
    }
    addOutput(this, 'CaBundleConfigMapsOutput', 'ca_bundle_configmaps',
      Object.fromEntries(this.datacenters.map((dc) => [dc.name, `${dc.caBundleConfigMap.namespace}/${dc.caBundleConfigMap.name}`])),
      'Per datacenter: the ConfigMap (namespace/name, key ca-bundle.crt) with the CA bundle that verifies every datacenter');
  }

  /**
   * The `externalSeeds` of datacenter `name`: the cluster's external seeds, then the seeds of every datacenter
   * declared before it. The first datacenter bootstraps on its own (or from `externalSeeds`); each later one joins
   * the running ones, which is the order one deploy creates them in, and adding a datacenter to a running cluster
   * leaves the existing ones unchanged.
   */
  public externalSeedsFor(name: string): string[] {
    const earlier: string[] = [];
    for (const [dc, seeds] of this.seedsByDatacenter) {
      if (dc === name) break;
      earlier.push(...seeds);
    }
    return [...this.externalSeeds, ...earlier];
  }

  /** The datacenter named `name`. */
  public datacenter(name: string): ScyllaDatacenter {
    const dc = this.datacenters.find((d) => d.name === name);
    if (!dc) invalid(this, 'datacenter', name, `must be one of ${this.datacenters.map((d) => d.name).join(', ')}`);
    return dc;
  }

  /**
   * Gives an application access: a client certificate from the cluster CA, and in the
   * application's namespace a TLS Secret and a connection ConfigMap.
   */
  public addClient(id: string, options: ScyllaClientOptions): ScyllaClient {
    checkPlainObject(this, `addClient(${JSON.stringify(id)})`, options, 'ScyllaClientOptions { name, namespace, ... }');
    return new ScyllaClient(this, id, { ...options, cluster: this });
  }

  /**
   * Gives many applications access as one {@link ScyllaClientSet}: five `for_each` blocks for all of
   * them instead of five blocks each, with what addClient gives each one; for very large fleets.
   */
  public addClientSet(id: string, options: ScyllaClientSetOptions): ScyllaClientSet {
    checkPlainObject(this, `addClientSet(${JSON.stringify(id)})`, options, 'ScyllaClientSetOptions { clients, ... }');
    return new ScyllaClientSet(this, id, { ...options, cluster: this });
  }
}

/** scylla.yaml without additional settings, by CQL settings: every such cluster of a fleet renders the same text. */
const plainScyllaYaml = new Map<string, string>();

function scyllaYamlOf(cql: ResolvedCql, internode: ResolvedInternode, additional?: { readonly [key: string]: ScyllaConfigValue }): string {
  if (additional !== undefined && Object.keys(additional).length > 0) return renderScyllaYaml(cql, additional, internode);
  const key = JSON.stringify([cql, internode]);
  let yaml = plainScyllaYaml.get(key);
  if (yaml === undefined) plainScyllaYaml.set(key, yaml = renderScyllaYaml(cql, {}, internode));
  return yaml;
}

const CLUSTER_PROPS = [
  'name', 'namespace', 'version', 'datacenters', 'repository', 'agentRepository', 'agentVersion', 'operatorVersion',
  'enableParallelNodeOperations', 'developerMode', 'automaticOrphanedNodeCleanup', 'exposeOptions', 'externalSeeds',
  'forceRedeploymentReason', 'imagePullSecrets', 'podLabels', 'podAnnotations', 'dnsDomains', 'alternator', 'cql',
  'internode', 'ca', 'caRotation', 'clientTrustBundle', 'additionalDnsNames', 'additionalIpAddresses',
  'additionalScyllaConfig', 'adminRole', 'labels',
] as const;

/** An image tag (Docker's grammar), optionally pinned by digest. */
const IMAGE_TAG = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}(@sha256:[a-f0-9]{64})?$/;
/** An image repository: `[registry[:port]/]path`, path components lower-case (Docker's grammar). */
const IMAGE_REPOSITORY = /^([A-Za-z0-9]([-A-Za-z0-9]*[A-Za-z0-9])?(\.[A-Za-z0-9]([-A-Za-z0-9]*[A-Za-z0-9])?)*(:[0-9]{1,5})?\/)?[a-z0-9]+((\.|_|__|-+)[a-z0-9]+)*(\/[a-z0-9]+((\.|_|__|-+)[a-z0-9]+)*)*$/;

function checkImageText(scope: Construct, field: string, value: unknown, pattern: RegExp, what: string): void {
  checkText(scope, field, value, { what, max: 255 });
  if (isLiteral(value) && !pattern.test(value)) invalid(scope, field, value, `must be ${what}`);
}

function checkFlag(scope: Construct, field: string, value: unknown): void {
  if (value !== undefined) checkBoolean(scope, field, value);
}

/** An optional list of strings, each checked by `check`. */
function eachOf(scope: Construct, field: string, value: unknown, what: string, check: (field: string, item: string) => void): void {
  if (value === undefined) return;
  checkArray(scope, field, value, what);
  value.forEach((item, i) => check(`${field}[${i}]`, item as string));
}

/** Every prop, before any resource exists: unknown keys, wrong types, and values the operator or tlsfleet refuse. */
function validateCluster(scope: Construct, props: ScyllaClusterProps): void {
  checkProps(scope, '', props, CLUSTER_PROPS, 'ScyllaClusterProps { name, namespace, version, datacenters, ... }');
  checkClusterName(scope, props.name);
  checkDns1123Label(scope, 'namespace', props.namespace);
  checkImageText(scope, 'version', props.version, IMAGE_TAG, 'a non-empty ScyllaDB image tag such as "2025.1.5"');
  if (props.repository !== undefined) checkImageText(scope, 'repository', props.repository, IMAGE_REPOSITORY, 'an image repository such as "docker.io/scylladb/scylla"');
  if (props.agentRepository !== undefined) {
    checkImageText(scope, 'agentRepository', props.agentRepository, IMAGE_REPOSITORY, 'an image repository such as "docker.io/scylladb/scylla-manager-agent"');
  }
  if (props.agentVersion !== undefined) checkImageText(scope, 'agentVersion', props.agentVersion, IMAGE_TAG, 'a scylla-manager-agent image tag such as "3.5.1"');
  checkFlag(scope, 'developerMode', props.developerMode);
  checkFlag(scope, 'automaticOrphanedNodeCleanup', props.automaticOrphanedNodeCleanup);
  checkArray(scope, 'datacenters', props.datacenters, 'a list of datacenters');
  if (props.datacenters.length === 0) invalid(scope, 'datacenters', props.datacenters, 'must hold at least one datacenter');
  const seen = new Set<string>();
  props.datacenters.forEach((dc, i) => {
    checkDatacenterShape(scope, `datacenters[${i}]`, dc);
    if (seen.has(dc.name)) invalid(scope, `datacenters[${i}].name`, dc.name, 'must be unique within the cluster');
    seen.add(dc.name);
  });
  if (props.exposeOptions !== undefined) validateExposeOptions(scope, 'exposeOptions', props.exposeOptions);
  eachOf(scope, 'externalSeeds', props.externalSeeds, 'a list of addresses', (f, s) => checkSeed(scope, f, s));
  eachOf(scope, 'imagePullSecrets', props.imagePullSecrets, 'a list of Secret names', (f, s) => checkK8sName(scope, f, s));
  checkLabels(scope, 'podLabels', props.podLabels);
  checkAnnotations(scope, 'podAnnotations', props.podAnnotations);
  checkLabels(scope, 'labels', props.labels);
  eachOf(scope, 'dnsDomains', props.dnsDomains, 'a list of DNS domains', (f, d) => {
    checkDnsName(scope, f, d);
    if (isLiteral(d) && (d.startsWith('*') || !d.includes('.'))) {
      invalid(scope, f, d, 'must be a fully qualified domain of at least two labels, without a wildcard (operator webhook)');
    }
  });
  eachOf(scope, 'additionalDnsNames', props.additionalDnsNames, 'a list of DNS names', (f, n) => checkDnsName(scope, f, n));
  eachOf(scope, 'additionalIpAddresses', props.additionalIpAddresses, 'a list of IP addresses', (f, ip) => checkIpAddress(scope, f, ip));
  if (props.adminRole !== undefined && isLiteral(props.adminRole) && !isValidRoleName(props.adminRole)) {
    invalid(scope, 'adminRole', props.adminRole, 'must be a role name of letters, digits, "_", "." and "-" (at most 128 characters)');
  }
  if (props.forceRedeploymentReason !== undefined) checkText(scope, 'forceRedeploymentReason', props.forceRedeploymentReason, { what: 'a non-empty reason' });
  if (props.ca !== undefined) checkCertificateAuthority(scope, 'ca', props.ca);
  if (props.clientTrustBundle !== undefined && !(props.clientTrustBundle instanceof CaBundle)) {
    invalid(scope, 'clientTrustBundle', props.clientTrustBundle, 'must be a CaBundle, such as CaBundle.of(ca, otherCa)');
  }
  if (props.additionalScyllaConfig !== undefined) validateAdditionalConfig(scope, 'additionalScyllaConfig', props.additionalScyllaConfig);
}
