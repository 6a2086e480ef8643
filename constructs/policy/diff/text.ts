import { mdCode, mdText } from '../report/escape';

// How the diff shows input strings: through escape.ts (mdCode for names that must read exactly, mdText for prose),
// each cut to a length a comment line can hold. report.json is hostile: a megabyte-long "reason" must not take
// the comment's whole budget, so a cut says how much was left out.

/** Longest prose shown, in code points: a waiver reason's own limit (constructs/core/reason.ts). */
export const TEXT_MAX = 1000;
/** Longest name shown: a construct path, a subject, a Kubernetes name (253) fit. */
export const NAME_MAX = 300;

function cut(s: string, max: number): string {
  if (s.length <= max) return s;
  const cps = Array.from(s);
  return cps.length <= max ? s : `${cps.slice(0, max).join('')}… (${cps.length - max} more characters)`;
}

/** A name that must read exactly (a construct path, a subject, an address): a code span. */
export function code(s: string): string {
  return mdCode(cut(s, NAME_MAX)) || '(empty)';
}

/** Prose from the input (a waiver reason, a rule's message). */
export function text(s: string): string {
  return mdText(cut(s, TEXT_MAX)) || '(empty)';
}

/** Hours as the report writes them: days when whole. */
export function hours(h: number | undefined): string {
  if (h === undefined) return 'unknown';
  return h % 24 === 0 ? `${h / 24} days` : `${h} hours`;
}

/** A list of input names as code spans, at most `max` of them, then "and K more". */
export function codes(items: readonly string[], max = 5): string {
  const shown = items.slice(0, max).map(code).join(', ');
  return items.length > max ? `${shown} and ${items.length - max} more` : shown;
}
