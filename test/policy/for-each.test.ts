import { TerraformStack } from 'cdktf';
import { ConfigMapV1 } from '@cdktf/provider-kubernetes/lib/config-map-v1';
import { PrivateKey } from '@cdktf/provider-tls/lib/private-key';
import { Construct } from 'constructs';
import { ScyllaCluster, waive } from '../../constructs';
import { ResourceInstance } from '../../constructs/core/resource-instance';
import { expandInstances } from '../../constructs/policy/plan/instances';
import { evaluate as evaluateExpression, TerraformJson } from '../../constructs/policy/plan/expression';
import { evaluate, newStack, trySynth } from '../helpers/synth';
import { minimalProps } from '../scylla/fixtures';

// The policy judges resource instances as Terraform applies them: a `for_each` block known at synth
// is expanded into its instances, `each.*` replaced by its value (constructs/policy/plan/instances.ts).

const plan = (resource: Record<string, Record<string, unknown>>, extra: Record<string, unknown> = {}): TerraformJson => ({ resource, ...extra });

describe('expandInstances', () => {
  test('a configuration without for_each is returned as it is', () => {
    const config = plan({ tls_private_key: { k: { algorithm: 'ECDSA', ecdsa_curve: 'P256' } } });
    expect(expandInstances(config)).toBe(config);
  });

  test('a map gives one instance per key, sorted as Terraform orders them, with each.key and each.value folded to literals', () => {
    const config = plan({
      tls_private_key: {
        k: { for_each: { b: { alg: 'RSA', bits: 4096 }, a: { alg: 'ECDSA', bits: 0 } }, algorithm: '${each.value.alg}', rsa_bits: '${each.value["bits"]}', comment: 'key ${each.key} of ${each.value.alg}' },
      },
    });
    const out = expandInstances(config).resource!.tls_private_key as Record<string, Record<string, unknown>>;
    expect(Object.keys(out)).toEqual(['k["a"]', 'k["b"]']);
    expect(out['k["b"]']).toMatchObject({ algorithm: 'RSA', rsa_bits: 4096, comment: 'key b of RSA' });
    expect(out['k["a"]']).toMatchObject({ algorithm: 'ECDSA', rsa_bits: 0, comment: 'key a of ECDSA' });
    // The written configuration is not touched.
    expect(Object.keys(config.resource!.tls_private_key as object)).toEqual(['k']);
  });

  test('toset() of strings: each.value is the key', () => {
    const config = plan({ tls_private_key: { k: { for_each: '${toset(["x", "y", "x"])}', algorithm: 'ECDSA', ecdsa_curve: '${each.value}' } } });
    const out = expandInstances(config).resource!.tls_private_key as Record<string, Record<string, unknown>>;
    expect(Object.keys(out)).toEqual(['k["x"]', 'k["y"]']);
    expect(out['k["y"]'].ecdsa_curve).toBe('y');
  });

  test('references beside each.* are rewritten to the instance, which the evaluator reads as a resource of its own', () => {
    const config = plan({
      tls_private_key: { k: { for_each: { a: 1, b: 1 }, algorithm: 'ECDSA', ecdsa_curve: 'P256' } },
      kubernetes_secret_v1: { s: { for_each: { a: 1, b: 1 }, metadata: [{ name: '${each.key}-tls' }], data: { 'tls.key': '${tls_private_key.k[each.key].private_key_pem}' } } },
    });
    const expanded = expandInstances(config);
    const secret = (expanded.resource!.kubernetes_secret_v1 as Record<string, Record<string, any>>)['s["b"]'];
    expect(secret.metadata).toEqual([{ name: 'b-tls' }]);
    expect(secret.data['tls.key']).toBe('${tls_private_key.k["b"].private_key_pem}');
    const e = evaluateExpression(expanded, secret.data);
    expect(e.references).toEqual([{ mode: 'managed', type: 'tls_private_key', name: 'k["b"]', attribute: 'private_key_pem' }]);
    expect(e.secrets).toEqual(['tls_private_key.k["b"].private_key_pem']);
  });

  test('values with template characters stay literal, in folded strings and in rewritten expressions', () => {
    const config = plan({
      tls_private_key: { k: { for_each: { a: 1 }, algorithm: 'ECDSA' } },
      kubernetes_config_map_v1: {
        c: { for_each: { a: { v: 'x $${var.y} %%{if} "q" \\ \n' } }, data: { plain: '${each.value.v}', mixed: '${upper(each.value.v)}', ['${each.key}.k']: 'v' } },
      },
    });
    const expanded = expandInstances(config);
    const body = (expanded.resource!.kubernetes_config_map_v1 as Record<string, Record<string, any>>)['c["a"]'];
    const e = evaluateExpression(expanded, body.data);
    expect(e.unknownReasons).toEqual([]);
    expect(e.dependsOnVariables).toEqual([]);
    expect(e.value).toEqual({ plain: 'x ${var.y} %{if} "q" \\ \n', mixed: 'X ${VAR.Y} %{IF} "Q" \\ \n', 'a.k': 'v' });
  });

  test('a for_each not known at synth is left as it is: each.* stays unknown there', () => {
    const config = plan({ tls_private_key: { k: { for_each: '${var.keys}', algorithm: '${each.value}' } } }, { variable: { keys: { type: 'map(string)' } } });
    const expanded = expandInstances(config);
    expect(expanded).toBe(config);
    const e = evaluateExpression(expanded, (expanded.resource!.tls_private_key as any).k.algorithm);
    expect(e.unknownReasons.join()).toMatch(/each\.value is known only per instance/);
  });

  test('each inside a heredoc, or rebound by a for expression, is left unexpanded rather than guessed', () => {
    const config = plan({
      kubernetes_config_map_v1: {
        c: { for_each: { a: 'v' }, data: { h: '${<<EOT\n${each.value}\nEOT\n}', f: '${join(",", [for each in ["z"]: each])}' } },
      },
    });
    const body = (expandInstances(config).resource!.kubernetes_config_map_v1 as Record<string, Record<string, any>>)['c["a"]'];
    expect(body.data.h).toBe('${<<EOT\n${each.value}\nEOT\n}');
    expect(body.data.f).toBe('${join(",", [for each in ["z"]: each])}');
  });
});

describe('rules judge each instance', () => {
  const keyBlock = (stack: TerraformStack, forEach: Record<string, unknown>): PrivateKey => {
    const key = new PrivateKey(stack, 'Keys', { algorithm: 'ECDSA', ecdsaCurve: 'P256' });
    key.addOverride('for_each', forEach);
    key.addOverride('ecdsa_curve', '${each.value}');
    return key;
  };

  test('TLSF005: one weak instance among strong ones fails synth; without for_each expansion it was merely undecided', () => {
    const attempt = trySynth((stack) => {
      new ScyllaCluster(stack, 'Db', minimalProps());
      keyBlock(stack, { strong: 'P384', weak: 'P224' });
    }, { kubernetesProvider: true });
    expect(attempt.error?.message).toMatch(/\[TLSF005\] test\/Keys: ECDSA key on P-224, below P-256/);
    expect(attempt.error?.message.match(/TLSF005/g)?.length).toBeGreaterThanOrEqual(1);
  });

  test('every instance strong: the keys are checked, one by one, and pass', () => {
    const stack = newStack({ kubernetesProvider: true });
    new ScyllaCluster(stack, 'Db', minimalProps());
    keyBlock(stack, { a: 'P384', b: 'P256' });
    const tlsf005 = evaluate(stack).results.find((r) => r.rule.id === 'TLSF005')!;
    expect(tlsf005.violations).toEqual([]);
    expect(tlsf005.undecided).toEqual([]);
    // The cluster's own keys and the two instances.
    const own = stack.node.findAll().filter((c) => (c as { terraformResourceType?: string }).terraformResourceType === 'tls_private_key').length - 1;
    expect(tlsf005.checked).toBe(own + 2);
  });

  test('TLSF015: a ConfigMap for_each whose instance carries a private key through each.key is caught', () => {
    const attempt = trySynth((stack) => {
      new ScyllaCluster(stack, 'Db', minimalProps());
      const key = keyBlock(stack, { a: 'P256', b: 'P384' });
      const cm = new ConfigMapV1(stack, 'Leak', { metadata: { name: 'leak', namespace: 'app' }, data: {} });
      cm.addOverride('for_each', { a: 1, b: 1 });
      cm.addOverride('metadata.name', 'leak-${each.key}');
      cm.addOverride('data', { key: `\${${key.terraformResourceType}.${key.friendlyUniqueId}[each.key].private_key_pem}` });
    }, { kubernetesProvider: true });
    expect(attempt.error?.message).toMatch(/\[TLSF015\] test\/Leak:/);
  });

  test('TLSF016: two instances that write the same Kubernetes object are caught', () => {
    const attempt = trySynth((stack) => {
      new ScyllaCluster(stack, 'Db', minimalProps());
      const cm = new ConfigMapV1(stack, 'Twice', { metadata: { name: 'x', namespace: 'app' }, data: { a: 'b' } });
      cm.addOverride('for_each', { a: 'same', b: 'same' });
      cm.addOverride('metadata.name', '${each.value}');
    }, { kubernetesProvider: true });
    expect(attempt.error?.message).toMatch(/\[TLSF016\]/);
  });

  test('an instance with a ResourceInstance construct is judged as that construct: the finding names it, a waiver on its scope covers it', () => {
    const build = (stack: TerraformStack, waived: boolean): void => {
      new ScyllaCluster(stack, 'Db', minimalProps());
      const block = keyBlock(stack, { orders: 'P224', billing: 'P384' });
      for (const id of ['orders', 'billing']) {
        const client = new Construct(stack, `Client-${id}`);
        new ResourceInstance(client, 'Key', block, id);
        if (waived && id === 'orders') waive(client, 'TLSF005', { reason: 'a legacy device of the orders team accepts only P-224 until its firmware update in March' });
      }
    };
    const open = trySynth((stack) => build(stack, false), { kubernetesProvider: true });
    expect(open.error?.message).toMatch(/\[TLSF005\] test\/Client-orders\/Key: ECDSA key on P-224/);
    expect(open.error?.message).not.toMatch(/Client-billing/);
    expect(trySynth((stack) => build(stack, true), { kubernetesProvider: true }).error).toBeUndefined();
  });
});
