import { IConstruct } from 'constructs';
import { TerraformStack } from './cdktf';
import { invalid } from './errors';

const claims = new WeakMap<IConstruct, Map<string, string>>();

/**
 * Claims a Kubernetes object name for a construct. Two constructs that would write the same
 * kind/namespace/name through the same provider would fight over one object at apply time:
 * the second claim is rejected at synth instead.
 */
export function claimObjectName(
  scope: IConstruct,
  field: string,
  target: { readonly kind: string; readonly namespace: string; readonly name: string; readonly provider?: IConstruct },
): void {
  const root = scope.node.root;
  let taken = claims.get(root);
  if (!taken) {
    taken = new Map();
    claims.set(root, taken);
  }
  // Without a provider, each stack's default provider: stacks of one app may target different clusters.
  const cluster = target.provider ? target.provider.node.path : `(default kubernetes provider of ${TerraformStack.of(scope).node.path})`;
  const key = `${cluster}\u0000${target.kind}\u0000${target.namespace}\u0000${target.name}`;
  const owner = taken.get(key);
  if (owner !== undefined && owner !== scope.node.path) {
    invalid(scope, field, `${target.namespace}/${target.name}`,
      `must be unique per ${target.kind} and namespace; ${owner} already writes that ${target.kind} through ${cluster}`);
  }
  taken.set(key, scope.node.path);
}
