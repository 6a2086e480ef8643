import { IConstruct } from 'constructs';
import { TerraformLocal, TerraformOutput, TerraformVariable } from '../../core/cdktf';

// The one place that reads cdktf's construct tree: which construct declares which block. What the
// blocks say is read from the rendered configuration, never from the constructs.

export interface ResourceLike extends IConstruct {
  readonly terraformResourceType: string;
  readonly friendlyUniqueId: string;
  readonly provider?: IConstruct;
  synthesizeAttributes(): Record<string, unknown>;
}

export function isResource(node: IConstruct): node is ResourceLike {
  return typeof (node as Partial<ResourceLike>).terraformResourceType === 'string'
    && typeof (node as Partial<ResourceLike>).synthesizeAttributes === 'function';
}

/**
 * Two blocks of one kind with one logical id would be one key in cdk.tf.json: the later silently
 * replaces the earlier (an `overrideLogicalId` in a pull request could drop a tlsfleet output or
 * resource). Returns the first such pair, in tree order.
 */
export function duplicateLogicalId(stack: IConstruct): { first: IConstruct; second: IConstruct; address: string } | undefined {
  const seen = new Map<string, IConstruct>();
  for (const node of stack.node.findAll()) {
    const element = node as Partial<{ friendlyUniqueId: string; terraformResourceType: string }>;
    if (typeof element.friendlyUniqueId !== 'string') continue;
    const kind = isResource(node) ? `resource.${element.terraformResourceType}`
      : node instanceof TerraformOutput ? 'output'
        : node instanceof TerraformVariable ? 'variable'
          : node instanceof TerraformLocal ? 'locals' : undefined;
    if (kind === undefined) continue;
    const address = `${kind}.${element.friendlyUniqueId}`;
    const first = seen.get(address);
    if (first) return { first, second: node, address };
    seen.set(address, node);
  }
  return undefined;
}
