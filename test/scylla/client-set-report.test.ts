// The review report of a fleet is the same whichever client form declares it. A set's clients sit at the paths
// addClient gives them (`<cluster>/<key>`), and the policy judges each for_each instance as Terraform applies it,
// so report.json, report.md and report.sarif are byte-identical: a reviewer cannot tell the forms apart, and
// waivers, the diff's pairing and SARIF locations carry over when a fleet switches.
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { synthToFile } from '../helpers/synth';
import { declareFleet, Form } from './client-set-fleet';

const FILES = ['report.json', 'report.md', 'report.sarif'] as const;

function reports(form: Form): Record<(typeof FILES)[number], string> {
  const { outdir } = synthToFile((stack) => { declareFleet(stack, { form }); });
  try {
    return Object.fromEntries(FILES.map((f) => [f, readFileSync(join(outdir, 'tlsfleet', f), 'utf8')])) as Record<(typeof FILES)[number], string>;
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}

describe('the reports of the default and the set form', () => {
  const both = { default: reports('default'), set: reports('set') };

  test.each(FILES)('%s is byte-identical', (file) => {
    expect(both.set[file]).toBe(both.default[file]);
  });

  test('and it is a real report of the fleet: every client certificate is in it, and every rule was checked', () => {
    const json = JSON.parse(both.set['report.json']);
    const clients = json.stacks[0].certificates.filter((c: { role: string }) => c.role === 'client');
    expect(clients).toHaveLength(6 + 2); // six applications and the two clusters' cqlsh admin certificates
    expect(clients.map((c: { path: string }) => c.path)).toContain('test/Db/Orders/Certificate');
    for (const id of ['TLSF005', 'TLSF010', 'TLSF016']) {
      expect(json.stacks[0].rules.find((r: { id: string }) => r.id === id).checked).toBeGreaterThan(6);
    }
  });
});
