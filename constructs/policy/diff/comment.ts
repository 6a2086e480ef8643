import { COMMENT_LIMIT } from './render';

// One pull-request comment of the diff and the head's report.md. The diff comes first and whole; report.md
// follows as far as the limit allows, cut only where its structure is closed (outside a code fence such as the
// Mermaid block, outside any <details> block), preferably before a heading, with a line saying where the rest is.

const SEPARATOR = '\n\n---\n\n';

function notice(shown: number, total: number): string {
  return `\n\n*report.md cut here to fit one comment (${shown} of ${total} characters shown): the whole report is report.md, report.json and report.sarif in the workflow's artifacts.*\n`;
}

/** Offsets in `md` where a cut leaves no open fence, <details> or HTML comment: each line start at depth 0, headings marked. */
function safeCuts(md: string): { at: number; heading: boolean }[] {
  const cuts: { at: number; heading: boolean }[] = [];
  let fence: string | undefined;
  let details = 0;
  let comment = false;
  let at = 0;
  for (const line of md.split('\n')) {
    if (fence === undefined && details === 0 && !comment) cuts.push({ at, heading: /^#{1,6} /.test(line) });
    const f = /^ {0,3}(`{3,}|~{3,})/.exec(line);
    if (f && (fence === undefined || (f[1][0] === fence[0] && f[1].length >= fence.length && line.trim() === f[1]))) fence = fence === undefined ? f[1] : undefined;
    else if (fence === undefined) {
      // An HTML comment left open would hide the notice and everything after it.
      const open = line.lastIndexOf('<!--');
      const close = line.lastIndexOf('-->');
      if (open >= 0 && close < open) comment = true;
      else if (comment && close >= 0) comment = false;
      details += (line.match(/<details[\s>]/g) ?? []).length;
      details -= (line.match(/<\/details>/g) ?? []).length;
      if (details < 0) details = 0;
    }
    at += line.length + 1;
  }
  return cuts;
}

/** The diff, then as much of report.md as fits in `limit` characters. */
export function combineComment(diff: string, report: string, limit: number = COMMENT_LIMIT): string {
  const head = diff.replace(/\n+$/, '');
  if (head.length > limit) throw new Error(`the diff alone is ${head.length} characters, over the ${limit} a comment holds`);
  const whole = `${head}${SEPARATOR}${report.replace(/\n+$/, '')}\n`;
  if (whole.length <= limit) return whole;
  const room = limit - head.length - SEPARATOR.length - notice(report.length, report.length).length;
  const cuts = safeCuts(report).filter((c) => c.at <= room && c.at > 0);
  const best = [...cuts].reverse().find((c) => c.heading) ?? cuts[cuts.length - 1];
  // A heading cut that leaves a fifth of the room unused loses too much: take the last safe line then.
  const cut = best && cuts.length && best.at < room * 0.8 ? cuts[cuts.length - 1] : best;
  if (!cut) return `${head}${SEPARATOR}*report.md does not fit in this comment: it is in the workflow's artifacts.*\n`;
  const shown = report.slice(0, cut.at).replace(/\n+$/, '');
  return `${head}${SEPARATOR}${shown}${notice(shown.length, report.length)}`;
}
