import { Construct, IConstruct } from 'constructs';
import { ConfigMapV1, KubernetesProvider } from '../core/cdktf';
import { invalid } from '../core/errors';
import { claimObjectName } from '../core/object-names';
import { checkProps } from '../core/props';
import { shellWord } from '../core/shell';
import { checkDns1123Label, checkHours, checkText, isLiteral } from '../core/validate';
import { CA_BUNDLE_KEY, ClientCertificate, SUBJECT_ORDER, TlsSecret, TlsSecretLayout } from '../pki';
import { checkKeyAlgorithm } from '../pki/key-algorithm';
import { AlternatorCertificateSource } from './alternator';
import { IScyllaClient, IScyllaCluster, IScyllaDatacenter, ScyllaClientOptions } from './contracts';
import { checkKubectlContext } from './datacenter-props';
import { CQL_TLS_PORT, CQLSHRC_FILE, isValidRoleName, MOUNTS, operatorAlternatorCaConfigMapName } from './names';
import { checkLabels, MANAGED_BY_LABELS as MANAGED_BY } from '../core/kubernetes-metadata';
import { recordFact } from '../core/facts';
import { kubernetesName } from '../core/facts';
import { addOutput } from '../core/outputs';

/** The default directory where an application mounts its connection ConfigMap. */
export const DEFAULT_CLIENT_MOUNT_PATH = '/etc/scylla-client';

export interface ScyllaClientProps extends ScyllaClientOptions {
  /** The cluster to connect to. */
  readonly cluster: IScyllaCluster;
}

const CLIENT_PROPS = [
  'cluster', 'name', 'namespace', 'role', 'datacenter', 'provider', 'subject', 'mountPath', 'keyAlgorithm', 'validityHours',
  'earlyRenewalHours', 'labels',
] as const;

/**
 * An application's access to a {@link ScyllaCluster}: a client certificate from the cluster CA,
 * a `kubernetes.io/tls` Secret (`tls.crt`, `tls.key`, `ca.crt`) and a connection ConfigMap with
 * the endpoints, the CA bundle and the AWS SDK variables for Alternator, all in the application's
 * namespace. Usually created with `cluster.addClient()`.
 */
export class ScyllaClient extends Construct implements IScyllaClient {
  public readonly name: string;
  public readonly namespace: string;
  public readonly role: string;
  public readonly datacenter: IScyllaDatacenter;
  public readonly provider?: KubernetesProvider;
  public readonly mountPath: string;
  public readonly certificate: ClientCertificate;
  public readonly tlsSecret: TlsSecret;
  /** Name of the connection ConfigMap. */
  public readonly connectionConfigMapName: string;
  public readonly connectionConfigMap: ConfigMapV1;
  /** The connection ConfigMap's data (every value is public). */
  public readonly connection: Readonly<Record<string, string>>;
  /** The command that prints the role's Alternator secret key (its salted_hash), when Alternator is on. */
  public readonly alternatorCredentialsCommand?: string;

  constructor(scope: Construct, id: string, props: ScyllaClientProps) {
    super(scope, id);
    validateClient(this, props);
    const cluster = props.cluster;
    this.name = props.name;
    this.namespace = props.namespace;
    this.role = props.role ?? props.name;
    const dcName = props.datacenter ?? cluster.datacenters[0].name;
    const dc = cluster.datacenters.find((d) => d.name === dcName);
    if (!dc) invalid(this, 'datacenter', dcName, `must be one of the cluster's datacenters: ${cluster.datacenters.map((d) => d.name).join(', ')}`);
    this.datacenter = dc;
    this.provider = props.provider ?? dc.provider;
    this.mountPath = props.mountPath ?? DEFAULT_CLIENT_MOUNT_PATH;
    this.alternatorCredentialsCommand = cluster.alternator ? credentialsCommand(this, '', cluster, dc, this.role) : undefined;
    const labels = { ...props.labels, ...MANAGED_BY };

    this.certificate = new ClientCertificate(this, 'Certificate', {
      holders: [{ namespace: this.namespace, provider: this.provider, description: clientHolderDescription(this.name, this.role) }],
      ca: cluster.ca,
      subject: props.subject ?? { commonName: this.role },
      trustBundle: cluster.serverTrustBundle,
      keyAlgorithm: props.keyAlgorithm,
      validityHours: props.validityHours,
      earlyRenewalHours: props.earlyRenewalHours,
    });
    this.tlsSecret = new TlsSecret(this, 'TlsSecret', {
      certificate: this.certificate,
      layout: TlsSecretLayout.KUBERNETES,
      namespace: this.namespace, name: clientTlsSecretName(this.name), provider: this.provider, labels,
    });

    const connection = connectionOf(cluster, dc, this.role, this.tlsSecret.name, this.mountPath);
    this.connection = connection;
    this.connectionConfigMapName = clientConnectionConfigMapName(this.name);
    claimObjectName(this, 'name', { kind: 'ConfigMap', namespace: this.namespace, name: this.connectionConfigMapName, provider: this.provider });
    this.connectionConfigMap = new ConfigMapV1(this, 'Connection', {
      provider: this.provider,
      metadata: { name: this.connectionConfigMapName, namespace: this.namespace, labels },
      data: { ...sorted(connection), [CA_BUNDLE_KEY]: cluster.serverTrustBundle.pem },
    });
    recordFact(this, {
      kind: 'delivery', object: 'ConfigMap', namespace: this.namespace, name: this.connectionConfigMapName, kubernetes: kubernetesName(this.provider),
      certificates: [], authorities: cluster.serverTrustBundle.authorities.map((a) => a.node.path), carriesPrivateKey: false, resource: this.connectionConfigMap,
    });

    if (this.alternatorCredentialsCommand !== undefined) {
      addOutput(this, 'AlternatorCredentialsCommandOutput', 'alternator_credentials_command', this.alternatorCredentialsCommand,
        credentialsCommandDescription(this.role, cluster.adminRole));
    }
    addOutput(this, 'ConnectionOutput', 'connection', connectionOutputValue(this.namespace, this.connectionConfigMapName, this.tlsSecret.name, dc),
      connectionOutputDescription(this.name));
  }
}

/** The client's TLS Secret: `<name>-scylla-client-tls`. */
export function clientTlsSecretName(name: string): string {
  return `${name}-scylla-client-tls`;
}

/** The client's connection ConfigMap: `<name>-scylla-connection`. */
export function clientConnectionConfigMapName(name: string): string {
  return `${name}-scylla-connection`;
}

/** Who holds a client's key, as the report says it. */
export function clientHolderDescription(name: string, role: string): string {
  return `ScyllaDB client ${name} (role ${role})`;
}

/** The value of a client's `connection` output. */
export function connectionOutputValue(namespace: string, configMap: string, tlsSecret: string, dc: IScyllaDatacenter): Record<string, string> {
  return {
    namespace,
    connection_configmap: configMap,
    tls_secret: tlsSecret,
    datacenter: dc.name,
    cql: dc.cqlEndpoint,
    ...(dc.alternatorUrl ? { alternator: dc.alternatorUrl } : {}),
  };
}

export function connectionOutputDescription(name: string): string {
  return `Where application ${name} finds its ScyllaDB connection settings and client certificate`;
}

export function credentialsCommandDescription(role: string, adminRole: string): string {
  return `Prints the Alternator secret key of role ${role} (its salted_hash; access key = role name). Asks for the ${adminRole} password.`;
}

/** The connection ConfigMap's keys in the order they are written. */
export function sortedConnection(map: Record<string, string>): Record<string, string> {
  return sorted(map);
}

/** Every prop, before any resource exists. */
function validateClient(scope: Construct, props: ScyllaClientProps): void {
  checkProps(scope, '', props, CLIENT_PROPS, 'ScyllaClientProps { cluster, name, namespace, role?, datacenter?, provider?, subject?, mountPath?, keyAlgorithm?, validityHours?, earlyRenewalHours?, labels? }');
  const cluster: unknown = props.cluster;
  const datacenters = (cluster as { datacenters?: unknown } | undefined)?.datacenters;
  if (!Construct.isConstruct(cluster) || !Array.isArray(datacenters) || datacenters.length === 0) {
    invalid(scope, 'cluster', cluster, 'must be a ScyllaCluster or ImportedScyllaCluster');
  }
  checkClientIdentity(scope, '', props);
  if (props.provider !== undefined && !(props.provider instanceof KubernetesProvider)) invalid(scope, 'provider', props.provider, 'must be a KubernetesProvider');
  checkClientMount(scope, '', props);
  checkClientLifetime(scope, props);
  checkLabels(scope, 'labels', props.labels);
}

/** A client's name, namespace and role, also each member's of a client set: `at` prefixes the field names (`clients.orders.`). */
export function checkClientIdentity(scope: Construct, at: string, props: Pick<ScyllaClientOptions, 'name' | 'namespace' | 'role'>): void {
  checkDns1123Label(scope, `${at}name`, props.name, 40);
  checkDns1123Label(scope, `${at}namespace`, props.namespace);
  const role = props.role ?? props.name;
  if (isLiteral(role) && !isValidRoleName(role)) {
    invalid(scope, `${at}role`, role, 'must be a role name of letters, digits, "_", "." and "-" (at most 128 characters)');
  }
}

/** A client's subject keys and mount path, also each member's of a client set. */
export function checkClientMount(scope: Construct, at: string, props: Pick<ScyllaClientOptions, 'subject' | 'mountPath'>): void {
  if (props.subject !== undefined) checkProps(scope, `${at}subject`, props.subject, SUBJECT_ORDER.map((a) => a.field), 'a DistinguishedName { commonName, ... }');
  if (props.mountPath !== undefined) {
    checkText(scope, `${at}mountPath`, props.mountPath, { what: 'an absolute directory path' });
    if (isLiteral(props.mountPath) && !/^\/[^\0]*[^/]$/.test(props.mountPath)) {
      invalid(scope, `${at}mountPath`, props.mountPath, 'must be an absolute directory path without a trailing "/"');
    }
  }
}

/** The key and lifetime options, each when given. */
export function checkClientLifetime(scope: Construct, props: Pick<ScyllaClientOptions, 'keyAlgorithm' | 'validityHours' | 'earlyRenewalHours'>): void {
  if (props.keyAlgorithm !== undefined) checkKeyAlgorithm(scope, 'keyAlgorithm', props.keyAlgorithm);
  if (props.validityHours !== undefined) checkHours(scope, 'validityHours', props.validityHours);
  if (props.earlyRenewalHours !== undefined) checkHours(scope, 'earlyRenewalHours', props.earlyRenewalHours, 0);
}

/**
 * The connection ConfigMap's settings (without the CA bundle) of a client with `role` beside `dc`,
 * its TLS Secret named `tlsSecretName`, the ConfigMap mounted at `mountPath`.
 */
export function connectionOf(cluster: IScyllaCluster, dc: IScyllaDatacenter, role: string, tlsSecretName: string, mountPath: string): Record<string, string> {
  const connection: Record<string, string> = {
    SCYLLA_CQL_HOST: dc.clientHost,
    SCYLLA_CQL_PORT: String(CQL_TLS_PORT),
    SCYLLA_CQL_ENDPOINT: dc.cqlEndpoint,
    SCYLLA_LOCAL_DATACENTER: dc.name,
    SCYLLA_ROLE: role,
    SCYLLA_TLS_SECRET: tlsSecretName,
  };
  if (dc.alternatorUrl) {
    connection.SCYLLA_ALTERNATOR_URL = dc.alternatorUrl;
    connection.AWS_ENDPOINT_URL_DYNAMODB = dc.alternatorUrl;
    if (cluster.alternator?.certificateSource === AlternatorCertificateSource.TLSFLEET) {
      connection.AWS_CA_BUNDLE = `${mountPath}/${CA_BUNDLE_KEY}`;
    } else {
      // The operator's own CA signs Alternator's certificate; the tlsfleet bundle cannot verify it.
      connection.SCYLLA_ALTERNATOR_CA_CONFIGMAP = `${dc.namespace}/${operatorAlternatorCaConfigMapName(cluster.name)}`;
    }
  }
  return connection;
}

/**
 * In-pod cqlsh, over TLS with the mounted admin certificate; prompts for the admin password, so no secret is in the
 * command. It is pasted into a terminal: every value is known at synth and quoted as one shell word.
 */
export function credentialsCommand(scope: IConstruct, at: string, cluster: IScyllaCluster, dc: IScyllaDatacenter, role: string): string {
  const word = (field: string, value: string): string => {
    if (typeof value !== 'string' || !isLiteral(value)) {
      invalid(scope, field === 'role' ? `${at}role` : field, value, 'must be known at synth time with Alternator on: it is pasted into the printed credentials command');
    }
    return shellWord(value);
  };
  word('role', role); // a role name (isValidRoleName): safe inside the CQL string literal and the double quotes
  let context = '';
  if (dc.kubectlContext !== undefined) {
    checkKubectlContext(scope, `cluster.datacenter(${dc.name}).kubectlContext`, dc.kubectlContext); // also checked where declared; another IScyllaCluster may not
    context = `--context ${shellWord(dc.kubectlContext)} `;
  }
  return `kubectl ${context}--namespace ${word(`cluster.datacenter(${dc.name}).namespace`, dc.namespace)} `
    + `exec -it ${word(`cluster.datacenter(${dc.name}).firstMemberName`, dc.firstMemberName)} --container scylla -- `
    + `cqlsh --ssl --cqlshrc=${MOUNTS.cqlshrc.path}/${CQLSHRC_FILE} --username ${word('cluster.adminRole', cluster.adminRole)} `
    + `--execute "SELECT salted_hash FROM system.roles WHERE role = '${role}'"`;
}

function sorted(map: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.keys(map).sort().map((k) => [k, map[k]]));
}
