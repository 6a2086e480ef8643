import { IConstruct } from 'constructs';
import { checkWaiver, Waiver } from './waiver';

/** How a setting relates to tlsfleet's secure defaults. */
export enum FindingStatus {
  /** The secure default, or stronger. */
  SECURE = 'secure',
  /** Insecure, accepted by an explicit waiver. */
  WAIVED = 'waived',
}

/** One security-relevant fact about a construct, for the review report. */
export interface Finding {
  /** Construct path. */
  readonly path: string;
  /** Short name of the control, for example `alternator.authorization`. */
  readonly control: string;
  readonly status: FindingStatus;
  /** What is configured, in words. */
  readonly detail: string;
  /** The waiver, for WAIVED findings. */
  readonly waiver?: Waiver;
}

const findings = new WeakMap<IConstruct, Finding[]>();

/**
 * The security posture of an app: constructs record what they configured, the policy layer
 * reads it. Recording never builds resources.
 */
export class SecurityPosture {
  /** Records a secure setting. */
  public static secure(scope: IConstruct, control: string, detail: string): void {
    SecurityPosture.record(scope, { path: scope.node.path, control, status: FindingStatus.SECURE, detail });
  }

  /** Records an insecure setting accepted by `waiver`, after checking the waiver has a reason. */
  public static waived(scope: IConstruct, control: string, detail: string, waiver: Waiver, field: string): void {
    checkWaiver(scope, field, waiver);
    SecurityPosture.record(scope, { path: scope.node.path, control, status: FindingStatus.WAIVED, detail, waiver });
  }

  /** Every finding recorded under `scope`'s root, sorted by path and control. */
  public static findings(scope: IConstruct): Finding[] {
    return [...(findings.get(scope.node.root) ?? [])]
      .sort((a, b) => (a.path === b.path ? a.control.localeCompare(b.control) : a.path.localeCompare(b.path)));
  }

  private static record(scope: IConstruct, finding: Finding): void {
    const root = scope.node.root;
    const list = findings.get(root) ?? [];
    list.push(finding);
    findings.set(root, list);
  }
}
