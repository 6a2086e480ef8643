import { Construct } from 'constructs';
import { TerraformStack, TerraformVariable } from 'cdktf';
import { KubernetesProvider } from '@cdktf/provider-kubernetes/lib/provider';
import { AlternatorCertificateSource, CertificateAuthority, ScyllaCluster } from '../../constructs';

/**
 * The reference deployment: one ScyllaDB cluster with Alternator over HTTPS (certificate from the tlsfleet CA),
 * CQL TLS-only with mutual TLS, and two client applications.
 */
export class ReferenceStack extends TerraformStack {
  public readonly cluster: ScyllaCluster;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    const kubeconfig = new TerraformVariable(this, 'kubeconfig_path', {
      type: 'string', default: '~/.kube/config', description: 'Path of the kubeconfig for the target cluster',
    });
    new KubernetesProvider(this, 'kubernetes', { configPath: kubeconfig.stringValue });

    const ca = new CertificateAuthority(this, 'Ca', {
      subject: { commonName: 'tlsfleet reference CA', organization: 'Example Platform' },
    });

    this.cluster = new ScyllaCluster(this, 'Db', {
      name: 'db',
      namespace: 'scylla',
      version: '2025.1.5',
      ca,
      datacenters: [{
        name: 'dc1',
        racks: [{ name: 'r1', members: 3, storageCapacity: '100Gi', cpuLimit: '2', memoryLimit: '8Gi' }],
      }],
      alternator: { certificateSource: AlternatorCertificateSource.TLSFLEET },
    });

    for (const [id, app] of [['Orders', 'orders'], ['Billing', 'billing']] as const) {
      this.cluster.addClient(id, {
        name: app,
        namespace: app,
        subject: { commonName: app, organization: 'Example Platform', organizationalUnit: 'Applications' },
      });
    }
  }
}
