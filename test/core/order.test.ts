import { compareCodeUnits, sortedByKey } from '../../constructs/core/order';

// sortedByKey replaces comparator sorts of a fleet's report entries: it must give exactly what
// the stable comparator sort gives, on keys that differ only where code-unit and other orders disagree.

/** A deterministic pseudo-random sequence (no flaky inputs). */
function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => ((s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32);
}

const ALPHABET = ['a', 'B', 'b', 'Z', '0', '/', '-', '_', 'é', 'É', '\u0000', '\uffff', '\ud83d\ude00', '\ud83d', 'ß', ' '];

function key(next: () => number): string {
  const n = Math.floor(next() * 5);
  let s = '';
  for (let i = 0; i < n; i++) s += ALPHABET[Math.floor(next() * ALPHABET.length)];
  return s;
}

describe('sortedByKey', () => {
  test.each([1, 2, 3, 4, 5, 6, 7, 8])('equals the stable comparator sort (seed %i)', (seed) => {
    const next = random(seed);
    // Few distinct keys among many items: duplicates must keep their order.
    const items = Array.from({ length: 400 }, (_, i) => ({ k: key(next), i }));
    const expected = [...items].sort((a, b) => compareCodeUnits(a.k, b.k));
    expect(sortedByKey(items, (x) => x.k)).toEqual(expected);
  });

  test('code-unit order, not locale order', () => {
    const items = ['b', 'B', 'é', 'e', 'Z', '\ud83d\ude00', '\uffff'].map((k) => ({ k }));
    expect(sortedByKey(items, (x) => x.k).map((x) => x.k)).toEqual(['B', 'Z', 'b', 'e', 'é', '\ud83d\ude00', '\uffff']);
  });

  test('leaves its input as it was', () => {
    const items = [{ k: 'b' }, { k: 'a' }];
    sortedByKey(items, (x) => x.k);
    expect(items.map((x) => x.k)).toEqual(['b', 'a']);
  });
});
