// TLSF012 judges each statement of each users.sql in the plan; a finding belongs to the user of that
// account in the deployment whose ConfigMap carries the statement, so a waiver covers only its own user.
import { CertificateAuthority, SingleStoreTls, SingleStoreUserRequirement, SingleStoreVersion, waive } from '../../constructs';
import { evaluate, newStack } from '../helpers/synth';
import { TerraformStack } from 'cdktf';

function twoDeployments(stack: TerraformStack, order: 'A first' | 'B first'): void {
  // A client CA each: the same subject under one CA is refused before the policy runs.
  const declare = (id: string, cluster: string, require: SingleStoreUserRequirement) => new SingleStoreTls(stack, id, {
    clusterName: cluster, namespace: cluster, engineVersion: SingleStoreVersion.V9_1, ca: new CertificateAuthority(stack, `${id}Ca`),
  }).addUser('App', { name: 'app', namespace: `${cluster}-apps`, require });
  const a = () => declare('A', 'sdb-a', SingleStoreUserRequirement.SUBJECT);
  const b = () => declare('B', 'sdb-b', SingleStoreUserRequirement.X509);
  if (order === 'A first') { a(); b(); } else { b(); a(); }
}

describe('TLSF012: two deployments with the same account in one stack', () => {
  test.each(['A first', 'B first'] as const)('the REQUIRE X509 statement is B\'s user\'s, whatever the order (%s)', (order) => {
    const stack = newStack();
    twoDeployments(stack, order);
    const rule = evaluate(stack).results.find((r) => r.rule.id === 'TLSF012')!;
    expect(rule.violations.map((v) => v.path)).toEqual(['test/B/App']);
    expect(rule.checked).toBe(2);
  });

  test('a waiver on A\'s user (pinned to its subject) does not cover B\'s; a waiver on B\'s does', () => {
    const stack = newStack();
    twoDeployments(stack, 'A first');
    const reason = { reason: 'batch reporting job; the client CA of sdb-b issues certificates to this job only' };
    waive(stack.node.findChild('B').node.findChild('App'), 'TLSF012', reason);
    const rule = evaluate(stack).results.find((r) => r.rule.id === 'TLSF012')!;
    expect(rule.status).toBe('waived');
    expect(rule.violations.map((v) => [v.path, v.waiver?.path])).toEqual([['test/B/App', 'test/B/App']]);

    const wrong = newStack();
    twoDeployments(wrong, 'B first');
    waive(wrong.node.findChild('A').node.findChild('App'), 'TLSF012', reason);
    const misplaced = evaluate(wrong);
    const result = misplaced.results.find((r) => r.rule.id === 'TLSF012')!;
    expect(result.status).toBe('fail');
    expect(result.violations.map((v) => [v.path, v.waiver])).toEqual([['test/B/App', undefined]]);
  });
});
