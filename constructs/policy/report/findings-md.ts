import { count } from './blocks';
import { mdCode, mdText } from './escape';
import { Finding, FindingKind, KINDS, MARK, Tally } from './findings';

// The findings at the top of report.md, at three levels: in full (one item per finding, its message and, for a
// waived one, the reason and approver), compact (findings of one rule with the same message shape and waiver
// grouped, with every construct path), or, when even that cannot fit a comment, cut to the room there is, with
// the verdict saying so and pointing at report.json.

export type FindingsLevel = 'full' | 'compact' | 'truncated';

const HEADINGS: Readonly<Record<FindingKind, string>> = {
  open: 'Open violations: insecure, not waived',
  waived: 'Waived violations: insecure, accepted with a reason',
  undecided: 'Not decidable at synth (Terraform references)',
};
const NOUN: Readonly<Record<FindingKind, string>> = { open: 'violation', waived: 'waived violation', undecided: 'check' };

/** The verdict line: the first thing a reviewer reads. */
export function verdict(t: Tally, waivers: number, truncated: boolean): string {
  const undecided = t.undecided ? ` ${count(t.undecided, 'check')} not decidable at synth, listed below.` : '';
  if (t.open) return `**Not safe to merge: ${count(t.open, 'open violation')}**${t.waived ? `, ${t.waived} waived` : ''}.${undecided}`;
  if (truncated) return '**Not verified in this comment: the list of findings is cut to fit; report.json holds them all.**';
  if (t.waived) return `**Passes with ${count(waivers, 'waiver')}** (${count(t.waived, 'waived violation')}): review each reason below.${undecided}`;
  return `**Passes: no violations, no waivers.**${undecided}`;
}

function heading(kind: FindingKind, n: number): string {
  return `### ${HEADINGS[kind]} (${n})`;
}

function waiverLines(w: NonNullable<Finding['waiver']>): string[] {
  return [`  - Reason: ${mdText(w.reason)}`, `  - Approved by: ${w.approvedBy ? mdText(w.approvedBy) : 'nobody named'}; waiver on ${mdCode(w.path)}`];
}

/** One item per finding. */
export function fullFindings(findings: readonly Finding[]): string[] {
  const out: string[] = [];
  for (const kind of KINDS) {
    const of = findings.filter((f) => f.kind === kind);
    if (!of.length) continue;
    out.push(heading(kind, of.length), '');
    for (const f of of) {
      out.push(`- **${MARK[kind]}** ${f.rule} ${mdText(f.title)}: ${mdCode(f.path)}: ${mdText(f.message)}`);
      if (f.waiver) out.push(...waiverLines(f.waiver));
    }
    out.push('');
  }
  return out;
}

interface Group {
  readonly kind: FindingKind;
  readonly first: Finding;
  readonly template: string;
  readonly paths: string[];
}

/**
 * Findings of one kind, rule and waiver whose messages have the same number of words, grouped: the words that
 * differ become `…` (`Alternator on port 8043 in datacenter dc1 … the TLS versions are not pinned`).
 */
export function groupFindings(findings: readonly Finding[]): Group[] {
  const buckets = new Map<string, Finding[]>();
  for (const f of findings) {
    const words = f.message.split(' ');
    const key = JSON.stringify([f.kind, f.stack, f.rule, f.waiver?.path, f.waiver?.reason, f.waiver?.approvedBy, words.length]);
    const list = buckets.get(key);
    if (list) list.push(f);
    else buckets.set(key, [f]);
  }
  return [...buckets.values()].map((list) => {
    const words = list.map((f) => f.message.split(' '));
    const first = words[0];
    const same = first.map((w, i) => words.every((ws) => ws[i] === w));
    const template = first.map((w, i) => (same[i] ? w : '…')).filter((w, i, a) => w !== '…' || a[i - 1] !== '…').join(' ');
    return { kind: list[0].kind, first: list[0], template, paths: [...new Set(list.map((f) => f.path))] };
  });
}

function groupHead(g: Group, n: number): string {
  const what = n === 1 ? '' : `, ${count(n, NOUN[g.kind])}`;
  return `- **${MARK[g.kind]}** ${g.first.rule} ${mdText(g.first.title)}${what}: ${mdText(g.template)}`;
}

/** Grouped by rule, message shape and waiver, with every construct path. */
export function compactFindings(findings: readonly Finding[]): string[] {
  return cutFindings(findings, Infinity).lines;
}

/**
 * The compact list within `maxChars`: groups in order, each group's paths while they fit; what is left out is
 * counted. `cut` is how many findings are not named.
 */
export function cutFindings(findings: readonly Finding[], maxChars: number): { lines: string[]; cut: number } {
  const groups = groupFindings(findings);
  const out: string[] = [];
  let size = 0;
  let cut = 0;
  const push = (...lines: string[]): void => {
    out.push(...lines);
    size += lines.reduce((n, l) => n + l.length + 1, 0);
  };
  // Room kept for the last line that says what was left out.
  const reserve = 200;
  for (const kind of KINDS) {
    const of = groups.filter((g) => g.kind === kind);
    if (!of.length) continue;
    const total = of.reduce((n, g) => n + g.paths.length, 0);
    const head = heading(kind, findings.filter((f) => f.kind === kind).length);
    if (size + head.length + reserve > maxChars) {
      cut += total;
      continue;
    }
    push(head, '');
    for (const g of of) {
      const first = groupHead(g, g.paths.length);
      const extra = g.first.waiver ? waiverLines(g.first.waiver) : [];
      const fixed = first.length + extra.reduce((n, l) => n + l.length + 1, 0) + 16;
      if (size + fixed + reserve > maxChars) {
        cut += g.paths.length;
        continue;
      }
      const room = maxChars - size - fixed - reserve;
      const shown: string[] = [];
      let used = 0;
      for (const p of g.paths) {
        const code = mdCode(p);
        if (used + code.length + 2 > room) break;
        shown.push(code);
        used += code.length + 2;
      }
      cut += g.paths.length - shown.length;
      if (shown.length === 0) continue;
      const left = g.paths.length - shown.length;
      push(first, ...extra, `  - at ${shown.join(', ')}${left ? `${shown.length ? ', ' : ''}and ${left} more (in report.json)` : ''}`);
    }
    push('');
  }
  if (cut) push(`**${count(cut, 'finding')} not named here for lack of room: report.json holds every one.**`, '');
  return { lines: out, cut };
}

/** The note above a compact or cut list. */
export function findingsNote(level: FindingsLevel, cut: number, total: number): string[] {
  if (level === 'full') return [];
  if (level === 'compact') {
    return ['Listed compactly, so that the comment holds them all: findings of one rule with the same message shape are one item, '
      + 'with every construct path; `…` stands for the words that differ. report.json holds each message.', ''];
  }
  return ['> [!CAUTION]', `> **This list is truncated:** ${total - cut} of ${total} findings are named below; report.json holds all of them.`, ''];
}
