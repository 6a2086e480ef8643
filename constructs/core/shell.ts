/**
 * A value as one POSIX shell word. Generated commands (kubectl contexts, namespaces) are pasted into
 * terminals: single quotes make every character literal, and a single quote inside is closed,
 * escaped and reopened.
 */
export function shellWord(value: string): string {
  return /^[A-Za-z0-9_./:=@%+,-]+$/.test(value) ? value : `'${value.replace(/'/g, `'\\''`)}'`;
}
