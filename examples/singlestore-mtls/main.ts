import { App } from 'cdktf';
import { SingleStoreMtlsStack } from './stack';

// `npx cdktf synth` here writes cdktf.out/stacks/singlestore-mtls/cdk.tf.json.
const app = new App();
new SingleStoreMtlsStack(app, 'singlestore-mtls');
app.synth();
