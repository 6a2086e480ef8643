// The hand-written baseline app of `npm run bench` (see scripts/bench/baseline.ts): the tlsfleet
// fleet without tlsfleet, one provider-class resource at a time.
import { App, TerraformStack } from 'cdktf';
import { declareClient, declareCluster, declareStack } from './baseline';
import { fleetShape, phase, STACK } from './fleet';

phase('loaded');
const shape = fleetShape();
const app = new App();
const stack = new TerraformStack(app, STACK);
const sharedCa = declareStack(stack, shape);
for (let i = 0; i < shape.clusters; i++) {
  const c = declareCluster(stack, i, sharedCa);
  for (let j = 0; j < shape.clientsPerCluster; j++) declareClient(c, j);
}
phase('built');
app.synth();
phase('synthesized');
