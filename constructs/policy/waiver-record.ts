import { IConstruct } from 'constructs';

/**
 * An explicit, reviewed exception to one policy rule, for one construct and everything below it.
 * The reason shows up in code review, in the synth error when it is missing, and in the report.
 */
export interface Waiver {
  /** Why the exception is acceptable here: at least 20 characters and 4 words a reviewer can check. */
  readonly reason: string;
  /** Who approved it (a person, team or ticket). @default - not recorded */
  readonly approvedBy?: string;
}

/** A waiver as the policy holds it. */
export interface WaiverRecord extends Waiver {
  readonly ruleId: string;
  /** The construct the waiver is on; it covers that construct and its descendants. */
  readonly scope: IConstruct;
  readonly path: string;
}

