import { Construct } from 'constructs';
import { TerraformVariable } from 'cdktf';
import { KubernetesProvider } from '@cdktf/provider-kubernetes/lib/provider';

/**
 * The examples' default kubernetes provider: the `kubeconfig_path` variable (default `~/.kube/config`)
 * and the provider `kubernetes` reading it. Returns the variable for stacks that add more providers.
 */
export function kubeconfigProvider(stack: Construct): TerraformVariable {
  const kubeconfig = new TerraformVariable(stack, 'kubeconfig_path', {
    type: 'string', default: '~/.kube/config', description: 'Path of the kubeconfig for the target cluster',
  });
  new KubernetesProvider(stack, 'kubernetes', { configPath: kubeconfig.stringValue });
  return kubeconfig;
}
