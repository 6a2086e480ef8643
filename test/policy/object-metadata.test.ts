// Each Kubernetes object's namespace and name come from its metadata as the evaluator reads it; when the
// payload's one-pass scan covered the metadata, build.ts reads the two in place. Both ways must agree.
import { buildContext } from '../../constructs/policy/context/build';
import { evaluate, TerraformJson, UNKNOWN } from '../../constructs/policy/plan/expression';
import { settingsOf } from '../../constructs/policy/settings';
import { newStack } from '../helpers/synth';

const metadatas: [string, unknown][] = [
  ['literals', { name: 'a', namespace: 'ns' }],
  ['a namespace read from a resource', { name: 'b', namespace: '${kubernetes_namespace_v1.n.id}' }],
  ['a name read from a resource', { name: '${kubernetes_namespace_v1.n.id}', namespace: 'ns' }],
  ['a namespace from a local', { name: 'c', namespace: '${local.ns}' }],
  ['a namespace from an undeclared resource', { name: 'd', namespace: '${kubernetes_namespace_v1.nope.id}' }],
  ['a namespace in a template', { name: 'e', namespace: 'team-${local.ns}' }],
  ['no namespace', { name: 'f' }],
  ['a null namespace', { name: 'g', namespace: null }],
  ['a number as name', { name: 7, namespace: 'ns' }],
  ['a map as namespace', { name: 'h', namespace: { a: 'b' } }],
  ['labels with a reference', { name: 'i', namespace: 'ns', labels: { x: '${kubernetes_namespace_v1.n.id}' } }],
  ['a list of metadata', [{ name: 'j', namespace: 'ns2' }]],
  ['no metadata', undefined],
];

function config(): TerraformJson {
  const secrets: Record<string, unknown> = {};
  const maps: Record<string, unknown> = {};
  metadatas.forEach(([, metadata], i) => {
    secrets[`s${i}`] = { metadata, data: { 'tls.key': '${tls_private_key.k.private_key_pem}' } };
    maps[`m${i}`] = { metadata, data: { 'a.b': 'x' } };
  });
  return {
    locals: { ns: 'from-local' },
    resource: { tls_private_key: { k: { algorithm: 'ECDSA' } }, kubernetes_namespace_v1: { n: { metadata: { name: 'n' } } }, kubernetes_secret_v1: secrets, kubernetes_config_map_v1: maps },
  } as TerraformJson;
}

/** What the full evaluator makes of a metadata value, as build.ts reads it. */
function expected(c: TerraformJson, metadata: unknown, fallbackName: string): { namespace: unknown; name: string } {
  const m = Array.isArray(metadata) ? metadata[0] : metadata;
  const v = evaluate(c, m, { fastPath: false }).value as Record<string, unknown> | null;
  const meta = v !== null && typeof v === 'object' ? v : {};
  return { namespace: meta.namespace === UNKNOWN ? '${unknown}' : meta.namespace ?? 'default', name: typeof meta.name === 'string' ? meta.name : fallbackName };
}

test('every object\'s namespace and name are what the full evaluator gives', () => {
  const c = config();
  const stack = newStack();
  const ctx = buildContext(stack, settingsOf(stack), c);
  // Objects come by type, then by name: the ConfigMaps m0, m1, m10, ..., then the Secrets.
  const order = metadatas.map((_m, i) => i).sort((a, b) => (String(a) < String(b) ? -1 : 1));
  const want = [...order.map((i) => ['m', i] as const), ...order.map((i) => ['s', i] as const)].map(([p, i]) => expected(c, metadatas[i]![1], `${p}${i}`));
  expect(ctx.objects.filter((o) => o.kind === 'ConfigMap' || o.kind === 'Secret').map((o) => [o.namespace, o.name])).toEqual(want.map((w) => [typeof w.namespace === 'string' ? w.namespace : undefined, w.name.match(/^[ms]\d+$/) ? undefined : w.name]));
  expect(ctx.secrets.map((x) => x.namespace)).toEqual(want.slice(metadatas.length).map((w) => w.namespace));
  // The in-place reading is what most of these took.
  expect(want.filter((w) => w.namespace === '${unknown}').length).toBeGreaterThanOrEqual(4);
});
