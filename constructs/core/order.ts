/** Code-unit order: the same on every machine and locale, unlike localeCompare (synth output must be byte-identical). */
export function compareCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * `items` in code-unit order of `key`, stable (items with one key keep their order): what
 * `[...items].sort((a, b) => compareCodeUnits(key(a), key(b)))` gives, without a comparator call per comparison
 * (the keys are sorted by the built-in string order, which is code-unit order). For the thousands of
 * certificates and clusters of a fleet's report.
 */
export function sortedByKey<T>(items: readonly T[], key: (item: T) => string): T[] {
  const byKey = new Map<string, T[]>();
  for (let i = 0; i < items.length; i++) {
    const item = items[i]!;
    const k = key(item);
    const list = byKey.get(k);
    if (list) list.push(item);
    else byKey.set(k, [item]);
  }
  const keys = [...byKey.keys()].sort();
  const out: T[] = [];
  for (let i = 0; i < keys.length; i++) {
    const list = byKey.get(keys[i]!)!;
    for (let j = 0; j < list.length; j++) out.push(list[j]!);
  }
  return out;
}
