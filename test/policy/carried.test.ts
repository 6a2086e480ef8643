// carried() reads a Kubernetes payload's references and secrets in one pass (plan/fast-path.ts scanCarried);
// on values that pass neither check the full evaluator decides. Both must give what the full evaluator gives.
import { carried } from '../../constructs/policy/plan/carried';
import { evaluate, TerraformJson } from '../../constructs/policy/plan/expression';
import { fastEvaluate, scanCarried } from '../../constructs/policy/plan/fast-path';

const KEY = ['-----BEGIN PRIVATE KEY-----', 'MC4CAQAwBQYDK2VwBCIEIBm2vGm3rZyDeS1vyD1l0o8gTk9sJTJrXbN8A9H9aQx5', '-----END PRIVATE KEY-----'].join('\n');
const config = {
  resource: { tls_private_key: { k: {} }, kubernetes_secret_v1: { s: {} }, tls_self_signed_cert: { ca: {} } },
  locals: { key: '${tls_private_key.k.private_key_pem}' },
} as TerraformJson;

function expectAsFullEvaluator(value: unknown): void {
  const full = evaluate(config, value, { fastPath: false });
  expect(carried(config, value)).toEqual({ references: full.references, secrets: full.secrets });
}

class Box { constructor(readonly pem: string) {} }

describe('carried() gives what the full evaluator gives', () => {
  test.each([
    ['plain references', { a: '${tls_private_key.k.private_key_pem}', b: ['${tls_self_signed_cert.ca.cert_pem}', null, 1, true] }],
    ['references in sorted order, duplicates once', ['${tls_self_signed_cert.ca.cert_pem}', '${tls_private_key.k.private_key_pem}', '${tls_self_signed_cert.ca.cert_pem}']],
    ['a Secret\'s data read whole', { x: '${kubernetes_secret_v1.s.data}' }],
    ['a literal key', { 'tls.key': KEY }],
    ['a literal key as a map key', { [KEY]: 'x' }],
    ['a key through a local', { 'tls.key': '${local.key}' }],
    ['an undeclared resource', { a: '${tls_private_key.nope.private_key_pem}' }],
    ['a template key', { '${tls_private_key.k.private_key_pem}': 'x' }],
    ['a class instance holding a key', { a: new Box(KEY) }],
    ['a Date', { a: new Date(0) }],
    ['a function', { a: () => KEY }],
    ['absent attributes', [undefined, { a: undefined }]],
    ['nesting deeper than the fast path goes', JSON.parse(`${'['.repeat(40)}"\${tls_private_key.k.private_key_pem}"${']'.repeat(40)}`)],
  ])('%s', (_what, value) => expectAsFullEvaluator(value));

  test('a literal key as a map key leaves both forms of the fast path (the full evaluator finds it)', () => {
    expect(scanCarried(config, { [KEY]: 'x' })).toBeUndefined();
    expect(fastEvaluate(config, { [KEY]: 'x' })).toBeUndefined();
    expect(carried(config, { [KEY]: 'x' }).secrets).toEqual(['a literal private key']);
  });

  test('with something enumerable on Object.prototype, the scan steps aside and the answer is unchanged', () => {
    const value = { a: '${tls_self_signed_cert.ca.cert_pem}' };
    expect(scanCarried(config, value)).toBeDefined();
    Object.defineProperty(Object.prototype, 'polluted', { value: '${tls_private_key.k.private_key_pem}', enumerable: true, configurable: true });
    try {
      expect(scanCarried(config, value)).toBeUndefined();
      expectAsFullEvaluator(value);
    } finally {
      delete (Object.prototype as Record<string, unknown>).polluted;
    }
    expect(scanCarried(config, value)).toBeDefined();
  });
});
