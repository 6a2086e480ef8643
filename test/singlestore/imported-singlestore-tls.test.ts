import { KubernetesProvider } from '@cdktf/provider-kubernetes/lib/provider';
import { TerraformStack, TerraformVariable } from 'cdktf';
import {
  CaBundle, CertificateAuthority, ICertificateAuthority, ImportedSingleStoreTls, ISingleStoreTls, KeyAlgorithm, ServerCertificate, SingleStoreTls,
  SingleStoreTlsAttributes, SingleStoreUserOptions, SingleStoreUserRequirement, SingleStoreVersion, waive,
} from '../../constructs';
import { makeCaFixtures } from '../pki/openssl-fixtures';
import { evaluate, k8sObject, newStack, resourceAt, resources, synth, Synthesized, validationError } from '../helpers/synth';

// An application team adds a SingleStore user to a deployment another team declared in its own stack.
const { caPem } = makeCaFixtures();
const WAIVER = { reason: 'only the reporting job holds certificates from this client CA' };

/** The organization's client CA as both teams reference it: the literal PEM, the key from a sensitive variable. */
function orgCa(stack: TerraformStack): ICertificateAuthority {
  const key = new TerraformVariable(stack, 'client_ca_key', { type: 'string', sensitive: true });
  return CertificateAuthority.fromPem(stack, 'OrgCa', { certificatePem: caPem, privateKeyPem: key.stringValue });
}

function attributes(clientCa: ICertificateAuthority, more: Partial<SingleStoreTlsAttributes> = {}): SingleStoreTlsAttributes {
  return { clusterName: 'sdb', namespace: 'db', engineVersion: SingleStoreVersion.V9_1, clientCa, userSqlConfigMapName: 'sdb-users-orders', ...more };
}

/** The application team's stack: the import and nothing else yet. */
function imported(more: Partial<SingleStoreTlsAttributes> = {}): { stack: TerraformStack; ca: ICertificateAuthority; tls: ISingleStoreTls } {
  const stack = newStack({ kubernetesProvider: true });
  const ca = orgCa(stack);
  return { stack, ca, tls: SingleStoreTls.fromAttributes(stack, 'SingleStore', attributes(ca, more)) };
}

const ORDERS: SingleStoreUserOptions = { name: 'orders', namespace: 'shop', subject: { commonName: 'orders', organization: 'R/D' } };

describe('SingleStoreTls.fromAttributes', () => {
  describe('defaults', () => {
    test('is an ImportedSingleStoreTls with the given identity; users trust the client CA for the server unless told otherwise', () => {
      const { ca, tls } = imported();
      expect(tls).toBeInstanceOf(ImportedSingleStoreTls);
      expect(tls).toMatchObject({ clusterName: 'sdb', namespace: 'db', engineVersion: SingleStoreVersion.V9_1, clientCa: ca });
      expect(tls.serverTrustBundle.authorities).toEqual([ca]);
      expect(tls.userList).toEqual([]);
    });

    test('creates nothing of the deployment: no server certificate, client CA object, user SQL or output until a user is added', () => {
      const { stack } = imported();
      const json = synth(stack);
      expect(Object.keys(json.resource ?? {})).toEqual([]);
      expect(json.output).toBeUndefined();
    });

    test('the user SQL has the header of the owned deployment and no statement yet', () => {
      expect(imported().tls.userSql).toBe([
        '-- tlsfleet: certificate-authenticated users of SingleStore cluster sdb (engine 9.1).',
        '-- String literals assume the default sql_mode: NO_BACKSLASH_ESCAPES must be off.',
        '',
      ].join('\n'));
    });
  });

  describe('what it writes', () => {
    test('a user: its certificate from the client CA, its Secret in its namespace, and this stack\'s users.sql ConfigMap and output', () => {
      const { stack, tls } = imported({ sqlOutputName: 'orders_singlestore_sql' });
      const user = tls.addUser('Orders', ORDERS);
      const json = synth(stack);
      const sql = [
        '-- tlsfleet: certificate-authenticated users of SingleStore cluster sdb (engine 9.1).',
        '-- String literals assume the default sql_mode: NO_BACKSLASH_ESCAPES must be off.',
        "CREATE USER 'orders'@'%' REQUIRE SUBJECT '/O=R\\\\/D/CN=orders';",
        '',
      ].join('\n');
      expect(user.sql).toBe("CREATE USER 'orders'@'%' REQUIRE SUBJECT '/O=R\\\\/D/CN=orders';");
      expect(tls.userSql).toBe(sql);
      const cm = resourceAt(json, 'kubernetes_config_map_v1', 'SingleStore/UserSql');
      expect(cm.metadata).toEqual({ name: 'sdb-users-orders', namespace: 'db', labels: { 'app.kubernetes.io/managed-by': 'tlsfleet' } });
      expect(cm.data).toEqual({ 'users.sql': sql });
      expect(json.output.orders_singlestore_sql.value).toBe(sql);
      expect(resourceAt(json, 'tls_locally_signed_cert', 'SingleStore/Orders/Certificate/Resource')).toMatchObject({
        ca_cert_pem: caPem, ca_private_key_pem: '${var.client_ca_key}', allowed_uses: ['digital_signature', 'client_auth'],
      });
      const secret = k8sObject(json, 'kubernetes_secret_v1', 'orders-singlestore-tls', 'shop');
      expect(secret.type).toBe('kubernetes.io/tls');
      expect(secret.data['ca.crt']).toBe(caPem);
      // Nothing of the deployment itself: the owning stack writes those.
      expect(Object.keys(resources(json, 'kubernetes_secret_v1'))).toHaveLength(1);
      expect(Object.keys(resources(json, 'kubernetes_config_map_v1'))).toHaveLength(1);
      expect(Object.keys(resources(json, 'tls_cert_request'))).toEqual([expect.stringMatching(/^SingleStore_Orders_Certificate_Request_/)]);
    });

    test('later users are appended in order to the one ConfigMap and output', () => {
      const { stack, tls } = imported();
      tls.addUser('Orders', ORDERS);
      tls.addUser('Billing', { name: 'billing', namespace: 'billing' });
      const json = synth(stack);
      const lines = resourceAt(json, 'kubernetes_config_map_v1', 'SingleStore/UserSql').data['users.sql'].split('\n');
      expect(lines.slice(2)).toEqual(["CREATE USER 'orders'@'%' REQUIRE SUBJECT '/O=R\\\\/D/CN=orders';", "CREATE USER 'billing'@'%' REQUIRE SUBJECT '/CN=billing';", '']);
      expect(Object.values(json.output).map((o) => o.value)).toEqual([tls.userSql]);
      expect(tls.userList.map((u) => u.name)).toEqual(['orders', 'billing']);
    });

    test('a server trust bundle and a provider: users\' Secrets carry the bundle and go through the provider', () => {
      const stack = newStack({ kubernetesProvider: true });
      const clientCa = orgCa(stack);
      const serverCa = new CertificateAuthority(stack, 'ServerCa');
      const eu = new KubernetesProvider(stack, 'eu', { alias: 'eu' });
      const tls = SingleStoreTls.fromAttributes(stack, 'SingleStore', attributes(clientCa, { serverTrustBundle: CaBundle.of(serverCa), provider: eu }));
      tls.addUser('Orders', ORDERS);
      const json = synth(stack);
      const secret = k8sObject(json, 'kubernetes_secret_v1', 'orders-singlestore-tls', 'shop');
      expect(secret.data['ca.crt']).toMatch(/^\$\{tls_self_signed_cert\.ServerCa_[0-9A-F]{8}\.cert_pem\}$/);
      expect(secret.provider).toBe('kubernetes.eu');
      expect(resourceAt(json, 'kubernetes_config_map_v1', 'SingleStore/UserSql').provider).toBe('kubernetes.eu');
    });

    test('ALTER USER for an existing user, as on the owned deployment (9.1+)', () => {
      const { tls } = imported();
      expect(tls.addUser('Legacy', { name: 'legacy', namespace: 'shop', existingUser: true }).sql).toBe("ALTER USER 'legacy'@'%' REQUIRE SUBJECT '/CN=legacy';");
      const old = imported({ engineVersion: SingleStoreVersion.V9_0 }).tls;
      expect(validationError(() => old.addUser('Legacy', { name: 'legacy', namespace: 'shop', existingUser: true })).message)
        .toMatch(/^test\/SingleStore\/Legacy: `existingUser` needs SingleStore 9\.1 or later/);
    });
  });

  describe('a user of the imported deployment is the user of the owned one', () => {
    /** The owning team's stack with the same CA, cluster and user. */
    function owned(options: SingleStoreUserOptions): { json: Synthesized; sql: string; subject: string } {
      const stack = newStack({ kubernetesProvider: true });
      const tls = new SingleStoreTls(stack, 'SingleStore', { clusterName: 'sdb', namespace: 'db', engineVersion: SingleStoreVersion.V9_1, ca: orgCa(stack) });
      const user = tls.addUser('Orders', options);
      if (options.require === SingleStoreUserRequirement.X509) waive(user, 'TLSF012', WAIVER);
      return { json: synth(stack), sql: user.sql, subject: user.subjectOneline };
    }
    function viaImport(options: SingleStoreUserOptions): { json: Synthesized; sql: string; subject: string } {
      const { stack, tls } = imported();
      const user = tls.addUser('Orders', options);
      if (options.require === SingleStoreUserRequirement.X509) waive(user, 'TLSF012', WAIVER);
      return { json: synth(stack), sql: user.sql, subject: user.subjectOneline };
    }

    test.each<[string, SingleStoreUserOptions]>([
      ['default subject', { name: 'orders', namespace: 'shop' }],
      ['escaped subject, RSA key, shorter validity', { ...ORDERS, subject: { commonName: 'orders', organization: "O'Brien + Co", organizationalUnit: 'R/D' }, keyAlgorithm: KeyAlgorithm.RSA_3072, validityHours: 2160, earlyRenewalHours: 240 }],
      ['REQUIRE X509 on a named host', { name: "o'brien", host: '10.0.%', namespace: 'shop', secretName: 'obrien-db', require: SingleStoreUserRequirement.X509 }],
    ])('%s: the same key, request, certificate, Secret, subject and statement', (_, options) => {
      const a = owned(options);
      const b = viaImport(options);
      expect(b.sql).toBe(a.sql);
      expect(b.subject).toBe(a.subject);
      for (const [type, path] of [
        ['tls_private_key', 'SingleStore/Orders/Certificate/Key'], ['tls_cert_request', 'SingleStore/Orders/Certificate/Request'],
        ['tls_locally_signed_cert', 'SingleStore/Orders/Certificate/Resource'], ['kubernetes_secret_v1', 'SingleStore/Orders/Secret/Resource'],
      ]) {
        expect(resourceAt(b.json, type, path)).toEqual(resourceAt(a.json, type, path));
      }
      expect(resourceAt(b.json, 'kubernetes_config_map_v1', 'SingleStore/UserSql').data['users.sql'].split('\n')[2]).toBe(a.sql);
    });
  });

  describe('the policy judges its users', () => {
    test('records the same user and certificate facts as the owned deployment', () => {
      const { stack, tls } = imported();
      tls.addUser('Orders', ORDERS);
      const e = evaluate(stack);
      expect(e.facts.find((f) => f.path === 'test/SingleStore/Orders')?.fact).toEqual({
        kind: 'database-user', cluster: 'test/SingleStore', account: "'orders'@'%'", requirement: 'REQUIRE SUBJECT', subject: '/O=R\\/D/CN=orders',
      });
      expect(e.facts.find((f) => f.path === 'test/SingleStore/Orders/Certificate')?.fact)
        .toMatchObject({ kind: 'certificate', role: 'client', holders: [{ namespace: 'shop', description: 'SingleStore user orders@%' }] });
      expect(e.results.find((r) => r.rule.id === 'TLSF012')).toMatchObject({ status: 'pass', checked: 1 });
    });

    test('a REQUIRE X509 user fails synth (TLSF012) unless waived on the user', () => {
      const { stack, tls } = imported();
      const reporting = tls.addUser('Reporting', { name: 'reporting', namespace: 'reporting', require: SingleStoreUserRequirement.X509 });
      expect(() => synth(stack)).toThrow("[TLSF012] test/SingleStore/Reporting: 'reporting'@'%' is created with REQUIRE X509: any certificate from the client CA logs in.");
      waive(reporting, 'TLSF012', WAIVER);
      expect(() => synth(stack)).not.toThrow();
      expect(evaluate(stack).results.find((r) => r.rule.id === 'TLSF012')!.violations[0].waiver).toMatchObject(WAIVER);
    });

    test('judged from the SQL the plan delivers: an override of this stack\'s users.sql to REQUIRE X509 fails synth', () => {
      const { stack, tls } = imported();
      tls.addUser('Orders', ORDERS);
      const cm = stack.node.findAll().find((c) => c.node.path === 'test/SingleStore/UserSql') as unknown as { addOverride(p: string, v: unknown): void };
      cm.addOverride('data', { 'users.sql': "CREATE USER 'orders'@'%' REQUIRE X509;" });
      expect(() => synth(stack)).toThrow("[TLSF012] test/SingleStore/Orders: 'orders'@'%' is created with REQUIRE X509");
    });

    test('a subject another login of the same CA already has is refused, also across the owned and the imported deployment', () => {
      const stack = newStack({ kubernetesProvider: true });
      const ca = orgCa(stack);
      new SingleStoreTls(stack, 'Owned', { clusterName: 'sdb', namespace: 'db', engineVersion: SingleStoreVersion.V9_1, ca }).addUser('Orders', ORDERS);
      const other = SingleStoreTls.fromAttributes(stack, 'Other', attributes(ca, { clusterName: 'sdb2' }));
      const err = validationError(() => other.addUser('Orders', { ...ORDERS, name: 'orders2' }));
      expect(err.message).toBe('test/Other/Orders: `subject` must be unique among the client certificates of CA test/OrgCa: test/Owned/Orders already has this subject, '
        + 'and a database that matches REQUIRE SUBJECT would let either certificate log in as the other\'s user, got "/O=R\\\\/D/CN=orders"');
    });

    test('an account is unique per host on the imported deployment too (hosts compared case-insensitively)', () => {
      const { tls } = imported();
      tls.addUser('A', { name: 'app', host: 'example.com', namespace: 'app', secretName: 'a' });
      expect(validationError(() => tls.addUser('B', { name: 'app', host: 'EXAMPLE.com', namespace: 'app', secretName: 'b', subject: { commonName: 'b' } })).message)
        .toBe('test/SingleStore/B: `name` must be unique per host; test/SingleStore/A already defines that account, got "app@EXAMPLE.com"');
    });
  });

  describe('hostile attributes are refused, naming the path, the field, the value and what is allowed', () => {
    type Case = [string, (stack: TerraformStack, ca: ICertificateAuthority) => unknown, string, RegExp];
    const base = (stack: TerraformStack, ca: ICertificateAuthority, more: Record<string, unknown>): unknown =>
      SingleStoreTls.fromAttributes(stack, 'SingleStore', { ...attributes(ca), ...more } as SingleStoreTlsAttributes);
    const cases: Case[] = [
      ['attributes missing', (s) => SingleStoreTls.fromAttributes(s, 'SingleStore', undefined as never), 'props', /must be SingleStoreTlsAttributes \{ clusterName, namespace, engineVersion, clientCa, userSqlConfigMapName/],
      ['attributes an array', (s) => SingleStoreTls.fromAttributes(s, 'SingleStore', [] as never), 'props', /must be SingleStoreTlsAttributes/],
      ['a misspelled key', (s, ca) => base(s, ca, { userSqlConfigMap: 'x' }), 'userSqlConfigMap', /is not an option here \(did you mean "userSqlConfigMapName"\?\)/],
      ['a null', (s, ca) => base(s, ca, { sqlOutputName: null }), 'sqlOutputName', /must not be null/],
      ['clusterName not a DNS label', (s, ca) => base(s, ca, { clusterName: 'Bad_Name' }), 'clusterName', /got "Bad_Name"/],
      ['clusterName too long for svc-<name>-ddl', (s, ca) => base(s, ca, { clusterName: 'a'.repeat(56) }), 'clusterName', /55/],
      ['clusterName a number', (s, ca) => base(s, ca, { clusterName: 42 }), 'clusterName', /got 42/],
      ['namespace with a newline', (s, ca) => base(s, ca, { namespace: 'db\nx' }), 'namespace', /got "db\\nx"/],
      ['engineVersion a string', (s, ca) => base(s, ca, { engineVersion: '9.1' }), 'engineVersion', /must be SingleStoreVersion\.V9_0, V9_1 or V10_0, got "9\.1"/],
      ['clientCa missing', (s, ca) => base(s, ca, { clientCa: undefined }), 'clientCa', /must be a certificate authority/],
      ['clientCa a leaf certificate', (s, ca) => base(s, ca, { clientCa: new ServerCertificate(s, 'Leaf', { ca: new CertificateAuthority(s, 'Ca'), dnsNames: ['x.example.com'] }) }), 'clientCa', /not a leaf certificate/],
      ['serverTrustBundle a CA', (s, ca) => base(s, ca, { serverTrustBundle: ca }), 'serverTrustBundle', /must be a CaBundle/],
      ['serverTrustBundle empty', (s, ca) => base(s, ca, { serverTrustBundle: CaBundle.of() }), 'serverTrustBundle', /must hold at least one CA certificate/],
      ['userSqlConfigMapName missing', (s, ca) => base(s, ca, { userSqlConfigMapName: undefined }), 'userSqlConfigMapName', /must be a DNS-1123 subdomain.*, got nothing$/],
      ['userSqlConfigMapName the owner\'s', (s, ca) => base(s, ca, { userSqlConfigMapName: 'sdb-tlsfleet-users' }), 'userSqlConfigMapName', /must not be the owning SingleStoreTls's default ConfigMap/],
      ['userSqlConfigMapName with a space', (s, ca) => base(s, ca, { userSqlConfigMapName: 'sdb users' }), 'userSqlConfigMapName', /got "sdb users"/],
      ['userSqlConfigMapName a template', (s, ca) => base(s, ca, { userSqlConfigMapName: '${var.x}' }), 'userSqlConfigMapName', /got "\$\{var\.x\}"/],
      ['sqlOutputName not an identifier', (s, ca) => base(s, ca, { sqlOutputName: '1-sql' }), 'sqlOutputName', /must be a Terraform identifier/],
      ['provider a string', (s, ca) => base(s, ca, { provider: 'kubernetes' }), 'provider', /must be a KubernetesProvider/],
    ];

    test.each(cases)('%s', (_, build, field, allowed) => {
      const stack = newStack({ kubernetesProvider: true });
      const ca = orgCa(stack);
      const err = validationError(() => build(stack, ca));
      expect(err.constructPath).toBe('test/SingleStore');
      expect(err.field).toBe(field);
      expect(err.message).toMatch(allowed);
      expect(err.message.startsWith(`test/SingleStore: \`${field}\` `)).toBe(true);
    });

    test('an output name another construct of the stack already writes', () => {
      const { stack, ca } = imported({ sqlOutputName: 'users_sql' });
      const err = validationError(() => SingleStoreTls.fromAttributes(stack, 'Again', attributes(ca, { userSqlConfigMapName: 'other', sqlOutputName: 'users_sql' })));
      expect(err.message).toBe('test/Again: `sqlOutputName` must be a unique output name in stack test; test/SingleStore already writes output "users_sql", got "users_sql"');
    });

    test('addUser options are checked as on the owned deployment', () => {
      const { tls } = imported();
      expect(validationError(() => tls.addUser('U1', null as never)).message).toMatch(/^test\/SingleStore\/U1: `options` must be the options of addUser\(\)/);
      expect(validationError(() => tls.addUser('U2', { name: 'app', namespace: 'app', hots: '%' } as never)).message).toMatch(/^test\/SingleStore\/U2: `hots` is not an option here \(did you mean "host"\?\)/);
      expect(validationError(() => tls.addUser('U3', { name: 'a\\b', namespace: 'app', secretName: 'u' })).message).toMatch(/^test\/SingleStore\/U3: `name` must not contain a backslash/);
      expect(tls.userList).toEqual([]);
      expect(tls.userSql.split('\n')).toHaveLength(3);
    });
  });
});
