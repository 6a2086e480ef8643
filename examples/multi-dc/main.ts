import { App } from 'cdktf';
import { MultiDcStack } from './stack';

// `npm run examples` (or `node -r ts-node/register/transpile-only main.ts` here) writes cdktf.out/stacks/multi-dc.
const app = new App();
new MultiDcStack(app, 'multi-dc');
app.synth();
