import { mermaidId, mermaidLabel } from './escape';
import { Delivery, StackReport } from './model';

/** Above this many leaf certificates in a stack, the trust-chain diagram groups them. */
const DIAGRAM_DETAIL_LIMIT = 40;

/**
 * A node label: each part escaped on its own (mermaidLabel turns `<`, `>`, `"`, backticks and line breaks into
 * entity codes or visible stand-ins), joined by our `<br/>`, the only markup a label holds.
 */
function label(...parts: string[]): string {
  return parts.map((p) => mermaidLabel(p)).join('<br/>');
}

/** The trust chain: CA → certificates → Secrets → namespaces → clusters. */
export function mermaid(st: StackReport): string[] {
  const out = ['flowchart LR'];
  // Node ids are mermaidId of the kind and the name: [A-Za-z0-9_] only, the same on every run, no user text
  // beyond an ASCII slug. The kind is the prefix, so a CA and a certificate of the same path differ; a name of
  // several parts is their JSON array, which no other parts give.
  const id = (kind: string, ...name: string[]): string => mermaidId(name.length === 1 ? name[0] : JSON.stringify(name), kind);
  const declared = new Set<string>();
  const declare = (n: string, line: string): string => {
    if (!declared.has(n)) {
      declared.add(n);
      out.push(`  ${line}`);
    }
    return n;
  };
  const edges = new Set<string>();
  const edge = (line: string): void => {
    if (!edges.has(line)) {
      edges.add(line);
      out.push(`  ${line}`);
    }
  };
  const cas = st.certificates.filter((c) => c.role === 'ca');
  const leaves = st.certificates.filter((c) => c.role !== 'ca');
  for (const ca of cas) {
    const n = id('ca', ca.path);
    declare(n, `${n}["${label(`CA ${ca.subject ?? ca.path}`, ca.path)}"]`);
  }
  const nsNode = (d: Delivery): string => {
    const n = id('ns', d.namespace, d.kubernetes);
    return declare(n, `${n}(("${label(`namespace ${d.namespace}`, d.kubernetes)}"))`);
  };
  const detailed = leaves.length <= DIAGRAM_DETAIL_LIMIT;
  const caPaths = new Set(cas.map((c) => c.path));
  const groupSize = new Map<string, number>();
  for (const l of leaves) groupSize.set(`${l.issuer ?? '-'}/${l.role}`, (groupSize.get(`${l.issuer ?? '-'}/${l.role}`) ?? 0) + 1);
  for (const leaf of leaves) {
    const issuer = leaf.issuer && caPaths.has(leaf.issuer) ? id('ca', leaf.issuer) : undefined;
    if (detailed) {
      const n = id('cert', leaf.path);
      out.push(`  ${n}["${label(`${leaf.role} ${leaf.subject ?? ''}`, leaf.path)}"]`);
      if (issuer) edge(`${issuer} --> ${n}`);
      for (const d of leaf.deliveredTo) {
        const sn = id('secret', d.namespace, d.name, d.kubernetes);
        declare(sn, `${sn}[/"${label(`${d.object} ${d.name}`)}"/]`);
        edge(`${n} --> ${sn}`);
        edge(`${sn} --> ${nsNode(d)}`);
      }
    } else {
      // Grouped: one node per issuer and role, edges to each namespace with the number of Secrets.
      const key = `${leaf.issuer ?? '-'}/${leaf.role}`;
      const g = id('group', leaf.role, leaf.issuer ?? '-');
      if (!declared.has(g)) {
        declare(g, `${g}["${label(`${groupSize.get(key)} ${leaf.role} certificates`)}"]`);
        if (issuer) edge(`${issuer} --> ${g}`);
      }
      for (const d of leaf.deliveredTo) edge(`${g} -->|Secret| ${nsNode(d)}`);
    }
  }
  // Edge texts are ours: `Secret` above, and the delivery's object kind, `Secret` or `ConfigMap`.
  for (const ca of cas) {
    for (const d of ca.deliveredTo) edge(`${id('ca', ca.path)} -.->|trusted via ${d.object}| ${nsNode(d)}`);
  }
  for (const c of st.clusters) {
    const cn = id('cluster', c.path);
    declare(cn, `${cn}{{"${label(`${c.product} ${c.name}`)}"}}`);
    for (const dc of c.datacenters) {
      const n = id('ns', dc.namespace, dc.kubernetes);
      if (declared.has(n)) edge(`${n} --> ${cn}`);
    }
  }
  return out;
}
