// Thin helpers around the real openssl binary, for end-to-end checks of issued certificates.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Runs `openssl args…` with PEM inputs written to temporary files; `{file:NAME}` in args names one. */
export function openssl(args: string[], files: Record<string, string> = {}): string {
  const dir = mkdtempSync(join(tmpdir(), 'tlsfleet-openssl-'));
  try {
    for (const [name, content] of Object.entries(files)) writeFileSync(join(dir, name), content);
    return execFileSync('openssl', args, { cwd: dir, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** `openssl x509 -noout -subject -nameopt compat` without the `subject=` prefix. */
export function onelineSubject(certPem: string): string {
  const out = openssl(['x509', '-in', 'c.pem', '-noout', '-subject', '-nameopt', 'compat'], { 'c.pem': certPem }).trimEnd();
  if (!out.startsWith('subject=')) throw new Error(`unexpected openssl output: ${out}`);
  return out.slice('subject='.length);
}

/** `openssl verify` of a leaf against a CA file; returns openssl's output or throws with it. */
export function verifyChain(caPem: string, leafPem: string): string {
  return openssl(['verify', '-x509_strict', '-CAfile', 'ca.pem', 'leaf.pem'], { 'ca.pem': caPem, 'leaf.pem': leafPem }).trim();
}

/** The text form of a certificate (`openssl x509 -noout -text`). */
export function certificateText(certPem: string): string {
  return openssl(['x509', '-in', 'c.pem', '-noout', '-text'], { 'c.pem': certPem });
}

/** The SANs of a certificate as `DNS:x` / `IP Address:y` entries. */
export function subjectAltNames(certPem: string): string[] {
  const out = openssl(['x509', '-in', 'c.pem', '-noout', '-ext', 'subjectAltName'], { 'c.pem': certPem });
  const line = out.split('\n').slice(1).join(' ').trim();
  return line === '' ? [] : line.split(/,\s*/).map((s) => s.trim());
}
