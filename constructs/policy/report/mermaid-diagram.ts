import { mermaidId, mermaidWrappedLabel } from './escape';
import { Finding, FindingIndex, FindingKind, MARK, worst } from './findings';
import { StackReport } from './model';

// A Mermaid flowchart as report.md writes it: one declaration per node, one line per edge (never chained, so
// every edge line is one of Mermaid's edges), and a class per marked node so insecure, waived and undecided
// items stand out (with the words FAIL / WAIVED / UNDECIDED in the label too, for readers who do not see colour).
//
// Drawn to be read at Mermaid's own size in an 830 px comment column (GitHub scales a wider diagram down, and its
// 16 px text with it): three columns at most (CA → certificates → namespaces with the clusters running there),
// every label wrapping within Mermaid's 200 px label width (mermaidWrappedLabel), namespaces as stadiums rather
// than circles (a circle is as tall as its label is wide).

export type Shape = 'box' | 'namespace';

const OPEN: Readonly<Record<Shape, [string, string]>> = { box: ['[', ']'], namespace: ['([', '])'] };

/** Mermaid class names per finding kind, and their styles (GitHub's danger, attention and muted colours). */
export const CLASS: Readonly<Record<FindingKind, string>> = { open: 'insecure', waived: 'waived', undecided: 'undecided' };
const STYLE: Readonly<Record<FindingKind, string>> = {
  open: 'fill:#ffebe9,stroke:#cf222e,stroke-width:3px',
  waived: 'fill:#fff8c5,stroke:#9a6700,stroke-width:3px,stroke-dasharray:6 3',
  undecided: 'fill:#f6f8fa,stroke:#57606a,stroke-width:2px,stroke-dasharray:2 2',
};

/** The legend under a diagram that marks something: the classes in words. */
export const LEGEND: Readonly<Record<FindingKind, string>> = {
  open: 'red, **FAIL**: an open violation',
  waived: 'amber dashed, **WAIVED**: a violation accepted with a waiver',
  undecided: 'grey dotted, **UNDECIDED**: a check not decidable at synth',
};

/**
 * A node label: each part escaped on its own (mermaidWrappedLabel turns `<`, `>`, `"`, backticks and line breaks
 * into entity codes or visible stand-ins, and lets long runs wrap), joined by our `<br/>`, the only markup a label
 * holds.
 */
function label(parts: readonly string[]): string {
  return parts.map((p) => mermaidWrappedLabel(p)).join('<br/>');
}

/** The label part that names what is marked: `WAIVED TLSF006`, `2 WAIVED TLSF006, TLSF008`. */
export function markPart(findings: readonly Finding[], counted: boolean): string | undefined {
  const kind = worst(findings);
  if (!kind) return undefined;
  const of = findings.filter((f) => f.kind === kind);
  const rules = [...new Set(of.map((f) => f.rule))].join(', ');
  return `${counted ? `${of.length} ` : ''}${MARK[kind]} ${rules}`;
}

export class Diagram {
  private readonly lines: string[] = ['flowchart LR'];
  private readonly declared = new Set<string>();
  private readonly edges = new Set<string>();
  private readonly marked = new Map<FindingKind, string[]>();
  private chars = 'flowchart LR'.length;

  /**
   * A node id from its kind and name: mermaidId gives [A-Za-z0-9_] only, the same on every run, no user text
   * beyond an ASCII slug. A name of several parts is their JSON array, which no other parts give.
   */
  public id(kind: string, ...name: string[]): string {
    return mermaidId(name.length === 1 ? name[0] : JSON.stringify(name), kind);
  }

  public has(id: string): boolean {
    return this.declared.has(id);
  }

  /** Declares a node once; `findings` on it add the mark to its label and its class. */
  public node(id: string, shape: Shape, parts: readonly string[], findings: readonly Finding[] = [], counted = false): string {
    if (this.declared.has(id)) return id;
    this.declared.add(id);
    const mark = markPart(findings, counted);
    const [open, close] = OPEN[shape];
    this.push(`  ${id}${open}"${label(mark ? [...parts, mark] : parts)}"${close}`);
    const kind = worst(findings);
    if (kind) {
      const list = this.marked.get(kind);
      if (list) list.push(id);
      else this.marked.set(kind, [id]);
    }
    return id;
  }

  /** An edge, once. The texts are ours: letters and spaces only. */
  public edge(from: string, to: string, text?: string, dotted = false): void {
    if (text !== undefined && !/^[A-Za-z ]+$/.test(text)) throw new Error(`Diagram.edge: edge text must be letters and spaces, got ${JSON.stringify(text)}`);
    // A dotted edge (a CA's bundle) is two ranks long: a CA is then drawn in the first column even when one
    // rank to the left of a namespace would make its edges shorter, and the diagram stays three columns wide.
    const line = `  ${from} ${dotted ? '-..->' : '-->'}${text ? `|${text}|` : ''} ${to}`;
    if (this.edges.has(line)) return;
    this.edges.add(line);
    this.push(line);
  }

  private push(line: string): void {
    this.lines.push(line);
    this.chars += line.length + 1;
  }

  public get edgeCount(): number {
    return this.edges.size;
  }

  /** Characters so far, a bound on the rendered text (the class lines are added at the end). */
  public get size(): number {
    return this.chars;
  }

  /** The kinds marked, worst first. */
  public get marks(): FindingKind[] {
    return (['open', 'waived', 'undecided'] as const).filter((k) => this.marked.has(k));
  }

  public render(): string[] {
    const out = [...this.lines];
    for (const kind of this.marks) out.push(`  classDef ${CLASS[kind]} ${STYLE[kind]}`, `  class ${this.marked.get(kind)!.join(',')} ${CLASS[kind]}`);
    return out;
  }
}

/** The findings on a cluster itself or its datacenters (its listeners), not those on certificates it holds. */
export function listenerFindings(c: StackReport['clusters'][number], index: FindingIndex): Finding[] {
  const own = new Set([c.path, ...c.datacenters.map((dc) => `${c.path}/${dc.name}`)]);
  return index.at(c.path).filter((f) => own.has(f.path));
}

/** Clusters drawn in one namespace's node, one line each; more become a count per product. */
const CLUSTERS_LISTED = 3;

/**
 * The namespace nodes of a stack: each names the namespace, its Kubernetes cluster when the stack has more than
 * one, and the database clusters whose datacenters run there, marked by those clusters' listener findings.
 */
export class Namespaces {
  private readonly clusters = new Map<string, StackReport['clusters'][number][]>();
  private readonly severalKubernetes: boolean;

  public constructor(private readonly d: Diagram, st: StackReport, private readonly index: FindingIndex) {
    const kubernetes = new Set<string>();
    for (const c of st.certificates) for (const x of c.deliveredTo) kubernetes.add(x.kubernetes);
    for (const c of st.clusters) {
      for (const dc of c.datacenters) {
        kubernetes.add(dc.kubernetes);
        const key = JSON.stringify([dc.namespace, dc.kubernetes]);
        const list = this.clusters.get(key) ?? [];
        if (!list.includes(c)) list.push(c);
        this.clusters.set(key, list);
      }
    }
    this.severalKubernetes = kubernetes.size > 1;
  }

  /** The node of a namespace, declared on first use. */
  public node(namespace: string, kubernetes: string): string {
    const id = this.d.id('ns', namespace, kubernetes);
    if (this.d.has(id)) return id;
    const here = this.clusters.get(JSON.stringify([namespace, kubernetes])) ?? [];
    return this.d.node(id, 'namespace', [`namespace ${namespace}`, ...(this.severalKubernetes ? [kubernetes] : []), ...clusterLines(here)],
      here.flatMap((c) => listenerFindings(c, this.index)), here.length > 1);
  }
}

/** `ScyllaDB db` per cluster, or `12 ScyllaDB clusters` per product when there are many. */
export function clusterLines(clusters: readonly StackReport['clusters'][number][]): string[] {
  if (clusters.length <= CLUSTERS_LISTED) return clusters.map((c) => `${c.product} ${c.name}`);
  const products = new Map<string, number>();
  for (const c of clusters) products.set(c.product, (products.get(c.product) ?? 0) + 1);
  return [...products.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([p, n]) => `${n} ${p} clusters`);
}

/** A construct path as drawn in its stack's diagram: without the stack's own path in front. */
export function inStack(st: StackReport, path: string): string {
  return path.startsWith(`${st.path}/`) ? path.slice(st.path.length + 1) : path;
}
