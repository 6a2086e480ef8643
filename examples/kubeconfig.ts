import { Construct } from 'constructs';
import { TerraformVariable } from 'cdktf';
import { KubernetesProvider, KubernetesProviderConfig } from '@cdktf/provider-kubernetes/lib/provider';

/**
 * The examples' kubeconfig: the `kubeconfig_path` variable, empty by default. Empty leaves `config_path` null, so the
 * kubernetes provider reads its own environment (`KUBE_CONFIG_PATH`, `KUBE_CONFIG_PATHS`, `KUBE_CTX`), as the
 * README's Deploying section says; a path given with `-var kubeconfig_path=...` wins over the environment.
 * (A literal `config_path` would make the provider ignore `KUBE_CONFIG_PATH`; cdktf cannot write a null default.)
 */
export function kubeconfigVariable(stack: Construct): TerraformVariable {
  return new TerraformVariable(stack, 'kubeconfig_path', {
    type: 'string',
    default: '',
    description: 'Path of the kubeconfig; empty: the kubernetes provider reads KUBE_CONFIG_PATH / KUBE_CONFIG_PATHS',
  });
}

/** `config_path` from the variable, or null (the provider's environment) when it is empty. */
export function kubeconfigPath(variable: TerraformVariable): string {
  return `\${var.${variable.friendlyUniqueId} != "" ? var.${variable.friendlyUniqueId} : null}`;
}

/** The examples' default kubernetes provider, configured from the kubeconfig variable or the environment. */
export function kubeconfigProvider(stack: Construct, config: Omit<KubernetesProviderConfig, 'configPath'> = {}, id = 'kubernetes'): KubernetesProvider {
  const variable = (stack.node.tryFindChild('kubeconfig_path') as TerraformVariable | undefined) ?? kubeconfigVariable(stack);
  return new KubernetesProvider(stack, id, { ...config, configPath: kubeconfigPath(variable) });
}
