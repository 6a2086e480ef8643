import { App } from 'cdktf';
import { InsecureWaivedStack } from './stack';

// `npm run examples` (or `node -r ts-node/register/transpile-only main.ts` here) writes
// cdktf.out/stacks/insecure-waived and the review reports in cdktf.out/tlsfleet/.
const app = new App();
new InsecureWaivedStack(app, 'insecure-waived');
app.synth();
