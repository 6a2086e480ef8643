import { IConstruct } from 'constructs';
import { TerraformLocal, TerraformOutput, TerraformVariable, Token } from '../../core/cdktf';

// The one place that reads cdktf's construct tree as synth will write it: resources, their
// arguments after overrides, and tokens.

export interface ResourceLike extends IConstruct {
  readonly terraformResourceType: string;
  readonly friendlyUniqueId: string;
  readonly provider?: IConstruct;
  readonly rawOverrides?: Record<string, unknown>;
  synthesizeAttributes(): Record<string, unknown>;
}

export function isResource(node: IConstruct): node is ResourceLike {
  return typeof (node as Partial<ResourceLike>).terraformResourceType === 'string'
    && typeof (node as Partial<ResourceLike>).synthesizeAttributes === 'function';
}

/** A resource's Terraform arguments as synth writes them: its attributes with top-level overrides applied. */
export function attributesOf(r: ResourceLike): Record<string, unknown> {
  const attributes = r.synthesizeAttributes();
  const overrides = r.rawOverrides;
  return overrides && Object.keys(overrides).length > 0 ? { ...attributes, ...overrides } : attributes;
}

/** True when `value` holds an unresolved token anywhere. */
export function hasTokens(value: unknown): boolean {
  if (typeof value === 'string' || typeof value === 'number') return Token.isUnresolved(value);
  if (Array.isArray(value)) return value.some(hasTokens);
  if (value !== null && typeof value === 'object') {
    if (typeof (value as { resolve?: unknown }).resolve === 'function') return true;
    return Object.values(value).some(hasTokens);
  }
  return false;
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
