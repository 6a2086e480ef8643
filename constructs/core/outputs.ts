import { IConstruct } from 'constructs';
import { TerraformOutput, TerraformStack } from './cdktf';
import { invalid } from './errors';

const claimed = new WeakMap<TerraformStack, Map<string, string>>();

/**
 * Claims a Terraform output name in its stack. Two outputs with one name would be one key in
 * cdk.tf.json: the later silently replaces the earlier. The second claim fails synth instead.
 */
export function claimOutputName(scope: IConstruct, field: string, name: string): void {
  const stack = TerraformStack.of(scope);
  let names = claimed.get(stack);
  if (!names) claimed.set(stack, names = new Map());
  const owner = names.get(name);
  if (owner !== undefined && owner !== scope.node.path) {
    invalid(scope, field, name, `must be a unique output name in stack ${stack.node.path}; ${owner} already writes output "${name}"`);
  }
  names.set(name, scope.node.path);
}

/**
 * A Terraform output named after the construct path below the stack (`Db_endpoints`), not after
 * a hash: output names are read by people and scripts, so they must be stable and readable.
 */
export function addOutput(scope: IConstruct, id: string, suffix: string, value: unknown, description: string): TerraformOutput {
  const stackDepth = TerraformStack.of(scope).node.scopes.length;
  const below = scope.node.scopes.slice(stackDepth).map((s) => s.node.id);
  const output = new TerraformOutput(scope, id, { value, description });
  const name = [...below, suffix].join('_').replace(/[^A-Za-z0-9_-]/g, '_');
  claimOutputName(output, 'output name', name);
  output.overrideLogicalId(name);
  return output;
}
