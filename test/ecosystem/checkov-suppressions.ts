// The one place Checkov findings are accepted. Each entry needs a reason a reviewer can check, and the README's
// "Checkov" subsection must list its check id with the same justification. test/ecosystem/checkov.test.ts fails on
// an entry that no longer matches a failed check, so the list cannot outlive the findings it excuses.
//
// Prefer fixing the construct: suppress only a finding that is wrong for this project.

export interface CheckovSuppression {
  /** Checkov check id, for example `CKV_K8S_21`. */
  readonly checkId: string;
  /**
   * `<app>/<stack>` (for example `reference/reference`).
   * @default - every synthesized stack
   */
  readonly stack?: string;
  /**
   * Terraform address `<type>.<name>` as in cdk.tf.json.
   * @default - every resource the check fails on
   */
  readonly resource?: string;
  /** Why the finding does not apply; at least 20 characters. */
  readonly reason: string;
}

export const CHECKOV_SUPPRESSIONS: readonly CheckovSuppression[] = [];
