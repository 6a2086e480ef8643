import { Delivery, StackReport } from './model';

/** Above this many leaf certificates in a stack, the trust-chain diagram groups them. */
const DIAGRAM_DETAIL_LIMIT = 40;

function mermaidLabel(s: string): string {
  return s.replace(/"/g, '#quot;').replace(/</g, '#lt;').replace(/>/g, '#gt;');
}

/** The trust chain: CA → certificates → Secrets → namespaces → clusters. */
export function mermaid(st: StackReport): string[] {
  const out = ['flowchart LR'];
  const ids = new Map<string, string>();
  const id = (kind: string, name: string): string => {
    const k = `${kind}:${name}`;
    let v = ids.get(k);
    if (!v) {
      v = `${kind}${ids.size}`;
      ids.set(k, v);
    }
    return v;
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
  for (const ca of cas) out.push(`  ${id('ca', ca.path)}["CA ${mermaidLabel(ca.subject ?? ca.path)}<br/>${mermaidLabel(ca.path)}"]`);
  const nsNode = (d: Delivery): string => {
    const n = id('ns', `${d.kubernetes}/${d.namespace}`);
    if (!ids.has(`nsdecl:${n}`)) {
      ids.set(`nsdecl:${n}`, n);
      out.push(`  ${n}(("namespace ${mermaidLabel(d.namespace)}<br/>${mermaidLabel(d.kubernetes)}"))`);
    }
    return n;
  };
  const detailed = leaves.length <= DIAGRAM_DETAIL_LIMIT;
  const caPaths = new Set(cas.map((c) => c.path));
  const groupSize = new Map<string, number>();
  for (const l of leaves) groupSize.set(`${l.issuer ?? '-'}/${l.role}`, (groupSize.get(`${l.issuer ?? '-'}/${l.role}`) ?? 0) + 1);
  for (const leaf of leaves) {
    const issuer = leaf.issuer && caPaths.has(leaf.issuer) ? id('ca', leaf.issuer) : undefined;
    if (detailed) {
      const n = id('cert', leaf.path);
      out.push(`  ${n}["${leaf.role} ${mermaidLabel(leaf.subject ?? '')}<br/>${mermaidLabel(leaf.path)}"]`);
      if (issuer) edge(`${issuer} --> ${n}`);
      for (const d of leaf.deliveredTo) {
        const sn = id('secret', `${d.kubernetes}/${d.namespace}/${d.name}`);
        if (!ids.has(`decl:${sn}`)) {
          ids.set(`decl:${sn}`, sn);
          out.push(`  ${sn}[/"${d.object} ${mermaidLabel(d.name)}"/]`);
        }
        edge(`${n} --> ${sn}`);
        edge(`${sn} --> ${nsNode(d)}`);
      }
    } else {
      // Grouped: one node per issuer and role, edges to each namespace with the number of Secrets.
      const g = id('group', `${leaf.issuer ?? '-'}/${leaf.role}`);
      if (!ids.has(`decl:${g}`)) {
        ids.set(`decl:${g}`, g);
        out.push(`  ${g}["${groupSize.get(`${leaf.issuer ?? '-'}/${leaf.role}`)} ${leaf.role} certificates"]`);
        if (issuer) edge(`${issuer} --> ${g}`);
      }
      for (const d of leaf.deliveredTo) edge(`${g} -->|Secret| ${nsNode(d)}`);
    }
  }
  for (const ca of cas) {
    for (const d of ca.deliveredTo) edge(`${id('ca', ca.path)} -.->|trusted via ${d.object}| ${nsNode(d)}`);
  }
  for (const c of st.clusters) {
    const cn = id('cluster', c.path);
    out.push(`  ${cn}{{"${c.product} ${mermaidLabel(c.name)}"}}`);
    for (const dc of c.datacenters) {
      const n = ids.get(`ns:${dc.kubernetes}/${dc.namespace}`);
      if (n) edge(`${n} --> ${cn}`);
    }
  }
  return out;
}

