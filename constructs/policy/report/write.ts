import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { StackEvaluation } from '../model';
import { renderMarkdown } from './markdown';
import { buildReport, REPORT_DIR, REPORT_JSON, REPORT_MARKDOWN, REPORT_SARIF } from './model';
import { renderSarif } from './sarif';

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

