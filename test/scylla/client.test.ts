import { KubernetesProvider } from '@cdktf/provider-kubernetes/lib/provider';
import {
  AlternatorCertificateSource, KeyAlgorithm, ScyllaClient, ScyllaCluster, TlsfleetValidationError,
} from '../../constructs';
import { minimalProps, RACK, synthCluster } from './fixtures';
import { k8sObject, newStack, resourceAt, synth, validationError } from '../helpers/synth';

describe('ScyllaClient defaults (cluster.addClient)', () => {
  let client!: ScyllaClient;
  const { json } = synthCluster(minimalProps({ alternator: {} }), (cluster) => {
    client = cluster.addClient('Orders', { name: 'orders', namespace: 'orders' });
  });

  test('issues a client certificate from the cluster CA with CN = role', () => {
    const cert = resourceAt(json, 'tls_locally_signed_cert', 'Db/Orders/Certificate/Resource');
    expect(cert.allowed_uses).toContain('client_auth');
    expect(cert.ca_cert_pem).toMatch(/tls_self_signed_cert\.Db_Ca_/);
    expect(resourceAt(json, 'tls_cert_request', 'Db/Orders/Certificate/Request').subject).toEqual([{ common_name: 'orders' }]);
    expect(client.certificate.subjectOneline).toBe('/CN=orders');
  });

  test('writes a kubernetes.io/tls Secret with tls.crt, tls.key and ca.crt in the application namespace', () => {
    const secret = k8sObject(json, 'kubernetes_secret_v1', 'orders-scylla-client-tls', 'orders');
    expect(secret.type).toBe('kubernetes.io/tls');
    expect(Object.keys(secret.data).sort()).toEqual(['ca.crt', 'tls.crt', 'tls.key']);
    expect(secret.data['ca.crt']).toMatch(/tls_self_signed_cert\.Db_Ca_/);
  });

  test('writes a connection ConfigMap with endpoints, the CA bundle and the AWS SDK variables', () => {
    const config = k8sObject(json, 'kubernetes_config_map_v1', 'orders-scylla-connection', 'orders');
    expect(config.data).toEqual({
      AWS_CA_BUNDLE: '/etc/scylla-client/ca-bundle.crt',
      AWS_ENDPOINT_URL_DYNAMODB: 'https://db-client.scylla.svc:8043',
      SCYLLA_ALTERNATOR_URL: 'https://db-client.scylla.svc:8043',
      SCYLLA_CQL_ENDPOINT: 'db-client.scylla.svc:9142',
      SCYLLA_CQL_HOST: 'db-client.scylla.svc',
      SCYLLA_CQL_PORT: '9142',
      SCYLLA_LOCAL_DATACENTER: 'dc1',
      SCYLLA_ROLE: 'orders',
      SCYLLA_TLS_SECRET: 'orders-scylla-client-tls',
      'ca-bundle.crt': expect.stringMatching(/^\$\{tls_self_signed_cert\.Db_Ca_[0-9A-F]+\.cert_pem\}$/),
    });
    expect(config.metadata.labels).toEqual({ 'app.kubernetes.io/managed-by': 'tlsfleet' });
  });

  test('outputs the connection and the exact command that reads the Alternator secret key', () => {
    expect(json.output.Db_Orders_connection.value).toEqual({
      namespace: 'orders', connection_configmap: 'orders-scylla-connection', tls_secret: 'orders-scylla-client-tls',
      datacenter: 'dc1', cql: 'db-client.scylla.svc:9142', alternator: 'https://db-client.scylla.svc:8043',
    });
    expect(json.output.Db_Orders_alternator_credentials_command.value).toBe(
      'kubectl --namespace scylla exec -it db-dc1-r1-0 --container scylla -- cqlsh --ssl --cqlshrc=/var/run/secrets/tlsfleet/cqlsh/cqlshrc '
      + '--username cassandra --execute "SELECT salted_hash FROM system.roles WHERE role = \'orders\'"');
  });

  test('no output carries a secret value, so none needs to be sensitive', () => {
    const outputs = JSON.stringify(json.output);
    expect(outputs).not.toMatch(/private_key|\$\{/);
    for (const output of Object.values<any>(json.output)) expect(output.sensitive).toBeUndefined();
  });
});

describe('ScyllaClient options', () => {
  test('role, subject, mount path, key algorithm, validity and labels', () => {
    const { json } = synthCluster(minimalProps({ alternator: {}, adminRole: 'dba' }), (cluster) => {
      cluster.addClient('Billing', {
        name: 'billing', namespace: 'billing', role: 'billing_svc', mountPath: '/run/db',
        subject: { commonName: 'billing', organization: 'Example' },
        keyAlgorithm: KeyAlgorithm.ECDSA_P384, validityHours: 2160, earlyRenewalHours: 240, labels: { team: 'pay' },
      });
    });
    const config = k8sObject(json, 'kubernetes_config_map_v1', 'billing-scylla-connection', 'billing');
    expect(config.data.SCYLLA_ROLE).toBe('billing_svc');
    expect(config.data.AWS_CA_BUNDLE).toBe('/run/db/ca-bundle.crt');
    expect(config.metadata.labels).toEqual({ 'app.kubernetes.io/managed-by': 'tlsfleet', team: 'pay' });
    expect(resourceAt(json, 'tls_private_key', 'Db/Billing/Certificate/Key').ecdsa_curve).toBe('P384');
    expect(resourceAt(json, 'tls_locally_signed_cert', 'Db/Billing/Certificate/Resource')).toMatchObject({ validity_period_hours: 2160, early_renewal_hours: 240 });
    expect(resourceAt(json, 'tls_cert_request', 'Db/Billing/Certificate/Request').subject).toEqual([{ common_name: 'billing', organization: 'Example' }]);
    expect(json.output.Db_Billing_alternator_credentials_command.value)
      .toContain("--username dba --execute \"SELECT salted_hash FROM system.roles WHERE role = 'billing_svc'\"");
  });

  test('a client of another datacenter uses its endpoints, provider and kubectl context', () => {
    const stack = newStack({ kubernetesProvider: true });
    const eu = new KubernetesProvider(stack, 'eu', { alias: 'eu' });
    const us = new KubernetesProvider(stack, 'us', { alias: 'us' });
    const cluster = new ScyllaCluster(stack, 'Db', minimalProps({
      alternator: {},
      datacenters: [
        { name: 'eu', provider: eu, racks: [RACK] },
        { name: 'us', provider: us, racks: [{ ...RACK, name: 'east' }], namespace: 'db-us', kubectlContext: 'us-admin' },
      ],
    }));
    cluster.addClient('Api', { name: 'api', namespace: 'api', datacenter: 'us' });
    const json = synth(stack);
    const config = k8sObject(json, 'kubernetes_config_map_v1', 'api-scylla-connection', 'api');
    expect(config.provider).toBe('kubernetes.us');
    expect(config.data).toMatchObject({ SCYLLA_CQL_HOST: 'db-client.db-us.svc', SCYLLA_LOCAL_DATACENTER: 'us' });
    expect(k8sObject(json, 'kubernetes_secret_v1', 'api-scylla-client-tls', 'api').provider).toBe('kubernetes.us');
    expect(json.output.Db_Api_alternator_credentials_command.value)
      .toMatch(/^kubectl --context us-admin --namespace db-us exec -it db-us-east-0 --container scylla -- /);
  });

  test('an explicit provider overrides the datacenter one', () => {
    const stack = newStack({ kubernetesProvider: true });
    const apps = new KubernetesProvider(stack, 'apps', { alias: 'apps' });
    const cluster = new ScyllaCluster(stack, 'Db', minimalProps());
    cluster.addClient('Api', { name: 'api', namespace: 'api', provider: apps });
    expect(k8sObject(synth(stack), 'kubernetes_config_map_v1', 'api-scylla-connection').provider).toBe('kubernetes.apps');
  });

  test('without Alternator: no Alternator keys and no credentials command', () => {
    const { json } = synthCluster(minimalProps(), (c) => c.addClient('Orders', { name: 'orders', namespace: 'orders' }));
    const data = k8sObject(json, 'kubernetes_config_map_v1', 'orders-scylla-connection').data;
    expect(Object.keys(data).filter((k) => /ALTERNATOR|AWS_/.test(k))).toEqual([]);
    expect(json.output).not.toHaveProperty('Db_Orders_alternator_credentials_command');
  });

  test('with an operator-managed Alternator certificate the bundle cannot verify Alternator: name the operator CA instead', () => {
    const { json } = synthCluster(minimalProps({ alternator: { certificateSource: AlternatorCertificateSource.OPERATOR_MANAGED } }),
      (c) => c.addClient('Orders', { name: 'orders', namespace: 'orders' }));
    const data = k8sObject(json, 'kubernetes_config_map_v1', 'orders-scylla-connection').data;
    expect(data).not.toHaveProperty('AWS_CA_BUNDLE');
    expect(data.SCYLLA_ALTERNATOR_CA_CONFIGMAP).toBe('scylla/db-alternator-local-serving-ca');
  });

  test('can be created directly with new ScyllaClient', () => {
    const stack = newStack({ kubernetesProvider: true });
    const cluster = new ScyllaCluster(stack, 'Db', minimalProps());
    const client = new ScyllaClient(stack, 'Reporting', { cluster, name: 'reporting', namespace: 'reporting' });
    expect(client.datacenter.name).toBe('dc1');
    expect(synth(stack).output.Reporting_connection.value.connection_configmap).toBe('reporting-scylla-connection');
  });
});

describe('ScyllaClient validation', () => {
  function clientError(options: Record<string, unknown>): TlsfleetValidationError {
    const cluster = new ScyllaCluster(newStack({ kubernetesProvider: true }), 'Db', minimalProps());
    return validationError(() => cluster.addClient('App', { name: 'app', namespace: 'app', ...options }));
  }

  test.each([
    ['name', { name: 'App_1' }, 'App_1'],
    ['name', { name: 'a'.repeat(41) }, 'a'.repeat(41)],
    ['namespace', { namespace: 'Apps' }, 'Apps'],
    ['role', { role: "app'; DROP ROLE cassandra; --" }, "app'; DROP ROLE cassandra; --"],
    ['role', { role: 'app role' }, 'app role'],
    ['datacenter', { datacenter: 'dc9' }, 'dc9'],
    ['mountPath', { mountPath: 'relative/dir' }, 'relative/dir'],
    ['mountPath', { mountPath: '/etc/scylla/' }, '/etc/scylla/'],
  ] as const)('rejects a bad %s', (field, options, value) => {
    const err = clientError(options);
    expect(err).toMatchObject({ constructPath: 'test/Db/App', field, value });
  });

  test('rejects a second client with the same Secret in the same namespace', () => {
    const cluster = new ScyllaCluster(newStack({ kubernetesProvider: true }), 'Db', minimalProps());
    cluster.addClient('A', { name: 'app', namespace: 'apps' });
    const err = validationError(() => cluster.addClient('B', { name: 'app', namespace: 'apps' }));
    expect(err.message).toContain('must be unique per Secret and namespace');
  });
});
