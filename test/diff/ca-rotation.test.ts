import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App } from 'cdktf';
import { CaRotationPhase } from '../../constructs';
import { diffPosture } from '../../constructs/policy/diff';
import { CaRotationStack } from '../../examples/ca-rotation/stack';
import { removeAll } from './fixtures';

// examples/ca-rotation, one pull request per phase: what each step changes in trust and certificates.

const dirs: string[] = [];
afterAll(() => removeAll(dirs));

function synthPhase(phase: CaRotationPhase): string {
  const outdir = mkdtempSync(join(tmpdir(), 'tlsfleet-diff-rotation-'));
  dirs.push(outdir);
  const app = new App({ outdir });
  new CaRotationStack(app, 'ca-rotation', { phase });
  app.synth();
  return outdir;
}

test('each phase: the rotation step, the leaves re-issued by the new CA, the old CA leaving the bundles', () => {
  const trustBoth = synthPhase(CaRotationPhase.TRUST_BOTH);
  const issue = synthPhase(CaRotationPhase.ISSUE_WITH_NEW);
  const drop = synthPhase(CaRotationPhase.DROP_OLD);

  const second = diffPosture(trustBoth, issue);
  expect(second.worse).toBe(0);
  expect(second.markdown).toContain('CA rotation of `ca-rotation/Payments` from `ca-rotation/Ca2024` to `ca-rotation/Ca2026`: phase `trust-both` → **`issue-with-new`**');
  const reissued = second.markdown.split('\n').filter((l) => l.includes('Re-issued: '));
  expect(reissued.length).toBeGreaterThanOrEqual(4);
  for (const l of reissued) expect(l).toMatch(/issuer `ca-rotation\/Ca2024` → `ca-rotation\/Ca2026`$/);
  expect(second.markdown).not.toContain('Re-keyed');

  const third = diffPosture(issue, drop);
  expect(third.worse).toBe(0);
  expect(third.markdown).toContain('phase `issue-with-new` → **`drop-old`**');
  expect(third.markdown).toMatch(/CA `ca-rotation\/Ca2024` removed from \d+ object\(s\): ConfigMap `ledger\/ledger-scylla-connection`/);
  expect(third.markdown).not.toContain('Re-issued');
});
