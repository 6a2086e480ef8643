import { compareCodeUnits as cmp } from '../../core/order';
import { Finding, FindingIndex } from './findings';
import { CertificateEntry, Delivery, StackReport } from './model';
import { clusterNodes, Diagram, listenerFindings } from './mermaid-diagram';

// The coarse trust-chain levels, for fleets whose leaves do not fit a diagram: per CA (CA → roles → namespaces)
// and for the whole stack (CAs, roles, namespaces and clusters counted). Marks are counted on the group nodes.

/** Namespaces drawn one by one up to this many per group; more become one counted node. */
const NAMESPACES_DRAWN = 4;

interface Place { readonly namespace: string; readonly kubernetes: string; readonly object: Delivery['object'] }

function places(deliveries: readonly Delivery[]): Place[] {
  const byKey = new Map<string, Place>();
  for (const x of deliveries) byKey.set(`${x.kubernetes}\0${x.namespace}\0${x.object}`, { namespace: x.namespace, kubernetes: x.kubernetes, object: x.object });
  return [...byKey.entries()].sort(([a], [b]) => cmp(a, b)).map(([, p]) => p);
}

/** Edges from `from` to each namespace, or to one node that counts them. */
function toNamespaces(d: Diagram, from: string, key: string[], ps: readonly Place[], what: string, dotted: boolean): void {
  if (ps.length === 0) return;
  const namespaces = new Set(ps.map((p) => `${p.kubernetes}\0${p.namespace}`));
  if (namespaces.size <= NAMESPACES_DRAWN) {
    for (const p of ps) {
      const n = d.node(d.id('ns', p.namespace, p.kubernetes), 'namespace', [`namespace ${p.namespace}`, p.kubernetes]);
      d.edge(from, n, dotted ? `trusted via ${p.object}` : p.object, dotted);
    }
    return;
  }
  const n = d.node(d.id('nscount', ...key), 'namespace', [`${what} in ${namespaces.size} namespaces`]);
  d.edge(from, n, dotted ? 'trusted via bundles' : 'Secrets', dotted);
}

interface RoleGroup { readonly role: string; readonly certs: CertificateEntry[]; readonly findings: Finding[] }

function roleGroups(certs: readonly CertificateEntry[], index: FindingIndex): RoleGroup[] {
  const byRole = new Map<string, RoleGroup>();
  for (const c of certs) {
    const g = byRole.get(c.role) ?? { role: c.role, certs: [], findings: [] };
    g.certs.push(c);
    g.findings.push(...index.at(c.path));
    byRole.set(c.role, g);
  }
  return [...byRole.values()].sort((a, b) => cmp(a.role, b.role));
}

const keyDeliveries = (certs: readonly CertificateEntry[]): Delivery[] => certs.flatMap((c) => c.deliveredTo.filter((x) => x.withPrivateKey));

/** CA → roles (counted) → namespaces (counted when many); leaves of a CA outside the stack hang alone. */
export function byCa(st: StackReport, index: FindingIndex): Diagram {
  const d = new Diagram();
  const cas = st.certificates.filter((c) => c.role === 'ca');
  const inStack = new Set(cas.map((c) => c.path));
  const byIssuer = new Map<string, CertificateEntry[]>();
  for (const c of st.certificates) {
    if (c.role === 'ca') continue;
    const issuer = c.issuer && inStack.has(c.issuer) ? c.issuer : '-';
    const list = byIssuer.get(issuer);
    if (list) list.push(c);
    else byIssuer.set(issuer, [c]);
  }
  for (const ca of cas) d.node(d.id('ca', ca.path), 'box', [`CA ${ca.subject ?? ca.path}`, ca.path], index.at(ca.path));
  for (const [issuer, certs] of [...byIssuer.entries()].sort(([a], [b]) => cmp(a, b))) {
    for (const g of roleGroups(certs, index)) {
      const n = d.node(d.id('role', issuer, g.role), 'box', [`${g.certs.length} ${g.role} certificates`], g.findings, true);
      if (issuer !== '-') d.edge(d.id('ca', issuer), n);
      toNamespaces(d, n, [issuer, g.role], places(keyDeliveries(g.certs)), 'keys', false);
    }
  }
  for (const ca of cas) toNamespaces(d, d.id('ca', ca.path), [ca.path, 'bundle'], places(ca.deliveredTo.filter((x) => !x.withPrivateKey)), 'CA certificate', true);
  clusterNodes(d, st, index);
  return d;
}

/** The whole stack in a handful of nodes: the CAs, each role, where keys and CA certificates go, the clusters. */
export function byFleet(st: StackReport, index: FindingIndex): Diagram {
  const d = new Diagram();
  const cas = st.certificates.filter((c) => c.role === 'ca');
  const caFindings = cas.flatMap((c) => index.at(c.path));
  const caNode = cas.length === 0 ? undefined : cas.length === 1
    ? d.node(d.id('ca', cas[0].path), 'box', [`CA ${cas[0].subject ?? cas[0].path}`, cas[0].path], caFindings)
    : d.node(d.id('cas', 'all'), 'box', [`${cas.length} CAs`], caFindings, true);
  const inStack = new Set(cas.map((c) => c.path));
  let serverKeys: string | undefined;
  for (const g of roleGroups(st.certificates.filter((c) => c.role !== 'ca'), index)) {
    const n = d.node(d.id('role', 'all', g.role), 'box', [`${g.certs.length} ${g.role} certificates`], g.findings, true);
    if (caNode && g.certs.some((c) => c.issuer && inStack.has(c.issuer))) d.edge(caNode, n);
    const ps = places(keyDeliveries(g.certs));
    toNamespaces(d, n, ['all', g.role], ps, 'keys', false);
    if (g.role === 'server' && ps.length) serverKeys = d.has(d.id('nscount', 'all', 'server')) ? d.id('nscount', 'all', 'server') : undefined;
  }
  if (caNode) toNamespaces(d, caNode, ['all', 'bundle'], places(cas.flatMap((c) => c.deliveredTo.filter((x) => !x.withPrivateKey))), 'CA certificates', true);
  if (serverKeys) {
    // The servers' namespaces are counted, not drawn: the clusters are one node per product, linked from there.
    const products = new Map<string, StackReport['clusters'][number][]>();
    for (const c of st.clusters) {
      const list = products.get(c.product);
      if (list) list.push(c);
      else products.set(c.product, [c]);
    }
    for (const [product, list] of [...products.entries()].sort(([a], [b]) => cmp(a, b))) {
      const n = d.node(d.id('clusters', product), 'cluster', [`${list.length} ${product} clusters`], list.flatMap((c) => listenerFindings(c, index)), true);
      d.edge(serverKeys, n);
    }
  } else {
    clusterNodes(d, st, index);
  }
  return d;
}
