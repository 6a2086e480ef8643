import { Construct } from 'constructs';
import { TerraformOutput, TerraformStack } from '../../core/cdktf';

/**
 * A Terraform output named after the construct path below the stack (`Db_endpoints`), not after
 * a hash: output names are read by people and scripts, so they must be stable and readable.
 */
export function addOutput(scope: Construct, id: string, suffix: string, value: unknown, description: string): TerraformOutput {
  const stackDepth = TerraformStack.of(scope).node.scopes.length;
  const below = scope.node.scopes.slice(stackDepth).map((s) => s.node.id);
  const output = new TerraformOutput(scope, id, { value, description });
  output.overrideLogicalId([...below, suffix].join('_').replace(/[^A-Za-z0-9_-]/g, '_'));
  return output;
}
