// Rotation as a cluster sees it: the real kubernetes provider applies tlsfleet's Secrets and
// bundle ConfigMap (to an in-memory API on loopback); when a certificate is due, the plan
// replaces the certificate and updates its Secret in place, never deleting it.
import { rmSync } from 'node:fs';
import { KubernetesProvider } from '@cdktf/provider-kubernetes/lib/provider';
import { CaBundle, CaBundleConfigMap, CertificateAuthority, ClientCertificate, ServerCertificate, TlsSecret } from '../../constructs';
import { synthToFile } from '../helpers/synth';
import { FakeKubeApi, startFakeKubeApi } from './fake-kube-api';
import { verifyChain } from './openssl';
import {
  moveIntoRenewalWindow, plannedChanges, requireToolchainOrSkip, resourcesInState, TerraformPlanJson, TerraformWorkdir,
} from './terraform-harness';

const RUN = requireToolchainOrSkip('rotation of delivered Secrets');

(RUN ? describe : describe.skip)('rotation of delivered Secrets (real kubernetes provider)', () => {
  let api: FakeKubeApi;
  let wd: TerraformWorkdir;
  const synthesized = synthToFile((stack) => {
    new KubernetesProvider(stack, 'kubernetes', { host: 'http://127.0.0.1:1' });
    const ca = new CertificateAuthority(stack, 'Ca');
    const server = new ServerCertificate(stack, 'Server', { ca, dnsNames: ['db.example.svc'] });
    new TlsSecret(stack, 'ServerSecret', { certificate: server, namespace: 'db', name: 'db-server-tls' });
    const app = new ClientCertificate(stack, 'App', { ca, subject: { commonName: 'app' } });
    new TlsSecret(stack, 'AppSecret', { certificate: app, namespace: 'app', name: 'db-client-tls' });
    new CaBundleConfigMap(stack, 'Bundle', { bundle: CaBundle.of(ca), namespace: 'app', name: 'db-ca' });
  }, 'rotation');

  const object = async (resource: string, ns: string, name: string) => {
    const found = (await api.snapshot()).objects.get(`${resource}/${ns}/${name}`);
    if (!found) throw new Error(`no ${resource} ${ns}/${name} in the API`);
    return found;
  };
  const decoded = async (resource: string, ns: string, name: string, key: string) => {
    const obj = await object(resource, ns, name);
    const value = (obj.data as Record<string, string>)[key];
    // The API stores Secret data base64-encoded and ConfigMap data as text.
    return resource === 'secrets' ? Buffer.from(value, 'base64').toString('utf8') : value;
  };
  const changes = (plan: TerraformPlanJson) => plannedChanges(plan, 'type');

  beforeAll(async () => {
    api = await startFakeKubeApi();
    wd = new TerraformWorkdir(synthesized.file, { transform: (c) => { c.provider.kubernetes = [{ host: api.url }]; } });
    wd.init();
    wd.apply();
  }, 300_000);
  afterAll(async () => {
    wd?.cleanup();
    await api?.close();
    rmSync(synthesized.outdir, { recursive: true, force: true });
  });

  test('the applied Secrets and bundle hold the issued certificate, key and CA, and verify', async () => {
    const cert = await decoded('secrets', 'db', 'db-server-tls', 'tls.crt');
    const ca = await decoded('secrets', 'db', 'db-server-tls', 'ca.crt');
    expect(verifyChain(ca, cert)).toBe('leaf.pem: OK');
    expect(await decoded('secrets', 'db', 'db-server-tls', 'tls.key')).toMatch(/^-----BEGIN (EC )?PRIVATE KEY-----/);
    expect((await object('secrets', 'db', 'db-server-tls')).type).toBe('kubernetes.io/tls');
    expect(await decoded('configmaps', 'app', 'db-ca', 'ca-bundle.crt')).toBe(ca);
  });

  test('a due server certificate is replaced and its Secret updated in place', async () => {
    const address = resourcesInState(wd.state(), 'tls_locally_signed_cert').find((r) => r.address.includes('Server'))!.address;
    const before = await object('secrets', 'db', 'db-server-tls');
    const old = await decoded('secrets', 'db', 'db-server-tls', 'tls.crt');
    moveIntoRenewalWindow(wd, [address], 5);

    expect(changes(wd.plan())).toEqual(['delete+create tls_locally_signed_cert', 'update kubernetes_secret_v1']);
    const seen = (await api.snapshot()).requests.length;
    wd.apply();
    const during = (await api.snapshot()).requests.slice(seen);
    expect(during.filter((r) => /^(DELETE|POST)/.test(r))).toEqual([]);
    expect(during).toContain('PATCH /api/v1/namespaces/db/secrets/db-server-tls');
    expect((await object('secrets', 'db', 'db-server-tls')).metadata.uid).toBe(before.metadata.uid);
    const renewed = await decoded('secrets', 'db', 'db-server-tls', 'tls.crt');
    expect(renewed).not.toBe(old);
    expect(verifyChain(await decoded('secrets', 'db', 'db-server-tls', 'ca.crt'), renewed)).toBe('leaf.pem: OK');
    expect(changes(wd.plan())).toEqual([]);
  });
});
