import { compareCodeUnits } from '../../core/order';

/** Items of base and head matched by identity, each group in code-unit order of the key (deterministic output). */
export interface Paired<T> {
  readonly added: readonly T[];
  readonly removed: readonly T[];
  readonly kept: readonly (readonly [T, T])[];
}

export function pair<T>(base: readonly T[], head: readonly T[], key: (t: T) => string): Paired<T> {
  const b = new Map(base.map((t) => [key(t), t] as const));
  const h = new Map(head.map((t) => [key(t), t] as const));
  const sorted = (m: Map<string, T>, keep: (k: string) => boolean): T[] =>
    [...m.keys()].filter(keep).sort(compareCodeUnits).map((k) => m.get(k)!);
  return {
    added: sorted(h, (k) => !b.has(k)),
    removed: sorted(b, (k) => !h.has(k)),
    kept: [...h.keys()].filter((k) => b.has(k)).sort(compareCodeUnits).map((k) => [b.get(k)!, h.get(k)!] as const),
  };
}

/** The strings only in `head`, and only in `base`, sorted. */
export function setDiff(base: readonly string[], head: readonly string[]): { added: string[]; removed: string[] } {
  const b = new Set(base);
  const h = new Set(head);
  return {
    added: [...h].filter((x) => !b.has(x)).sort(compareCodeUnits),
    removed: [...b].filter((x) => !h.has(x)).sort(compareCodeUnits),
  };
}
