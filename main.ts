import { App } from 'cdktf';
import { ReferenceStack } from './examples/reference/stack';

// The reference deployment: `npx cdktf synth` writes cdktf.out/stacks/reference/cdk.tf.json.
const app = new App();
new ReferenceStack(app, 'reference');
app.synth();
