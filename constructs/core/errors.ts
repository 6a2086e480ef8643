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
    super(`${constructPath}: \`${field}\` ${expected}, got ${describeValue(value)}`);
    this.name = 'TlsfleetValidationError';
  }
}

/** Throws a {@link TlsfleetValidationError} for `field` of `scope`. */
export function invalid(scope: IConstruct, field: string, value: unknown, expected: string): never {
  throw new TlsfleetValidationError(scope.node.path, field, value, expected);
}

function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  const json = JSON.stringify(value);
  return json === undefined ? String(value) : json;
}
