import { App, TerraformStack } from 'cdktf';
import { KubernetesProvider } from '@cdktf/provider-kubernetes/lib/provider';
import { AlternatorCertificateSource, ScyllaCluster } from '../../constructs';
import { carried } from '../../constructs/policy/plan/carried';
import { evaluate, TerraformJson } from '../../constructs/policy/plan/expression';
import { fastEvaluate } from '../../constructs/policy/plan/fast-path';
import { expandInstances } from '../../constructs/policy/plan/instances';
import { ReferenceStack } from '../../examples/reference/stack';

/** Every value of every block of `config`, as the policy evaluates them. */
function values(config: TerraformJson): unknown[] {
  const out: unknown[] = [];
  for (const blocks of Object.values((config.resource ?? {}) as Record<string, Record<string, Record<string, unknown>>>)) {
    for (const body of Object.values(blocks)) {
      out.push(body);
      for (const v of Object.values(body)) out.push(v);
    }
  }
  for (const o of Object.values((config.output ?? {}) as Record<string, { value?: unknown }>)) out.push(o.value);
  return out;
}

/** 3 clusters with 3 clients each; with `sets`, the clients as client sets, expanded as the policy reads them (instance references such as `${tls_private_key.k["App0"].private_key_pem}`). */
function fleet(sets = false): TerraformJson {
  const stack = new TerraformStack(new App({ outdir: '/tmp/tlsfleet-fast-path' }), 'fleet');
  new KubernetesProvider(stack, 'kubernetes', {});
  for (let i = 0; i < 3; i++) {
    const db = new ScyllaCluster(stack, `Db${i}`, {
      name: `db${i}`, namespace: `ns${i}`, version: '2025.1.5', alternator: { certificateSource: AlternatorCertificateSource.TLSFLEET },
      datacenters: [{ name: 'dc1', racks: [{ name: 'r1', members: 3, storageCapacity: '100Gi', cpuLimit: '2', memoryLimit: '8Gi' }] }],
    });
    const clients = Object.fromEntries([0, 1, 2].map((j) => [`App${j}`, { name: `app${j}`, namespace: `app${i}-${j}` }]));
    if (sets) db.addClientSet('Clients', { clients });
    else for (const [id, options] of Object.entries(clients)) db.addClient(id, options);
  }
  if (!sets) return stack.toTerraform() as TerraformJson;
  const expanded = expandInstances(stack.toTerraform() as TerraformJson);
  expect(JSON.stringify(expanded.resource).includes('[\\"App2\\"].private_key_pem}')).toBe(true);
  return expanded;
}
const setFleet = (): TerraformJson => fleet(true);

describe('the evaluator\'s fast path gives exactly what the full evaluator gives', () => {
  test.each([
    ['the reference app', () => new ReferenceStack(new App({ outdir: '/tmp/tlsfleet-fast-path' }), 'reference').toTerraform() as TerraformJson],
    ['a fleet of 3 clusters with 3 clients each', () => fleet()],
    ['the same fleet with client sets, expanded', setFleet],
  ])('%s: every block and value', (_name, build) => {
    const config = build();
    let fast = 0;
    for (const v of values(config)) {
      const quick = fastEvaluate(config, v);
      if (quick === undefined) continue;
      fast++;
      expect(quick).toEqual(evaluate(config, v, { fastPath: false }));
    }
    // The comparison means something only if the fast path took most of the plan.
    expect(fast).toBeGreaterThan(values(config).length / 2);
  });

  test.each([
    ['the reference app', () => new ReferenceStack(new App({ outdir: '/tmp/tlsfleet-fast-path' }), 'reference').toTerraform() as TerraformJson],
    ['a fleet of 3 clusters with 3 clients each', () => fleet()],
    ['the same fleet with client sets, expanded', setFleet],
  ])('%s: what every value carries (references, secrets) is what the full evaluator finds', (_name, build) => {
    const config = build();
    for (const v of values(config)) {
      const full = evaluate(config, v, { fastPath: false });
      expect(carried(config, v)).toEqual({ references: full.references, secrets: full.secrets });
    }
  });

  test('a map key with a template is read by the full evaluator, in both forms of the fast path', () => {
    const config = { resource: { tls_private_key: { k: {} } } } as TerraformJson;
    const value = { '${tls_private_key.k.private_key_pem}': 'x' };
    expect(fastEvaluate(config, value)).toBeUndefined();
    expect(fastEvaluate(config, value, { keepValue: false })).toBeUndefined();
    expect(carried(config, value).secrets).toEqual(evaluate(config, value, { fastPath: false }).secrets);
    expect(carried(config, value).references).toEqual([expect.objectContaining({ type: 'tls_private_key', name: 'k' })]);
  });

  test('a list with absent attributes (how a Secret\'s payload is read) takes the fast path, absent as null', () => {
    const config = { resource: { tls_private_key: { k: {} } } } as TerraformJson;
    const payload = [{ 'tls.key': '${tls_private_key.k.private_key_pem}' }, undefined, undefined, { name: 'x' }];
    const quick = fastEvaluate(config, payload);
    expect(quick).toBeDefined();
    expect(quick).toEqual(evaluate(config, payload, { fastPath: false }));
    expect(quick!.value).toEqual([{ 'tls.key': expect.anything() }, null, null, { name: 'x' }]);
  });

  test('anything else is left to the full evaluator', () => {
    const config = { resource: { tls_private_key: { k: {} } }, locals: { a: 'x' } } as TerraformJson;
    for (const v of ['${local.a}', '${var.x}', '${tls_private_key.missing.id}', '${upper("x")}', 'a ${tls_private_key.k.id}', ['${data.x.y.z}']]) {
      expect(fastEvaluate(config, v)).toBeUndefined();
    }
    expect(fastEvaluate(config, { a: '${tls_private_key.k.private_key_pem}' })?.secrets).toEqual(['tls_private_key.k.private_key_pem']);
  });
});
