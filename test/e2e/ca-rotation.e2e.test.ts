// A CA rotation walked through all three phases on a deployed cluster (real kube-apiserver, real providers): each
// phase's plan changes exactly that phase's resources, Secrets and ConfigMaps are updated in place, the ScyllaCluster
// is never touched; openssl shows that during phases 1 and 2 the servers verify against the bundle clients already
// hold, and that leaves of both CAs verify against the phase-1 bundles.
import { CaRotation, CaRotationPhase, CertificateAuthority, ScyllaCluster } from '../../constructs';
import { kubeconfigProvider } from '../../examples/kubeconfig';
import { deploy, Synths, undeploy } from './deployment';
import { KubeApi, requireKubeApiOrSkip } from './kube-api';
import { openssl } from './openssl';
import { plannedChanges, requireToolchainOrSkip, TerraformWorkdir } from './terraform-harness';

const RUN = requireToolchainOrSkip('CA rotation') && requireKubeApiOrSkip('CA rotation');

type Step = 'before' | CaRotationPhase | 'after';
const SECRETS = ['db-cql-serving-certs', 'db-cql-admin-certs', 'db-internode-certs', 'db-alternator-local-serving-certs'];

(RUN ? describe : describe.skip)('CA rotation through its three phases (real API server)', () => {
  let api: KubeApi;
  let wd: TerraformWorkdir;
  const synths = new Synths();
  const synth = (step: Step) => synths.file((stack) => {
    kubeconfigProvider(stack);
    const old = step === 'after' ? undefined : new CertificateAuthority(stack, 'Old', { subject: { commonName: 'old CA' } });
    const next = step === 'before' ? undefined : new CertificateAuthority(stack, 'New', { subject: { commonName: 'new CA' } });
    const deployed: Record<CaRotationPhase, CaRotation['deployedPhase']> = {
      [CaRotationPhase.TRUST_BOTH]: 'none', [CaRotationPhase.ISSUE_WITH_NEW]: CaRotationPhase.TRUST_BOTH, [CaRotationPhase.DROP_OLD]: CaRotationPhase.ISSUE_WITH_NEW,
    };
    const cluster = new ScyllaCluster(stack, 'Db', {
      name: 'db', namespace: 'scylla', version: '2025.1.5',
      ...(step === 'before' ? { ca: old } : step === 'after' ? { ca: next } : { caRotation: { from: old!, to: next!, phase: step, deployedPhase: deployed[step] } }),
      alternator: {},
      datacenters: [{ name: 'dc1', racks: [{ name: 'r1', members: 1, storageCapacity: '10Gi', cpuLimit: '2', memoryLimit: '8Gi' }] }],
    });
    cluster.addClient('Orders', { name: 'orders', namespace: 'orders' });
  }, 'rotation');
  const secret = (name: string, key: string, ns = 'scylla') => Buffer.from(api.get('secret', name, ns).data[key], 'base64').toString();
  const bundleHeldByClients = () => api.get('configmap', 'orders-scylla-connection', 'orders').data['ca-bundle.crt'] as string;
  const uids = () => ({
    secrets: [...SECRETS.map((n) => api.get('secret', n, 'scylla').metadata.uid), api.get('secret', 'orders-scylla-client-tls', 'orders').metadata.uid],
    scyllaCluster: api.get('scyllacluster', 'db', 'scylla').metadata.uid,
    generation: api.get('scyllacluster', 'db', 'scylla').metadata.generation,
  });
  const verify = (bundle: string, leaf: string) =>
    openssl(['verify', '-x509_strict', '-CAfile', 'bundle.pem', 'leaf.pem'], { 'bundle.pem': bundle, 'leaf.pem': leaf }).trim();
  const issuerCn = (pem: string) => openssl(['x509', '-in', 'c.pem', '-noout', '-issuer', '-nameopt', 'compat'], { 'c.pem': pem }).trim();
  const step = (s: Step) => {
    wd.replaceConfig(synth(s));
    const changes = plannedChanges(wd.plan()).map((c) => c.replace(/_[0-9A-F]{8}$/, ''));
    wd.apply();
    expect(plannedChanges(wd.plan())).toEqual([]);
    return changes;
  };

  let before: ReturnType<typeof uids>;
  let oldServing = '';
  let oldClient = '';
  let phase1Bundle = '';

  beforeAll(async () => {
    ({ api, wd } = await deploy(synth('before'), ['scylla', 'orders']));
    before = uids();
    oldServing = secret('db-cql-serving-certs', 'tls.crt');
    oldClient = secret('orders-scylla-client-tls', 'tls.crt', 'orders');
  }, 300_000);
  afterAll(() => undeploy({ api, wd }, synths));

  test('phase 1 trust-both: the new CA is created and every bundle updated in place; no certificate is re-issued', () => {
    const changes = step(CaRotationPhase.TRUST_BOTH);
    expect(changes.filter((c) => !/^update kubernetes_(secret_v1|config_map_v1)\./.test(c))).toEqual([
      'create tls_private_key.New_Key', 'create tls_self_signed_cert.New',
    ]);
    expect(changes.filter((c) => /^update kubernetes_secret_v1/.test(c))).toHaveLength(5);
    expect(uids()).toEqual(before);
    phase1Bundle = bundleHeldByClients();
    expect(phase1Bundle.match(/BEGIN CERTIFICATE/g)).toHaveLength(2);
    // The servers still present the old certificate, which verifies against the bundle clients now hold.
    expect(secret('db-cql-serving-certs', 'tls.crt')).toBe(oldServing);
    expect(verify(phase1Bundle, oldServing)).toBe('leaf.pem: OK');
    expect(secret('db-cql-serving-certs', 'ca.crt')).toBe(phase1Bundle);
  }, 300_000);

  test('phase 2 issue-with-new: every certificate is re-issued by the new CA; Secrets updated in place; bundles unchanged', () => {
    const changes = step(CaRotationPhase.ISSUE_WITH_NEW);
    expect(changes.filter((c) => /^(delete|create)/.test(c) && !/^delete\+create tls_locally_signed_cert\./.test(c))).toEqual([]);
    expect(changes.filter((c) => /^delete\+create tls_locally_signed_cert/.test(c)).sort()).toEqual([
      'delete+create tls_locally_signed_cert.Db_AdminCertificate', 'delete+create tls_locally_signed_cert.Db_Orders_Certificate',
      'delete+create tls_locally_signed_cert.Db_dc1_InternodeCertificate', 'delete+create tls_locally_signed_cert.Db_dc1_ServingCertificate',
    ]);
    expect(changes.some((c) => /kubernetes_config_map_v1|kubernetes_manifest/.test(c))).toBe(false);
    expect(uids()).toEqual(before);
    const serving = secret('db-cql-serving-certs', 'tls.crt');
    const client = secret('orders-scylla-client-tls', 'tls.crt', 'orders');
    expect([issuerCn(serving), issuerCn(client)]).toEqual(['issuer=/CN=new CA', 'issuer=/CN=new CA']);
    // Clients still hold the phase-1 bundle: the re-issued server certificate verifies against it ...
    expect(bundleHeldByClients()).toBe(phase1Bundle);
    expect(verify(phase1Bundle, serving)).toBe('leaf.pem: OK');
    // ... and the server's client truststore (the same bundle) accepts clients of both CAs while they move over.
    const truststore = secret('db-cql-serving-certs', 'ca.crt');
    expect([verify(truststore, client), verify(truststore, oldClient)]).toEqual(['leaf.pem: OK', 'leaf.pem: OK']);
  }, 300_000);

  test('phase 3 drop-old: the old CA leaves every bundle, in place; afterwards the old CA can go', () => {
    const changes = step(CaRotationPhase.DROP_OLD);
    expect(changes.filter((c) => !/^update kubernetes_(secret_v1|config_map_v1)\./.test(c))).toEqual([]);
    expect(uids()).toEqual(before);
    const bundle = bundleHeldByClients();
    expect(bundle.match(/BEGIN CERTIFICATE/g)).toHaveLength(1);
    expect(verify(bundle, secret('db-cql-serving-certs', 'tls.crt'))).toBe('leaf.pem: OK');
    expect(() => verify(bundle, oldServing)).toThrow();

    // The rotation is done: `ca: New` in place of caRotation destroys only the old CA.
    expect(step('after')).toEqual(['delete tls_private_key.Old_Key', 'delete tls_self_signed_cert.Old']);
    expect(uids()).toEqual(before);
  }, 300_000);
});
