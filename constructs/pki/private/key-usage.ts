/**
 * The keyUsage extension (RFC 5280 4.2.1.3) of a DER certificate. Node's `X509Certificate.keyUsage`
 * is the *extended* key usage, and its `ca` is OpenSSL's X509_check_ca, which is false both for
 * CA:FALSE and for CA:TRUE without keyCertSign; so both extensions are read from the DER here:
 * enough of a DER walker to reach `tbsCertificate.extensions`, nothing more.
 */

/** The keyUsage bits, in bit order. */
export const KEY_USAGE_BITS = [
  'digitalSignature', 'nonRepudiation', 'keyEncipherment', 'dataEncipherment', 'keyAgreement',
  'keyCertSign', 'cRLSign', 'encipherOnly', 'decipherOnly',
] as const;
export type KeyUsageBit = typeof KEY_USAGE_BITS[number];

/** id-ce-keyUsage, 2.5.29.15, and id-ce-basicConstraints, 2.5.29.19, as DER OID content bytes. */
const KEY_USAGE_OID = [0x55, 0x1d, 0x0f];
const BASIC_CONSTRAINTS_OID = [0x55, 0x1d, 0x13];

interface Tlv {
  readonly tag: number;
  /** First content byte. */
  readonly start: number;
  /** One past the last content byte. */
  readonly end: number;
}

function readTlv(der: Uint8Array, offset: number, limit: number): Tlv {
  if (offset + 2 > limit) throw new Error(`truncated DER at byte ${offset}`);
  const tag = der[offset];
  if ((tag & 0x1f) === 0x1f) throw new Error(`unsupported multi-byte DER tag at byte ${offset}`);
  let length = der[offset + 1];
  let p = offset + 2;
  if (length & 0x80) {
    const n = length & 0x7f;
    if (n === 0 || n > 4 || p + n > limit) throw new Error(`bad DER length at byte ${offset}`);
    length = 0;
    for (let i = 0; i < n; i++) length = length * 256 + der[p++];
  }
  if (p + length > limit) throw new Error(`DER element at byte ${offset} runs past its container`);
  return { tag, start: p, end: p + length };
}

function children(der: Uint8Array, parent: Tlv): Tlv[] {
  const out: Tlv[] = [];
  for (let p = parent.start; p < parent.end;) {
    const child = readTlv(der, p, parent.end);
    out.push(child);
    p = child.end;
  }
  return out;
}

function expectTag(t: Tlv | undefined, tag: number, what: string): Tlv {
  if (!t || t.tag !== tag) throw new Error(`expected ${what}`);
  return t;
}

/** The extnValue content (a DER element) of the extension `oid` of the certificate `der`, or undefined. */
function extensionValue(der: Uint8Array, oid: readonly number[]): Tlv | undefined {
  const certificate = expectTag(readTlv(der, 0, der.length), 0x30, 'a Certificate SEQUENCE');
  const tbs = expectTag(children(der, certificate)[0], 0x30, 'a tbsCertificate SEQUENCE');
  // extensions: [3] EXPLICIT SEQUENCE OF Extension, the only [3] in tbsCertificate
  const explicit = children(der, tbs).find((t) => t.tag === 0xa3);
  if (!explicit) return undefined;
  const extensions = expectTag(children(der, explicit)[0], 0x30, 'a SEQUENCE of extensions');
  for (const extension of children(der, extensions)) {
    const [id, ...rest] = children(der, expectTag(extension, 0x30, 'an Extension SEQUENCE'));
    expectTag(id, 0x06, 'an extension OID');
    const bytes = der.subarray(id.start, id.end);
    if (bytes.length !== oid.length || !oid.every((b, i) => bytes[i] === b)) continue;
    const value = expectTag(rest.find((t) => t.tag === 0x04), 0x04, 'an extnValue OCTET STRING');
    return readTlv(der, value.start, value.end);
  }
  return undefined;
}

/**
 * The keyUsage bits set in the certificate `der`, or undefined when it has no keyUsage extension
 * (then X.509 puts no limit on the key's uses). Throws on DER it cannot follow.
 */
export function readKeyUsage(der: Uint8Array): KeyUsageBit[] | undefined {
  const value = extensionValue(der, KEY_USAGE_OID);
  if (value === undefined) return undefined;
  const bits = expectTag(value, 0x03, 'the keyUsage BIT STRING');
  if (bits.end <= bits.start) throw new Error('empty keyUsage BIT STRING');
  const bytes = der.subarray(bits.start + 1, bits.end); // the first content byte counts unused bits
  return KEY_USAGE_BITS.filter((_name, i) => i >> 3 < bytes.length && (bytes[i >> 3] & (0x80 >> (i & 7))) !== 0);
}

/** Whether basicConstraints says CA:TRUE (false when the extension or its cA flag is absent). */
export function readBasicConstraintsCa(der: Uint8Array): boolean {
  const value = extensionValue(der, BASIC_CONSTRAINTS_OID);
  if (value === undefined) return false;
  const [first] = children(der, expectTag(value, 0x30, 'the basicConstraints SEQUENCE'));
  return first !== undefined && first.tag === 0x01 && first.end > first.start && der[first.start] !== 0;
}
