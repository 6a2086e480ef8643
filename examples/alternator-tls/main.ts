import { App } from 'cdktf';
import { AlternatorTlsStack } from './stack';

// `npm run examples` (or `node -r ts-node/register/transpile-only main.ts` here) writes cdktf.out/stacks/alternator-tls.
const app = new App();
new AlternatorTlsStack(app, 'alternator-tls');
app.synth();
