import { TerraformStack } from 'cdktf';
import { KubernetesProvider } from '@cdktf/provider-kubernetes/lib/provider';
import {
  CaBundle, CaBundleConfigMap, CertificateAuthority, ClientCertificate, ServerCertificate, TlsSecret, TlsSecretLayout,
} from '../../constructs';
import { addressAt, newStack, resourceAt, synth } from '../helpers/synth';

function pki(stack: TerraformStack) {
  new KubernetesProvider(stack, 'kubernetes', {});
  const ca = new CertificateAuthority(stack, 'Ca');
  const server = new ServerCertificate(stack, 'Server', { ca, dnsNames: ['db.example.com'] });
  return { ca, server };
}

describe('TlsSecret', () => {
  const json = synth((stack) => {
    const { server } = pki(stack);
    new TlsSecret(stack, 'Secret', { certificate: server, namespace: 'db', name: 'db-tls' });
  });

  test('is a kubernetes.io/tls Secret with tls.crt, tls.key and ca.crt', () => {
    expect(resourceAt(json, 'kubernetes_secret_v1', 'Secret/Resource')).toMatchObject({
      type: 'kubernetes.io/tls',
      metadata: { name: 'db-tls', namespace: 'db', labels: { 'app.kubernetes.io/managed-by': 'tlsfleet' } },
      data: {
        'tls.crt': `\${${addressAt(json, 'tls_locally_signed_cert', 'Server/Resource')}.cert_pem}`,
        'tls.key': `\${${addressAt(json, 'tls_private_key', 'Server/Key')}.private_key_pem}`,
        'ca.crt': `\${${addressAt(json, 'tls_self_signed_cert', 'Ca/Resource')}.cert_pem}`,
      },
    });
  });

  test('SingleStore layout writes the bundle as tls.ca', () => {
    const j = synth((stack) => {
      const { server } = pki(stack);
      new TlsSecret(stack, 'Secret', { certificate: server, namespace: 'db', name: 'db-tls', layout: TlsSecretLayout.SINGLESTORE });
    });
    expect(Object.keys(resourceAt(j, 'kubernetes_secret_v1', 'Secret/Resource').data as object).sort())
      .toEqual(['tls.ca', 'tls.crt', 'tls.key']);
  });

  test('a bundle of two CAs (rotation) is concatenated in order', () => {
    const j = synth((stack) => {
      const { ca, server } = pki(stack);
      const next = new CertificateAuthority(stack, 'NextCa');
      new TlsSecret(stack, 'Secret', { certificate: server, namespace: 'db', name: 'db-tls', trustBundle: CaBundle.of(ca, next) });
    });
    const data = resourceAt(j, 'kubernetes_secret_v1', 'Secret/Resource').data as Record<string, string>;
    expect(data['ca.crt']).toBe(`\${join("", [${addressAt(j, 'tls_self_signed_cert', 'Ca/Resource')}.cert_pem, ${addressAt(j, 'tls_self_signed_cert', 'NextCa/Resource')}.cert_pem])}`);
  });

  test('uses the given provider', () => {
    const j = synth((stack) => {
      const { server } = pki(stack);
      const dc2 = new KubernetesProvider(stack, 'dc2', { alias: 'dc2', configPath: '/k/dc2' });
      new TlsSecret(stack, 'Secret', { certificate: server, namespace: 'db', name: 'db-tls', provider: dc2 });
    });
    expect(resourceAt(j, 'kubernetes_secret_v1', 'Secret/Resource').provider).toBe('kubernetes.dc2');
  });

  test.each([
    [{ namespace: 'Bad_NS', name: 'x' }, /test\/Secret: `namespace` must be a DNS-1123 label.*got "Bad_NS"/],
    [{ namespace: 'db', name: 'UPPER' }, /test\/Secret: `name` must be a DNS-1123 subdomain.*got "UPPER"/],
    [{ namespace: 'db', name: 'x'.repeat(254) }, /test\/Secret: `name` must be a DNS-1123 subdomain/],
  ])('rejects bad metadata %o', (meta, message) => {
    const stack = newStack();
    const { server } = pki(stack);
    expect(() => new TlsSecret(stack, 'Secret', { certificate: server, ...meta })).toThrow(message);
  });

  test('rejects two Secrets with one name in one namespace, naming both constructs', () => {
    const stack = newStack();
    const { ca, server } = pki(stack);
    const client = new ClientCertificate(stack, 'Client', { ca, subject: { commonName: 'c' } });
    new TlsSecret(stack, 'First', { certificate: server, namespace: 'db', name: 'shared' });
    expect(() => new TlsSecret(stack, 'Second', { certificate: client, namespace: 'db', name: 'shared' }))
      .toThrow(/test\/Second: `name` must be unique per Secret and namespace; test\/First already writes that Secret through \(default kubernetes provider of test\), got "db\/shared"/);
  });

  test('allows the same name in another namespace or another cluster', () => {
    const stack = newStack();
    const { server } = pki(stack);
    const dc2 = new KubernetesProvider(stack, 'dc2', { alias: 'dc2' });
    new TlsSecret(stack, 'A', { certificate: server, namespace: 'db', name: 'shared' });
    expect(() => new TlsSecret(stack, 'B', { certificate: server, namespace: 'other', name: 'shared' })).not.toThrow();
    expect(() => new TlsSecret(stack, 'C', { certificate: server, namespace: 'db', name: 'shared', provider: dc2 })).not.toThrow();
  });
});

describe('CaBundleConfigMap', () => {
  test('carries the bundle under ca-bundle.crt', () => {
    const j = synth((stack) => {
      const { ca } = pki(stack);
      new CaBundleConfigMap(stack, 'Bundle', { bundle: CaBundle.of(ca), namespace: 'app', name: 'db-ca' });
    });
    expect(resourceAt(j, 'kubernetes_config_map_v1', 'Bundle/Resource')).toMatchObject({
      metadata: { name: 'db-ca', namespace: 'app' },
      data: { 'ca-bundle.crt': `\${${addressAt(j, 'tls_self_signed_cert', 'Ca/Resource')}.cert_pem}` },
    });
  });

  test('rejects an empty bundle and a CA listed twice', () => {
    const stack = newStack();
    const { ca } = pki(stack);
    expect(() => new CaBundleConfigMap(stack, 'Empty', { bundle: CaBundle.of(), namespace: 'app', name: 'a' }))
      .toThrow(/test\/Empty: `bundle` must hold at least one CA certificate, got \[\]/);
    expect(() => new CaBundleConfigMap(stack, 'Twice', { bundle: CaBundle.of(ca, ca), namespace: 'app', name: 'b' }))
      .toThrow(/test\/Twice: `bundle` must not list the same CA twice, got "test\/Ca"/);
  });

  test('a ConfigMap and a Secret may share a name', () => {
    const stack = newStack();
    const { ca, server } = pki(stack);
    new TlsSecret(stack, 'S', { certificate: server, namespace: 'db', name: 'same' });
    expect(() => new CaBundleConfigMap(stack, 'C', { bundle: CaBundle.of(ca), namespace: 'db', name: 'same' })).not.toThrow();
  });
});
