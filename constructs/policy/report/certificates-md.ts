import { compareCodeUnits as cmp, sortedByKey } from '../../core/order';
import { count, details, firstOf, more, table } from './blocks';
import { mdCell, mdCellCode, mdCode, mdText } from './escape';
import { checkCell, FindingIndex, KINDS, worst } from './findings';
import { CertificateEntry, hours, StackReport } from './model';

// A stack's certificates in report.md: counts by role, CA and namespace, then a narrow table (path, role,
// subject, check) of the first `rows`, marked ones first, and the long details (issuer, key, validity, renewal,
// where each is delivered) as a list in a collapsed block.

/** Places named per certificate in the details; the rest are counted. */
const PLACES = 6;

const rank = (c: CertificateEntry, index: FindingIndex): number => {
  const k = worst(index.at(c.path));
  return k === undefined ? KINDS.length : KINDS.indexOf(k);
};

/** Per finding index (one per stack and render): each plan renderMarkdown tries takes its first rows. */
const rankedMemo = new WeakMap<FindingIndex, { st: StackReport; certs: readonly CertificateEntry[] }>();

/** The stack's certificates, marked ones first (worst first), then by path; each rank computed once. */
function ranked(st: StackReport, index: FindingIndex): readonly CertificateEntry[] {
  const memo = rankedMemo.get(index);
  if (memo?.st === st) return memo.certs;
  // By path, then (stable) by rank: the order of sorting by rank, then path.
  const buckets: CertificateEntry[][] = KINDS.map(() => []);
  buckets.push([]);
  for (const c of sortedByKey(st.certificates, (x) => x.path)) buckets[rank(c, index)]!.push(c);
  const certs = buckets.flat();
  rankedMemo.set(index, { st, certs });
  return certs;
}

/** The certificates section: `rows` certificates (0 for counts only), `groups` CAs and namespaces in the counts. */
export function certificatesSection(st: StackReport, index: FindingIndex, rows: number, groups: number): string[] {
  const certs = st.certificates;
  const out: string[] = [`### Certificates (${certs.length})`, ''];
  if (certs.length === 0) return [...out, 'No certificates in this stack.', ''];
  const roles = new Map<string, number>();
  for (const c of certs) roles.set(c.role, (roles.get(c.role) ?? 0) + 1);
  out.push(`By role: ${[...roles].sort(([a], [b]) => cmp(a, b)).map(([r, n]) => `${n} ${r}`).join(', ')}.`, '');
  const cut = certs.length > rows;
  if (cut) out.push(...byCa(st, groups), ...byNamespace(st, groups));
  if (rows === 0) return [...out, ...more(certs.length, 0, 'certificates'), ''];

  const shown = ranked(st, index).slice(0, rows);
  out.push(...table(['Certificate', 'Role', 'Subject', 'Check'], shown.map((c) => [
    mdCellCode(c.path), mdCell(c.role + (c.imported ? ' (imported)' : '')), mdCellCode(c.subject), checkCell(index.at(c.path)),
  ])), ...more(certs.length, shown.length, 'certificates'), '');
  out.push(...details(`Issuer, key, validity, renewal and delivery of the ${count(shown.length, 'certificate')} above`, shown.map(detailItem)));
  return out;
}

function detailItem(c: CertificateEntry): string {
  const issuer = c.issuer ? `issued by ${mdCode(c.issuer)}` : 'self-signed';
  const validity = c.imported ? 'validity managed outside tlsfleet' : `valid ${hours(c.validityHours)}`;
  // A shared CA is delivered to thousands of places: escape only the ones named.
  const first = (items: readonly string[], show: (x: string) => string): string =>
    firstOf([...items.slice(0, PLACES).map(show), ...items.slice(PLACES)], PLACES);
  const places = c.deliveredTo.slice(0, PLACES).map((d) => `${d.object} ${mdCode(`${d.namespace}/${d.name}`)}${d.withPrivateKey ? ' (with key)' : ''}`);
  const named = places.length ? firstOf([...places, ...c.deliveredTo.slice(PLACES).map(() => '')], PLACES) : 'nothing';
  const names = [...(c.dnsNames ?? []), ...(c.ipAddresses ?? [])];
  return `- ${mdCode(c.path)}: ${issuer}; ${mdText(c.key ?? 'key unknown')}; ${mdText(validity)}; ${mdText(c.renewal)}`
    + `${names.length ? `; names ${first(names, mdCode)}` : ''}; delivered to ${named}`;
}

/** Certificates per issuing CA, the first `groups` CAs by path. */
function byCa(st: StackReport, groups: number): string[] {
  if (groups === 0) return [];
  const { cas, issued, namespaces } = caCounts(st);
  if (cas.length === 0) return [];
  // Only the rows shown are written and escaped: a fleet has thousands of CAs.
  const rows = cas.slice(0, groups).map((ca) => {
    const roles = [...(issued.get(ca.path) ?? new Map<string, number>())].sort(([a], [b]) => cmp(a, b));
    let keys = 0;
    for (const set of namespaces.get(ca.path)?.values() ?? []) keys += set.size;
    return [mdCellCode(ca.path), mdCell(roles.map(([r, n]) => `${n} ${r}`).join(', ') || 'none'), mdCell(keys)];
  });
  return [...table(['CA', 'Issues', 'Namespaces with keys'], rows), ...more(cas.length, rows.length, 'CAs'), ''];
}

interface CaCounts {
  readonly cas: readonly CertificateEntry[];
  /** Issuer path → role → certificates issued. */
  readonly issued: ReadonlyMap<string, ReadonlyMap<string, number>>;
  /** Issuer path → Kubernetes provider → namespaces its leaves' keys are delivered to. */
  readonly namespaces: ReadonlyMap<string, ReadonlyMap<string, ReadonlySet<string>>>;
}

const caCountsMemo = new WeakMap<StackReport, CaCounts>();

/** What the CA rows count, once per stack: each plan tried takes its first rows. */
function caCounts(st: StackReport): CaCounts {
  const memo = caCountsMemo.get(st);
  if (memo) return memo;
  const issued = new Map<string, Map<string, number>>();
  const namespaces = new Map<string, Map<string, Set<string>>>();
  for (const c of st.certificates) {
    if (!c.issuer) continue;
    let roles = issued.get(c.issuer);
    if (!roles) issued.set(c.issuer, (roles = new Map()));
    roles.set(c.role, (roles.get(c.role) ?? 0) + 1);
    for (const d of c.deliveredTo) {
      if (!d.withPrivateKey) continue;
      let byKubernetes = namespaces.get(c.issuer);
      if (!byKubernetes) namespaces.set(c.issuer, (byKubernetes = new Map()));
      let set = byKubernetes.get(d.kubernetes);
      if (!set) byKubernetes.set(d.kubernetes, (set = new Set()));
      set.add(d.namespace);
    }
  }
  const counts = { cas: st.certificates.filter((c) => c.role === 'ca'), issued, namespaces };
  caCountsMemo.set(st, counts);
  return counts;
}

/** Keys and CA bundles per namespace, the first `groups` namespaces by name. */
function byNamespace(st: StackReport, groups: number): string[] {
  if (groups === 0) return [];
  const places = namespaceCounts(st);
  if (places.length === 0) return [];
  const rows = places.slice(0, groups).map((p) => [mdCellCode(p.namespace), mdCell(p.kubernetes), mdCell(p.keys), mdCell(p.bundles)]);
  return [...table(['Namespace', 'Kubernetes', 'Keys', 'CA deliveries'], rows), ...more(places.length, rows.length, 'namespaces'), ''];
}

interface NamespaceCount { readonly namespace: string; readonly kubernetes: string; keys: number; bundles: number }

const namespaceCountsMemo = new WeakMap<StackReport, readonly NamespaceCount[]>();

/** One count per namespace and Kubernetes provider, by namespace then provider, computed once per stack. */
function namespaceCounts(st: StackReport): readonly NamespaceCount[] {
  const memo = namespaceCountsMemo.get(st);
  if (memo) return memo;
  // By namespace, then provider: no key string is built per delivery (a fleet has tens of thousands).
  const places = new Map<string, Map<string, NamespaceCount>>();
  for (const c of st.certificates) {
    for (const d of c.deliveredTo) {
      let byKubernetes = places.get(d.namespace);
      if (!byKubernetes) places.set(d.namespace, (byKubernetes = new Map()));
      let p = byKubernetes.get(d.kubernetes);
      if (!p) byKubernetes.set(d.kubernetes, (p = { namespace: d.namespace, kubernetes: d.kubernetes, keys: 0, bundles: 0 }));
      if (d.withPrivateKey) p.keys++;
      else if (c.role === 'ca') p.bundles++;
    }
  }
  // The built-in string order is code-unit order, without a comparator call per comparison.
  const counts = [...places.keys()].sort().flatMap((n) => {
    const byKubernetes = places.get(n)!;
    return [...byKubernetes.keys()].sort().map((k) => byKubernetes.get(k)!);
  });
  namespaceCountsMemo.set(st, counts);
  return counts;
}
