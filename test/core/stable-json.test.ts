import { createRequire } from 'node:module';
import * as fc from 'fast-check';
import { App } from 'cdktf';
import { stableJson } from '../../constructs/core/stable-json';
import { ReferenceStack } from '../../examples/reference/stack';

/** json-stable-stringify exactly as cdktf 0.21 loads and calls it to write cdk.tf.json. */
const reference = createRequire(require.resolve('cdktf'))('json-stable-stringify') as (v: unknown, o: { space: number }) => string;
const cdktfWrites = (v: unknown): string => reference(v, { space: 2 });

const key = fc.oneof(
  fc.string(),
  fc.constantFrom('__proto__', 'constructor', 'toString', '0', '1', '10', '9', '01', '-1', '1.5', '', ' ', '"', '\\', '\n', 'é', '\u0000', '${a}', 'a.b'),
);
const leaf = fc.oneof(
  fc.string(), fc.integer(), fc.double(), fc.boolean(), fc.constant(null), fc.constant(undefined),
  fc.constantFrom(NaN, Infinity, -0, '', '[]', '{}', '"\\u0000tlsfleet-empty-list-x"', '\u0000tlsfleet-empty-map-'),
);
const value = fc.letrec((tie) => ({
  node: fc.oneof({ depthSize: 'small' }, leaf, tie('list'), tie('map')),
  list: fc.array(tie('node'), { maxLength: 5 }),
  map: fc.dictionary(key, tie('node'), { maxKeys: 5 }),
})).node;

describe('stableJson writes exactly what json-stable-stringify writes for cdk.tf.json', () => {
  test('generated values: lists, maps, empties, undefined, odd keys and numbers', () => {
    fc.assert(fc.property(value, (v) => {
      expect(stableJson(v)).toBe(cdktfWrites(v));
    }), { numRuns: 3000 });
  });

  test.each([
    ['an empty map', {}],
    ['an empty list', []],
    ['nested empties', { a: [], b: {}, c: [[], {}, [[]]], d: { e: { f: [] } } }],
    ['a map whose values are all dropped', { a: undefined, b: () => 1 }],
    ['index-like keys, which engines list first', { b: 1, 10: 2, 9: 3, a: { 2: [], 1: {} } }],
    ['a __proto__ key', JSON.parse('{"__proto__": {"x": 1}, "a": []}')],
    ['toJSON', { d: new Date(0), t: { toJSON: () => undefined }, u: { toJSON: () => ({}) } }],
    ['the stand-in text itself', { a: '\u0000tlsfleet-empty-list-', b: [], c: '"\\u0000tlsfleet-empty-map-"' }],
  ])('%s', (_name, v) => {
    expect(stableJson(v)).toBe(cdktfWrites(v));
  });

  test('a circular value is refused, as cdktf refuses it', () => {
    const a: Record<string, unknown> = { x: 1 };
    a.self = a;
    expect(() => cdktfWrites(a)).toThrow(TypeError);
    expect(() => stableJson(a)).toThrow(TypeError);
  });

  test('the reference app\'s whole plan', () => {
    const config = new ReferenceStack(new App({ outdir: '/tmp/tlsfleet-stable-json' }), 'reference').toTerraform();
    const text = stableJson(config);
    expect(text).toBe(cdktfWrites(config));
    // The plan has empty lists and maps, so the stand-in path was taken, not only the plain one.
    expect(text).toMatch(/[[{]\n *[\]}]/);
  });
});
