import { IConstruct } from 'constructs';
import { KubernetesProvider } from './cdktf';
import { claimObjectName } from './object-names';
import { checkDns1123Label, checkK8sName } from './validate';

export const MANAGED_BY_LABELS: Readonly<Record<string, string>> = { 'app.kubernetes.io/managed-by': 'tlsfleet' };

/** Validated metadata for a namespaced object, with its name claimed against duplicates. */
export function kubernetesMetadata(
  scope: IConstruct,
  kind: string,
  props: { namespace: string; name: string; provider?: KubernetesProvider; labels?: Record<string, string> },
): { name: string; namespace: string; labels: Record<string, string> } {
  checkDns1123Label(scope, 'namespace', props.namespace);
  checkK8sName(scope, 'name', props.name);
  claimObjectName(scope, 'name', { kind, namespace: props.namespace, name: props.name, provider: props.provider });
  return { name: props.name, namespace: props.namespace, labels: { ...props.labels, ...MANAGED_BY_LABELS } };
}
