// The tlsfleet side of `npm run bench`: N ScyllaDB clusters, each with M applications added
// through cluster.addClient(), declared the way the README shows, synthesized the way main.ts is
// (with everything tlsfleet runs at synth, such as its policy and reports). See scripts/bench/fleet.ts.
import { App, TerraformStack } from 'cdktf';
import { KubernetesProvider } from '@cdktf/provider-kubernetes/lib/provider';
import { AlternatorCertificateSource, CertificateAuthority, ScyllaCluster } from '../../constructs';
import { client, cluster, fleetShape, ORGANIZATION, phase, STACK, VERSION } from './fleet';

phase('loaded');
const shape = fleetShape();
const app = new App();
const stack = new TerraformStack(app, STACK);
new KubernetesProvider(stack, 'kubernetes', { configPath: '~/.kube/config' });
// One CA per cluster is the library's default (and what the fleet uses): a client certificate of one
// cluster is not accepted by another, and each cluster's CA rotates on its own.
const shared = shape.ca === 'shared'
  ? new CertificateAuthority(stack, 'Ca', { subject: { commonName: 'Fleet ScyllaDB CA', organization: ORGANIZATION } })
  : undefined;

for (let i = 0; i < shape.clusters; i++) {
  const c = cluster(i);
  const db = new ScyllaCluster(stack, c.id, {
    name: c.name,
    namespace: c.namespace,
    version: VERSION,
    ca: shared,
    datacenters: [{
      name: 'dc1',
      racks: [{ name: 'r1', members: 3, storageCapacity: '100Gi', cpuLimit: '2', memoryLimit: '8Gi' }],
    }],
    alternator: { certificateSource: AlternatorCertificateSource.TLSFLEET },
  });
  for (let j = 0; j < shape.clientsPerCluster; j++) {
    const a = client(j);
    db.addClient(a.id, {
      name: a.name,
      namespace: c.appNamespace,
      subject: { commonName: a.name, organization: ORGANIZATION, organizationalUnit: c.appNamespace },
    });
  }
}
phase('built');
app.synth();
phase('synthesized');
