import { evaluate, Evaluation, TerraformJson } from './expression';
import { scanCarried } from './fast-path';

/**
 * What `value` carries, without the value itself: the resources it reads and the secrets in it. The
 * same as `evaluate(config, value)` gives for those two, cheaper where the fast path applies (it
 * then builds no copy of the value). For payloads of Kubernetes objects, which the rules read for
 * nothing else.
 */
export function carried(config: TerraformJson, value: unknown): Pick<Evaluation, 'references' | 'secrets'> {
  if (typeof value !== 'string') {
    const fast = scanCarried(config, value);
    if (fast) return fast;
  }
  const e = evaluate(config, value);
  return { references: e.references, secrets: e.secrets };
}
