import { IConstruct, Node } from 'constructs';
// A stack-level element is the one way to add a top-level block (`moved`) that cdktf merges with its own
// (`resource.moveTo()` writes into the same list).
import { TerraformElement, TerraformStack } from './cdktf';
import { invalid } from './errors';
import { ResourceInstance } from './resource-instance';

/** The construct id of the one element per stack that writes tlsfleet's `moved` blocks. */
export const MOVED_BLOCKS_ID = 'TlsfleetMovedBlocks';

interface Move {
  readonly from: string;
  readonly to: ResourceInstance;
  /** Construct path of whoever declared the move, for the error on a second, different move of one address. */
  readonly by: string;
}

/**
 * The stack's `moved` blocks, written once, sorted by `from`: any number of constructs (client
 * sets of several clusters) add to one list, and two synths write it byte for byte alike.
 */
class MovedBlocks extends TerraformElement {
  public readonly moves = new Map<string, Move>();

  public toTerraform(): Record<string, unknown> {
    if (this.moves.size === 0) return {};
    const moved = [...this.moves.values()]
      .map((m) => ({ from: m.from, to: `${m.to.terraformResourceType}.${m.to.friendlyUniqueId}` }))
      .sort((a, b) => (a.from < b.from ? -1 : a.from > b.from ? 1 : 0));
    return { moved };
  }
}

const blocks = new WeakMap<TerraformStack, MovedBlocks>();

/**
 * Declares `moved { from = <from>, to = <instance> }` in the stack of `scope`: the resource Terraform
 * knows at `from` (a full address, `tls_private_key.Db_Orders_Certificate_Key_1A2B3C4D`) is now that
 * instance of a `for_each` block, so its state moves and nothing is replaced. The `to` address is read
 * at synth, after any logical id override. A second move of one `from` to another instance is refused
 * (Terraform would refuse it at plan time, after the review).
 */
export function addMoved(scope: IConstruct, field: string, from: string, to: ResourceInstance): void {
  const stack = TerraformStack.of(scope);
  if (TerraformStack.of(to) !== stack) invalid(scope, field, to.node.path, `must be in stack ${stack.node.path}, where the moved block is written`);
  let element = blocks.get(stack);
  if (!element) blocks.set(stack, element = new MovedBlocks(stack, MOVED_BLOCKS_ID));
  const held = element.moves.get(from);
  if (held !== undefined && held.to !== to) {
    invalid(scope, field, from, `must be moved once; ${held.by} already moves it to ${held.to.node.path}`);
  }
  element.moves.set(from, { from, to, by: scope.node.path });
}

/** The moves declared in `stack` so far, `from` to `to` addresses (for tests and the report). */
export function movesOf(stack: TerraformStack): Array<{ from: string; to: string }> {
  const element = blocks.get(stack);
  return element ? (element.toTerraform().moved as Array<{ from: string; to: string }> | undefined) ?? [] : [];
}

/**
 * The logical id `stack` gives a Terraform element at construct path `components` (below the stack),
 * without creating it: what the element had, or would have had, there. It asks the stack itself
 * (`getLogicalId`, cdktf's makeUniqueId unless the stack overrides `allocateLogicalId`), handing it a
 * node whose only content is its scopes, which is all cdktf's scheme reads.
 */
export function logicalIdAt(stack: TerraformStack, components: readonly string[]): string {
  return logicalIdsIn(stack)(components);
}

/** {@link logicalIdAt} for many paths of one stack: the stack's own scopes are read once. */
export function logicalIdsIn(stack: TerraformStack): (components: readonly string[]) => string {
  const above = stack.node.scopes;
  return (components) => stack.getLogicalId({ scopes: [...above, ...components.map((id) => ({ node: { id } }))] } as unknown as Node);
}
