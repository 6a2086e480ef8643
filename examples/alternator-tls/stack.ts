import { Construct } from 'constructs';
import { TerraformStack } from 'cdktf';
import {
  AlternatorCertificateSource, AlternatorWriteIsolation, CertificateAuthority, NodeSelectorOperator, ScyllaCluster,
  ScyllaRackProps, TaintEffect, TolerationOperator,
} from '../../constructs';
import { kubeconfigProvider } from '../kubeconfig';

/**
 * One datacenter with Alternator over HTTPS, its certificate issued by a tlsfleet CA, CQL TLS-only with
 * mutual TLS, and two applications that each get a client certificate and a connection ConfigMap.
 */
export class AlternatorTlsStack extends TerraformStack {
  public readonly cluster: ScyllaCluster;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    kubeconfigProvider(this);

    const ca = new CertificateAuthority(this, 'Ca', {
      subject: { commonName: 'Example Shop ScyllaDB CA', organization: 'Example Shop' },
    });

    // One rack per zone; dedicated nodes tainted for ScyllaDB.
    const rack = (zone: string): ScyllaRackProps => ({
      name: zone,
      members: 1,
      storageCapacity: '200Gi',
      storageClassName: 'local-nvme',
      cpuLimit: '4',
      memoryLimit: '16Gi',
      placement: {
        nodeAffinity: {
          required: [{ matchExpressions: [{ key: 'topology.kubernetes.io/zone', operator: NodeSelectorOperator.IN, values: [zone] }] }],
        },
        tolerations: [{ key: 'scylla', operator: TolerationOperator.EQUAL, value: 'true', effect: TaintEffect.NO_SCHEDULE }],
      },
    });

    this.cluster = new ScyllaCluster(this, 'Shop', {
      name: 'shop',
      namespace: 'scylla',
      version: '2025.1.5',
      agentVersion: '3.5.1',
      ca,
      datacenters: [{ name: 'eu-west-1', racks: [rack('eu-west-1a'), rack('eu-west-1b'), rack('eu-west-1c')] }],
      alternator: {
        writeIsolation: AlternatorWriteIsolation.ONLY_RMW_USES_LWT,
        certificateSource: AlternatorCertificateSource.TLSFLEET,
      },
      additionalDnsNames: ['alternator.shop.example.com'],
      podAnnotations: { 'prometheus.io/scrape': 'true' },
    });

    this.cluster.addClient('Orders', { name: 'orders', namespace: 'orders' });
    this.cluster.addClient('Inventory', { name: 'inventory', namespace: 'inventory', role: 'inventory_service' });
  }
}
