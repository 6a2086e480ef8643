// cdktf's per-token stack traces are switched off while tlsfleet is loaded (constructs/core/stack-traces.ts).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { App, Lazy, TerraformStack, Tokenization } from 'cdktf';
import { CertificateAuthority } from '../../constructs';
import { STACK_TRACES_ENV, stackTracesOff } from '../../constructs/core/stack-traces';

const root = resolve(__dirname, '..', '..');

function probe(env: Record<string, string | undefined>): { creationStack: number; stack: string; report: string } {
  const outdir = mkdtempSync(join(tmpdir(), 'tlsfleet-traces-'));
  try {
    const childEnv: NodeJS.ProcessEnv = { ...process.env, CHECKPOINT_DISABLE: '1', ...env };
    if (env[STACK_TRACES_ENV] === undefined) delete childEnv[STACK_TRACES_ENV];
    const r = spawnSync(process.execPath, ['-r', join(root, 'scripts', 'ts-cache.js'), join(__dirname, 'fixtures', 'stack-trace-probe.ts'), outdir], {
      cwd: root, encoding: 'utf8', env: childEnv,
    });
    if (r.status !== 0) throw new Error(`the probe exited ${r.status}: ${r.stderr}`);
    return JSON.parse(r.stdout.trim().split('\n').pop()!);
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}

describe('cdktf stack traces while tlsfleet synthesizes', () => {
  test('off in this process once tlsfleet is loaded: a token carries no creation stack', () => {
    expect(stackTracesOff()).toBe(true);
    const lazy = Tokenization.reverseString(Lazy.stringValue({ produce: () => 'x' })).firstToken as unknown as { creationStack: string[] };
    expect(lazy.creationStack).toEqual([]);
  });

  test(`${STACK_TRACES_ENV}=1 keeps cdktf's behaviour, and the synthesized bytes are the same either way`, () => {
    const off = probe({ [STACK_TRACES_ENV]: undefined });
    const on = probe({ [STACK_TRACES_ENV]: '1' });
    expect(off.creationStack).toBe(0);
    expect(on.creationStack).toBeGreaterThan(3);
    expect(off.stack).toBe(on.stack);
    expect(off.report).toBe(on.report);
  });

  test('a tlsfleet error still names the construct path, the field and the value', () => {
    const stack = new TerraformStack(new App({ outdir: join(tmpdir(), 'tlsfleet-traces-err') }), 'err');
    expect(() => new CertificateAuthority(stack, 'Ca', { validityHours: -5 }))
      .toThrow(/err\/Ca.*validityHours.*-5/s);
  });
});
