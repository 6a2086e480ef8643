// The review report of a fleet is the same whichever client form declares it: report.json lists the same
// certificates (subject, issuer, key, validity, holders, where each is delivered) and the same findings per rule.
// Construct paths differ by design (a set's client is `<cluster>/<set>/<key>`, addClient's `<cluster>/<key>`).
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { synthToFile } from '../helpers/synth';
import { declareFleet, Form } from './client-set-fleet';

function report(form: Form): any {
  const { outdir } = synthToFile((stack) => { declareFleet(stack, { form }); });
  try {
    return JSON.parse(readFileSync(join(outdir, 'tlsfleet', 'report.json'), 'utf8'));
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}

/** A certificate as a reviewer reads it, without its construct path. */
function certificates(json: any): any[] {
  return json.stacks[0].certificates
    .map(({ path: _path, ...c }: { path: string }) => c)
    .sort((a: any, b: any) => `${a.issuer} ${a.subject}`.localeCompare(`${b.issuer} ${b.subject}`));
}

/** Each rule's verdict and findings; paths of set clients written as addClient's (`Db/Clients/Orders/…` → `Db/Orders/…`). */
function findings(json: any): any[] {
  const text = JSON.stringify(json.stacks[0].rules.map(({ checked: _checked, ...r }: { checked: number }) => r));
  return JSON.parse(text.replace(/\/Clients\/([A-Za-z0-9_.-]+)\//g, '/$1/'));
}

describe('report.json of the default and the set form', () => {
  const reports = { default: report('default'), set: report('set') };

  test('the same certificates: subject, issuer, key, validity, renewal, holders and deliveries', () => {
    const d = certificates(reports.default);
    expect(d.filter((c) => c.role === 'client')).toHaveLength(6 + 2);
    expect(certificates(reports.set)).toEqual(d);
  });

  test('the same findings, rule by rule', () => {
    expect(findings(reports.set)).toEqual(findings(reports.default));
    expect(reports.set.summary).toEqual(reports.default.summary);
  });
});
