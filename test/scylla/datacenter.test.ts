// ScyllaDatacenter: one ScyllaCluster object per datacenter, declared once for the whole cluster.
import { KubernetesProvider } from '@cdktf/provider-kubernetes/lib/provider';
import { TerraformStack } from 'cdktf';
import { AlternatorCertificateSource, ScyllaCluster, ScyllaClusterProps } from '../../constructs';
import { clusterError, minimalProps, RACK, scyllaManifests } from './fixtures';
import { newStack, resources, synth, Synthesized } from '../helpers/synth';

function twoDcs(overrides: Partial<ScyllaClusterProps> = {}): { json: Synthesized; cluster: ScyllaCluster; stack: TerraformStack } {
  const stack = newStack({ kubernetesProvider: true });
  const eu = new KubernetesProvider(stack, 'eu', { alias: 'eu' });
  const us = new KubernetesProvider(stack, 'us', { alias: 'us' });
  const cluster = new ScyllaCluster(stack, 'Db', minimalProps({
    alternator: {},
    datacenters: [
      { name: 'eu', provider: eu, racks: [{ ...RACK, name: 'a' }, { ...RACK, name: 'b', members: 2 }], kubectlContext: 'eu-ctx' },
      { name: 'us', provider: us, racks: [{ ...RACK, name: 'a' }], clusterDomain: 'us.cluster', additionalDnsNames: ['alternator.us.example.com'] },
    ],
    ...overrides,
  }));
  return { json: synth(stack), cluster, stack };
}

function byDc(json: Synthesized): Record<string, any> {
  return Object.fromEntries(scyllaManifests(json).map((m) => [m.spec.datacenter.name, m]));
}

describe('multi-datacenter cluster', () => {
  const { json, cluster } = twoDcs();
  const dcs = byDc(json);

  test('one ScyllaCluster per datacenter, all with the same metadata.name', () => {
    expect(Object.keys(dcs)).toEqual(['eu', 'us']);
    expect(new Set(Object.values(dcs).map((m) => m.metadata.name))).toEqual(new Set(['db']));
  });

  test('each through its own provider alias', () => {
    const providers = Object.fromEntries(Object.values<any>(resources(json, 'kubernetes_manifest'))
      .map((r) => [r.manifest.spec.datacenter.name, r.provider]));
    expect(providers).toEqual({ eu: 'kubernetes.eu', us: 'kubernetes.us' });
    for (const secret of Object.values<any>(resources(json, 'kubernetes_secret_v1'))) {
      expect(['kubernetes.eu', 'kubernetes.us']).toContain(secret.provider);
    }
  });

  test('externalSeeds wired: the first datacenter bootstraps alone, the next seeds from member 0 of every rack of the first', () => {
    expect(dcs.eu.spec.externalSeeds).toBeUndefined();
    expect(dcs.us.spec.externalSeeds).toEqual(['db-eu-a-0.scylla.svc.cluster.local', 'db-eu-b-0.scylla.svc.cluster.local']);
    expect(cluster.datacenter('eu').seeds).toEqual(['db-eu-a-0.scylla.svc.cluster.local', 'db-eu-b-0.scylla.svc.cluster.local']);
  });

  test('identical scylla.yaml, redeployment reason, version and Alternator settings everywhere', () => {
    const configs = Object.values<any>(resources(json, 'kubernetes_config_map_v1'))
      .filter((c) => c.metadata.name === 'db-tlsfleet-config').map((c) => c.data['scylla.yaml']);
    expect(configs).toHaveLength(2);
    expect(configs[1]).toBe(configs[0]);
    expect(dcs.us.spec.forceRedeploymentReason).toBe(dcs.eu.spec.forceRedeploymentReason);
    expect(dcs.us.spec.version).toBe(dcs.eu.spec.version);
    expect(dcs.us.spec.alternator).toEqual(dcs.eu.spec.alternator);
  });

  test('one shared CA signs a serving certificate per datacenter, with its own SANs', () => {
    expect(Object.keys(resources(json, 'tls_self_signed_cert'))).toHaveLength(1);
    const requests = resources(json, 'tls_cert_request');
    const eu = Object.entries<any>(requests).find(([id]) => id.startsWith('Db_eu_ServingCertificate'))![1];
    const us = Object.entries<any>(requests).find(([id]) => id.startsWith('Db_us_ServingCertificate'))![1];
    expect(eu.dns_names).toEqual(expect.arrayContaining(['db-eu-b-1.scylla.svc', 'db-eu-b-1.scylla.svc.cluster.local']));
    expect(eu.dns_names).not.toContain('alternator.us.example.com');
    expect(us.dns_names).toEqual(expect.arrayContaining(['db-client.scylla.svc.us.cluster', 'db-us-a-2.scylla.svc', 'alternator.us.example.com']));
    const issuers = new Set(Object.values<any>(resources(json, 'tls_locally_signed_cert')).map((c) => c.ca_cert_pem));
    expect(issuers.size).toBe(1);
  });

  test('every datacenter gets the same CA bundle', () => {
    const bundles = Object.values<any>(resources(json, 'kubernetes_config_map_v1'))
      .filter((c) => c.metadata.name === 'db-tlsfleet-ca-bundle').map((c) => c.data['ca-bundle.crt']);
    expect(bundles).toHaveLength(2);
    expect(bundles[1]).toBe(bundles[0]);
  });

  test('per-datacenter Alternator endpoints in the outputs', () => {
    expect(json.output.Db_alternator_endpoints.value).toEqual({
      eu: 'https://db-client.scylla.svc:8043', us: 'https://db-client.scylla.svc:8043',
    });
    expect(Object.keys(json.output.Db_endpoints.value)).toEqual(['eu', 'us']);
  });
});

describe('multi-datacenter bootstrap order', () => {
  test('each datacenter after the first depends on the one before, which waits until it is Available', () => {
    const { json } = twoDcs({
      datacenters: [{ name: 'eu', racks: [RACK], namespace: 'a' }, { name: 'us', racks: [RACK], namespace: 'b' }, { name: 'ap', racks: [RACK], namespace: 'c' }],
    });
    const byName = Object.fromEntries(Object.entries<any>(json.resource!.kubernetes_manifest).map(([id, r]) => [r.manifest.spec.datacenter.name, { id, r }]));
    const manifestDeps = (dc: string) => (byName[dc].r.depends_on as string[]).filter((d) => d.startsWith('kubernetes_manifest.'));
    expect([manifestDeps('eu'), manifestDeps('us'), manifestDeps('ap')]).toEqual([
      [], [`kubernetes_manifest.${byName.eu.id}`], [`kubernetes_manifest.${byName.us.id}`],
    ]);
    expect([byName.eu.r.wait, byName.us.r.wait, byName.ap.r.wait]).toEqual([
      { condition: [{ status: 'True', type: 'Available' }] }, { condition: [{ status: 'True', type: 'Available' }] }, undefined,
    ]);
    expect(byName.eu.r.timeouts).toEqual({ create: '60m', update: '60m' });
    expect([byName.eu.r.manifest.spec.externalSeeds, byName.ap.r.manifest.spec.externalSeeds])
      .toEqual([undefined, ['db-eu-r1-0.a.svc.cluster.local', 'db-us-r1-0.b.svc.cluster.local']]);
  });
});

describe('multi-datacenter options', () => {
  test('explicit seeds, and the cluster external seeds first', () => {
    const { json } = twoDcs({
      externalSeeds: ['10.9.9.9'],
      datacenters: [
        { name: 'eu', racks: [RACK], namespace: 'scylla-eu', seeds: ['eu-seed.example.com'] },
        { name: 'us', racks: [RACK], namespace: 'scylla-us', seeds: ['10.2.0.1', 'us-seed.example.com'] },
      ],
    });
    const dcs = byDc(json);
    expect(dcs.eu.spec.externalSeeds).toEqual(['10.9.9.9']);
    expect(dcs.us.spec.externalSeeds).toEqual(['10.9.9.9', 'eu-seed.example.com']);
  });

  test('per-datacenter namespaces, in one Kubernetes cluster', () => {
    const { json } = twoDcs({
      datacenters: [{ name: 'eu', racks: [RACK], namespace: 'scylla-eu' }, { name: 'us', racks: [RACK], namespace: 'scylla-us' }],
    });
    const dcs = byDc(json);
    expect([dcs.eu.metadata.namespace, dcs.us.metadata.namespace]).toEqual(['scylla-eu', 'scylla-us']);
    expect(json.output.Db_alternator_endpoints.value).toEqual({
      eu: 'https://db-client.scylla-eu.svc:8043', us: 'https://db-client.scylla-us.svc:8043',
    });
  });
});

describe('multi-datacenter validation', () => {
  test('two datacenters in one namespace of one Kubernetes cluster would be one object', () => {
    const err = clusterError(minimalProps({ datacenters: [{ name: 'eu', racks: [RACK] }, { name: 'us', racks: [RACK] }] }));
    expect(err.constructPath).toBe('test/Db/us');
    expect(err).toMatchObject({ field: 'namespace', value: 'scylla/db' });
    expect(err.message).toContain('must be unique per ScyllaCluster and namespace');
  });

  test.each([
    ['datacenters[0].name', { name: 'EU' }, 'EU'],
    ['datacenters[0].namespace', { namespace: 'Scylla' }, 'Scylla'],
    ['clusterDomain', { clusterDomain: 'cluster_local' }, 'cluster_local'],
    ['seeds', { seeds: [] }, []],
    ['seeds[0]', { seeds: ['bad seed'] }, 'bad seed'],
    ['additionalIpAddresses[0]', { additionalIpAddresses: ['1.2.3'] }, '1.2.3'],
  ] as const)('rejects a bad datacenter %s', (field, override, value) => {
    const err = clusterError(minimalProps({ datacenters: [{ name: 'dc1', racks: [RACK], ...(override as any) }] }));
    expect(err).toMatchObject({ field, value });
    // Names and namespaces are checked by the cluster before it creates anything, the rest by the datacenter.
    expect(err.constructPath).toMatch(field.startsWith('datacenters[') ? /^test\/Db$/ : /^test\/Db\//);
  });

  test('datacenter() names the datacenters it knows', () => {
    const cluster = new ScyllaCluster(newStack({ kubernetesProvider: true }), 'Db', minimalProps());
    expect(() => cluster.datacenter('nope')).toThrow('test/Db: `datacenter` must be one of dc1, got "nope"');
  });

  test('operator-managed Alternator certificates get per-datacenter names as additionalDNSNames', () => {
    const { json } = twoDcs({ alternator: { certificateSource: AlternatorCertificateSource.OPERATOR_MANAGED } });
    const dcs = byDc(json);
    expect(dcs.eu.spec.alternator.servingCertificate).toEqual({ type: 'OperatorManaged' });
    expect(dcs.us.spec.alternator.servingCertificate.operatorManagedOptions.additionalDNSNames).toEqual(['alternator.us.example.com']);
  });
});
