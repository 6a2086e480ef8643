#!/usr/bin/env node
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { diffPosture, DiffInputError, renderReviewComment } from '../policy/diff';
import { visibleText } from '../policy/report/escape';

// `tlsfleet`, the package's bin. One command today: `tlsfleet diff`. Exit codes are the contract a CI job reads:
// it posts the comment whatever the code, then fails the job on 1 when it wants worse postures reviewed first.

/** The diff was written and nothing weakens the posture. */
export const EXIT_OK = 0;
/** The diff was written and at least one change weakens the posture. */
export const EXIT_WORSE = 1;
/** Nothing was diffed: bad arguments, or a report.json that is missing, corrupt or not a tlsfleet report. */
export const EXIT_ERROR = 2;

const USAGE = `Usage: tlsfleet diff <base cdktf.out> <head cdktf.out> [--output <file>] [--with-report]

Compares the security posture of two synths (their tlsfleet/report.json, and the stacks' cdk.tf.json beside it)
and writes a Markdown pull-request comment of what changed: listeners, TLS versions, client authentication,
waivers, rule results, certificates (added, removed, re-issued, re-keyed, lifetimes, renewal), key deliveries,
CAs and bundles, clusters, clients and users. Under 65,536 characters; the first line is the verdict.

Options:
  --output <file>   write the comment to <file> instead of standard output
  --with-report     append the head synth's tlsfleet/report.md, cut to fit one comment (diff first)
  -h, --help        show this help

Exit codes:
  0  written; no change weakens the posture (or nothing changed)
  1  written; at least one change weakens the posture (the comment lists those first)
  2  nothing written: bad arguments, or a report.json missing, corrupt or not a tlsfleet report
`;

interface Io {
  readonly out: (s: string) => void;
  readonly err: (s: string) => void;
}

/** Runs the CLI with `args` (without node and the script) and returns the exit code. */
export function main(args: readonly string[], io: Io): number {
  const [command, ...rest] = args;
  if (command === '-h' || command === '--help' || command === 'help') {
    io.out(USAGE);
    return EXIT_OK;
  }
  if (command !== 'diff') {
    io.err(`tlsfleet: ${command === undefined ? 'no command given' : `unknown command ${JSON.stringify(visibleText(command))}`}\n\n${USAGE}`);
    return EXIT_ERROR;
  }
  const dirs: string[] = [];
  let output: string | undefined;
  let withReport = false;
  for (let i = 0; i < rest.length; i++) {
    const a = rest[i];
    if (a === '-h' || a === '--help') {
      io.out(USAGE);
      return EXIT_OK;
    } else if (a === '--output' || a === '-o') {
      output = rest[++i];
      if (output === undefined || output === '') return usage(io, `${a} needs a file name`);
    } else if (a.startsWith('--output=')) {
      output = a.slice('--output='.length);
      if (output === '') return usage(io, '--output needs a file name');
    } else if (a === '--with-report') {
      withReport = true;
    } else if (a.startsWith('-') && a !== '-') {
      return usage(io, `unknown option ${JSON.stringify(visibleText(a))}`);
    } else {
      dirs.push(a);
    }
  }
  if (dirs.length !== 2) return usage(io, `expected two cdktf.out directories (base, head), got ${dirs.length}`);
  const [base, head] = dirs;
  try {
    let result;
    if (withReport) {
      const reportFile = join(head, 'tlsfleet', 'report.md');
      let report: string;
      try {
        report = readFileSync(reportFile, 'utf8');
      } catch (e) {
        throw new DiffInputError(reportFile, '', `cannot be read (${(e as NodeJS.ErrnoException).code ?? 'error'}); --with-report needs the head synth's report.md`);
      }
      result = renderReviewComment(base, head, report);
    } else {
      result = diffPosture(base, head);
    }
    if (output !== undefined) writeFileSync(output, result.markdown);
    else io.out(result.markdown);
    return result.worse > 0 ? EXIT_WORSE : EXIT_OK;
  } catch (e) {
    // Never a stack trace: the input is hostile, and the reader is a CI log.
    if (e instanceof DiffInputError) io.err(`tlsfleet diff: ${e.message}\n`);
    else io.err(`tlsfleet diff: ${visibleText(e instanceof Error ? e.message : String(e))}\n`);
    return EXIT_ERROR;
  }
}

function usage(io: Io, problem: string): number {
  io.err(`tlsfleet diff: ${problem}\n\n${USAGE}`);
  return EXIT_ERROR;
}

if (require.main === module) {
  // A reader that stops early (`| head -1`) closes the pipe: that is not an error worth a stack trace.
  process.stdout.on('error', (e: NodeJS.ErrnoException) => { if (e.code !== 'EPIPE') throw e; });
  process.exitCode = main(process.argv.slice(2), { out: (s) => process.stdout.write(s), err: (s) => process.stderr.write(s) });
}
