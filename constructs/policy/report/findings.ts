import { PolicyReport } from './model';

// What a reviewer must see whatever the fleet's size: every open violation, every waived violation with its
// reason and approver, every check not decidable at synth. This file gathers them and says which construct each
// one marks; findings-md.ts writes them.

/** Open (insecure, unwaived), waived (insecure, accepted with a reason) or undecided (not known at synth). */
export type FindingKind = 'open' | 'waived' | 'undecided';

/** The word a table cell or a diagram label shows for a finding: never one that reads like a pass. */
export const MARK: Readonly<Record<FindingKind, string>> = { open: 'FAIL', waived: 'WAIVED', undecided: 'UNDECIDED' };
/** Worst first. */
export const KINDS: readonly FindingKind[] = ['open', 'waived', 'undecided'];

export interface Finding {
  readonly kind: FindingKind;
  readonly stack: string;
  readonly rule: string;
  readonly title: string;
  readonly path: string;
  readonly message: string;
  readonly waiver?: { readonly path: string; readonly reason: string; readonly approvedBy?: string };
}

/** Every finding of the report: open ones first, then waived, then undecided; in stack and rule order within. */
export function findingsOf(report: PolicyReport): Finding[] {
  const title = new Map(report.rules.map((r) => [r.id, r.title]));
  const out: Finding[] = [];
  for (const kind of KINDS) {
    for (const st of report.stacks) {
      for (const r of st.rules) {
        const base = { kind, stack: st.name, rule: r.id, title: title.get(r.id) ?? r.id };
        if (kind === 'undecided') r.undecided.forEach((u) => out.push({ ...base, path: u.path, message: u.message }));
        else r.violations.filter((v) => (kind === 'waived') === (v.waiver !== undefined)).forEach((v) => out.push({ ...base, path: v.path, message: v.message, waiver: v.waiver }));
      }
    }
  }
  return out;
}

export interface Tally {
  readonly open: number;
  readonly waived: number;
  readonly undecided: number;
}

export function tally(findings: readonly Finding[]): Tally {
  const n = (k: FindingKind): number => findings.filter((f) => f.kind === k).length;
  return { open: n('open'), waived: n('waived'), undecided: n('undecided') };
}

/** The worst kind among some findings, or undefined for none. */
export function worst(findings: readonly Finding[] | undefined): FindingKind | undefined {
  return KINDS.find((k) => findings?.some((f) => f.kind === k));
}

/**
 * Which findings fall on a construct: those at its path or below it (a certificate's violation names its
 * `/Resource`; a listener's names its datacenter). Indexed once by every ancestor path, so a fleet of thousands
 * of certificates looks each up in one step.
 */
export class FindingIndex {
  private readonly byPath = new Map<string, Finding[]>();
  private readonly portWords = new Map<number, RegExp>();

  constructor(findings: readonly Finding[]) {
    for (const f of findings) {
      const parts = f.path.split('/');
      for (let i = parts.length; i > 0; i--) {
        const p = parts.slice(0, i).join('/');
        const list = this.byPath.get(p);
        if (list) list.push(f);
        else this.byPath.set(p, [f]);
      }
    }
  }

  /** Findings at `path` or below it. */
  public at(path: string): readonly Finding[] {
    return this.byPath.get(path) ?? [];
  }

  /**
   * Findings on one listener: at its datacenter's path (or the cluster's) whose message names its port, the way
   * the listener rules write them (`… on port 8000 …`).
   */
  public onListener(clusterPath: string, datacenter: string | undefined, port: number): readonly Finding[] {
    const where = datacenter === undefined ? clusterPath : `${clusterPath}/${datacenter}`;
    const found = this.at(where);
    // Most listeners have no finding: no pattern to build (a fleet has thousands of listeners).
    if (found.length === 0) return found;
    let portWord = this.portWords.get(port);
    if (!portWord) this.portWords.set(port, (portWord = new RegExp(`\\bport ${port}\\b`)));
    return found.filter((f) => portWord.test(f.message));
  }
}

/** A table cell's check text: `FAIL TLSF001`, `WAIVED TLSF006, TLSF008`, or `ok`; bold when marked. */
export function checkCell(findings: readonly Finding[]): string {
  const kind = worst(findings);
  if (!kind) return 'ok';
  const rules = [...new Set(findings.filter((f) => f.kind === kind).map((f) => f.rule))].join(', ');
  const others = KINDS.filter((k) => k !== kind && findings.some((f) => f.kind === k)).map((k) => MARK[k].toLowerCase());
  // Rule ids are [A-Z0-9] and the marks are ours: nothing here needs escaping.
  return `**${MARK[kind]}** ${rules}${others.length ? ` (also ${others.join(', ')})` : ''}`;
}
