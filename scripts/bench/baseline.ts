// The hand-written baseline of `npm run bench`, as functions: the fleet of scripts/bench/tlsfleet-app.ts
// declared directly with the provider classes, every value written out the way an engineer without
// tlsfleet would. It builds the same construct tree (plain Constructs where tlsfleet has a construct
// of its own), so resource addresses, bodies and outputs come out identical: the driver checks that
// both cdk.tf.json files are byte for byte the same before it reports a time.
import { createHash } from 'node:crypto';
import { Construct } from 'constructs';
import { TerraformOutput, TerraformStack } from 'cdktf';
import { KubernetesProvider } from '@cdktf/provider-kubernetes/lib/provider';
import { ConfigMapV1 } from '@cdktf/provider-kubernetes/lib/config-map-v1';
import { Manifest } from '@cdktf/provider-kubernetes/lib/manifest';
import { SecretV1 } from '@cdktf/provider-kubernetes/lib/secret-v1';
import { TlsProvider } from '@cdktf/provider-tls/lib/provider';
import { PrivateKey } from '@cdktf/provider-tls/lib/private-key';
import { SelfSignedCert } from '@cdktf/provider-tls/lib/self-signed-cert';
import { CertRequest, CertRequestSubject } from '@cdktf/provider-tls/lib/cert-request';
import { LocallySignedCert } from '@cdktf/provider-tls/lib/locally-signed-cert';
import { client, cluster, FleetShape, ORGANIZATION, VERSION } from './fleet';

/** A client's connection ConfigMap data; `name` is the application name (or a for_each key expression). */
export function connectionData(c: BaselineCluster, name: string): Record<string, string> {
  const alternator = `https://${c.host}:8043`;
  return {
    AWS_CA_BUNDLE: '/etc/scylla-client/ca-bundle.crt',
    AWS_ENDPOINT_URL_DYNAMODB: alternator,
    SCYLLA_ALTERNATOR_URL: alternator,
    SCYLLA_CQL_ENDPOINT: `${c.host}:9142`,
    SCYLLA_CQL_HOST: c.host,
    SCYLLA_CQL_PORT: '9142',
    SCYLLA_LOCAL_DATACENTER: 'dc1',
    SCYLLA_ROLE: name,
    SCYLLA_TLS_SECRET: `${name}-scylla-client-tls`,
    'ca-bundle.crt': c.ca.cert.certPem,
  };
}

export const LABELS = { 'app.kubernetes.io/managed-by': 'tlsfleet' };
const SCYLLA_YAML = [
  'authenticator: PasswordAuthenticator',
  'authorizer: CassandraAuthorizer',
  'native_transport_port: 9142',
  'native_shard_aware_transport_port: 19142',
  'native_transport_port_ssl: 9142',
  'native_shard_aware_transport_port_ssl: 19142',
  'client_encryption_options:',
  '  enabled: true',
  '  certificate: /var/run/secrets/tlsfleet/cql-serving/tls.crt',
  '  keyfile: /var/run/secrets/tlsfleet/cql-serving/tls.key',
  '  truststore: /var/run/secrets/tlsfleet/cql-serving/ca.crt',
  '  require_client_auth: true',
  '  priority_string: SECURE128:-VERS-ALL:+VERS-TLS1.3',
  'server_encryption_options:',
  '  internode_encryption: all',
  '  certificate: /var/run/secrets/tlsfleet/internode/tls.crt',
  '  keyfile: /var/run/secrets/tlsfleet/internode/tls.key',
  '  truststore: /var/run/secrets/tlsfleet/internode/ca.crt',
  '  require_client_auth: true',
  '  priority_string: SECURE128:-VERS-ALL:+VERS-TLS1.3',
  'ssl_storage_port: 7001',
  '',
].join('\n');
/** First 16 hex digits of the SHA-256 of SCYLLA_YAML: changing the config rolls the pods. */
const REDEPLOYMENT_REASON = `scylla.yaml sha256:${createHash('sha256').update(SCYLLA_YAML).digest('hex').slice(0, 16)}`;

export interface Ca { readonly key: PrivateKey; readonly cert: SelfSignedCert }
interface Leaf { readonly key: PrivateKey; readonly cert: LocallySignedCert }

/** One cluster as the baseline declares it, up to (not including) its clients. */
export interface BaselineCluster {
  readonly db: Construct;
  readonly ca: Ca;
  readonly id: string;
  readonly name: string;
  readonly namespace: string;
  readonly appNamespace: string;
  readonly host: string;
  readonly firstMember: string;
}

export function newCa(scope: Construct, id: string, subject: CertRequestSubject): Ca {
  const group = new Construct(scope, id);
  const key = new PrivateKey(group, 'Key', { algorithm: 'ECDSA', ecdsaCurve: 'P256' });
  const cert = new SelfSignedCert(group, 'Resource', {
    privateKeyPem: key.privateKeyPem,
    subject: [subject],
    isCaCertificate: true,
    setSubjectKeyId: true,
    allowedUses: ['cert_signing', 'crl_signing'],
    validityPeriodHours: 87600,
    earlyRenewalHours: 8760,
  });
  return { key, cert };
}

function newLeaf(scope: Construct, id: string, ca: Ca, subject: CertRequestSubject, usage: string | string[], dnsNames?: string[]): Leaf {
  const group = new Construct(scope, id);
  const key = new PrivateKey(group, 'Key', { algorithm: 'ECDSA', ecdsaCurve: 'P256' });
  const request = new CertRequest(group, 'Request', { privateKeyPem: key.privateKeyPem, subject: [subject], dnsNames });
  const cert = new LocallySignedCert(group, 'Resource', {
    certRequestPem: request.certRequestPem,
    caCertPem: ca.cert.certPem,
    caPrivateKeyPem: ca.key.privateKeyPem,
    allowedUses: ['digital_signature', ...(Array.isArray(usage) ? usage : [usage])],
    validityPeriodHours: 8760,
    earlyRenewalHours: 720,
    setSubjectKeyId: true,
  });
  return { key, cert };
}

function tlsItems(dir: string): Array<{ key: string; path: string }> {
  return ['tls.crt', 'tls.key', 'ca.crt'].map((key) => ({ key, path: `${dir}/${key}` }));
}

function tlsSecret(scope: Construct, id: string, leaf: Leaf, ca: Ca, namespace: string, name: string): SecretV1 {
  return new SecretV1(new Construct(scope, id), 'Resource', {
    metadata: { name, namespace, labels: LABELS },
    type: 'kubernetes.io/tls',
    data: { 'tls.crt': leaf.cert.certPem, 'tls.key': leaf.key.privateKeyPem, 'ca.crt': ca.cert.certPem },
  });
}

export function output(scope: Construct, id: string, name: string, value: unknown, description: string): void {
  new TerraformOutput(scope, id, { value, description }).overrideLogicalId(name);
}

/** The providers, and the fleet CA when the clusters share one. */
export function declareStack(stack: TerraformStack, shape: FleetShape): Ca | undefined {
  new KubernetesProvider(stack, 'kubernetes', { configPath: '~/.kube/config' });
  new TlsProvider(stack, 'tls');
  return shape.ca === 'shared' ? newCa(stack, 'Ca', { commonName: 'Fleet ScyllaDB CA', organization: ORGANIZATION }) : undefined;
}

/** Cluster `i`: its CA, admin certificate, datacenter objects, ScyllaCluster manifest and outputs. */
export function declareCluster(stack: TerraformStack, i: number, sharedCa: Ca | undefined): BaselineCluster {
  const { id, name, namespace: ns, appNamespace } = cluster(i);
  const db = new Construct(stack, id);
  const ca = sharedCa ?? newCa(db, 'Ca', { commonName: `${name} ScyllaDB CA (tlsfleet)` });
  const admin = newLeaf(db, 'AdminCertificate', ca, { commonName: `${name} cqlsh admin (tlsfleet)` }, 'client_auth');

  const dc = new Construct(db, 'dc1');
  const host = `${name}-client.${ns}.svc`;
  const members = [0, 1, 2].map((m) => `${name}-dc1-r1-${m}`);
  const serving = newLeaf(dc, 'ServingCertificate', ca, { commonName: host }, 'server_auth',
    [`${name}-client`, ...members].flatMap((svc) => [`${svc}.${ns}.svc`, `${svc}.${ns}.svc.cluster.local`]));
  const cqlServing = tlsSecret(dc, 'CqlServingSecret', serving, ca, ns, `${name}-cql-serving-certs`);
  const cqlAdmin = tlsSecret(dc, 'CqlAdminSecret', admin, ca, ns, `${name}-cql-admin-certs`);
  const node = newLeaf(dc, 'InternodeCertificate', ca, { commonName: 'ScyllaDB node (tlsfleet)', organizationalUnit: name }, ['server_auth', 'client_auth'],
    members.flatMap((svc) => [`${svc}.${ns}.svc`, `${svc}.${ns}.svc.cluster.local`]));
  const internode = tlsSecret(dc, 'InternodeSecret', node, ca, ns, `${name}-internode-certs`);
  const alternatorServing = tlsSecret(dc, 'AlternatorServingSecret', serving, ca, ns, `${name}-alternator-local-serving-certs`);
  const scyllaConfig = new ConfigMapV1(dc, 'ScyllaConfig', {
    metadata: { name: `${name}-tlsfleet-config`, namespace: ns, labels: LABELS },
    data: { 'scylla.yaml': SCYLLA_YAML },
  });
  const cqlshrc = new ConfigMapV1(dc, 'Cqlshrc', {
    metadata: { name: `${name}-tlsfleet-cqlshrc`, namespace: ns, labels: LABELS },
    data: {
      cqlshrc: '; Written by tlsfleet. Use: cqlsh --cqlshrc=/var/run/secrets/tlsfleet/cqlsh/cqlshrc\n[connection]\n'
        + `hostname = ${host}\nport = 9142\nssl = true\n\n[ssl]\ncertfile = /var/run/secrets/tlsfleet/cql-admin/ca.crt\n`
        + 'validate = true\nusercert = /var/run/secrets/tlsfleet/cql-admin/tls.crt\nuserkey = /var/run/secrets/tlsfleet/cql-admin/tls.key\n',
    },
  });
  new ConfigMapV1(new Construct(dc, 'CaBundle'), 'Resource', {
    metadata: { name: `${name}-tlsfleet-ca-bundle`, namespace: ns, labels: LABELS },
    data: { 'ca-bundle.crt': ca.cert.certPem },
  });
  new Manifest(dc, 'Resource', {
    manifest: {
      apiVersion: 'scylla.scylladb.com/v1',
      kind: 'ScyllaCluster',
      metadata: { name, namespace: ns, labels: LABELS },
      spec: {
        version: VERSION,
        agentVersion: '3.5.1',
        developerMode: false,
        alternator: {
          writeIsolation: 'always',
          insecureEnableHTTP: false,
          insecureDisableAuthorization: false,
          servingCertificate: { type: 'UserManaged', userManagedOptions: { secretName: `${name}-alternator-local-serving-certs` } },
        },
        datacenter: {
          name: 'dc1',
          racks: [{
            name: 'r1',
            members: 3,
            storage: { capacity: '100Gi' },
            resources: { requests: { cpu: '2', memory: '8Gi' }, limits: { cpu: '2', memory: '8Gi' } },
            agentResources: { requests: { cpu: '200m', memory: '256Mi' }, limits: { cpu: '200m', memory: '256Mi' } },
            scyllaConfig: `${name}-tlsfleet-config`,
            volumes: [{
              name: 'tlsfleet',
              projected: {
                sources: [
                  { secret: { name: `${name}-cql-serving-certs`, items: tlsItems('cql-serving') } },
                  { secret: { name: `${name}-cql-admin-certs`, items: tlsItems('cql-admin') } },
                  { configMap: { name: `${name}-tlsfleet-cqlshrc`, items: [{ key: 'cqlshrc', path: 'cqlsh/cqlshrc' }] } },
                  { secret: { name: `${name}-internode-certs`, items: tlsItems('internode') } },
                ],
              },
            }],
            volumeMounts: [{ name: 'tlsfleet', mountPath: '/var/run/secrets/tlsfleet', readOnly: true }],
          }],
        },
        forceRedeploymentReason: REDEPLOYMENT_REASON,
      },
    },
    fieldManager: { name: 'tlsfleet', forceConflicts: true },
    dependsOn: [cqlServing, cqlAdmin, internode, alternatorServing, scyllaConfig, cqlshrc],
  });

  const alternator = `https://${host}:8043`;
  output(db, 'EndpointsOutput', `${id}_endpoints`, { dc1: { namespace: ns, cql: `${host}:9142`, alternator } },
    'Per datacenter: CQL (TLS) and Alternator (HTTPS) endpoints inside its Kubernetes cluster');
  output(db, 'AlternatorEndpointsOutput', `${id}_alternator_endpoints`, { dc1: alternator },
    'Alternator HTTPS endpoint of each datacenter (Alternator does not route between datacenters)');
  output(db, 'CaBundleConfigMapsOutput', `${id}_ca_bundle_configmaps`, { dc1: `${ns}/${name}-tlsfleet-ca-bundle` },
    'Per datacenter: the ConfigMap (namespace/name, key ca-bundle.crt) with the CA bundle that verifies every datacenter');
  return { db, ca, id, name, namespace: ns, appNamespace, host, firstMember: members[0] };
}

/** Client `j` of a cluster: key, request, certificate, Secret, connection ConfigMap and two outputs. */
export function declareClient(c: BaselineCluster, j: number): void {
  const a = client(j);
  const group = new Construct(c.db, a.id);
  const cert = newLeaf(group, 'Certificate', c.ca,
    { commonName: a.name, organization: ORGANIZATION, organizationalUnit: c.appNamespace }, 'client_auth');
  tlsSecret(group, 'TlsSecret', cert, c.ca, c.appNamespace, `${a.name}-scylla-client-tls`);
  new ConfigMapV1(group, 'Connection', {
    metadata: { name: `${a.name}-scylla-connection`, namespace: c.appNamespace, labels: LABELS },
    data: connectionData(c, a.name),
  });
  output(group, 'AlternatorCredentialsCommandOutput', `${c.id}_${a.id}_alternator_credentials_command`,
    `kubectl --namespace ${c.namespace} exec -it ${c.firstMember} --container scylla -- cqlsh --ssl --cqlshrc=/var/run/secrets/tlsfleet/cqlsh/cqlshrc `
    + `--username cassandra --execute "SELECT salted_hash FROM system.roles WHERE role = '${a.name}'"`,
    `Prints the Alternator secret key of role ${a.name} (its salted_hash; access key = role name). Asks for the cassandra password.`);
  output(group, 'ConnectionOutput', `${c.id}_${a.id}_connection`, {
    namespace: c.appNamespace,
    connection_configmap: `${a.name}-scylla-connection`,
    tls_secret: `${a.name}-scylla-client-tls`,
    datacenter: 'dc1',
    cql: `${c.host}:9142`,
    alternator: `https://${c.host}:8043`,
  }, `Where application ${a.name} finds its ScyllaDB connection settings and client certificate`);
}
