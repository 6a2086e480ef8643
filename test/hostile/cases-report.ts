import { check, MARKERS } from './checks';
import { GOOD_REASON, httpScylla, singlestore } from './fixtures';
import { MdCell, MdStructure, parseMarkdown } from './markdown';
import type { HostileCase, SynthOut } from './types';

const CLASS = 'report injection';

function md(out: SynthOut): MdStructure {
  check(out.reports.md.length > 0, 'no report.md was written');
  return parseMarkdown(out.reports.md[0]);
}

const norm = (s: string): string => s.replace(/[\s\u2028\u2029]+/g, ' ').trim();

/** The certificates table: its rows count every certificate of report.json, and the row of `path`. */
function certificateRow(out: SynthOut, path: string): { header: string[]; row: MdCell[] } {
  const s = md(out);
  const table = s.tables.find((t) => t.header[0] === 'Certificate' && t.header.includes('Subject'));
  check(table, 'no certificates table');
  const expected = Math.min(100, (out.reports.json[0]?.stacks ?? []).reduce((n: number, st: any) => n + (st.certificates?.length ?? 0), 0));
  check(table!.rows.length === expected, `the certificates table has ${table!.rows.length} rows for ${expected} certificates`);
  const row = table!.rows.find((r) => norm(r[0].code.join('')) === norm(path));
  check(row, `no certificates row whose code span is ${JSON.stringify(path)}`);
  return { header: table!.header, row: row! };
}

/** The subject cell of the certificate at `path` is one code span, exactly the certificate's `subjectOneline`. */
function subjectShown(path: string): (out: SynthOut) => void {
  return (out) => {
    const oneline: string = out.built.subjectOneline;
    const { header, row } = certificateRow(out, path);
    const cell = row[header.indexOf('Subject')];
    check(cell.code.length === 1 && cell.code[0] === oneline, `the subject renders as ${JSON.stringify(cell.code)} (text ${JSON.stringify(cell.text.slice(0, 60))}), not ${JSON.stringify(oneline)}`);
    check(cell.text === oneline, `the subject cell reads ${JSON.stringify(cell.text.slice(0, 80))}`);
    const s = md(out);
    for (const t of s.plainText) check(!MARKERS.test(t) || t.includes(oneline), `injected text outside the code span: ${JSON.stringify(t.slice(0, 60))}`);
  };
}

/**
 * The waived-violations list has one `Reason:` and one `Approved by:` item per waived violation and shows
 * `column` of the first as `expected` (newlines as spaces).
 */
function waiverCell(column: 'Reason' | 'Approved by', expected: string): (out: SynthOut) => void {
  return (out) => {
    const s = md(out);
    const items = s.listItems.filter((t) => t.startsWith(`${column}: `));
    const waived = out.reports.json[0]?.summary?.waivedViolations;
    check(items.length === waived, `the waived-violations list has ${items.length} "${column}" items for ${waived} waived violation(s)`);
    const text = items[0].slice(column.length + 2);
    const shown = column === 'Approved by' ? text.slice(0, text.lastIndexOf('; waiver on ')) : text;
    check(norm(shown) === norm(expected), `the ${column} item reads ${JSON.stringify(shown.slice(0, 80))}`);
  };
}

function ca(subject: Record<string, string>, id = 'Ca'): (lib: any, stack: any) => unknown {
  return (lib, stack) => new lib.CertificateAuthority(stack, id, { subject });
}

function waived(reason: string, approvedBy?: string): (lib: any, stack: any) => unknown {
  return (lib, stack) => lib.waive(httpScylla(lib, stack), 'TLSF001', { reason, ...(approvedBy ? { approvedBy } : {}) });
}

const ONE_LINE_REASON = 'The importer needs HTTP until the Q3 rewrite (INV-412) | TLSF999 | `x` | PWNED cell | <!-- the rest is hidden';
const CR_REASON = 'The importer needs HTTP until the Q3 rewrite (INV-412)\r| TLSF999 | `x` | PWNED row | `y` | z | w |\r<!-- the rest is hidden';

export const REPORT_CASES: HostileCase[] = [
  { id: 'R01', class: CLASS, description: 'CA common name holding a double-backtick code span "``SECURITY REVIEW PASSED``"', build: ca({ commonName: 'x ``SECURITY REVIEW PASSED`` y' }), expect: { safe: subjectShown('hostile/Ca') } },
  { id: 'R02', class: CLASS, description: 'common name starting with a backtick', build: ca({ commonName: '`PWNED' }), expect: { safe: subjectShown('hostile/Ca') } },
  { id: 'R03', class: CLASS, description: 'common name ending with a backtick', build: ca({ commonName: 'PWNED`' }), expect: { safe: subjectShown('hostile/Ca') } },
  { id: 'R04', class: CLASS, description: 'common name with a triple-backtick fence', build: ca({ commonName: 'a ``` PWNED ``` b' }), expect: { safe: subjectShown('hostile/Ca') } },
  { id: 'R05', class: CLASS, description: 'organization "R/D+Ops": the oneline backslashes appear exactly once-escaped', build: ca({ commonName: 'db', organization: 'R/D+Ops' }), expect: { safe: subjectShown('hostile/Ca') } },
  { id: 'R06', class: CLASS, description: 'UTF-8 subject (\\xHH escapes) appears exactly once-escaped', build: ca({ commonName: 'Müller Ä', locality: 'Zürich' }), expect: { safe: subjectShown('hostile/Ca') } },
  { id: 'R07', class: CLASS, description: 'common name with a pipe', build: ca({ commonName: 'a | PWNED | b' }), expect: { safe: subjectShown('hostile/Ca') } },
  { id: 'R08', class: CLASS, description: 'common name with HTML', build: ca({ commonName: '<script>PWNED</script>' }), expect: { safe: subjectShown('hostile/Ca') } },
  { id: 'R09', class: CLASS, description: 'pipes next to the escaped slash and plus of the oneline form', build: ca({ commonName: 'a/|b', organization: '+|+' }), expect: { safe: subjectShown('hostile/Ca') } },
  {
    id: 'R10', class: CLASS, description: 'construct id with a newline and a ``` fence',
    build: ca({ commonName: 'fenced' }, 'Ca\n```\n# SECURITY REVIEW PASSED\n```'),
    // Line breaks show as visible control pictures (␊), so the id stays on its table row.
    expect: { safe: (out) => { certificateRow(out, 'hostile/Ca␊```␊# SECURITY REVIEW PASSED␊```'); } },
  },
  {
    id: 'R11', class: CLASS, description: 'construct id closing a Mermaid label and adding a click link',
    build: ca({ commonName: 'mermaid' }, 'Ca"]\n  click ca0 href "https://evil.example/PWNED"\n  x["'),
    expect: {
      safe: (out) => {
        for (const f of md(out).fences) {
          check(!/^\s*(click|style|classDef|linkStyle|%%\{)/m.test(f.content), `the Mermaid diagram holds an injected directive: ${JSON.stringify(f.content.match(/^\s*(click|style|classDef|linkStyle|%%\{).*$/m)?.[0])}`);
        }
      },
    },
  },
  { id: 'R12', class: CLASS, description: 'construct id with a pipe', build: ca({ commonName: 'piped' }, 'Ca|PWNED|x'), expect: { safe: (out) => { certificateRow(out, 'hostile/Ca|PWNED|x'); } } },
  { id: 'R13', class: CLASS, description: 'construct id ending with a backtick', build: ca({ commonName: 'tick' }, 'Ca`'), expect: { safe: (out) => { certificateRow(out, 'hostile/Ca`'); } } },
  {
    id: 'R14', class: CLASS, description: 'waiver reason with CR, a forged table row and "<!--" (a control character: refused)',
    build: waived(CR_REASON),
    expect: { reject: { path: 'hostile/Shop', field: /reason/, allowed: /must|one line|control/i } },
  },
  {
    id: 'R15', class: CLASS, description: 'waiver reason with forged table cells and "<!--" on one line',
    build: waived(ONE_LINE_REASON),
    expect: { safe: waiverCell('Reason', ONE_LINE_REASON) },
  },
  {
    id: 'R16', class: CLASS, description: 'waiver reason with a Markdown link',
    build: waived('[Approved by security](https://evil.example/PWNED): the importer needs HTTP until the Q3 rewrite.'),
    expect: { safe: waiverCell('Reason', '[Approved by security](https://evil.example/PWNED): the importer needs HTTP until the Q3 rewrite.') },
  },
  {
    id: 'R17', class: CLASS, description: 'waiver reason with an image and emphasis',
    build: waived('![PWNED](https://evil.example/x.png) **the importer** needs HTTP until the Q3 rewrite (INV-412).'),
    expect: { safe: waiverCell('Reason', '![PWNED](https://evil.example/x.png) **the importer** needs HTTP until the Q3 rewrite (INV-412).') },
  },
  { id: 'R18', class: CLASS, description: 'approvedBy with HTML', build: waived(GOOD_REASON, '<b onmouseover="alert(1)">PWNED</b>'), expect: { safe: waiverCell('Approved by', '<b onmouseover="alert(1)">PWNED</b>') } },
  { id: 'R19', class: CLASS, description: 'approvedBy with "<!--"', build: waived(GOOD_REASON, 'alice <!-- PWNED'), expect: { safe: waiverCell('Approved by', 'alice <!-- PWNED') } },
  {
    id: 'R20', class: CLASS, description: 'waived REQUIRE X509 user named with HTML and a pipe',
    build: (lib, stack) => {
      const u = singlestore(lib, stack).addUser('U', { name: "<b>PWNED</b>|x'", namespace: 'u', secretName: 'u-tls', require: lib.SingleStoreUserRequirement.X509 });
      lib.waive(u, 'TLSF012', { reason: GOOD_REASON });
    },
    expect: { safe: () => undefined },
  },
  {
    id: 'R21', class: CLASS, description: 'ScyllaDB Cloud encryptedConnections reason with backticks and "<!--"',
    build: (lib, stack) => {
      const c = new lib.ScyllaCloudCluster(stack, 'Catalog', {
        name: 'catalog', region: 'us-east-1', cloud: lib.ScyllaCloudProvider.AWS, nodeType: 'i8g.large', minNodes: 3,
        encryptedConnections: { reason: 'Enabled in the console ``PWNED`` on 2026-11-30 (CHG-2231) <!--', enabledBy: '`dba`' },
      });
      lib.waive(c, 'TLSF003', { reason: 'ScyllaDB Cloud authenticates CQL clients by password only; no client certificates.' });
    },
    expect: {
      safe: (out) => {
        const s = md(out);
        check(s.codeSpans.includes('Enabled in the console ``PWNED`` on 2026-11-30 (CHG-2231) <!--'), `the reason is not one code span: ${JSON.stringify(s.codeSpans.filter((c) => /PWNED|console/.test(c)))}`);
        check(s.codeSpans.includes('`dba`'), `enabledBy is not one code span: ${JSON.stringify(s.codeSpans.filter((c) => /dba/.test(c)))}`);
      },
    },
  },
  {
    id: 'R22', class: CLASS, description: 'a stack id with a backtick: the stack heading and summary keep it in one code span',
    build: (lib, _stack, app) => {
      const st = new lib.TerraformStack(app, 'rev`PWNED');
      new lib.CertificateAuthority(st, 'Ca');
    },
    expect: {
      safe: (out) => {
        const s = md(out);
        check(s.codeSpans.filter((c) => c === 'rev`PWNED').length >= 2, `the stack name is not kept whole in code spans: ${JSON.stringify(s.codeSpans.filter((c) => c.includes('rev')))}`);
      },
    },
  },
  {
    id: 'R23', class: CLASS, description: 'waiver reason with a lone surrogate and U+2028',
    build: waived('The importer needs HTTP\u2028until the Q3 rewrite \ud800 (INV-412).'),
    expect: { reject: { path: 'hostile/Shop', field: /reason/, allowed: /must|Unicode|control/i } },
  },
];
