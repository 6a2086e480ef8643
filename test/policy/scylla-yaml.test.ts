// The policy reads tlsfleet's own scylla.yaml without the yaml library (plan/scylla-yaml.ts): the
// narrow grammar it accepts must give exactly the library's object, and everything else must go
// to the library. Compared on what tlsfleet writes and on generated texts built to hit YAML's corners.
import fc from 'fast-check';
import { CqlTlsVersions, InternodeEncryption, InternodeRolloutStep, InternodeTlsVersions } from '../../constructs';
import { readScyllaYaml, readSubset, readWithLibrary } from '../../constructs/policy/plan/scylla-yaml';
import { resolveInternode } from '../../constructs/scylla/internode';
import { renderScyllaYaml } from '../../constructs/scylla/scylla-config';
import { newStack } from '../helpers/synth';

/**
 * Same keys in the same order, same values, same prototypes. Compared by hand: jest's equality reads
 * an object's `constructor`, which a scylla.yaml key can be.
 */
function expectSame(actual: unknown, expected: unknown, at = '(root)'): void {
  if (actual === null || expected === null || typeof actual !== 'object' || typeof expected !== 'object') {
    if (!Object.is(actual, expected)) throw new Error(`at ${at}: ${String(actual)} (${typeof actual}) is not ${String(expected)} (${typeof expected})`);
    return;
  }
  if (Object.getPrototypeOf(actual) !== Object.getPrototypeOf(expected)) throw new Error(`at ${at}: different prototypes`);
  if (Array.isArray(actual) !== Array.isArray(expected)) throw new Error(`at ${at}: a list and a map`);
  const keys = Object.keys(actual);
  expect(keys).toEqual(Object.keys(expected));
  for (const k of keys) expectSame((actual as Record<string, unknown>)[k], (expected as Record<string, unknown>)[k], `${at}.${k}`);
}

describe('tlsfleet\'s own scylla.yaml', () => {
  const stack = newStack();
  const texts: string[] = [];
  for (const tlsVersions of Object.values(CqlTlsVersions)) {
    for (const insecureEnablePlaintext of [false, true]) {
      for (const insecureDisableClientAuth of [false, true]) {
        for (const encryption of Object.values(InternodeEncryption)) {
          for (const internodeTls of Object.values(InternodeTlsVersions)) {
            const cql = { tlsVersions, insecureEnablePlaintext, insecureDisableClientAuth };
            texts.push(renderScyllaYaml(cql, {}, resolveInternode(stack, 'internode', { encryption, tlsVersions: internodeTls })));
          }
        }
        for (const [deployed, target] of [[InternodeRolloutStep.PLAINTEXT, InternodeRolloutStep.CERTIFICATES], [InternodeRolloutStep.CERTIFICATES, InternodeRolloutStep.TRANSITIONAL], [InternodeRolloutStep.TRANSITIONAL, InternodeRolloutStep.ENFORCED]] as const) {
          texts.push(renderScyllaYaml({ tlsVersions, insecureEnablePlaintext, insecureDisableClientAuth }, {}, resolveInternode(stack, 'internode', { rollout: { deployed, target } })));
        }
      }
    }
  }

  test.each(texts.map((t, i) => [i, t]))('text %i is read without the library, as the library reads it', (_i, text) => {
    const fast = readSubset(text);
    expect(fast).toBeDefined();
    expectSame(fast, readWithLibrary(text));
    expectSame(readScyllaYaml(text), readWithLibrary(text));
  });

  test('additional settings (written by the library) read the same either way', () => {
    const cql = { tlsVersions: CqlTlsVersions.TLS1_3, insecureEnablePlaintext: false, insecureDisableClientAuth: false };
    const value = fc.oneof(fc.string(), fc.integer(), fc.double({ noNaN: true, noDefaultInfinity: true }), fc.boolean(),
      fc.constantFrom('true', 'True', 'null', '~', '0x1F', '1e3', '.inf', '012', 'a: b', 'a #b', 'x:', 'on', 'yes', ''));
    const key = fc.stringMatching(/^[a-z][a-z0-9_]{0,12}$/);
    fc.assert(fc.property(fc.dictionary(key, fc.oneof(value, fc.dictionary(key, value, { maxKeys: 3 })), { maxKeys: 4 }), (additional) => {
      const text = renderScyllaYaml(cql, additional);
      expectSame(readScyllaYaml(text), readWithLibrary(text));
      const fast = readSubset(text);
      if (fast !== undefined) expectSame(fast, readWithLibrary(text));
    }), { numRuns: 300 });
  });
});

describe('generated texts', () => {
  // Keys and values the grammar accepts, often, and ones it must leave to the library.
  const keys = fc.oneof({ weight: 4, arbitrary: fc.constantFrom('a', 'b', 'authenticator', 'client_encryption_options', 'enabled', 'constructor', 'x1', '_k') },
    { weight: 1, arbitrary: fc.constantFrom('true', 'null', 'false', '__proto__', 'A', 'a-b', 'a.b', '1a', 'k k', 'True', '~', '"a"', 'a#') });
  const goodValues = fc.constantFrom('x', 'PasswordAuthenticator', '/var/run/x/tls.crt', 'SECURE128:-VERS-ALL:+VERS-TLS1.3', 'a:b', 'a::b', 'a:-b',
    '0', '7', '9142', '123456789', 'true', 'false', 'a/b.c_d+e-f', 'e5', 'E5', 'Infinity', 'NaN', 'yes', 'no', 'on', 'off', 'y', '/', '//');
  const values = fc.oneof({ weight: 3, arbitrary: goodValues }, { weight: 1, arbitrary: fc.constantFrom(
    'a:', ':a', 'a: b', 'a #b', 'a#b', '012', '-1', '+1', '1.5', '1e3', '0x1F', '0o17', '.inf', '.nan', '1234567890', '99999999999999999999',
    'True', 'FALSE', 'null', 'Null', 'NULL', '~',
    "'q'", '"q"', '|', '>', '&a x', '*a', '!!str x', '- x', '[a]', '{a: 1}', '? x', '@x', '`x', '%x', 'x ', ' x', 'x\ty', 'é', 'a,b', 'a=b',
    '', 'x\r', '---', '...') });
  const line = fc.tuple(fc.constantFrom('', '', '', '  ', '  ', ' ', '   ', '    ', '\t'), keys, fc.constantFrom(': ', ': ', ':', ' : ', ':  ', ':\t'), values)
    .map(([indent, k, sep, v]) => `${indent}${k}${sep}${v}`);
  const opener = fc.tuple(fc.constantFrom('', '', '  '), keys, fc.constantFrom(':', ':', ': ', ': # c')).map(([i, k, s]) => `${i}${k}${s}`);
  const text = fc.tuple(fc.array(fc.oneof({ weight: 5, arbitrary: line }, { weight: 2, arbitrary: opener }, { weight: 1, arbitrary: fc.constantFrom('', '# c', '---', '  ', '...') }), { minLength: 0, maxLength: 8 }),
    fc.constantFrom('\n', '\n', '\r\n', '\r'), fc.constantFrom('', '\n', '\n\n', '\r\n'))
    .map(([lines, eol, end]) => lines.join(eol) + end);

  /** Texts of the grammar's shape (top-level keys, some opening a two-space block), with any key and value. */
  const shaped = fc.array(fc.oneof(
    fc.tuple(keys, values).map(([k, v]) => `${k}: ${v}`),
    fc.tuple(keys, fc.array(fc.tuple(keys, values), { minLength: 0, maxLength: 3 })).map(([k, kids]) => [`${k}:`, ...kids.map(([c, v]) => `  ${c}: ${v}`)].join('\n')),
  ), { minLength: 1, maxLength: 6 }).chain((parts) => fc.constantFrom('', '\n').map((end) => parts.join('\n') + end));

  test.each([
    ['texts of the grammar\'s shape', shaped, 250],
    ['texts of any shape', text, 3],
  ] as const)('%s: whatever the subset reads, the library reads the same; the rest goes to the library', (_what, texts, atLeast) => {
    let readBySubset = 0;
    fc.assert(fc.property(texts, (t) => {
      const expected = readWithLibrary(t);
      const fast = readSubset(t);
      if (fast !== undefined) {
        readBySubset++;
        expectSame(fast, expected);
      }
      expectSame(readScyllaYaml(t), expected);
    }), { numRuns: 5000 });
    // The generator reaches the subset often enough for the comparison to mean something.
    expect(readBySubset).toBeGreaterThan(atLeast);
  });

  test.each([
    ['a duplicate key', 'a: x\na: y\n'],
    ['a duplicate nested key', 'o:\n  a: x\n  a: y\n'],
    ['a key with nothing under it', 'o:\nb: x\n'],
    ['a core-schema boolean spelt in capitals', 'a: True\n'],
    ['a leading zero', 'a: 012\n'],
    ['a comment', 'a: x # c\n'],
    ['CRLF', 'a: x\r\nb: y\r\n'],
    ['a blank line', 'a: x\n\nb: y\n'],
    ['nesting two deep', 'o:\n  p:\n    a: x\n'],
  ])('%s is left to the library', (_what, t) => {
    expect(readSubset(t)).toBeUndefined();
    expectSame(readScyllaYaml(t), readWithLibrary(t));
  });

  test('a text the library refuses is refused with its reason', () => {
    expect(readScyllaYaml('a: x\na: y\n')).toMatch(/^scylla\.yaml in the ConfigMap does not parse \(.*[Uu]nique/);
  });
});
