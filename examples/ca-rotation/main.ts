import { App } from 'cdktf';
import { CaRotationPhase } from '../../constructs';
import { CaRotationStack } from './stack';

// One phase per deploy, in order:
//   CA_ROTATION_PHASE=trust-both npx cdktf deploy ca-rotation       (the default)
//   CA_ROTATION_PHASE=issue-with-new npx cdktf deploy ca-rotation
//   CA_ROTATION_PHASE=drop-old npx cdktf deploy ca-rotation
const app = new App();
new CaRotationStack(app, 'ca-rotation', { phase: (process.env.CA_ROTATION_PHASE ?? CaRotationPhase.TRUST_BOTH) as CaRotationPhase });
app.synth();
