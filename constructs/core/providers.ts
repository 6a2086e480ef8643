import { IConstruct } from 'constructs';
import { TerraformStack, TlsProvider } from './cdktf';

/** Stacks already known to have a tls provider without alias: searching the tree once per key is quadratic. */
const stacksWithTlsProvider = new WeakSet<TerraformStack>();

/**
 * Makes sure the stack declares the tls provider, which takes no configuration: a PKI needs
 * no setup from the caller. A provider the caller declared (without alias) is reused.
 */
export function ensureTlsProvider(scope: IConstruct): void {
  const stack = TerraformStack.of(scope);
  if (stacksWithTlsProvider.has(stack)) return;
  const declared = stack.node.findAll().some((c) => c instanceof TlsProvider && c.alias === undefined);
  if (!declared) new TlsProvider(stack, 'tls');
  stacksWithTlsProvider.add(stack);
}
