// A synthesized plan is read by reviewers: the same declaration gives the same bytes, and adding a client
// application adds only that client's resources and outputs.
import { ScyllaCluster } from '../../constructs';
import { minimalProps, RACK } from './fixtures';
import { newStack, synthText } from '../helpers/synth';

const APPS = ['orders', 'billing', 'search', 'audit'];

function synthWithClients(count: number): string {
  const stack = newStack({ kubernetesProvider: true });
  const cluster = new ScyllaCluster(stack, 'Db', minimalProps({
    alternator: {},
    datacenters: [{ name: 'dc1', racks: [RACK, { ...RACK, name: 'r2' }] }],
  }));
  APPS.slice(0, count).forEach((app) => cluster.addClient(app[0].toUpperCase() + app.slice(1), { name: app, namespace: app }));
  return synthText(stack);
}

/** Every resource and output as `kind.type.id` → JSON text. */
function entries(text: string): Map<string, string> {
  const json = JSON.parse(text);
  const out = new Map<string, string>();
  for (const [type, byId] of Object.entries<any>(json.resource)) {
    for (const [id, body] of Object.entries(byId)) out.set(`resource.${type}.${id}`, JSON.stringify(body));
  }
  for (const [id, body] of Object.entries(json.output ?? {})) out.set(`output.${id}`, JSON.stringify(body));
  return out;
}

test('two synths of the same declaration are byte-identical', () => {
  expect(synthWithClients(2)).toBe(synthWithClients(2));
});

test.each([0, 1, 3])('adding a client to %i clients adds only its own resources and outputs, and changes nothing else', (n) => {
  const before = entries(synthWithClients(n));
  const after = entries(synthWithClients(n + 1));
  const prefix = APPS[n][0].toUpperCase() + APPS[n].slice(1);
  const added = [...after.keys()].filter((k) => !before.has(k));
  expect([...before.keys()].filter((k) => !after.has(k))).toEqual([]);
  expect(added.length).toBeGreaterThan(0);
  for (const key of added) expect(key).toMatch(new RegExp(`\\.Db_${prefix}_`));
  expect(added.map((k) => k.split('.').slice(0, 2).join('.')).sort()).toEqual([
    'output.Db_' + prefix + '_alternator_credentials_command',
    'output.Db_' + prefix + '_connection',
    'resource.kubernetes_config_map_v1',
    'resource.kubernetes_secret_v1',
    'resource.tls_cert_request',
    'resource.tls_locally_signed_cert',
    'resource.tls_private_key',
  ]);
  for (const [key, body] of before) expect({ key, body: after.get(key) }).toEqual({ key, body });
});
