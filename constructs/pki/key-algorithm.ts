import { Construct } from 'constructs';
import { TlsPrivateKey } from '../core/cdktf';
import { invalid } from '../core/errors';
import { ensureTlsProvider } from '../core/providers';

/** Key types the provider can generate. */
export enum KeyType {
  ECDSA = 'ECDSA',
  RSA = 'RSA',
  ED25519 = 'ED25519',
}

/** RSA key sizes the provider can generate. Below 2048 bits is weak: policy rule TLSF005 fails synth unless waived. */
export const MIN_RSA_BITS = 1024;
export const MAX_RSA_BITS = 16384;

/**
 * The algorithm of a private key. ECDSA curves are always written out: the provider's default
 * curve is P-224, which TLS 1.3 cannot use.
 */
export class KeyAlgorithm {
  /** ECDSA on NIST P-256: the tlsfleet default. */
  public static readonly ECDSA_P256 = new KeyAlgorithm(KeyType.ECDSA, 'P256');
  /** ECDSA on NIST P-384. */
  public static readonly ECDSA_P384 = new KeyAlgorithm(KeyType.ECDSA, 'P384');
  /** Ed25519 (TLS 1.3 clients and servers built on OpenSSL 1.1.1+ or GnuTLS 3.6+). */
  public static readonly ED25519 = new KeyAlgorithm(KeyType.ED25519);
  /** RSA with 2048 bits. */
  public static readonly RSA_2048 = KeyAlgorithm.rsa(2048);
  /** RSA with 3072 bits. */
  public static readonly RSA_3072 = KeyAlgorithm.rsa(3072);
  /** RSA with 4096 bits. */
  public static readonly RSA_4096 = KeyAlgorithm.rsa(4096);

  /**
   * RSA with `bits` bits (a multiple of 8 from 1024 to 16384). Below 2048 bits the policy rule
   * TLSF005 fails synth unless waived; 2048, 3072 and 4096 are the usual sizes.
   */
  public static rsa(bits: number): KeyAlgorithm {
    return new KeyAlgorithm(KeyType.RSA, undefined, bits);
  }

  private constructor(
    public readonly type: KeyType,
    public readonly ecdsaCurve?: string,
    public readonly rsaBits?: number,
  ) {}

  /** Human-readable name, for reports. */
  public toString(): string {
    switch (this.type) {
      case KeyType.ECDSA: return `ECDSA ${this.ecdsaCurve === 'P256' ? 'P-256' : 'P-384'}`;
      case KeyType.RSA: return `RSA ${this.rsaBits}`;
      case KeyType.ED25519: return 'Ed25519';
    }
  }

  /** Rejects parameters the provider cannot generate (weak but valid keys are the policy's, rule TLSF005). */
  public validate(scope: Construct, field: string): void {
    const bits: unknown = this.rsaBits;
    if (this.type === KeyType.RSA && (typeof bits !== 'number' || !Number.isInteger(bits) || bits % 8 !== 0 || bits < MIN_RSA_BITS || bits > MAX_RSA_BITS)) {
      // A number reads best with its algorithm; anything else (a string, an object) is shown as given.
      invalid(scope, field, typeof bits === 'number' ? `RSA ${Object.is(bits, -0) ? '-0' : bits}` : bits,
        `must use a whole number of bits, a multiple of 8 from ${MIN_RSA_BITS} to ${MAX_RSA_BITS}, for RSA (2048 or more passes the policy)`);
    }
  }
}

/**
 * `value` must be one of the {@link KeyAlgorithm} constants or `KeyAlgorithm.rsa(bits)` with bits
 * the provider can generate: a string such as `'RSA_2048'` or a look-alike object is refused.
 */
export function checkKeyAlgorithm(scope: Construct, field: string, value: unknown): asserts value is KeyAlgorithm {
  if (!(value instanceof KeyAlgorithm)) {
    invalid(scope, field, value, 'must be a KeyAlgorithm: KeyAlgorithm.ECDSA_P256, ECDSA_P384, ED25519, RSA_2048, RSA_3072, RSA_4096 or KeyAlgorithm.rsa(bits)');
  }
  value.validate(scope, field);
}

/** Creates the `tls_private_key` for `algorithm` with every parameter explicit. */
export function newPrivateKey(scope: Construct, id: string, algorithm: KeyAlgorithm): TlsPrivateKey {
  ensureTlsProvider(scope);
  return new TlsPrivateKey(scope, id, {
    algorithm: algorithm.type,
    ecdsaCurve: algorithm.ecdsaCurve,
    rsaBits: algorithm.rsaBits,
  });
}
