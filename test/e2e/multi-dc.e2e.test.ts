// Adding a datacenter to a running cluster (real API server, both datacenters in one Kubernetes cluster): the existing
// datacenter's ScyllaCluster is not re-created and keeps its spec, the new one is created after it and seeds from it.
import { CertificateAuthority, ScyllaCluster, ScyllaDatacenterProps } from '../../constructs';
import { kubeconfigProvider } from '../../examples/kubeconfig';
import { deploy, Synths, undeploy } from './deployment';
import { KubeApi, requireKubeApiOrSkip } from './kube-api';
import { plannedChanges, requireToolchainOrSkip, TerraformWorkdir } from './terraform-harness';

const RUN = requireToolchainOrSkip('adding a datacenter') && requireKubeApiOrSkip('adding a datacenter');
const RACK = { name: 'r1', members: 1, storageCapacity: '10Gi', cpuLimit: '2', memoryLimit: '8Gi' };
const DCS: ScyllaDatacenterProps[] = [
  { name: 'eu', namespace: 'scylla-eu', racks: [RACK] },
  { name: 'us', namespace: 'scylla-us', racks: [RACK] },
];

(RUN ? describe : describe.skip)('adding a datacenter to a running cluster (real API server)', () => {
  let api: KubeApi;
  let wd: TerraformWorkdir;
  const synths = new Synths();
  const synth = (datacenters: ScyllaDatacenterProps[]) => synths.file((stack) => {
    kubeconfigProvider(stack);
    new ScyllaCluster(stack, 'Db', { name: 'db', namespace: 'scylla-eu', version: '2025.1.5', ca: new CertificateAuthority(stack, 'Ca'), datacenters });
  }, 'multi');
  beforeAll(async () => {
    ({ api, wd } = await deploy(synth([DCS[0]]), ['scylla-eu', 'scylla-us'], { reportAvailable: true }));
  }, 300_000);
  afterAll(() => undeploy({ api, wd }, synths));

  test('the running datacenter keeps its object and spec; the new one is created after it and seeds from it', () => {
    const before = api.get('scyllacluster', 'db', 'scylla-eu');
    wd.replaceConfig(synth(DCS));
    const changes = plannedChanges(wd.plan());
    // The first datacenter gains only the wait for the second (Terraform-side configuration, no object change).
    expect(changes.filter((c) => !c.startsWith('create ') || !/Db_us/.test(c))).toEqual([expect.stringMatching(/^update kubernetes_manifest\.Db_eu/)]);
    wd.apply();
    expect(plannedChanges(wd.plan())).toEqual([]);
    const after = api.get('scyllacluster', 'db', 'scylla-eu');
    expect({ uid: after.metadata.uid, generation: after.metadata.generation, spec: after.spec })
      .toEqual({ uid: before.metadata.uid, generation: before.metadata.generation, spec: before.spec });
    const us = api.get('scyllacluster', 'db', 'scylla-us');
    expect(us.spec.externalSeeds).toEqual(['db-eu-r1-0.scylla-eu.svc.cluster.local']);
  }, 300_000);
});
