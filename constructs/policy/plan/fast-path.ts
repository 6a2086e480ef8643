import { hasTemplate } from './syntax';
import { isSecretPem, UNKNOWN } from './functions';
import type { PlanValue } from './values';
import { secretSource } from './secret-sources';

/**
 * `${type.name.attribute}` and nothing else: how cdktf writes almost every reference. The name may be one
 * instance of a `for_each` block the policy expanded (`name["key"]`, plan/instances.ts), which the configuration
 * then declares under that name; keys of other characters take the full evaluator.
 */
const SIMPLE_REFERENCE = /^\$\{([a-z][a-z0-9_]*)\.([A-Za-z_][A-Za-z0-9_-]*(?:\["[A-Za-z0-9][A-Za-z0-9_.-]*"\])?)\.([a-z_][a-z0-9_]*)\}$/;
/** Roots that are not managed resources; the full evaluator handles them. */
const NOT_A_RESOURCE = new Set(['var', 'local', 'data', 'module', 'each', 'count', 'path', 'terraform', 'self', 'ephemeral']);
const MAX_DEPTH = 32;

interface Found {
  readonly mode: 'managed';
  readonly type: string;
  readonly name: string;
  readonly attribute: string;
}

/**
 * The evaluation of a value made only of literals and plain references to declared managed
 * resources, or undefined when anything else appears (then the full evaluator runs). A plan's
 * Secrets, ConfigMaps and manifests are nearly all such values; the result is exactly what the
 * full evaluator gives (test/policy/expression-fast-path.test.ts compares them on whole plans).
 */
export function fastEvaluate(config: unknown, value: unknown, options: { readonly keepValue?: boolean } = {}): {
  value: PlanValue; unknownReasons: string[]; references: Found[]; secrets: string[]; dependsOnVariables: string[];
} | undefined {
  // The configuration's shape is not trusted: anything but objects leaves the value to the full evaluator.
  const section = config !== null && typeof config === 'object' ? (config as { resource?: unknown }).resource : undefined;
  const resources = (section !== null && typeof section === 'object' ? section : {}) as Record<string, unknown>;
  // Without the value, the walk only collects references and secrets (no copy of the payload is built).
  const walk: Walk = { resources, refs: new Map(), reasons: [], secrets: new Set(), failed: false, keep: options.keepValue !== false };
  const result = walkValue(walk, value, 0);
  if (walk.failed) return undefined;
  const references = [...walk.refs.values()];
  // In refKey order: mode (all managed), type, name, attribute; refKey's separator sorts before every character they may hold.
  if (references.length > 1) references.sort(byFields);
  return { value: result, unknownReasons: walk.reasons, references, secrets: walk.secrets.size < 2 ? [...walk.secrets] : [...walk.secrets].sort(), dependsOnVariables: [] };
}

/** What {@link fastEvaluate} collects while it walks one value. */
interface Walk {
  readonly resources: Record<string, unknown>;
  /** By the reference's text; each text's reason is added once, where it is first met. */
  readonly refs: Map<string, Found>;
  readonly reasons: string[];
  readonly secrets: Set<string>;
  failed: boolean;
  readonly keep: boolean;
}

function walkValue(w: Walk, x: unknown, depth: number): PlanValue {
  if (w.failed) return null;
  if (x === null || typeof x === 'number' || typeof x === 'boolean') return x;
  // An absent attribute in a list of attributes: null, as in the full evaluator.
  if (x === undefined) return null;
  if (typeof x === 'string') {
    if (!hasTemplate(x)) {
      if (isSecretPem(x)) w.failed = true;
      return x;
    }
    if (w.refs.has(x)) return UNKNOWN;
    const ref = reference(w.resources, x);
    if (ref === undefined) {
      w.failed = true;
      return null;
    }
    w.refs.set(x, ref);
    const secret = secretSource('managed', ref.type, ref.name, ref.attribute, NO_PATH);
    if (secret) w.secrets.add(secret);
    w.reasons.push(`${ref.type}.${ref.name}.${ref.attribute} is known only after apply`);
    return UNKNOWN;
  }
  if (typeof x !== 'object' || depth > MAX_DEPTH) {
    w.failed = true;
    return null;
  }
  if (Array.isArray(x)) {
    if (w.keep) return x.map((e) => walkValue(w, e, depth + 1));
    for (const e of x) walkValue(w, e, depth + 1);
    return null;
  }
  if (Object.getPrototypeOf(x) !== Object.prototype) {
    w.failed = true;
    return null;
  }
  const keys = Object.keys(x);
  // A key is read as a template like any other string: one with a template, or a key in it, is the full evaluator's.
  for (let i = 0; i < keys.length; i++) {
    if (hasTemplate(keys[i]!) || isSecretPem(keys[i]!)) {
      w.failed = true;
      return null;
    }
  }
  if (!w.keep) {
    for (let i = 0; i < keys.length; i++) walkValue(w, (x as Record<string, unknown>)[keys[i]!], depth + 1);
    return null;
  }
  const out: Record<string, PlanValue> = {};
  for (let i = 0; i < keys.length; i++) {
    const k = keys[i]!;
    const v = walkValue(w, (x as Record<string, unknown>)[k], depth + 1);
    // A key named __proto__ would set the prototype if assigned: define it as an own property.
    if (k === '__proto__') Object.defineProperty(out, k, { value: v, enumerable: true, writable: true, configurable: true });
    else out[k] = v;
  }
  return out;
}

/** The reference a string is, when it is exactly `${type.name.attribute}` of a declared managed resource. */
function reference(resources: Record<string, unknown>, x: string): Found | undefined {
  const m = SIMPLE_REFERENCE.exec(x);
  if (!m || NOT_A_RESOURCE.has(m[1]!)) return undefined;
  const block = Object.prototype.hasOwnProperty.call(resources, m[1]!) ? resources[m[1]!] : undefined;
  if (block === null || typeof block !== 'object' || !Object.prototype.hasOwnProperty.call(block, m[2]!)) return undefined;
  // Not frozen: nothing holds it but the evaluation it is found in (a fleet has tens of thousands).
  return { mode: 'managed', type: m[1]!, name: m[2]!, attribute: m[3]! };
}

const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
const byFields = (a: Found, b: Found): number => cmp(a.type, b.type) || cmp(a.name, b.name) || cmp(a.attribute, b.attribute);
const NO_PATH: readonly never[] = Object.freeze([]);

/**
 * Whether `data` is a map written out in the configuration (not a reference) none of whose keys is
 * or may become `key`: then its evaluation has no `key` either, and needs not be done to know that.
 */
export function literalMapLacks(data: unknown, key: string): boolean {
  if (data === null || typeof data !== 'object' || Array.isArray(data) || Object.getPrototypeOf(data) !== Object.prototype) return false;
  // An evaluated map is a plain object: it has `key` through its prototype if Object.prototype does.
  if (key in Object.prototype) return false;
  return Object.keys(data).every((k) => k !== key && !hasTemplate(k));
}

/** What {@link scanCarried} collects while it walks one value; the collections are made on first need. */
interface Scan {
  readonly resources: Record<string, unknown>;
  /** By the reference's text. */
  refs: Map<string, Found> | undefined;
  secrets: Set<string> | undefined;
  failed: boolean;
}

/**
 * The references and secrets of a value made only of literals and plain references to declared
 * managed resources, or undefined when anything else appears: `fastEvaluate(config, value,
 * { keepValue: false })` for those two, in one pass that builds nothing else. Called on every
 * Kubernetes object's payload, most of a plan's strings.
 */
export function scanCarried(config: unknown, value: unknown): { references: Found[]; secrets: string[] } | undefined {
  // for-in below visits inherited keys too: with anything enumerable on Object.prototype, leave it to the full walk.
  for (const _ in Object.prototype) return undefined;
  const section = config !== null && typeof config === 'object' ? (config as { resource?: unknown }).resource : undefined;
  const resources = (section !== null && typeof section === 'object' ? section : {}) as Record<string, unknown>;
  const scan: Scan = { resources, refs: undefined, secrets: undefined, failed: false };
  scanValue(scan, value, 0);
  if (scan.failed) return undefined;
  // In refKey order: mode (all managed), type, name, attribute; refKey's separator sorts before every character they may hold.
  const references = scan.refs ? [...scan.refs.values()] : [];
  if (references.length > 1) sortSmall(references);
  const secrets = scan.secrets ? [...scan.secrets] : [];
  return { references, secrets: secrets.length < 2 ? secrets : secrets.sort() };
}

/**
 * {@link byFields} order, by insertion for the few references of one object (Array.prototype.sort allocates a
 * work array per call, and a fleet has tens of thousands of objects). No two references have equal fields.
 */
function sortSmall(refs: Found[]): void {
  if (refs.length > 16) {
    refs.sort(byFields);
    return;
  }
  for (let i = 1; i < refs.length; i++) {
    const r = refs[i]!;
    let j = i - 1;
    for (; j >= 0 && byFields(refs[j]!, r) > 0; j--) refs[j + 1] = refs[j]!;
    refs[j + 1] = r;
  }
}

function scanValue(scan: Scan, x: unknown, depth: number): void {
  if (scan.failed || x === null || x === undefined || typeof x === 'number' || typeof x === 'boolean') return;
  if (typeof x === 'string') {
    if (!hasTemplate(x)) {
      if (isSecretPem(x)) scan.failed = true;
      return;
    }
    scanReference(scan, x);
    return;
  }
  if (typeof x !== 'object' || depth > MAX_DEPTH) {
    scan.failed = true;
    return;
  }
  if (Array.isArray(x)) {
    for (let i = 0; i < x.length; i++) scanValue(scan, x[i], depth + 1);
    return;
  }
  if (Object.getPrototypeOf(x) !== Object.prototype) {
    scan.failed = true;
    return;
  }
  // Own keys only (nothing is enumerable on Object.prototype, checked above), in Object.keys order.
  for (const k in x) {
    // A key is read as a template like any other string: one with a template, or a key in it, is the full evaluator's.
    if (hasTemplate(k) || isSecretPem(k)) {
      scan.failed = true;
      return;
    }
    scanValue(scan, (x as Record<string, unknown>)[k], depth + 1);
  }
}

function scanReference(scan: Scan, x: string): void {
  // The same text is the same reference: read once per value.
  if (scan.refs?.has(x)) return;
  const ref = reference(scan.resources, x);
  if (ref === undefined) {
    scan.failed = true;
    return;
  }
  (scan.refs ??= new Map()).set(x, ref);
  const secret = secretSource('managed', ref.type, ref.name, ref.attribute, NO_PATH);
  if (secret) (scan.secrets ??= new Set()).add(secret);
}
