import { IConstruct } from 'constructs';
import { KubernetesProvider } from '../../core/cdktf';
import { invalid } from '../../core/errors';

/** Left out (the stack's default provider) or a KubernetesProvider: the cluster an object is written to. */
export function checkKubernetesProvider(scope: IConstruct, field: string, value: unknown): asserts value is KubernetesProvider | undefined {
  if (value === undefined || value instanceof KubernetesProvider) return;
  // Another copy of the provider bindings (a second node_modules) makes instanceof fail: accept what is one by its type name.
  const p = value as { node?: unknown; terraformResourceType?: unknown } | null;
  if (p !== null && typeof p === 'object' && typeof p.node === 'object' && p.terraformResourceType === 'kubernetes') return;
  invalid(scope, field, value, 'must be a KubernetesProvider, or left out for the stack\'s default kubernetes provider');
}
