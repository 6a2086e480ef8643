import { App } from 'cdktf';
import { ReferenceStack } from './examples/reference/stack';

// The reference deployment: `npx cdktf synth` writes cdktf.out/stacks/reference/cdk.tf.json and,
// from the tlsfleet policy, the review reports cdktf.out/tlsfleet/report.{json,md,sarif}.
const app = new App();
new ReferenceStack(app, 'reference');
app.synth();
