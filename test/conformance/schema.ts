// Structural validation of ScyllaCluster objects against the operator's CRD schema with a real JSON Schema
// validator (ajv). The API server prunes fields the schema does not declare, silently: here they are errors.
import Ajv, { ErrorObject, ValidateFunction } from 'ajv';
import { LoadedCrd, loadScyllaClusterCrd, loadScyllaClusterCrd122 } from './crd';

/**
 * The CRD's openAPIV3Schema as plain JSON Schema: `additionalProperties: false` on every object that
 * declares `properties` (unless it preserves unknown fields), `x-kubernetes-int-or-string` as
 * integer-or-string, every other `x-kubernetes-*` extension dropped.
 */
export function toJsonSchema(node: any): any {
  if (Array.isArray(node)) return node.map(toJsonSchema);
  if (node === null || typeof node !== 'object') return node;
  const out: any = {};
  for (const [key, value] of Object.entries(node)) {
    if (key.startsWith('x-kubernetes-')) continue;
    if (key === 'properties') {
      out.properties = Object.fromEntries(Object.entries(value as object).map(([k, v]) => [k, toJsonSchema(v)]));
    } else if (key === 'default' || key === 'enum' || key === 'example') {
      out[key] = value; // data, not schema
    } else {
      out[key] = toJsonSchema(value);
    }
  }
  if (node['x-kubernetes-int-or-string'] === true && !out.anyOf) {
    delete out.type;
    out.anyOf = [{ type: 'integer' }, { type: 'string' }];
  }
  if (out.properties && out.additionalProperties === undefined && node['x-kubernetes-preserve-unknown-fields'] !== true) {
    out.additionalProperties = false;
  }
  return out;
}

const compiled = new Map<LoadedCrd, ValidateFunction>();

/** The ajv validator for a whole ScyllaCluster object (operator 1.21's CRD, or the one given). */
export function scyllaClusterValidator(crd: LoadedCrd = loadScyllaClusterCrd()): ValidateFunction {
  const known = compiled.get(crd);
  if (known) return known;
  const ajv = new Ajv({ allErrors: true, strict: false });
  ajv.addFormat('int32', { type: 'number', validate: (n: number) => Number.isInteger(n) && n >= -(2 ** 31) && n < 2 ** 31 });
  ajv.addFormat('int64', { type: 'number', validate: (n: number) => Number.isSafeInteger(n) });
  ajv.addFormat('date-time', /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/i);
  const validate = ajv.compile(toJsonSchema(crd.schema));
  compiled.set(crd, validate);
  return validate;
}

/** Human-readable schema errors of `object` against one CRD (default: operator 1.21's). */
export function schemaViolations(object: unknown, crd: LoadedCrd = loadScyllaClusterCrd()): string[] {
  const validate = scyllaClusterValidator(crd);
  if (validate(withPlaceholders(object, crd.schema))) return [];
  return (validate.errors ?? []).map(describe);
}

/**
 * Errors against every operator CRD the object must satisfy: 1.22's always, and 1.21's (the same for 1.18 to 1.21
 * in every field tlsfleet writes) unless the object uses a field only 1.22 has.
 */
export function schemaViolationsAllOperators(object: any): string[] {
  const only122 = object?.spec?.enableParallelNodeOperations !== undefined;
  return [
    ...(only122 ? [] : schemaViolations(object).map((e) => `operator 1.21: ${e}`)),
    ...schemaViolations(object, loadScyllaClusterCrd122()).map((e) => `operator 1.22: ${e}`),
  ];
}

function describe(e: ErrorObject): string {
  const where = e.instancePath || '/';
  if (e.keyword === 'additionalProperties') {
    return `${where}: unknown field "${(e.params as any).additionalProperty}" (the API server would drop it)`;
  }
  return `${where}: ${e.message}`;
}

const REFERENCE = /\$\{/;

/**
 * Replaces Terraform references (`${...}`), unknown until apply, by a value of the type the schema
 * expects at that place, so a reference is checked for its position and not for its text.
 */
export function withPlaceholders(value: unknown, schema: any): unknown {
  if (typeof value === 'string' && REFERENCE.test(value)) {
    if (!schema) return 'tf-reference';
    if (schema['x-kubernetes-int-or-string'] || schema.anyOf) return '1';
    switch (schema.type) {
      case 'integer': case 'number': return 1;
      case 'boolean': return true;
      case 'array': return [];
      case 'object': return {};
      default: return 'tf-reference';
    }
  }
  if (Array.isArray(value)) return value.map((v) => withPlaceholders(v, schema?.items));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, withPlaceholders(v,
      schema?.properties?.[k] ?? (typeof schema?.additionalProperties === 'object' ? schema.additionalProperties : undefined))]));
  }
  return value;
}
