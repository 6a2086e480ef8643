// Reads one file out of a Go module fetched through the Go module proxy (`go mod download`), for test
// fixtures that ship inside public modules (the operator's CRD, the SARIF schema).
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

/** The text of `file` in `module@version`, or undefined with the reason appended to `attempts`. */
export function fileFromGoModule(module: string, version: string, file: string, attempts: string[]): { text: string; file: string } | undefined {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'tlsfleet-gomod-'));
  try {
    const run = spawnSync('go', ['mod', 'download', '-json', `${module}@${version}`], {
      cwd: tmp,
      encoding: 'utf8',
      timeout: 120_000,
      env: { ...process.env, GOFLAGS: '-mod=mod' },
    });
    if (run.error) {
      attempts.push(`go mod download failed to run: ${run.error.message}`);
      return undefined;
    }
    let info: { Dir?: string; Error?: string } = {};
    try {
      info = JSON.parse(run.stdout);
    } catch {
      attempts.push(`go mod download exited ${run.status}: ${(run.stderr || run.stdout).trim().slice(0, 300)}`);
      return undefined;
    }
    if (info.Error || !info.Dir) {
      attempts.push(`go mod download: ${(info.Error ?? 'no Dir in output').split('\n')[0]}`);
      return undefined;
    }
    const full = path.join(info.Dir, file);
    if (!fs.existsSync(full)) {
      attempts.push(`module ${module}@${version} has no ${file}`);
      return undefined;
    }
    return { text: fs.readFileSync(full, 'utf8'), file: full };
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

/** The cache directory outside the clone (`$TLSFLEET_CACHE`, default `~/.cache/tlsfleet`). */
export function cacheRoot(): string {
  return process.env.TLSFLEET_CACHE || path.join(os.homedir(), '.cache', 'tlsfleet');
}
