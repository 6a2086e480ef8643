import { IConstruct } from 'constructs';
import { invalid } from './errors';
import { isLiteral } from './validate';

/**
 * Runtime shape checks for props objects. TypeScript checks them at compile time only: callers
 * from JavaScript, `as any` and JSON-built props reach the constructs unchecked, and a typo such as
 * `validityHour` would otherwise silently fall back to a default.
 */

/** `value` must be a plain object (not null, an array or a class instance such as a construct). */
export function checkPlainObject(scope: IConstruct, field: string, value: unknown, what = 'an object of options'): asserts value is Record<string, unknown> {
  const expected = /\bobject\b/.test(what) ? what : `${what} (an object)`;
  if (value === null || typeof value !== 'object' || Array.isArray(value)) invalid(scope, field, value, `must be ${expected}`);
  const proto = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) invalid(scope, field, value, `must be ${expected}, not a ${proto?.constructor?.name ?? 'class instance'}`);
}

/** Rejects keys of `value` not in `allowed`, naming the closest allowed key when one is near. */
export function rejectUnknownKeys(scope: IConstruct, field: string, value: object, allowed: readonly string[]): void {
  for (const key of Object.keys(value)) {
    if (allowed.includes(key)) continue;
    const near = closest(key, allowed);
    invalid(scope, field ? `${field}.${key}` : key, (value as Record<string, unknown>)[key],
      `is not an option here${near ? ` (did you mean "${near}"?)` : ''}; the options are ${allowed.join(', ')}`);
  }
}

/** A props object: a plain object with only the listed keys. */
export function checkProps(scope: IConstruct, field: string, value: unknown, allowed: readonly string[], what?: string): asserts value is Record<string, unknown> {
  checkPlainObject(scope, field || 'props', value, what);
  rejectUnknownKeys(scope, field, value, allowed);
}

/** One of an enum's values (string enums): a typo or a plain string outside the enum fails here. */
export function checkEnum<T extends Record<string, string>>(scope: IConstruct, field: string, value: unknown, enumObject: T, enumName: string): asserts value is T[keyof T] {
  if (typeof value === 'string' && (Object.values(enumObject) as string[]).includes(value)) return;
  invalid(scope, field, value, `must be one of ${Object.keys(enumObject).map((k) => `${enumName}.${k}`).join(', ')}`);
}

/** A string, or a token (Terraform reference) when `references` is allowed. */
export function checkString(scope: IConstruct, field: string, value: unknown, what = 'a string'): asserts value is string {
  if (typeof value !== 'string') invalid(scope, field, value, `must be ${what}`);
}

/** A finite number (a token number passes: it is a Terraform reference). */
export function checkFiniteNumber(scope: IConstruct, field: string, value: unknown, what = 'a finite number'): asserts value is number {
  if (typeof value !== 'number' || (isLiteral(value) && !Number.isFinite(value))) invalid(scope, field, value, `must be ${what}`);
}

/** `true` or `false`. */
export function checkBoolean(scope: IConstruct, field: string, value: unknown): asserts value is boolean {
  if (typeof value !== 'boolean') invalid(scope, field, value, 'must be true or false');
}

/** An array (a list token passes). */
export function checkArray(scope: IConstruct, field: string, value: unknown, what = 'a list'): asserts value is unknown[] {
  if (!Array.isArray(value)) invalid(scope, field, value, `must be ${what}`);
}

/** A map of strings: a plain object whose values are strings. */
export function checkStringMap(scope: IConstruct, field: string, value: unknown): asserts value is Record<string, string> {
  checkPlainObject(scope, field, value, 'a map of strings');
  for (const [k, v] of Object.entries(value)) if (typeof v !== 'string') invalid(scope, `${field}.${k}`, v, 'must be a string');
}

function closest(key: string, allowed: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Math.max(2, Math.floor(key.length / 3)) + 1;
  for (const a of allowed) {
    const d = distance(key.toLowerCase(), a.toLowerCase());
    if (d < bestDistance) { best = a; bestDistance = d; }
  }
  return best;
}

function distance(a: string, b: string): number {
  if (Math.abs(a.length - b.length) > 8) return 99;
  let prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    prev = cur;
  }
  return prev[b.length];
}
