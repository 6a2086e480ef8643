import { App } from 'cdktf';
import { writeReviewReport } from './constructs';
import { ReferenceStack } from './examples/reference/stack';

// The reference deployment: `npx cdktf synth` writes cdktf.out/stacks/reference/cdk.tf.json
// and the reviewer's summary cdktf.out/security-review.md.
const app = new App();
new ReferenceStack(app, 'reference');
app.synth();
writeReviewReport(app);
