import { TlsVersion } from '../core/tls-version';

/** TLS protocol versions CQL accepts, as the GnuTLS priority string ScyllaDB reads. */
export enum CqlTlsVersions {
  /** TLS 1.3 only: what ScyllaDB Cloud serves. */
  TLS1_3 = 'SECURE128:-VERS-ALL:+VERS-TLS1.3',
  /** TLS 1.2 and 1.3, for older drivers (ScyllaDB's documented example). */
  TLS1_2_AND_1_3 = 'SECURE128:+SECURE192:-VERS-ALL:+VERS-TLS1.2:+VERS-TLS1.3',
}

/** TLS protocol versions between nodes: the same GnuTLS priority strings as for CQL. */
export enum InternodeTlsVersions {
  /** TLS 1.3 only. */
  TLS1_3 = CqlTlsVersions.TLS1_3,
  /** TLS 1.2 and 1.3. */
  TLS1_2_AND_1_3 = CqlTlsVersions.TLS1_2_AND_1_3,
}

/** The protocol versions a priority string accepts, lowest first. */
export function tlsVersionList(v: CqlTlsVersions | InternodeTlsVersions): TlsVersion[] {
  return (v as string) === CqlTlsVersions.TLS1_3 ? ['TLSv1.3'] : ['TLSv1.2', 'TLSv1.3'];
}
