
// The values the expression evaluator computes with: marks, unknowns, conversions.
// A value carries its own secret marks so that indexing a partly secret map yields only what the
// chosen element carries; functions of a secret are secrets.

/** Marks a value that cannot be known before plan or apply. */
export const UNKNOWN: unique symbol = Symbol('tlsfleet.UNKNOWN');

export type Marks = readonly string[];
export const NO_MARKS: Marks = Object.freeze([]) as Marks;
export const LITERAL_KEY = 'a literal private key';
export const SENSITIVE_CALL = 'a value wrapped in sensitive()';
/** Strings longer than this are not built: a doubling chain of locals would exhaust memory. */
export const MAX_STRING_LENGTH = 4 * 1024 * 1024;
/** Values nested deeper than this are not walked, so recursion stays far from the stack limit. */
export const MAX_VALUE_DEPTH = 256;

/** Why a value is unknown; `error` when Terraform would reject it (what `try` and `can` catch). */
export class Unknown {
  constructor(readonly reasons: readonly string[], readonly error: boolean) {}
}

export type Raw = string | number | boolean | null | Unknown | readonly Val[] | ReadonlyMap<string, Val>;

/** An evaluated value; containers hold values, so knowledge and marks stay per element. */
export class Val {
  /** Marks of this value and everything inside it. */
  readonly deep: Marks;
  readonly unknown: boolean;
  readonly error: boolean;
  constructor(readonly raw: Raw, readonly marks: Marks = NO_MARKS) {
    let deep = marks;
    let unknown = false;
    let error = false;
    if (raw instanceof Unknown) {
      unknown = true;
      error = raw.error;
    } else if (Array.isArray(raw) || raw instanceof Map) {
      for (const child of (raw instanceof Map ? raw.values() : raw) as Iterable<Val>) {
        if (child.deep.length) deep = union(deep, child.deep);
        unknown ||= child.unknown;
        error ||= child.error;
      }
    }
    this.deep = deep;
    this.unknown = unknown;
    this.error = error;
  }
}

/** Thrown when an evaluation exceeds its work budget; caught where the work started. */
export class LimitError extends Error {}
/** Thrown by a function body on bad input; becomes an error value. */
export class FnError extends Error {}

export interface Budget {
  charge(units: number): void;
}

export function union(a: Marks, b: Marks): Marks {
  if (!b.length || a === b) return a;
  if (!a.length) return b;
  const out = [...new Set([...a, ...b])].sort();
  return out.length === a.length ? a : out;
}

export function unknownVal(reasons: string | readonly string[], marks: Marks = NO_MARKS, error = false): Val {
  return new Val(new Unknown(typeof reasons === 'string' ? [reasons] : reasons, error), marks);
}

export function withMarks(v: Val, marks: Marks): Val {
  const merged = union(v.marks, marks);
  return merged === v.marks ? v : new Val(v.raw, merged);
}

/** Reasons of every unknown inside the values, deduplicated, at most 20. */
export function reasonsOf(values: readonly Val[]): string[] {
  const out = new Set<string>();
  const visit = (v: Val, depth: number): void => {
    if (!v.unknown || out.size >= 20) return;
    if (v.raw instanceof Unknown) v.raw.reasons.forEach((r) => out.add(r));
    else if (depth > MAX_VALUE_DEPTH) out.add('value nested too deeply');
    else for (const c of (v.raw instanceof Map ? v.raw.values() : v.raw) as Iterable<Val>) visit(c, depth + 1);
  };
  values.forEach((v) => visit(v, 0));
  return [...out];
}

export const PEM_PRIVATE_KEY = /-----BEGIN[A-Z0-9 ]* PRIVATE KEY( BLOCK)?-----/;
// "-----BEGIN" in base64 at each of the three byte alignments, then the same for base64 of base64.
export const B64_MARKERS = ['LS0tLS1CRUdJT', '0tLS0tQkVHSU', 'tLS0tLUJFR0lO', 'TFMwdExTMUNSVWRK', 'xTMHRMUzFDUlVkS', 'MUzB0TFMxQ1JVZE'];
export const B64_CHAR = /[A-Za-z0-9+/=\r\n]/;

/** Whether `text` holds a PEM private key, directly or base64-encoded (twice at most). */
export function isSecretPem(text: string, depth = 0): boolean {
  if (text.includes('PRIVATE KEY') && PEM_PRIVATE_KEY.test(text)) return true;
  if (depth >= 2 || text.length < 40) return false;
  for (const marker of B64_MARKERS) {
    let at = text.indexOf(marker);
    for (let tries = 0; at >= 0 && tries < 8; tries++) {
      let start = at;
      let end = at + marker.length;
      // '=' only ends base64, so a run never extends backwards past one.
      while (start > 0 && text[start - 1] !== '=' && B64_CHAR.test(text[start - 1]!)) start--;
      while (end < text.length && end - start < 1 << 20 && B64_CHAR.test(text[end]!)) end++;
      const run = text.slice(start, end).replace(/[\r\n]/g, '');
      if (isSecretPem(Buffer.from(run.slice(0, run.length - (run.length % 4)), 'base64').toString('latin1'), depth + 1)) return true;
      at = text.indexOf(marker, end);
    }
  }
  return false;
}

/** A known string, marked when it holds a private key. */
export function stringVal(s: string, marks: Marks = NO_MARKS): Val {
  return new Val(s, isSecretPem(s) ? union(marks, [LITERAL_KEY]) : marks);
}

export type Plain = string | number | boolean | null | Plain[] | { [key: string]: Plain };

/** Sets a property even when the key is `__proto__`. */
export function setProp<T>(o: Record<string, T>, k: string, v: T): void {
  if (k === '__proto__') Object.defineProperty(o, k, { value: v, enumerable: true, writable: true, configurable: true });
  else o[k] = v;
}

/** A wholly known value as plain JS. */
export function unwrap(v: Val, budget: Budget, depth = 0): Plain {
  budget.charge(1);
  if (depth > MAX_VALUE_DEPTH) throw new LimitError('value nested too deeply');
  const raw = v.raw;
  if (Array.isArray(raw)) return raw.map((c: Val) => unwrap(c, budget, depth + 1));
  if (raw instanceof Map) {
    const o: Record<string, Plain> = {};
    for (const [k, c] of raw) setProp(o, k, unwrap(c, budget, depth + 1));
    return o;
  }
  if (raw instanceof Unknown) throw new FnError('value is not known');
  if (typeof raw === 'string') budget.charge(raw.length >> 6);
  return raw as Plain;
}

/** Plain JS (a variable default, decoded JSON or YAML) as a value. */
export function wrap(p: unknown, marks: Marks, budget: Budget, depth = 0): Val {
  budget.charge(1);
  if (depth > MAX_VALUE_DEPTH) throw new LimitError('value nested too deeply');
  if (p === null || p === undefined) return new Val(null, marks);
  if (typeof p === 'string') return stringVal(p, marks);
  if (typeof p === 'number' || typeof p === 'boolean') return new Val(p, marks);
  if (typeof p === 'bigint') return new Val(Number(p), marks);
  if (p instanceof Date) return new Val(p.toISOString(), marks);
  if (Array.isArray(p)) return new Val(p.map((c) => wrap(c, NO_MARKS, budget, depth + 1)), marks);
  if (typeof p === 'object') {
    const m = new Map<string, Val>();
    for (const [k, c] of Object.entries(p)) m.set(k, wrap(c, NO_MARKS, budget, depth + 1));
    return new Val(m, marks);
  }
  throw new FnError(`cannot represent a ${typeof p}`);
}

export function sortDeep(p: Plain): Plain {
  if (Array.isArray(p)) return p.map(sortDeep);
  if (p !== null && typeof p === 'object') {
    const o: Record<string, Plain> = {};
    for (const k of Object.keys(p).sort()) setProp(o, k, sortDeep(p[k]!));
    return o;
  }
  return p;
}

/** JSON as Terraform's jsonencode writes it: keys sorted, HTML characters escaped (Go's encoder). */
export function tfJson(p: Plain): string {
  return JSON.stringify(sortDeep(p)).replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** A value as evaluated: JSON-like, with `UNKNOWN` wherever it cannot be known at synth. */
export type PlanValue = string | number | boolean | null | typeof UNKNOWN | readonly PlanValue[] | { readonly [key: string]: PlanValue };

/** Whether a value holds no `UNKNOWN` anywhere. */
export function isWhollyKnown(value: PlanValue): boolean {
  if (value === UNKNOWN) return false;
  if (Array.isArray(value)) return value.every(isWhollyKnown);
  if (value !== null && typeof value === 'object') return Object.values(value).every(isWhollyKnown);
  return true;
}
