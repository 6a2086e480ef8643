import { IConstruct } from 'constructs';
import { invalid } from './errors';

export const MIN_REASON_LENGTH = 20;
export const MIN_REASON_WORDS = 4;
const MAX_REASON_LENGTH = 1000;

/** Reasons that say nothing, whatever their length. */
const PLACEHOLDERS = /^(todo|tbd|fixme|n\/?a|none|null|nil|test(ing)?|temp(orary)?|wip|xxx+|ok|okay|because|needed|required|legacy|waived?|ignore[ds]?|later|fix later|will fix later|see ticket|no reason|not needed)$/i;
/** Words that mark a reason as not yet written, wherever they stand. */
const UNFINISHED = /\b(todo|tbd|fixme|xxx+|placeholder|lorem ipsum|fill (this )?in|write (the )?(real )?reason|fix later)\b|^\s*(n\/?a|tbd|wip)\b/i;
/** Markup is not reason: tags are dropped before the words are counted. */
const MARKUP = /<[^>]*>|&[#a-z0-9]+;/gi;
/** C0/C1 controls and line or paragraph separators: a reason is one line in every report format. */
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/;

/**
 * Rejects a reason without substance, for a waiver or an acknowledged manual control: missing,
 * shorter than 20 characters or 4 distinct words, a placeholder or an unfinished one (`TODO`
 * anywhere), a word repeated to reach the length, the rule id itself, or more than one line.
 */
export function checkReason(scope: IConstruct, field: string, reason: unknown, ruleId?: string): void {
  const expected = `must explain the exception in at least ${MIN_REASON_LENGTH} characters and ${MIN_REASON_WORDS} words, all different, on one line `
    + `of at most ${MAX_REASON_LENGTH} characters (what needs it, why it is acceptable, until when), not a placeholder such as TODO`;
  if (typeof reason !== 'string') invalid(scope, field, reason, expected);
  const text = reason.trim();
  const words = text.replace(MARKUP, ' ').toLowerCase().split(/\s+/).filter((w) => /[\p{L}\p{N}]{2,}/u.test(w)).map((w) => w.replace(/[^\p{L}\p{N}]/gu, ''));
  const letters = text.replace(MARKUP, ' ').replace(/[^\p{L}\p{N}]/gu, '').toLowerCase();
  if (text.length < MIN_REASON_LENGTH || text.length > MAX_REASON_LENGTH || CONTROL.test(reason)
    || new Set(words).size < MIN_REASON_WORDS
    || PLACEHOLDERS.test(text.replace(/[.!\s]+$/, ''))
    || UNFINISHED.test(text)
    || new Set(letters).size < 5
    || (ruleId !== undefined && text.toUpperCase().replace(/[^A-Z0-9]/g, '') === ruleId)) {
    invalid(scope, field, reason, expected);
  }
}

/** Who approved or did something: a person, team or ticket, on one line. */
export function checkApprover(scope: IConstruct, field: string, value: unknown, what = 'who approved it (a person, team or ticket)'): void {
  if (typeof value !== 'string' || value.trim() === '' || value.length > 200 || CONTROL.test(value)) {
    invalid(scope, field, value, `must name ${what} on one line, at most 200 characters`);
  }
}
