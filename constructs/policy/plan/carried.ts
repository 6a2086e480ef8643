import { evaluate, Evaluation, TerraformJson } from './expression';
import { scanCarried } from './fast-path';

/**
 * What `value` carries, without the value itself: the resources it reads and the secrets in it. The
 * same as `evaluate(config, value)` gives for those two, cheaper where the fast path applies (it
 * then builds no copy of the value). For payloads of Kubernetes objects, which the rules read for
 * nothing else.
 */
export function carried(config: TerraformJson, value: unknown): Pick<Evaluation, 'references' | 'secrets'> {
  const { references, secrets } = carriedWithScan(config, value);
  return { references, secrets };
}

/**
 * {@link carried}, and whether the one-pass scan read the whole value: then every string in it is a
 * literal (no private key) or a plain reference to a declared resource, and every map a plain one.
 */
export function carriedWithScan(config: TerraformJson, value: unknown): Pick<Evaluation, 'references' | 'secrets'> & { readonly scanned: boolean } {
  if (typeof value !== 'string') {
    const fast = scanCarried(config, value);
    if (fast) return { references: fast.references, secrets: fast.secrets, scanned: true };
  }
  const e = evaluate(config, value);
  return { references: e.references, secrets: e.secrets, scanned: false };
}
