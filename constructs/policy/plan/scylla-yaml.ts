/**
 * scylla.yaml as the policy reads it: the object the `yaml` library gives (YAML 1.2, core schema,
 * unique keys), or why the text does not parse.
 *
 * tlsfleet writes scylla.yaml as a block mapping of `key: value` lines, one level of nesting, plain
 * scalars. A text made only of such lines is read here without the library, which costs about
 * 60 ms to load and run once per process: every line must fit a grammar narrow enough that the
 * library reads it the same way (test/policy/scylla-yaml.test.ts compares both on generated texts
 * and on what tlsfleet writes). Any other text, hand-written or overridden, goes to the library.
 */

/** A key the library reads as the same string: no scalar of another type, no `__proto__`. */
const KEY = /^[a-z_][a-z0-9_]*$/;
const NOT_STRING_KEYS = new Set(['null', 'true', 'false', '__proto__']);
/**
 * A plain scalar the core schema resolves to a string: starts with a letter or `/`, no space, no
 * `#`, no flow or quoting indicators, `:` only inside (so never `: ` or a trailing `:`).
 */
const PLAIN_STRING = /^[A-Za-z/][A-Za-z0-9/._+-]*(?::[A-Za-z0-9/._+-]+)*$/;
/** The core schema's null and booleans among those: not strings. */
const NOT_STRINGS = new Set(['null', 'Null', 'NULL', 'true', 'True', 'TRUE', 'false', 'False', 'FALSE']);
/** A decimal integer the library reads exactly (no sign, no leading zero, well below 2^53). */
const INTEGER = /^(?:0|[1-9][0-9]{0,8})$/;
const LINE = /^( {2})?([a-z_][a-z0-9_]*):(?: ([^ ].*))?$/;

/** A fleet renders the same scylla.yaml many times: read each text once. */
const read = new Map<string, Record<string, unknown> | string>();

export function readScyllaYaml(text: string): Record<string, unknown> | string {
  let result = read.get(text);
  if (result !== undefined) return result;
  result = readSubset(text) ?? readWithLibrary(text);
  if (read.size < 1000) read.set(text, result);
  return result;
}

/** @internal What the library reads (the reference the subset is tested against). */
export function readWithLibrary(text: string): Record<string, unknown> | string {
  try {
    // Loaded here, not at import: most plans never need it.
    const parsed = (require('yaml') as typeof import('yaml')).parse(text, { uniqueKeys: true }) as unknown;
    return parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed) ? parsed as Record<string, unknown> : {};
  } catch (e) {
    // Duplicate keys included: which one ScyllaDB reads is not for the policy to guess.
    return `scylla.yaml in the ConfigMap does not parse (${(e as Error).message.split('\n')[0]})`;
  }
}

/** @internal The object for a text of the narrow grammar, or undefined for any other text. */
export function readSubset(text: string): Record<string, unknown> | undefined {
  const lines = text.split('\n');
  // One final line break at most; no blank lines, no CR (a CR ends a line in YAML).
  if (lines[lines.length - 1] === '') lines.pop();
  if (lines.length === 0 || text.includes('\r')) return undefined;
  const top: Record<string, unknown> = {};
  /** The mapping a `key:` line opened, until a line at the top level. */
  let nested: Record<string, unknown> | undefined;
  let nestedEmpty = false;
  for (const line of lines) {
    const m = LINE.exec(line);
    if (!m) return undefined;
    const [, indent, key, raw] = m;
    if (!KEY.test(key!) || NOT_STRING_KEYS.has(key!)) return undefined;
    if (indent) {
      if (!nested || raw === undefined) return undefined;
      if (Object.prototype.hasOwnProperty.call(nested, key!)) return undefined;
      nested[key!] = scalar(raw);
      if (nested[key!] === undefined) return undefined;
      nestedEmpty = false;
      continue;
    }
    // A `key:` with nothing under it is null to the library: not this grammar.
    if (nested && nestedEmpty) return undefined;
    if (Object.prototype.hasOwnProperty.call(top, key!)) return undefined;
    if (raw === undefined) {
      nested = {};
      nestedEmpty = true;
      top[key!] = nested;
      continue;
    }
    nested = undefined;
    const value = scalar(raw);
    if (value === undefined) return undefined;
    top[key!] = value;
  }
  if (nested && nestedEmpty) return undefined;
  return top;
}

function scalar(raw: string): string | number | boolean | undefined {
  if (raw === 'true') return true;
  if (raw === 'false') return false;
  if (INTEGER.test(raw)) return Number(raw);
  if (PLAIN_STRING.test(raw) && !NOT_STRINGS.has(raw)) return raw;
  return undefined;
}
