// The per-CA trust chain is skipped without being built when the edges it must have already exceed what a
// reader can follow (report/mermaid.ts caLevelEdgesAtLeast). That is exact only if the count never exceeds
// the edges byCa draws: checked on generated stacks, including duplicate CA paths and foreign issuers.
import fc from 'fast-check';
import { FindingIndex } from '../../constructs/policy/report/findings';
import { byCa } from '../../constructs/policy/report/mermaid-coarse';
import { caLevelEdgesAtLeast } from '../../constructs/policy/report/mermaid';
import { CertificateEntry, Delivery, StackReport } from '../../constructs/policy/report/model';

const CAS = ['app/CaA', 'app/CaB', 'app/CaC', 'other/CaX'];
const delivery: fc.Arbitrary<Delivery> = fc.record({
  object: fc.constantFrom('Secret' as const, 'ConfigMap' as const),
  namespace: fc.constantFrom('ns1', 'ns2', 'ns3', 'ns4', 'ns5', 'ns6'),
  name: fc.constantFrom('a', 'b'),
  kubernetes: fc.constantFrom('kubernetes', 'app/k2'),
  withPrivateKey: fc.boolean(),
});
const certificate: fc.Arbitrary<CertificateEntry> = fc.record({
  path: fc.oneof(fc.constantFrom(...CAS), fc.stringMatching(/^app\/[a-c]{1,3}$/)),
  role: fc.constantFrom('ca' as const, 'server' as const, 'client' as const, 'unmanaged' as const),
  issuer: fc.option(fc.constantFrom(...CAS, 'app/nope'), { nil: undefined }),
  renewal: fc.constant('unknown at synth'),
  deliveredTo: fc.array(delivery, { maxLength: 4 }),
});

function stack(certificates: CertificateEntry[]): StackReport {
  return {
    name: 'app', path: 'app', synthesizedFile: 'stacks/app/cdk.tf.json',
    settings: { maxLeafValidityDays: 397, minTlsVersion: 'TLSv1.2', minRsaBits: 2048 } as StackReport['settings'],
    clusters: [], certificates, waivers: [], rules: [],
  };
}

test('the count is never above the edges the per-CA diagram draws', () => {
  let tight = 0;
  fc.assert(fc.property(fc.array(certificate, { maxLength: 30 }), (certs) => {
    const st = stack(certs);
    const drawn = byCa(st, new FindingIndex([])).edgeCount;
    const bound = caLevelEdgesAtLeast(st);
    expect(bound).toBeLessThanOrEqual(drawn);
    if (bound === drawn && bound > 0) tight++;
  }), { numRuns: 3000 });
  // The bound is often exact, so it means something (a bound of 0 would pass the comparison too).
  expect(tight).toBeGreaterThan(100);
});

test('a fleet of 100 CAs with a server and a client group each is skipped; 20 CAs are not', () => {
  const fleet = (n: number): StackReport => stack(Array.from({ length: n }, (_, i) => [
    { path: `app/Ca${i}`, role: 'ca' as const, renewal: '', deliveredTo: [{ object: 'ConfigMap' as const, namespace: `t${i}`, name: 'c', kubernetes: 'kubernetes', withPrivateKey: false }] },
    { path: `app/S${i}`, role: 'server' as const, issuer: `app/Ca${i}`, renewal: '', deliveredTo: [{ object: 'Secret' as const, namespace: `s${i}`, name: 's', kubernetes: 'kubernetes', withPrivateKey: true }] },
    { path: `app/C${i}`, role: 'client' as const, issuer: `app/Ca${i}`, renewal: '', deliveredTo: [{ object: 'Secret' as const, namespace: `t${i}`, name: 'c', kubernetes: 'kubernetes', withPrivateKey: true }] },
  ]).flat());
  expect(caLevelEdgesAtLeast(fleet(100))).toBe(500);
  expect(byCa(fleet(100), new FindingIndex([])).edgeCount).toBe(500);
  expect(caLevelEdgesAtLeast(fleet(20))).toBe(100);
});
