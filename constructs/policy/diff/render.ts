import { compareCodeUnits } from '../../core/order';
import { AREAS, Change, Impact, PostureSide } from './posture';
import { code } from './text';

// The diff as a pull-request comment. The limits are report.md's: under 65,536 characters in all, tables of at
// most four short columns, the verdict on the first line, every weakening change listed before anything else
// and in full as far as the size allows; the other changes at most OTHER_SHOWN per area, then "and K more".

/** What a GitHub comment holds (characters; a JavaScript string length counts UTF-16 code units, never fewer). */
export const COMMENT_LIMIT = 65_536;
/** The diff's own ceiling: room for the closing lines and, in a combined comment, the start of report.md. */
const DIFF_BUDGET = 60_000;
const OTHER_SHOWN = 30;
/** Items of each area shown before any area gets more. */
const FAIR_SHARE = 10;
/** Room kept for the "and K more" lines of one section (at most one per area, each under 300 characters). */
const MORE_RESERVE = 2_500;

export interface RenderedDiff {
  readonly markdown: string;
  readonly worse: number;
  readonly better: number;
  readonly neutral: number;
}

/** "kind (n), …" for the `max` most frequent kinds of change. */
function counts(changes: readonly Change[], max = Number.POSITIVE_INFINITY): string {
  const byKind = new Map<string, number>();
  for (const c of changes) byKind.set(c.kind, (byKind.get(c.kind) ?? 0) + 1);
  return [...byKind].sort((a, b) => b[1] - a[1] || compareCodeUnits(a[0], b[0])).slice(0, max).map(([k, n]) => `${k} (${n})`).join(', ');
}

/** Renders the changes; `base` and `head` only name the reports compared. */
export function renderChanges(changes: readonly Change[], base: PostureSide, head: PostureSide): RenderedDiff {
  const worse = changes.filter((c) => c.impact === Impact.WORSE);
  const better = changes.filter((c) => c.impact === Impact.BETTER);
  const neutral = changes.filter((c) => c.impact === Impact.NEUTRAL);
  const result = { worse: worse.length, better: better.length, neutral: neutral.length };
  if (changes.length === 0) {
    return { ...result, markdown: '**tlsfleet posture diff: no change** to listeners, waivers, rule results, certificates, key deliveries, trust or clusters.\n' };
  }
  const lines: string[] = [];
  if (worse.length) lines.push(`**tlsfleet posture diff: worse.** ${worse.length} of ${changes.length} change(s) weaken security: ${counts(worse)}.`);
  else lines.push(`**tlsfleet posture diff: not worse.** ${changes.length} change(s), none weakens security${better.length ? `; ${better.length} strengthen it` : ''}.`);
  lines.push('', `Base: tlsfleet ${code(base.version)}, ${base.stacks.length} stack(s). Head: tlsfleet ${code(head.version)}, ${head.stacks.length} stack(s).`, '');
  const used = AREAS.filter((a) => changes.some((c) => c.area === a));
  lines.push('| Area | Weaker | Stronger | Other |', '| --- | --- | --- | --- |');
  for (const a of used) {
    const n = (i: Impact): number => changes.filter((c) => c.area === a && c.impact === i).length;
    lines.push(`| ${a} | ${n(Impact.WORSE) ? `**${n(Impact.WORSE)}**` : 0} | ${n(Impact.BETTER)} | ${n(Impact.NEUTRAL)} |`);
  }
  lines.push('');

  let size = lines.reduce((n, l) => n + l.length + 1, 0);
  const force = (l: string): void => {
    lines.push(l);
    size += l.length + 1;
  };
  const item = (c: Change): string => `- **${c.area}:** ${c.markdown}`;
  const section = (title: string, list: readonly Change[], cap: number): void => {
    if (!list.length) return;
    // Headings and "and K more" lines are short and always written: the budget leaves room for them.
    force(`### ${title} (${list.length})`);
    force('');
    const byArea = AREAS.map((a) => list.filter((c) => c.area === a));
    // How many of each area fit: first up to FAIR_SHARE of every area, then the rest in area order, so one
    // area's thousands of items cannot hide another area's first ones.
    const shown = byArea.map(() => 0);
    let room = DIFF_BUDGET - size - MORE_RESERVE;
    for (const limit of [FAIR_SHARE, cap]) {
      byArea.forEach((here, i) => {
        while (shown[i] < Math.min(limit, cap, here.length) && item(here[shown[i]]).length + 1 <= room) {
          room -= item(here[shown[i]]).length + 1;
          shown[i]++;
        }
      });
    }
    byArea.forEach((here, i) => {
      here.slice(0, shown[i]).forEach((c) => force(item(c)));
      if (shown[i] < here.length) force(`- **${AREAS[i]}:** … and ${here.length - shown[i]} more (${counts(here.slice(shown[i]), 3)}); \`npx tlsfleet diff\` on the two synths lists them all.`);
    });
    force('');
  };
  section('Weakens security', worse, Number.POSITIVE_INFINITY);
  section('Strengthens security', better, OTHER_SHOWN);
  section('Other changes', neutral, OTHER_SHOWN);
  return { ...result, markdown: `${lines.join('\n').replace(/\n+$/, '')}\n` };
}
