// A prototype for the README's evaluation of Terraform for_each, outside the library: the baseline
// fleet (scripts/bench/baseline.ts), except that each cluster's per-client resources are five
// blocks with `for_each` over its applications (addresses such as
// tls_locally_signed_cert.Db0000_Clients_Certificate_<hash>["app00"]) instead of five blocks per
// client. The per-client outputs stay literal, one pair per client as in tlsfleet. Terraform expands
// it to the same resource instances; the JSON is not comparable byte for byte with the other two.
// `BENCH_FOREACH=1 npm run bench` times it next to the baseline.
import { Construct } from 'constructs';
import { App, TerraformIterator, TerraformStack } from 'cdktf';
import { ConfigMapV1 } from '@cdktf/provider-kubernetes/lib/config-map-v1';
import { SecretV1 } from '@cdktf/provider-kubernetes/lib/secret-v1';
import { PrivateKey } from '@cdktf/provider-tls/lib/private-key';
import { CertRequest } from '@cdktf/provider-tls/lib/cert-request';
import { LocallySignedCert } from '@cdktf/provider-tls/lib/locally-signed-cert';
import { BaselineCluster, connectionData, declareCluster, declareStack, LABELS, output } from './baseline';
import { client, fleetShape, ORGANIZATION, phase, STACK } from './fleet';

phase('loaded');

function declareClients(c: BaselineCluster, count: number): void {
  const apps = Array.from({ length: count }, (_, j) => client(j));
  const each = TerraformIterator.fromMap(Object.fromEntries(apps.map((a) => [a.name, { ou: c.appNamespace }])));
  const group = new Construct(c.db, 'Clients');
  const key = new PrivateKey(group, 'Key', { forEach: each, algorithm: 'ECDSA', ecdsaCurve: 'P256' });
  const request = new CertRequest(group, 'Request', {
    forEach: each,
    privateKeyPem: `\${${key.fqn}[each.key].private_key_pem}`,
    subject: [{ commonName: '${each.key}', organization: ORGANIZATION, organizationalUnit: each.getString('ou') }],
  });
  const cert = new LocallySignedCert(group, 'Certificate', {
    forEach: each,
    certRequestPem: `\${${request.fqn}[each.key].cert_request_pem}`,
    caCertPem: c.ca.cert.certPem,
    caPrivateKeyPem: c.ca.key.privateKeyPem,
    allowedUses: ['digital_signature', 'client_auth'],
    validityPeriodHours: 8760,
    earlyRenewalHours: 720,
    setSubjectKeyId: true,
  });
  new SecretV1(group, 'TlsSecret', {
    forEach: each,
    metadata: { name: '${each.key}-scylla-client-tls', namespace: c.appNamespace, labels: LABELS },
    type: 'kubernetes.io/tls',
    data: { 'tls.crt': `\${${cert.fqn}[each.key].cert_pem}`, 'tls.key': `\${${key.fqn}[each.key].private_key_pem}`, 'ca.crt': c.ca.cert.certPem },
  });
  new ConfigMapV1(group, 'Connection', {
    forEach: each,
    metadata: { name: '${each.key}-scylla-connection', namespace: c.appNamespace, labels: LABELS },
    data: connectionData(c, '${each.key}'),
  });
  for (const a of apps) {
    const scope = new Construct(c.db, a.id);
    output(scope, 'AlternatorCredentialsCommandOutput', `${c.id}_${a.id}_alternator_credentials_command`,
      `kubectl --namespace ${c.namespace} exec -it ${c.firstMember} --container scylla -- cqlsh --ssl --cqlshrc=/var/run/secrets/tlsfleet/cqlsh/cqlshrc `
      + `--username cassandra --execute "SELECT salted_hash FROM system.roles WHERE role = '${a.name}'"`,
      `Prints the Alternator secret key of role ${a.name} (its salted_hash; access key = role name). Asks for the cassandra password.`);
    output(scope, 'ConnectionOutput', `${c.id}_${a.id}_connection`, {
      namespace: c.appNamespace, connection_configmap: `${a.name}-scylla-connection`, tls_secret: `${a.name}-scylla-client-tls`,
      datacenter: 'dc1', cql: `${c.host}:9142`, alternator: `https://${c.host}:8043`,
    }, `Where application ${a.name} finds its ScyllaDB connection settings and client certificate`);
  }
}

const shape = fleetShape();
const app = new App();
const stack = new TerraformStack(app, STACK);
const sharedCa = declareStack(stack, shape);
for (let i = 0; i < shape.clusters; i++) declareClients(declareCluster(stack, i, sharedCa), shape.clientsPerCluster);
phase('built');
app.synth();
phase('synthesized');
