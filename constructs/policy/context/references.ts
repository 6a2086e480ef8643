// Terraform references inside resolved values: what a string like "${tls_private_key.k.private_key_pem}" points at.

/** A `type.name.attribute` reference inside a resolved Terraform expression. */
export interface Reference {
  readonly type: string;
  readonly name: string;
  readonly attribute: string;
}

const REFERENCE = /\b((?:data\.)?[a-z][a-z0-9_]*)\.([A-Za-z_][A-Za-z0-9_-]*)\.([a-z_][a-z0-9_]*)/g;

/** Every resource reference in a resolved value (strings, lists and maps, recursively). */
export function referencesIn(value: unknown): Reference[] {
  const out: Reference[] = [];
  const visit = (v: unknown): void => {
    if (typeof v === 'string') {
      if (!v.includes('${')) return;
      for (const m of v.matchAll(REFERENCE)) out.push({ type: m[1], name: m[2], attribute: m[3] });
    } else if (Array.isArray(v)) {
      v.forEach(visit);
    } else if (v !== null && typeof v === 'object') {
      Object.values(v).forEach(visit);
    }
  };
  visit(value);
  return out;
}

const PRIVATE_KEY_ATTRIBUTES = new Set(['private_key_pem', 'private_key_pem_pkcs8', 'private_key_openssh']);
const SECRET_TYPES = new Set(['kubernetes_secret', 'kubernetes_secret_v1', 'data.kubernetes_secret', 'data.kubernetes_secret_v1']);

/** What secret material a resolved output value carries, in words. */
export function secretsIn(value: unknown, sensitiveVariables: ReadonlySet<string>): string[] {
  const found = new Set<string>();
  const visit = (v: unknown): void => {
    if (typeof v === 'string') {
      if (/-----BEGIN [A-Z ]*PRIVATE KEY-----/.test(v)) found.add('a literal private key');
      if (!v.includes('${')) return;
      for (const r of referencesIn(v)) {
        if (r.type === 'tls_private_key' && PRIVATE_KEY_ATTRIBUTES.has(r.attribute)) found.add(`tls_private_key.${r.name}.${r.attribute}`);
        if (SECRET_TYPES.has(r.type) && (r.attribute === 'data' || r.attribute === 'binary_data')) found.add(`${r.type}.${r.name}.${r.attribute}`);
      }
      for (const m of v.matchAll(/\bvar\.([A-Za-z_][A-Za-z0-9_-]*)/g)) {
        if (sensitiveVariables.has(m[1])) found.add(`sensitive variable var.${m[1]}`);
      }
    } else if (Array.isArray(v)) {
      v.forEach(visit);
    } else if (v !== null && typeof v === 'object') {
      Object.values(v).forEach(visit);
    }
  };
  visit(value);
  return [...found].sort();
}

/** Logical ids of the `tls_private_key` resources whose private key a resolved value references. */
export function privateKeyReferences(value: unknown): string[] {
  return [...new Set(referencesIn(value)
    .filter((r) => r.type === 'tls_private_key' && PRIVATE_KEY_ATTRIBUTES.has(r.attribute))
    .map((r) => r.name))].sort();
}
