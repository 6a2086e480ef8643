import { Construct } from 'constructs';
import { ConfigMapV1, Fn, KubernetesProvider, SecretV1 } from '../core/cdktf';
import { invalid } from '../core/errors';
import { checkLabels, MANAGED_BY_LABELS as MANAGED_BY } from '../core/kubernetes-metadata';
import { claimObjectName } from '../core/object-names';
import { checkProps } from '../core/props';
import { checkDns1123Label, checkText, isLiteral } from '../core/validate';
import { CA_BUNDLE_KEY } from '../pki';
import { sortedCopy } from '../scylla/expose';
import { recordFact } from '../core/facts';
import { kubernetesName } from '../core/facts';
import { CLOUD_ALTERNATOR_HTTPS_PORT, CLOUD_CQL_TLS_PORT, IScyllaCloudCluster, ScyllaCloudClientOptions } from './contracts';

/** The default directory where an application mounts its connection ConfigMap. */
export const DEFAULT_CLOUD_CLIENT_MOUNT_PATH = '/etc/scylla-cloud-client';

export interface ScyllaCloudClientProps extends ScyllaCloudClientOptions {
  readonly cluster: IScyllaCloudCluster;
}

const CLOUD_CLIENT_PROPS = ['cluster', 'name', 'namespace', 'provider', 'mountPath', 'labels'] as const;

/**
 * An application's access to a {@link ScyllaCloudCluster}: in its namespace, a connection ConfigMap (CQL seeds on 9142,
 * Alternator endpoints on 8043, the AWS SDK variables, and the cluster CA as `ca-bundle.crt`, known only at apply)
 * and a Secret with the CQL credentials (never an output).
 */
export class ScyllaCloudClient extends Construct {
  public readonly name: string;
  public readonly namespace: string;
  public readonly connectionConfigMap: ConfigMapV1;
  public readonly credentialsSecret: SecretV1;

  constructor(scope: IScyllaCloudCluster, id: string, props: ScyllaCloudClientProps) {
    super(scope, id);
    checkProps(this, '', props, CLOUD_CLIENT_PROPS, 'ScyllaCloudClientProps { cluster, name, namespace, provider?, mountPath?, labels? }');
    const c: unknown = props.cluster;
    if (!Construct.isConstruct(c) || typeof (c as Partial<IScyllaCloudCluster>).resource !== 'object' || typeof (c as Partial<IScyllaCloudCluster>).cqlAuth !== 'object') {
      invalid(this, 'cluster', c, 'must be a ScyllaCloudCluster');
    }
    checkDns1123Label(this, 'name', props.name);
    checkDns1123Label(this, 'namespace', props.namespace);
    const mountPath = props.mountPath ?? DEFAULT_CLOUD_CLIENT_MOUNT_PATH;
    checkText(this, 'mountPath', mountPath, { what: 'an absolute directory path' });
    if (isLiteral(mountPath) && !/^\/[A-Za-z0-9._/-]*[A-Za-z0-9._-]$/.test(mountPath)) {
      invalid(this, 'mountPath', mountPath, 'must be an absolute directory path of letters, digits, ".", "_", "-" and "/", without a trailing "/"');
    }
    if (props.provider !== undefined && !(props.provider instanceof KubernetesProvider)) invalid(this, 'provider', props.provider, 'must be a KubernetesProvider');
    checkLabels(this, 'labels', props.labels);
    this.name = props.name;
    this.namespace = props.namespace;
    const cluster = props.cluster;
    const labels = { ...props.labels, ...MANAGED_BY };

    // The seeds come as one comma-joined string of DNS names; nodes as a set, sorted so the first endpoint is stable.
    const seeds = Fn.join(',', Fn.formatlist(`%s:${CLOUD_CQL_TLS_PORT}`, [Fn.split(',', cluster.cqlAuth.seeds)]));
    const connection: Record<string, string> = {
      SCYLLA_CQL_SEEDS: seeds,
      SCYLLA_CQL_PORT: String(CLOUD_CQL_TLS_PORT),
      SCYLLA_LOCAL_DATACENTER: cluster.resource.datacenter,
      SCYLLA_CREDENTIALS_SECRET: `${this.name}-scylla-cloud-cql-auth`,
    };
    if (cluster.alternator) {
      const nodes = Fn.sort(cluster.resource.nodeDnsNames);
      connection.SCYLLA_ALTERNATOR_URLS = Fn.join(',', Fn.formatlist(`https://%s:${CLOUD_ALTERNATOR_HTTPS_PORT}`, [nodes]));
      connection.AWS_ENDPOINT_URL_DYNAMODB = `https://${Fn.element(nodes, 0)}:${CLOUD_ALTERNATOR_HTTPS_PORT}`;
      connection.AWS_CA_BUNDLE = `${mountPath}/${CA_BUNDLE_KEY}`;
    }
    const configMapName = `${this.name}-scylla-cloud-connection`;
    claimObjectName(this, 'name', { kind: 'ConfigMap', namespace: this.namespace, name: configMapName, provider: props.provider });
    this.connectionConfigMap = new ConfigMapV1(this, 'Connection', {
      provider: props.provider,
      metadata: { name: configMapName, namespace: this.namespace, labels },
      // A PEM that ends in exactly one newline, whatever the API returns.
      data: { ...sortedCopy(connection), [CA_BUNDLE_KEY]: Fn.format('%s\n', [Fn.trimspace(cluster.resource.caCertificate)]) },
    });
    recordFact(this, {
      kind: 'delivery', object: 'ConfigMap', namespace: this.namespace, name: configMapName, kubernetes: kubernetesName(props.provider),
      certificates: [], authorities: [`${cluster.node.path} (ScyllaDB Cloud CA)`], carriesPrivateKey: false, resource: this.connectionConfigMap,
    });

    const secretName = `${this.name}-scylla-cloud-cql-auth`;
    claimObjectName(this, 'name', { kind: 'Secret', namespace: this.namespace, name: secretName, provider: props.provider });
    this.credentialsSecret = new SecretV1(this, 'Credentials', {
      provider: props.provider,
      metadata: { name: secretName, namespace: this.namespace, labels },
      type: 'kubernetes.io/basic-auth',
      data: { username: cluster.cqlAuth.username, password: cluster.cqlAuth.password },
    });
  }
}
