// Hostile client sets: every member is checked as addClient checks a client, and refused with the set's construct
// path, the member's field (`clients.<key>.<field>`), the value and what is allowed, before any block exists.
import { TerraformStack } from 'cdktf';
import { KubernetesProvider } from '@cdktf/provider-kubernetes/lib/provider';
import { ClientCertificateSet, CertificateAuthority, ScyllaCluster, ScyllaClientSetOptions } from '../../constructs';
import { expectRefused, newStack, RefusedCase } from '../helpers/synth';
import { minimalProps, RACK } from './fixtures';

function cluster(stack: TerraformStack = newStack({ kubernetesProvider: true })): ScyllaCluster {
  return new ScyllaCluster(stack, 'Db', minimalProps({ alternator: {} }));
}

function set(options: Partial<ScyllaClientSetOptions> & Record<string, unknown>, more?: (db: ScyllaCluster) => void): () => unknown {
  return () => {
    const db = cluster();
    more?.(db);
    return db.addClientSet('Clients', { clients: { orders: { name: 'orders', namespace: 'orders' } }, ...options } as ScyllaClientSetOptions);
  };
}
const member = (m: Record<string, unknown>) => set({ clients: { orders: { name: 'orders', namespace: 'orders', ...m } as never } });

const PATH = 'test/Db/Clients';
const CASES: Record<string, RefusedCase> = {
  'a name that is no DNS label': { build: member({ name: 'Orders_' }), path: PATH, field: 'clients.orders.name', value: 'Orders_', allowed: /DNS-1123 label/ },
  'a namespace with a path in it': { build: member({ namespace: '../kube-system' }), path: PATH, field: 'clients.orders.namespace', value: '../kube-system', allowed: /DNS-1123 label/ },
  'a role with CQL in it': { build: member({ role: "x'; DROP ROLE cassandra; --" }), path: PATH, field: 'clients.orders.role', value: "x'; DROP ROLE cassandra; --", allowed: 'must be a role name of letters, digits' },
  'a subject with a backslash': {
    build: member({ subject: { commonName: 'a\\/CN=admin' } }), path: PATH, field: 'clients.orders.subject.commonName', value: 'a\\/CN=admin', allowed: 'must not contain a backslash',
  },
  'a subject with a misspelt key': { build: member({ subject: { commonname: 'x' } }), path: PATH, field: 'clients.orders.subject.commonname', value: 'x', allowed: /commonName/ },
  'a subject with a Terraform template': {
    build: member({ subject: { commonName: '${var.cn}' } }), path: PATH, field: 'clients.orders.subject.commonName', value: '${var.cn}', allowed: 'without "${" or "%{" (Terraform would evaluate them)',
  },
  'a relative mount path': { build: member({ mountPath: 'etc/db' }), path: PATH, field: 'clients.orders.mountPath', value: 'etc/db', allowed: 'must be an absolute directory path' },
  'a label value with a space': { build: member({ labels: { team: 'a b' } }), path: PATH, field: 'clients.orders.labels.team', value: 'a b', allowed: 'must be a label value' },
  'a label value that is a Terraform reference': {
    build: member({ labels: { team: '${var.team}' } }), path: PATH, field: 'clients.orders.labels.team', value: '${var.team}', allowed: 'must be a label value',
  },
  'a namespace that is a Terraform reference': {
    build: member({ namespace: '${var.ns}' }), path: PATH, field: 'clients.orders.namespace', value: '${var.ns}', allowed: /must be known at synth time in a client set|DNS-1123/,
  },
  'an unknown datacenter': { build: member({ datacenter: 'dc9' }), path: PATH, field: 'clients.orders.datacenter', value: 'dc9', allowed: "must be one of the cluster's datacenters: dc1" },
  'a per-client provider (a block has one)': { build: member({ provider: 'p' }), path: PATH, field: 'clients.orders.provider', value: 'p', allowed: /name|namespace/ },
  'a key that is no instance key': {
    build: set({ clients: { 'orders"]': { name: 'orders', namespace: 'orders' } } }), path: PATH, field: 'clients', value: 'orders"]', allowed: 'must have keys of 1 to 128 letters, digits',
  },
  'a key that names one of the set\'s blocks': {
    build: set({ clients: { TlsSecret: { name: 'orders', namespace: 'orders' } } }), path: PATH, field: 'clients', value: 'TlsSecret', allowed: "the set's own blocks",
  },
  'no client': { build: set({ clients: {} }), path: PATH, field: 'clients', value: {}, allowed: 'must hold at least one client' },
  'clients as a list': { build: set({ clients: [{ name: 'orders', namespace: 'orders' }] as never }), path: PATH, field: 'clients', value: [{ name: 'orders', namespace: 'orders' }], allowed: 'a map of client id' },
  'a key algorithm by name': { build: set({ keyAlgorithm: 'RSA_2048' as never }), path: PATH, field: 'keyAlgorithm', value: 'RSA_2048', allowed: 'must be a KeyAlgorithm' },
  'a negative validity': { build: set({ validityHours: -1 }), path: PATH, field: 'validityHours', value: -1, allowed: /whole number of hours/ },
  'movedFromClients as a string': { build: set({ movedFromClients: 'yes' as never }), path: PATH, field: 'movedFromClients', value: 'yes', allowed: 'must be true or false' },
  'an unknown set option': { build: set({ clientz: {} }), path: PATH, field: 'clientz', value: {}, allowed: /clients/ },
  'two members with one Secret name': {
    build: set({ clients: { a: { name: 'orders', namespace: 'orders' }, b: { name: 'orders', namespace: 'orders', role: 'other' } } }),
    path: 'test/Db/b', field: 'name', value: 'orders/orders-scylla-client-tls', allowed: 'test/Db/a already writes that Secret',
  },
  'a member whose subject a client of the same CA already has': {
    build: set({ clients: { orders: { name: 'orders', namespace: 'orders' } } }, (db) => db.addClient('Billing', { name: 'billing', namespace: 'billing', role: 'orders' })),
    path: 'test/Db/orders', field: 'subject', value: '/CN=orders', allowed: 'test/Db/Billing/Certificate already has this subject',
  },
  'a member whose key addClient already uses': {
    build: set({ clients: { Orders: { name: 'orders2', namespace: 'orders', role: 'orders2' } } }, (db) => db.addClient('Orders', { name: 'orders', namespace: 'orders' })),
    path: PATH, field: 'clients.Orders', value: 'Orders', allowed: 'must not be the id of another child of test/Db (test/Db/Orders exists): each client of a set takes the path addClient("Orders") would give it',
  },
  'a member whose key is one of the cluster\'s own children': {
    build: set({ clients: { Ca: { name: 'orders', namespace: 'orders' } } }),
    path: PATH, field: 'clients.Ca', value: 'Ca', allowed: 'must not be the id of another child of test/Db (test/Db/Ca exists)',
  },
};

describe('ScyllaClientSet refuses hostile members', () => {
  test.each(Object.entries(CASES))('%s', (_name, c) => expectRefused(c));

  test('clients in two Kubernetes clusters: refused, one set per provider', () => {
    const stack = newStack({ kubernetesProvider: true });
    const east = new KubernetesProvider(stack, 'east', { alias: 'east' });
    const db = new ScyllaCluster(stack, 'Db', minimalProps({
      datacenters: [{ name: 'dc1', racks: [RACK] }, { name: 'dc2', namespace: 'scylla-east', provider: east, racks: [RACK] }],
    }));
    expectRefused({
      build: () => db.addClientSet('Clients', { clients: { a: { name: 'a', namespace: 'a' }, b: { name: 'b', namespace: 'b', datacenter: 'dc2' } } }),
      path: PATH, field: 'clients.b.datacenter', value: 'dc2', allowed: 'a for_each block has one provider; declare one client set per provider',
    });
    // One set per provider is accepted.
    db.addClientSet('West', { clients: { a: { name: 'a', namespace: 'a' } } });
    db.addClientSet('East', { clients: { b: { name: 'b', namespace: 'b', datacenter: 'dc2' } } });
  });

  test('the pki set checks its own members the same way', () => {
    const stack = newStack();
    const ca = new CertificateAuthority(stack, 'Ca', { subject: { commonName: 'ca' } });
    const scope = new CertificateAuthority(stack, 'Other', { subject: { commonName: 'other' } });
    expectRefused({
      build: () => new ClientCertificateSet(stack, 'Set', { ca, members: [{ key: 'a b', scope, subject: { commonName: 'x' } }] }),
      path: 'test/Set', field: 'members[0].key', value: 'a b', allowed: 'must be an instance key',
    });
    expectRefused({
      build: () => new ClientCertificateSet(stack, 'Set2', { ca, members: [{ key: 'a', scope, subject: { commonName: '' } }] }),
      path: 'test/Set2', field: 'members[0].subject.commonName', value: '', allowed: 'must be a non-empty string',
    });
  });
});
