import { caKeyJwk, fx, GOOD_REASON, importedCa, req } from './fixtures';
import type { HostileCase, RejectExpectation } from './types';

const CLASS = 'key material';

/** A policy rejection: PolicyViolationError naming a rule, the construct and what carries the key. */
function policy(path: string, rule: RegExp = /TLSF\d{3}/, field: RegExp | string = /private[ _]key/i): { reject: RejectExpectation } {
  return { reject: { error: 'PolicyViolationError', rule, path, field } };
}

/** Refused when the construct is created, before any resource exists: the message names the field, never the key. */
function refused(path: string, field: RegExp | string): { reject: RejectExpectation } {
  return { reject: { error: 'TlsfleetValidationError', path, field } };
}

/** A leaf signed by `ca` and a bundle of it, so the CA's PEM reaches cdk.tf.json twice. */
function useCa(lib: any, stack: any, ca: any): any {
  const server = new lib.ServerCertificate(stack, 'Server', { ca, dnsNames: ['db.example.svc'] });
  new lib.CaBundleConfigMap(stack, 'Bundle', { bundle: lib.CaBundle.of(ca), namespace: 'app', name: 'org-ca' });
  return server;
}

function local(stack: any, id: string, value: unknown): any {
  const { TerraformLocal } = req('cdktf');
  return new TerraformLocal(stack, id, value);
}

function output(lib: any, stack: any, id: string, value: unknown, sensitive?: boolean): any {
  return new lib.TerraformOutput(stack, id, { value, ...(sensitive === undefined ? {} : { sensitive }) });
}

function leakSecret(lib: any, stack: any, data: Record<string, unknown>, id = 'Leak'): any {
  return new lib.SecretV1(stack, id, { metadata: { name: 'leak', namespace: 'app' }, data });
}

function manifest(lib: any, stack: any, kind: string, body: Record<string, unknown>): any {
  return new lib.Manifest(stack, 'Leak', { manifest: { apiVersion: 'v1', kind, metadata: { name: 'leak', namespace: 'app' }, ...body } });
}

export const KEY_MATERIAL_CASES: HostileCase[] = [
  {
    id: 'K01', class: CLASS, description: 'imported CA certificatePem with its private key appended',
    build: (lib, stack) => useCa(lib, stack, importedCa(lib, stack, fx().caPem + fx().caKeyPem)),
    expect: refused('hostile/OrgCa', /certificatePem/),
  },
  {
    id: 'K02', class: CLASS, description: 'imported CA certificatePem with the private key before the certificate',
    build: (lib, stack) => useCa(lib, stack, importedCa(lib, stack, fx().caKeyPem + fx().caPem)),
    expect: refused('hostile/OrgCa', /certificatePem/),
  },
  {
    id: 'K03', class: CLASS, description: 'imported CA certificatePem with an RSA key appended after a comment line',
    build: (lib, stack) => useCa(lib, stack, importedCa(lib, stack, `${fx().caPem}# backup\n${fx().rsaKeyPem}`)),
    expect: refused('hostile/OrgCa', /certificatePem/),
  },
  {
    id: 'K04', class: CLASS, description: 'literal CA key hidden in Fn.trimspace()',
    build: (lib, stack) => useCa(lib, stack, lib.CertificateAuthority.fromPem(stack, 'OrgCa', { certificatePem: fx().caPem, privateKeyPem: lib.Fn.trimspace(fx().caKeyPem) })),
    expect: policy('hostile/Server', /TLSF015/, /private[ _]key/i),
  },
  {
    id: 'K05', class: CLASS, description: 'literal CA key split in two and joined with Fn.join()',
    build: (lib, stack) => {
      const k = fx().caKeyPem;
      const privateKeyPem = lib.Fn.join('', [k.slice(0, 60), k.slice(60)]);
      return useCa(lib, stack, lib.CertificateAuthority.fromPem(stack, 'OrgCa', { certificatePem: fx().caPem, privateKeyPem }));
    },
    expect: policy('hostile/Server', /TLSF015/, /private[ _]key/i),
  },
  {
    id: 'K06', class: CLASS, description: 'literal CA key as Fn.base64decode() of its base64',
    build: (lib, stack) => {
      const privateKeyPem = lib.Fn.base64decode(Buffer.from(fx().caKeyPem).toString('base64'));
      return useCa(lib, stack, lib.CertificateAuthority.fromPem(stack, 'OrgCa', { certificatePem: fx().caPem, privateKeyPem }));
    },
    expect: policy('hostile/Server', /TLSF015/, /private[ _]key/i),
  },
  {
    id: 'K07', class: CLASS, description: 'base64 of the CA key as a literal privateKeyPem: rejected without echoing it',
    build: (lib, stack) => lib.CertificateAuthority.fromPem(stack, 'OrgCa', { certificatePem: fx().caPem, privateKeyPem: Buffer.from(fx().caKeyPem).toString('base64') }),
    expect: { reject: { path: 'hostile/OrgCa', field: 'privateKeyPem' } },
  },
  {
    id: 'K08', class: CLASS, description: 'the CA key body without PEM armour as a literal privateKeyPem',
    build: (lib, stack) => lib.CertificateAuthority.fromPem(stack, 'OrgCa', {
      certificatePem: fx().caPem, privateKeyPem: fx().caKeyPem.split('\n').filter((l) => !l.startsWith('-----')).join('\n'),
    }),
    expect: { reject: { path: 'hostile/OrgCa', field: 'privateKeyPem' } },
  },
  {
    id: 'K09', class: CLASS, description: 'the CA key as a JWK JSON string (private "d") as privateKeyPem',
    build: (lib, stack) => lib.CertificateAuthority.fromPem(stack, 'OrgCa', { certificatePem: fx().caPem, privateKeyPem: caKeyJwk() }),
    expect: { reject: { path: 'hostile/OrgCa', field: 'privateKeyPem' } },
  },
  {
    id: 'K10', class: CLASS, description: 'certificatePem and privateKeyPem swapped: the key given as the certificate',
    build: (lib, stack) => importedCa(lib, stack, fx().caKeyPem),
    expect: { reject: { path: 'hostile/OrgCa', field: 'certificatePem' } },
  },
  {
    id: 'K11', class: CLASS, description: 'base64 of the CA key given as certificatePem',
    build: (lib, stack) => importedCa(lib, stack, Buffer.from(fx().caKeyPem).toString('base64')),
    expect: { reject: { path: 'hostile/OrgCa', field: 'certificatePem' } },
  },
  {
    id: 'K12', class: CLASS, description: 'hex DER of the RSA key given as certificatePem',
    build: (lib, stack) => {
      const body = fx().rsaKeyPem.split('\n').filter((l) => l && !l.startsWith('-----')).join('');
      return importedCa(lib, stack, Buffer.from(body, 'base64').toString('hex'));
    },
    expect: { reject: { path: 'hostile/OrgCa', field: 'certificatePem' } },
  },
  {
    id: 'K13', class: CLASS, description: 'CA key reaches an output through a TerraformLocal and Fn.nonsensitive()',
    build: (lib, stack) => {
      const ca = new lib.CertificateAuthority(stack, 'Ca');
      output(lib, stack, 'leak', lib.Fn.nonsensitive(local(stack, 'k', ca.privateKeyPem).asString));
    },
    expect: policy('hostile/leak', /TLSF009/),
  },
  {
    id: 'K14', class: CLASS, description: 'CA key through two chained locals into a plain output',
    build: (lib, stack) => {
      const ca = new lib.CertificateAuthority(stack, 'Ca');
      const a = local(stack, 'a', ca.privateKeyPem);
      const b = local(stack, 'b', lib.Fn.nonsensitive(a.asString));
      output(lib, stack, 'leak', b.asString);
    },
    expect: policy('hostile/leak', /TLSF009/),
  },
  {
    id: 'K15', class: CLASS, description: 'a client key through a local map into a plain output',
    build: (lib, stack) => {
      const ca = new lib.CertificateAuthority(stack, 'Ca');
      const c = new lib.ClientCertificate(stack, 'Orders', { ca, subject: { commonName: 'orders' } });
      const l = local(stack, 'keys', { orders: lib.Fn.nonsensitive(c.privateKeyPem) });
      output(lib, stack, 'leak', l.expression);
    },
    expect: policy('hostile/leak', /TLSF009/),
  },
  {
    id: 'K16', class: CLASS, description: 'an imported CA key variable (sensitive) through a local and Fn.nonsensitive() into an output',
    build: (lib, stack) => {
      const key = new lib.TerraformVariable(stack, 'org_ca_key', { type: 'string', sensitive: true });
      lib.CertificateAuthority.fromPem(stack, 'OrgCa', { certificatePem: fx().caPem, privateKeyPem: key.stringValue });
      output(lib, stack, 'leak', lib.Fn.nonsensitive(local(stack, 'k', key.stringValue).asString));
    },
    expect: policy('hostile/leak', /TLSF009/, /sensitive|private[ _]key/i),
  },
  {
    id: 'K17', class: CLASS, description: 'CA key written into a ConfigMap (ConfigMapV1 data)',
    build: (lib, stack) => {
      const ca = new lib.CertificateAuthority(stack, 'Ca');
      new lib.ConfigMapV1(stack, 'Leak', { metadata: { name: 'leak', namespace: 'app' }, data: { 'ca.key': ca.privateKeyPem } });
    },
    expect: policy('hostile/Leak'),
  },
  {
    id: 'K18', class: CLASS, description: 'a client key written into a ConfigMap',
    build: (lib, stack) => {
      const ca = new lib.CertificateAuthority(stack, 'Ca');
      const c = new lib.ClientCertificate(stack, 'Orders', { ca, subject: { commonName: 'orders' } });
      new lib.ConfigMapV1(stack, 'Leak', { metadata: { name: 'leak', namespace: 'app' }, data: { 'tls.key': c.privateKeyPem } });
    },
    expect: policy('hostile/Leak'),
  },
  {
    id: 'K19', class: CLASS, description: 'CA key in a kubernetes_manifest of kind Secret (stringData)',
    build: (lib, stack) => {
      const ca = new lib.CertificateAuthority(stack, 'Ca');
      manifest(lib, stack, 'Secret', { type: 'Opaque', stringData: { 'ca.key': ca.privateKeyPem } });
    },
    expect: policy('hostile/Leak', /TLSF011|TLSF0\d\d/),
  },
  {
    id: 'K20', class: CLASS, description: 'CA key base64-encoded in a kubernetes_manifest Secret (data)',
    build: (lib, stack) => {
      const ca = new lib.CertificateAuthority(stack, 'Ca');
      manifest(lib, stack, 'Secret', { type: 'Opaque', data: { 'ca.key': lib.Fn.base64encode(ca.privateKeyPem) } });
    },
    expect: policy('hostile/Leak', /TLSF011|TLSF0\d\d/),
  },
  {
    id: 'K21', class: CLASS, description: 'CA key in a kubernetes_manifest of kind ConfigMap',
    build: (lib, stack) => {
      const ca = new lib.CertificateAuthority(stack, 'Ca');
      manifest(lib, stack, 'ConfigMap', { data: { 'ca.key': ca.privateKeyPem } });
    },
    expect: policy('hostile/Leak'),
  },
  {
    id: 'K22', class: CLASS, description: 'CA key into a SecretV1 through a TerraformLocal',
    build: (lib, stack) => {
      const ca = new lib.CertificateAuthority(stack, 'Ca');
      leakSecret(lib, stack, { 'ca.key': local(stack, 'k', ca.privateKeyPem).asString });
    },
    expect: policy('hostile/Leak', /TLSF011/),
  },
  {
    id: 'K23', class: CLASS, description: 'CA key into kubernetes_secret_v1_data (patching an existing Secret)',
    build: (lib, stack) => {
      const ca = new lib.CertificateAuthority(stack, 'Ca');
      const { SecretV1Data } = req('@cdktf/provider-kubernetes/lib/secret-v1-data');
      new SecretV1Data(stack, 'Leak', { metadata: { name: 'leak', namespace: 'app' }, data: { 'ca.key': ca.privateKeyPem } });
    },
    expect: policy('hostile/Leak', /TLSF011/),
  },
  {
    id: 'K24', class: CLASS, description: 'CA key into kubernetes_config_map_v1_data',
    build: (lib, stack) => {
      const ca = new lib.CertificateAuthority(stack, 'Ca');
      const { ConfigMapV1Data } = req('@cdktf/provider-kubernetes/lib/config-map-v1-data');
      new ConfigMapV1Data(stack, 'Leak', { metadata: { name: 'leak', namespace: 'app' }, data: { 'ca.key': ca.privateKeyPem } });
    },
    expect: policy('hostile/Leak'),
  },
  {
    id: 'K25', class: CLASS, description: 'a plain output of a tlsfleet Secret\'s data through a local',
    build: (lib, stack) => {
      const ca = new lib.CertificateAuthority(stack, 'Ca');
      const c = new lib.ClientCertificate(stack, 'Orders', { ca, subject: { commonName: 'orders' } });
      const s = new lib.TlsSecret(stack, 'OrdersTls', { certificate: c, namespace: 'orders', name: 'orders-tls' });
      output(lib, stack, 'leak', lib.Fn.nonsensitive(local(stack, 'd', s.resource.data).expression));
    },
    expect: policy('hostile/leak', /TLSF009/, /data|private[ _]key|secret/i),
  },
  {
    id: 'K26', class: CLASS, description: 'a plain output of a tlsfleet Secret\'s tls.key via Fn.lookup()',
    build: (lib, stack) => {
      const ca = new lib.CertificateAuthority(stack, 'Ca');
      const c = new lib.ClientCertificate(stack, 'Orders', { ca, subject: { commonName: 'orders' } });
      const s = new lib.TlsSecret(stack, 'OrdersTls', { certificate: c, namespace: 'orders', name: 'orders-tls' });
      output(lib, stack, 'leak', lib.Fn.nonsensitive(lib.Fn.lookup(s.resource.data, 'tls.key', '')));
    },
    expect: policy('hostile/leak', /TLSF009/, /data|private[ _]key|secret/i),
  },
  {
    id: 'K27', class: CLASS, description: 'a plain output of a ScyllaDB Cloud cluster\'s CQL password',
    build: (lib, stack) => {
      const cloud = new lib.ScyllaCloudCluster(stack, 'Catalog', {
        name: 'catalog', region: 'us-east-1', cloud: lib.ScyllaCloudProvider.AWS, nodeType: 'i8g.large', minNodes: 3,
        encryptedConnections: { reason: 'Ensure encrypted connections enabled in the console on 2026-11-30 (CHG-2231)', enabledBy: 'platform-dba@example.com' },
      });
      lib.waive(cloud, 'TLSF003', { reason: GOOD_REASON });
      output(lib, stack, 'leak', cloud.cqlAuth.password);
    },
    expect: policy('hostile/leak', /TLSF009/, /password|secret|sensitive/i),
  },
  {
    id: 'K28', class: CLASS, description: 'an output of the literal CA key in base64 (no PEM armour)',
    build: (lib, stack) => {
      new lib.CertificateAuthority(stack, 'Ca');
      output(lib, stack, 'leak', Buffer.from(fx().caKeyPem).toString('base64'));
    },
    expect: policy('hostile/leak', /TLSF009/, /private[ _]key|key/i),
  },
  {
    id: 'K29', class: CLASS, description: 'imported CA key from a variable that is not sensitive',
    build: (lib, stack) => {
      const key = new lib.TerraformVariable(stack, 'org_ca_key', { type: 'string' });
      useCa(lib, stack, lib.CertificateAuthority.fromPem(stack, 'OrgCa', { certificatePem: fx().caPem, privateKeyPem: key.stringValue }));
    },
    // The finding belongs to the variable's declaration: that is what to mark sensitive.
    expect: { reject: { path: 'hostile/org_ca_key', field: /privateKeyPem|sensitive/ } },
  },
  {
    id: 'K30', class: CLASS, description: 'imported CA key from a sensitive variable whose default is the literal key',
    build: (lib, stack) => {
      const key = new lib.TerraformVariable(stack, 'org_ca_key', { type: 'string', sensitive: true, default: fx().caKeyPem });
      useCa(lib, stack, lib.CertificateAuthority.fromPem(stack, 'OrgCa', { certificatePem: fx().caPem, privateKeyPem: key.stringValue }));
    },
    expect: { reject: { field: /privateKeyPem|org_ca_key|default/ } },
  },
  {
    id: 'K31', class: CLASS, description: 'a client key in an env var of a Deployment (kubernetes_manifest)',
    build: (lib, stack) => {
      const ca = new lib.CertificateAuthority(stack, 'Ca');
      const c = new lib.ClientCertificate(stack, 'Orders', { ca, subject: { commonName: 'orders' } });
      new lib.Manifest(stack, 'Leak', {
        manifest: {
          apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'orders', namespace: 'orders' },
          spec: { template: { spec: { containers: [{ name: 'app', image: 'orders:1', env: [{ name: 'TLS_KEY', value: c.privateKeyPem }] }] } } },
        },
      });
    },
    expect: policy('hostile/Leak'),
  },
  {
    id: 'K32', class: CLASS, description: 'CA key into a Secret\'s binary_data, base64-encoded through a local',
    build: (lib, stack) => {
      const ca = new lib.CertificateAuthority(stack, 'Ca');
      new lib.SecretV1(stack, 'Leak', { metadata: { name: 'leak', namespace: 'app' }, binaryData: { 'ca.key': local(stack, 'b', lib.Fn.base64encode(ca.privateKeyPem)).asString } });
    },
    expect: policy('hostile/Leak', /TLSF011/),
  },
];
