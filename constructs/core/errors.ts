import { IConstruct } from 'constructs';

/**
 * A synth-time rejection of bad input. The message names the construct path, the field,
 * the bad value and what is allowed, so a reviewer can fix the declaration without reading code.
 */
export class TlsfleetValidationError extends Error {
  constructor(
    public readonly constructPath: string,
    public readonly field: string,
    public readonly value: unknown,
    public readonly expected: string,
  ) {
    super(`${constructPath || '(app)'}: \`${field}\` ${expected}, got ${describeValue(value)}`);
    this.name = 'TlsfleetValidationError';
  }
}

/** Throws a {@link TlsfleetValidationError} for `field` of `scope`. */
export function invalid(scope: IConstruct, field: string, value: unknown, expected: string): never {
  throw new TlsfleetValidationError(scope.node.path, field, value, expected);
}

const MAX_SHOWN = 400;
/** PEM private keys and their base64 forms: never echoed, an error message lands in CI logs. */
const KEY_MATERIAL = /-----BEGIN[A-Z ]*PRIVATE KEY-----|LS0tLS1CRUdJTi[A-Za-z0-9+/]*UFJJVkFURSBLRVkt|UFJJVkFURSBLRVkt|BFR0lOI[A-Za-z0-9+/]*QUklWQVRFIEtFWS0|UklWQVRFIEtFWS0/;

/** The bad value as a reviewer reads it: JSON where exact, NaN and Infinity by name, keys withheld, long values cut. */
export function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (typeof value === 'number') return Object.is(value, -0) ? '-0' : String(value);
  if (typeof value === 'bigint') return `${value}n`;
  if (typeof value === 'symbol' || typeof value === 'function') return `a ${typeof value}`;
  if (value !== null && typeof value === 'object' && (value as { node?: { path?: unknown } }).node?.path !== undefined) {
    return `the construct ${String((value as { node: { path: unknown } }).node.path)}`;
  }
  let text: string;
  try {
    text = JSON.stringify(value, (_k, v: unknown) => (typeof v === 'number' && !Number.isFinite(v) ? String(v) : typeof v === 'bigint' ? `${v}n` : v)) ?? String(value);
  } catch {
    text = value !== null && typeof value === 'object' ? `a ${Object.getPrototypeOf(value)?.constructor?.name ?? 'object'} (not serializable)` : String(value);
  }
  if (KEY_MATERIAL.test(text)) return 'a value holding private key material (withheld)';
  return text.length > MAX_SHOWN ? `${text.slice(0, MAX_SHOWN)}… (${text.length} characters)` : text;
}
