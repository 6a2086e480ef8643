import { compareCodeUnits as cmp } from '../../core/order';
import { count, details, more, table } from './blocks';
import { mdCell, mdCode, mdText } from './escape';
import { checkCell, Finding, FindingIndex } from './findings';
import { StackReport } from './model';

// A stack's clusters in report.md: when the list is cut, one row per kind of listener across the stack (how many
// clusters serve it and how); then the first `rows` clusters, each with a narrow table of its listeners (what
// listens, TLS, client certificates, the check), and the listeners' addresses in a collapsed block.

type Cluster = StackReport['clusters'][number];
type Endpoint = Cluster['endpoints'][number];

function tls(x: Endpoint): string {
  if (x.transport === 'plaintext') return '**plaintext**';
  return x.tlsVersions === undefined ? 'TLS, versions set by the operator' : mdCell(x.tlsVersions.join(', ') || '-');
}

function clientAuth(x: Endpoint): string {
  return `${mdCell(x.clientCertificates)}${x.authorization === 'off' ? ', authorization **off**' : ''}`;
}

/** The clusters section: `rows` clusters in detail (0 for counts only). */
export function clustersSection(st: StackReport, index: FindingIndex, rows: number): string[] {
  const out: string[] = [`### Clusters and listeners (${st.clusters.length})`, ''];
  if (st.clusters.length === 0) return [...out, 'No clusters in this stack.', ''];
  if (st.clusters.length > rows) out.push(...listenerKinds(st, index));
  const shown = st.clusters.slice(0, rows);
  for (const c of shown) {
    const datacenters = c.datacenters.map((d) => `${mdText(d.name)} in namespace ${mdCode(d.namespace)} via ${mdText(d.kubernetes)}`).join('; ');
    out.push(`**${mdText(c.product)} ${mdCode(c.name)}** (${mdCode(c.path)}), datacenters: ${datacenters}`, '');
    // caSource and the control's name are tlsfleet's own sentences (Markdown, with code spans), not input.
    if (c.caSource) out.push(`CA: ${c.caSource}.`, '');
    for (const m of c.manualControls ?? []) {
      out.push(m.acknowledged
        ? `**Manual control, not verifiable by Terraform:** ${m.control}, enabled by ${mdCode(m.enabledBy ?? '')}: ${mdCode(m.reason ?? '')}`
        : `**Manual control, not verifiable by Terraform:** ${m.control}: **not acknowledged** (TLSF014)`, '');
    }
    if (c.caRotation) {
      // The phase is a CaRotationPhase value; from and to are construct paths.
      out.push(`CA rotation in progress: phase **${c.caRotation.phase}**, from ${mdCode(c.caRotation.from)} to ${mdCode(c.caRotation.to)}.`, '');
    }
    if (c.endpoints.length === 0) continue;
    out.push(...table(['Listener', 'TLS', 'Client certificates', 'Check'], c.endpoints.map((x) => [
      mdCell(`${x.datacenter ? `${x.datacenter} ` : ''}${x.api} ${x.port}`), tls(x), clientAuth(x), checkCell(index.onListener(c.path, x.datacenter, x.port)),
    ])), '');
  }
  const cut = more(st.clusters.length, shown.length, 'clusters');
  if (cut.length) out.push(...cut, '');
  if (shown.some((c) => c.endpoints.length)) {
    out.push(...details(`Addresses of the listeners of the ${count(shown.length, 'cluster')} above`, shown.flatMap((c) => c.endpoints.map((x) =>
      `- ${mdCode(c.name)} ${mdText(`${x.datacenter ? `${x.datacenter} ` : ''}${x.api} ${x.port}`)}: ${mdCode(x.address)}, authorization ${mdText(x.authorization)}`))));
  }
  return out;
}

/** Per finding index (one per stack and render): the rows do not depend on the plan renderMarkdown tries. */
const kindsMemo = new WeakMap<FindingIndex, { st: StackReport; lines: readonly string[] }>();

/** One row per kind of listener (product, API, port and settings) across the stack's clusters. */
function listenerKinds(st: StackReport, index: FindingIndex): readonly string[] {
  const memo = kindsMemo.get(index);
  if (memo?.st === st) return memo.lines;
  const lines = listenerKindRows(st, index);
  kindsMemo.set(index, { st, lines });
  return lines;
}

function listenerKindRows(st: StackReport, index: FindingIndex): string[] {
  const kinds = new Map<string, { product: string; x: Endpoint; clusters: Set<string>; findings: Finding[] }>();
  for (const c of st.clusters) {
    for (const x of c.endpoints) {
      const key = JSON.stringify([c.product, x.api, x.port, x.transport, x.tlsVersions ?? null, x.clientCertificates, x.authorization]);
      const k = kinds.get(key) ?? { product: c.product, x, clusters: new Set<string>(), findings: [] };
      k.clusters.add(c.path);
      k.findings.push(...index.onListener(c.path, x.datacenter, x.port));
      kinds.set(key, k);
    }
  }
  const rows = [...kinds.entries()].sort(([a], [b]) => cmp(a, b)).map(([, k]) => [
    mdCell(`${k.product} ${k.x.api} ${k.x.port}, ${count(k.clusters.size, 'cluster')}`), tls(k.x), clientAuth(k.x), checkCell(k.findings),
  ]);
  return rows.length ? [...table(['Listeners', 'TLS', 'Client certificates', 'Check'], rows), ''] : [];
}
