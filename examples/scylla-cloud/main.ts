import { App } from 'cdktf';
import { ScyllaCloudStack } from './stack';

// `npm run examples` (or `node -r ../../scripts/ts-cache.js main.ts` here) writes cdktf.out/stacks/scylla-cloud.
const app = new App();
new ScyllaCloudStack(app, 'scylla-cloud');
app.synth();
