import { TlsVersion } from '../core/tls-version';

/**
 * A SingleStore engine release line. Only lines that support certificate-authenticated users
 * (`CREATE USER … REQUIRE X509 | SUBJECT`, from 9.0) exist, so an unsupported target cannot be named.
 */
export class SingleStoreVersion {
  /** 9.0: `CREATE USER … REQUIRE X509 | SUBJECT`; no `ALTER USER` form; TLS 1.2 only. */
  public static readonly V9_0 = new SingleStoreVersion(9, 0);
  /** 9.1: adds `ALTER USER … REQUIRE X509 | SUBJECT`. */
  public static readonly V9_1 = new SingleStoreVersion(9, 1);
  /** 10.0: adds TLS 1.3 (`tls_version` `TLSv1.2,TLSv1.3`); TLS 1.0 and 1.1 are gone. */
  public static readonly V10_0 = new SingleStoreVersion(10, 0);

  private constructor(public readonly major: number, public readonly minor: number) {}

  /** True when this release is `other` or newer. */
  public atLeast(other: SingleStoreVersion): boolean {
    return this.major > other.major || (this.major === other.major && this.minor >= other.minor);
  }

  /** Whether `ALTER USER` accepts `REQUIRE X509` and `REQUIRE SUBJECT`. */
  public get supportsAlterUserRequire(): boolean {
    return this.atLeast(SingleStoreVersion.V9_1);
  }

  /** Whether the engine can negotiate TLS 1.3. */
  public get supportsTls13(): boolean {
    return this.atLeast(SingleStoreVersion.V10_0);
  }

  /** `9.0`, `9.1`, `10.0`. */
  public toString(): string {
    return `${this.major}.${this.minor}`;
  }
}

/** The value of the engine variable `tls_version`: which TLS versions the server accepts. */
export enum SingleStoreTlsVersions {
  /** TLS 1.2 only: the strongest setting before 10.0. */
  TLS1_2 = 'TLSv1.2',
  /** TLS 1.2 and 1.3, the client picks the highest it supports (10.0 and later). */
  TLS1_2_AND_1_3 = 'TLSv1.2,TLSv1.3',
  /** TLS 1.3 only (10.0 and later); clients without TLS 1.3 cannot connect. */
  TLS1_3 = 'TLSv1.3',
  /**
   * TLS 1.0 to 1.2, for legacy clients on releases before 10.0 (which dropped 1.0 and 1.1).
   * Deprecated protocols: policy rule TLSF004 fails synth unless waived.
   */
  LEGACY_TLS1_0_TO_1_2 = 'TLSv1,TLSv1.1,TLSv1.2',
}

/** The protocol versions a `tls_version` value accepts, lowest first. */
export function singleStoreTlsVersionList(v: SingleStoreTlsVersions): TlsVersion[] {
  switch (v) {
    case SingleStoreTlsVersions.TLS1_2: return ['TLSv1.2'];
    case SingleStoreTlsVersions.TLS1_2_AND_1_3: return ['TLSv1.2', 'TLSv1.3'];
    case SingleStoreTlsVersions.TLS1_3: return ['TLSv1.3'];
    case SingleStoreTlsVersions.LEGACY_TLS1_0_TO_1_2: return ['TLSv1.0', 'TLSv1.1', 'TLSv1.2'];
  }
}

/** The secure default for `version`: the newest protocols it supports, never TLS 1.0/1.1. */
export function defaultTlsVersions(version: SingleStoreVersion): SingleStoreTlsVersions {
  return version.supportsTls13 ? SingleStoreTlsVersions.TLS1_2_AND_1_3 : SingleStoreTlsVersions.TLS1_2;
}
