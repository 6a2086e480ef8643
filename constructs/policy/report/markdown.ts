import { certificatesSection } from './certificates-md';
import { clustersSection } from './clusters-md';
import { COMMENT_MAX_CHARS, count, details, table } from './blocks';
import { mdCell, mdCellCode, mdCode, mdText } from './escape';
import { Finding, FindingIndex, findingsOf, tally } from './findings';
import { cutFindings, compactFindings, findingsNote, FindingsLevel, fullFindings, verdict } from './findings-md';
import { trustChains } from './mermaid';
import { PolicyReport, StackReport } from './model';

// report.md: what a pull-request comment shows. The first screen says whether the change is safe (the verdict,
// the counts, then every open violation, waiver and undecided check); the inventory follows at the most detailed
// level that keeps the whole document within a comment. Every string that is not this file's own text goes
// through escape.ts: text through mdText / mdCell, names that must read exactly (paths, subjects, addresses)
// through mdCode / mdCellCode.

/**
 * The most characters report.md has: a comment holds 65,536; the rest is room for what a CI step puts around
 * it (a heading, a link to the run).
 */
export const REPORT_MARKDOWN_MAX_CHARS = 65_000;

/** How much of each stack's inventory is written: certificates and clusters in detail, CAs and namespaces counted. */
interface Plan {
  readonly certificates: number;
  readonly clusters: number;
  readonly groups: number;
}

/** From everything to counts only; the first whose document fits is used. */
const PLANS: readonly Plan[] = [
  { certificates: Infinity, clusters: Infinity, groups: Infinity },
  { certificates: 100, clusters: 20, groups: 20 },
  { certificates: 50, clusters: 10, groups: 15 },
  { certificates: 20, clusters: 5, groups: 10 },
  { certificates: 10, clusters: 3, groups: 5 },
  { certificates: 0, clusters: 0, groups: 5 },
];

const size = (lines: readonly string[]): number => lines.reduce((n, l) => n + l.length + 1, 0);

/** `report.md`, at most `maxChars` characters (UTF-16 code units, which never undercount GitHub's characters). */
export function renderMarkdown(report: PolicyReport, maxChars: number = REPORT_MARKDOWN_MAX_CHARS): string {
  if (!Number.isInteger(maxChars) || maxChars < 4000 || maxChars >= COMMENT_MAX_CHARS) {
    throw new Error(`renderMarkdown: maxChars must be an integer from 4000 to ${COMMENT_MAX_CHARS - 1}, got ${maxChars}`);
  }
  const findings = findingsOf(report);
  const byStack = new Map<string, Finding[]>(report.stacks.map((st) => [st.name, []]));
  findings.forEach((f) => byStack.get(f.stack)!.push(f));
  const indexes = report.stacks.map((st) => new FindingIndex(byStack.get(st.name)!));
  // The level each stack's trust chain has with no other text around it: a plan that leaves room for it is
  // preferred to one that lists more rows and draws the chain coarser.
  const chains = report.stacks.map((st, i) => trustChains(st, indexes[i]));
  const ideal = chains.map((chain) => chain()?.level);
  const sections = new Map<Plan, string[][]>();
  const stackSections = (plan: Plan): string[][] => {
    let s = sections.get(plan);
    if (!s) {
      s = report.stacks.map((st, i) => stackSection(report, st, indexes[i], plan));
      sections.set(plan, s);
    }
    return s;
  };

  /** The document with these findings and this much inventory (undefined: no inventory), or undefined when too long. */
  const render = (level: FindingsLevel, listed: string[], cut: number, plan: Plan | undefined): { text: string; complete: boolean } | undefined => {
    const pre = [...head(report, findings, level, cut), ...listed];
    if (!plan) {
      pre.push('## Inventory', '', 'The inventory does not fit in this comment beside the findings: report.json holds every stack\'s clusters, '
        + 'certificates and rule results.', '');
      const text = pre.join('\n');
      return text.length <= maxChars ? { text, complete: false } : undefined;
    }
    pre.push(...summary(report, byStack));
    const stacks = stackSections(plan);
    const tail = ruleReference(report);
    let room = maxChars - size(pre) - stacks.reduce((n, s) => n + size(s), 0) - size(tail);
    if (room < 0) return undefined;
    let complete = true;
    const withDiagrams = report.stacks.map((_st, i) => {
      // Each remaining stack gets an equal share of the room left; what one leaves over goes to the next.
      const share = Math.floor(room / (report.stacks.length - i));
      const chain = chains[i](share - 200);
      const lines = chain
        ? ['```mermaid', ...chain.lines, '```', '', ...(chain.legend ? [chain.legend, ''] : [])]
        : ['The trust chain is too large to draw in this comment; report.json has every certificate and where it is delivered.', ''];
      if (chain?.level !== ideal[i]) complete = false;
      room -= size(lines);
      return [...stacks[i], ...lines];
    });
    const text = [...pre, ...withDiagrams.flat(), ...tail].join('\n');
    return text.length <= maxChars ? { text, complete } : undefined;
  };
  // A shown certificate takes a table row and a details item (60 characters at the least), a cluster its heading
  // and listener table (150): a plan that cannot fit by that count alone is not rendered at all.
  const certificates = report.stacks.reduce((n, st) => n + st.certificates.length, 0);
  const clusters = report.stacks.reduce((n, st) => n + st.clusters.length, 0);
  const possible = (plan: Plan): boolean => Math.min(plan.certificates, certificates) * 60 + Math.min(plan.clusters, clusters) * 150 <= maxChars;
  // First the most inventory that leaves room for each trust chain at its best level; failing that, the most
  // inventory that fits with the chains drawn coarser.
  const withPlans = (level: FindingsLevel, listed: string[]): string | undefined => {
    for (const strict of [true, false]) {
      for (const [i, plan] of PLANS.entries()) {
        if (i < PLANS.length - 1 && !possible(plan)) continue;
        const r = render(level, listed, 0, plan);
        if (r && (r.complete || !strict)) return r.text;
      }
    }
    return undefined;
  };

  const full = withPlans('full', fullFindings(findings));
  if (full !== undefined) return full;
  const compact = compactFindings(findings);
  const grouped = withPlans('compact', compact) ?? render('compact', compact, 0, undefined)?.text;
  if (grouped !== undefined) return grouped;
  // Even the compact list does not fit: name what fits, and say at the top that the list is cut.
  const frame = render('truncated', [], findings.length, undefined)!.text.length;
  const { lines, cut } = cutFindings(findings, maxChars - frame - 200);
  return render('truncated', lines, cut, undefined)?.text ?? render('truncated', [], findings.length, undefined)!.text;
}

function head(report: PolicyReport, findings: readonly Finding[], level: FindingsLevel, cut: number): string[] {
  const s = report.summary;
  const t = tally(findings);
  return [
    '# tlsfleet security review',
    '',
    verdict(t, s.waivers, level === 'truncated'),
    '',
    [count(s.stacks, 'stack'), count(s.clusters, 'cluster'), count(s.endpoints, 'listener'), count(s.certificates, 'certificate'),
      count(t.open, 'open violation'), `${count(t.waived, 'waived violation')} under ${count(s.waivers, 'waiver')}`,
      `${count(t.undecided, 'check')} not decidable at synth`, `tlsfleet ${report.tool.version}`].join(' · '),
    '',
    ...findingsNote(level, cut, findings.length),
  ];
}

function summary(report: PolicyReport, byStack: ReadonlyMap<string, readonly Finding[]>): string[] {
  return ['## Summary', '', ...table(['Stack', 'Clusters', 'Certificates', 'Result'], report.stacks.map((st) => {
    const t = tally(byStack.get(st.name) ?? []);
    const result = t.open ? `**FAIL** ${t.open} open${t.waived ? `, ${t.waived} waived` : ''}` : t.waived ? `**WAIVED** ${t.waived}` : 'pass';
    return [mdCellCode(st.name), mdCell(st.clusters.length), mdCell(st.certificates.length), `${result}${t.undecided ? `, ${t.undecided} undecided` : ''}`];
  })), ''];
}

const RESULT: Readonly<Record<string, string>> = { pass: 'pass', waived: '**WAIVED**', fail: '**FAIL**', 'not applicable': 'not applicable' };

/** A stack's section up to its trust chain (which renderMarkdown adds with the room left). */
function stackSection(report: PolicyReport, st: StackReport, index: FindingIndex, plan: Plan): string[] {
  const severity = new Map(report.rules.map((r) => [r.id, r.severity]));
  const title = new Map(report.rules.map((r) => [r.id, r.title]));
  const set = st.settings;
  return [
    `## Stack ${mdCode(st.name)}`, '',
    // The settings are validated numbers and one of two TLS version names (configurePolicy).
    `Policy limits: leaf validity at most ${set.maxLeafValidityDays} days, TLS at least ${set.minTlsVersion}, RSA at least ${set.minRsaBits} bits.`, '',
    '### Rules', '',
    ...table(['Rule', 'Severity', 'Result', 'Checked'], st.rules.map((r) => [
      mdCell(`${r.id} ${title.get(r.id) ?? ''}`), mdCell(severity.get(r.id)),
      `${RESULT[r.status] ?? mdCell(r.status)}${r.undecided.length ? `, ${r.undecided.length} **UNDECIDED**` : ''}`, mdCell(r.checked),
    ])), '',
    ...clustersSection(st, index, plan.clusters),
    ...certificatesSection(st, index, plan.certificates, plan.groups),
    '### Trust chain', '',
  ];
}

function ruleReference(report: PolicyReport): string[] {
  // The fix is tlsfleet's own Markdown (code spans name the props); it holds no line break.
  return ['## Rule reference', '', ...details(`What each of the ${report.rules.length} rules checks and how to fix a violation`,
    report.rules.map((r) => `- **${r.id}** ${mdText(r.title)} (${mdText(r.severity)}): ${mdText(r.description)} Fix: ${r.fix}`))];
}
