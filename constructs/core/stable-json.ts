// cdk.tf.json is written by cdktf 0.21 with json-stable-stringify 1.3.0 (`{ space: 2 }`): keys sorted,
// empty lists and maps written over two lines. That module builds the text in JavaScript, one
// string per value, and takes about a fifth of a large fleet's synth. This writer gives the same
// bytes from a key-sorted copy and the engine's own JSON.stringify; test/core/stable-json.test.ts
// compares the two on generated values and on whole plans. Where the copy could not keep the order
// (a key that is an array index, which engines always list first) or the text would be ambiguous,
// it hands the value to json-stable-stringify itself.
import { createRequire } from 'node:module';

type Stringify = (value: unknown, options: { space: number }) => string | undefined;

let reference: Stringify | undefined;
/** json-stable-stringify as cdktf loads it, for what the fast path does not take. */
function referenceStringify(): Stringify {
  reference ??= createRequire(require.resolve('cdktf'))('json-stable-stringify') as Stringify;
  return reference;
}

/** A key the engine would enumerate before the others whatever the insertion order. */
const INDEX_KEY = /^(?:0|[1-9]\d*)$/;

class Unordered extends Error {}

/**
 * `value` as json-stable-stringify 1.3.0 writes it with `{ space: 2 }`: keys in code-unit order,
 * two-space indentation, an empty list or map as `[` / `{`, a newline, the indentation, `]` / `}`.
 */
export function stableJson(value: unknown): string {
  // Stand-ins for empty lists and maps: strings the value cannot contain, checked below.
  const salt = Math.random().toString(36).slice(2);
  const emptyList = `\u0000tlsfleet-empty-list-${salt}`;
  const emptyMap = `\u0000tlsfleet-empty-map-${salt}`;
  let empties = 0;
  const seen = new Set<object>();
  const copy = (node: unknown): unknown => {
    if (node !== null && typeof node === 'object' && typeof (node as { toJSON?: unknown }).toJSON === 'function') {
      node = (node as { toJSON(): unknown }).toJSON();
    }
    if (node === null || typeof node !== 'object') return node;
    if (seen.has(node)) throw new TypeError('Converting circular structure to JSON');
    if (Array.isArray(node)) {
      if (node.length === 0) { empties++; return emptyList; }
      seen.add(node);
      const out = node.map(copy);
      seen.delete(node);
      return out;
    }
    const keys = Object.keys(node).sort();
    seen.add(node);
    const out: Record<string, unknown> = {};
    let written = 0;
    for (const k of keys) {
      if (INDEX_KEY.test(k)) throw new Unordered();
      const v = copy((node as Record<string, unknown>)[k]);
      // Dropped as json-stable-stringify drops them: undefined (also from toJSON), functions, symbols.
      if (v === undefined || typeof v === 'function' || typeof v === 'symbol') continue;
      written++;
      if (k === '__proto__') Object.defineProperty(out, k, { value: v, enumerable: true, writable: true, configurable: true });
      else out[k] = v;
    }
    seen.delete(node);
    if (written === 0) { empties++; return emptyMap; }
    return out;
  };
  let text: string | undefined;
  try {
    text = JSON.stringify(copy(value), null, 2);
  } catch (e) {
    if (!(e instanceof Unordered)) throw e;
    return referenceStringify()(value, { space: 2 }) as string;
  }
  if (text === undefined) return referenceStringify()(value, { space: 2 }) as string;
  if (empties === 0) return text;
  // Each stand-in is a whole JSON string at the end of its line: `<indent>"<key>": "<stand-in>"` or
  // `<indent>"<stand-in>"`. It becomes the bracket pair, the closing one at the line's indentation.
  const parts: string[] = [];
  const list = JSON.stringify(emptyList);
  const map = JSON.stringify(emptyMap);
  let from = 0;
  let replaced = 0;
  // The next of each kind, searched again only once passed: one scan of the text in all.
  let nextList = text.indexOf(list);
  let nextMap = text.indexOf(map);
  while (nextList >= 0 || nextMap >= 0) {
    const isList = nextMap < 0 || (nextList >= 0 && nextList < nextMap);
    const at = isList ? nextList : nextMap;
    const lineStart = text.lastIndexOf('\n', at) + 1;
    let indent = lineStart;
    while (text.charCodeAt(indent) === 32) indent++;
    parts.push(text.slice(from, at), isList ? '[\n' : '{\n', text.slice(lineStart, indent), isList ? ']' : '}');
    from = at + (isList ? list.length : map.length);
    replaced++;
    if (isList) nextList = text.indexOf(list, from);
    else nextMap = text.indexOf(map, from);
  }
  parts.push(text.slice(from));
  // A stand-in the value itself happened to hold would be miscounted: then trust only the reference.
  if (replaced !== empties) return referenceStringify()(value, { space: 2 }) as string;
  return parts.join('');
}
