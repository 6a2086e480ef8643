import { IConstruct } from 'constructs';
import { TerraformStack, TlsProvider } from './cdktf';

/**
 * Makes sure the stack declares the tls provider, which takes no configuration: a PKI needs
 * no setup from the caller. A provider the caller declared (without alias) is reused.
 */
export function ensureTlsProvider(scope: IConstruct): void {
  const stack = TerraformStack.of(scope);
  const declared = stack.node.findAll().some((c) => c instanceof TlsProvider && c.alias === undefined);
  if (!declared) new TlsProvider(stack, 'tls');
}
