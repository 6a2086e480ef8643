import { parse } from 'yaml';
import {
  BroadcastAddressType, CaBundle, CertificateAuthority, NodeServiceType, ScyllaCluster,
} from '../../constructs';
import { clusterError, minimalProps, RACK, synthCluster } from './fixtures';
import { evaluate, k8sObject, newStack, resourceAt, resources, synth } from '../helpers/synth';

describe('ScyllaCluster defaults', () => {
  const { manifest, json } = synthCluster(minimalProps());

  test('declares a scylla.scylladb.com/v1 ScyllaCluster named after the cluster, labelled managed-by tlsfleet', () => {
    expect(manifest.apiVersion).toBe('scylla.scylladb.com/v1');
    expect(manifest.kind).toBe('ScyllaCluster');
    expect(manifest.metadata).toEqual({ name: 'db', namespace: 'scylla', labels: { 'app.kubernetes.io/managed-by': 'tlsfleet' } });
  });

  test('writes the version, developerMode false, the datacenter and nothing the operator defaults', () => {
    expect(manifest.spec.version).toBe('2025.1.5');
    expect(manifest.spec.developerMode).toBe(false);
    expect(manifest.spec.datacenter.name).toBe('dc1');
    expect(manifest.spec.agentVersion).toBe('3.5.1'); // pinned: the operator's default is `latest`
    for (const absent of ['repository', 'agentRepository', 'automaticOrphanedNodeCleanup', 'exposeOptions',
      'externalSeeds', 'imagePullSecrets', 'podMetadata', 'dnsDomains', 'alternator']) {
      expect(manifest.spec).not.toHaveProperty(absent);
    }
  });

  test('renders a rack with requests equal to limits (Guaranteed QoS) and the storage capacity', () => {
    expect(manifest.spec.datacenter.racks[0]).toMatchObject({
      name: 'r1', members: 3,
      storage: { capacity: '100Gi' },
      resources: { limits: { cpu: '4', memory: '16Gi' }, requests: { cpu: '4', memory: '16Gi' } },
    });
    expect(manifest.spec.datacenter.racks[0].storage).not.toHaveProperty('storageClassName');
    expect(manifest.spec.datacenter.racks[0]).not.toHaveProperty('placement');
  });

  test('names the user scylla.yaml ConfigMap in every rack and mounts the tlsfleet Secrets read-only', () => {
    const rack = manifest.spec.datacenter.racks[0];
    expect(rack.scyllaConfig).toBe('db-tlsfleet-config');
    // One projected volume, one mount (provider bug #2778), whole keys without subPath (hot reload).
    const items = (dir: string) => ['tls.crt', 'tls.key', 'ca.crt'].map((key) => ({ key, path: `${dir}/${key}` }));
    expect(rack.volumes).toEqual([{
      name: 'tlsfleet',
      projected: {
        sources: [
          { secret: { name: 'db-cql-serving-certs', items: items('cql-serving') } },
          { secret: { name: 'db-cql-admin-certs', items: items('cql-admin') } },
          { configMap: { name: 'db-tlsfleet-cqlshrc', items: [{ key: 'cqlshrc', path: 'cqlsh/cqlshrc' }] } },
          { secret: { name: 'db-internode-certs', items: items('internode') } },
        ],
      },
    }]);
    expect(rack.volumeMounts).toEqual([{ name: 'tlsfleet', mountPath: '/var/run/secrets/tlsfleet', readOnly: true }]);
    expect(JSON.stringify(rack)).not.toContain('subPath');
  });

  test('the agent sidecar has requests equal to limits, so the pod is Guaranteed', () => {
    const rack = manifest.spec.datacenter.racks[0];
    expect(rack.agentResources).toEqual({ requests: { cpu: '200m', memory: '256Mi' }, limits: { cpu: '200m', memory: '256Mi' } });
    expect(rack.resources.requests).toEqual(rack.resources.limits);
  });

  test('the scylla.yaml ConfigMap has exactly the data key scylla.yaml, and pods roll on its hash', () => {
    const config = k8sObject(json, 'kubernetes_config_map_v1', 'db-tlsfleet-config', 'scylla');
    expect(Object.keys(config.data)).toEqual(['scylla.yaml']);
    expect(parse(config.data['scylla.yaml']).authenticator).toBe('PasswordAuthenticator');
    expect(manifest.spec.forceRedeploymentReason).toMatch(/^scylla\.yaml sha256:[0-9a-f]{16}$/);
  });

  test('writes the CQL serving Secret with the client CA as ca.crt, and the admin Secret', () => {
    const cql = k8sObject(json, 'kubernetes_secret_v1', 'db-cql-serving-certs', 'scylla');
    expect(cql.type).toBe('kubernetes.io/tls');
    expect(Object.keys(cql.data).sort()).toEqual(['ca.crt', 'tls.crt', 'tls.key']);
    expect(cql.data['ca.crt']).toMatch(/^\$\{tls_self_signed_cert\.Db_Ca_[0-9A-F]+\.cert_pem\}$/);
    const admin = k8sObject(json, 'kubernetes_secret_v1', 'db-cql-admin-certs', 'scylla');
    expect(admin.data['tls.crt']).toMatch(/tls_locally_signed_cert\.Db_AdminCertificate_/);
  });

  test('writes no Alternator Secret without Alternator', () => {
    expect(() => k8sObject(json, 'kubernetes_secret_v1', 'db-alternator-local-serving-certs')).toThrow(/found 0/);
  });

  test('creates its own CA, with an ECDSA P-256 key', () => {
    expect(Object.keys(resources(json, 'tls_self_signed_cert'))).toEqual([expect.stringMatching(/^Db_Ca_/)]);
    expect(resourceAt(json, 'tls_private_key', 'Db/Ca/Key')).toEqual({ algorithm: 'ECDSA', ecdsa_curve: 'P256' });
  });

  test('the ScyllaCluster depends on the Secrets and ConfigMaps its pods mount', () => {
    const dependsOn: string[] = resourceAt(json, 'kubernetes_manifest', 'Db/dc1/Resource').depends_on;
    expect(dependsOn).toEqual(expect.arrayContaining([
      expect.stringMatching(/^kubernetes_secret_v1\.Db_dc1_CqlServingSecret_/),
      expect.stringMatching(/^kubernetes_secret_v1\.Db_dc1_CqlAdminSecret_/),
      expect.stringMatching(/^kubernetes_config_map_v1\.Db_dc1_ScyllaConfig_/),
      expect.stringMatching(/^kubernetes_config_map_v1\.Db_dc1_Cqlshrc_/),
    ]));
  });

  test('writes a CA bundle ConfigMap in the cluster namespace', () => {
    const bundle = k8sObject(json, 'kubernetes_config_map_v1', 'db-tlsfleet-ca-bundle', 'scylla');
    expect(Object.keys(bundle.data)).toEqual(['ca-bundle.crt']);
  });

  test('outputs endpoints and bundle ConfigMaps under stable names, with no secret values', () => {
    expect(json.output.Db_endpoints.value).toEqual({ dc1: { namespace: 'scylla', cql: 'db-client.scylla.svc:9142' } });
    expect(json.output.Db_ca_bundle_configmaps.value).toEqual({ dc1: 'scylla/db-tlsfleet-ca-bundle' });
    expect(json.output).not.toHaveProperty('Db_alternator_endpoints');
    expect(JSON.stringify(json.output)).not.toMatch(/private_key|tls\.key/);
  });

  test('exposes resolved defaults as fields', () => {
    const cluster = new ScyllaCluster(newStack({ kubernetesProvider: true }), 'Db', minimalProps());
    expect(cluster.developerMode).toBe(false);
    expect(cluster.adminRole).toBe('cassandra');
    expect(cluster.alternator).toBeUndefined();
    expect(cluster.datacenters.map((d) => d.name)).toEqual(['dc1']);
    expect(cluster.datacenter('dc1').cqlEndpoint).toBe('db-client.scylla.svc:9142');
  });
});

describe('ScyllaCluster options', () => {
  test('images, agent, developer mode and orphaned node cleanup', () => {
    const { manifest } = synthCluster(minimalProps({
      repository: 'registry.example.com/scylla', agentRepository: 'registry.example.com/agent', agentVersion: '3.5.1',
      developerMode: true, automaticOrphanedNodeCleanup: true,
    }));
    expect(manifest.spec).toMatchObject({
      repository: 'registry.example.com/scylla', agentRepository: 'registry.example.com/agent', agentVersion: '3.5.1',
      developerMode: true, automaticOrphanedNodeCleanup: true,
    });
  });

  test('imagePullSecrets, podMetadata (sorted), dnsDomains and labels', () => {
    const { manifest, json } = synthCluster(minimalProps({
      imagePullSecrets: ['regcred'], podLabels: { tier: 'db', app: 'scylla' }, podAnnotations: { 'x/y': 'z' },
      dnsDomains: ['db.example.com'], labels: { team: 'storage' },
    }));
    expect(manifest.spec.imagePullSecrets).toEqual([{ name: 'regcred' }]);
    expect(manifest.spec.podMetadata).toEqual({ labels: { app: 'scylla', tier: 'db' }, annotations: { 'x/y': 'z' } });
    expect(Object.keys(manifest.spec.podMetadata.labels)).toEqual(['app', 'tier']);
    expect(manifest.spec.dnsDomains).toEqual(['db.example.com']);
    expect(manifest.metadata.labels).toEqual({ 'app.kubernetes.io/managed-by': 'tlsfleet', team: 'storage' });
    expect(k8sObject(json, 'kubernetes_secret_v1', 'db-cql-serving-certs').metadata.labels.team).toBe('storage');
  });

  test('a user forceRedeploymentReason is combined with the config hash', () => {
    const plain = synthCluster(minimalProps()).manifest.spec.forceRedeploymentReason;
    const { manifest } = synthCluster(minimalProps({ forceRedeploymentReason: 'kernel upgrade 2025-06' }));
    expect(manifest.spec.forceRedeploymentReason).toBe(`kernel upgrade 2025-06; ${plain}`);
  });

  test('a config change changes forceRedeploymentReason, so the pods roll', () => {
    const a = synthCluster(minimalProps()).manifest.spec.forceRedeploymentReason;
    const b = synthCluster(minimalProps({ additionalScyllaConfig: { compaction_throughput_mb_per_sec: 64 } })).manifest.spec.forceRedeploymentReason;
    expect(b).not.toBe(a);
  });

  test('externalSeeds are written for a single datacenter', () => {
    const { manifest } = synthCluster(minimalProps({ externalSeeds: ['seed.other.example.com', '10.1.2.3'] }));
    expect(manifest.spec.externalSeeds).toEqual(['seed.other.example.com', '10.1.2.3']);
  });

  test('exposeOptions apply to every datacenter', () => {
    const { manifest } = synthCluster(minimalProps({
      exposeOptions: { nodeServiceType: NodeServiceType.HEADLESS, broadcastToClients: BroadcastAddressType.POD_IP, broadcastToNodes: BroadcastAddressType.POD_IP },
    }));
    expect(manifest.spec.exposeOptions).toEqual({
      nodeService: { type: 'Headless' },
      broadcastOptions: { clients: { type: 'PodIP' }, nodes: { type: 'PodIP' } },
    });
  });

  test('a given CA issues the certificates and no CA is created', () => {
    const stack = newStack({ kubernetesProvider: true });
    const ca = new CertificateAuthority(stack, 'OrgCa');
    new ScyllaCluster(stack, 'Db', minimalProps({ ca }));
    const json = synth(stack);
    expect(Object.keys(resources(json, 'tls_self_signed_cert'))).toEqual([expect.stringMatching(/^OrgCa_/)]);
    expect(resourceAt(json, 'tls_locally_signed_cert', 'Db/dc1/ServingCertificate/Resource').ca_cert_pem).toMatch(/OrgCa_/);
  });

  test('a client trust bundle with a second CA becomes the CQL truststore', () => {
    const stack = newStack({ kubernetesProvider: true });
    const ca = new CertificateAuthority(stack, 'New');
    const old = new CertificateAuthority(stack, 'Old');
    new ScyllaCluster(stack, 'Db', minimalProps({ ca, clientTrustBundle: CaBundle.of(ca, old) }));
    const json = synth(stack);
    expect(k8sObject(json, 'kubernetes_secret_v1', 'db-cql-serving-certs').data['ca.crt']).toMatch(/^\$\{join\(.*New_.*Old_/);
  });

  test('additional DNS names and IPs go into the serving certificate', () => {
    const { json } = synthCluster(minimalProps({ additionalDnsNames: ['db.example.com'], additionalIpAddresses: ['10.0.0.7'] }));
    const request = resourceAt(json, 'tls_cert_request', 'Db/dc1/ServingCertificate/Request');
    expect(request.dns_names).toContain('db.example.com');
    expect(request.ip_addresses).toEqual(['10.0.0.7']);
  });

  test('passes every policy rule by default, and tells the policy its TLS-only endpoints', () => {
    const stack = newStack({ kubernetesProvider: true });
    new ScyllaCluster(stack, 'Db', minimalProps({ alternator: {} }));
    const evaluation = evaluate(stack);
    expect(evaluation.results.filter((r) => r.status !== 'pass').map((r) => [r.rule.id, r.status])).toEqual([['TLSF012', 'not applicable'], ['TLSF014', 'not applicable'], ['TLSF015', 'not applicable']]);
    const endpoints = evaluation.facts.filter((f) => f.fact.kind === 'endpoint').map((f) => f.fact)
      .map((f) => f.kind === 'endpoint' && [f.api, f.port, f.transport, f.clientCertificates, f.authorization]);
    expect(endpoints).toEqual([
      ['CQL', 9142, 'tls', 'required', 'enforced'],
      ['CQL shard-aware', 19142, 'tls', 'required', 'enforced'],
      ['Internode', 7001, 'tls', 'required', 'enforced'],
      ['Alternator', 8043, 'tls', 'not required', 'enforced'],
    ]);
  });
});

describe('ScyllaCluster validation', () => {
  test.each([
    ['name', { name: 'DB' }, 'DB'],
    ['name', { name: '1db' }, '1db'],
    ['name', { name: 'a'.repeat(57) }, 'a'.repeat(57)],
    ['namespace', { namespace: 'Scylla' }, 'Scylla'],
    ['version', { version: '' }, ''],
    ['version', { version: '2025.1 ' }, '2025.1 '],
    ['repository', { repository: '' }, ''],
    ['agentVersion', { agentVersion: ' ' }, ' '],
    ['datacenters', { datacenters: [] }, []],
    ['externalSeeds[0]', { externalSeeds: ['not a host'] }, 'not a host'],
    ['externalSeeds[0]', { externalSeeds: ['*.example.com'] }, '*.example.com'],
    ['externalSeeds[0]', { externalSeeds: ['10.0.0.300'] }, '10.0.0.300'],
    ['imagePullSecrets[0]', { imagePullSecrets: ['Reg_Cred'] }, 'Reg_Cred'],
    ['dnsDomains[0]', { dnsDomains: ['localhost'] }, 'localhost'],
    ['dnsDomains[0]', { dnsDomains: ['*.example.com'] }, '*.example.com'],
    ['additionalDnsNames[0]', { additionalDnsNames: ['Bad_Name'] }, 'Bad_Name'],
    ['additionalIpAddresses[0]', { additionalIpAddresses: ['300.1.1.1'] }, '300.1.1.1'],
    ['adminRole', { adminRole: "x' OR '1" }, "x' OR '1"],
    ['forceRedeploymentReason', { forceRedeploymentReason: ' ' }, ' '],
    ['additionalScyllaConfig.authenticator', { additionalScyllaConfig: { authenticator: 'AllowAllAuthenticator' } }, 'AllowAllAuthenticator'],
    ['additionalScyllaConfig.native_transport_port', { additionalScyllaConfig: { native_transport_port: 9042 } }, 9042],
  ] as const)('rejects a bad %s', (field, override, value) => {
    const err = clusterError(minimalProps(override as any));
    expect(err).toMatchObject({ constructPath: 'test/Db', field, value });
    expect(err.message).toContain(`test/Db: \`${field}\``);
  });

  test('rejects a datacenter name used twice', () => {
    const err = clusterError(minimalProps({ datacenters: [{ name: 'dc1', racks: [RACK] }, { name: 'dc1', racks: [RACK] }] }));
    expect(err).toMatchObject({ field: 'datacenters[1].name', value: 'dc1' });
    expect(err.message).toContain('must be unique within the cluster');
  });

  test('rejects a client trust bundle without the cluster CA', () => {
    const stack = newStack({ kubernetesProvider: true });
    const ca = new CertificateAuthority(stack, 'Ca');
    const other = new CertificateAuthority(stack, 'Other');
    const err = (() => {
      try {
        new ScyllaCluster(stack, 'Db', minimalProps({ ca, clientTrustBundle: CaBundle.of(other) }));
      } catch (e) { return e as Error; }
      return undefined;
    })();
    expect(err?.message).toContain('`clientTrustBundle` must contain the cluster CA test/Ca');
  });

  test('skips unresolved tokens', () => {
    const stack = newStack({ kubernetesProvider: true });
    const { TerraformVariable } = require('cdktf');
    const version = new TerraformVariable(stack, 'version', { type: 'string' });
    new ScyllaCluster(stack, 'Db', minimalProps({ version: version.stringValue }));
    const json = synth(stack);
    expect(resourceAt(json, 'kubernetes_manifest', 'Db/dc1/Resource').manifest.spec.version).toBe('${var.version}');
  });
});
