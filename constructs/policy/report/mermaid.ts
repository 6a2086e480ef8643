import { Finding, FindingIndex } from './findings';
import { Delivery, StackReport } from './model';
import { Diagram, inStack, LEGEND, Namespaces } from './mermaid-diagram';
import { byCa, byFleet } from './mermaid-coarse';
import { MERMAID_MAX_CHARS, MERMAID_MAX_EDGES } from './blocks';

// The trust chain of a stack, drawn at the most detailed level that fits: per leaf (CA → certificate and its
// Secrets → namespace and the clusters there), per issuer and role (CA → "45 client certificates" → namespaces),
// per CA (CA → roles → namespaces, counted when many), or the whole fleet (CAs, roles and namespaces counted). Each level
// is tried by its measured size: within the characters left in the comment, Mermaid's limits, and an edge count a
// reader can follow in an 830 px column.

export type Level = 'leaf' | 'group' | 'ca' | 'fleet';

/**
 * Edges a level may have to be chosen: more is unreadable in a comment column long before Mermaid's 500. Per leaf
 * a certificate has two (from its CA, to each namespace), so about 40 certificates are drawn one by one.
 */
const READABLE_EDGES: Readonly<Record<Level, number>> = { leaf: 80, group: 160, ca: 200, fleet: MERMAID_MAX_EDGES };

export interface TrustChain {
  readonly level: Level;
  /** The lines inside the ```mermaid fence. */
  readonly lines: string[];
  /** The Markdown line under the fence that explains the marks, if any. */
  readonly legend?: string;
}

/**
 * The trust chain of a stack at the most detailed level within a number of characters (the fence's content;
 * undefined when none fits). Each level is built once, on first need, so trying several budgets costs nothing.
 */
export function trustChains(st: StackReport, index: FindingIndex): (maxChars?: number) => TrustChain | undefined {
  const leaves = st.certificates.filter((c) => c.role !== 'ca').length;
  const cas = st.certificates.length - leaves;
  // The grouped level has an edge from each group to its CA: more groups than readable edges cannot fit.
  const groups = new Set(st.certificates.filter((c) => c.role !== 'ca').map((c) => `${c.issuer ?? '-'}\0${c.role}`)).size;
  // ... and an edge from each group to each namespace it delivers to: counted without building, up to the limit.
  const groupEdges = new Set<string>();
  for (const c of st.certificates) {
    if (c.role === 'ca' || groups + groupEdges.size > READABLE_EDGES.group) continue;
    for (const x of c.deliveredTo) groupEdges.add(`${c.issuer ?? '-'}\0${c.role}\0${x.namespace}\0${x.kubernetes}\0${x.object}`);
  }
  const levels: [Level, boolean, () => Diagram][] = [
    // Skip levels that cannot be within their edge count before building them: a leaf has at least one edge.
    ['leaf', leaves <= READABLE_EDGES.leaf, () => perLeaf(st, index, false)],
    ['group', groups + groupEdges.size <= READABLE_EDGES.group, () => perLeaf(st, index, true)],
    ['ca', cas <= READABLE_EDGES.ca / 2 && caLevelEdgesAtLeast(st) <= Math.min(READABLE_EDGES.ca, MERMAID_MAX_EDGES), () => byCa(st, index)],
    ['fleet', true, () => byFleet(st, index)],
  ];
  const built = new Map<Level, { chain: TrustChain; chars: number } | undefined>();
  const build = (level: Level, make: () => Diagram): { chain: TrustChain; chars: number } | undefined => {
    if (built.has(level)) return built.get(level);
    const d = make();
    const lines = d.render();
    const chars = lines.reduce((n, l) => n + l.length + 1, 0);
    const legend = d.marks.length ? `Marked in the diagram: ${d.marks.map((k) => LEGEND[k]).join('; ')}.` : undefined;
    const readable = d.edgeCount <= Math.min(READABLE_EDGES[level], MERMAID_MAX_EDGES) && chars < MERMAID_MAX_CHARS;
    const result = readable ? { chain: { level, lines, legend }, chars } : undefined;
    built.set(level, result);
    return result;
  };
  return (maxChars = MERMAID_MAX_CHARS - 1) => {
    for (const [level, possible, make] of levels) {
      if (!possible) continue;
      const r = build(level, make);
      if (r && r.chars <= maxChars) return r.chain;
    }
    return undefined;
  };
}

/**
 * At least how many edges the per-CA level has, counted without building it: each (CA, role) group has an edge
 * from its CA, each group that delivers keys one to where they go, each CA whose bundle is delivered one to where
 * it goes (test/policy/trust-chain-bound.test.ts holds it below byCa's count).
 */
export function caLevelEdgesAtLeast(st: StackReport): number {
  const caPaths = new Set(st.certificates.filter((c) => c.role === 'ca').map((c) => c.path));
  const caGroups = new Set<string>();
  const keyGroups = new Set<string>();
  const bundled = new Set<string>();
  for (const c of st.certificates) {
    if (c.role === 'ca') {
      if (c.deliveredTo.some((x) => !x.withPrivateKey)) bundled.add(c.path);
      continue;
    }
    const issuer = c.issuer && caPaths.has(c.issuer) ? c.issuer : undefined;
    const group = `${issuer ?? '-'}\0${c.role}`;
    if (issuer !== undefined) caGroups.add(group);
    if (c.deliveredTo.some((x) => x.withPrivateKey)) keyGroups.add(group);
  }
  return caGroups.size + keyGroups.size + bundled.size;
}

/** The trust chain at the most detailed level within `maxChars`; undefined when none fits. */
export function trustChain(st: StackReport, index: FindingIndex, maxChars?: number): TrustChain | undefined {
  return trustChains(st, index)(maxChars);
}

/** Secrets named in a certificate's node, one line each; more become a count. */
const SECRETS_LISTED = 3;

/** What carries a certificate: `Secret db-cql-serving-certs` per object, or `5 Secrets` when there are many. */
function carriers(deliveries: readonly Delivery[]): string[] {
  const names = [...new Set(deliveries.map((x) => `${x.object} ${x.name}`))];
  if (names.length <= SECRETS_LISTED) return names;
  const kinds = [...new Set(deliveries.map((x) => x.object))].sort();
  return kinds.map((k) => `${new Set(deliveries.filter((x) => x.object === k).map((x) => x.name)).size} ${k}s`);
}

/**
 * CA → certificate (with the Secrets that carry it) → namespace (with the clusters there); or with `grouped`,
 * one node per issuer and role, its edges to namespaces labelled with what carries the keys.
 */
function perLeaf(st: StackReport, index: FindingIndex, grouped: boolean): Diagram {
  const d = new Diagram();
  const ns = new Namespaces(d, st, index);
  const cas = st.certificates.filter((c) => c.role === 'ca');
  const leaves = st.certificates.filter((c) => c.role !== 'ca');
  for (const ca of cas) d.node(d.id('ca', ca.path), 'box', [`CA ${ca.subject ?? ca.path}`, inStack(st, ca.path)], index.at(ca.path));
  const caPaths = new Set(cas.map((c) => c.path));
  const groups = new Map<string, { size: number; findings: Finding[] }>();
  for (const l of leaves) {
    const g = groups.get(`${l.issuer ?? '-'}/${l.role}`) ?? { size: 0, findings: [] };
    g.size++;
    g.findings.push(...index.at(l.path));
    groups.set(`${l.issuer ?? '-'}/${l.role}`, g);
  }
  for (const leaf of leaves) {
    const issuer = leaf.issuer && caPaths.has(leaf.issuer) ? d.id('ca', leaf.issuer) : undefined;
    if (!grouped) {
      const parts = [`${leaf.role} ${leaf.subject ?? ''}`.trim(), inStack(st, leaf.path), ...carriers(leaf.deliveredTo)];
      const n = d.node(d.id('cert', leaf.path), 'box', parts, index.at(leaf.path));
      if (issuer) d.edge(issuer, n);
      for (const x of leaf.deliveredTo) d.edge(n, ns.node(x.namespace, x.kubernetes));
    } else {
      const key = `${leaf.issuer ?? '-'}/${leaf.role}`;
      const g = d.id('group', leaf.role, leaf.issuer ?? '-');
      if (!d.has(g)) {
        const { size, findings } = groups.get(key)!;
        d.node(g, 'box', [`${size} ${leaf.role} certificates`], findings, true);
        if (issuer) d.edge(issuer, g);
      }
      // Edge texts are ours: `Secret`, and the delivery's object kind, `Secret` or `ConfigMap`.
      for (const x of leaf.deliveredTo) d.edge(g, ns.node(x.namespace, x.kubernetes), x.object);
    }
  }
  for (const ca of cas) {
    // One dotted edge per namespace that trusts the CA, naming the kinds of object its bundle is in.
    const kinds = new Map<string, Set<string>>();
    for (const x of ca.deliveredTo) {
      const n = ns.node(x.namespace, x.kubernetes);
      kinds.set(n, (kinds.get(n) ?? new Set()).add(x.object));
    }
    for (const [n, k] of kinds) d.edge(d.id('ca', ca.path), n, `trusted via ${[...k].sort().join(' and ')}`, true);
  }
  return d;
}
