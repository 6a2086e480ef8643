import { Construct } from 'constructs';
import { TerraformStack } from 'cdktf';
import { CaRotationPhase, CertificateAuthority, ScyllaCluster } from '../../constructs';
import { kubeconfigProvider } from '../kubeconfig';

/** The phases in deploy order, each with the phase the running cluster is in before it. */
export const PHASES: ReadonlyArray<readonly [CaRotationPhase, CaRotationPhase | 'none']> = [
  [CaRotationPhase.TRUST_BOTH, 'none'],
  [CaRotationPhase.ISSUE_WITH_NEW, CaRotationPhase.TRUST_BOTH],
  [CaRotationPhase.DROP_OLD, CaRotationPhase.ISSUE_WITH_NEW],
];

export interface CaRotationStackProps {
  /** The phase this deploy takes the cluster to. @default CaRotationPhase.TRUST_BOTH */
  readonly phase?: CaRotationPhase;
}

/**
 * A cluster moving from its 2024 CA to its 2026 CA without downtime, one phase per deploy:
 * trust both, re-issue every certificate from the new CA, drop the old CA. After the last phase,
 * replace `caRotation` with `ca: next` and remove the old CA.
 */
export class CaRotationStack extends TerraformStack {
  public readonly cluster: ScyllaCluster;

  constructor(scope: Construct, id: string, props: CaRotationStackProps = {}) {
    super(scope, id);
    kubeconfigProvider(this);
    const phase = props.phase ?? CaRotationPhase.TRUST_BOTH;
    const entry = PHASES.find(([p]) => p === phase);
    if (!entry) throw new Error(`CA_ROTATION_PHASE must be one of ${PHASES.map(([p]) => p).join(', ')}, got "${phase}"`);

    const current = new CertificateAuthority(this, 'Ca2024', { subject: { commonName: 'Example Payments ScyllaDB CA 2024', organization: 'Example Payments' } });
    const next = new CertificateAuthority(this, 'Ca2026', { subject: { commonName: 'Example Payments ScyllaDB CA 2026', organization: 'Example Payments' } });
    this.cluster = new ScyllaCluster(this, 'Payments', {
      name: 'payments',
      namespace: 'payments-db',
      version: '2025.1.5',
      caRotation: { from: current, to: next, phase, deployedPhase: entry[1] },
      alternator: {},
      datacenters: [{ name: 'dc1', racks: [{ name: 'r1', members: 3, storageCapacity: '200Gi', cpuLimit: '4', memoryLimit: '16Gi' }] }],
    });
    this.cluster.addClient('Ledger', { name: 'ledger', namespace: 'ledger' });
  }
}
