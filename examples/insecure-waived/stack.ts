import { Construct } from 'constructs';
import { TerraformStack } from 'cdktf';
import { AlternatorCertificateSource, CertificateAuthority, ScyllaCluster, waive, Waiver } from '../../constructs';
import { kubeconfigProvider } from '../kubeconfig';

/** The exceptions this deployment needs, by rule id. Each one is a reviewed decision with a reason. */
export const WAIVERS: Readonly<Record<'TLSF001' | 'TLSF006', Waiver>> = {
  TLSF001: {
    reason: 'The legacy inventory importer uses an AWS SDK build without a CA override; it moves to HTTPS with the Q3 rewrite (INV-412).',
    approvedBy: 'security-review@example.com',
  },
  TLSF006: {
    reason: 'Warehouse scanners load client certificates by hand on site visits, twice a year at most; 25 months covers two visits (OPS-88).',
    approvedBy: 'security-review@example.com',
  },
};

export interface InsecureWaivedStackProps {
  /** Rule ids whose waiver is left out, to show that synth then fails. @default [] */
  readonly omitWaivers?: readonly string[];
}

/**
 * A cluster that needs exceptions: Alternator also on plain HTTP for a legacy importer (TLSF001),
 * and a long-lived client certificate for hand-provisioned scanners (TLSF006). It synthesizes only
 * because each exception carries a waiver with a reason; the review reports list them.
 */
export class InsecureWaivedStack extends TerraformStack {
  public readonly cluster: ScyllaCluster;

  constructor(scope: Construct, id: string, props: InsecureWaivedStackProps = {}) {
    super(scope, id);
    kubeconfigProvider(this);
    const omit = new Set(props.omitWaivers ?? []);

    // The CA is replaced three years before it expires, so a 25-month scanner certificate never outlives it.
    const ca = new CertificateAuthority(this, 'Ca', {
      subject: { commonName: 'inventory CA', organization: 'Example Logistics' },
      earlyRenewalHours: 3 * 8760,
    });
    this.cluster = new ScyllaCluster(this, 'Inventory', {
      name: 'inventory',
      namespace: 'inventory-db',
      version: '2025.1.5',
      ca,
      datacenters: [{ name: 'dc1', racks: [{ name: 'r1', members: 3, storageCapacity: '200Gi', cpuLimit: '4', memoryLimit: '16Gi' }] }],
      alternator: { certificateSource: AlternatorCertificateSource.TLSFLEET, insecureEnableHttp: true },
    });
    if (!omit.has('TLSF001')) waive(this.cluster, 'TLSF001', WAIVERS.TLSF001);

    this.cluster.addClient('Importer', { name: 'importer', namespace: 'inventory' });
    const scanners = this.cluster.addClient('Scanners', {
      name: 'scanners',
      namespace: 'warehouse',
      subject: { commonName: 'scanners', organization: 'Example Logistics', organizationalUnit: 'Warehouse' },
      validityHours: 25 * 730,
      earlyRenewalHours: 1460,
    });
    if (!omit.has('TLSF006')) waive(scanners, 'TLSF006', WAIVERS.TLSF006);
  }
}
