import { Construct } from 'constructs';
import { TerraformStack } from 'cdktf';
import {
  BroadcastAddressType, CertificateAuthority, NodeServiceType, ScyllaCluster, ScyllaExposeOptions, ScyllaRackProps,
} from '../../constructs';
import { kubeconfigProvider } from '../kubeconfig';

const RACK: Omit<ScyllaRackProps, 'name'> = { members: 3, storageCapacity: '500Gi', cpuLimit: '8', memoryLimit: '32Gi' };

/**
 * One ScyllaDB cluster in two datacenters, each in its own Kubernetes cluster (one provider alias per
 * datacenter). One CA issues every certificate, so clients trust both datacenters with one bundle;
 * auth, TLS and Alternator settings are declared once and cannot drift between the two.
 */
export class MultiDcStack extends TerraformStack {
  public readonly cluster: ScyllaCluster;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    // One kubeconfig (variable or KUBE_CONFIG_PATH) with a context per Kubernetes cluster.
    const eu = kubeconfigProvider(this, { alias: 'eu', configContext: 'eu' }, 'kubernetes-eu');
    const us = kubeconfigProvider(this, { alias: 'us', configContext: 'us' }, 'kubernetes-us');

    const ca = new CertificateAuthority(this, 'Ca', { subject: { commonName: 'Global ScyllaDB CA', organization: 'Example Global' } });

    // Nodes reach each other across Kubernetes clusters through internal load balancers.
    const expose: ScyllaExposeOptions = {
      nodeServiceType: NodeServiceType.LOAD_BALANCER,
      nodeServiceAnnotations: { 'service.beta.kubernetes.io/aws-load-balancer-scheme': 'internal' },
      broadcastToNodes: BroadcastAddressType.SERVICE_LOAD_BALANCER_INGRESS,
      broadcastToClients: BroadcastAddressType.SERVICE_CLUSTER_IP,
    };

    this.cluster = new ScyllaCluster(this, 'Global', {
      name: 'global',
      namespace: 'scylla',
      version: '2025.1.5',
      ca,
      exposeOptions: expose,
      alternator: {},
      datacenters: [
        {
          name: 'eu-central',
          provider: eu,
          kubectlContext: 'eu',
          racks: [{ ...RACK, name: 'a' }, { ...RACK, name: 'b' }],
          seeds: ['seed-0.scylla.eu.example.com', 'seed-1.scylla.eu.example.com'],
          additionalDnsNames: ['alternator.eu.example.com'],
        },
        {
          name: 'us-east',
          provider: us,
          kubectlContext: 'us',
          racks: [{ ...RACK, name: 'a' }, { ...RACK, name: 'b' }],
          seeds: ['seed-0.scylla.us.example.com', 'seed-1.scylla.us.example.com'],
          additionalDnsNames: ['alternator.us.example.com'],
        },
      ],
    });

    // Each application talks to its local datacenter; the bundle it gets verifies both.
    this.cluster.addClient('CheckoutEu', { name: 'checkout', namespace: 'checkout', datacenter: 'eu-central' });
    this.cluster.addClient('CheckoutUs', { name: 'checkout', namespace: 'checkout', datacenter: 'us-east' });
  }
}
