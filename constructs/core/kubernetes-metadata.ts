import { IConstruct } from 'constructs';
import { KubernetesProvider } from './cdktf';
import { claimObjectName } from './object-names';
import { invalid } from './errors';
import { checkStringMap } from './props';
import { checkDns1123Label, checkK8sName, checkText, isLiteral } from './validate';

export const MANAGED_BY_LABELS: Readonly<Record<string, string>> = { 'app.kubernetes.io/managed-by': 'tlsfleet' };

/** Validated metadata for a namespaced object, with its name claimed against duplicates. */
export function kubernetesMetadata(
  scope: IConstruct,
  kind: string,
  props: { namespace: string; name: string; provider?: KubernetesProvider; labels?: Record<string, string> },
): { name: string; namespace: string; labels: Record<string, string> } {
  checkDns1123Label(scope, 'namespace', props.namespace);
  checkK8sName(scope, 'name', props.name);
  checkLabels(scope, 'labels', props.labels);
  claimObjectName(scope, 'name', { kind, namespace: props.namespace, name: props.name, provider: props.provider });
  return { name: props.name, namespace: props.namespace, labels: { ...props.labels, ...MANAGED_BY_LABELS } };
}

const QUALIFIED_NAME = /^([A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?)$/;
const PREFIX = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]{0,61})?[A-Za-z0-9])?$/;
/** The API server's limit on all annotations of one object. */
const MAX_ANNOTATIONS_BYTES = 256 * 1024;

/** A label or annotation key: `[prefix/]name`, prefix a DNS subdomain of at most 253, name at most 63 characters. */
function validKey(key: string): boolean {
  const slash = key.indexOf('/');
  const prefix = slash >= 0 ? key.slice(0, slash) : undefined;
  const name = slash >= 0 ? key.slice(slash + 1) : key;
  return QUALIFIED_NAME.test(name) && (prefix === undefined || (prefix.length <= 253 && PREFIX.test(prefix)));
}

/** Labels as the API server accepts them: valid keys, values of at most 63 characters [A-Za-z0-9-_.]. */
export function checkLabels(scope: IConstruct, field: string, labels: unknown): asserts labels is Record<string, string> | undefined {
  if (labels === undefined) return;
  checkStringMap(scope, field, labels);
  for (const [k, v] of Object.entries(labels)) {
    if (!validKey(k)) invalid(scope, `${field}`, k, 'must have keys of the form [prefix/]name: name at most 63 characters of [A-Za-z0-9-_.], starting and ending alphanumeric; prefix a DNS subdomain');
    if (!isLiteral(v)) continue;
    if (!LABEL_VALUE.test(v)) invalid(scope, `${field}.${k}`, v, 'must be a label value: empty, or at most 63 characters of [A-Za-z0-9-_.] starting and ending alphanumeric');
  }
}

/** Annotations as the API server accepts them: valid keys, literal values without Terraform templates, 256 KiB in all. */
export function checkAnnotations(scope: IConstruct, field: string, annotations: unknown): asserts annotations is Record<string, string> | undefined {
  if (annotations === undefined) return;
  checkStringMap(scope, field, annotations);
  let bytes = 0;
  for (const [k, v] of Object.entries(annotations)) {
    if (!validKey(k)) invalid(scope, `${field}`, k, 'must have keys of the form [prefix/]name: name at most 63 characters of [A-Za-z0-9-_.], starting and ending alphanumeric; prefix a DNS subdomain');
    checkText(scope, `${field}.${k}`, v, { what: 'an annotation value', multiline: true, max: MAX_ANNOTATIONS_BYTES, allowEmpty: true });
    bytes += Buffer.byteLength(k) + Buffer.byteLength(v);
  }
  if (bytes > MAX_ANNOTATIONS_BYTES) invalid(scope, field, `${bytes} bytes`, `must total at most ${MAX_ANNOTATIONS_BYTES} bytes (the API server's limit)`);
}
