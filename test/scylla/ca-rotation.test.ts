import { TerraformStack, TerraformVariable } from 'cdktf';
import { CaBundle, CaRotationPhase, CertificateAuthority, ICertificateAuthority, ScyllaCluster } from '../../constructs';
import { buildReport } from '../../constructs/policy/report/model';
import { renderMarkdown } from '../../constructs/policy/report/markdown';
import { clusterError, minimalProps } from './fixtures';
import { evaluate, k8sObject, newStack, synth } from '../helpers/synth';

/** The synthesized stack of a cluster rotating from `Old` to `New` (or to an imported CA). */
function rotate(phase: CaRotationPhase, deployedPhase?: CaRotationPhase | 'none', imported = false) {
  const stack = newStack({ kubernetesProvider: true });
  const from = new CertificateAuthority(stack, 'Old');
  const to: ICertificateAuthority = imported
    ? CertificateAuthority.fromPem(stack, 'OrgCa', {
      certificatePem: new TerraformVariable(stack, 'org_ca_pem', { type: 'string' }).stringValue,
      privateKeyPem: new TerraformVariable(stack, 'org_ca_key', { type: 'string', sensitive: true }).stringValue,
      validityHours: 87600,
    })
    : new CertificateAuthority(stack, 'New');
  const cluster = new ScyllaCluster(stack, 'Db', minimalProps({ caRotation: { from, to, phase, deployedPhase } }));
  cluster.addClient('Orders', { name: 'orders', namespace: 'orders' });
  return { stack, json: synth(stack), cluster };
}

/** Which CA (by construct id) signs each leaf, and which CAs each delivered bundle holds. */
function picture(json: any): { leaves: Record<string, string>; bundles: Record<string, string[]> } {
  const caOf = (expr: string) => (/tls_self_signed_cert\.(\w+?)_[0-9A-F]{8}\./.exec(expr)?.[1] ?? (/var\.org_ca_pem/.test(expr) ? 'OrgCa' : expr));
  const leaves = Object.fromEntries(Object.entries<any>(json.resource.tls_locally_signed_cert)
    .map(([id, c]) => [id.replace(/_[0-9A-F]{8}$/, ''), caOf(c.ca_cert_pem)]));
  const cas = (text: string) => [...text.matchAll(/tls_self_signed_cert\.(\w+?)_[0-9A-F]{8}\.cert_pem|var\.org_ca_pem/g)].map((m) => m[1] ?? 'OrgCa');
  const bundles: Record<string, string[]> = {};
  for (const s of Object.values<any>(json.resource.kubernetes_secret_v1)) bundles[`secret ${s.metadata.name}`] = cas(s.data['ca.crt'] ?? '');
  for (const c of Object.values<any>(json.resource.kubernetes_config_map_v1)) if (c.data['ca-bundle.crt']) bundles[`configmap ${c.metadata.name}`] = cas(c.data['ca-bundle.crt']);
  return { leaves, bundles };
}

const LEAVES = ['Db_AdminCertificate', 'Db_Orders_Certificate', 'Db_dc1_InternodeCertificate', 'Db_dc1_ServingCertificate'];
const BUNDLES = ['configmap db-tlsfleet-ca-bundle', 'configmap orders-scylla-connection', 'secret db-cql-admin-certs', 'secret db-cql-serving-certs',
  'secret db-internode-certs', 'secret orders-scylla-client-tls'];
const every = (keys: string[], value: unknown) => Object.fromEntries(keys.map((k) => [k, value]));

describe('CA rotation, phase by phase', () => {
  test('1 trust-both: every bundle carries the old and the new CA; every certificate is still issued by the old one', () => {
    const { leaves, bundles } = picture(rotate(CaRotationPhase.TRUST_BOTH).json);
    expect(leaves).toEqual(every(LEAVES, 'Old'));
    expect(bundles).toEqual(every(BUNDLES, ['Old', 'New']));
  });

  test('2 issue-with-new: every certificate is re-issued by the new CA; the bundles still carry both', () => {
    const { leaves, bundles } = picture(rotate(CaRotationPhase.ISSUE_WITH_NEW, CaRotationPhase.TRUST_BOTH).json);
    expect(leaves).toEqual(every(LEAVES, 'New'));
    expect(bundles).toEqual(every(BUNDLES, ['Old', 'New']));
  });

  test('3 drop-old: the old CA leaves every bundle', () => {
    const { leaves, bundles } = picture(rotate(CaRotationPhase.DROP_OLD, CaRotationPhase.ISSUE_WITH_NEW).json);
    expect(leaves).toEqual(every(LEAVES, 'New'));
    expect(bundles).toEqual(every(BUNDLES, ['New']));
  });

  test('no phase changes the ScyllaCluster or its scylla.yaml (ScyllaDB reloads the files; no pod restarts)', () => {
    const manifests = [
      rotate(CaRotationPhase.TRUST_BOTH), rotate(CaRotationPhase.ISSUE_WITH_NEW, CaRotationPhase.TRUST_BOTH), rotate(CaRotationPhase.DROP_OLD, CaRotationPhase.ISSUE_WITH_NEW),
    ].map(({ json }) => JSON.stringify([Object.values<any>(json.resource.kubernetes_manifest)[0].manifest, k8sObject(json, 'kubernetes_config_map_v1', 'db-tlsfleet-config').data]));
    expect(new Set(manifests).size).toBe(1);
  });

  test('an imported organization CA rotates the same way', () => {
    const { leaves, bundles } = picture(rotate(CaRotationPhase.ISSUE_WITH_NEW, CaRotationPhase.TRUST_BOTH, true).json);
    expect(leaves).toEqual(every(LEAVES, 'OrgCa'));
    expect(bundles).toEqual(every(BUNDLES, ['Old', 'OrgCa']));
  });

  test('the report shows the phase', () => {
    const { stack } = rotate(CaRotationPhase.ISSUE_WITH_NEW, CaRotationPhase.TRUST_BOTH);
    const report = buildReport([evaluate(stack)]);
    expect(report.stacks[0].clusters[0]).toMatchObject({ caRotation: { phase: 'issue-with-new', from: 'test/Old', to: 'test/New' } });
    expect(renderMarkdown(report)).toContain('CA rotation in progress: phase **issue-with-new**, from `test/Old` to `test/New`.');
  });
});

describe('CA rotation errors', () => {
  const props = (stack: TerraformStack, phase: CaRotationPhase, deployedPhase?: CaRotationPhase | 'none') =>
    minimalProps({ caRotation: { from: new CertificateAuthority(stack, 'Old'), to: new CertificateAuthority(stack, 'New'), phase, deployedPhase } });
  const error = (phase: CaRotationPhase, deployedPhase?: CaRotationPhase | 'none') => {
    const stack = newStack({ kubernetesProvider: true });
    return clusterErrorIn(stack, props(stack, phase, deployedPhase));
  };

  test('skipping a phase explains the order and what would break', () => {
    expect(error(CaRotationPhase.ISSUE_WITH_NEW).message).toContain('`caRotation.phase` must be the deployed phase "none" or the next one, "trust-both"');
    const drop = error(CaRotationPhase.DROP_OLD, CaRotationPhase.TRUST_BOTH).message;
    expect(drop).toContain('"issue-with-new"');
    expect(drop).toContain('certificates signed by test/Old are still in use');
  });

  test('going back is an error', () => {
    expect(error(CaRotationPhase.TRUST_BOTH, CaRotationPhase.DROP_OLD).message).toContain('must not go back from the deployed phase "drop-old"');
  });

  test('removing the old CA while a hand-given client trust bundle still carries it is an error', () => {
    const stack = newStack({ kubernetesProvider: true });
    const from = new CertificateAuthority(stack, 'Old');
    const to = new CertificateAuthority(stack, 'New');
    const e = clusterErrorIn(stack, minimalProps({
      caRotation: { from, to, phase: CaRotationPhase.DROP_OLD, deployedPhase: CaRotationPhase.ISSUE_WITH_NEW },
      clientTrustBundle: CaBundle.of(to, from),
    }));
    expect(e.message).toContain('`clientTrustBundle` must not contain test/Old in phase drop-old');
  });

  test('ca and caRotation together, the same CA twice, and bad values from JavaScript', () => {
    const stack = newStack({ kubernetesProvider: true });
    const a = new CertificateAuthority(stack, 'A');
    expect(clusterErrorIn(stack, minimalProps({ ca: a, caRotation: { from: a, to: new CertificateAuthority(stack, 'B'), phase: CaRotationPhase.TRUST_BOTH } })).message)
      .toContain('`ca` must not be given with `caRotation`');
    expect(clusterErrorIn(newStack({ kubernetesProvider: true }), minimalProps({ caRotation: { from: a, to: a, phase: CaRotationPhase.TRUST_BOTH } })).message).toContain('`caRotation.to` must be another CA');
    expect(clusterError(minimalProps({ caRotation: { from: 'old' as any, to: a, phase: CaRotationPhase.TRUST_BOTH } })).message).toContain('`caRotation.from` must be a certificate authority');
    expect(clusterErrorIn(newStack({ kubernetesProvider: true }), minimalProps({ caRotation: { from: a, to: new CertificateAuthority(newStack({ kubernetesProvider: true }), 'C'), phase: 'later' as any } })).message)
      .toContain('`caRotation.phase` must be one of CaRotationPhase.TRUST_BOTH, CaRotationPhase.ISSUE_WITH_NEW, CaRotationPhase.DROP_OLD');
  });
});

function clusterErrorIn(stack: TerraformStack, p: ReturnType<typeof minimalProps>) {
  try {
    new ScyllaCluster(stack, 'Db', p);
  } catch (e) {
    return e as Error;
  }
  throw new Error('expected an error');
}
