import { IConstruct } from 'constructs';
import { invalid } from '../core/errors';

/**
 * An explicit, reviewed exception to a secure default. Every insecure setting in tlsfleet takes
 * a waiver instead of a boolean, so the reason shows up in code review and in the review report.
 */
export interface Waiver {
  /** Why the insecure setting is acceptable here; at least 10 characters a reviewer can read. */
  readonly reason: string;
  /** Who approved it (a person, team or ticket). @default - not recorded */
  readonly approvedBy?: string;
}

export const MIN_WAIVER_REASON_LENGTH = 10;

/** Rejects a waiver without a readable reason. */
export function checkWaiver(scope: IConstruct, field: string, waiver: Waiver | undefined): void {
  if (waiver === undefined) return;
  const reason = typeof waiver === 'object' && waiver !== null ? waiver.reason : undefined;
  if (typeof reason !== 'string' || reason.trim().length < MIN_WAIVER_REASON_LENGTH) {
    invalid(scope, `${field}.reason`, reason, `must explain the exception in at least ${MIN_WAIVER_REASON_LENGTH} characters`);
  }
}
