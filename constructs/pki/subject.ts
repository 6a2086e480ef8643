import { IConstruct } from 'constructs';
import { CertRequestSubject } from '../core/cdktf';
import { invalid } from '../core/errors';
import { checkProps } from '../core/props';
import { checkText, isLiteral } from '../core/validate';

/**
 * The subject of a certificate. Empty strings count as absent: the provider would otherwise
 * write an empty attribute (`/C=`), which no database user definition expects.
 */
export interface DistinguishedName {
  /** CN: 1 to 64 characters. */
  readonly commonName: string;
  /** O. @default - none */
  readonly organization?: string;
  /** OU. @default - none */
  readonly organizationalUnit?: string;
  /** C: two upper-case letters (ISO 3166-1 alpha-2). @default - none */
  readonly country?: string;
  /** ST. @default - none */
  readonly province?: string;
  /** L. @default - none */
  readonly locality?: string;
  /** street. @default - none */
  readonly streetAddress?: string;
  /** postalCode. @default - none */
  readonly postalCode?: string;
  /** serialNumber (the subject attribute, not the certificate serial). @default - none */
  readonly serialNumber?: string;
}

type Field = keyof DistinguishedName;

interface Attribute {
  readonly field: Field;
  /** OpenSSL short name, as printed in oneline form. */
  readonly shortName: string;
  /** Upper bound in characters (RFC 5280 / X.520). */
  readonly maxLength: number;
}

/**
 * The order in which Go's `pkix.Name` (and so the Terraform tls provider) writes a subject,
 * whatever order the configuration lists the fields in.
 */
export const SUBJECT_ORDER: readonly Attribute[] = [
  { field: 'country', shortName: 'C', maxLength: 2 },
  { field: 'province', shortName: 'ST', maxLength: 128 },
  { field: 'locality', shortName: 'L', maxLength: 128 },
  { field: 'streetAddress', shortName: 'street', maxLength: 128 },
  { field: 'postalCode', shortName: 'postalCode', maxLength: 40 },
  { field: 'organization', shortName: 'O', maxLength: 64 },
  { field: 'organizationalUnit', shortName: 'OU', maxLength: 64 },
  { field: 'commonName', shortName: 'CN', maxLength: 64 },
  { field: 'serialNumber', shortName: 'serialNumber', maxLength: 64 },
];

const FIELDS: readonly string[] = SUBJECT_ORDER.map((a) => a.field);
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** The subject's attributes that are present, in certificate order. */
function present(subject: DistinguishedName): Array<{ attr: Attribute; value: string }> {
  return SUBJECT_ORDER
    .map((attr) => ({ attr, value: subject[attr.field] }))
    .filter((e): e is { attr: Attribute; value: string } => e.value !== undefined && e.value !== '');
}

/**
 * Rejects a subject that cannot be issued, or whose oneline form would be ambiguous.
 * `field` is the prop path used in messages (for example `subject`).
 */
export function validateSubject(scope: IConstruct, field: string, subject: DistinguishedName): void {
  // An unknown key (`commonname`, `organisation`) is named first: it is why a field looks missing.
  checkProps(scope, field, subject, FIELDS, `an object { commonName, ${FIELDS.filter((f) => f !== 'commonName').map((f) => `${f}?`).join(', ')} }`);
  for (const attr of SUBJECT_ORDER) {
    const value: unknown = subject[attr.field];
    const path = `${field}.${attr.field}`;
    if (attr.field === 'commonName' && (value === undefined || value === '')) {
      invalid(scope, path, value, 'must be a non-empty string of at most 64 characters');
    }
    if (value === undefined || value === '') continue;
    if (typeof value !== 'string') invalid(scope, path, value, 'must be a string');
    if (!isLiteral(value)) {
      invalid(scope, path, value, 'must be a literal string known at synth time (the exact subject is computed at synth); Terraform references are not allowed');
    }
    const length = [...value].length;
    if (length > attr.maxLength) invalid(scope, path, value, `must be at most ${attr.maxLength} characters (has ${length})`);
    // Control characters are invisible in reviews and mangled by tools that print subjects; templates Terraform would evaluate.
    checkText(scope, path, value, { what: 'text without control characters', max: utf16Allowance(value, attr.maxLength) });
    if (LONE_SURROGATE.test(value)) invalid(scope, path, value, 'must be valid Unicode (it contains a lone surrogate)');
    if (value.includes('\\')) {
      invalid(scope, path, value, 'must not contain a backslash: OpenSSL\'s oneline form does not escape it, so REQUIRE SUBJECT matching would be ambiguous');
    }
    if (attr.field === 'country' && !/^[A-Z]{2}$/.test(value)) {
      invalid(scope, path, value, 'must be two upper-case letters (ISO 3166-1 alpha-2, for example "DE")');
    }
  }
}

/**
 * The UTF-16 length that `maxCodePoints` code points of `value` take: limits here count characters
 * (code points), core's checkText counts UTF-16 units, so a value within its limit never fails on length there.
 */
export function utf16Allowance(value: string, maxCodePoints: number): number {
  return maxCodePoints + (value.length - [...value].length);
}

/**
 * The exact string OpenSSL's `X509_NAME_oneline()` prints for the subject the provider will
 * write: what MySQL, MariaDB and SingleStore compare `REQUIRE SUBJECT` against with strcmp.
 */
export function subjectOneline(subject: DistinguishedName): string {
  return present(subject).map(({ attr, value }) => `/${attr.shortName}=${escapeOnelineValue(value)}`).join('');
}

/** Escapes one attribute value the way OpenSSL 3 oneline does: per UTF-8 byte. */
export function escapeOnelineValue(value: string): string {
  let out = '';
  for (const byte of Buffer.from(value, 'utf8')) {
    if (byte < 0x20 || byte > 0x7e) out += `\\x${byte.toString(16).toUpperCase().padStart(2, '0')}`;
    else if (byte === 0x2f) out += '\\/';
    else if (byte === 0x2b) out += '\\+';
    else out += String.fromCharCode(byte);
  }
  return out;
}

/** The provider's `subject` block, with absent and empty fields left out. */
export function toProviderSubject(subject: DistinguishedName): CertRequestSubject {
  const out: Record<string, string | string[]> = {};
  for (const { attr, value } of present(subject)) {
    out[attr.field] = attr.field === 'streetAddress' ? [value] : value;
  }
  return out as CertRequestSubject;
}
