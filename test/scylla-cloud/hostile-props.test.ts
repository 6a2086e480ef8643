// Hostile input to every public prop of ScyllaCloudCluster and ScyllaCloudClient: each is refused with a
// TlsfleetValidationError naming the construct path, the field, the value and what is allowed; valid input renders
// exactly as before.
import { KubernetesProvider } from '@cdktf/provider-kubernetes/lib/provider';
import {
  ScyllaCloudClient, ScyllaCloudCluster, ScyllaCloudClusterProps, ScyllaCloudProvider, ScyllaCloudClientOptions, waive,
} from '../../constructs';
import { expectRefused, newStack, RefusedCase, resourceAt, synth } from '../helpers/synth';

const ACK = { reason: 'Ensure encrypted connections enabled in the ScyllaDB Cloud console on 2026-11-30 (CHG-1)', enabledBy: 'dba-team' };
const BASE: ScyllaCloudClusterProps = {
  name: 'catalog', region: 'us-east-1', cloud: ScyllaCloudProvider.AWS, nodeType: 'i8g.large', minNodes: 3, encryptedConnections: ACK,
};

const cloud = (props: Record<string, unknown>, stack = newStack({ kubernetesProvider: true })) => new ScyllaCloudCluster(stack, 'Catalog', { ...BASE, ...props } as ScyllaCloudClusterProps);
const client = (options: Record<string, unknown>) =>
  cloud({}).addClient('Orders', { name: 'orders', namespace: 'orders', ...options } as unknown as ScyllaCloudClientOptions);

type Case = RefusedCase;

const CAT = 'test/Catalog';
const ORD = 'test/Catalog/Orders';
const NO_TEMPLATE = 'without "${" or "%{" (Terraform would evaluate them)';
const NODES = 'must be a whole number of at least 3 and a multiple of 3';

const CLUSTER: [string, Case][] = [
  ['props missing', { build: () => new ScyllaCloudCluster(newStack({ kubernetesProvider: true }), 'Catalog', undefined as unknown as ScyllaCloudClusterProps), path: CAT, field: 'props', value: undefined, allowed: 'must be ScyllaCloudClusterProps {' }],
  ['props a string', { build: () => new ScyllaCloudCluster(newStack({ kubernetesProvider: true }), 'Catalog', 'catalog' as unknown as ScyllaCloudClusterProps), path: CAT, field: 'props', value: 'catalog', allowed: 'must be ScyllaCloudClusterProps {' }],
  ['typo minNode', { build: () => cloud({ minNode: 6 }), path: CAT, field: 'minNode', value: 6, allowed: 'did you mean "minNodes"' }],
  ['typo regoin', { build: () => cloud({ regoin: 'eu-west-1' }), path: CAT, field: 'regoin', value: 'eu-west-1', allowed: 'did you mean "region"' }],
  ['typo encryptionAtRestKey', { build: () => cloud({ encryptionAtRestKey: 'k' }), path: CAT, field: 'encryptionAtRestKey', value: 'k', allowed: 'did you mean "encryptionAtRestKeyId"' }],
  ['cloud lower case', { build: () => cloud({ cloud: 'aws' }), path: CAT, field: 'cloud', value: 'aws', allowed: 'must be one of ScyllaCloudProvider.AWS, ScyllaCloudProvider.GCP' }],
  ['minNodes a string', { build: () => cloud({ minNodes: '3' }), path: CAT, field: 'minNodes', value: '3', allowed: NODES }],
  ['minNodes NaN', { build: () => cloud({ minNodes: NaN }), path: CAT, field: 'minNodes', value: NaN, allowed: NODES }],
  ['minNodes Infinity', { build: () => cloud({ minNodes: Infinity }), path: CAT, field: 'minNodes', value: Infinity, allowed: NODES }],
  ['encryptionAtRest "false"', { build: () => cloud({ encryptionAtRest: 'false' }), path: CAT, field: 'encryptionAtRest', value: 'false', allowed: 'must be true or false' }],
  ['enableVpcPeering 1', { build: () => cloud({ enableVpcPeering: 1 }), path: CAT, field: 'enableVpcPeering', value: 1, allowed: 'must be true or false' }],
  ['enableDns "true"', { build: () => cloud({ enableDns: 'true' }), path: CAT, field: 'enableDns', value: 'true', allowed: 'must be true or false' }],
  ['alternator an array', { build: () => cloud({ alternator: [] }), path: CAT, field: 'alternator', value: [], allowed: 'must be an object { writeIsolation? }' }],
  ['alternator typo', { build: () => cloud({ alternator: { writeIsolaton: 'always' } }), path: CAT, field: 'alternator.writeIsolaton', value: 'always', allowed: 'did you mean "writeIsolation"' }],
  ['alternator.writeIsolation upper case', { build: () => cloud({ alternator: { writeIsolation: 'ALWAYS' } }), path: CAT, field: 'alternator.writeIsolation', value: 'ALWAYS', allowed: 'must be one of AlternatorWriteIsolation.ALWAYS, AlternatorWriteIsolation.FORBID_RMW' }],
  ['encryptedConnections a string', { build: () => cloud({ encryptedConnections: 'done' }), path: CAT, field: 'encryptedConnections', value: 'done', allowed: 'must be a ManualControlAcknowledgment { reason, enabledBy }' }],
  ['encryptedConnections typo', { build: () => cloud({ encryptedConnections: { ...ACK, enabledby: 'x' } }), path: CAT, field: 'encryptedConnections.enabledby', value: 'x', allowed: 'did you mean "enabledBy"' }],
  ['provider a KubernetesProvider', { build: () => { const s = newStack({ kubernetesProvider: true }); return cloud({ provider: new KubernetesProvider(s, 'k8s', { alias: 'k8s' }) }, s); }, path: CAT, field: 'provider', value: expect.objectContaining({ alias: 'k8s' }), shown: 'the construct test/k8s', allowed: 'must be a ScyllaDbCloudProvider' }],
  ['name with ${…}', { build: () => cloud({ name: 'catalog${pwn}' }), path: CAT, field: 'name', value: 'catalog${pwn}', allowed: 'must be 1 to 63 letters, digits, "-" or "_"' }],
  ['region with %{…}', { build: () => cloud({ region: '%{if x}us%{endif}' }), path: CAT, field: 'region', value: '%{if x}us%{endif}', allowed: 'must be a cloud region name' }],
  ['nodeType with a newline', { build: () => cloud({ nodeType: 'i8g.large\n' }), path: CAT, field: 'nodeType', value: 'i8g.large\n', allowed: 'must be an instance type' }],
  ['scyllaVersion with ${…}', { build: () => cloud({ scyllaVersion: '2025.1.${x}' }), path: CAT, field: 'scyllaVersion', value: '2025.1.${x}', allowed: 'must be a ScyllaDB version' }],
  ['encryptionAtRestKeyId with ${…}', { build: () => cloud({ encryptionAtRestKeyId: '${var.key}' }), path: CAT, field: 'encryptionAtRestKeyId', value: '${var.key}', allowed: 'must be the id of a key' }],
];

const CLIENT: [string, Case][] = [
  ['options missing', { build: () => cloud({}).addClient('Orders', undefined as unknown as ScyllaCloudClientOptions), path: CAT, field: 'addClient("Orders")', value: undefined, allowed: 'must be ScyllaCloudClientOptions' }],
  ['typo mountpath', { build: () => client({ mountpath: '/etc/x' }), path: ORD, field: 'mountpath', value: '/etc/x', allowed: 'did you mean "mountPath"' }],
  ['typo nameSpace', { build: () => client({ nameSpace: 'x' }), path: ORD, field: 'nameSpace', value: 'x', allowed: 'did you mean "namespace"' }],
  ['labels value with ${…}', { build: () => client({ labels: { team: '${pwn}' } }), path: ORD, field: 'labels.team', value: '${pwn}', allowed: 'must be a label value' }],
  ['labels key with a space', { build: () => client({ labels: { 'my team': 'x' } }), path: ORD, field: 'labels', value: 'my team', allowed: 'must have keys of the form [prefix/]name' }],
  ['labels an array', { build: () => client({ labels: ['x'] }), path: ORD, field: 'labels', value: ['x'], allowed: 'must be a map of strings' }],
  ['mountPath with ${…}', { build: () => client({ mountPath: '/etc/${pwn}' }), path: ORD, field: 'mountPath', value: '/etc/${pwn}', allowed: NO_TEMPLATE }],
  ['mountPath with a newline', { build: () => client({ mountPath: '/etc/a\nb' }), path: ORD, field: 'mountPath', value: '/etc/a\nb', allowed: 'and on one line' }],
  ['mountPath a number', { build: () => client({ mountPath: 7 }), path: ORD, field: 'mountPath', value: 7, allowed: 'must be an absolute directory path' }],
  ['provider a string', { build: () => client({ provider: 'kubernetes' }), path: ORD, field: 'provider', value: 'kubernetes', allowed: 'must be a KubernetesProvider' }],
  ['name with ${…}', { build: () => client({ name: 'orders${x}' }), path: ORD, field: 'name', value: 'orders${x}', allowed: 'must be a DNS-1123 label' }],
  ['namespace a number', { build: () => client({ namespace: 5 }), path: ORD, field: 'namespace', value: 5, allowed: 'must be a DNS-1123 label' }],
  ['cluster missing', {
    build: () => { const c = cloud({}); return new ScyllaCloudClient(c, 'Orders', { name: 'orders', namespace: 'orders', cluster: undefined as never }); },
    path: ORD, field: 'cluster', value: undefined, allowed: 'must be a ScyllaCloudCluster',
  }],
];

describe.each([['ScyllaCloudCluster', CLUSTER], ['ScyllaCloudClient', CLIENT]])('%s rejects', (_name, cases) => {
  test.each(cases)('%s', (_what, c) => expectRefused(c));
});

describe('valid input renders exactly as given', () => {
  const json = synth((stack) => {
    new KubernetesProvider(stack, 'kubernetes', {});
    const c = cloud({ alternator: { writeIsolation: 'forbid_rmw' }, scyllaVersion: '2025.1.5', encryptionAtRestKeyId: 'key-deadbeef', enableVpcPeering: true, minNodes: 6 }, stack);
    waive(c, 'TLSF003', { reason: 'ScyllaDB Cloud authenticates CQL clients by password only; no client certificates.' });
    c.addClient('Orders', { name: 'orders', namespace: 'orders', mountPath: '/run/scylla', labels: { team: 'orders', 'example.com/tier': 'gold' } });
  });

  test('the cluster', () => {
    expect(resourceAt(json, 'scylladbcloud_cluster', 'Catalog/Resource')).toMatchObject({
      name: 'catalog', region: 'us-east-1', cloud: 'AWS', node_type: 'i8g.large', min_nodes: 6, scylla_version: '2025.1.5',
      user_api_interface: 'ALTERNATOR', alternator_write_isolation: 'forbid_rmw', enable_dns: true, enable_vpc_peering: true,
      encryption_at_rest: [{ enabled: true, key_id: 'key-deadbeef' }],
    });
  });

  test('the client', () => {
    const configMap = resourceAt(json, 'kubernetes_config_map_v1', 'Catalog/Orders/Connection');
    expect(configMap.metadata).toEqual({ name: 'orders-scylla-cloud-connection', namespace: 'orders', labels: { team: 'orders', 'example.com/tier': 'gold', 'app.kubernetes.io/managed-by': 'tlsfleet' } });
    expect(configMap.data.AWS_CA_BUNDLE).toBe('/run/scylla/ca-bundle.crt');
  });
});
