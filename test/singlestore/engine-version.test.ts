import { SingleStoreTlsVersions, SingleStoreVersion } from '../../constructs';
import { defaultTlsVersions } from '../../constructs/singlestore/engine-version';

describe('SingleStoreVersion', () => {
  const { V9_0, V9_1, V10_0 } = SingleStoreVersion;

  test.each([
    [V9_0, '9.0', false, false],
    [V9_1, '9.1', true, false],
    [V10_0, '10.0', true, true],
  ])('%s: ALTER USER … REQUIRE and TLS 1.3 support', (version, text, alter, tls13) => {
    expect(version.toString()).toBe(text);
    expect(version.supportsAlterUserRequire).toBe(alter);
    expect(version.supportsTls13).toBe(tls13);
  });

  test('orders releases by major, then minor', () => {
    expect(V10_0.atLeast(V9_1)).toBe(true);
    expect(V9_1.atLeast(V9_1)).toBe(true);
    expect(V9_1.atLeast(V9_0)).toBe(true);
    expect(V9_0.atLeast(V9_1)).toBe(false);
    expect(V9_1.atLeast(V10_0)).toBe(false);
  });

  test('defaults to the newest TLS versions the release supports, never below 1.2', () => {
    expect(defaultTlsVersions(V9_0)).toBe(SingleStoreTlsVersions.TLS1_2);
    expect(defaultTlsVersions(V9_1)).toBe(SingleStoreTlsVersions.TLS1_2);
    expect(defaultTlsVersions(V10_0)).toBe(SingleStoreTlsVersions.TLS1_2_AND_1_3);
    expect(Object.values(SingleStoreTlsVersions)).toEqual(['TLSv1.2', 'TLSv1.2,TLSv1.3', 'TLSv1.3', 'TLSv1,TLSv1.1,TLSv1.2']);
  });
});
