import { IConstruct } from 'constructs';
import { invalid } from '../core/errors';
import { checkEnum, checkProps } from '../core/props';
import { CaBundle, ICertificateAuthority } from '../pki';
import { checkCertificateAuthority } from '../pki/certificate-authority';
import { checkNextStep } from './private/step-order';

/**
 * The phases that move a cluster from one CA to another without downtime, in this order, one deploy each.
 * ScyllaDB reloads certificate and truststore files without a restart, and applications re-read their mounted
 * bundle, so no phase restarts a pod; wait until every pod and application has the new files before the next one.
 */
export enum CaRotationPhase {
  /**
   * Every trust bundle (CQL client truststore, internode truststore, the bundles delivered to applications for CQL
   * and Alternator) carries the old CA and the new one; every certificate is still issued by the old CA.
   */
  TRUST_BOTH = 'trust-both',
  /** Serving, node, admin and client certificates are re-issued by the new CA; the bundles still carry both. */
  ISSUE_WITH_NEW = 'issue-with-new',
  /** The old CA leaves every bundle. After this deploy, replace `caRotation` with `ca: <the new CA>`. */
  DROP_OLD = 'drop-old',
}

const ORDER: readonly (CaRotationPhase | 'none')[] = ['none', CaRotationPhase.TRUST_BOTH, CaRotationPhase.ISSUE_WITH_NEW, CaRotationPhase.DROP_OLD];

/** A CA rotation of a cluster: from the CA that issues its certificates today to its successor. */
export interface CaRotation {
  /** The CA being retired: the cluster's `ca` before the rotation. */
  readonly from: ICertificateAuthority;
  /** Its successor, created here or imported (`CertificateAuthority.fromPem`). */
  readonly to: ICertificateAuthority;
  /** The phase this deploy takes the cluster to. */
  readonly phase: CaRotationPhase;
  /**
   * The phase the running cluster is in (what the last apply deployed): `phase` must be that one or the next.
   * @default 'none' (no rotation deployed yet), which allows only CaRotationPhase.TRUST_BOTH
   */
  readonly deployedPhase?: CaRotationPhase | 'none';
}

/** What a rotation phase means for a cluster's certificates and bundles. */
export interface ResolvedCaRotation {
  readonly from: ICertificateAuthority;
  readonly to: ICertificateAuthority;
  readonly phase: CaRotationPhase;
  /** The CA that issues every certificate of the cluster in this phase. */
  readonly issuer: ICertificateAuthority;
  /** What every peer trusts in this phase. */
  readonly bundle: CaBundle;
}

const ROTATION_PROPS = ['from', 'to', 'phase', 'deployedPhase'] as const;

/** Checks the rotation (order, CAs) and returns what the phase issues with and trusts. */
export function resolveCaRotation(scope: IConstruct, field: string, rotation: CaRotation, ca: ICertificateAuthority | undefined): ResolvedCaRotation {
  checkProps(scope, field, rotation, ROTATION_PROPS, 'a CaRotation { from, to, phase, deployedPhase? }');
  const { from, to, phase } = rotation;
  const deployed = rotation.deployedPhase ?? 'none';
  checkCertificateAuthority(scope, `${field}.from`, from);
  checkCertificateAuthority(scope, `${field}.to`, to);
  if (from === to) invalid(scope, `${field}.to`, to.node.path, `must be another CA than \`${field}.from\``);
  if (ca !== undefined) {
    invalid(scope, 'ca', ca.node.path, `must not be given with \`${field}\`: the rotation phase decides which CA issues the certificates (\`${field}.from\` until ${CaRotationPhase.ISSUE_WITH_NEW}, then \`${field}.to\`)`);
  }
  checkEnum(scope, `${field}.phase`, phase, CaRotationPhase, 'CaRotationPhase');
  if (deployed !== 'none' && !(Object.values(CaRotationPhase) as string[]).includes(deployed)) {
    invalid(scope, `${field}.deployedPhase`, deployed, `must be 'none' or one of ${Object.keys(CaRotationPhase).map((k) => `CaRotationPhase.${k}`).join(', ')}`);
  }
  const order = ORDER.slice(1).join(' → ');
  const why = phase === CaRotationPhase.DROP_OLD
    ? `certificates signed by ${from.node.path} are still in use until ${CaRotationPhase.ISSUE_WITH_NEW} is deployed, and dropping that CA from the bundles would cut them off`
    : `peers would receive certificates from ${to.node.path} before they trust it`;
  checkNextStep(scope, `${field}.phase`, ORDER, deployed, phase, {
    noun: 'phase',
    back: `a CA is rotated in the order ${order}, one phase per deploy`,
    skip: `the order is ${order}, one phase per deploy; ${why}`,
  });
  const issuer = phase === CaRotationPhase.TRUST_BOTH ? from : to;
  const bundle = phase === CaRotationPhase.DROP_OLD ? CaBundle.of(to) : CaBundle.of(from, to);
  return { from, to, phase, issuer, bundle };
}

/** At DROP_OLD nothing may still trust the old CA: a client trust bundle given by hand must leave it out too. */
export function checkOldCaDropped(scope: IConstruct, field: string, rotation: ResolvedCaRotation, bundle: CaBundle): void {
  if (rotation.phase === CaRotationPhase.DROP_OLD && bundle.authorities.includes(rotation.from)) {
    invalid(scope, field, bundle.authorities.map((a) => a.node.path),
      `must not contain ${rotation.from.node.path} in phase ${CaRotationPhase.DROP_OLD}: that phase removes the old CA from every bundle`);
  }
}
