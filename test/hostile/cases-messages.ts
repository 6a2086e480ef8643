import { RACK, scylla, singlestore } from './fixtures';
import type { HostileCase } from './types';

const CLASS = 'messages';

type Build = (lib: any, stack: any) => unknown;

function m(id: string, description: string, build: Build, path: string | RegExp, field: RegExp | string, value?: RegExp | string, allowed?: RegExp): HostileCase {
  return { id, class: CLASS, description, build, expect: { reject: { path, field, value, allowed } } };
}

const ca = (lib: any, stack: any, props?: unknown): any => new lib.CertificateAuthority(stack, 'Ca', props);
const client = (lib: any, stack: any, props: Record<string, unknown>): any =>
  new lib.ClientCertificate(stack, 'Orders', { ca: ca(lib, stack), subject: { commonName: 'orders' }, ...props });
const server = (lib: any, stack: any, props: Record<string, unknown>): any =>
  new lib.ServerCertificate(stack, 'Server', { ca: ca(lib, stack), dnsNames: ['db.example.svc'], ...props });
const rack = (over: Record<string, unknown>): Record<string, unknown> => ({ datacenters: [{ name: 'dc1', racks: [{ ...RACK, ...over }] }] });

const CA = 'hostile/Ca';
const SHOP = 'hostile/Shop';
const DC = /hostile\/Shop(\/dc1)?/;
const NUMBER = /whole number|finite|must be/i;

export const MESSAGE_CASES: HostileCase[] = [
  m('M01', 'dnsNames as a string', (lib, stack) => server(lib, stack, { dnsNames: 'db.example.svc' }), 'hostile/Server', 'dnsNames', '"db.example.svc"', /list|array/i),
  m('M02', 'ipAddresses as a string', (lib, stack) => server(lib, stack, { ipAddresses: '10.0.0.1' }), 'hostile/Server', 'ipAddresses', '"10.0.0.1"', /list|array/i),
  m('M03', 'keyAlgorithm as a string', (lib, stack) => ca(lib, stack, { keyAlgorithm: 'RSA_2048' }), CA, 'keyAlgorithm', '"RSA_2048"', /KeyAlgorithm/),
  m('M04', 'keyAlgorithm as a look-alike plain object', (lib, stack) => client(lib, stack, { keyAlgorithm: { type: 'RSA', rsaBits: 512 } }), 'hostile/Orders', 'keyAlgorithm', /RSA/, /KeyAlgorithm/),
  m('M05', 'ServerCertificate without props', (lib, stack) => new lib.ServerCertificate(stack, 'Server', undefined), 'hostile/Server', /props|ca/, /nothing|undefined/),
  m('M06', 'TlsSecret without props', (lib, stack) => new lib.TlsSecret(stack, 'Tls', undefined), 'hostile/Tls', /props|certificate/, /nothing|undefined/),
  m('M07', 'ScyllaCluster without props', (lib, stack) => new lib.ScyllaCluster(stack, 'Shop', undefined), SHOP, /props|name/, /nothing|undefined/),
  m('M08', 'SingleStoreTls without props', (lib, stack) => new lib.SingleStoreTls(stack, 'Sdb', undefined), 'hostile/Sdb', /props|clusterName/, /nothing|undefined/),
  m('M09', 'ClientCertificate without props', (lib, stack) => new lib.ClientCertificate(stack, 'Orders', undefined), 'hostile/Orders', /props|ca/, /nothing|undefined/),
  m('M10', 'CaBundleConfigMap without a bundle', (lib, stack) => new lib.CaBundleConfigMap(stack, 'Bundle', { namespace: 'app', name: 'ca' }), 'hostile/Bundle', 'bundle', /nothing|undefined/, /CaBundle/),
  m('M11', 'CaBundle.of(undefined)', (lib, stack) => new lib.CaBundleConfigMap(stack, 'Bundle', { bundle: lib.CaBundle.of(undefined), namespace: 'app', name: 'ca' }), 'hostile/Bundle', /bundle/, /nothing|undefined/, /CA|CertificateAuthority/),
  m('M12', 'CaBundle.of() holding a string', (lib, stack) => new lib.CaBundleConfigMap(stack, 'Bundle', { bundle: lib.CaBundle.of('ca.pem'), namespace: 'app', name: 'ca' }), 'hostile/Bundle', /bundle/, /ca\.pem/, /CA|CertificateAuthority/),
  m('M13', 'imported CA without a key', (lib, stack) => lib.CertificateAuthority.fromPem(stack, 'OrgCa', { certificatePem: 'x', privateKeyPem: undefined }), 'hostile/OrgCa', 'privateKeyPem', /nothing|undefined/),
  m('M14', 'imported CA without a certificate', (lib, stack) => lib.CertificateAuthority.fromPem(stack, 'OrgCa', { privateKeyPem: new lib.TerraformVariable(stack, 'k', { type: 'string', sensitive: true }).stringValue }), 'hostile/OrgCa', 'certificatePem', /nothing|undefined/),
  m('M15', 'a CA where TlsSecret expects a leaf', (lib, stack) => new lib.TlsSecret(stack, 'Tls', { certificate: ca(lib, stack), namespace: 'app', name: 'tls' }), 'hostile/Tls', 'certificate', /hostile\/Ca/, /ServerCertificate|ClientCertificate/),
  m('M16', 'a leaf where a CA is expected', (lib, stack) => {
    const leaf = client(lib, stack, {});
    return new lib.ClientCertificate(stack, 'Second', { ca: leaf, subject: { commonName: 'second' } });
  }, 'hostile/Second', 'ca', /hostile\/Orders/, /CertificateAuthority/),
  m('M17', 'a CaBundle where a CA is expected', (lib, stack) => new lib.ClientCertificate(stack, 'Orders', { ca: lib.CaBundle.of(ca(lib, stack)), subject: { commonName: 'o' } }), 'hostile/Orders', 'ca', undefined, /CertificateAuthority/),
  m('M18', 'a string where a CA is expected', (lib, stack) => new lib.ClientCertificate(stack, 'Orders', { ca: 'my-ca', subject: { commonName: 'o' } }), 'hostile/Orders', 'ca', '"my-ca"', /CertificateAuthority/),
  m('M19', 'a CA where trustBundle expects a CaBundle', (lib, stack) => client(lib, stack, { trustBundle: new lib.CertificateAuthority(stack, 'Other') }), 'hostile/Orders', 'trustBundle', /hostile\/Other/, /CaBundle/),
  m('M20', 'validityHours NaN', (lib, stack) => ca(lib, stack, { validityHours: NaN }), CA, 'validityHours', /\bNaN\b/, NUMBER),
  m('M21', 'validityHours Infinity', (lib, stack) => ca(lib, stack, { validityHours: Infinity }), CA, 'validityHours', /\bInfinity\b/, NUMBER),
  m('M22', 'validityHours -0', (lib, stack) => ca(lib, stack, { validityHours: -0 }), CA, 'validityHours', /-0\b/, NUMBER),
  m('M23', 'validityHours 1e400 (Infinity)', (lib, stack) => ca(lib, stack, { validityHours: 1e400 }), CA, 'validityHours', /\bInfinity\b/, NUMBER),
  m('M24', 'validityHours as a string', (lib, stack) => ca(lib, stack, { validityHours: '87600' }), CA, 'validityHours', '"87600"', NUMBER),
  m('M25', 'validityHours as an array', (lib, stack) => ca(lib, stack, { validityHours: [8760] }), CA, 'validityHours', '[8760]', NUMBER),
  m('M26', 'earlyRenewalHours NaN on a leaf', (lib, stack) => client(lib, stack, { earlyRenewalHours: NaN }), 'hostile/Orders', 'earlyRenewalHours', /\bNaN\b/, NUMBER),
  m('M27', 'earlyRenewalHours -Infinity', (lib, stack) => client(lib, stack, { earlyRenewalHours: -Infinity }), 'hostile/Orders', 'earlyRenewalHours', /-Infinity/, NUMBER),
  m('M28', 'rack members NaN', (lib, stack) => scylla(lib, stack, rack({ members: NaN })), DC, /racks\[0\]\.members/, /\bNaN\b/, NUMBER),
  m('M29', 'rack members as a string', (lib, stack) => scylla(lib, stack, rack({ members: '3' })), DC, /racks\[0\]\.members/, '"3"', NUMBER),
  m('M30', 'rack members as a BigInt', (lib, stack) => scylla(lib, stack, rack({ members: BigInt(3) })), DC, /racks\[0\]\.members/, /\b3n\b/, NUMBER),
  m('M31', 'rack members 2^32', (lib, stack) => scylla(lib, stack, rack({ members: 2 ** 32 })), DC, /racks\[0\]\.members/, '4294967296', /at most|must/i),
  m('M32', 'rack members 1e400', (lib, stack) => scylla(lib, stack, rack({ members: 1e400 })), DC, /racks\[0\]\.members/, /\bInfinity\b/, NUMBER),
  m('M33', 'rack members -0', (lib, stack) => scylla(lib, stack, rack({ members: -0 })), DC, /racks\[0\]\.members/, /-0\b/, NUMBER),
  m('M34', 'rack cpuLimit as a number', (lib, stack) => scylla(lib, stack, rack({ cpuLimit: 4 })), DC, /racks\[0\]\.cpuLimit/, /\b4\b/, /quantity|string|must/i),
  m('M35', 'rack storageCapacity NaN', (lib, stack) => scylla(lib, stack, rack({ storageCapacity: NaN })), DC, /racks\[0\]\.storageCapacity/, /\bNaN\b/, /quantity|must/i),
  m('M36', 'ScyllaDB Cloud minNodes NaN', (lib, stack) => new lib.ScyllaCloudCluster(stack, 'Catalog', { name: 'catalog', region: 'us-east-1', cloud: lib.ScyllaCloudProvider.AWS, nodeType: 'i8g.large', minNodes: NaN }), 'hostile/Catalog', 'minNodes', /\bNaN\b/, NUMBER),
  m('M37', 'configurePolicy maxLeafValidityDays NaN', (lib, stack) => lib.configurePolicy(stack, { maxLeafValidityDays: NaN }), /hostile/, /maxLeafValidityDays/, /\bNaN\b/, NUMBER),
  m('M38', 'configurePolicy minRsaBits as a string', (lib, stack) => lib.configurePolicy(stack, { minRsaBits: '4096' }), /hostile/, /minRsaBits/, '"4096"', NUMBER),
  m('M39', 'KeyAlgorithm.rsa("2048")', (lib, stack) => ca(lib, stack, { keyAlgorithm: lib.KeyAlgorithm.rsa('2048') }), CA, 'keyAlgorithm', /"2048"/, /whole number|bits/),
  m('M40', 'KeyAlgorithm.rsa(NaN)', (lib, stack) => ca(lib, stack, { keyAlgorithm: lib.KeyAlgorithm.rsa(NaN) }), CA, 'keyAlgorithm', /\bNaN\b/, /whole number|bits/),
  m('M41', 'datacenters [null]', (lib, stack) => scylla(lib, stack, { datacenters: [null] }), SHOP, /datacenters\[0\]/, /null/, /must/),
  m('M42', 'racks [null]', (lib, stack) => scylla(lib, stack, { datacenters: [{ name: 'dc1', racks: [null] }] }), DC, /racks\[0\]/, /null/, /must/),
  m('M43', 'racks as an object', (lib, stack) => scylla(lib, stack, { datacenters: [{ name: 'dc1', racks: RACK }] }), DC, /racks/, /r1/, /list|at least one|must/i),
  m('M44', 'subject as an array', (lib, stack) => ca(lib, stack, { subject: ['CN=x'] }), CA, /`subject`|\bsubject\b(?!\.)/, /CN=x/, /object/),
  m('M45', 'additionalScyllaConfig as an array', (lib, stack) => scylla(lib, stack, { additionalScyllaConfig: ['a', 'b'] }), SHOP, /additionalScyllaConfig/, /\["a","b"\]|a/, /map|object/i),
  m('M46', 'labels as an array', (lib, stack) => scylla(lib, stack, { labels: ['team=red'] }), SHOP, /labels/, /team=red/, /map|object/i),
  m('M47', 'exposeOptions as an array', (lib, stack) => scylla(lib, stack, { exposeOptions: [] }), SHOP, /exposeOptions/, /\[\]/, /object/i),
  m('M48', 'placement as a string', (lib, stack) => scylla(lib, stack, rack({ placement: 'anywhere' })), DC, /placement/, '"anywhere"', /object/i),
  m('M49', 'alternator: true instead of options', (lib, stack) => scylla(lib, stack, { alternator: true }), SHOP, /alternator/, /true/, /object/i),
  m('M50', 'cql as a string', (lib, stack) => scylla(lib, stack, { cql: 'TLS1_3' }), SHOP, /cql/, '"TLS1_3"', /object/i),
  m('M51', 'holders as a string', (lib, stack) => client(lib, stack, { holders: 'orders' }), 'hostile/Orders', /holders/, '"orders"', /list|array/i),
  m('M52', 'clientTrustBundle: a CA instead of a CaBundle', (lib, stack) => scylla(lib, stack, { clientTrustBundle: new lib.CertificateAuthority(stack, 'Other') }), SHOP, 'clientTrustBundle', /hostile\/Other/, /CaBundle/),
  m('M53', 'ScyllaCluster ca as a string', (lib, stack) => scylla(lib, stack, { ca: 'shop-ca' }), SHOP, /`ca`/, '"shop-ca"', /CertificateAuthority/),
  m('M54', 'addClient without options', (lib, stack) => scylla(lib, stack).addClient('Orders', undefined), /hostile\/Shop(\/Orders)?/, /options|name/, /nothing|undefined/),
  m('M55', 'addUser without options', (lib, stack) => singlestore(lib, stack).addUser('U', undefined), /hostile\/Sdb(\/U)?/, /options|name/, /nothing|undefined/),
  m('M56', 'user name as a Symbol', (lib, stack) => singlestore(lib, stack).addUser('U', { name: Symbol('x'), namespace: 'u', secretName: 'u-tls' }), /hostile\/Sdb\/U/, /name/, /symbol/i, /string/),
  m('M57', 'developerMode as the string "false"', (lib, stack) => scylla(lib, stack, { developerMode: 'false' }), SHOP, 'developerMode', '"false"', /true or false|boolean/),
  m('M58', 'existingUser as the string "false"', (lib, stack) => singlestore(lib, stack, { engineVersion: lib.SingleStoreVersion.V9_0 }).addUser('U', { name: 'u', namespace: 'u', existingUser: 'false' }), /hostile\/Sdb\/U/, 'existingUser', '"false"', /true or false|boolean/),
  m('M59', 'clientAuth as the string "true"', (lib, stack) => server(lib, stack, { clientAuth: 'true' }), 'hostile/Server', 'clientAuth', '"true"', /true or false/),
  m('M60', 'CertificateAuthority props as an array', (lib, stack) => ca(lib, stack, [{ validityHours: 24 }]), CA, /props/, /validityHours|\[/, /object/i),
  m('M61', 'typo validityHour on CertificateAuthority', (lib, stack) => ca(lib, stack, { validityHour: 24 }), CA, 'validityHour', '24', /validityHours/),
  m('M62', 'typo earlyRenewalHour on ClientCertificate', (lib, stack) => client(lib, stack, { earlyRenewalHour: 24 }), 'hostile/Orders', 'earlyRenewalHour', '24', /earlyRenewalHours/),
  m('M63', 'typo nameSpace in addClient', (lib, stack) => scylla(lib, stack).addClient('Orders', { name: 'orders', nameSpace: 'orders' }), /hostile\/Shop\/Orders/, 'nameSpace', '"orders"', /namespace/),
  m('M64', 'typo organisation in a subject', (lib, stack) => ca(lib, stack, { subject: { commonName: 'x', organisation: 'Example' } }), CA, /organisation/, '"Example"', /organization/),
  m('M65', 'commonname (lower case) in a subject', (lib, stack) => ca(lib, stack, { subject: { commonname: 'x' } }), CA, /commonname/, '"x"', /commonName/),
  m('M66', 'insecureEnableHTTP (CRD spelling) in alternator options', (lib, stack) => scylla(lib, stack, { alternator: { insecureEnableHTTP: false } }), SHOP, /insecureEnableHTTP/, 'false', /insecureEnableHttp/),
  m('M67', 'dnsName (singular) on ServerCertificate', (lib, stack) => new lib.ServerCertificate(stack, 'Server', { ca: ca(lib, stack), dnsName: 'db.example.svc', ipAddresses: ['10.0.0.1'] }), 'hostile/Server', 'dnsName', '"db.example.svc"', /dnsNames/),
  m('M68', 'unknown ScyllaCluster prop "replicas"', (lib, stack) => scylla(lib, stack, { replicas: 3 }), SHOP, 'replicas', '3', /not an option|options|must/i),
  m('M69', 'typo racks → rack in a datacenter', (lib, stack) => scylla(lib, stack, { datacenters: [{ name: 'dc1', rack: [RACK] }] }), DC, /rack\b/, /r1/, /racks/),
  m('M70', 'typo storageClass in a rack', (lib, stack) => scylla(lib, stack, rack({ storageClass: 'fast' })), DC, /storageClass\b/, '"fast"', /storageClassName/),
  m('M71', 'typo tlsVersion in cql options', (lib, stack) => scylla(lib, stack, { cql: { tlsVersion: 'TLSv1.2' } }), SHOP, /tlsVersion\b/, /TLSv1\.2/, /tlsVersions/),
  m('M72', 'typo sqlOutput in SingleStoreTls', (lib, stack) => singlestore(lib, stack, { sqlOutput: 'x' }), 'hostile/Sdb', /sqlOutput\b/, '"x"', /sqlOutputName/),
  m('M73', 'typo hosts in addUser', (lib, stack) => singlestore(lib, stack).addUser('U', { name: 'u', namespace: 'u', hosts: ['10.%'] }), /hostile\/Sdb\/U/, /hosts/, /10\.%/, /host/),
  m('M74', 'typo reasons in encryptedConnections', (lib, stack) => new lib.ScyllaCloudCluster(stack, 'Catalog', {
    name: 'catalog', region: 'us-east-1', cloud: lib.ScyllaCloudProvider.AWS, nodeType: 'i8g.large', minNodes: 3,
    encryptedConnections: { reasons: 'Enabled in the console on 2026-11-30 (CHG-2231)', enabledBy: 'dba' },
  }), 'hostile/Catalog', 'reasons', /Enabled in the console/, /reason/),
];
