import { IConstruct } from 'constructs';
import { invalid } from '../core/errors';

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

export const MIN_WAIVER_REASON_LENGTH = 20;
export const MIN_WAIVER_REASON_WORDS = 4;

/** Reasons that say nothing, whatever their length. */
const PLACEHOLDERS = /^(todo|tbd|fixme|n\/?a|none|null|nil|test(ing)?|temp(orary)?|wip|xxx+|ok|okay|because|needed|required|legacy|waived?|ignore[ds]?|later|fix later|will fix later|see ticket|no reason|not needed)$/i;

/**
 * Rejects a waiver without a reason of substance: missing, shorter than 20 characters or 4 words,
 * a placeholder (`TODO`, `n/a`, `temporary` …), one character repeated, or the rule id itself.
 */
export function checkWaiver(scope: IConstruct, field: string, waiver: Waiver | undefined, ruleId?: string): void {
  if (waiver === undefined || waiver === null || typeof waiver !== 'object') {
    invalid(scope, field, waiver, 'must be a waiver { reason, approvedBy? }');
  }
  const reason = waiver.reason;
  const expected = `must explain the exception in at least ${MIN_WAIVER_REASON_LENGTH} characters and ${MIN_WAIVER_REASON_WORDS} words `
    + '(what needs the insecure setting, why it is acceptable, and until when), not a placeholder';
  if (typeof reason !== 'string') invalid(scope, `${field}.reason`, reason, expected);
  const text = reason.trim();
  const words = text.split(/\s+/).filter((w) => /[\p{L}\p{N}]{2,}/u.test(w));
  const letters = text.replace(/[^\p{L}\p{N}]/gu, '').toLowerCase();
  if (text.length < MIN_WAIVER_REASON_LENGTH || words.length < MIN_WAIVER_REASON_WORDS
    || PLACEHOLDERS.test(text.replace(/[.!\s]+$/, ''))
    || new Set(letters).size < 5
    || (ruleId !== undefined && text.toUpperCase().replace(/[^A-Z0-9]/g, '') === ruleId)) {
    invalid(scope, `${field}.reason`, reason, expected);
  }
  if (waiver.approvedBy !== undefined && (typeof waiver.approvedBy !== 'string' || waiver.approvedBy.trim() === '')) {
    invalid(scope, `${field}.approvedBy`, waiver.approvedBy, 'must be a non-empty string when given');
  }
}
