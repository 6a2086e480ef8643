// Provider bug hashicorp/terraform-provider-kubernetes#2778 against a real API server with the ScyllaCluster CRD:
// 1. a minimal hand-written ScyllaCluster with one rack and three volumes makes `terraform plan` panic (the reason
//    for tlsfleet's one-projected-volume rack shape; when this test fails, the provider is fixed);
// 2. every shape tlsfleet can synthesize plans and applies: 1, 2 and 3 racks x Alternator off / tlsfleet
//    certificate / operator-managed x placement and tolerations absent / present. Every rack carries exactly one
//    volume (the projected tlsfleet volume), the only volume layout tlsfleet produces.
import { rmSync } from 'node:fs';
import {
  AlternatorCertificateSource, AlternatorOptions, CertificateAuthority, NodeSelectorOperator, RackPlacement, ScyllaCluster,
  ScyllaOperatorVersion, TaintEffect, TolerationOperator,
} from '../../constructs';
import { SHARED_CRD_1_22 } from '../conformance/crd';
import { kubeconfigProvider } from '../../examples/kubeconfig';
import { synthToFile } from '../helpers/synth';
import { KubeApi, requireKubeApiOrSkip, startKubeApi } from './kube-api';
import { plannedChanges, requireToolchainOrSkip, TerraformWorkdir } from './terraform-harness';

const RUN = requireToolchainOrSkip('manifest shapes') && requireKubeApiOrSkip('manifest shapes');

const PLACEMENT: RackPlacement = {
  nodeAffinity: {
    required: [
      { matchExpressions: [{ key: 'topology.kubernetes.io/zone', operator: NodeSelectorOperator.IN, values: ['z1', 'z2'] }] },
      { matchExpressions: [{ key: 'node-role', operator: NodeSelectorOperator.EXISTS }] },
    ],
  },
  podAntiAffinity: { preferred: [{ weight: 50, podAffinityTerm: { topologyKey: 'kubernetes.io/hostname' } }] },
  tolerations: [
    { key: 'scylla', operator: TolerationOperator.EQUAL, value: 'true', effect: TaintEffect.NO_SCHEDULE },
    { key: 'dedicated', operator: TolerationOperator.EXISTS },
  ],
};

const ALTERNATOR: Record<string, AlternatorOptions | undefined> = {
  none: undefined,
  tlsfleet: { certificateSource: AlternatorCertificateSource.TLSFLEET },
  operator: { certificateSource: AlternatorCertificateSource.OPERATOR_MANAGED },
};

export const SHAPES = [1, 2, 3].flatMap((racks) => Object.keys(ALTERNATOR).flatMap((alternator) =>
  [false, true].map((placement) => ({ racks, alternator, placement, name: `r${racks}-${alternator}-${placement ? 'placed' : 'bare'}` }))));

/** One rack, three volumes, no placement: the smallest ScyllaCluster that hits #2778. */
function bugManifest(): object {
  const volume = (n: number) => ({ name: `v${n}`, secret: { secretName: `s${n}` } });
  return {
    '//': { metadata: { backend: 'local', stackName: 'bug', version: '0.21.0' }, outputs: {} },
    terraform: { required_providers: { kubernetes: { source: 'kubernetes', version: '2.38.0' } } },
    provider: { kubernetes: [{}] },
    resource: {
      kubernetes_manifest: {
        bug: {
          manifest: {
            apiVersion: 'scylla.scylladb.com/v1', kind: 'ScyllaCluster',
            metadata: { name: 'bug', namespace: 'shapes' },
            spec: {
              version: '2025.1.5',
              datacenter: {
                name: 'dc1',
                racks: [{
                  name: 'r1', members: 1, storage: { capacity: '1Gi' },
                  resources: { limits: { cpu: '1', memory: '1Gi' } },
                  volumes: [volume(1), volume(2), volume(3)],
                }],
              },
            },
          },
        },
      },
    },
  };
}

(RUN ? describe : describe.skip)('ScyllaCluster shapes against a real API server (provider bug #2778)', () => {
  let api: KubeApi;
  beforeAll(async () => { api = await startKubeApi({ namespaces: ['shapes'] }); }, 120_000);
  afterAll(() => api?.stop());

  test('the bug itself: one rack with three volumes panics the kubernetes provider at plan', () => {
    const dir = synthToFile(() => undefined, 'bug');
    require('node:fs').writeFileSync(dir.file, JSON.stringify(bugManifest()));
    const wd = new TerraformWorkdir(dir.file, { env: { KUBE_CONFIG_PATH: api.kubeconfig } });
    try {
      wd.init();
      const res = wd.run(['plan', '-input=false', '-no-color'], undefined, true);
      // If this ever plans cleanly, #2778 is fixed in the provider built here: the one-volume rack shape
      // (constructs/scylla/names.ts MOUNTS) may then be relaxed.
      expect({ status: res.status, panic: /ElementKeyInt\(0\): can't use tftypes\.Object/.test(res.stderr) })
        .toEqual({ status: 1, panic: true });
    } finally {
      wd.cleanup();
      rmSync(dir.outdir, { recursive: true, force: true });
    }
  }, 120_000);

  test(`all ${SHAPES.length} shapes tlsfleet synthesizes plan and apply, then plan no changes`, () => {
    const synthesized = synthToFile((stack) => {
      kubeconfigProvider(stack);
      const ca = new CertificateAuthority(stack, 'Ca');
      for (const shape of SHAPES) {
        new ScyllaCluster(stack, shape.name, {
          name: shape.name, namespace: 'shapes', version: '2025.1.5', ca,
          alternator: ALTERNATOR[shape.alternator],
          datacenters: [{
            name: 'dc1',
            racks: Array.from({ length: shape.racks }, (_, i) => ({
              name: `rack${i}`, members: 1, storageCapacity: '1Gi', cpuLimit: '1', memoryLimit: '1Gi',
              placement: shape.placement ? PLACEMENT : undefined,
            })),
          }],
        });
      }
    }, 'shapes');
    const wd = new TerraformWorkdir(synthesized.file, { env: { KUBE_CONFIG_PATH: api.kubeconfig } });
    try {
      wd.init();
      const plan = wd.plan();
      const manifests = plannedChanges(plan).filter((c) => c.includes('kubernetes_manifest'));
      expect(manifests).toHaveLength(SHAPES.length);
      wd.apply();
      for (const shape of SHAPES) {
        const live = api.get('scyllacluster', shape.name, 'shapes');
        expect({ shape: shape.name, racks: live?.spec.datacenter.racks.length, volumes: live?.spec.datacenter.racks.map((r: any) => r.volumes.length) })
          .toEqual({ shape: shape.name, racks: shape.racks, volumes: Array(shape.racks).fill(1) });
      }
      expect(plannedChanges(wd.plan())).toEqual([]);
    } finally {
      wd.cleanup();
      rmSync(synthesized.outdir, { recursive: true, force: true });
    }
  }, 600_000);
});

(RUN ? describe : describe.skip)('ScyllaClusters against the operator 1.22 CRD (real API server)', () => {
  let api: KubeApi;
  beforeAll(async () => { api = await startKubeApi({ namespaces: ['shapes'], crds: [SHARED_CRD_1_22] }); }, 120_000);
  afterAll(() => api?.stop());

  test('a default cluster and one with enableParallelNodeOperations plan, apply and read back', () => {
    const synthesized = synthToFile((stack) => {
      kubeconfigProvider(stack);
      const ca = new CertificateAuthority(stack, 'Ca');
      const rack = { name: 'r1', members: 1, storageCapacity: '1Gi', cpuLimit: '1', memoryLimit: '1Gi' };
      new ScyllaCluster(stack, 'Default', { name: 'default', namespace: 'shapes', version: '2025.1.5', ca, datacenters: [{ name: 'dc1', racks: [rack] }] });
      new ScyllaCluster(stack, 'Parallel', {
        name: 'parallel', namespace: 'shapes', version: '2026.2.0', ca, operatorVersion: ScyllaOperatorVersion.V1_22,
        enableParallelNodeOperations: true, datacenters: [{ name: 'dc1', racks: [rack] }],
      });
    }, 'operator122');
    const wd = new TerraformWorkdir(synthesized.file, { env: { KUBE_CONFIG_PATH: api.kubeconfig } });
    try {
      wd.init();
      wd.apply();
      expect(api.get('scyllacluster', 'parallel', 'shapes').spec.enableParallelNodeOperations).toBe(true);
      expect(api.get('scyllacluster', 'default', 'shapes').spec.datacenter.racks).toHaveLength(1);
      expect(plannedChanges(wd.plan())).toEqual([]);
    } finally {
      wd.cleanup();
      rmSync(synthesized.outdir, { recursive: true, force: true });
    }
  }, 300_000);
});
