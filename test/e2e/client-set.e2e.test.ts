// A deployed fleet switched from the per-client form (`cluster.addClient()`) to client sets (`cluster.addClientSet()`),
// with the real terraform and providers against a real kube-apiserver: the set form's moved blocks take over every
// client's state, so the plan has no change but the moves, and after the apply each client's Secret in the API server
// holds the same certificate and key bytes (nothing was re-issued or re-created).
import { declareFleet, FLEET, Form } from '../scylla/client-set-fleet';
import { deploy, Synths, undeploy } from './deployment';
import { KubeApi, requireKubeApiOrSkip } from './kube-api';
import { plannedChanges, requireToolchainOrSkip, TerraformWorkdir } from './terraform-harness';

const RUN = requireToolchainOrSkip('client set switch') && requireKubeApiOrSkip('client set switch');

const NAMESPACES = [
  ...FLEET.flatMap((c) => [`scylla-${c.name}`, `scylla-${c.name}-dc1`, `scylla-${c.name}-dc2`]),
  ...new Set(FLEET.flatMap((c) => c.clients.map((m) => m.namespace))),
];
const CLIENTS = FLEET.reduce((n, c) => n + c.clients.length, 0);
const PARALLELISM = ['-parallelism=4'];

const synths = new Synths();
const file = (form: Form): string => synths.file((stack) => { declareFleet(stack, { form }); }, 'clientset');

(RUN ? describe : describe.skip)('switching a deployed fleet from addClient to addClientSet (real API server)', () => {
  let api: KubeApi;
  let wd: TerraformWorkdir;
  const secrets = () => Object.fromEntries(FLEET.flatMap((c) => c.clients).map((m) => {
    const s = api.get('secret', `${m.name}-scylla-client-tls`, m.namespace);
    return [`${m.namespace}/${m.name}`, { uid: s?.metadata.uid, data: s?.data }];
  }));
  let before: ReturnType<typeof secrets>;

  beforeAll(async () => {
    expect(FLEET).toHaveLength(2);
    expect(FLEET.every((c) => c.clients.length === 3)).toBe(true);
    ({ api, wd } = await deploy(file('default'), NAMESPACES, { reportAvailable: true }));
    before = secrets();
  }, 300_000);
  afterAll(() => undeploy({ api, wd }, synths));

  test('the default form is deployed: every client has its Secret with a certificate and key', () => {
    expect(Object.keys(before)).toHaveLength(CLIENTS);
    for (const s of Object.values(before)) expect(Object.keys(s.data ?? {}).sort()).toEqual(['ca.crt', 'tls.crt', 'tls.key']);
  });

  test('switched to the set form, the plan has no change but the moves (0 to add, change, destroy), and it lists every move', () => {
    wd.replaceConfig(file('set'));
    const planned = wd.run(['plan', '-input=false', '-no-color', '-detailed-exitcode', ...PARALLELISM, '-out=switch.tfplan'], undefined, true);
    // Terraform (1.11) counts a move as a diff: -detailed-exitcode is 2 for a plan whose only content is moves. Every
    // other change would show in the summary line and in the JSON plan's actions, which must all be no-op.
    expect({ status: planned.status, stderr: planned.stderr }).toEqual({ status: 2, stderr: '' });
    expect(planned.stdout).toContain('Plan: 0 to add, 0 to change, 0 to destroy.');
    const moves = [...planned.stdout.matchAll(/^ {2}# (\S+) has moved to (\S+)$/gm)].map((m) => [m[1], m[2]]);
    expect(moves).toHaveLength(5 * CLIENTS);
    const plan = JSON.parse(wd.run(['show', '-json', '-no-color', 'switch.tfplan']).stdout);
    expect(plannedChanges(plan)).toEqual([]);
    const moved = (plan.resource_changes ?? []).filter((r: { previous_address?: string }) => r.previous_address !== undefined);
    expect(moved).toHaveLength(5 * CLIENTS);
    for (const r of moved) {
      expect(r.change.actions).toEqual(['no-op']);
      expect(r.address).toMatch(/\["[A-Za-z0-9_.-]+"\]$/);
    }
  }, 300_000);

  test('applied: every client Secret is the same object with the same certificate and key bytes; plan -detailed-exitcode then exits 0', () => {
    wd.apply(undefined, PARALLELISM);
    expect(secrets()).toEqual(before);
    const billing = before['billing/billing'];
    expect(Buffer.from(billing.data['tls.crt'], 'base64').toString()).toMatch(/^-----BEGIN CERTIFICATE-----/);
    const again = wd.run(['plan', '-input=false', '-no-color', '-detailed-exitcode', ...PARALLELISM], undefined, true);
    expect(again.status).toBe(0);
    expect(again.stdout).not.toMatch(/has moved to/);
    const state = JSON.parse(wd.run(['show', '-json', '-no-color']).stdout);
    const keys = state.values.root_module.resources.filter((r: { type: string; index?: unknown }) => r.type === 'tls_private_key' && r.index !== undefined);
    expect(keys).toHaveLength(CLIENTS);
  }, 300_000);
});
