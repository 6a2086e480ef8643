import { Construct } from 'constructs';
import { TerraformStack } from 'cdktf';
import {
  AlternatorCertificateSource, AlternatorWriteIsolation, CertificateAuthority, ScyllaCloudCluster, ScyllaCloudProvider, ScyllaCluster, waive,
} from '../../constructs';
import { kubeconfigProvider } from '../kubeconfig';

/**
 * A mixed fleet: an Alternator cluster on ScyllaDB Cloud and a ScyllaDB cluster on Kubernetes (the reference
 * deployment's shape). The storefront application uses the Cloud cluster; the orders application uses both, with
 * one connection ConfigMap per cluster in its namespace.
 */
export class ScyllaCloudStack extends TerraformStack {
  public readonly cloud: ScyllaCloudCluster;
  public readonly onKubernetes: ScyllaCluster;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    kubeconfigProvider(this);

    this.cloud = new ScyllaCloudCluster(this, 'Catalog', {
      name: 'catalog',
      region: 'us-east-1',
      cloud: ScyllaCloudProvider.AWS,
      nodeType: 'i8g.large',
      minNodes: 3,
      scyllaVersion: '2025.1.5',
      alternator: { writeIsolation: AlternatorWriteIsolation.ONLY_RMW_USES_LWT },
      encryptedConnections: {
        reason: 'Ensure encrypted connections enabled for cluster catalog in the ScyllaDB Cloud console on 2026-11-30 (change CHG-2231)',
        enabledBy: 'platform-dba@example.com',
      },
    });
    waive(this.cloud, 'TLSF003', {
      reason: 'ScyllaDB Cloud authenticates CQL clients by password only; it offers no client certificate authentication.',
      approvedBy: 'security-review@example.com',
    });

    const ca = new CertificateAuthority(this, 'Ca', { subject: { commonName: 'tlsfleet reference CA', organization: 'Example Platform' } });
    this.onKubernetes = new ScyllaCluster(this, 'Db', {
      name: 'db',
      namespace: 'scylla',
      version: '2025.1.5',
      ca,
      datacenters: [{ name: 'dc1', racks: [{ name: 'r1', members: 3, storageCapacity: '100Gi', cpuLimit: '2', memoryLimit: '8Gi' }] }],
      alternator: { certificateSource: AlternatorCertificateSource.TLSFLEET },
    });

    this.cloud.addClient('Storefront', { name: 'storefront', namespace: 'storefront' });
    this.cloud.addClient('Orders', { name: 'orders', namespace: 'orders' });
    this.onKubernetes.addClient('Orders', { name: 'orders', namespace: 'orders' });
  }
}
