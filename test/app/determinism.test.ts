import { CaBundle, CertificateAuthority, ClientCertificate, TlsSecret } from '../../constructs';
import { KubernetesProvider } from '@cdktf/provider-kubernetes/lib/provider';
import { synth, Synthesized } from '../helpers/synth';

function build(clients: string[]): Synthesized {
  return synth((stack) => {
    new KubernetesProvider(stack, 'kubernetes', {});
    const ca = new CertificateAuthority(stack, 'Ca');
    for (const app of clients) {
      const cert = new ClientCertificate(stack, `Client-${app}`, { ca, subject: { commonName: app }, trustBundle: CaBundle.of(ca) });
      new TlsSecret(stack, `Secret-${app}`, { certificate: cert, namespace: app, name: 'db-client-tls' });
    }
  });
}

function flatten(json: Synthesized): Map<string, string> {
  const out = new Map<string, string>();
  for (const [type, byId] of Object.entries(json.resource ?? {})) {
    for (const [id, body] of Object.entries(byId)) out.set(`${type}.${id}`, JSON.stringify(body));
  }
  return out;
}

describe('construct ids are a stable contract', () => {
  test('adding one client adds only that client\'s resources and changes nothing else', () => {
    const before = flatten(build(['orders', 'billing']));
    const after = flatten(build(['orders', 'billing', 'search']));
    for (const [address, body] of before) expect(after.get(address)).toBe(body);
    const added = [...after.keys()].filter((a) => !before.has(a)).sort();
    expect(added).toEqual([
      expect.stringMatching(/^kubernetes_secret_v1\.Secret-search_/),
      expect.stringMatching(/^tls_cert_request\.Client-search_Request_/),
      expect.stringMatching(/^tls_locally_signed_cert\.Client-search_/),
      expect.stringMatching(/^tls_private_key\.Client-search_Key_/),
    ]);
  });

  test('declaration order does not change addresses or bodies', () => {
    expect(flatten(build(['b', 'a']))).toEqual(flatten(build(['a', 'b'])));
  });
});
