import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { TLSFLEET_VERSION } from '../core/version';
import type { StackEvaluation } from './engine';
import { CertificateFact, ClusterFact, DeliveryFact, EndpointFact } from './facts';
import { RULES, Severity } from './rules';

/** The report directory inside the synth output (`cdktf.out/tlsfleet`). */
export const REPORT_DIR = 'tlsfleet';
export const REPORT_JSON = 'report.json';
export const REPORT_MARKDOWN = 'report.md';
export const REPORT_SARIF = 'report.sarif';

/** Above this many leaf certificates in a stack, the trust-chain diagram groups them. */
const DIAGRAM_DETAIL_LIMIT = 40;
/**
 * Rows per inventory table in report.md, and places per "Delivered to" cell: a pull-request comment
 * holds 65,536 characters, so a fleet's inventory is cut there and stays whole in report.json.
 */
const MARKDOWN_ROWS = 100;
const MARKDOWN_CLUSTERS = 20;
const MARKDOWN_PLACES = 6;

interface Delivery {
  readonly object: 'Secret' | 'ConfigMap';
  readonly namespace: string;
  readonly name: string;
  readonly kubernetes: string;
  readonly withPrivateKey: boolean;
}

/** One certificate in the inventory. */
export interface CertificateEntry {
  readonly path: string;
  readonly role: 'ca' | 'server' | 'client' | 'unmanaged';
  readonly subject?: string;
  readonly issuer?: string;
  readonly issuerSubject?: string;
  readonly key?: string;
  readonly imported?: boolean;
  readonly validityHours?: number;
  readonly earlyRenewalHours?: number;
  readonly renewal: string;
  readonly dnsNames?: readonly string[];
  readonly ipAddresses?: readonly string[];
  readonly holders?: readonly { readonly namespace: string; readonly kubernetes: string; readonly description: string }[];
  /** Secrets that carry the certificate (and key), and for a CA the bundles that carry it. */
  readonly deliveredTo: readonly Delivery[];
}

/** The report of one stack, as `report.json` holds it. */
export interface StackReport {
  readonly name: string;
  readonly path: string;
  readonly synthesizedFile: string;
  readonly settings: StackEvaluation['settings'];
  readonly clusters: readonly (Omit<ClusterFact, 'kind'> & { readonly path: string; readonly endpoints: readonly Omit<EndpointFact, 'kind' | 'cluster'>[] })[];
  readonly certificates: readonly CertificateEntry[];
  readonly waivers: readonly { readonly ruleId: string; readonly path: string; readonly reason: string; readonly approvedBy?: string; readonly covers: number }[];
  readonly rules: readonly {
    readonly id: string;
    readonly status: string;
    readonly checked: number;
    readonly violations: readonly { readonly path: string; readonly message: string; readonly waiver?: { readonly path: string; readonly reason: string; readonly approvedBy?: string } }[];
    readonly undecided: readonly { readonly path: string; readonly message: string }[];
  }[];
}

/** The whole `report.json`. */
export interface PolicyReport {
  readonly tool: { readonly name: 'tlsfleet'; readonly version: string };
  readonly rules: readonly { readonly id: string; readonly title: string; readonly severity: Severity; readonly description: string; readonly fix: string }[];
  readonly summary: {
    readonly stacks: number;
    readonly clusters: number;
    readonly endpoints: number;
    readonly certificates: number;
    readonly waivers: number;
    readonly waivedViolations: number;
    readonly openViolations: number;
  };
  readonly stacks: readonly StackReport[];
}

function hours(h: number | undefined): string {
  if (h === undefined) return 'unknown';
  if (h % 24 === 0) return `${h} h (${h / 24} days)`;
  return `${h} h`;
}

function renewalText(validity: number | undefined, early: number | undefined): string {
  if (early === undefined) return 'unknown at synth';
  if (early <= 0) return 'none: replaced only after expiry';
  return `replaced at the first apply in the last ${hours(early)}${validity !== undefined ? ` of ${hours(validity)}` : ''}`;
}

/** Builds the report data from the evaluations of an app's stacks. */
export function buildReport(evaluations: readonly StackEvaluation[]): PolicyReport {
  const stacks = evaluations.map(stackReport);
  const all = stacks.flatMap((s) => s.rules.flatMap((r) => r.violations));
  return {
    tool: { name: 'tlsfleet', version: TLSFLEET_VERSION },
    rules: RULES.map((r) => ({ id: r.id, title: r.title, severity: r.severity, description: r.description, fix: r.fix })),
    summary: {
      stacks: stacks.length,
      clusters: stacks.reduce((n, s) => n + s.clusters.length, 0),
      endpoints: stacks.reduce((n, s) => n + s.clusters.reduce((m, c) => m + c.endpoints.length, 0), 0),
      certificates: stacks.reduce((n, s) => n + s.certificates.length, 0),
      waivers: stacks.reduce((n, s) => n + s.waivers.length, 0),
      waivedViolations: all.filter((v) => v.waiver).length,
      openViolations: all.filter((v) => !v.waiver).length,
    },
    stacks,
  };
}

function stackReport(e: StackEvaluation): StackReport {
  const clusters = e.facts.filter((f): f is { path: string; fact: ClusterFact } => f.fact.kind === 'cluster');
  const endpoints = e.facts.filter((f): f is { path: string; fact: EndpointFact } => f.fact.kind === 'endpoint');
  const certs = e.facts.filter((f): f is { path: string; fact: CertificateFact } => f.fact.kind === 'certificate');
  const subjectOf = new Map(certs.map((c) => [c.path, c.fact.subject]));
  // Index the deliveries once: a fleet has thousands of certificates and Secrets.
  const byCertificate = new Map<string, DeliveryFact[]>();
  const byAuthority = new Map<string, DeliveryFact[]>();
  const add = (map: Map<string, DeliveryFact[]>, k: string, d: DeliveryFact): void => {
    const list = map.get(k);
    if (list) list.push(d);
    else map.set(k, [d]);
  };
  for (const d of e.deliveries) {
    for (const c of new Set(d.certificates)) add(byCertificate, c, d);
    for (const a of new Set(d.authorities)) add(byAuthority, a, d);
  }
  const deliveriesOf = (path: string, ca: boolean): Delivery[] => {
    const carrying = byCertificate.get(path) ?? [];
    const trusting = ca ? (byAuthority.get(path) ?? []).filter((d) => !carrying.includes(d)) : [];
    return [...carrying, ...trusting]
      .map((d) => ({ object: d.object, namespace: d.namespace, name: d.name, kubernetes: d.kubernetes, withPrivateKey: d.carriesPrivateKey && carrying.includes(d) }))
      .sort((a, b) => cmp(key(a), key(b)));
  };
  const endpointsByCluster = new Map<string, { path: string; fact: EndpointFact }[]>();
  for (const x of endpoints) {
    const list = endpointsByCluster.get(x.fact.cluster);
    if (list) list.push(x);
    else endpointsByCluster.set(x.fact.cluster, [x]);
  }
  const certificates: CertificateEntry[] = [
    ...certs.map(({ path, fact }) => clean({
      path,
      role: fact.role,
      subject: fact.subject,
      issuer: fact.issuer,
      issuerSubject: fact.issuer ? subjectOf.get(fact.issuer) : undefined,
      key: fact.key,
      imported: fact.imported || undefined,
      validityHours: fact.validityHours,
      earlyRenewalHours: fact.earlyRenewalHours,
      renewal: fact.imported ? 'managed outside tlsfleet' : renewalText(fact.validityHours, fact.earlyRenewalHours),
      dnsNames: fact.dnsNames?.length ? fact.dnsNames : undefined,
      ipAddresses: fact.ipAddresses?.length ? fact.ipAddresses : undefined,
      holders: fact.holders.length ? fact.holders : undefined,
      deliveredTo: deliveriesOf(path, fact.role === 'ca'),
    }) as CertificateEntry),
    ...e.unmanagedCertificates.map((u) => clean({
      path: u.path,
      role: 'unmanaged',
      validityHours: u.validityHours,
      earlyRenewalHours: u.earlyRenewalHours,
      renewal: renewalText(u.validityHours, u.earlyRenewalHours),
      subject: u.isCa ? '(hand-written CA certificate)' : '(hand-written certificate)',
      deliveredTo: deliveriesOf(u.path, false),
    }) as CertificateEntry),
  ].sort((a, b) => cmp(a.path, b.path));

  return {
    name: e.stackName,
    path: e.stack.node.path,
    synthesizedFile: `stacks/${e.stackName}/cdk.tf.json`,
    settings: e.settings,
    clusters: clusters.map(({ path, fact }) => ({
      path,
      product: fact.product,
      name: fact.name,
      namespace: fact.namespace,
      datacenters: fact.datacenters,
      ...(fact.caRotation ? { caRotation: fact.caRotation } : {}),
      ...(fact.caSource ? { caSource: fact.caSource } : {}),
      ...(fact.manualControls ? { manualControls: fact.manualControls } : {}),
      endpoints: (endpointsByCluster.get(path) ?? []).map(({ fact: { kind: _k, cluster: _c, ...rest } }) => clean(rest) as Omit<EndpointFact, 'kind' | 'cluster'>)
        .sort((a, b) => cmp(a.datacenter ?? '', b.datacenter ?? '') || a.port - b.port || cmp(a.api, b.api)),
    })).sort((a, b) => cmp(a.path, b.path)),
    certificates,
    waivers: e.waivers.map((w) => clean({ ruleId: w.record.ruleId, path: w.record.path, reason: w.record.reason, approvedBy: w.record.approvedBy, covers: w.uses }) as StackReport['waivers'][number]),
    rules: e.results.map((r) => ({
      id: r.rule.id,
      status: r.status,
      checked: r.checked,
      violations: r.violations.map((v) => clean({
        path: v.path,
        message: v.message,
        waiver: v.waiver ? clean({ path: v.waiver.path, reason: v.waiver.reason, approvedBy: v.waiver.approvedBy }) : undefined,
      }) as StackReport['rules'][number]['violations'][number]),
      undecided: r.undecided,
    })),
  };
}

/** Code-unit order: the same on every machine, unlike localeCompare. */
function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function key(d: Delivery): string {
  return `${d.kubernetes}/${d.namespace}/${d.object}/${d.name}`;
}

/** The object without undefined members, so JSON output has no noise. */
function clean<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}

// ---------------------------------------------------------------------------------------------
// Markdown

function cell(s: string | number | undefined): string {
  return String(s ?? '').replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}

function table(header: string[], rows: (string | number | undefined)[][]): string[] {
  return [`| ${header.join(' | ')} |`, `| ${header.map(() => '---').join(' | ')} |`, ...rows.map((r) => `| ${r.map(cell).join(' | ')} |`)];
}

function code(s: string | undefined): string {
  if (!s) return '';
  const ticks = s.includes('`') ? '``' : '`';
  return `${ticks}${s}${ticks}`;
}

/** `report.md`: what a pull-request comment shows. */
export function renderMarkdown(report: PolicyReport): string {
  const s = report.summary;
  const waived = report.stacks.flatMap((st) => st.rules.flatMap((r) => r.violations.filter((v) => v.waiver).map((v) => ({ stack: st.name, rule: r.id, ...v }))));
  const title = (id: string): string => report.rules.find((r) => r.id === id)?.title ?? id;
  const lines: string[] = [
    '# tlsfleet security review',
    '',
    `${s.stacks} stack(s), ${s.clusters} cluster(s), ${s.endpoints} endpoint(s), ${s.certificates} certificate(s). `
      + `${s.openViolations} open violation(s), ${s.waivedViolations} waived violation(s) under ${s.waivers} waiver(s). tlsfleet ${report.tool.version}.`,
    '',
  ];
  if (waived.length) {
    lines.push(`> [!WARNING]`, `> **${waived.length} waived violation(s).** Each insecure setting below was accepted with a reason; review the reasons.`, '');
    lines.push(...table(['Rule', 'Construct', 'What is insecure', 'Waiver on', 'Reason', 'Approved by'],
      waived.map((w) => [`${w.rule} ${title(w.rule)}`, code(w.path), w.message, code(w.waiver!.path), w.waiver!.reason, w.waiver!.approvedBy ?? '-'])), '');
  } else {
    lines.push('**No waivers:** every rule passes without exception.', '');
  }

  lines.push('## Summary', '');
  lines.push(...table(['Stack', 'Clusters', 'Endpoints', 'Certificates', 'Rules passed', 'Rules waived', 'Rules failed', 'Not applicable'],
    report.stacks.map((st) => [
      code(st.name), st.clusters.length, st.clusters.reduce((n, c) => n + c.endpoints.length, 0), st.certificates.length,
      st.rules.filter((r) => r.status === 'pass').length, st.rules.filter((r) => r.status === 'waived').length,
      st.rules.filter((r) => r.status === 'fail').length, st.rules.filter((r) => r.status === 'not applicable').length,
    ])), '');

  for (const st of report.stacks) {
    lines.push(`## Stack \`${st.name}\``, '');
    const set = st.settings;
    lines.push(`Policy limits: leaf validity at most ${set.maxLeafValidityDays} days, TLS at least ${set.minTlsVersion}, RSA at least ${set.minRsaBits} bits.`, '');

    lines.push('### Rules', '');
    lines.push(...table(['Rule', 'Title', 'Severity', 'Result', 'Checked', 'Undecided at synth'],
      st.rules.map((r) => [r.id, title(r.id), report.rules.find((x) => x.id === r.id)?.severity, r.status, r.checked, r.undecided.length || ''])), '');
    const undecided = st.rules.flatMap((r) => r.undecided.map((u) => [r.id, code(u.path), u.message]));
    if (undecided.length) lines.push('Not decidable at synth (Terraform references):', '', ...table(['Rule', 'Construct', 'Why'], undecided.slice(0, MARKDOWN_ROWS)), ...more(undecided.length, MARKDOWN_ROWS, 'undecided checks'), '');

    lines.push('### Clusters and endpoints', '');
    if (st.clusters.length === 0) lines.push('No clusters in this stack.', '');
    for (const c of st.clusters.slice(0, MARKDOWN_CLUSTERS)) {
      lines.push(`**${c.product} \`${c.name}\`** (${code(c.path)}), datacenters: ${c.datacenters.map((d) => `${d.name} (namespace ${d.namespace} via ${d.kubernetes})`).join(', ')}`, '');
      if (c.caSource) lines.push(`CA: ${c.caSource}.`, '');
      for (const m of c.manualControls ?? []) {
        lines.push(m.acknowledged
          ? `**Manual control, not verifiable by Terraform:** ${m.control}, enabled by ${code(oneLine(m.enabledBy))}: ${code(oneLine(m.reason))}`
          : `**Manual control, not verifiable by Terraform:** ${m.control}: **not acknowledged** (TLSF014)`, '');
      }
      if (c.caRotation) {
        lines.push(`CA rotation in progress: phase **${c.caRotation.phase}**, from ${code(c.caRotation.from)} to ${code(c.caRotation.to)}.`, '');
      }
      lines.push(...table(['Datacenter', 'API', 'Address', 'Port', 'Transport', 'TLS versions', 'Client certificates', 'Authorization'],
        c.endpoints.map((x) => [x.datacenter ?? '-', x.api, code(x.address), x.port, x.transport, x.tlsVersions === undefined ? 'set by the operator' : x.tlsVersions.join(', ') || '-', x.clientCertificates, x.authorization])), '');
    }
    lines.push(...more(st.clusters.length, MARKDOWN_CLUSTERS, 'clusters'));

    lines.push('### Certificates', '');
    lines.push(...table(['Certificate', 'Role', 'Subject', 'Issuer', 'Key', 'Validity', 'Renewal', 'Delivered to'],
      st.certificates.slice(0, MARKDOWN_ROWS).map((c) => [
        code(c.path), c.role + (c.imported ? ' (imported)' : ''), code(c.subject), c.issuer ? code(c.issuer) : 'self-signed', c.key ?? '-',
        c.imported ? 'outside tlsfleet' : hours(c.validityHours), c.renewal,
        [...c.deliveredTo.slice(0, MARKDOWN_PLACES).map((d) => `${d.object} ${d.namespace}/${d.name}${d.withPrivateKey ? ' (with key)' : ''}`),
          ...(c.deliveredTo.length > MARKDOWN_PLACES ? [`and ${c.deliveredTo.length - MARKDOWN_PLACES} more`] : [])].join('; ') || '-',
      ])), ...more(st.certificates.length, MARKDOWN_ROWS, 'certificates'), '');

    lines.push('### Trust chain', '', '```mermaid', ...mermaid(st), '```', '');
  }

  lines.push('## Rule reference', '');
  lines.push(...table(['Rule', 'Title', 'Severity', 'Fix'], report.rules.map((r) => [r.id, r.title, r.severity, r.fix])), '');
  return lines.join('\n');
}

function more(total: number, shown: number, what: string): string[] {
  return total > shown ? ['', `… and ${total - shown} more ${what}: the full inventory is in report.json.`] : [];
}

function mermaidLabel(s: string): string {
  return s.replace(/"/g, '#quot;').replace(/</g, '#lt;').replace(/>/g, '#gt;');
}

/** The trust chain: CA → certificates → Secrets → namespaces → clusters. */
function mermaid(st: StackReport): string[] {
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

// ---------------------------------------------------------------------------------------------
// SARIF 2.1.0

const SARIF_LEVEL: Record<Severity, 'error' | 'warning' | 'note'> = { high: 'error', medium: 'warning', low: 'note' };
const SECURITY_SEVERITY: Record<Severity, string> = { high: '8.0', medium: '5.0', low: '2.0' };

function pascal(title: string): string {
  return title.replace(/[^A-Za-z0-9]+(.)?/g, (_m, c: string | undefined) => (c ? c.toUpperCase() : '')).replace(/^./, (c) => c.toUpperCase());
}

/** `report.sarif`: SARIF 2.1.0, one result per violation, located at the construct path and the synthesized stack file. */
export function renderSarif(report: PolicyReport): object {
  const results = report.stacks.flatMap((st) => st.rules.flatMap((r) => {
    const rule = report.rules.find((x) => x.id === r.id)!;
    const ruleIndex = report.rules.indexOf(rule);
    const location = (path: string): object => ({
      physicalLocation: { artifactLocation: { uri: st.synthesizedFile, uriBaseId: 'CDKTF_OUT' } },
      logicalLocations: [{ fullyQualifiedName: path, kind: 'resource' }],
    });
    return [
      ...r.violations.map((v) => clean({
        ruleId: r.id,
        ruleIndex,
        level: SARIF_LEVEL[rule.severity],
        message: { text: `${v.path}: ${v.message}. ${rule.fix}` },
        locations: [location(v.path)],
        partialFingerprints: { constructPath: `${r.id}/${v.path}` },
        suppressions: v.waiver ? [clean({
          kind: 'inSource',
          status: 'accepted',
          justification: `${v.waiver.reason}${v.waiver.approvedBy ? ` (approved by ${v.waiver.approvedBy})` : ''}`,
          location: location(v.waiver.path),
        })] : undefined,
      })),
      ...r.undecided.map((u) => ({
        ruleId: r.id,
        ruleIndex,
        kind: 'review',
        level: 'none',
        message: { text: `${u.path}: not decidable at synth: ${u.message}.` },
        locations: [location(u.path)],
        partialFingerprints: { constructPath: `${r.id}/${u.path}/undecided` },
      })),
    ];
  }));
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [{
      tool: {
        driver: {
          name: 'tlsfleet',
          version: report.tool.version,
          rules: report.rules.map((r) => ({
            id: r.id,
            name: pascal(r.title),
            shortDescription: { text: r.title },
            fullDescription: { text: r.description },
            help: { text: r.fix },
            defaultConfiguration: { level: SARIF_LEVEL[r.severity] },
            properties: { tags: ['security', 'tls'], 'security-severity': SECURITY_SEVERITY[r.severity] },
          })),
        },
      },
      originalUriBaseIds: { CDKTF_OUT: { description: { text: 'The cdktf synth output directory (cdktf.out).' } } },
      results,
    }],
  };
}

/** Writes `report.json`, `report.md` and `report.sarif` under `<outdir>/tlsfleet`, each replaced whole. */
export function writeReports(outdir: string, evaluations: readonly StackEvaluation[]): void {
  const report = buildReport(evaluations);
  const dir = join(outdir, REPORT_DIR);
  mkdirSync(dir, { recursive: true });
  const files: [string, string][] = [
    [REPORT_JSON, JSON.stringify(report, null, 2) + '\n'],
    [REPORT_MARKDOWN, renderMarkdown(report)],
    [REPORT_SARIF, JSON.stringify(renderSarif(report), null, 2) + '\n'],
  ];
  for (const [name, text] of files) {
    const tmp = join(dir, `.${name}.tmp`);
    writeFileSync(tmp, text);
    renameSync(tmp, join(dir, name));
  }
}

/** A user's text on one Markdown line. */
function oneLine(s: string | undefined): string {
  return (s ?? '').replace(/[\r\n\u2028\u2029]+/g, ' ').trim();
}
