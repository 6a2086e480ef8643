import { Construct } from 'constructs';
import { ConfigMapV1, KubernetesProvider } from '../core/cdktf';
import { invalid } from '../core/errors';
import { claimObjectName } from '../core/object-names';
import { checkDns1123Label, isLiteral } from '../core/validate';
import { CA_BUNDLE_KEY, ClientCertificate, TlsSecret, TlsSecretLayout } from '../pki';
import { AlternatorCertificateSource } from './alternator';
import { IScyllaClient, IScyllaCluster, IScyllaDatacenter, ScyllaClientOptions } from './contracts';
import { CQL_TLS_PORT, CQLSHRC_FILE, isValidRoleName, MOUNTS, operatorAlternatorCaConfigMapName } from './names';
import { MANAGED_BY_LABELS as MANAGED_BY } from '../core/kubernetes-metadata';
import { recordFact } from '../core/facts';
import { kubernetesName } from '../core/facts';
import { addOutput } from './private/outputs';

/** The default directory where an application mounts its connection ConfigMap. */
export const DEFAULT_CLIENT_MOUNT_PATH = '/etc/scylla-client';

export interface ScyllaClientProps extends ScyllaClientOptions {
  /** The cluster to connect to. */
  readonly cluster: IScyllaCluster;
}

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
    const cluster = props.cluster;
    checkDns1123Label(this, 'name', props.name, 40);
    checkDns1123Label(this, 'namespace', props.namespace);
    this.name = props.name;
    this.namespace = props.namespace;
    this.role = props.role ?? props.name;
    if (isLiteral(this.role) && !isValidRoleName(this.role)) {
      invalid(this, 'role', this.role, 'must be a role name of letters, digits, "_", "." and "-" (at most 128 characters)');
    }
    const dcName = props.datacenter ?? cluster.datacenters[0].name;
    const dc = cluster.datacenters.find((d) => d.name === dcName);
    if (!dc) invalid(this, 'datacenter', dcName, `must be one of the cluster's datacenters: ${cluster.datacenters.map((d) => d.name).join(', ')}`);
    this.datacenter = dc;
    this.provider = props.provider ?? dc.provider;
    this.mountPath = props.mountPath ?? DEFAULT_CLIENT_MOUNT_PATH;
    if (isLiteral(this.mountPath) && !/^\/[^\0]*[^/]$/.test(this.mountPath)) {
      invalid(this, 'mountPath', this.mountPath, 'must be an absolute directory path without a trailing "/"');
    }
    const labels = { ...props.labels, ...MANAGED_BY };

    this.certificate = new ClientCertificate(this, 'Certificate', {
      holders: [{ namespace: this.namespace, provider: this.provider, description: `ScyllaDB client ${this.name} (role ${this.role})` }],
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
      namespace: this.namespace, name: `${this.name}-scylla-client-tls`, provider: this.provider, labels,
    });

    const connection: Record<string, string> = {
      SCYLLA_CQL_HOST: dc.clientHost,
      SCYLLA_CQL_PORT: String(CQL_TLS_PORT),
      SCYLLA_CQL_ENDPOINT: dc.cqlEndpoint,
      SCYLLA_LOCAL_DATACENTER: dc.name,
      SCYLLA_ROLE: this.role,
      SCYLLA_TLS_SECRET: this.tlsSecret.name,
    };
    if (dc.alternatorUrl) {
      connection.SCYLLA_ALTERNATOR_URL = dc.alternatorUrl;
      connection.AWS_ENDPOINT_URL_DYNAMODB = dc.alternatorUrl;
      if (cluster.alternator?.certificateSource === AlternatorCertificateSource.TLSFLEET) {
        connection.AWS_CA_BUNDLE = `${this.mountPath}/${CA_BUNDLE_KEY}`;
      } else {
        // The operator's own CA signs Alternator's certificate; the tlsfleet bundle cannot verify it.
        connection.SCYLLA_ALTERNATOR_CA_CONFIGMAP = `${dc.namespace}/${operatorAlternatorCaConfigMapName(cluster.name)}`;
      }
    }
    this.connection = connection;
    this.connectionConfigMapName = `${this.name}-scylla-connection`;
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

    if (cluster.alternator) {
      this.alternatorCredentialsCommand = credentialsCommand(cluster, dc, this.role);
      addOutput(this, 'AlternatorCredentialsCommandOutput', 'alternator_credentials_command', this.alternatorCredentialsCommand,
        `Prints the Alternator secret key of role ${this.role} (its salted_hash; access key = role name). Asks for the ${cluster.adminRole} password.`);
    }
    addOutput(this, 'ConnectionOutput', 'connection', {
      namespace: this.namespace,
      connection_configmap: this.connectionConfigMapName,
      tls_secret: this.tlsSecret.name,
      datacenter: dc.name,
      cql: dc.cqlEndpoint,
      ...(dc.alternatorUrl ? { alternator: dc.alternatorUrl } : {}),
    }, `Where application ${this.name} finds its ScyllaDB connection settings and client certificate`);
  }
}

/** In-pod cqlsh, over TLS with the mounted admin certificate; prompts for the admin password, so no secret is in the command. */
function credentialsCommand(cluster: IScyllaCluster, dc: IScyllaDatacenter, role: string): string {
  const context = dc.kubectlContext ? `--context ${dc.kubectlContext} ` : '';
  return `kubectl ${context}--namespace ${dc.namespace} exec -it ${dc.firstMemberName} --container scylla -- `
    + `cqlsh --ssl --cqlshrc=${MOUNTS.cqlshrc.path}/${CQLSHRC_FILE} --username ${cluster.adminRole} `
    + `--execute "SELECT salted_hash FROM system.roles WHERE role = '${role}'"`;
}

function sorted(map: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.keys(map).sort().map((k) => [k, map[k]]));
}
