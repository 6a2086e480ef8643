import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { TerraformStack } from 'cdktf';
import {
  AlternatorWriteIsolation, PolicyViolationError, ScyllaCloudCluster, ScyllaCloudClusterProps, ScyllaCloudProvider,
  ScyllaDbCloudProvider, waive,
} from '../../constructs';
import { cloudSchemaErrors, schemaErrors, cloudSchema } from './schema';
import { evaluate, k8sObject, newStack, resourceAt, resources, synth, Synthesized, validationError } from '../helpers/synth';
import { mdCell } from '../../constructs/policy/report/escape';

const ACK = { reason: 'Ensure encrypted connections enabled in the ScyllaDB Cloud console on 2026-11-30 (CHG-1)', enabledBy: 'dba-team' };
const CQL_ONLY = { reason: 'ScyllaDB Cloud authenticates CQL clients by password only; no client certificates.' };
const BASE: ScyllaCloudClusterProps = {
  name: 'catalog', region: 'us-east-1', cloud: ScyllaCloudProvider.AWS, nodeType: 'i8g.large', minNodes: 3, encryptedConnections: ACK,
};

function stackWith(props: Partial<ScyllaCloudClusterProps> = {}, clients = ['orders']): { stack: TerraformStack; cluster: ScyllaCloudCluster } {
  const stack = newStack({ kubernetesProvider: true });
  const cluster = new ScyllaCloudCluster(stack, 'Catalog', { ...BASE, ...props });
  waive(cluster, 'TLSF003', CQL_ONLY);
  for (const c of clients) cluster.addClient(c[0].toUpperCase() + c.slice(1), { name: c, namespace: c });
  return { stack, cluster };
}
const synthCatalog = (props: Partial<ScyllaCloudClusterProps> = {}, clients?: string[]): Synthesized => synth(stackWith(props, clients).stack);
const catalogOf = (json: Synthesized) => resourceAt(json, 'scylladbcloud_cluster', 'Catalog/Resource');

describe('ScyllaCloudCluster defaults', () => {
  const json = synthCatalog();
  const cluster = catalogOf(json);

  test('a CQL cluster, encrypted at rest, DNS on, no VPC peering; nothing computed-only written', () => {
    expect(cluster).toMatchObject({
      name: 'catalog', region: 'us-east-1', cloud: 'AWS', node_type: 'i8g.large', min_nodes: 3, user_api_interface: 'CQL',
      enable_dns: true, enable_vpc_peering: false, encryption_at_rest: [{ enabled: true }],
    });
    expect(cluster).not.toHaveProperty('alternator_write_isolation');
    expect(cluster).not.toHaveProperty('scylla_version');
  });

  test('the provider is scylladb/scylladbcloud at least 1.12.1 (ca_certificate), in required_providers', () => {
    expect(json.terraform.required_providers.scylladbcloud).toEqual({ source: 'scylladb/scylladbcloud', version: '>= 1.12.1, < 2.0.0' });
    expect(Object.keys(json.provider)).toContain('scylladbcloud');
  });

  test('the apply fails when the cluster has no CA (in-transit encryption off)', () => {
    expect(cluster.lifecycle.postcondition).toEqual([{
      condition: '${self.ca_certificate != ""}',
      error_message: expect.stringContaining('in-transit encryption is off'),
    }]);
  });

  test('every attribute and block written matches the provider schema (v1.13.0)', () => {
    const { checked, errors } = cloudSchemaErrors(synthCatalog({ alternator: {}, scyllaVersion: '2025.1.5', encryptionAtRestKeyId: 'key-deadbeef', enableVpcPeering: true }));
    expect(errors).toEqual([]);
    expect(checked).toBe(3); // the cluster, the cql_auth data source, the provider
  });

  test('the schema check itself catches an unknown attribute, a wrong type, a computed-only attribute and a missing one', () => {
    const block = cloudSchema().resources.scylladbcloud_cluster;
    expect(schemaErrors('c', block, { name: 'x', region: 'r', min_node: 3, enable_dns: 'yes', ca_certificate: 'pem' })).toEqual([
      'c.min_node: not in the provider schema', 'c.enable_dns: expected a bool, got "yes"', 'c.ca_certificate: computed-only, must never be written',
    ]);
    expect(schemaErrors('c', block, { region: 'r' })).toEqual(['c.name: required']);
  });
});

describe('ScyllaCloudCluster options', () => {
  test('Alternator: user_api_interface ALTERNATOR with the write isolation', () => {
    const c = catalogOf(synthCatalog({ alternator: { writeIsolation: AlternatorWriteIsolation.ONLY_RMW_USES_LWT } }));
    expect([c.user_api_interface, c.alternator_write_isolation]).toEqual(['ALTERNATOR', 'only_rmw_uses_lwt']);
    expect(catalogOf(synthCatalog({ alternator: {} })).alternator_write_isolation).toBe('always');
  });

  test('GCP, version, VPC peering, a customer key, no encryption at rest', () => {
    expect(catalogOf(synthCatalog({ cloud: ScyllaCloudProvider.GCP, scyllaVersion: '2025.1.5', enableVpcPeering: true, encryptionAtRestKeyId: 'key-1' })))
      .toMatchObject({ cloud: 'GCP', scylla_version: '2025.1.5', enable_vpc_peering: true, encryption_at_rest: [{ enabled: true, key_id: 'key-1' }] });
    expect(catalogOf(synthCatalog({ encryptionAtRest: false })).encryption_at_rest).toEqual([{ enabled: false }]);
  });

  test('an explicit provider is used; the stack provider is made once', () => {
    const stack = newStack({ kubernetesProvider: true });
    const eu = new ScyllaDbCloudProvider(stack, 'eu', { alias: 'eu' });
    for (const [id, provider] of [['A', eu], ['B', undefined], ['C', undefined]] as const) {
      waive(new ScyllaCloudCluster(stack, id, { ...BASE, name: id.toLowerCase(), provider }), 'TLSF003', CQL_ONLY);
    }
    const json = synth(stack);
    expect(['A', 'B', 'C'].map((id) => resourceAt(json, 'scylladbcloud_cluster', `${id}/Resource`).provider)).toEqual(['scylladbcloud.eu', 'scylladbcloud', 'scylladbcloud']);
    expect(Object.keys(resources(json, 'scylladbcloud_cluster'))).toHaveLength(3);
    expect(json.provider.scylladbcloud).toHaveLength(2);
  });
});

describe('ScyllaCloudCluster validation (what the provider does not check)', () => {
  test.each([
    ['minNodes', { minNodes: 4 }, 'must be a whole number of at least 3 and a multiple of 3'],
    ['minNodes', { minNodes: 0 }, 'at least 3'],
    ['minNodes', { minNodes: '3' as any }, 'at least 3'],
    ['cloud', { cloud: 'AZURE' as any }, 'must be one of ScyllaCloudProvider.AWS, ScyllaCloudProvider.GCP'],
    ['alternator.writeIsolation', { alternator: { writeIsolation: 'sometimes' as any } }, 'must be one of AlternatorWriteIsolation.ALWAYS'],
    ['name', { name: 'a b' }, 'letters, digits'],
    ['name', { name: 'x"; rm -rf /' }, 'letters, digits'],
    ['name', { name: '${var.name}' }, 'known at synth'],
    ['region', { region: 'us-east-1\n' }, 'cloud region'],
    ['nodeType', { nodeType: '' }, 'instance type'],
    ['scyllaVersion', { scyllaVersion: 'latest' }, 'ScyllaDB version'],
    ['enableDns', { alternator: {}, enableDns: false }, 'must be true with Alternator'],
    ['encryptionAtRest', { encryptionAtRest: 'yes' as any }, 'must be true or false'],
    ['encryptionAtRestKeyId', { encryptionAtRest: false, encryptionAtRestKeyId: 'key-1' }, 'must not be given with encryptionAtRest: false'],
    ['encryptedConnections.reason', { encryptedConnections: { reason: 'done', enabledBy: 'me' } }, 'at least 20 characters'],
    ['encryptedConnections.enabledBy', { encryptedConnections: { reason: ACK.reason, enabledBy: ' ' } }, 'must name who enabled it'],
  ])('%s', (field, props, expected) => {
    const e = validationError(() => stackWith(props as Partial<ScyllaCloudClusterProps>));
    expect(e.message).toContain(`test/Catalog: \`${field}\``);
    expect(e.message).toContain(expected);
  });
});

describe('the manual control "Ensure encrypted connections"', () => {
  test('without the acknowledgment synth fails with TLSF014', () => {
    expect(() => synthCatalog({ encryptedConnections: undefined })).toThrow(PolicyViolationError);
    expect(() => synthCatalog({ encryptedConnections: undefined })).toThrow(/TLSF014.*Ensure encrypted connections.*no one has recorded enabling it/s);
  });

  test('with it, the rule passes and the cluster fact carries who enabled it, the CA source and the endpoints', () => {
    const { stack } = stackWith({ alternator: {} });
    const e = evaluate(stack);
    expect(e.results.find((r) => r.rule.id === 'TLSF014')).toMatchObject({ status: 'pass', checked: 1 });
    const cluster = e.facts.find((f) => f.fact.kind === 'cluster')!.fact as any;
    expect(cluster).toMatchObject({ product: 'ScyllaDB Cloud', manualControls: [{ acknowledged: true, enabledBy: 'dba-team' }] });
    expect(cluster.caSource).toContain('ca_certificate');
    const endpoints = e.facts.filter((f) => f.fact.kind === 'endpoint').map((f) => f.fact as any).map((f) => [f.api, f.port, f.transport, f.tlsVersions]);
    expect(endpoints).toEqual([['CQL', 9142, 'tls', ['TLSv1.3']], ['Alternator', 8043, 'tls', ['TLSv1.3']]]);
  });
});

describe('examples/scylla-cloud', () => {
  const root = resolve(__dirname, '..', '..');
  const outdir = mkdtempSync(join(tmpdir(), 'tlsfleet-scylla-cloud-'));
  execFileSync(process.execPath, ['-r', '../../scripts/ts-cache.js', 'main.ts'], { cwd: join(root, 'examples', 'scylla-cloud'), env: { ...process.env, CDKTF_OUTDIR: outdir } });
  const json = JSON.parse(readFileSync(join(outdir, 'stacks', 'scylla-cloud', 'cdk.tf.json'), 'utf8')) as Synthesized;
  const md = readFileSync(join(outdir, 'tlsfleet', 'report.md'), 'utf8');
  afterAll(() => rmSync(outdir, { recursive: true, force: true }));

  test('synthesizes against the provider schema', () => {
    expect(cloudSchemaErrors(json).errors).toEqual([]);
  });

  test('the orders application holds the connections of both clusters, each with its own CA bundle', () => {
    const maps = Object.values(resources(json, 'kubernetes_config_map_v1')).filter((c) => c.metadata.namespace === 'orders');
    expect(maps.map((m) => m.metadata.name).sort()).toEqual(['orders-scylla-cloud-connection', 'orders-scylla-connection']);
    const bundle = (name: string) => maps.find((m) => m.metadata.name === name)!.data['ca-bundle.crt'];
    expect(bundle('orders-scylla-cloud-connection')).toMatch(/^\$\{format\("%s\\n", trimspace\(scylladbcloud_cluster\.Catalog_[0-9A-F]{8}\.ca_certificate\)\)\}$/);
    expect(bundle('orders-scylla-connection')).toMatch(/tls_self_signed_cert\.Ca_/);
  });

  test('the CQL credentials are in a Secret and in no output', () => {
    const secret = k8sObject(json, 'kubernetes_secret_v1', 'orders-scylla-cloud-cql-auth');
    expect(secret.data.password).toMatch(/^\$\{data\.scylladbcloud_cql_auth\.Catalog_CqlAuth_\w+\.password\}$/);
    expect(JSON.stringify(json.output ?? {})).not.toContain('scylladbcloud_cql_auth');
  });

  test('the report shows the Cloud cluster with its endpoints, CA source and the acknowledged manual control', () => {
    expect(md).toContain('**ScyllaDB Cloud `catalog`**');
    expect(md).toContain('CA: the cluster CA from ScyllaDB Cloud');
    expect(md).toContain('**Manual control, not verifiable by Terraform:** Ensure encrypted connections (ScyllaDB Cloud console), enabled by `platform-dba@example.com`');
    // Each cluster lists its listeners in a table of its own under its heading (clusters-md.ts): the first cell
    // names the datacenter, API and port, the second the TLS versions (a plaintext listener says **plaintext**
    // there). Cells are escaped for Markdown (report/escape.ts): match them as the report writes them.
    const catalog = md.slice(md.indexOf('**ScyllaDB Cloud `catalog`**')).split(/\n(?=\*\*ScyllaDB |<details>)/)[0];
    expect(catalog).toContain(`\n| ${mdCell('us-east-1 Alternator 8043')} | ${mdCell('TLSv1.3')} | `);
  });
});

