// The client-set side of `BENCH_SET=1 npm run bench`: the tlsfleet bench fleet (scripts/bench/tlsfleet-app.ts) with
// each cluster's applications declared as one `cluster.addClientSet()` (five for_each blocks per cluster, moved blocks
// from the addClient addresses) instead of one `cluster.addClient()` each. Same clusters, names and subjects.
import { App, TerraformStack } from 'cdktf';
import { KubernetesProvider } from '@cdktf/provider-kubernetes/lib/provider';
import { AlternatorCertificateSource, CertificateAuthority, ScyllaCluster, ScyllaClientSetMember } from '../../constructs';
import { client, cluster, fleetShape, ORGANIZATION, phase, STACK, VERSION } from './fleet';

phase('loaded');
const shape = fleetShape();
const app = new App();
const stack = new TerraformStack(app, STACK);
new KubernetesProvider(stack, 'kubernetes', { configPath: '~/.kube/config' });
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
  const clients: Record<string, ScyllaClientSetMember> = {};
  for (let j = 0; j < shape.clientsPerCluster; j++) {
    const a = client(j);
    clients[a.id] = {
      name: a.name,
      namespace: c.appNamespace,
      subject: { commonName: a.name, organization: ORGANIZATION, organizationalUnit: c.appNamespace },
    };
  }
  if (shape.clientsPerCluster > 0) db.addClientSet('Clients', { clients });
}
phase('built');
app.synth();
phase('synthesized');
