import { RACK, scylla, singlestore } from './fixtures';
import type { HostileCase, RejectExpectation } from './types';

const CLASS = 'kubernetes';

function label(field: RegExp | string, value?: RegExp | string, path = 'hostile/Shop'): { reject: RejectExpectation } {
  return { reject: { path, field, value, allowed: /must|label|annotation|qualified|63|characters/i } };
}

const tiny = { name: 'r1', members: 1, storageCapacity: '10Gi', cpuLimit: '1', memoryLimit: '4Gi' };

export const KUBERNETES_CASES: HostileCase[] = [
  { id: 'N01', class: CLASS, description: 'label value of 64 characters', build: (lib, stack) => scylla(lib, stack, { labels: { team: 'a'.repeat(64) } }), expect: label(/labels/, /a{20}/) },
  { id: 'N02', class: CLASS, description: 'label value with a space', build: (lib, stack) => scylla(lib, stack, { labels: { team: 'red team' } }), expect: label(/labels/, 'red team') },
  { id: 'N03', class: CLASS, description: 'label value starting with "-"', build: (lib, stack) => scylla(lib, stack, { labels: { team: '-red' } }), expect: label(/labels/, '-red') },
  { id: 'N04', class: CLASS, description: 'label key with two slashes', build: (lib, stack) => scylla(lib, stack, { labels: { 'a/b/c': 'x' } }), expect: label(/labels/, /a\/b\/c/) },
  { id: 'N05', class: CLASS, description: 'label key with an upper-case DNS prefix', build: (lib, stack) => scylla(lib, stack, { labels: { 'Example.COM/team': 'x' } }), expect: label(/labels/, /Example\.COM/) },
  { id: 'N06', class: CLASS, description: 'label key name part of 64 characters', build: (lib, stack) => scylla(lib, stack, { labels: { ['k'.repeat(64)]: 'x' } }), expect: label(/labels/, /k{20}/) },
  { id: 'N07', class: CLASS, description: 'empty label key', build: (lib, stack) => scylla(lib, stack, { labels: { '': 'x' } }), expect: label(/labels/) },
  { id: 'N08', class: CLASS, description: 'label value with a newline', build: (lib, stack) => scylla(lib, stack, { labels: { team: 'a\nb' } }), expect: label(/labels/) },
  { id: 'N09', class: CLASS, description: 'podLabels value with a slash', build: (lib, stack) => scylla(lib, stack, { podLabels: { app: 'a/b' } }), expect: label(/podLabels/, 'a/b') },
  { id: 'N10', class: CLASS, description: 'podAnnotations key with a space', build: (lib, stack) => scylla(lib, stack, { podAnnotations: { 'bad key': 'x' } }), expect: label(/podAnnotations/, /bad key/) },
  {
    id: 'N11', class: CLASS, description: 'podAnnotations of 300 KiB in all (Kubernetes allows 256 KiB)',
    build: (lib, stack) => scylla(lib, stack, { podAnnotations: { 'example.com/blob': 'x'.repeat(300 * 1024) } }),
    expect: label(/podAnnotations/, undefined),
  },
  {
    id: 'N12', class: CLASS, description: 'nodeServiceLabels value of 100 characters',
    build: (lib, stack) => scylla(lib, stack, { exposeOptions: { nodeServiceLabels: { lb: 'v'.repeat(100) } } }),
    expect: label(/nodeServiceLabels/, /v{20}/),
  },
  {
    id: 'N13', class: CLASS, description: 'addClient labels key with an invalid character',
    build: (lib, stack) => scylla(lib, stack).addClient('Orders', { name: 'orders', namespace: 'orders', labels: { 'team!': 'x' } }),
    expect: label(/labels/, /team!/, 'hostile/Shop/Orders'),
  },
  {
    id: 'N14', class: CLASS, description: 'labels as a number value (from JSON)',
    build: (lib, stack) => scylla(lib, stack, { labels: { replicas: 3 } }),
    expect: label(/labels/, '3'),
  },
  {
    id: 'N15', class: CLASS, description: 'node affinity In value that is not a label value',
    build: (lib, stack) => scylla(lib, stack, {
      datacenters: [{ name: 'dc1', racks: [{ ...RACK, placement: { nodeAffinity: { required: [{ matchExpressions: [{ key: 'zone', operator: 'In', values: ['eu west 1'] }] }] } } }] }],
    }),
    expect: label(/values/, /eu west 1/, 'hostile/Shop/dc1'),
  },
  {
    id: 'N16', class: CLASS, description: 'StatefulSets collide: cluster "shop" with datacenter "x-a" and cluster "shop-x" with datacenter "a" in one namespace',
    build: (lib, stack) => {
      scylla(lib, stack, { datacenters: [{ name: 'x-a', racks: [RACK] }] }, 'Shop');
      scylla(lib, stack, { name: 'shop-x', datacenters: [{ name: 'a', racks: [RACK] }] }, 'ShopX');
    },
    expect: { reject: { path: /hostile\/ShopX/, field: /name|datacenter|racks/, value: /shop-x-a-r1/, allowed: /unique|collide|already|must/i } },
  },
  {
    id: 'N17', class: CLASS, description: 'member Services collide: rack "b-c" of datacenter "a" vs rack "c" of datacenter "a-b" in two clusters of one namespace',
    build: (lib, stack) => {
      scylla(lib, stack, { name: 'db', datacenters: [{ name: 'a', racks: [{ ...RACK, name: 'b-c' }] }] }, 'One');
      scylla(lib, stack, { name: 'db-a', datacenters: [{ name: 'b', racks: [{ ...RACK, name: 'c' }] }] }, 'Two');
    },
    expect: { reject: { path: /hostile\/Two/, field: /name|datacenter|racks/, value: /db-a-b-c/, allowed: /unique|collide|already|must/i } },
  },
  {
    id: 'N18', class: CLASS, description: 'a hand-written SecretV1 with a tlsfleet Secret\'s name in the same namespace',
    build: (lib, stack) => {
      scylla(lib, stack);
      new lib.SecretV1(stack, 'Mine', { metadata: { name: 'shop-cql-serving-certs', namespace: 'scylla' }, data: { x: 'y' } });
    },
    expect: { reject: { field: /name|Secret/, value: /shop-cql-serving-certs/, allowed: /unique|already|must|Fix:/i } },
  },
  {
    id: 'N19', class: CLASS, description: 'a hand-written ConfigMapV1 named like the cluster\'s scylla.yaml ConfigMap',
    build: (lib, stack) => {
      scylla(lib, stack);
      new lib.ConfigMapV1(stack, 'Mine', { metadata: { name: 'shop-tlsfleet-config', namespace: 'scylla' }, data: { 'scylla.yaml': 'client_encryption_options: {enabled: false}' } });
    },
    expect: { reject: { field: /name|ConfigMap/, value: /shop-tlsfleet-config/, allowed: /unique|already|must|Fix:/i } },
  },
  {
    id: 'N20', class: CLASS, description: 'a kubernetes_manifest Secret named like a tlsfleet client Secret',
    build: (lib, stack) => {
      scylla(lib, stack).addClient('Orders', { name: 'orders', namespace: 'orders' });
      new lib.Manifest(stack, 'Mine', { manifest: { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'orders-scylla-client-tls', namespace: 'orders' }, stringData: { x: 'y' } } });
    },
    expect: { reject: { field: /name|Secret/, value: /orders-scylla-client-tls/, allowed: /unique|already|must|Fix:/i } },
  },
  {
    id: 'N21', class: CLASS, description: 'a rack of 15000 members: its serving-certificate Secret would exceed 1 MiB',
    build: (lib, stack) => scylla(lib, stack, { datacenters: [{ name: 'dc1', racks: [{ ...RACK, members: 15000 }] }] }),
    expect: { reject: { path: /hostile\/Shop/, field: /members|racks/, value: /15000/, allowed: /MiB|1048576|size|limit/i } },
  },
  {
    id: 'N22', class: CLASS, description: 'additionalScyllaConfig of 2 MiB: the scylla.yaml ConfigMap would exceed 1 MiB',
    build: (lib, stack) => scylla(lib, stack, { additionalScyllaConfig: { big_note: 'x'.repeat(2 * 1024 * 1024) } }),
    expect: { reject: { path: 'hostile/Shop', field: /additionalScyllaConfig/, allowed: /MiB|1048576|size|limit/i } },
  },
  {
    id: 'N23', class: CLASS, description: 'clusters with ids "Shop-A" and "Shop_A": Terraform names allow "-", so their outputs stay apart',
    build: (lib, stack) => {
      scylla(lib, stack, { name: 'shop-a', namespace: 'a' }, 'Shop-A');
      scylla(lib, stack, { name: 'shop-b', namespace: 'b' }, 'Shop_A');
    },
    expect: { safe: (out) => { for (const n of ['Shop-A_endpoints', 'Shop_A_endpoints']) if (!(n in (out.json.output ?? {}))) throw new Error(`output ${n} is missing`); } },
  },
  {
    id: 'N24', class: CLASS, description: 'two outputs mapping to one name: clients "Orders.1" and "Orders_1"',
    build: (lib, stack) => {
      const c = scylla(lib, stack);
      c.addClient('Orders.1', { name: 'orders-a', namespace: 'a' });
      c.addClient('Orders_1', { name: 'orders-b', namespace: 'b' });
    },
    expect: { reject: { path: /hostile\/Shop\/Orders[._]1/, field: /output|id/i, value: /Shop_Orders_1_connection/, allowed: /unique|already|must/i } },
  },
  {
    id: 'N25', class: CLASS, description: 'a hand-written TerraformOutput with the logical id of a tlsfleet output',
    build: (lib, stack) => {
      scylla(lib, stack);
      const o = new lib.TerraformOutput(stack, 'Mine', { value: 'hijacked' });
      o.overrideLogicalId('Shop_endpoints');
    },
    expect: { reject: { field: /output|id/i, value: /Shop_endpoints/, allowed: /unique|already|must/i } },
  },
  {
    id: 'N26', class: CLASS, description: 'SingleStore sqlOutputName equal to a Scylla cluster output name',
    build: (lib, stack) => {
      scylla(lib, stack);
      singlestore(lib, stack, { sqlOutputName: 'Shop_endpoints' });
    },
    expect: { reject: { field: /sqlOutputName|output/i, value: /Shop_endpoints/, allowed: /unique|already|must/i } },
  },
  {
    id: 'N27', class: CLASS, description: 'two datacenters of one cluster in two namespaces, rack names making one StatefulSet name twice',
    build: (lib, stack) => scylla(lib, stack, {
      datacenters: [{ name: 'a-b', racks: [{ ...tiny, name: 'c' }] }, { name: 'a', namespace: 'scylla', racks: [{ ...tiny, name: 'b-c' }] }],
    }),
    expect: { reject: { path: /hostile\/Shop/, field: /namespace|name|racks/, value: /shop-a-b-c|scylla/, allowed: /unique|collide|already|must/i } },
  },
  {
    id: 'N28', class: CLASS, description: 'SingleStore client CA Secret named like the server Secret in one namespace',
    build: (lib, stack) => singlestore(lib, stack, { clientCaDelivery: lib.SingleStoreClientCaDelivery.SECRET, clientCaName: 'sdb-tls' }),
    expect: { reject: { path: /hostile\/Sdb/, field: /name|clientCaName/, value: /sdb-tls/, allowed: /unique|already|must/i } },
  },
  {
    id: 'N29', class: CLASS, description: 'two SingleStore users given one secretName in one namespace',
    build: (lib, stack) => {
      const tls = singlestore(lib, stack);
      tls.addUser('A', { name: 'a', namespace: 'apps', secretName: 'db-tls' });
      tls.addUser('B', { name: 'b', namespace: 'apps', secretName: 'db-tls' });
    },
    expect: { reject: { path: /hostile\/Sdb\/B/, field: /name/, value: /db-tls/, allowed: /unique|already|must/i } },
  },
];
