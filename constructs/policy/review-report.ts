import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { IConstruct } from 'constructs';
import { Finding, FindingStatus, SecurityPosture } from './posture';

/** The file name of the review report, next to the stacks in the synth output. */
export const REVIEW_REPORT_FILE = 'security-review.md';

/**
 * Renders the security posture of everything under `scope`'s root as Markdown for a pull
 * request: waived exceptions first (each with its reason), then every secure setting.
 */
export function renderReviewReport(scope: IConstruct): string {
  const all = SecurityPosture.findings(scope);
  const waived = all.filter((f) => f.status === FindingStatus.WAIVED);
  const secure = all.filter((f) => f.status === FindingStatus.SECURE);
  const lines = [
    '# tlsfleet security review',
    '',
    `${waived.length} waived exception(s), ${secure.length} secure setting(s).`,
    '',
    '## Waived exceptions',
    '',
  ];
  if (waived.length === 0) lines.push('None: every setting is at or above the secure default.', '');
  else lines.push(...table(['Construct', 'Control', 'Setting', 'Reason', 'Approved by'],
    waived.map((f) => [f.path, f.control, f.detail, f.waiver?.reason ?? '', f.waiver?.approvedBy ?? '-'])), '');
  lines.push('## Secure settings', '');
  lines.push(...table(['Construct', 'Control', 'Setting'], secure.map((f: Finding) => [f.path, f.control, f.detail])), '');
  return lines.join('\n');
}

/** Writes the report into `outdir` (the app's synth output); returns the file path. */
export function writeReviewReport(app: IConstruct & { readonly outdir: string }): string {
  mkdirSync(app.outdir, { recursive: true });
  const file = join(app.outdir, REVIEW_REPORT_FILE);
  writeFileSync(file, renderReviewReport(app));
  return file;
}

function table(header: string[], rows: string[][]): string[] {
  const cell = (s: string) => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');
  return [
    `| ${header.join(' | ')} |`,
    `| ${header.map(() => '---').join(' | ')} |`,
    ...rows.map((r) => `| ${r.map(cell).join(' | ')} |`),
  ];
}
