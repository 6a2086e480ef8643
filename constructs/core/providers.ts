import { IConstruct } from 'constructs';
import { Aspects, IAspect, TerraformStack, TlsProvider } from './cdktf';

/** Stacks already known to have a tls provider without alias: searching the tree once per key is quadratic. */
const stacksWithTlsProvider = new WeakSet<TerraformStack>();
/** The construct id of the provider tlsfleet adds; not `tls`, which a user's own `new TlsProvider(stack, 'tls')` takes. */
const IMPLICIT_TLS_PROVIDER_ID = 'tlsfleet-tls-provider';

/**
 * Makes sure the stack declares the tls provider, which takes no configuration: a PKI needs
 * no setup from the caller. A provider the caller declared (without alias) is reused, also when
 * it is declared after the first tlsfleet construct: the implicit one then leaves at synth.
 */
export function ensureTlsProvider(scope: IConstruct): void {
  const stack = TerraformStack.of(scope);
  if (stacksWithTlsProvider.has(stack)) return;
  stacksWithTlsProvider.add(stack);
  const declared = stack.node.findAll().some((c) => c instanceof TlsProvider && c.alias === undefined);
  if (declared) return;
  new TlsProvider(stack, IMPLICIT_TLS_PROVIDER_ID);
  Aspects.of(stack).add(new DropImplicitTlsProvider(stack));
}

class DropImplicitTlsProvider implements IAspect {
  constructor(private readonly stack: TerraformStack) {}

  public visit(node: IConstruct): void {
    if (node !== this.stack) return;
    const own = this.stack.node.tryFindChild(IMPLICIT_TLS_PROVIDER_ID);
    const other = this.stack.node.findAll().some((c) => c instanceof TlsProvider && c.alias === undefined && c !== own);
    if (own && other) this.stack.node.tryRemoveChild(IMPLICIT_TLS_PROVIDER_ID);
  }
}
