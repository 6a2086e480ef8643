import { compareCodeUnits as cmp } from '../../core/order';
import { Finding, FindingIndex } from './findings';
import { CertificateEntry, Delivery, StackReport } from './model';
import { clusterLines, Diagram, inStack, listenerFindings, Namespaces } from './mermaid-diagram';

// The coarse trust-chain levels, for fleets whose leaves do not fit a diagram: per CA (CA → roles → namespaces)
// and for the whole stack (CAs, roles, namespaces and clusters counted). Marks are counted on the group nodes.

/** Namespaces drawn one by one up to this many per group; more become one counted node. */
const NAMESPACES_DRAWN = 4;

interface Place { readonly namespace: string; readonly kubernetes: string; readonly object: Delivery['object'] }

/** The distinct places, by Kubernetes provider, namespace and object; no key string built per delivery (a fleet has tens of thousands). */
function places(deliveries: readonly Delivery[]): Place[] {
  const byKubernetes = new Map<string, Map<string, Set<Delivery['object']>>>();
  for (const x of deliveries) {
    let byNamespace = byKubernetes.get(x.kubernetes);
    if (!byNamespace) byKubernetes.set(x.kubernetes, (byNamespace = new Map()));
    let objects = byNamespace.get(x.namespace);
    if (!objects) byNamespace.set(x.namespace, (objects = new Set()));
    objects.add(x.object);
  }
  const out: Place[] = [];
  // The built-in string order is code-unit order, without a comparator call per comparison.
  for (const kubernetes of [...byKubernetes.keys()].sort()) {
    const byNamespace = byKubernetes.get(kubernetes)!;
    for (const namespace of [...byNamespace.keys()].sort()) {
      for (const object of [...byNamespace.get(namespace)!].sort()) out.push({ namespace, kubernetes, object });
    }
  }
  return out;
}

/** The clusters a counted namespace node names, and their listener findings. */
interface Counted { readonly lines: readonly string[]; readonly findings: readonly Finding[] }

/** Edges from `from` to each namespace, or to one node that counts them (naming the clusters `counted` has). */
function toNamespaces(d: Diagram, ns: Namespaces, from: string, key: string[], ps: readonly Place[], what: string, dotted: boolean, counted?: Counted): void {
  if (ps.length === 0) return;
  // places() gives them by provider and namespace: a namespace is counted where it changes.
  let namespaces = 0;
  for (let i = 0; i < ps.length; i++) {
    if (i === 0 || ps[i].kubernetes !== ps[i - 1].kubernetes || ps[i].namespace !== ps[i - 1].namespace) namespaces++;
  }
  if (namespaces <= NAMESPACES_DRAWN) {
    // One edge per namespace, naming the kinds of object that carry what goes there.
    const kinds = new Map<string, Set<string>>();
    for (const p of ps) {
      const n = ns.node(p.namespace, p.kubernetes);
      kinds.set(n, (kinds.get(n) ?? new Set()).add(p.object));
    }
    for (const [n, k] of kinds) {
      const objects = [...k].sort().join(' and ');
      d.edge(from, n, dotted ? `trusted via ${objects}` : objects, dotted);
    }
    return;
  }
  const n = d.node(d.id('nscount', ...key), 'namespace', [`${what} in ${namespaces} namespaces`, ...(counted?.lines ?? [])],
    counted?.findings ?? [], true);
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
  const ns = new Namespaces(d, st, index);
  const cas = st.certificates.filter((c) => c.role === 'ca');
  const caPaths = new Set(cas.map((c) => c.path));
  const byIssuer = new Map<string, CertificateEntry[]>();
  for (const c of st.certificates) {
    if (c.role === 'ca') continue;
    const issuer = c.issuer && caPaths.has(c.issuer) ? c.issuer : '-';
    const list = byIssuer.get(issuer);
    if (list) list.push(c);
    else byIssuer.set(issuer, [c]);
  }
  for (const ca of cas) d.node(d.id('ca', ca.path), 'box', [`CA ${ca.subject ?? ca.path}`, inStack(st, ca.path)], index.at(ca.path));
  for (const [issuer, certs] of [...byIssuer.entries()].sort(([a], [b]) => cmp(a, b))) {
    for (const g of roleGroups(certs, index)) {
      const n = d.node(d.id('role', issuer, g.role), 'box', [`${g.certs.length} ${g.role} certificates`], g.findings, true);
      if (issuer !== '-') d.edge(d.id('ca', issuer), n);
      toNamespaces(d, ns, n, [issuer, g.role], places(keyDeliveries(g.certs)), 'keys', false);
    }
  }
  for (const ca of cas) toNamespaces(d, ns, d.id('ca', ca.path), [ca.path, 'bundle'], places(ca.deliveredTo.filter((x) => !x.withPrivateKey)), 'CA certificate', true);
  return d;
}

/** The whole stack in a handful of nodes: the CAs, each role, where keys and CA certificates go, the clusters. */
export function byFleet(st: StackReport, index: FindingIndex): Diagram {
  const d = new Diagram();
  const ns = new Namespaces(d, st, index);
  const cas = st.certificates.filter((c) => c.role === 'ca');
  const caFindings = cas.flatMap((c) => index.at(c.path));
  const caNode = cas.length === 0 ? undefined : cas.length === 1
    ? d.node(d.id('ca', cas[0].path), 'box', [`CA ${cas[0].subject ?? cas[0].path}`, inStack(st, cas[0].path)], caFindings)
    : d.node(d.id('cas', 'all'), 'box', [`${cas.length} CAs`], caFindings, true);
  const caPaths = new Set(cas.map((c) => c.path));
  // When the servers' namespaces are counted, that node names the clusters running there, counted per product.
  const clusters: Counted = { lines: clusterLines(st.clusters), findings: st.clusters.flatMap((c) => listenerFindings(c, index)) };
  for (const g of roleGroups(st.certificates.filter((c) => c.role !== 'ca'), index)) {
    const n = d.node(d.id('role', 'all', g.role), 'box', [`${g.certs.length} ${g.role} certificates`], g.findings, true);
    if (caNode && g.certs.some((c) => c.issuer && caPaths.has(c.issuer))) d.edge(caNode, n);
    toNamespaces(d, ns, n, ['all', g.role], places(keyDeliveries(g.certs)), 'keys', false, g.role === 'server' ? clusters : undefined);
  }
  if (caNode) toNamespaces(d, ns, caNode, ['all', 'bundle'], places(cas.flatMap((c) => c.deliveredTo.filter((x) => !x.withPrivateKey))), 'CA certificates', true);
  return d;
}
