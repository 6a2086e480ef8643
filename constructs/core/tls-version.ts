/** TLS protocol versions, in order. Domain vocabulary shared by the listeners and the policy. */
export const TLS_VERSIONS = ['TLSv1.0', 'TLSv1.1', 'TLSv1.2', 'TLSv1.3'] as const;
export type TlsVersion = typeof TLS_VERSIONS[number];

/** The position of `v` in {@link TLS_VERSIONS}: higher is newer. */
export function tlsVersionRank(v: TlsVersion): number {
  return TLS_VERSIONS.indexOf(v);
}
