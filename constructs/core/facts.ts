import { IConstruct } from 'constructs';
import { TerraformStack } from './cdktf';
import { PolicyFact } from './facts-schema';

export * from './facts-schema';

/**
 * The fact registry. Constructs record facts here and know nothing else about the policy: the
 * policy (constructs/policy) registers itself as the one observer when it is loaded, which every
 * import of the package does (package.json `exports` allows no deep import that skips it).
 */
const registry = new WeakMap<IConstruct, PolicyFact[]>();

/** Called once per stack that holds a fact: the policy attaches its Aspect and report writer there. */
export type StackObserver = (stack: TerraformStack) => void;

let observer: StackObserver | undefined;
const observed = new WeakSet<TerraformStack>();
/** Stacks that recorded facts before an observer registered; handed over on registration, then dropped. */
let waiting: TerraformStack[] = [];

/** @internal Records `fact` about `scope` for the policy and the review report. */
export function recordFact(scope: IConstruct, fact: PolicyFact): void {
  const list = registry.get(scope);
  if (list) list.push(fact);
  else registry.set(scope, [fact]);
  observe(TerraformStack.of(scope));
}

/** @internal Marks `stack` as holding tlsfleet constructs, so the policy applies to it. */
export function observe(stack: TerraformStack): void {
  if (observed.has(stack)) return;
  observed.add(stack);
  // Fail closed: a stack with tlsfleet facts does not synthesize unless the policy attached to it.
  stack.node.addValidation({ validate: () => (observer ? [] : [POLICY_NOT_LOADED]) });
  if (observer) observer(stack);
  else waiting.push(stack);
}

/** @internal The policy registers itself here; there is one policy. */
export function registerStackObserver(fn: StackObserver): void {
  if (observer && observer !== fn) throw new Error('tlsfleet: a second policy registered; load one copy of tlsfleet per app');
  observer = fn;
  const pending = waiting;
  waiting = [];
  pending.forEach(fn);
}

/** @internal The facts recorded about `scope` itself. */
export function factsOf(scope: IConstruct): readonly PolicyFact[] {
  return registry.get(scope) ?? [];
}

const POLICY_NOT_LOADED = 'tlsfleet: this stack holds tlsfleet constructs but the tlsfleet policy was not loaded, '
  + 'so no review report can be written. Import from "tlsfleet" (the package root), not from a file inside it.';
