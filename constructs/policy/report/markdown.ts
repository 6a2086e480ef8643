import { mdCell, mdCellCode, mdCode, mdText } from './escape';
import { hours, PolicyReport } from './model';
import { mermaid } from './mermaid';

/**
 * Rows per inventory table in report.md, and places per "Delivered to" cell: a pull-request comment
 * holds 65,536 characters, so a fleet's inventory is cut there and stays whole in report.json.
 */
const MARKDOWN_ROWS = 100;
const MARKDOWN_CLUSTERS = 20;
const MARKDOWN_PLACES = 6;

// report.md: what a pull-request comment shows. Every string that is not this file's own text goes through
// escape.ts: text through mdText / mdCell, names that must read exactly (paths, subjects, addresses) through
// mdCode / mdCellCode.

/** A GFM table. The header is ours; every cell arrives escaped (mdCell or mdCellCode), so a row is one line. */
function table(header: string[], rows: string[][]): string[] {
  return [`| ${header.join(' | ')} |`, `| ${header.map(() => '---').join(' | ')} |`, ...rows.map((r) => `| ${r.join(' | ')} |`)];
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
      waived.map((w) => [
        mdCell(`${w.rule} ${title(w.rule)}`), mdCellCode(w.path), mdCell(w.message), mdCellCode(w.waiver!.path), mdCell(w.waiver!.reason), mdCell(w.waiver!.approvedBy ?? '-'),
      ])), '');
  } else {
    lines.push('**No waivers:** every rule passes without exception.', '');
  }

  lines.push('## Summary', '');
  lines.push(...table(['Stack', 'Clusters', 'Endpoints', 'Certificates', 'Rules passed', 'Rules waived', 'Rules failed', 'Not applicable'],
    report.stacks.map((st) => [
      mdCellCode(st.name), ...[
        st.clusters.length, st.clusters.reduce((n, c) => n + c.endpoints.length, 0), st.certificates.length,
        st.rules.filter((r) => r.status === 'pass').length, st.rules.filter((r) => r.status === 'waived').length,
        st.rules.filter((r) => r.status === 'fail').length, st.rules.filter((r) => r.status === 'not applicable').length,
      ].map(mdCell),
    ])), '');

  for (const st of report.stacks) {
    lines.push(`## Stack ${mdCode(st.name)}`, '');
    const set = st.settings;
    // The settings are validated numbers and one of two TLS version names (configurePolicy).
    lines.push(`Policy limits: leaf validity at most ${set.maxLeafValidityDays} days, TLS at least ${set.minTlsVersion}, RSA at least ${set.minRsaBits} bits.`, '');

    lines.push('### Rules', '');
    lines.push(...table(['Rule', 'Title', 'Severity', 'Result', 'Checked', 'Undecided at synth'],
      st.rules.map((r) => [r.id, title(r.id), report.rules.find((x) => x.id === r.id)?.severity, r.status, r.checked, r.undecided.length || ''].map(mdCell))), '');
    const undecided = st.rules.flatMap((r) => r.undecided.map((u) => [mdCell(r.id), mdCellCode(u.path), mdCell(u.message)]));
    if (undecided.length) lines.push('Not decidable at synth (Terraform references):', '', ...table(['Rule', 'Construct', 'Why'], undecided.slice(0, MARKDOWN_ROWS)), ...more(undecided.length, MARKDOWN_ROWS, 'undecided checks'), '');

    lines.push('### Clusters and endpoints', '');
    if (st.clusters.length === 0) lines.push('No clusters in this stack.', '');
    for (const c of st.clusters.slice(0, MARKDOWN_CLUSTERS)) {
      const datacenters = c.datacenters.map((d) => `${mdText(d.name)} (namespace ${mdText(d.namespace)} via ${mdText(d.kubernetes)})`).join(', ');
      lines.push(`**${mdText(c.product)} ${mdCode(c.name)}** (${mdCode(c.path)}), datacenters: ${datacenters}`, '');
      // caSource and the control's name are tlsfleet's own sentences (Markdown, with code spans), not input.
      if (c.caSource) lines.push(`CA: ${c.caSource}.`, '');
      for (const m of c.manualControls ?? []) {
        lines.push(m.acknowledged
          ? `**Manual control, not verifiable by Terraform:** ${m.control}, enabled by ${mdCode(m.enabledBy ?? '')}: ${mdCode(m.reason ?? '')}`
          : `**Manual control, not verifiable by Terraform:** ${m.control}: **not acknowledged** (TLSF014)`, '');
      }
      if (c.caRotation) {
        // The phase is a CaRotationPhase value; from and to are construct paths.
        lines.push(`CA rotation in progress: phase **${c.caRotation.phase}**, from ${mdCode(c.caRotation.from)} to ${mdCode(c.caRotation.to)}.`, '');
      }
      lines.push(...table(['Datacenter', 'API', 'Address', 'Port', 'Transport', 'TLS versions', 'Client certificates', 'Authorization'],
        c.endpoints.map((x) => [
          mdCell(x.datacenter ?? '-'), mdCell(x.api), mdCellCode(x.address), mdCell(x.port), mdCell(x.transport),
          mdCell(x.tlsVersions === undefined ? 'set by the operator' : x.tlsVersions.join(', ') || '-'), mdCell(x.clientCertificates), mdCell(x.authorization),
        ])), '');
    }
    lines.push(...more(st.clusters.length, MARKDOWN_CLUSTERS, 'clusters'));

    lines.push('### Certificates', '');
    lines.push(...table(['Certificate', 'Role', 'Subject', 'Issuer', 'Key', 'Validity', 'Renewal', 'Delivered to'],
      st.certificates.slice(0, MARKDOWN_ROWS).map((c) => [
        mdCellCode(c.path), mdCell(c.role + (c.imported ? ' (imported)' : '')), mdCellCode(c.subject), c.issuer ? mdCellCode(c.issuer) : mdCell('self-signed'), mdCell(c.key ?? '-'),
        mdCell(c.imported ? 'outside tlsfleet' : hours(c.validityHours)), mdCell(c.renewal),
        mdCell([...c.deliveredTo.slice(0, MARKDOWN_PLACES).map((d) => `${d.object} ${d.namespace}/${d.name}${d.withPrivateKey ? ' (with key)' : ''}`),
          ...(c.deliveredTo.length > MARKDOWN_PLACES ? [`and ${c.deliveredTo.length - MARKDOWN_PLACES} more`] : [])].join('; ') || '-'),
      ])), ...more(st.certificates.length, MARKDOWN_ROWS, 'certificates'), '');

    lines.push('### Trust chain', '', '```mermaid', ...mermaid(st), '```', '');
  }

  lines.push('## Rule reference', '');
  // The fix is tlsfleet's own Markdown (code spans name the props); it holds no `|` and no line break.
  lines.push(...table(['Rule', 'Title', 'Severity', 'Fix'], report.rules.map((r) => [mdCell(r.id), mdCell(r.title), mdCell(r.severity), r.fix])), '');
  return lines.join('\n');
}

function more(total: number, shown: number, what: string): string[] {
  return total > shown ? ['', `… and ${total - shown} more ${what}: the full inventory is in report.json.`] : [];
}
