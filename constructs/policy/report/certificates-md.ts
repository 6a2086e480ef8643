import { compareCodeUnits as cmp } from '../../core/order';
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

  const shown = [...certs].sort((a, b) => rank(a, index) - rank(b, index) || cmp(a.path, b.path)).slice(0, rows);
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
  const rows = caRows(st);
  if (rows.length === 0) return [];
  return [...table(['CA', 'Issues', 'Namespaces with keys'], rows.slice(0, groups)), ...more(rows.length, Math.min(groups, rows.length), 'CAs'), ''];
}

const caRowsMemo = new WeakMap<StackReport, string[][]>();

/** One row per CA, computed once per stack: each plan tried takes its first rows. */
function caRows(st: StackReport): string[][] {
  const memo = caRowsMemo.get(st);
  if (memo) return memo;
  const cas = st.certificates.filter((c) => c.role === 'ca');
  const issued = new Map<string, Map<string, number>>();
  const namespaces = new Map<string, Set<string>>();
  for (const c of st.certificates) {
    if (!c.issuer) continue;
    const roles = issued.get(c.issuer) ?? new Map<string, number>();
    roles.set(c.role, (roles.get(c.role) ?? 0) + 1);
    issued.set(c.issuer, roles);
    const ns = namespaces.get(c.issuer) ?? new Set<string>();
    c.deliveredTo.filter((d) => d.withPrivateKey).forEach((d) => ns.add(`${d.kubernetes}\0${d.namespace}`));
    namespaces.set(c.issuer, ns);
  }
  const rows = cas.map((ca) => {
    const roles = [...(issued.get(ca.path) ?? new Map<string, number>())].sort(([a], [b]) => cmp(a, b));
    return [mdCellCode(ca.path), mdCell(roles.map(([r, n]) => `${n} ${r}`).join(', ') || 'none'), mdCell(namespaces.get(ca.path)?.size ?? 0)];
  });
  caRowsMemo.set(st, rows);
  return rows;
}

/** Keys and CA bundles per namespace, the first `groups` namespaces by name. */
function byNamespace(st: StackReport, groups: number): string[] {
  if (groups === 0) return [];
  const rows = namespaceRows(st);
  if (rows.length === 0) return [];
  return [...table(['Namespace', 'Kubernetes', 'Keys', 'CA deliveries'], rows.slice(0, groups)), ...more(rows.length, Math.min(groups, rows.length), 'namespaces'), ''];
}

const namespaceRowsMemo = new WeakMap<StackReport, string[][]>();

/** One row per namespace, computed once per stack. */
function namespaceRows(st: StackReport): string[][] {
  const memo = namespaceRowsMemo.get(st);
  if (memo) return memo;
  const places = new Map<string, { namespace: string; kubernetes: string; keys: number; bundles: number }>();
  for (const c of st.certificates) {
    for (const d of c.deliveredTo) {
      const k = `${d.namespace}\0${d.kubernetes}`;
      const p = places.get(k) ?? { namespace: d.namespace, kubernetes: d.kubernetes, keys: 0, bundles: 0 };
      if (d.withPrivateKey) p.keys++;
      else if (c.role === 'ca') p.bundles++;
      places.set(k, p);
    }
  }
  const rows = [...places.entries()].sort(([a], [b]) => cmp(a, b))
    .map(([, p]) => [mdCellCode(p.namespace), mdCell(p.kubernetes), mdCell(p.keys), mdCell(p.bundles)]);
  namespaceRowsMemo.set(st, rows);
  return rows;
}
