import { hours, PolicyReport } from './model';
import { mermaid } from './mermaid';

/**
 * Rows per inventory table in report.md, and places per "Delivered to" cell: a pull-request comment
 * holds 65,536 characters, so a fleet's inventory is cut there and stays whole in report.json.
 */
const MARKDOWN_ROWS = 100;
const MARKDOWN_CLUSTERS = 20;
const MARKDOWN_PLACES = 6;

// report.md: what a pull-request comment shows.

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

/** A user's text on one Markdown line. */
function oneLine(s: string | undefined): string {
  return (s ?? '').replace(/[\r\n\u2028\u2029]+/g, ' ').trim();
}
