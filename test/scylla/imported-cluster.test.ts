import { KubernetesProvider } from '@cdktf/provider-kubernetes/lib/provider';
import { TerraformStack, TerraformVariable } from 'cdktf';
import {
  AlternatorCertificateSource, CaBundle, CertificateAuthority, ICertificateAuthority, ImportedScyllaCluster, ImportedScyllaClusterProps,
  IScyllaCluster, KeyAlgorithm, ScyllaClientOptions, ScyllaCluster, ServerCertificate, waive,
} from '../../constructs';
import { makeCaFixtures } from '../pki/openssl-fixtures';
import { minimalProps, RACK } from './fixtures';
import { evaluate, k8sObject, newStack, resourceAt, resources, synth, Synthesized, validationError } from '../helpers/synth';

// An application team's stack gives its application access to a ScyllaDB cluster another team declares.
const { caPem } = makeCaFixtures();

/** The cluster CA as both teams reference it: the organization's literal PEM, the key from a sensitive variable. */
function orgCa(stack: TerraformStack): ICertificateAuthority {
  const key = new TerraformVariable(stack, 'cluster_ca_key', { type: 'string', sensitive: true });
  return CertificateAuthority.fromPem(stack, 'OrgCa', { certificatePem: caPem, privateKeyPem: key.stringValue });
}

function props(ca: ICertificateAuthority, more: Partial<ImportedScyllaClusterProps> = {}): ImportedScyllaClusterProps {
  return { name: 'db', namespace: 'scylla', ca, datacenters: [{ name: 'dc1', firstRack: 'r1' }], ...more };
}

function imported(more: Partial<ImportedScyllaClusterProps> = {}): { stack: TerraformStack; ca: ICertificateAuthority; cluster: ImportedScyllaCluster } {
  const stack = newStack({ kubernetesProvider: true });
  const ca = orgCa(stack);
  return { stack, ca, cluster: new ImportedScyllaCluster(stack, 'Db', props(ca, more)) };
}

describe('ImportedScyllaCluster', () => {
  describe('defaults', () => {
    test('the given identity; servers verified with the CA alone, admin role cassandra, Alternator off', () => {
      const { ca, cluster } = imported();
      const asInterface: IScyllaCluster = cluster;
      expect(asInterface).toMatchObject({ name: 'db', namespace: 'scylla', ca, adminRole: 'cassandra', alternator: undefined });
      expect(cluster.serverTrustBundle.authorities).toEqual([ca]);
    });

    test('each datacenter as its clients reach it: the namespace defaults to the cluster\'s, the first member named after the first rack', () => {
      const { cluster } = imported({ alternator: {}, datacenters: [{ name: 'eu', firstRack: 'a' }, { name: 'us', firstRack: 'east', namespace: 'db-us', kubectlContext: 'us-admin' }] });
      expect(cluster.datacenters).toEqual([
        { name: 'eu', namespace: 'scylla', provider: undefined, kubectlContext: undefined, clientHost: 'db-client.scylla.svc', cqlEndpoint: 'db-client.scylla.svc:9142', alternatorUrl: 'https://db-client.scylla.svc:8043', firstMemberName: 'db-eu-a-0' },
        { name: 'us', namespace: 'db-us', provider: undefined, kubectlContext: 'us-admin', clientHost: 'db-client.db-us.svc', cqlEndpoint: 'db-client.db-us.svc:9142', alternatorUrl: 'https://db-client.db-us.svc:8043', firstMemberName: 'db-us-east-0' },
      ]);
      expect(imported().cluster.datacenters[0].alternatorUrl).toBeUndefined();
    });

    test('creates nothing of the cluster: a stack with only the import synthesizes no resource and no output', () => {
      const json = synth(imported({ alternator: {} }).stack);
      expect(json.resource).toBeUndefined();
      expect(json.output).toBeUndefined();
    });
  });

  describe('what addClient writes', () => {
    test('the client\'s certificate from the cluster CA, its TLS Secret, its connection ConfigMap and outputs, and nothing else', () => {
      const { stack, cluster } = imported({ alternator: {} });
      const client = cluster.addClient('Orders', { name: 'orders', namespace: 'orders' });
      const json = synth(stack);
      expect(resourceAt(json, 'tls_locally_signed_cert', 'Db/Orders/Certificate/Resource')).toMatchObject({
        ca_cert_pem: caPem, ca_private_key_pem: '${var.cluster_ca_key}', allowed_uses: expect.arrayContaining(['client_auth']),
      });
      expect(client.certificate.subjectOneline).toBe('/CN=orders');
      const secret = k8sObject(json, 'kubernetes_secret_v1', 'orders-scylla-client-tls', 'orders');
      expect(secret.type).toBe('kubernetes.io/tls');
      expect(secret.data['ca.crt']).toBe(caPem);
      const config = k8sObject(json, 'kubernetes_config_map_v1', 'orders-scylla-connection', 'orders');
      expect(config.data).toMatchObject({
        SCYLLA_CQL_ENDPOINT: 'db-client.scylla.svc:9142', SCYLLA_ALTERNATOR_URL: 'https://db-client.scylla.svc:8043', AWS_CA_BUNDLE: '/etc/scylla-client/ca-bundle.crt',
        SCYLLA_ROLE: 'orders', 'ca-bundle.crt': caPem,
      });
      expect(json.output.Db_Orders_alternator_credentials_command.value).toBe(
        'kubectl --namespace scylla exec -it db-dc1-r1-0 --container scylla -- cqlsh --ssl --cqlshrc=/var/run/secrets/tlsfleet/cqlsh/cqlshrc '
        + '--username cassandra --execute "SELECT salted_hash FROM system.roles WHERE role = \'orders\'"');
      expect(Object.keys(json.resource).sort()).toEqual(['kubernetes_config_map_v1', 'kubernetes_secret_v1', 'tls_cert_request', 'tls_locally_signed_cert', 'tls_private_key']);
      expect(Object.keys(resources(json, 'kubernetes_secret_v1'))).toHaveLength(1);
      expect(Object.keys(json.output).sort()).toEqual(['Db_Orders_alternator_credentials_command', 'Db_Orders_connection']);
    });

    test('a client of the second datacenter uses its namespace, provider, kubectl context and the given server trust bundle and admin role', () => {
      const stack = newStack({ kubernetesProvider: true });
      const ca = orgCa(stack);
      const serverCa = new CertificateAuthority(stack, 'ServerCa');
      const us = new KubernetesProvider(stack, 'us', { alias: 'us' });
      const cluster = new ImportedScyllaCluster(stack, 'Db', props(ca, {
        alternator: {}, adminRole: 'dba', serverTrustBundle: CaBundle.of(ca, serverCa),
        datacenters: [{ name: 'eu', firstRack: 'a' }, { name: 'us', firstRack: 'east', namespace: 'db-us', provider: us, kubectlContext: 'us-admin' }],
      }));
      cluster.addClient('Api', { name: 'api', namespace: 'api', datacenter: 'us' });
      const json = synth(stack);
      const config = k8sObject(json, 'kubernetes_config_map_v1', 'api-scylla-connection', 'api');
      expect(config.provider).toBe('kubernetes.us');
      expect(config.data).toMatchObject({ SCYLLA_CQL_HOST: 'db-client.db-us.svc', SCYLLA_LOCAL_DATACENTER: 'us' });
      expect(config.data['ca-bundle.crt']).toMatch(/^\$\{join\("", \[/);
      expect(k8sObject(json, 'kubernetes_secret_v1', 'api-scylla-client-tls', 'api').provider).toBe('kubernetes.us');
      expect(json.output.Db_Api_alternator_credentials_command.value)
        .toMatch(/^kubectl --context us-admin --namespace db-us exec -it db-us-east-0 --container scylla -- .* --username dba /);
    });

    test('an operator-managed Alternator certificate: the connection names the operator\'s CA ConfigMap instead of the bundle', () => {
      const { stack, cluster } = imported({ alternator: { certificateSource: AlternatorCertificateSource.OPERATOR_MANAGED } });
      cluster.addClient('Orders', { name: 'orders', namespace: 'orders' });
      const data = k8sObject(synth(stack), 'kubernetes_config_map_v1', 'orders-scylla-connection').data;
      expect(data).not.toHaveProperty('AWS_CA_BUNDLE');
      expect(data.SCYLLA_ALTERNATOR_CA_CONFIGMAP).toBe('scylla/db-alternator-local-serving-ca');
    });

    test('a datacenter the cluster does not have is refused, listing the ones it has', () => {
      const { cluster } = imported();
      expect(validationError(() => cluster.addClient('Api', { name: 'api', namespace: 'api', datacenter: 'us' })).message)
        .toBe('test/Db/Api: `datacenter` must be one of the cluster\'s datacenters: dc1, got "us"');
    });
  });

  describe('a client of the imported cluster is the client of the owned one', () => {
    const same = (options: ScyllaClientOptions): { owned: Synthesized; viaImport: Synthesized } => {
      const ownedStack = newStack({ kubernetesProvider: true });
      new ScyllaCluster(ownedStack, 'Db', minimalProps({ ca: orgCa(ownedStack), alternator: {} })).addClient('Orders', options);
      const { stack, cluster } = imported({ alternator: {} });
      cluster.addClient('Orders', options);
      return { owned: synth(ownedStack), viaImport: synth(stack) };
    };

    test.each<[string, ScyllaClientOptions]>([
      ['defaults', { name: 'orders', namespace: 'orders' }],
      ['every option', {
        name: 'billing', namespace: 'billing', role: 'billing_svc', subject: { commonName: 'billing', organization: 'R/D' }, mountPath: '/run/db',
        keyAlgorithm: KeyAlgorithm.ECDSA_P384, validityHours: 2160, earlyRenewalHours: 240, labels: { team: 'pay' },
      }],
    ])('%s: the same key, request, certificate, Secret, connection ConfigMap and outputs', (_, options) => {
      const { owned, viaImport } = same(options);
      for (const [type, path] of [
        ['tls_private_key', 'Db/Orders/Certificate/Key'], ['tls_cert_request', 'Db/Orders/Certificate/Request'],
        ['tls_locally_signed_cert', 'Db/Orders/Certificate/Resource'], ['kubernetes_secret_v1', 'Db/Orders/TlsSecret/Resource'],
        ['kubernetes_config_map_v1', 'Db/Orders/Connection'],
      ]) {
        expect(resourceAt(viaImport, type, path)).toEqual(resourceAt(owned, type, path));
      }
      for (const name of ['Db_Orders_connection', 'Db_Orders_alternator_credentials_command']) expect(viaImport.output[name]).toEqual(owned.output[name]);
    });
  });

  describe('the policy judges its clients', () => {
    test('records the client\'s certificate (holder: the application namespace) and connection delivery', () => {
      const { stack, cluster } = imported();
      cluster.addClient('Orders', { name: 'orders', namespace: 'orders' });
      const e = evaluate(stack);
      expect(e.facts.find((f) => f.path === 'test/Db/Orders/Certificate')?.fact).toMatchObject({
        kind: 'certificate', role: 'client', subject: '/CN=orders', issuer: 'test/OrgCa',
        holders: [{ namespace: 'orders', kubernetes: '(default kubernetes provider)', description: 'ScyllaDB client orders (role orders)' }],
      });
      expect(e.deliveries.map((d) => `${d.object} ${d.namespace}/${d.name} key=${d.carriesPrivateKey}`).sort())
        .toEqual(['ConfigMap orders/orders-scylla-connection key=false', 'Secret orders/orders-scylla-client-tls key=true']);
      expect(e.results.filter((r) => r.status === 'fail')).toEqual([]);
    });

    test('a client certificate valid longer than the policy allows fails synth (TLSF006) unless waived', () => {
      const { stack, cluster } = imported();
      const client = cluster.addClient('Orders', { name: 'orders', namespace: 'orders', validityHours: 24 * 400 });
      expect(() => synth(stack)).toThrow('[TLSF006] test/Db/Orders/Certificate/Resource: valid 9600 hours (400.0 days), above 9552 hours (398 days).');
      waive(client, 'TLSF006', { reason: 'a 400-day certificate for a batch client, rotated by hand (ticket OPS-12)' });
      expect(() => synth(stack)).not.toThrow();
    });

    test('the client\'s key moved to another namespace by an override fails synth (TLSF010)', () => {
      const { stack, cluster } = imported();
      const client = cluster.addClient('Orders', { name: 'orders', namespace: 'orders' });
      (client.tlsSecret.node.findChild('Resource') as unknown as { addOverride(p: string, v: unknown): void }).addOverride('metadata.namespace', 'payments');
      expect(() => synth(stack)).toThrow(/\[TLSF010\] test\/Db\/Orders\/TlsSecret/);
    });

    test('two clients with one subject under the cluster CA are refused when they are not one workload', () => {
      const { cluster } = imported();
      cluster.addClient('Orders', { name: 'orders', namespace: 'orders' });
      const err = validationError(() => cluster.addClient('Shadow', { name: 'shadow', namespace: 'shadow', role: 'orders' }));
      expect(err.message).toMatch(/^test\/Db\/Shadow\/Certificate: `subject` must be unique among the client certificates of CA test\/OrgCa: test\/Db\/Orders\/Certificate already has this subject/);
    });
  });

  describe('hostile props are refused, naming the path, the field, the value and what is allowed', () => {
    type Case = [string, Record<string, unknown> | undefined, string, RegExp];
    const cases: Case[] = [
      ['props missing', undefined, 'props', /must be ImportedScyllaClusterProps \{ name, namespace, ca, datacenters/],
      ['a misspelled key', { adminRoll: 'dba' }, 'adminRoll', /is not an option here \(did you mean "adminRole"\?\)/],
      ['name not a DNS label', { name: 'Db' }, 'name', /got "Db"/],
      ['name starting with a digit (the operator refuses such a cluster)', { name: '1db' }, 'name', /must be a DNS-1035 label of at most 56 characters/],
      ['name too long', { name: 'd'.repeat(57) }, 'name', /got "d{57}"/],
      ['name a number', { name: 7 }, 'name', /got 7/],
      ['namespace with a slash', { namespace: 'a/b' }, 'namespace', /got "a\/b"/],
      ['ca a string', { ca: caPem }, 'ca', /must be a certificate authority/],
      ['serverTrustBundle a CA', { serverTrustBundle: 'ca' }, 'serverTrustBundle', /must be a CaBundle/],
      ['serverTrustBundle empty', { serverTrustBundle: CaBundle.of() }, 'serverTrustBundle', /must hold at least one CA certificate/],
      ['alternator a string', { alternator: 'on' }, 'alternator', /must be AlternatorOptions/],
      ['alternator with a typo', { alternator: { certificateSorce: 'x' } }, 'alternator.certificateSorce', /did you mean "certificateSource"/],
      ['adminRole with a quote', { adminRole: "dba' OR 1=1" }, 'adminRole', /must be a role name/],
      ['adminRole null (would silently be cassandra)', { adminRole: null }, 'adminRole', /must not be null/],
      ['datacenters missing', { datacenters: undefined }, 'datacenters', /must be a list of datacenters/],
      ['datacenters empty', { datacenters: [] }, 'datacenters', /must hold at least one datacenter/],
      ['a datacenter a string', { datacenters: ['dc1'] }, 'datacenters[0]', /must be a datacenter \{ name, firstRack/],
      ['a datacenter with a typo', { datacenters: [{ name: 'dc1', firstRak: 'r1' }] }, 'datacenters[0].firstRak', /did you mean "firstRack"/],
      ['a datacenter without firstRack', { datacenters: [{ name: 'dc1' }] }, 'datacenters[0].firstRack', /got nothing/],
      ['a datacenter namespace null (would silently be the cluster\'s)', { datacenters: [{ name: 'dc1', firstRack: 'r1', namespace: null }] }, 'datacenters[0].namespace', /must not be null/],
      ['two datacenters with one name', { datacenters: [{ name: 'dc1', firstRack: 'r1' }, { name: 'dc1', firstRack: 'r2' }] }, 'datacenters[1].name', /must be unique within the cluster/],
      ['a datacenter provider a string', { datacenters: [{ name: 'dc1', firstRack: 'r1', provider: 'kubernetes.us' }] }, 'datacenters[0].provider', /must be a KubernetesProvider/],
      ['a kubectl context on two lines', { datacenters: [{ name: 'dc1', firstRack: 'r1', kubectlContext: 'prod\nkubectl delete ns scylla' }] }, 'datacenters[0].kubectlContext', /and on one line/],
    ];

    test.each(cases)('%s', (_, more, field, allowed) => {
      const stack = newStack({ kubernetesProvider: true });
      const ca = orgCa(stack);
      const given = more === undefined ? undefined : { ...props(ca), ...more };
      const err = validationError(() => new ImportedScyllaCluster(stack, 'Db', given as ImportedScyllaClusterProps));
      expect(err.constructPath).toBe('test/Db');
      expect(err.field).toBe(field);
      expect(err.message.startsWith(`test/Db: \`${field}\` `)).toBe(true);
      expect(err.message).toMatch(allowed);
    });

    test('ca a leaf certificate is refused by name', () => {
      const stack = newStack({ kubernetesProvider: true });
      const leaf = new ServerCertificate(stack, 'Leaf', { ca: new CertificateAuthority(stack, 'Ca'), dnsNames: ['x.example.com'] });
      expect(validationError(() => new ImportedScyllaCluster(stack, 'Db', props(leaf as unknown as ICertificateAuthority))).message)
        .toMatch(/^test\/Db: `ca` must be a certificate authority .*not a leaf certificate/);
    });

    test('addClient options: not an object, a typo, a bad role, a second client with the same name', () => {
      const { cluster } = imported();
      expect(validationError(() => cluster.addClient('A', null as never)).message).toMatch(/^test\/Db: `addClient\("A"\)` must be ScyllaClientOptions/);
      expect(validationError(() => cluster.addClient('B', { name: 'app', namespace: 'app', rol: 'x' } as never)).message).toMatch(/^test\/Db\/B: `rol` is not an option here \(did you mean "role"\?\)/);
      expect(validationError(() => cluster.addClient('C', { name: 'app', namespace: 'app', role: "x'y" })).message).toMatch(/^test\/Db\/C: `role` must be a role name/);
      cluster.addClient('D', { name: 'app', namespace: 'app' });
      expect(validationError(() => cluster.addClient('E', { name: 'app', namespace: 'app', subject: { commonName: 'other' } })).message)
        .toMatch(/^test\/Db\/E\/TlsSecret: `name` must be unique per Secret and namespace; test\/Db\/D\/TlsSecret already writes that Secret/);
    });

    test('a kubectl context with shell metacharacters is pasted as one quoted word', () => {
      const { stack, cluster } = imported({ alternator: {}, datacenters: [{ name: 'dc1', firstRack: 'r1', kubectlContext: 'prod;rm -rf /' }] });
      cluster.addClient('Orders', { name: 'orders', namespace: 'orders' });
      expect(synth(stack).output.Db_Orders_alternator_credentials_command.value).toMatch(/^kubectl --context 'prod;rm -rf \/' --namespace scylla exec /);
    });
  });

  test('two synths of the same import and clients are byte-identical', () => {
    const build = (): Synthesized => {
      const { stack, cluster } = imported({ alternator: {}, datacenters: [{ name: 'eu', firstRack: 'a' }, { name: 'us', firstRack: 'b' }] });
      cluster.addClient('Orders', { name: 'orders', namespace: 'orders' });
      cluster.addClient('Api', { name: 'api', namespace: 'api', datacenter: 'us' });
      return synth(stack);
    };
    expect(JSON.stringify(build())).toBe(JSON.stringify(build()));
    expect(RACK.name).toBe('r1'); // the owned cluster of the comparison above names its first rack r1, as the import says
  });
});
