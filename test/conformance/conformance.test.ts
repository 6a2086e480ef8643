// Every ScyllaCluster the project synthesizes conforms to the operator's CRD (v1.21.1) and webhook rules:
// the reference app and the examples here, in memory; the unit tests through test/helpers/synth.ts synth() and trySynth();
// the `npm run examples` output in test/examples.test.ts.
import { App, TerraformStack, Testing } from 'cdktf';
import { AlternatorTlsStack } from '../../examples/alternator-tls/stack';
import { MultiDcStack } from '../../examples/multi-dc/stack';
import { ReferenceStack } from '../../examples/reference/stack';
import { conformanceViolations, scyllaClustersIn } from './manifests';

const APPS: Array<[string, (app: App) => TerraformStack, number]> = [
  ['reference', (app) => new ReferenceStack(app, 'reference'), 1],
  ['alternator-tls', (app) => new AlternatorTlsStack(app, 'alternator-tls'), 1],
  ['multi-dc', (app) => new MultiDcStack(app, 'multi-dc'), 2],
];

describe.each(APPS)('%s', (name, build, expected) => {
  const json = JSON.parse(Testing.synth(build(Testing.app())));
  const found = scyllaClustersIn(json, name);

  test(`synthesizes ${expected} ScyllaCluster object(s)`, () => {
    expect(found).toHaveLength(expected);
  });

  test('every ScyllaCluster conforms to the CRD schema and the webhook rules', () => {
    expect(found.flatMap(conformanceViolations)).toEqual([]);
  });
});
