import {
  CertificateAuthority, KeyAlgorithm, SingleStoreClientCaDelivery, SingleStoreTls,
  SingleStoreTlsVersions, SingleStoreUserRequirement, SingleStoreVersion, TlsfleetValidationError, waive,
} from '../../constructs';
import { deployment } from './fixtures';
import { addressAt, evaluate, newStack, resourceAt, resources, synth, Synthesized, validationError } from '../helpers/synth';

/** A reference to attribute `attr` of the resource at construct path `path`, as the plan writes it. */
const ref = (type: string, json: Synthesized, path: string, attr: string): string => `\${${addressAt(json, type, path)}.${attr}}`;

describe('SingleStoreTls', () => {
  describe('server certificate Secret', () => {
    test('is a kubernetes.io/tls Secret in the Operator layout: tls.crt, tls.key, tls.ca', () => {
      const { stack } = deployment();
      const json = synth(stack);
      const secret = resourceAt(json, 'kubernetes_secret_v1', 'SingleStore/ServerSecret/Resource');
      expect(secret.type).toBe('kubernetes.io/tls');
      expect(secret.metadata).toEqual({
        name: 'sdb-tls', namespace: 'db', labels: { 'app.kubernetes.io/managed-by': 'tlsfleet' },
      });
      expect(Object.keys(secret.data).sort()).toEqual(['tls.ca', 'tls.crt', 'tls.key']);
      expect(secret.data['tls.crt']).toBe(ref('tls_locally_signed_cert', json, 'SingleStore/ServerCertificate/Resource', 'cert_pem'));
      expect(secret.data['tls.key']).toBe(ref('tls_private_key', json, 'SingleStore/ServerCertificate/Key', 'private_key_pem'));
      expect(secret.data['tls.ca']).toBe(ref('tls_self_signed_cert', json, 'Ca/Resource', 'cert_pem'));
    });

    test('covers the Operator Services svc-<cluster>-ddl and -dml by default', () => {
      const { stack, tls } = deployment();
      expect(tls.serverCertificate.dnsNames).toEqual([
        'svc-sdb-ddl.db.svc', 'svc-sdb-ddl.db.svc.cluster.local', 'svc-sdb-dml.db.svc', 'svc-sdb-dml.db.svc.cluster.local',
      ]);
      const request = resourceAt(synth(stack), 'tls_cert_request', 'SingleStore/ServerCertificate/Request');
      expect(request.dns_names).toEqual(tls.serverCertificate.dnsNames);
      expect(request.subject).toEqual([{ common_name: 'svc-sdb-ddl.db.svc' }]);
    });

    test('takes other names, addresses, Secret name and key algorithm', () => {
      const { stack, tls } = deployment({
        dnsNames: ['sdb.example.com'], ipAddresses: ['10.0.0.7'], serverSecretName: 'sdb-ssl', keyAlgorithm: KeyAlgorithm.ECDSA_P384,
      });
      const json = synth(stack);
      expect(resourceAt(json, 'tls_private_key', 'SingleStore/ServerCertificate/Key')).toMatchObject({ algorithm: 'ECDSA', ecdsa_curve: 'P384' });
      expect(resourceAt(json, 'tls_cert_request', 'SingleStore/ServerCertificate/Request')).toMatchObject({
        dns_names: ['sdb.example.com'], ip_addresses: ['10.0.0.7'],
      });
      expect(resourceAt(json, 'kubernetes_secret_v1', 'SingleStore/ServerSecret/Resource').metadata.name).toBe('sdb-ssl');
      expect(tls.operatorSecureConnectionSpec).toEqual({ sslSecretName: 'sdb-ssl', clientServerConnection: 'enable' });
    });
  });

  describe('client CA', () => {
    test('is a ConfigMap <cluster>-client-ca with ca-bundle.crt by default, holding the CA itself', () => {
      const { stack } = deployment();
      const json = synth(stack);
      const cm = resourceAt(json, 'kubernetes_config_map_v1', 'SingleStore/ClientCa/Resource');
      expect(cm.metadata).toMatchObject({ name: 'sdb-client-ca', namespace: 'db' });
      expect(cm.data).toEqual({ 'ca-bundle.crt': ref('tls_self_signed_cert', json, 'Ca/Resource', 'cert_pem') });
    });

    test('is an Opaque Secret with the same key when asked', () => {
      const { stack, tls } = deployment({ clientCaDelivery: SingleStoreClientCaDelivery.SECRET, clientCaName: 'client-ca' });
      const json = synth(stack);
      const secret = resourceAt(json, 'kubernetes_secret_v1', 'SingleStore/ClientCa');
      expect(secret).toMatchObject({ type: 'Opaque', metadata: { name: 'client-ca', namespace: 'db' } });
      expect(secret.data).toEqual({ 'ca-bundle.crt': ref('tls_self_signed_cert', json, 'Ca/Resource', 'cert_pem') });
      expect(Object.keys(resources(json, 'kubernetes_config_map_v1')).filter((k) => k.startsWith('SingleStore_ClientCa'))).toEqual([]);
      expect(tls.clientCaObjectName).toBe('client-ca');
    });

    test('a separate client CA signs the users and goes into ssl_ca_for_client_cert; clients still trust the server CA', () => {
      const stack = newStack({ kubernetesProvider: true });
      const ca = new CertificateAuthority(stack, 'ServerCa');
      const clientCa = new CertificateAuthority(stack, 'ClientCa');
      const tls = new SingleStoreTls(stack, 'SingleStore', { clusterName: 'sdb', namespace: 'db', engineVersion: SingleStoreVersion.V9_1, ca, clientCa });
      tls.addUser('App', { name: 'app', namespace: 'app' });
      const json = synth(stack);
      expect(resourceAt(json, 'kubernetes_config_map_v1', 'SingleStore/ClientCa/Resource').data['ca-bundle.crt'])
        .toBe(ref('tls_self_signed_cert', json, 'ClientCa/Resource', 'cert_pem'));
      expect(resourceAt(json, 'tls_locally_signed_cert', 'SingleStore/App/Certificate/Resource').ca_cert_pem)
        .toBe(ref('tls_self_signed_cert', json, 'ClientCa/Resource', 'cert_pem'));
      expect(resourceAt(json, 'tls_locally_signed_cert', 'SingleStore/ServerCertificate/Resource').ca_cert_pem)
        .toBe(ref('tls_self_signed_cert', json, 'ServerCa/Resource', 'cert_pem'));
      expect(resourceAt(json, 'kubernetes_secret_v1', 'SingleStore/App/Secret/Resource').data['ca.crt'])
        .toBe(ref('tls_self_signed_cert', json, 'ServerCa/Resource', 'cert_pem'));
    });
  });

  describe('configuration fragment', () => {
    test('memsql.cnf lines and Operator globalVariables, defaults', () => {
      const { tls } = deployment();
      expect(tls.memsqlCnf).toBe([
        'ssl_cert = /etc/memsql/ssl/tls.crt',
        'ssl_key = /etc/memsql/ssl/tls.key',
        'ssl_ca = /etc/memsql/ssl/tls.ca',
        'ssl_ca_for_client_cert = /etc/memsql/client-ca/ca-bundle.crt',
        'tls_version = TLSv1.2',
        '',
      ].join('\n'));
      expect(tls.operatorGlobalVariables).toEqual({ ssl_ca_for_client_cert: '/etc/memsql/client-ca/ca-bundle.crt', tls_version: 'TLSv1.2' });
      expect(tls.operatorSecureConnectionSpec).toEqual({ sslSecretName: 'sdb-tls', clientServerConnection: 'enable' });
    });

    test('follows the paths given', () => {
      const { tls } = deployment({ serverTlsDirectory: '/var/lib/memsql/certs/', clientCaPath: '/var/lib/memsql/client/ca.pem' });
      expect(tls.memsqlCnf).toContain('ssl_cert = /var/lib/memsql/certs/tls.crt\n');
      expect(tls.memsqlCnf).toContain('ssl_ca_for_client_cert = /var/lib/memsql/client/ca.pem\n');
    });

    test.each([
      ['clientCaPath', 'relative/ca.pem'],
      ['clientCaPath', '/etc/memsql/ca.pem\nssl_ca = /tmp/evil'],
      ['serverTlsDirectory', '/etc/my ssl'],
      ['serverTlsDirectory', '/etc/../tmp'],
    ])('refuses %s %j: it would break memsql.cnf', (field, value) => {
      const msg = validationError(() => deployment({ [field]: value })).message;
      expect(msg).toContain(`test/SingleStore: \`${field}\` must be an absolute path`);
      expect(msg).toContain(JSON.stringify(value));
    });
  });

  describe('TLS versions', () => {
    test('default: TLS 1.2 on 9.x, TLS 1.2 and 1.3 on 10.0', () => {
      expect(deployment({ engineVersion: SingleStoreVersion.V9_0 }).tls.tlsVersions).toBe(SingleStoreTlsVersions.TLS1_2);
      expect(deployment({ engineVersion: SingleStoreVersion.V10_0 }).tls.tlsVersions).toBe(SingleStoreTlsVersions.TLS1_2_AND_1_3);
      expect(deployment({ engineVersion: SingleStoreVersion.V10_0 }).tls.memsqlCnf).toContain('tls_version = TLSv1.2,TLSv1.3\n');
    });

    test('TLS 1.3 only on 10.0', () => {
      const { tls } = deployment({ engineVersion: SingleStoreVersion.V10_0, tlsVersions: SingleStoreTlsVersions.TLS1_3 });
      expect(tls.operatorGlobalVariables.tls_version).toBe('TLSv1.3');
    });

    test.each([SingleStoreTlsVersions.TLS1_3, SingleStoreTlsVersions.TLS1_2_AND_1_3])('refuses %s before 10.0', (v) => {
      expect(validationError(() => deployment({ tlsVersions: v })).message).toBe(
        `test/SingleStore: \`tlsVersions\` must not include TLSv1.3 for SingleStore 9.1: TLS 1.3 needs 10.0 or later, got "${v}"`);
    });

    test('legacy TLS 1.0 to 1.2 exists only before 10.0, and fails the policy (TLSF004) unless waived', () => {
      expect(validationError(() => deployment({ engineVersion: SingleStoreVersion.V10_0, tlsVersions: SingleStoreTlsVersions.LEGACY_TLS1_0_TO_1_2 })).message)
        .toBe('test/SingleStore: `tlsVersions` must not include TLSv1 or TLSv1.1 for SingleStore 10.0: 10.0 removed them, got "TLSv1,TLSv1.1,TLSv1.2"');
      const { stack, tls } = deployment({ engineVersion: SingleStoreVersion.V9_0, tlsVersions: SingleStoreTlsVersions.LEGACY_TLS1_0_TO_1_2 });
      expect(tls.memsqlCnf).toContain('tls_version = TLSv1,TLSv1.1,TLSv1.2\n');
      expect(() => synth(stack)).toThrow('[TLSF004] test/SingleStore: SingleStore SQL on port 3306 (svc-sdb-ddl.db.svc) accepts TLSv1.0, TLSv1.1, below the minimum TLSv1.2.');
      waive(tls, 'TLSF004', { reason: 'The point-of-sale terminals speak TLS 1.0 until their replacement in Q3.' });
      expect(() => synth(stack)).not.toThrow();
    });

    test('refuses a value outside the enum', () => {
      expect(validationError(() => deployment({ tlsVersions: 'TLSv1' as SingleStoreTlsVersions })).message).toContain('`tlsVersions` must be one of SingleStoreTlsVersions.TLS1_2, SingleStoreTlsVersions.TLS1_2_AND_1_3, SingleStoreTlsVersions.TLS1_3, SingleStoreTlsVersions.LEGACY_TLS1_0_TO_1_2, got "TLSv1"');
    });

    test('tells the policy its TLS endpoint', () => {
      const { stack } = deployment();
      const endpoint = evaluate(stack).facts.find((f) => f.fact.kind === 'endpoint');
      expect(endpoint).toEqual({ path: 'test/SingleStore', fact: expect.objectContaining({
        api: 'SingleStore SQL', port: 3306, transport: 'tls', tlsVersions: ['TLSv1.2'], clientCertificates: 'per user',
      }) });
    });
  });

  describe('user SQL', () => {
    test('is a ConfigMap users.sql and a Terraform output, identical, updated by every addUser', () => {
      const { stack, tls } = deployment({ sqlOutputName: 'singlestore_sql' });
      tls.addUser('Orders', { name: 'orders', namespace: 'orders' });
      waive(tls.addUser('Reports', { name: 'reports', namespace: 'reports', require: SingleStoreUserRequirement.X509 }),
        'TLSF012', { reason: 'single reporting tenant on this CA' });
      const expected = [
        '-- tlsfleet: certificate-authenticated users of SingleStore cluster sdb (engine 9.1).',
        '-- String literals assume the default sql_mode: NO_BACKSLASH_ESCAPES must be off.',
        "CREATE USER 'orders'@'%' REQUIRE SUBJECT '/CN=orders';",
        "CREATE USER 'reports'@'%' REQUIRE X509;",
        '',
      ].join('\n');
      expect(tls.userSql).toBe(expected);
      const json = synth(stack);
      const cm = resourceAt(json, 'kubernetes_config_map_v1', 'SingleStore/UserSql');
      expect(cm.metadata).toMatchObject({ name: 'sdb-tlsfleet-users', namespace: 'db' });
      expect(cm.data).toEqual({ 'users.sql': expected });
      expect(json.output).toEqual({ singlestore_sql: { value: expected, description: 'SQL for the certificate-authenticated users of SingleStore cluster sdb' } });
      expect(tls.userList.map((u) => u.name)).toEqual(['orders', 'reports']);
    });

    test('has only the header without users, under a cdktf-allocated output name by default', () => {
      const { stack } = deployment({ userSqlConfigMapName: 'sql' });
      const json = synth(stack);
      expect(Object.keys(json.output)).toEqual([expect.stringMatching(/^SingleStore_UserSqlOutput_[0-9A-F]{8}$/)]);
      expect(resourceAt(json, 'kubernetes_config_map_v1', 'SingleStore/UserSql').metadata.name).toBe('sql');
      expect(resourceAt(json, 'kubernetes_config_map_v1', 'SingleStore/UserSql').data['users.sql'].split('\n')).toHaveLength(3);
    });

    test('refuses the same account twice (host compared case-insensitively), allows another host', () => {
      const { tls } = deployment();
      tls.addUser('A', { name: 'app', host: 'Example.com', namespace: 'app', secretName: 'a' });
      // Another account, so another subject: one subject for two accounts would let either certificate log in as both.
      tls.addUser('B', { name: 'app', host: '10.0.%', namespace: 'app', secretName: 'b', subject: { commonName: 'app', organizationalUnit: 'batch' } });
      expect(validationError(() => tls.addUser('C', { name: 'app', host: 'example.COM', namespace: 'app', secretName: 'c' })).message)
        .toBe('test/SingleStore/C: `name` must be unique per host; test/SingleStore/A already defines that account, got "app@example.COM"');
    });

    test('refuses a bad output name', () => {
      expect(validationError(() => deployment({ sqlOutputName: '1-sql' })).message).toContain('`sqlOutputName` must be a Terraform identifier');
    });
  });

  describe('validation', () => {
    test.each([
      ['clusterName', 'SDB'],
      ['clusterName', 'a'.repeat(56)],
      ['namespace', 'my_ns'],
    ])('refuses %s %j, naming path, field and value', (field, value) => {
      const msg = validationError(() => deployment({ [field]: value })).message;
      expect(msg).toMatch(new RegExp(`^test/SingleStore: \`${field}\` must be a DNS-1123 label`));
      expect(msg).toContain(`got ${JSON.stringify(value)}`);
    });

    test('errors are TlsfleetValidationError', () => {
      expect(() => deployment({ clusterName: 'Bad' })).toThrow(TlsfleetValidationError);
    });

    test('refuses an engine version that is not a SingleStoreVersion', () => {
      expect(validationError(() => deployment({ engineVersion: '9.1' as unknown as SingleStoreVersion })).message)
        .toBe('test/SingleStore: `engineVersion` must be SingleStoreVersion.V9_0, V9_1 or V10_0, got "9.1"');
    });

    test('refuses two deployments writing the same server Secret', () => {
      const { stack, ca } = deployment();
      expect(validationError(() => new SingleStoreTls(stack, 'Again', { clusterName: 'sdb', namespace: 'db', engineVersion: SingleStoreVersion.V9_1, ca })).message)
        .toContain('test/Again/ServerSecret: `name` must be unique per Secret and namespace');
    });
  });

  test('construct ids (Terraform addresses) are stable', () => {
    const { stack, tls } = deployment();
    tls.addUser('Orders', { name: 'orders', namespace: 'orders' });
    const json = synth(stack);
    const ids = Object.values<Record<string, unknown>>(json.resource).flatMap((r) => Object.keys(r))
      .filter((k) => k.startsWith('SingleStore_')).map((k) => k.replace(/_[0-9A-F]{8}$/, '')).sort();
    expect(ids).toEqual([
      'SingleStore_ClientCa',
      'SingleStore_Orders_Certificate',
      'SingleStore_Orders_Certificate_Key',
      'SingleStore_Orders_Certificate_Request',
      'SingleStore_Orders_Secret',
      'SingleStore_ServerCertificate',
      'SingleStore_ServerCertificate_Key',
      'SingleStore_ServerCertificate_Request',
      'SingleStore_ServerSecret',
      'SingleStore_UserSql',
    ]);
  });
});
