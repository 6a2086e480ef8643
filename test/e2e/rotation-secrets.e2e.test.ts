// Rotation as a cluster sees it: the real kubernetes provider applies tlsfleet's Secrets and
// bundle ConfigMap to a real kube-apiserver on loopback; when a certificate is due, the plan
// replaces the certificate and updates its Secret in place (same uid, no DELETE or POST in the
// API server's audit log).
import { rmSync } from 'node:fs';
import { KubernetesProvider } from '@cdktf/provider-kubernetes/lib/provider';
import { CaBundle, CaBundleConfigMap, CertificateAuthority, ClientCertificate, ServerCertificate, TlsSecret } from '../../constructs';
import { synthToFile } from '../helpers/synth';
import { KubeApi, requireKubeApiOrSkip, startKubeApi } from './kube-api';
import { verifyChain } from './openssl';
import {
  moveIntoRenewalWindow, plannedChanges, requireToolchainOrSkip, resourcesInState, TerraformPlanJson, TerraformWorkdir,
} from './terraform-harness';

const RUN = requireToolchainOrSkip('rotation of delivered Secrets') && requireKubeApiOrSkip('rotation of delivered Secrets');

(RUN ? describe : describe.skip)('rotation of delivered Secrets (real kubernetes provider)', () => {
  let api: KubeApi;
  let wd: TerraformWorkdir;
  const synthesized = synthToFile((stack) => {
    new KubernetesProvider(stack, 'kubernetes', {}); // KUBE_CONFIG_PATH
    const ca = new CertificateAuthority(stack, 'Ca');
    const server = new ServerCertificate(stack, 'Server', { ca, dnsNames: ['db.example.svc'] });
    new TlsSecret(stack, 'ServerSecret', { certificate: server, namespace: 'db', name: 'db-server-tls' });
    const app = new ClientCertificate(stack, 'App', { ca, subject: { commonName: 'app' } });
    new TlsSecret(stack, 'AppSecret', { certificate: app, namespace: 'app', name: 'db-client-tls' });
    new CaBundleConfigMap(stack, 'Bundle', { bundle: CaBundle.of(ca), namespace: 'app', name: 'db-ca' });
  }, 'rotation');

  const object = (resource: string, ns: string, name: string) => {
    const found = api.get(resource, name, ns);
    if (!found) throw new Error(`no ${resource} ${ns}/${name} in the API`);
    return found;
  };
  const decoded = (resource: string, ns: string, name: string, key: string): string => {
    const value = (object(resource, ns, name).data as Record<string, string>)[key];
    // The API returns Secret data base64-encoded and ConfigMap data as text.
    return resource === 'secret' ? Buffer.from(value, 'base64').toString('utf8') : value;
  };
  const changes = (plan: TerraformPlanJson) => plannedChanges(plan, 'type');

  beforeAll(async () => {
    api = await startKubeApi({ namespaces: ['db', 'app'], crds: [] });
    wd = new TerraformWorkdir(synthesized.file, { env: { KUBE_CONFIG_PATH: api.kubeconfig } });
    wd.init();
    wd.apply();
  }, 300_000);
  afterAll(async () => {
    wd?.cleanup();
    api?.stop();
    rmSync(synthesized.outdir, { recursive: true, force: true });
  });

  test('the applied Secrets and bundle hold the issued certificate, key and CA, and verify', () => {
    const cert = decoded('secret', 'db', 'db-server-tls', 'tls.crt');
    const ca = decoded('secret', 'db', 'db-server-tls', 'ca.crt');
    expect(verifyChain(ca, cert)).toBe('leaf.pem: OK');
    expect(decoded('secret', 'db', 'db-server-tls', 'tls.key')).toMatch(/^-----BEGIN (EC )?PRIVATE KEY-----/);
    expect((object('secret', 'db', 'db-server-tls')).type).toBe('kubernetes.io/tls');
    expect(decoded('configmap', 'app', 'db-ca', 'ca-bundle.crt')).toBe(ca);
  });

  test('a due server certificate is replaced and its Secret updated in place', () => {
    const address = resourcesInState(wd.state(), 'tls_locally_signed_cert').find((r) => r.address.includes('Server'))!.address;
    const before = object('secret', 'db', 'db-server-tls');
    const old = decoded('secret', 'db', 'db-server-tls', 'tls.crt');
    moveIntoRenewalWindow(wd, [address], 5);

    expect(changes(wd.plan())).toEqual(['delete+create tls_locally_signed_cert', 'update kubernetes_secret_v1']);
    const seen = api.audit().length;
    wd.apply();
    const during = api.audit().slice(seen).map((e) => `${e.verb} ${e.requestURI.split('?')[0]}`);
    expect(during.filter((r) => /^(delete|create)/.test(r))).toEqual([]);
    expect(during).toContain('patch /api/v1/namespaces/db/secrets/db-server-tls');
    expect((object('secret', 'db', 'db-server-tls')).metadata.uid).toBe(before.metadata.uid);
    const renewed = decoded('secret', 'db', 'db-server-tls', 'tls.crt');
    expect(renewed).not.toBe(old);
    expect(verifyChain(decoded('secret', 'db', 'db-server-tls', 'ca.crt'), renewed)).toBe('leaf.pem: OK');
    expect(changes(wd.plan())).toEqual([]);
  });
});
