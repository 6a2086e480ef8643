import { htmlText } from './escape';

// The Markdown building blocks of report.md. Every argument that holds input arrives escaped (mdCell, mdCellCode,
// mdText, mdCode); `details` escapes its summary itself, because raw HTML takes no Markdown escape.

/** What a GitHub pull-request comment holds at most, in characters. */
export const COMMENT_MAX_CHARS = 65_536;
/** Mermaid 11's default `maxTextSize`: a longer diagram shows "Maximum text size in diagram exceeded". */
export const MERMAID_MAX_CHARS = 50_000;
/** Mermaid 11's default `maxEdges`. */
export const MERMAID_MAX_EDGES = 500;

/** A GFM table. The header is ours; every cell arrives escaped, so a row is one line. */
export function table(header: readonly string[], rows: readonly (readonly string[])[]): string[] {
  return [`| ${header.join(' | ')} |`, `| ${header.map(() => '---').join(' | ')} |`, ...rows.map((r) => `| ${r.join(' | ')} |`)];
}

/**
 * A collapsed `<details>` block: the summary on the opening line (HTML-escaped, so input cannot close it), the
 * body as Markdown between blank lines (GitHub renders Markdown inside only after a blank line).
 */
export function details(summary: string, body: readonly string[]): string[] {
  return [`<details><summary>${htmlText(summary)}</summary>`, '', ...body, '', '</details>', ''];
}

/** `n word` or `n words`. The words are ours and all take an `s`. */
export function count(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** The line after a cut list: how many more, and where they all are. */
export function more(total: number, shown: number, what: string): string[] {
  return total > shown ? ['', `… and ${total - shown} more ${what}: the full inventory is in report.json.`] : [];
}

/** The items of a list as one sentence: the first `max`, then "and K more". */
export function firstOf(items: readonly string[], max: number, sep = ', '): string {
  const shown = items.slice(0, max).join(sep);
  return items.length > max ? `${shown}${sep}and ${items.length - max} more` : shown;
}
