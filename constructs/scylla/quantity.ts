import { IConstruct } from 'constructs';
import { invalid } from '../core/errors';
import { isLiteral } from '../core/validate';

// The grammar of a Kubernetes resource.Quantity, as the CRD's `pattern` writes it.
const QUANTITY = /^([+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+))((?:[KMGTPE]i)|[numkMGTPE]|[eE][+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+))?$/;

const BINARY: Record<string, number> = { Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40, Pi: 2 ** 50, Ei: 2 ** 60 };
const DECIMAL: Record<string, number> = { n: 1e-9, u: 1e-6, m: 1e-3, '': 1, k: 1e3, M: 1e6, G: 1e9, T: 1e12, P: 1e15, E: 1e18 };

/**
 * The value of a Kubernetes quantity (`500m`, `16Gi`, `1e3`) as a number of base units, or
 * undefined when the string is not a quantity. Precise enough for comparisons, not for arithmetic.
 */
export function parseQuantity(quantity: string): number | undefined {
  if (typeof quantity !== 'string') return undefined;
  const m = QUANTITY.exec(quantity);
  if (!m) return undefined;
  const base = Number(m[1]);
  const suffix = m[2] ?? '';
  if (suffix in BINARY) return base * BINARY[suffix];
  if (suffix in DECIMAL) return base * DECIMAL[suffix];
  return base * 10 ** Number(suffix.slice(1)); // decimal exponent
}

/**
 * A quantity greater than zero. The operator's webhook reads limits with `Value()`, which rounds
 * up, so any positive quantity is non-zero for it. Unresolved tokens pass.
 */
export function checkPositiveQuantity(scope: IConstruct, field: string, quantity: string, example: string): void {
  if (!isLiteral(quantity)) return;
  const value = parseQuantity(quantity);
  if (value === undefined) {
    invalid(scope, field, quantity, `must be a Kubernetes quantity such as ${example} (digits with an optional suffix n u m k M G T P E Ki Mi Gi Ti Pi Ei)`);
  }
  if (!(value > 0)) invalid(scope, field, quantity, `must be greater than zero, such as ${example}`);
}

/** `request` must not exceed `limit` (Kubernetes rejects such pods); unresolved tokens pass. */
export function checkRequestWithinLimit(scope: IConstruct, field: string, request: string, limit: string): void {
  if (!isLiteral(request) || !isLiteral(limit)) return;
  const r = parseQuantity(request);
  const l = parseQuantity(limit);
  if (r !== undefined && l !== undefined && r > l) {
    invalid(scope, field, request, `must not exceed the limit (${limit}); Kubernetes rejects a request above its limit`);
  }
}
