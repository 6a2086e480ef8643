/** How a reference reads: a managed resource, a data source or an ephemeral resource. */
type Mode = 'managed' | 'data' | 'ephemeral';

// Which resource attributes hold secrets, whatever the expression that reads them.

export const KEY_ATTRIBUTES = new Set(['private_key_pem', 'private_key_pem_pkcs8', 'private_key_openssh']);

/** Attribute names that hold credentials whatever the resource type. */
export const SECRET_ATTRIBUTE = /(^|_)(password|passwd|secret|token|private_key|client_key|api_key)(_|$)/;

/** How a secret a resource attribute holds is described, if it holds one. */
export function secretSource(mode: Mode, type: string, name: string, attribute: string, path: readonly (string | number)[]): string | undefined {
  const prefix = mode === 'managed' ? '' : `${mode}.`;
  if (type === 'tls_private_key' && (attribute === '' || KEY_ATTRIBUTES.has(attribute))) return `${prefix}tls_private_key.${name}.private_key_pem`;
  if ((type === 'kubernetes_secret' || type === 'kubernetes_secret_v1') && ['', 'data', 'binary_data'].includes(attribute)) {
    const key = attribute && typeof path[0] === 'string' ? `[${JSON.stringify(path[0])}]` : '';
    return `${prefix}${type}.${name}.${attribute || 'data'}${key}`;
  }
  // Any provider's credential attributes (scylladbcloud_cql_auth.password, a token, a kubeconfig key).
  if (isSecretAttribute(attribute)) return `${prefix}${type}.${name}.${attribute}`;
  return undefined;
}

/** Attribute name → whether it names a credential. A plan has a handful of attribute names and tens of thousands of references. */
const secretAttributes = new Map<string, boolean>();
const SECRET_ATTRIBUTES_REMEMBERED = 1024;

function isSecretAttribute(attribute: string): boolean {
  let known = secretAttributes.get(attribute);
  if (known === undefined) {
    known = SECRET_ATTRIBUTE.test(attribute);
    if (secretAttributes.size < SECRET_ATTRIBUTES_REMEMBERED) secretAttributes.set(attribute, known);
  }
  return known;
}

/** Orders references by mode, type, name, attribute and path. */
export function refKey(r: { readonly mode: Mode; readonly type: string; readonly name: string; readonly attribute: string; readonly path?: readonly (string | number)[] }): string {
  return `${r.mode} ${r.type} ${r.name} ${r.attribute}${r.path ? ` ${JSON.stringify(r.path)}` : ''}`;
}
