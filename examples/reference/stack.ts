import { Construct } from 'constructs';
import { TerraformStack } from 'cdktf';
import { AlternatorCertificateSource, CertificateAuthority, ScyllaCluster } from '../../constructs';
import { kubeconfigProvider } from '../kubeconfig';

/**
 * The reference deployment: one ScyllaDB cluster with Alternator over HTTPS (certificate from the tlsfleet CA),
 * CQL TLS-only with mutual TLS, and two client applications.
 */
export class ReferenceStack extends TerraformStack {
  public readonly cluster: ScyllaCluster;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    kubeconfigProvider(this);

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
