// The scylladbcloud provider's stored schema (v1.13.0, `terraform providers schema -json`), and a check of what a
// synthesized configuration writes for it: every attribute and block known by name, of the schema's type and
// nesting, never a computed-only attribute, every required one present.
import * as fs from 'node:fs';
import * as path from 'node:path';

export const SCHEMA_FILE = path.resolve(__dirname, '..', '..', '..', 'shared', 'reference', 'scylladbcloud-provider-v1.13.0', 'schema.json');

export interface Block {
  readonly attributes?: Record<string, { type: unknown; required?: boolean; optional?: boolean; computed?: boolean }>;
  readonly block_types?: Record<string, { nesting_mode: string; block: Block; min_items?: number; max_items?: number }>;
}

export function cloudSchema(): { provider: Block; resources: Record<string, Block>; data: Record<string, Block> } {
  if (!fs.existsSync(SCHEMA_FILE)) throw new Error(`the scylladbcloud provider schema is missing: ${SCHEMA_FILE}`);
  const p = JSON.parse(fs.readFileSync(SCHEMA_FILE, 'utf8')).provider_schemas['registry.terraform.io/scylladb/scylladbcloud'];
  const blocks = (m: Record<string, { block: Block }>) => Object.fromEntries(Object.entries(m).map(([k, v]) => [k, v.block]));
  return { provider: p.provider.block, resources: blocks(p.resource_schemas), data: blocks(p.data_source_schemas) };
}

/** Terraform's meta-arguments, which no provider schema lists. */
const META = new Set(['//', 'provider', 'depends_on', 'lifecycle', 'count', 'for_each', 'alias']);

function typeErrors(where: string, type: unknown, value: unknown): string[] {
  if (typeof value === 'string' && value.includes('${')) return []; // a reference: Terraform checks its type
  if (type === 'string') return typeof value === 'string' ? [] : [`${where}: expected a string, got ${JSON.stringify(value)}`];
  if (type === 'number') return typeof value === 'number' ? [] : [`${where}: expected a number, got ${JSON.stringify(value)}`];
  if (type === 'bool') return typeof value === 'boolean' ? [] : [`${where}: expected a bool, got ${JSON.stringify(value)}`];
  if (Array.isArray(type) && (type[0] === 'set' || type[0] === 'list')) {
    return Array.isArray(value) ? value.flatMap((v, i) => typeErrors(`${where}[${i}]`, type[1], v)) : [`${where}: expected a ${type[0]}, got ${JSON.stringify(value)}`];
  }
  return [`${where}: type ${JSON.stringify(type)} is not checked here`];
}

/** What `body` (one resource, data source or provider block of cdk.tf.json) writes that the schema does not allow. */
export function schemaErrors(where: string, block: Block, body: Record<string, unknown>): string[] {
  const errors: string[] = [];
  for (const [key, value] of Object.entries(body)) {
    if (META.has(key) || value === undefined) continue;
    const attr = block.attributes?.[key];
    const nested = block.block_types?.[key];
    if (attr) {
      if (attr.computed && !attr.optional && !attr.required) errors.push(`${where}.${key}: computed-only, must never be written`);
      errors.push(...typeErrors(`${where}.${key}`, attr.type, value));
    } else if (nested) {
      const items = nested.nesting_mode === 'single' ? [value] : (Array.isArray(value) ? value : undefined);
      if (!items) { errors.push(`${where}.${key}: block "${nested.nesting_mode}" must be a list`); continue; }
      if (nested.max_items !== undefined && items.length > nested.max_items) errors.push(`${where}.${key}: at most ${nested.max_items} block(s)`);
      items.forEach((item, i) => errors.push(...schemaErrors(`${where}.${key}[${i}]`, nested.block, item as Record<string, unknown>)));
    } else {
      errors.push(`${where}.${key}: not in the provider schema`);
    }
  }
  for (const [key, attr] of Object.entries(block.attributes ?? {})) {
    if (attr.required && body[key] === undefined) errors.push(`${where}.${key}: required`);
  }
  return errors;
}

/** Every scylladbcloud resource, data source and provider block of a synthesized configuration, checked. */
export function cloudSchemaErrors(config: any): { checked: number; errors: string[] } {
  const schema = cloudSchema();
  let checked = 0;
  const errors: string[] = [];
  for (const [kind, blocks] of [['resource', schema.resources], ['data', schema.data]] as const) {
    for (const [type, group] of Object.entries<Record<string, Record<string, unknown>>>(config[kind] ?? {})) {
      if (!type.startsWith('scylladbcloud_')) continue;
      for (const [name, body] of Object.entries(group)) {
        checked++;
        const block = blocks[type];
        if (!block) errors.push(`${kind}.${type}: not in the provider schema`);
        else errors.push(...schemaErrors(`${kind}.${type}.${name}`, block, body));
      }
    }
  }
  for (const body of (config.provider?.scylladbcloud ?? []) as Record<string, unknown>[]) {
    checked++;
    errors.push(...schemaErrors('provider.scylladbcloud', schema.provider, body));
  }
  return { checked, errors };
}
