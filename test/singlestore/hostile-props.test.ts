import { KubernetesProvider } from '@cdktf/provider-kubernetes/lib/provider';
import { TerraformOutput, TerraformStack } from 'cdktf';
import {
  CaBundle, CertificateAuthority, ClientCertificate, SingleStoreTls, SingleStoreUserRequirement, SingleStoreVersion, TlsfleetValidationError, waive,
} from '../../constructs';
import { newStack, synth, validationError } from '../helpers/synth';

/**
 * Hostile props for SingleStoreTls and addUser(): each is refused with a TlsfleetValidationError
 * naming the construct path, the field, the value and what is allowed, before the construct that
 * refuses it creates a resource.
 */
type Build = (stack: TerraformStack) => unknown;
interface Case {
  readonly name: string;
  readonly build: Build;
  /** The construct path, relative to the stack. */
  readonly path: string;
  readonly field: string;
  /** The message's `got …` part exactly, or a pattern for it. */
  readonly got: string | RegExp;
  /** Part of what is allowed. */
  readonly allowed: string;
}

const deployment = (s: TerraformStack, over: Record<string, unknown> = {}, id = 'Sdb'): SingleStoreTls => {
  const ca = (over.ca as unknown) ?? new CertificateAuthority(s, `${id}Ca`);
  return new SingleStoreTls(s, id, { clusterName: 'sdb', namespace: 'singlestore', engineVersion: SingleStoreVersion.V9_1, ...over, ca } as never);
};
const user = (s: TerraformStack, options: unknown, over: Record<string, unknown> = {}) => deployment(s, over).addUser('U', options as never);
const app = (extra: Record<string, unknown> = {}) => ({ name: 'app', namespace: 'app', ...extra });
const caNotAllowed = 'must be a certificate authority (CertificateAuthority or CertificateAuthority.fromPem)';
const CONFIG_PATH = 'must be an absolute path of letters, digits, ".", "_", "-" and "/"';
const K8S_NAME = 'must be a DNS-1123 subdomain';

const CASES: Case[] = [
  // SingleStoreTls
  { name: 'SingleStoreTls without props', build: (s) => new SingleStoreTls(s, 'Sdb', undefined as never), path: 'Sdb', field: 'props', got: 'nothing', allowed: 'must be an object { clusterName, namespace, engineVersion, ca' },
  { name: 'SingleStoreTls props as an array', build: (s) => new SingleStoreTls(s, 'Sdb', [] as never), path: 'Sdb', field: 'props', got: '[]', allowed: 'must be an object' },
  { name: 'typo sqlOutput', build: (s) => deployment(s, { sqlOutput: 'x' }), path: 'Sdb', field: 'sqlOutput', got: '"x"', allowed: 'is not an option here; the options are clusterName, namespace' },
  { name: 'typo clustername', build: (s) => deployment(s, { clustername: 'sdb' }), path: 'Sdb', field: 'clustername', got: '"sdb"', allowed: 'did you mean "clusterName"' },
  { name: 'clusterName with ${', build: (s) => deployment(s, { clusterName: 'sdb-${var.x}' }), path: 'Sdb', field: 'clusterName', got: '"sdb-${var.x}"', allowed: 'must be a DNS-1123 label' },
  { name: 'namespace as a number', build: (s) => deployment(s, { namespace: 42 }), path: 'Sdb', field: 'namespace', got: '42', allowed: 'must be a DNS-1123 label' },
  { name: 'engineVersion as a string', build: (s) => deployment(s, { engineVersion: '9.1' }), path: 'Sdb', field: 'engineVersion', got: '"9.1"', allowed: 'must be SingleStoreVersion.V9_0, V9_1 or V10_0' },
  { name: 'ca as a string', build: (s) => deployment(s, { ca: 'sdb-ca' }), path: 'Sdb', field: 'ca', got: '"sdb-ca"', allowed: caNotAllowed },
  {
    name: 'a leaf as ca', path: 'Sdb', field: 'ca', got: 'the construct test/Leaf', allowed: `${caNotAllowed}, not a leaf certificate`,
    build: (s) => deployment(s, { ca: new ClientCertificate(s, 'Leaf', { ca: new CertificateAuthority(s, 'Ca'), subject: { commonName: 'leaf' } }) }),
  },
  { name: 'clientCa as a CaBundle', build: (s) => deployment(s, { clientCa: CaBundle.of(new CertificateAuthority(s, 'Other')) }), path: 'Sdb', field: 'clientCa', got: /./, allowed: caNotAllowed },
  { name: 'clientCa null', build: (s) => deployment(s, { clientCa: null }), path: 'Sdb', field: 'clientCa', got: 'null', allowed: 'must not be null' },
  { name: 'dnsNames as a string', build: (s) => deployment(s, { dnsNames: 'sdb.example.com' }), path: 'Sdb', field: 'dnsNames', got: '"sdb.example.com"', allowed: 'must be a list of DNS names' },
  { name: 'dnsNames entry not a DNS name', build: (s) => deployment(s, { dnsNames: ['sdb.example.com', 'Bad_Name'] }), path: 'Sdb', field: 'dnsNames[1]', got: '"Bad_Name"', allowed: 'must be a lower-case DNS name' },
  { name: 'ipAddresses entry not an address', build: (s) => deployment(s, { ipAddresses: ['300.1.1.1'] }), path: 'Sdb', field: 'ipAddresses[0]', got: '"300.1.1.1"', allowed: 'must be an IPv4 or IPv6 address' },
  { name: 'keyAlgorithm as a string', build: (s) => deployment(s, { keyAlgorithm: 'ECDSA_P256' }), path: 'Sdb', field: 'keyAlgorithm', got: '"ECDSA_P256"', allowed: 'must be a KeyAlgorithm' },
  { name: 'serverSecretName with ${', build: (s) => deployment(s, { serverSecretName: 'tls-${var.x}' }), path: 'Sdb', field: 'serverSecretName', got: '"tls-${var.x}"', allowed: K8S_NAME },
  { name: 'clientCaName upper case', build: (s) => deployment(s, { clientCaName: 'Client-CA' }), path: 'Sdb', field: 'clientCaName', got: '"Client-CA"', allowed: K8S_NAME },
  { name: 'userSqlConfigMapName with %{', build: (s) => deployment(s, { userSqlConfigMapName: 'users-%{x}' }), path: 'Sdb', field: 'userSqlConfigMapName', got: '"users-%{x}"', allowed: K8S_NAME },
  { name: 'clientCaDelivery outside the enum', build: (s) => deployment(s, { clientCaDelivery: 'configmap' }), path: 'Sdb', field: 'clientCaDelivery', got: '"configmap"', allowed: 'must be one of SingleStoreClientCaDelivery.CONFIG_MAP, SingleStoreClientCaDelivery.SECRET' },
  { name: 'tlsVersions outside the enum', build: (s) => deployment(s, { tlsVersions: 'TLSv1.2 ' }), path: 'Sdb', field: 'tlsVersions', got: '"TLSv1.2 "', allowed: 'must be one of SingleStoreTlsVersions.TLS1_2' },
  { name: 'clientCaPath with %{', build: (s) => deployment(s, { clientCaPath: '/etc/%{ if true }x%{ endif }' }), path: 'Sdb', field: 'clientCaPath', got: '"/etc/%{ if true }x%{ endif }"', allowed: CONFIG_PATH },
  { name: 'clientCaPath with ${', build: (s) => deployment(s, { clientCaPath: '/etc/${file("/etc/passwd")}' }), path: 'Sdb', field: 'clientCaPath', got: '"/etc/${file(\\"/etc/passwd\\")}"', allowed: CONFIG_PATH },
  { name: 'serverTlsDirectory with a newline', build: (s) => deployment(s, { serverTlsDirectory: '/etc/ssl\nssl_key = /tmp/k' }), path: 'Sdb', field: 'serverTlsDirectory', got: '"/etc/ssl\\nssl_key = /tmp/k"', allowed: CONFIG_PATH },
  { name: 'serverTlsDirectory as a number', build: (s) => deployment(s, { serverTlsDirectory: 7 }), path: 'Sdb', field: 'serverTlsDirectory', got: '7', allowed: CONFIG_PATH },
  { name: 'sqlOutputName with ${', build: (s) => deployment(s, { sqlOutputName: '${var.x}' }), path: 'Sdb', field: 'sqlOutputName', got: '"${var.x}"', allowed: 'must be a Terraform identifier' },
  { name: 'sqlOutputName as a number', build: (s) => deployment(s, { sqlOutputName: 1 }), path: 'Sdb', field: 'sqlOutputName', got: '1', allowed: 'must be a Terraform identifier' },
  {
    name: 'two deployments with one sqlOutputName', path: 'Two', field: 'sqlOutputName', got: '"user_sql"', allowed: 'must be a unique output name in stack test; test/One already writes output "user_sql"',
    build: (s) => {
      deployment(s, { sqlOutputName: 'user_sql' }, 'One');
      deployment(s, { sqlOutputName: 'user_sql', clusterName: 'sdb2', namespace: 'singlestore2' }, 'Two');
    },
  },
  { name: 'provider as a string', build: (s) => deployment(s, { provider: 'kubernetes' }), path: 'Sdb', field: 'provider', got: '"kubernetes"', allowed: 'must be a KubernetesProvider' },
  // addUser options
  { name: 'addUser without options', build: (s) => user(s, undefined), path: 'Sdb/U', field: 'options', got: 'nothing', allowed: 'must be the options of addUser(): an object { name, host' },
  { name: 'addUser options as an array', build: (s) => user(s, [app()]), path: 'Sdb/U', field: 'options', got: '[{"name":"app","namespace":"app"}]', allowed: 'must be the options of addUser()' },
  { name: 'addUser options as a string', build: (s) => user(s, 'app'), path: 'Sdb/U', field: 'options', got: '"app"', allowed: 'an object { name' },
  { name: 'typo hosts', build: (s) => user(s, app({ hosts: ['10.%'] })), path: 'Sdb/U', field: 'hosts', got: '["10.%"]', allowed: 'did you mean "host"' },
  { name: 'typo secretname', build: (s) => user(s, app({ secretname: 'app-tls' })), path: 'Sdb/U', field: 'secretname', got: '"app-tls"', allowed: 'did you mean "secretName"' },
  { name: 'internal key clientCa passed as an option', build: (s) => user(s, app({ clientCa: new CertificateAuthority(s, 'Mine') })), path: 'Sdb/U', field: 'clientCa', got: 'the construct test/Mine', allowed: 'is not an option here' },
  { name: 'existingUser as the string "false"', build: (s) => user(s, app({ existingUser: 'false' }), { engineVersion: SingleStoreVersion.V9_0 }), path: 'Sdb/U', field: 'existingUser', got: '"false"', allowed: 'must be true or false' },
  { name: 'existingUser as 0', build: (s) => user(s, app({ existingUser: 0 })), path: 'Sdb/U', field: 'existingUser', got: '0', allowed: 'must be true or false' },
  { name: 'user name as a Symbol', build: (s) => user(s, app({ name: Symbol('x'), secretName: 'u-tls' })), path: 'Sdb/U', field: 'name', got: 'a symbol', allowed: 'must be a string' },
  { name: 'user name left out', build: (s) => user(s, { namespace: 'app' }), path: 'Sdb/U', field: 'name', got: 'nothing', allowed: 'must be a string' },
  { name: 'user name with ${', build: (s) => user(s, app({ name: 'a${var.x}', secretName: 'a-tls' })), path: 'Sdb/U', field: 'name', got: '"a${var.x}"', allowed: 'must be a user name without control characters of at most 32 characters, without "${" or "%{"' },
  { name: 'user name with a newline', build: (s) => user(s, app({ name: 'a\nDROP USER root;', secretName: 'a-tls' })), path: 'Sdb/U', field: 'name', got: '"a\\nDROP USER root;"', allowed: 'and on one line' },
  { name: 'user name with a backslash', build: (s) => user(s, app({ name: 'a\\b', secretName: 'a-tls' })), path: 'Sdb/U', field: 'name', got: '"a\\\\b"', allowed: 'must not contain a backslash' },
  { name: 'user host with %{', build: (s) => user(s, app({ host: '%{ if true }%{ endif }' })), path: 'Sdb/U', field: 'host', got: '"%{ if true }%{ endif }"', allowed: 'must be a host pattern without control characters of at most 255 characters' },
  { name: 'user host with a trailing space', build: (s) => user(s, app({ host: '10.0.% ' })), path: 'Sdb/U', field: 'host', got: '"10.0.% "', allowed: 'must not start or end with whitespace' },
  { name: 'user host as a list', build: (s) => user(s, app({ host: ['%'] })), path: 'Sdb/U', field: 'host', got: '["%"]', allowed: 'must be a string' },
  { name: 'user require outside the enum', build: (s) => user(s, app({ require: 'issuer' })), path: 'Sdb/U', field: 'require', got: '"issuer"', allowed: 'must be SingleStoreUserRequirement.SUBJECT or SingleStoreUserRequirement.X509' },
  { name: 'user subject typo commonname', build: (s) => user(s, app({ subject: { commonname: 'app' } })), path: 'Sdb/U', field: 'subject.commonname', got: '"app"', allowed: 'did you mean "commonName"' },
  { name: 'user subject as an array', build: (s) => user(s, app({ subject: [{ commonName: 'app' }] })), path: 'Sdb/U', field: 'subject', got: '[{"commonName":"app"}]', allowed: 'must be an object { commonName' },
  { name: 'user subject with a quote and %{', build: (s) => user(s, app({ subject: { commonName: "x' %{ if true }" } })), path: 'Sdb/U', field: 'subject.commonName', got: '"x\' %{ if true }"', allowed: 'without "${" or "%{"' },
  { name: 'user subject with a tab', build: (s) => user(s, app({ subject: { commonName: 'app', organization: 'a\tb' } })), path: 'Sdb/U', field: 'subject.organization', got: '"a\\tb"', allowed: 'text without control characters' },
  { name: 'secretName with ${', build: (s) => user(s, app({ secretName: 'app-${var.x}' })), path: 'Sdb/U', field: 'secretName', got: '"app-${var.x}"', allowed: K8S_NAME },
  { name: 'secretLayout outside the enum', build: (s) => user(s, app({ secretLayout: 'tls.crt' })), path: 'Sdb/U', field: 'secretLayout', got: '"tls.crt"', allowed: 'must be one of TlsSecretLayout.KUBERNETES, TlsSecretLayout.SINGLESTORE' },
  { name: 'user namespace upper case', build: (s) => user(s, app({ namespace: 'App' })), path: 'Sdb/U', field: 'namespace', got: '"App"', allowed: 'must be a DNS-1123 label' },
  { name: 'user namespace left out', build: (s) => user(s, { name: 'app' }), path: 'Sdb/U', field: 'namespace', got: 'nothing', allowed: 'must be a DNS-1123 label' },
  { name: 'user keyAlgorithm as a string', build: (s) => user(s, app({ keyAlgorithm: 'RSA_4096' })), path: 'Sdb/U', field: 'keyAlgorithm', got: '"RSA_4096"', allowed: 'must be a KeyAlgorithm' },
  { name: 'user validityHours as a string', build: (s) => user(s, app({ validityHours: '720' })), path: 'Sdb/U', field: 'validityHours', got: '"720"', allowed: 'must be a whole number of hours from 1 to 876000' },
  { name: 'user validityHours NaN', build: (s) => user(s, app({ validityHours: NaN })), path: 'Sdb/U', field: 'validityHours', got: 'NaN', allowed: 'must be a whole number of hours' },
  { name: 'user earlyRenewalHours -0', build: (s) => user(s, app({ earlyRenewalHours: -0 })), path: 'Sdb/U', field: 'earlyRenewalHours', got: '-0', allowed: 'must be a whole number of hours from 0' },
  { name: 'user provider as a string', build: (s) => user(s, app({ provider: 'kubernetes.app' })), path: 'Sdb/U', field: 'provider', got: '"kubernetes.app"', allowed: 'must be a KubernetesProvider' },
  { name: 'user host null', build: (s) => user(s, app({ host: null })), path: 'Sdb/U', field: 'host', got: 'null', allowed: 'must not be null' },
  // Identity: REQUIRE SUBJECT tells users apart by subject only
  {
    name: 'two users with one explicit subject', path: 'Sdb/Billing', field: 'subject', got: '"/O=Example/CN=shared"', allowed: 'must be unique among the client certificates of CA test/SdbCa: test/Sdb/Orders already has this subject',
    build: (s) => {
      const tls = deployment(s);
      tls.addUser('Orders', { name: 'orders', namespace: 'orders', subject: { commonName: 'shared', organization: 'Example' } });
      tls.addUser('Billing', { name: 'billing', namespace: 'billing', subject: { commonName: 'shared', organization: 'Example' } });
    },
  },
  {
    name: 'a user whose subject is another user\'s default', path: 'Sdb/Shadow', field: 'subject', got: '"/CN=orders"', allowed: 'test/Sdb/Orders already has this subject',
    build: (s) => {
      const tls = deployment(s);
      tls.addUser('Orders', { name: 'orders', namespace: 'orders' });
      tls.addUser('Shadow', { name: 'shadow', namespace: 'shadow', subject: { commonName: 'orders' } });
    },
  },
  {
    name: 'two users of one name on two hosts with one subject, in one namespace', path: 'Sdb/B', field: 'subject', got: '"/CN=app"', allowed: 'test/Sdb/A already has this subject',
    build: (s) => {
      const tls = deployment(s);
      tls.addUser('A', { name: 'app', host: '10.0.%', namespace: 'app', secretName: 'a' });
      tls.addUser('B', { name: 'app', host: '10.1.%', namespace: 'app', secretName: 'b' });
    },
  },
  {
    name: 'two deployments sharing a client CA, one subject in each', path: 'Two/U', field: 'subject', got: '"/CN=app"', allowed: 'test/One/U already has this subject',
    build: (s) => {
      const ca = new CertificateAuthority(s, 'SharedCa');
      deployment(s, { ca }, 'One').addUser('U', { name: 'app', namespace: 'a' });
      deployment(s, { ca, clusterName: 'sdb2', namespace: 'singlestore2' }, 'Two').addUser('U', { name: 'app2', namespace: 'b', subject: { commonName: 'app' } });
    },
  },
  {
    name: 'a hand-made client certificate with a user\'s subject', path: 'Copy', field: 'subject', got: '"/CN=dba"', allowed: 'test/Sdb/Dba already has this subject',
    build: (s) => {
      const ca = new CertificateAuthority(s, 'SharedCa');
      deployment(s, { ca }).addUser('Dba', { name: 'dba', namespace: 'dba' });
      new ClientCertificate(s, 'Copy', { ca, subject: { commonName: 'dba' }, holders: [{ namespace: 'dba', description: 'a copy' }] });
    },
  },
  {
    name: 'a user with the subject of an earlier client certificate in its own namespace', path: 'Sdb/Dba', field: 'subject', got: '"/CN=dba"', allowed: 'test/Earlier already has this subject',
    build: (s) => {
      const ca = new CertificateAuthority(s, 'SharedCa');
      new ClientCertificate(s, 'Earlier', { ca, subject: { commonName: 'dba' }, holders: [{ namespace: 'dba', description: 'earlier' }] });
      deployment(s, { ca }).addUser('Dba', { name: 'dba', namespace: 'dba' });
    },
  },
  {
    name: 'the same account twice is refused before the user\'s certificate', path: 'Sdb/C', field: 'name', got: '"app@EXAMPLE.com"', allowed: 'must be unique per host; test/Sdb/A already defines that account',
    build: (s) => {
      const tls = deployment(s);
      tls.addUser('A', { name: 'app', host: 'example.com', namespace: 'app', secretName: 'a' });
      tls.addUser('C', { name: 'app', host: 'EXAMPLE.com', namespace: 'app', secretName: 'c' });
    },
  },
];

function refusal(build: Build): { error: TlsfleetValidationError; stack: TerraformStack } {
  const stack = newStack();
  return { error: validationError(() => build(stack)), stack };
}

describe('hostile props of SingleStoreTls and addUser()', () => {
  test('the table holds at least 60 cases with unique names', () => {
    expect(CASES.length).toBeGreaterThanOrEqual(60);
    expect(new Set(CASES.map((c) => c.name)).size).toBe(CASES.length);
  });

  test.each(CASES.map((c): [string, Case] => [c.name, c]))('%s', (_name, c) => {
    const { error } = refusal(c.build);
    expect(error.message.startsWith(`test/${c.path}: \`${c.field}\` `)).toBe(true);
    expect(error.constructPath).toBe(`test/${c.path}`);
    expect(error.field).toBe(c.field);
    const got = error.message.slice(error.message.lastIndexOf(', got ') + ', got '.length);
    if (typeof c.got === 'string') expect(got).toBe(c.got);
    else expect(got).toMatch(c.got);
    expect(error.message).toContain(c.allowed);
  });

  test('a refused deployment creates no resource: its props are checked before the server certificate', () => {
    const { stack } = refusal((s) => deployment(s, { serverSecretName: 'Bad' }));
    expect(stack.node.tryFindChild('Sdb')?.node.children.length ?? 0).toBe(0);
  });

  test('a refused user creates no resource: its options and subject are checked before its certificate', () => {
    const { stack } = refusal((s) => {
      const tls = deployment(s);
      tls.addUser('Orders', { name: 'orders', namespace: 'orders' });
      tls.addUser('Shadow', { name: 'shadow', namespace: 'shadow', subject: { commonName: 'orders' } });
    });
    expect(stack.node.findChild('Sdb').node.tryFindChild('Shadow')?.node.children.length ?? 0).toBe(0);
  });
});

describe('valid input stays valid', () => {
  test('users with their own subjects, one subject under two client CAs, and every option spelled out synthesize', () => {
    const json = synth((s) => {
      const eu = new KubernetesProvider(s, 'kubernetes', {});
      const ca = new CertificateAuthority(s, 'Ca');
      const tls = new SingleStoreTls(s, 'Sdb', {
        clusterName: 'sdb', namespace: 'singlestore', engineVersion: SingleStoreVersion.V10_0, ca, clientCa: new CertificateAuthority(s, 'ClientCa'),
        dnsNames: ['sdb.example.com'], ipAddresses: ['10.0.0.1'], serverSecretName: 'sdb-tls', clientCaName: 'sdb-client-ca', clientCaPath: '/etc/memsql/ca.pem',
        serverTlsDirectory: '/etc/memsql/ssl', userSqlConfigMapName: 'sdb-users', sqlOutputName: 'sdb_user_sql', provider: eu,
      });
      tls.addUser('Orders', { name: "o'brien", host: '10.0.%', namespace: 'orders', secretName: 'orders-db', subject: { commonName: 'orders', organizationalUnit: 'R/D+Ops' } });
      const reports = tls.addUser('Reports', { name: 'reports', namespace: 'reports', require: SingleStoreUserRequirement.X509, existingUser: true, validityHours: 720, earlyRenewalHours: 168 });
      waive(reports, 'TLSF012', { reason: 'The client CA issues certificates to the reporting job only; it reads a replica with SELECT grants.' });
      // Another deployment with its own client CA may reuse a subject: its CA tells the certificates apart.
      deployment(s, { clusterName: 'other', namespace: 'other', provider: eu }, 'Other').addUser('Orders', { name: 'orders', namespace: 'orders2', subject: { commonName: 'orders', organizationalUnit: 'R/D+Ops' } });
      new TerraformOutput(s, 'unrelated', { value: 'x' });
    });
    expect(Object.keys(json.output ?? {})).toEqual(expect.arrayContaining(['sdb_user_sql', 'unrelated']));
  });
});
