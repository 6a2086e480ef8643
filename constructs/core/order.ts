/** Code-unit order: the same on every machine and locale, unlike localeCompare (synth output must be byte-identical). */
export function compareCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
