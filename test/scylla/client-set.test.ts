// The client set (`cluster.addClientSet()`, five for_each blocks per cluster) against the default form
// (`cluster.addClient()` per client) of the same fleet: the same outputs, the same resource instances with the
// same bodies once each block is expanded, moved blocks from exactly the addresses the default form synthesizes,
// byte-identical output, and a new member that changes only its own entries.
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, TerraformStack, Testing } from 'cdktf';
import { KubernetesProvider } from '@cdktf/provider-kubernetes/lib/provider';
import { ResourceInstance } from '../../constructs/core/resource-instance';
import { factsOf } from '../../constructs/core/facts';
import { CertificateAuthority, ImportedScyllaCluster, ScyllaClient, ScyllaCluster, ScyllaClientSet } from '../../constructs';
import { RACK } from './fixtures';
import { newStack, synth, Synthesized, synthText } from '../helpers/synth';
import {
  CLIENT_TYPES, declareFleet, FLEET, FleetCluster, Form, instances, movedMap, rewriteReferences,
} from './client-set-fleet';

const both = (fleet: readonly FleetCluster[] = FLEET): Record<Form, Synthesized> => ({
  default: synth((s) => { declareFleet(s, { form: 'default', fleet }); }),
  set: synth((s) => { declareFleet(s, { form: 'set', fleet }); }),
});

/** Addresses of the default form's per-client resources: the five of each client of each cluster. */
function clientAddresses(json: Synthesized, fleet: readonly FleetCluster[] = FLEET): string[] {
  const clients = new Set(fleet.flatMap((c) => c.clients.map((m) => `test/${c.id}/${m.id}/`)));
  return Object.entries(json.resource).flatMap(([type, byId]) => Object.entries(byId)
    .filter(([, r]) => (CLIENT_TYPES as readonly string[]).includes(type) && [...clients].some((p) => String(r['//']?.metadata?.path).startsWith(p)))
    .map(([id]) => `${type}.${id}`)).sort();
}

describe('ScyllaClientSet against addClient, same fleet', () => {
  const forms = both();
  const moves = movedMap(forms.set);
  const defaults = instances(forms.default);
  const sets = instances(forms.set);

  test('the same outputs: names, values and descriptions', () => {
    expect(Object.keys(forms.set.output).sort()).toEqual(Object.keys(forms.default.output).sort());
    expect(forms.set.output).toEqual(forms.default.output);
  });

  test('moved blocks: from every per-client address the default form synthesizes, to an instance of the same type the set declares', () => {
    const from = [...moves.keys()].sort();
    expect(from).toEqual(clientAddresses(forms.default));
    expect(from).toHaveLength(5 * FLEET.reduce((n, c) => n + c.clients.length, 0));
    for (const [f, t] of moves) {
      expect(t.split('.')[0]).toBe(f.split('.')[0]);
      expect(sets.has(t)).toBe(true);
    }
    // Sorted by from, each once.
    expect((forms.set.moved as Array<{ from: string }>).map((m) => m.from)).toEqual(from);
  });

  test('every client instance equals its default-form resource, references rewritten by the moves', () => {
    for (const [from, to] of moves) {
      expect({ at: to, body: sets.get(to) }).toEqual({ at: to, body: rewriteReferences(defaults.get(from), moves) });
    }
  });

  test('subjects, Secrets and ConfigMaps read the way the default form writes them', () => {
    const billing = sets.get(moves.get(clientAddresses(forms.default).find((a) => a.startsWith('tls_cert_request.Db_Billing'))!)!)!;
    expect(billing.subject).toEqual([{ common_name: 'billing_rw', organization: 'Example Platform', organizational_unit: 'Billing' }]);
    const reports = [...sets.entries()].find(([a]) => a.startsWith('tls_cert_request.Db_Clients') && a.endsWith('["reports-2"]'))![1];
    expect(reports.subject).toEqual([{ common_name: 'reports', country: 'DE', street_address: ['Hauptstraße 1/2'] }]);
    const secret = [...sets.entries()].find(([a]) => a.startsWith('kubernetes_secret_v1.Db_Clients') && a.endsWith('["Billing"]'))![1];
    expect(secret.metadata).toEqual({ name: 'billing-scylla-client-tls', namespace: 'billing', labels: { 'app.kubernetes.io/managed-by': 'tlsfleet', team: 'money' } });
    expect(secret.type).toBe('kubernetes.io/tls');
    expect(Object.keys(secret.data).sort()).toEqual(['ca.crt', 'tls.crt', 'tls.key']);
    const cm = [...sets.entries()].find(([a]) => a.startsWith('kubernetes_config_map_v1.Db_Clients') && a.endsWith('["reports-2"]'))![1];
    expect(cm.data).toMatchObject({ AWS_CA_BUNDLE: '/etc/db/ca-bundle.crt', SCYLLA_LOCAL_DATACENTER: 'dc2', SCYLLA_TLS_SECRET: 'reports-scylla-client-tls' });
  });

  test('everything else is the same resource at the same address with the same body', () => {
    const others = [...defaults.keys()].filter((a) => !moves.has(a));
    expect(others.length).toBeGreaterThan(20);
    for (const a of others) expect({ a, body: sets.get(a) }).toEqual({ a, body: defaults.get(a) });
    expect(sets.size).toBe(defaults.size);
  });

  test('every for_each map is a literal: no Terraform template in any key or value (Terraform would evaluate one there)', () => {
    const maps = Object.values(forms.set.resource).flatMap((byId) => Object.values(byId)).filter((b) => b.for_each).map((b) => b.for_each);
    expect(maps).toHaveLength(2 * 5);
    for (const m of maps) expect(JSON.stringify(m)).not.toMatch(/\$\{|%\{/);
  });

  test('five blocks per cluster instead of five per client', () => {
    const blocks = (json: Synthesized) => CLIENT_TYPES.reduce((n, t) => n + Object.keys(json.resource[t] ?? {}).length, 0);
    expect(blocks(forms.default) - blocks(forms.set)).toBe(5 * (3 + 3) - 5 * 2);
  });

  test('moved blocks follow the stack\'s own naming: a stack that overrides allocateLogicalId gets its own addresses', () => {
    class Renamed extends TerraformStack {
      protected allocateLogicalId(element: Parameters<TerraformStack['allocateLogicalId']>[0]): string {
        return `r_${super.allocateLogicalId(element).toLowerCase()}`;
      }
    }
    const build = (form: Form) => {
      const stack = new Renamed(Testing.app(), 'test');
      declareFleet(stack, { form });
      return synth(stack);
    };
    const [d, s] = [build('default'), build('set')];
    const from = [...movedMap(s).keys()].sort();
    expect(from[0]).toMatch(/^\w+\.r_/);
    expect(from).toEqual(clientAddresses(d));
    expect(from).not.toEqual([...moves.keys()].sort());
  });
});

describe('ScyllaClientSet synthesis', () => {
  test('two synths are byte-identical', () => {
    const text = () => synthText((s) => { declareFleet(s, { form: 'set' }); });
    expect(text()).toBe(text());
  });

  test('adding a member changes only its map entries, its moved blocks and its outputs', () => {
    const more: FleetCluster[] = [{ ...FLEET[0], clients: [...FLEET[0].clients, { id: 'Audit', name: 'audit', namespace: 'audit' }] }, FLEET[1]];
    const before = synth((s) => { declareFleet(s, { form: 'set' }); });
    const after = synth((s) => { declareFleet(s, { form: 'set', fleet: more }); });
    const strip = (json: Synthesized): Synthesized => {
      const copy = JSON.parse(JSON.stringify(json)) as Synthesized;
      for (const byId of Object.values(copy.resource)) {
        for (const block of Object.values(byId)) if (block.for_each) delete block.for_each.Audit;
      }
      copy.moved = copy.moved.filter((m: { to: string }) => !m.to.endsWith('["Audit"]'));
      for (const name of Object.keys(copy.output)) if (name.startsWith('Db_Audit_')) delete copy.output[name];
      delete copy['//'].outputs.test.Db.Audit;
      return copy;
    };
    expect(after.moved.length - before.moved.length).toBe(5);
    expect(Object.keys(after.output).filter((n) => !(n in before.output)).sort()).toEqual(['Db_Audit_alternator_credentials_command', 'Db_Audit_connection']);
    expect(strip(after)).toEqual(before);
  });

  test('per-client views carry what addClient gives the same client', () => {
    const views = (form: Form) => {
      const stack = newStack();
      const [db] = declareFleet(stack, { form, fleet: [FLEET[0]] });
      return FLEET[0].clients.map((m) => {
        const c = form === 'default' ? db.node.findChild(m.id) as ScyllaClient : (db.node.findChild('Clients') as ScyllaClientSet).client(m.id);
        return {
          name: c.name, namespace: c.namespace, role: c.role, datacenter: c.datacenter.name, mountPath: c.mountPath, connection: c.connection,
          connectionConfigMapName: c.connectionConfigMapName, alternatorCredentialsCommand: c.alternatorCredentialsCommand,
          tlsSecretName: c instanceof ScyllaClient ? c.tlsSecret.name : c.tlsSecretName,
          subjectOneline: c instanceof ScyllaClient ? c.certificate.subjectOneline : c.certificate.subjectOneline,
        };
      });
    };
    expect(views('set')).toEqual(views('default'));
  });

  test('facts: each client\'s certificate and deliveries are recorded on its instance handles', () => {
    const stack = newStack();
    const [db] = declareFleet(stack, { form: 'set', fleet: [FLEET[0]] });
    const c = (db.node.findChild('Clients') as ScyllaClientSet).client('Billing');
    // The path addClient('Billing') gives: waivers, report and diff keep it.
    expect(c.node.path).toBe('test/Db/Billing');
    const [cert] = factsOf(c.certificate.certificateInstance);
    const { certificateResource: _c, keyResource: _k, ...certFact } = cert as Extract<typeof cert, { kind: 'certificate' }>;
    expect(certFact).toMatchObject({
      kind: 'certificate', role: 'client', subject: '/O=Example Platform/OU=Billing/CN=billing_rw', issuer: 'test/Ca', key: 'ECDSA P-256',
      validityHours: 8760, earlyRenewalHours: 720, holders: [{ namespace: 'billing', kubernetes: '(default kubernetes provider)', description: 'ScyllaDB client billing (role billing_rw)' }],
    });
    expect(cert.kind === 'certificate' && cert.certificateResource).toBe(c.certificate.certificateInstance);
    expect(cert.kind === 'certificate' && cert.keyResource).toBe(c.certificate.keyInstance);
    const [secret] = factsOf(c.tlsSecret);
    const { resource: _s, ...secretFact } = secret as Extract<typeof secret, { kind: 'delivery' }>;
    expect(secretFact).toMatchObject({ kind: 'delivery', object: 'Secret', namespace: 'billing', name: 'billing-scylla-client-tls', carriesPrivateKey: true,
      certificates: [c.certificate.certificateInstance.node.path] });
    expect(secret.kind === 'delivery' && secret.resource).toBe(c.tlsSecret);
    const [cm] = factsOf(c.connectionConfigMap);
    const { resource: _r, ...cmFact } = cm as Extract<typeof cm, { kind: 'delivery' }>;
    expect(cmFact).toMatchObject({ kind: 'delivery', object: 'ConfigMap', name: 'billing-scylla-connection', carriesPrivateKey: false });
    expect(cm.kind === 'delivery' && cm.resource).toBe(c.connectionConfigMap);
    for (const h of [c.certificate.keyInstance, c.certificate.requestInstance, c.certificate.certificateInstance, c.tlsSecret, c.connectionConfigMap]) {
      expect(ResourceInstance.isResourceInstance(h)).toBe(true);
      expect(h.key).toBe('Billing');
    }
    expect(c.tlsSecret.friendlyUniqueId).toMatch(/^Db_Clients_TlsSecret_[0-9A-F]{8}\["Billing"\]$/);
  });

  test('an imported cluster: new ScyllaClientSet moves from the addresses its addClient gives', () => {
    const build = (form: Form) => synth((stack) => {
      new KubernetesProvider(stack, 'kubernetes', {});
      const ca = new CertificateAuthority(stack, 'Ca', { subject: { commonName: 'org CA' } });
      const db = new ImportedScyllaCluster(stack, 'Db', { name: 'db', namespace: 'scylla', ca, datacenters: [{ name: 'dc1', firstRack: 'r1' }] });
      if (form === 'default') db.addClient('orders', { name: 'orders', namespace: 'orders' });
      else if (form === 'set') new ScyllaClientSet(stack, 'OrdersSet', { cluster: db, clients: { orders: { name: 'orders', namespace: 'orders' } } });
      else db.addClientSet('OrdersSet', { clients: { orders: { name: 'orders', namespace: 'orders' } } });
    });
    const [d, s] = [build('default'), build('set')];
    const imported: FleetCluster[] = [{ id: 'Db', name: 'db', clients: [{ id: 'orders', name: 'orders', namespace: 'orders' }] }];
    expect([...movedMap(s).keys()].sort()).toEqual(clientAddresses(d, imported));
    expect(s.output).toEqual(d.output);
    // The imported cluster's own factory gives the same set (it names the set under the cluster).
    const viaFactory = build('factory' as Form);
    expect([...movedMap(viaFactory).keys()].sort()).toEqual(clientAddresses(d, imported));
    expect(viaFactory.output).toEqual(d.output);
  });

  test('a cluster in another stack: moved blocks refused (nothing to move from here), accepted without them', () => {
    const app = Testing.app();
    const other = new TerraformStack(app, 'platform');
    new KubernetesProvider(other, 'kubernetes', {});
    const db = new ScyllaCluster(other, 'Db', { name: 'db', namespace: 'scylla', version: '2025.1.5', datacenters: [{ name: 'dc1', racks: [RACK] }] });
    const team = new TerraformStack(app, 'team');
    new KubernetesProvider(team, 'kubernetes', {});
    const clients = { orders: { name: 'orders', namespace: 'orders' } };
    expect(() => new ScyllaClientSet(team, 'Orders', { cluster: db, clients })).toThrow(/team\/Orders: `movedFromClients` must be false when the cluster is declared in another stack \(platform\)/);
    expect(() => new ScyllaClientSet(team, 'Orders2', { cluster: db, clients, movedFromClients: false })).not.toThrow();
  });

  test('movedFromClients: false writes no moved block', () => {
    const json = synth((s) => {
      new KubernetesProvider(s, 'kubernetes', {});
      const db = new ScyllaCluster(s, 'Db', { name: 'db', namespace: 'scylla', version: '2025.1.5', datacenters: [{ name: 'dc1', racks: [RACK] }] });
      db.addClientSet('Clients', { clients: { orders: { name: 'orders', namespace: 'orders' } }, movedFromClients: false });
    });
    expect(json.moved).toBeUndefined();
    expect(Object.keys(json.resource.tls_locally_signed_cert).filter((id) => id.startsWith('Db_Clients_'))).toHaveLength(1);
  });

  test('a refused member leaves no synthesized file', () => {
    const outdir = mkdtempSync(join(tmpdir(), 'tlsfleet-set-'));
    try {
      const stack = new TerraformStack(new App({ outdir }), 'test');
      expect(() => declareFleet(stack, { form: 'set', fleet: [{ ...FLEET[0], clients: [{ id: 'Bad', name: 'Bad_Name', namespace: 'x' }] }] })).toThrow(/clients\.Bad\.name/);
      expect(readdirSync(outdir, { recursive: true }).map(String).filter((f) => !['stacks'].includes(f))).toEqual([]);
    } finally {
      rmSync(outdir, { recursive: true, force: true });
    }
  });
});
