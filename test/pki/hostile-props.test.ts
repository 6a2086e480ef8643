import { createPrivateKey } from 'node:crypto';
import { KubernetesProvider } from '@cdktf/provider-kubernetes/lib/provider';
import { TerraformStack, TerraformVariable } from 'cdktf';
import {
  CaBundle, CaBundleConfigMap, CertificateAuthority, ClientCertificate, ImportedCertificateAuthority, KeyAlgorithm, ServerCertificate,
  TlsfleetValidationError, TlsSecret,
} from '../../constructs';
import { newStack, synth, validationError } from '../helpers/synth';
import { CaFixtures, makeCaFixtures } from './openssl-fixtures';

/**
 * Hostile props for the PKI constructs, as JavaScript callers, `as any` and JSON-built props reach
 * them: each is refused with a TlsfleetValidationError naming the construct path, the field, the
 * value (never key text) and what is allowed, before any resource exists.
 */
const fx: CaFixtures = makeCaFixtures();

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

const ca = (s: TerraformStack, props?: unknown): CertificateAuthority => new CertificateAuthority(s, 'Ca', props as never);
const client = (s: TerraformStack, props: Record<string, unknown> = {}, id = 'Orders'): ClientCertificate =>
  new ClientCertificate(s, id, { ca: ca(s), subject: { commonName: 'orders' }, ...props } as never);
const server = (s: TerraformStack, props: Record<string, unknown> = {}): ServerCertificate =>
  new ServerCertificate(s, 'Server', { ca: ca(s), dnsNames: ['db.example.svc'], ...props } as never);
const keyVar = (s: TerraformStack): string => new TerraformVariable(s, 'ca_key', { type: 'string', sensitive: true }).stringValue;
const imported = (s: TerraformStack, certificatePem: unknown, extra: Record<string, unknown> = {}) =>
  CertificateAuthority.fromPem(s, 'OrgCa', { certificatePem, privateKeyPem: keyVar(s), ...extra } as never);
const secret = (s: TerraformStack, props: Record<string, unknown>) =>
  new TlsSecret(s, 'Tls', { certificate: server(s), namespace: 'app', name: 'app-tls', ...props } as never);
const configMap = (s: TerraformStack, props: Record<string, unknown>) =>
  new CaBundleConfigMap(s, 'Bundle', { bundle: CaBundle.of(ca(s)), namespace: 'app', name: 'ca', ...props } as never);
const NUMBER = 'must be a whole number of hours from 1 to 876000';
const jwk = JSON.stringify(createPrivateKey(fx.caKeyPem).export({ format: 'jwk' }));
const caNotAllowed = 'must be a certificate authority (CertificateAuthority or CertificateAuthority.fromPem)';

const CASES: Case[] = [
  // CertificateAuthority
  { name: 'CA props as an array', build: (s) => ca(s, [{ validityHours: 24 }]), path: 'Ca', field: 'props', got: '[{"validityHours":24}]', allowed: 'must be an object { subject?' },
  { name: 'CA typo validityHour', build: (s) => ca(s, { validityHour: 24 }), path: 'Ca', field: 'validityHour', got: '24', allowed: 'did you mean "validityHours"' },
  { name: 'CA keyAlgorithm as a string', build: (s) => ca(s, { keyAlgorithm: 'RSA_2048' }), path: 'Ca', field: 'keyAlgorithm', got: '"RSA_2048"', allowed: 'must be a KeyAlgorithm: KeyAlgorithm.ECDSA_P256' },
  { name: 'CA keyAlgorithm as a look-alike object', build: (s) => ca(s, { keyAlgorithm: { type: 'RSA', rsaBits: 512 } }), path: 'Ca', field: 'keyAlgorithm', got: '{"type":"RSA","rsaBits":512}', allowed: 'must be a KeyAlgorithm' },
  { name: 'KeyAlgorithm.rsa("2048")', build: (s) => ca(s, { keyAlgorithm: KeyAlgorithm.rsa('2048' as never) }), path: 'Ca', field: 'keyAlgorithm', got: '"2048"', allowed: 'whole number of bits' },
  { name: 'KeyAlgorithm.rsa(NaN)', build: (s) => ca(s, { keyAlgorithm: KeyAlgorithm.rsa(NaN) }), path: 'Ca', field: 'keyAlgorithm', got: '"RSA NaN"', allowed: 'whole number of bits' },
  { name: 'KeyAlgorithm.rsa(2048.5)', build: (s) => ca(s, { keyAlgorithm: KeyAlgorithm.rsa(2048.5) }), path: 'Ca', field: 'keyAlgorithm', got: '"RSA 2048.5"', allowed: 'a multiple of 8' },
  { name: 'CA validityHours NaN', build: (s) => ca(s, { validityHours: NaN }), path: 'Ca', field: 'validityHours', got: 'NaN', allowed: NUMBER },
  { name: 'CA validityHours Infinity', build: (s) => ca(s, { validityHours: Infinity }), path: 'Ca', field: 'validityHours', got: 'Infinity', allowed: NUMBER },
  { name: 'CA validityHours -0', build: (s) => ca(s, { validityHours: -0 }), path: 'Ca', field: 'validityHours', got: '-0', allowed: NUMBER },
  { name: 'CA validityHours 1e400', build: (s) => ca(s, { validityHours: 1e400 }), path: 'Ca', field: 'validityHours', got: 'Infinity', allowed: NUMBER },
  { name: 'CA validityHours as a string', build: (s) => ca(s, { validityHours: '87600' }), path: 'Ca', field: 'validityHours', got: '"87600"', allowed: NUMBER },
  { name: 'CA validityHours as an array', build: (s) => ca(s, { validityHours: [8760] }), path: 'Ca', field: 'validityHours', got: '[8760]', allowed: NUMBER },
  { name: 'CA earlyRenewalHours -0', build: (s) => ca(s, { earlyRenewalHours: -0 }), path: 'Ca', field: 'earlyRenewalHours', got: '-0', allowed: 'whole number of hours from 0 to 876000' },
  { name: 'CA earlyRenewalHours as a string', build: (s) => ca(s, { earlyRenewalHours: '720' }), path: 'Ca', field: 'earlyRenewalHours', got: '"720"', allowed: 'whole number of hours from 0' },
  { name: 'CA keyAlgorithm null', build: (s) => ca(s, { keyAlgorithm: null }), path: 'Ca', field: 'keyAlgorithm', got: 'null', allowed: 'must not be null' },
  // Subjects
  { name: 'subject as an array', build: (s) => ca(s, { subject: ['CN=x'] }), path: 'Ca', field: 'subject', got: '["CN=x"]', allowed: 'must be an object { commonName, country?, province?' },
  { name: 'subject as a string', build: (s) => ca(s, { subject: 'CN=x' }), path: 'Ca', field: 'subject', got: '"CN=x"', allowed: 'must be an object { commonName' },
  { name: 'subject typo commonname', build: (s) => ca(s, { subject: { commonname: 'x' } }), path: 'Ca', field: 'subject.commonname', got: '"x"', allowed: 'did you mean "commonName"' },
  { name: 'subject typo organisation', build: (s) => ca(s, { subject: { commonName: 'x', organisation: 'Example' } }), path: 'Ca', field: 'subject.organisation', got: '"Example"', allowed: 'did you mean "organization"' },
  { name: 'subject commonName as a number', build: (s) => ca(s, { subject: { commonName: 42 } }), path: 'Ca', field: 'subject.commonName', got: '42', allowed: 'must be a string' },
  { name: 'subject commonName with %{', build: (s) => ca(s, { subject: { commonName: 'CA %{ if true }x%{ endif }' } }), path: 'Ca', field: 'subject.commonName', got: '"CA %{ if true }x%{ endif }"', allowed: 'without "${" or "%{" (Terraform would evaluate them)' },
  { name: 'client subject organization with ${', build: (s) => client(s, { subject: { commonName: 'o', organization: '${file("/etc/passwd")}' } }), path: 'Orders', field: 'subject.organization', got: '"${file(\\"/etc/passwd\\")}"', allowed: 'without "${"' },
  { name: 'subject with a line separator', build: (s) => ca(s, { subject: { commonName: 'x', organizationalUnit: 'a\u2028b' } }), path: 'Ca', field: 'subject.organizationalUnit', got: '"a\u2028b"', allowed: 'text without control characters' },
  { name: 'subject with a backslash', build: (s) => client(s, { subject: { commonName: 'a\\b' } }), path: 'Orders', field: 'subject.commonName', got: '"a\\\\b"', allowed: 'must not contain a backslash' },
  // ImportedCertificateAuthority and CertificateAuthority.fromPem
  { name: 'certificatePem with its private key appended', build: (s) => imported(s, fx.caPem + fx.caKeyPem), path: 'OrgCa', field: 'certificatePem', got: '"<certificatePem holding a PRIVATE KEY block>"', allowed: 'must be one PEM certificate and nothing else' },
  { name: 'certificatePem with its private key before it', build: (s) => imported(s, fx.caKeyPem + fx.caPem), path: 'OrgCa', field: 'certificatePem', got: '"<certificatePem holding a PRIVATE KEY block>"', allowed: 'a private key never belongs here' },
  { name: 'certificatePem with an RSA key after a comment', build: (s) => imported(s, `${fx.caPem}# backup\n${fx.rsaKeyPem}`), path: 'OrgCa', field: 'certificatePem', got: '"<certificatePem holding a PRIVATE KEY block>"', allowed: 'one PEM certificate' },
  { name: 'certificatePem and privateKeyPem swapped', build: (s) => imported(s, fx.caKeyPem), path: 'OrgCa', field: 'certificatePem', got: '"<certificatePem holding a PRIVATE KEY block>"', allowed: 'one PEM certificate' },
  { name: 'certificatePem holding a chain of two', build: (s) => imported(s, fx.caPem + fx.expiringPem), path: 'OrgCa', field: 'certificatePem', got: '"<certificatePem holding 2 CERTIFICATE blocks>"', allowed: 'import the CA that signs the leaves, not a chain' },
  { name: 'certificatePem with Bag Attributes before it', build: (s) => imported(s, `Bag Attributes\n    friendlyName: org\n${fx.caPem}`), path: 'OrgCa', field: 'certificatePem', got: '"<certificatePem with text before its CERTIFICATE block>"', allowed: 'no other text' },
  { name: 'certificatePem with text after it', build: (s) => imported(s, `${fx.caPem}trailing words`), path: 'OrgCa', field: 'certificatePem', got: '"<certificatePem with text after its CERTIFICATE block, or no END line>"', allowed: 'no other text' },
  { name: 'certificatePem as a JWK', build: (s) => imported(s, jwk), path: 'OrgCa', field: 'certificatePem', got: '"<certificatePem holding JSON (a JWK?), not PEM>"', allowed: 'one PEM certificate' },
  { name: 'certificatePem as hex DER of a key', build: (s) => imported(s, Buffer.from(fx.rsaKeyPem.split('\n').filter((l) => !l.startsWith('-----')).join(''), 'base64').toString('hex')), path: 'OrgCa', field: 'certificatePem', got: /^"<certificatePem of \d+ hex digits, not PEM>"$/, allowed: 'one PEM certificate' },
  { name: 'certificatePem as base64 of a key', build: (s) => imported(s, Buffer.from(fx.caKeyPem).toString('base64')), path: 'OrgCa', field: 'certificatePem', got: '"<certificatePem holding a base64-encoded PRIVATE KEY>"', allowed: 'one PEM certificate' },
  { name: 'certificatePem with a corrupt body', build: (s) => imported(s, fx.caPem.replace(/\n[A-Za-z0-9+/]{10}/, '\n%%%%%%%%%%')), path: 'OrgCa', field: 'certificatePem', got: '"<certificatePem whose CERTIFICATE block is not base64>"', allowed: 'one PEM certificate' },
  { name: 'certificatePem left out', build: (s) => CertificateAuthority.fromPem(s, 'OrgCa', { privateKeyPem: keyVar(s) } as never), path: 'OrgCa', field: 'certificatePem', got: 'nothing', allowed: 'must be one PEM certificate, or a Terraform reference' },
  { name: 'certificatePem as a Buffer', build: (s) => imported(s, Buffer.from(fx.caPem)), path: 'OrgCa', field: 'certificatePem', got: '"<an object, not a string>"', allowed: 'must be one PEM certificate' },
  { name: 'an expired CA', build: (s) => imported(s, fx.expiredPem), path: 'OrgCa', field: 'certificatePem', got: '"valid from 2020-01-01T00:00:00Z to 2021-01-01T00:00:00Z"', allowed: 'it expired on 2021-01-01T00:00:00Z' },
  { name: 'a CA not yet valid', build: (s) => imported(s, fx.futurePem), path: 'OrgCa', field: 'certificatePem', got: '"valid from 2099-01-01T00:00:00Z to 2109-01-01T00:00:00Z"', allowed: 'it is not valid before 2099-01-01T00:00:00Z' },
  { name: 'a CA without keyCertSign', build: (s) => imported(s, fx.noKeyCertSignPem), path: 'OrgCa', field: 'certificatePem', got: '"CN=No keyCertSign CA (keyUsage digitalSignature)"', allowed: 'must be a CA certificate whose keyUsage includes keyCertSign' },
  { name: 'a leaf imported as a CA', build: (s) => imported(s, fx.leafPem), path: 'OrgCa', field: 'certificatePem', got: '"CN=leaf.example.com"', allowed: 'must be a CA certificate (basicConstraints CA:TRUE)' },
  {
    name: 'a CA expiring in ten days, signing a leaf of the default year', path: 'Server', field: 'validityHours', got: '8760', allowed: 'must end before its CA test/OrgCa expires on',
    build: (s) => new ServerCertificate(s, 'Server', { ca: imported(s, fx.expiringPem), dnsNames: ['db.example.svc'] }),
  },
  {
    name: 'a CA expiring in ten days, signing a 30-day leaf', path: 'Server', field: 'validityHours', got: '720', allowed: 'a certificate issued today would outlive its CA',
    build: (s) => new ServerCertificate(s, 'Server', { ca: imported(s, fx.expiringPem), dnsNames: ['db.example.svc'], validityHours: 720, earlyRenewalHours: 168 }),
  },
  { name: 'privateKeyPem left out', build: (s) => CertificateAuthority.fromPem(s, 'OrgCa', { certificatePem: fx.caPem } as never), path: 'OrgCa', field: 'privateKeyPem', got: 'nothing', allowed: 'must be a Terraform reference' },
  { name: 'privateKeyPem as a literal JWK', build: (s) => CertificateAuthority.fromPem(s, 'OrgCa', { certificatePem: fx.caPem, privateKeyPem: jwk }), path: 'OrgCa', field: 'privateKeyPem', got: `"<a literal string of ${jwk.length} characters>"`, allowed: 'must be a Terraform reference' },
  { name: 'privateKeyPem as literal base64 of the key', build: (s) => CertificateAuthority.fromPem(s, 'OrgCa', { certificatePem: fx.caPem, privateKeyPem: Buffer.from(fx.caKeyPem).toString('base64') }), path: 'OrgCa', field: 'privateKeyPem', got: /^"<a literal string of \d+ characters>"$/, allowed: 'a literal key would be stored in plain text' },
  { name: 'imported CA typo certificatePEM', build: (s) => CertificateAuthority.fromPem(s, 'OrgCa', { certificatePEM: fx.caPem, certificatePem: fx.caPem, privateKeyPem: keyVar(s) } as never), path: 'OrgCa', field: 'certificatePEM', got: /^"-----BEGIN CERTIFICATE-----/, allowed: 'did you mean "certificatePem"' },
  { name: 'imported CA validityHours as a string', build: (s) => imported(s, fx.caPem, { validityHours: '100' }), path: 'OrgCa', field: 'validityHours', got: '"100"', allowed: NUMBER },
  // Server and client certificates
  { name: 'ServerCertificate without props', build: (s) => new ServerCertificate(s, 'Server', undefined as never), path: 'Server', field: 'props', got: 'nothing', allowed: 'must be an object { ca,' },
  { name: 'ClientCertificate without props', build: (s) => new ClientCertificate(s, 'Orders', undefined as never), path: 'Orders', field: 'props', got: 'nothing', allowed: 'must be an object { ca,' },
  { name: 'dnsNames as a string', build: (s) => server(s, { dnsNames: 'db.example.svc' }), path: 'Server', field: 'dnsNames', got: '"db.example.svc"', allowed: 'must be a list of DNS names' },
  { name: 'ipAddresses as a string', build: (s) => server(s, { ipAddresses: '10.0.0.1' }), path: 'Server', field: 'ipAddresses', got: '"10.0.0.1"', allowed: 'must be a list of IP addresses' },
  { name: 'dnsName (singular)', build: (s) => new ServerCertificate(s, 'Server', { ca: ca(s), dnsName: 'db.example.svc', ipAddresses: ['10.0.0.1'] } as never), path: 'Server', field: 'dnsName', got: '"db.example.svc"', allowed: 'did you mean "dnsNames"' },
  { name: 'dnsNames entry with ${', build: (s) => server(s, { dnsNames: ['${var.host}'] }), path: 'Server', field: 'dnsNames[0]', got: '"${var.host}"', allowed: 'must be a lower-case DNS name' },
  { name: 'clientAuth as the string "true"', build: (s) => server(s, { clientAuth: 'true' }), path: 'Server', field: 'clientAuth', got: '"true"', allowed: 'must be true or false' },
  { name: 'a leaf where a CA is expected', build: (s) => new ClientCertificate(s, 'Second', { ca: client(s) as never, subject: { commonName: 'second' } }), path: 'Second', field: 'ca', got: 'the construct test/Orders', allowed: `${caNotAllowed}, not a leaf certificate` },
  { name: 'a CaBundle where a CA is expected', build: (s) => new ClientCertificate(s, 'Orders', { ca: CaBundle.of(ca(s)) as never, subject: { commonName: 'o' } }), path: 'Orders', field: 'ca', got: /./, allowed: caNotAllowed },
  { name: 'a string where a CA is expected', build: (s) => new ClientCertificate(s, 'Orders', { ca: 'my-ca' as never, subject: { commonName: 'o' } }), path: 'Orders', field: 'ca', got: '"my-ca"', allowed: caNotAllowed },
  { name: 'a CA where trustBundle expects a CaBundle', build: (s) => client(s, { trustBundle: new CertificateAuthority(s, 'Other') }), path: 'Orders', field: 'trustBundle', got: 'the construct test/Other', allowed: 'must be a CaBundle' },
  { name: 'client earlyRenewalHours NaN', build: (s) => client(s, { earlyRenewalHours: NaN }), path: 'Orders', field: 'earlyRenewalHours', got: 'NaN', allowed: 'whole number of hours from 0' },
  { name: 'client earlyRenewalHours -Infinity', build: (s) => client(s, { earlyRenewalHours: -Infinity }), path: 'Orders', field: 'earlyRenewalHours', got: '-Infinity', allowed: 'whole number of hours' },
  { name: 'client typo earlyRenewalHour', build: (s) => client(s, { earlyRenewalHour: 24 }), path: 'Orders', field: 'earlyRenewalHour', got: '24', allowed: 'did you mean "earlyRenewalHours"' },
  { name: 'client keyAlgorithm as a string', build: (s) => client(s, { keyAlgorithm: 'ED25519' }), path: 'Orders', field: 'keyAlgorithm', got: '"ED25519"', allowed: 'must be a KeyAlgorithm' },
  { name: 'holders as a string', build: (s) => client(s, { holders: 'orders' }), path: 'Orders', field: 'holders', got: '"orders"', allowed: 'must be a list of holders' },
  { name: 'holders entry with a typo', build: (s) => client(s, { holders: [{ namespace: 'orders', descripton: 'x' }] }), path: 'Orders', field: 'holders[0].descripton', got: '"x"', allowed: 'did you mean "description"' },
  { name: 'holders entry as an array', build: (s) => client(s, { holders: [['orders']] }), path: 'Orders', field: 'holders[0]', got: '["orders"]', allowed: 'must be a holder { namespace' },
  { name: 'holders namespace not a label', build: (s) => client(s, { holders: [{ namespace: 'Orders_NS', description: 'app' }] }), path: 'Orders', field: 'holders[0].namespace', got: '"Orders_NS"', allowed: 'must be a DNS-1123 label' },
  { name: 'holders description with ${', build: (s) => client(s, { holders: [{ namespace: 'orders', description: 'app ${var.x}' }] }), path: 'Orders', field: 'holders[0].description', got: '"app ${var.x}"', allowed: 'without "${"' },
  { name: 'holders provider as a string', build: (s) => client(s, { holders: [{ namespace: 'orders', description: 'app', provider: 'eu' }] }), path: 'Orders', field: 'holders[0].provider', got: '"eu"', allowed: 'must be a KubernetesProvider' },
  // Identity: one subject per client certificate of a CA
  {
    name: 'two client certificates of one CA with one subject', path: 'Billing', field: 'subject', got: '"/O=Example/CN=shared"', allowed: 'must be unique among the client certificates of CA test/Ca: test/Orders already has this subject',
    build: (s) => {
      const c = ca(s);
      new ClientCertificate(s, 'Orders', { ca: c, subject: { commonName: 'shared', organization: 'Example' } });
      new ClientCertificate(s, 'Billing', { ca: c, subject: { organization: 'Example', commonName: 'shared' } });
    },
  },
  {
    name: 'two client subjects that differ only by empty fields', path: 'B', field: 'subject', got: '"/CN=x"', allowed: 'test/A already has this subject',
    build: (s) => {
      const c = ca(s);
      new ClientCertificate(s, 'A', { ca: c, subject: { commonName: 'x' }, holders: [{ namespace: 'a', description: 'a' }] });
      new ClientCertificate(s, 'B', { ca: c, subject: { commonName: 'x', organization: '', organizationalUnit: '' }, holders: [{ namespace: 'b', description: 'b' }] });
    },
  },
  {
    name: 'two imports of one CA PEM, one client subject under each', path: 'B', field: 'subject', got: '"/CN=app"', allowed: 'test/A already has this subject',
    build: (s) => {
      const one = CertificateAuthority.fromPem(s, 'One', { certificatePem: fx.caPem, privateKeyPem: keyVar(s) });
      const two = CertificateAuthority.fromPem(s, 'Two', { certificatePem: fx.caPem, privateKeyPem: new TerraformVariable(s, 'k2', { type: 'string', sensitive: true }).stringValue });
      new ClientCertificate(s, 'A', { ca: one, subject: { commonName: 'app' }, validityHours: 720, earlyRenewalHours: 168 });
      new ClientCertificate(s, 'B', { ca: two, subject: { commonName: 'app' }, validityHours: 720, earlyRenewalHours: 168 });
    },
  },
  // TlsSecret
  { name: 'TlsSecret without props', build: (s) => new TlsSecret(s, 'Tls', undefined as never), path: 'Tls', field: 'props', got: 'nothing', allowed: 'must be an object { certificate, namespace, name' },
  { name: 'a CA where TlsSecret expects a leaf', build: (s) => new TlsSecret(s, 'Tls', { certificate: ca(s) as never, namespace: 'app', name: 'tls' }), path: 'Tls', field: 'certificate', got: 'the construct test/Ca', allowed: 'must be a server or client certificate' },
  { name: 'TlsSecret layout outside the enum', build: (s) => secret(s, { layout: 'tls.crt' }), path: 'Tls', field: 'layout', got: '"tls.crt"', allowed: 'must be one of TlsSecretLayout.KUBERNETES, TlsSecretLayout.SINGLESTORE' },
  { name: 'TlsSecret name with ${', build: (s) => secret(s, { name: 'tls-${var.x}' }), path: 'Tls', field: 'name', got: '"tls-${var.x}"', allowed: 'must be a DNS-1123 subdomain' },
  { name: 'TlsSecret namespace as a number', build: (s) => secret(s, { namespace: 7 }), path: 'Tls', field: 'namespace', got: '7', allowed: 'must be a DNS-1123 label' },
  { name: 'TlsSecret labels value with ${', build: (s) => secret(s, { labels: { team: '${var.team}' } }), path: 'Tls', field: 'labels.team', got: '"${var.team}"', allowed: 'must be a label value' },
  { name: 'TlsSecret labels as an array', build: (s) => secret(s, { labels: ['team=red'] }), path: 'Tls', field: 'labels', got: '["team=red"]', allowed: 'must be a map of strings' },
  { name: 'TlsSecret typo nameSpace', build: (s) => secret(s, { nameSpace: 'app' }), path: 'Tls', field: 'nameSpace', got: '"app"', allowed: 'did you mean "namespace"' },
  { name: 'TlsSecret provider as a string', build: (s) => secret(s, { provider: 'kubernetes.eu' }), path: 'Tls', field: 'provider', got: '"kubernetes.eu"', allowed: 'must be a KubernetesProvider' },
  { name: 'TlsSecret trustBundle as a CA', build: (s) => secret(s, { trustBundle: new CertificateAuthority(s, 'Other') }), path: 'Tls', field: 'trustBundle', got: 'the construct test/Other', allowed: 'must be a CaBundle' },
  // CaBundle and CaBundleConfigMap
  { name: 'CaBundleConfigMap without a bundle', build: (s) => new CaBundleConfigMap(s, 'Bundle', { namespace: 'app', name: 'ca' } as never), path: 'Bundle', field: 'bundle', got: 'nothing', allowed: 'must be a CaBundle' },
  { name: 'CaBundle.of(undefined)', build: (s) => configMap(s, { bundle: CaBundle.of(undefined as never) }), path: 'Bundle', field: 'bundle[0]', got: 'nothing', allowed: caNotAllowed },
  { name: 'CaBundle.of("ca.pem")', build: (s) => configMap(s, { bundle: CaBundle.of('ca.pem' as never) }), path: 'Bundle', field: 'bundle[0]', got: '"ca.pem"', allowed: caNotAllowed },
  {
    name: 'CaBundle.of(a leaf)', path: 'Bundle', field: 'bundle[1]', got: 'the construct test/Orders', allowed: 'not a leaf certificate',
    build: (s) => {
      const leaf = client(s);
      new CaBundleConfigMap(s, 'Bundle', { bundle: CaBundle.of(leaf.ca, leaf as never), namespace: 'app', name: 'ca' });
    },
  },
  { name: 'CaBundleConfigMap labels key with ${', build: (s) => configMap(s, { labels: { '${var.k}': 'x' } }), path: 'Bundle', field: 'labels', got: '"${var.k}"', allowed: 'must have keys of the form [prefix/]name' },
  { name: 'CaBundleConfigMap typo label', build: (s) => configMap(s, { label: { team: 'red' } }), path: 'Bundle', field: 'label', got: '{"team":"red"}', allowed: 'did you mean "labels"' },
];

/** The error `build` throws in a fresh stack, which must be a TlsfleetValidationError. */
function refusal(build: Build): { error: TlsfleetValidationError; stack: TerraformStack } {
  const stack = newStack();
  return { error: validationError(() => build(stack)), stack };
}

describe('hostile props of the PKI constructs', () => {
  test('the table holds at least 60 cases with unique names', () => {
    expect(CASES.length).toBeGreaterThanOrEqual(60);
    expect(new Set(CASES.map((c) => c.name)).size).toBe(CASES.length);
  });

  test.each(CASES.map((c): [string, Case] => [c.name, c]))('%s', (_name, c) => {
    const { error } = refusal(c.build);
    const head = `test/${c.path}: \`${c.field}\` `;
    expect(error.message.startsWith(head)).toBe(true);
    expect(error.constructPath).toBe(`test/${c.path}`);
    expect(error.field).toBe(c.field);
    const got = error.message.slice(error.message.lastIndexOf(', got ') + ', got '.length);
    if (typeof c.got === 'string') expect(got).toBe(c.got);
    else expect(got).toMatch(c.got);
    expect(error.message).toContain(c.allowed);
    for (const s of fx.secrets) expect(error.message).not.toContain(s);
  });

  test('nothing is created by the refused construct', () => {
    const { stack } = refusal((s) => server(s, { dnsNames: 'db.example.svc' }));
    expect(stack.node.tryFindChild('Server')?.node.children.length ?? 0).toBe(0);
  });
});

describe('valid input stays valid', () => {
  test('an imported CA without a keyUsage extension (X.509 limits nothing) is accepted', () => {
    const s = newStack();
    expect((imported(s, fx.noKeyUsagePem) as ImportedCertificateAuthority).keyDescription).toBe('ECDSA prime256v1');
  });

  test('an imported CA records when it expires, and a leaf that ends before is issued', () => {
    const s = newStack();
    const orgCa = imported(s, fx.caPem);
    expect(orgCa.notAfter!.getTime()).toBeGreaterThan(Date.now() + 3600 * 24 * 3_600_000);
    expect(() => new ServerCertificate(s, 'Server', { ca: orgCa, dnsNames: ['db.example.svc'] })).not.toThrow();
  });

  test('one client subject under two CAs, and server certificates sharing a subject, are accepted', () => {
    expect(() => synth((s) => {
      const a = new CertificateAuthority(s, 'A');
      const b = new CertificateAuthority(s, 'B');
      new ClientCertificate(s, 'OrdersA', { ca: a, subject: { commonName: 'orders' } });
      new ClientCertificate(s, 'OrdersB', { ca: b, subject: { commonName: 'orders' } });
      for (const dc of ['Dc1', 'Dc2']) new ServerCertificate(s, dc, { ca: a, dnsNames: [`${dc.toLowerCase()}.example.svc`], subject: { commonName: 'node' }, clientAuth: true });
    })).not.toThrow();
  });

  test('one workload delivered to the same namespace in two Kubernetes clusters may repeat its subject', () => {
    expect(() => synth((s) => {
      const c = new CertificateAuthority(s, 'Ca');
      const eu = new KubernetesProvider(s, 'eu', { alias: 'eu' });
      const us = new KubernetesProvider(s, 'us', { alias: 'us' });
      new ClientCertificate(s, 'CheckoutEu', { ca: c, subject: { commonName: 'checkout' }, holders: [{ namespace: 'checkout', provider: eu, description: 'checkout in eu' }] });
      new ClientCertificate(s, 'CheckoutUs', { ca: c, subject: { commonName: 'checkout' }, holders: [{ namespace: 'checkout', provider: us, description: 'checkout in us' }] });
    })).not.toThrow();
  });

  test('the same subject for certificates delivered to different namespaces is refused, holders or not', () => {
    const { error } = refusal((s) => {
      const c = ca(s);
      new ClientCertificate(s, 'A', { ca: c, subject: { commonName: 'x' }, holders: [{ namespace: 'a', description: 'a' }] });
      new ClientCertificate(s, 'B', { ca: c, subject: { commonName: 'x' } });
    });
    expect(error.message).toContain('test/A already has this subject');
  });

  test('valid props with every option spelled out synthesize as before', () => {
    const json = synth((s) => {
      new KubernetesProvider(s, 'kubernetes', {});
      const c = new CertificateAuthority(s, 'Ca', { subject: { commonName: 'Org CA', organization: 'Org', country: 'DE' }, keyAlgorithm: KeyAlgorithm.ECDSA_P384, validityHours: 43800, earlyRenewalHours: 8760 });
      const leaf = new ServerCertificate(s, 'Server', { ca: c, dnsNames: ['db.example.svc'], ipAddresses: ['10.0.0.1'], clientAuth: false, validityHours: 720, earlyRenewalHours: 168, keyAlgorithm: KeyAlgorithm.RSA_2048, trustBundle: CaBundle.of(c), holders: [{ namespace: 'db', description: 'the database' }] });
      new TlsSecret(s, 'Tls', { certificate: leaf, namespace: 'db', name: 'db-tls', labels: { team: 'data' } });
      new CaBundleConfigMap(s, 'Bundle', { bundle: CaBundle.of(c), namespace: 'app', name: 'ca', labels: { team: 'data' } });
    });
    expect(Object.keys(json.resource ?? {}).sort()).toEqual(['kubernetes_config_map_v1', 'kubernetes_secret_v1', 'tls_cert_request', 'tls_locally_signed_cert', 'tls_private_key', 'tls_self_signed_cert']);
  });
});
