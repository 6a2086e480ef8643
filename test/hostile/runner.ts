import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { assertNoInjectedTemplates, keyLeak, listFiles, REPORT_FILE, snapshot } from './checks';
import { fx } from './fixtures';
import { reportProblems } from './markdown';
import type { CaseResult, HostileCase, RejectExpectation, SynthOut } from './types';

const ERROR_CLASSES = ['TlsfleetValidationError', 'PolicyViolationError'];
const DEFAULT_ALLOWED = /\bmust\b|\ballowed\b|\bexpected\b|\bone of\b|options are|Fix:/i;

function matches(text: string, want: RegExp | string): boolean {
  return typeof want === 'string' ? text.includes(want) : want.test(text);
}

/** The message's first line; for summaries such as "tlsfleet policy: …" or cdktf's "Validation failed …", with the next line too. */
function firstLine(s: string, max = 160): string {
  const lines = s.split('\n').map((l) => l.trim()).filter((l) => l !== '');
  let line = lines[0] ?? '';
  if (lines.length > 1 && /^tlsfleet policy:|^Validation failed|:$/.test(line)) line = `${line} ${lines[1]}`;
  return line.length > max ? `${line.slice(0, max)}…` : line;
}

/** Runs one case in a fresh temporary outdir; `actual` is the one-line behaviour for the summary. */
export function runCase(c: HostileCase, lib: any): CaseResult {
  const outdir = mkdtempSync(join(tmpdir(), `tlsfleet-hostile-${c.id}-`));
  try {
    return { id: c.id, class: c.class, ...evaluate(c, lib, outdir) };
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}

function evaluate(c: HostileCase, lib: any, outdir: string): { ok: boolean; actual: string } {
  if (c.prepare) {
    try {
      c.prepare(lib, outdir);
    } catch (e) {
      return { ok: false, actual: `prepare (a passing synth) failed: ${(e as Error).name}: ${firstLine((e as Error).message)}` };
    }
  }
  const before = snapshot(outdir);
  let built: unknown;
  let error: unknown;
  try {
    const app = new lib.App({ outdir });
    const stack = new lib.TerraformStack(app, 'hostile');
    new lib.KubernetesProvider(stack, 'kubernetes', {});
    built = c.build(lib, stack, app);
    app.synth();
  } catch (e) {
    error = e;
  }
  if ('reject' in c.expect) return judgeReject(c.expect.reject, error, outdir, before);
  if (error !== undefined) {
    const e = error as Error;
    return { ok: false, actual: `threw ${e?.name ?? typeof e}: ${firstLine(String(e?.message ?? e))}` };
  }
  const out = collect(outdir, lib, built);
  try {
    assertNoInjectedTemplates(out);
    for (const md of out.reports.md) {
      const problems = reportProblems(md);
      if (problems.length) throw new Error(`report.md shows injected structure: ${problems[0]}`);
    }
    c.expect.safe(out);
  } catch (e) {
    return { ok: false, actual: firstLine((e as Error).message, 220) };
  }
  return { ok: true, actual: 'rendered safely' };
}

function judgeReject(want: RejectExpectation, error: unknown, outdir: string, before: Map<string, string>): { ok: boolean; actual: string } {
  if (error === undefined) return { ok: false, actual: `accepted${writtenSummary(outdir, before)}` };
  const e = error as Error;
  const name = typeof e === 'object' && e !== null ? String(e.name) : typeof e;
  const message = typeof e === 'object' && e !== null ? String(e.message) : String(e);
  if (!ERROR_CLASSES.includes(name)) return { ok: false, actual: `${name}: ${firstLine(message)}` };
  const problems: string[] = [];
  if (want.error && name !== want.error) problems.push(`is ${name}, not ${want.error}`);
  const leak = keyLeak(message, fx().secrets);
  if (leak) problems.push(`shows ${leak}`);
  if (!matches(message, want.path ?? /\bhostile(\/|\b)/)) problems.push(`names no construct path ${want.path ?? 'hostile/…'}`);
  if (!matches(message, want.field)) problems.push(`names no field ${want.field}`);
  if (want.value !== undefined && !matches(message, want.value)) problems.push(`does not show the value ${want.value}`);
  if (!(want.allowed ?? DEFAULT_ALLOWED).test(message)) problems.push(`does not say what is allowed (${want.allowed ?? DEFAULT_ALLOWED})`);
  if (want.rule && !want.rule.test(message)) problems.push(`names no rule ${want.rule}`);
  const written = writtenFiles(outdir, before);
  if (written.length) problems.push(`but wrote ${written.slice(0, 3).join(', ')}${written.length > 3 ? ` and ${written.length - 3} more` : ''}`);
  if (problems.length) return { ok: false, actual: `${name} ${problems.join('; ')}: ${firstLine(message, 200)}` };
  return { ok: true, actual: `${name}: ${firstLine(message, 100)}` };
}

/**
 * Files the failed synth created or changed. A report left over from the earlier passing synth counts too:
 * after a failed synth no report may still say the previous declaration passed.
 */
function writtenFiles(outdir: string, before: Map<string, string>): string[] {
  const now = snapshot(outdir);
  const out: string[] = [];
  for (const [f, text] of now) {
    if (!before.has(f)) out.push(f);
    else if (REPORT_FILE.test(f)) {
      if (before.get(f) === text) out.push(`${f} (stale, from the earlier passing synth)`);
      else if (!reportRecordsFailure(f, text)) out.push(`${f} (rewritten, showing no failure)`);
    } else if (before.get(f) !== text) out.push(`${f} (changed)`);
  }
  return out;
}

function reportRecordsFailure(file: string, text: string): boolean {
  if (!file.endsWith('.json')) return /fail|violation/i.test(text);
  try {
    return (JSON.parse(text)?.summary?.openViolations ?? 0) > 0;
  } catch {
    return false;
  }
}

function writtenSummary(outdir: string, before: Map<string, string>): string {
  const files = listFiles(outdir).filter((f) => !before.has(f) && !f.endsWith('manifest.json'));
  return files.length ? ` (wrote ${files.filter((f) => f.endsWith('.tf.json')).length} stack file(s), ${files.filter((f) => REPORT_FILE.test(f)).length} report(s))` : '';
}

function collect(outdir: string, lib: any, built: unknown): SynthOut {
  const files = listFiles(outdir);
  const stacks: Record<string, any> = {};
  for (const f of files) {
    const m = /^stacks\/([^/]+)\/cdk\.tf\.json$/.exec(f);
    if (m) stacks[m[1]] = JSON.parse(readFileSync(join(outdir, f), 'utf8'));
  }
  const read = (ext: string): string[] => files.filter((f) => f.endsWith(`report.${ext}`)).map((f) => readFileSync(join(outdir, f), 'utf8'));
  return {
    outdir, lib, built, json: stacks.hostile, stacks,
    reports: { md: read('md'), json: read('json').map((t) => JSON.parse(t)), sarif: read('sarif').map((t) => JSON.parse(t)) },
  };
}
