import { alternatorScylla, RACK, scylla, singlestore } from './fixtures';
import type { HostileCase, RejectExpectation } from './types';

const CLASS = 'terraform templates';

const DOLLAR = '${file("/etc/passwd")}';
const PERCENT = '%{ for x in ["pwn"] }${x}%{ endfor }';

function reject(field: RegExp | string, path: RegExp | string = 'hostile/Shop'): { reject: RejectExpectation } {
  return { reject: { field, path, allowed: /must|template|\$\{/ } };
}

export const TEMPLATE_CASES: HostileCase[] = [
  { id: 'T01', class: CLASS, description: 'version with ${…}', build: (lib, stack) => scylla(lib, stack, { version: `2025.1.5${DOLLAR}` }), expect: reject('version') },
  { id: 'T02', class: CLASS, description: 'version with %{…}', build: (lib, stack) => scylla(lib, stack, { version: `2025.1.5${PERCENT.replace(/ /g, '')}` }), expect: reject('version') },
  { id: 'T03', class: CLASS, description: 'agentVersion with ${…}', build: (lib, stack) => scylla(lib, stack, { agentVersion: '${pwn}' }), expect: reject('agentVersion') },
  { id: 'T04', class: CLASS, description: 'repository with ${…}', build: (lib, stack) => scylla(lib, stack, { repository: 'docker.io/${pwn}/scylla' }), expect: reject('repository') },
  {
    id: 'T05', class: CLASS, description: 'additionalScyllaConfig string value with ${file(…)} is refused: Terraform would evaluate it',
    build: (lib, stack) => scylla(lib, stack, { additionalScyllaConfig: { cluster_name_comment: DOLLAR } }),
    expect: reject('additionalScyllaConfig.cluster_name_comment'),
  },
  {
    id: 'T06', class: CLASS, description: 'additionalScyllaConfig value with %{ for … } is refused: Terraform would evaluate it',
    build: (lib, stack) => scylla(lib, stack, { additionalScyllaConfig: { compaction_note: PERCENT } }),
    expect: reject('additionalScyllaConfig.compaction_note'),
  },
  {
    id: 'T07', class: CLASS, description: 'additionalScyllaConfig nested list and map values with templates',
    build: (lib, stack) => scylla(lib, stack, { additionalScyllaConfig: { experimental_features: ['${pwn}', { note: '%{if pwn}x%{endif}' }] } }),
    expect: reject(/additionalScyllaConfig\.experimental_features/),
  },
  {
    id: 'T08', class: CLASS, description: 'additionalScyllaConfig key with ${…}',
    build: (lib, stack) => scylla(lib, stack, { additionalScyllaConfig: { '${pwn}': 1 } }),
    expect: reject(/additionalScyllaConfig/),
  },
  {
    id: 'T09', class: CLASS, description: 'forceRedeploymentReason with ${file(…)} is refused: Terraform would evaluate it',
    build: (lib, stack) => scylla(lib, stack, { forceRedeploymentReason: `rotate ${DOLLAR}` }),
    expect: reject('forceRedeploymentReason'),
  },
  {
    id: 'T10', class: CLASS, description: 'forceRedeploymentReason with %{…} is refused: Terraform would evaluate it',
    build: (lib, stack) => scylla(lib, stack, { forceRedeploymentReason: PERCENT }),
    expect: reject('forceRedeploymentReason'),
  },
  {
    id: 'T11', class: CLASS, description: 'client mountPath with ${…}',
    build: (lib, stack) => alternatorScylla(lib, stack).addClient('Orders', { name: 'orders', namespace: 'orders', mountPath: '/etc/${pwn}' }),
    expect: reject('mountPath', 'hostile/Shop/Orders'),
  },
  {
    id: 'T12', class: CLASS, description: 'client mountPath with %{…}',
    build: (lib, stack) => alternatorScylla(lib, stack).addClient('Orders', { name: 'orders', namespace: 'orders', mountPath: '/etc/%{if pwn}a%{endif}' }),
    expect: reject('mountPath', 'hostile/Shop/Orders'),
  },
  {
    id: 'T13', class: CLASS, description: 'ScyllaDB Cloud client mountPath with ${…}',
    build: (lib, stack) => {
      const c = new lib.ScyllaCloudCluster(stack, 'Catalog', { name: 'catalog', region: 'us-east-1', cloud: lib.ScyllaCloudProvider.AWS, nodeType: 'i8g.large', minNodes: 3 });
      c.addClient('Orders', { name: 'orders', namespace: 'orders', mountPath: '/etc/${pwn}' });
    },
    expect: reject('mountPath', 'hostile/Catalog/Orders'),
  },
  { id: 'T14', class: CLASS, description: 'cluster labels value with ${…}', build: (lib, stack) => scylla(lib, stack, { labels: { team: '${pwn}' } }), expect: reject(/labels/) },
  { id: 'T15', class: CLASS, description: 'cluster labels key with %{…}', build: (lib, stack) => scylla(lib, stack, { labels: { '%{pwn}': 'x' } }), expect: reject(/labels/) },
  { id: 'T16', class: CLASS, description: 'podLabels value with ${…}', build: (lib, stack) => scylla(lib, stack, { podLabels: { app: '${pwn}' } }), expect: reject(/podLabels/) },
  {
    id: 'T17', class: CLASS, description: 'podAnnotations value with ${…} is refused: Terraform would evaluate it',
    build: (lib, stack) => scylla(lib, stack, { podAnnotations: { 'example.com/note': DOLLAR } }),
    expect: reject(/podAnnotations/),
  },
  {
    id: 'T18', class: CLASS, description: 'exposeOptions.nodeServiceAnnotations value with %{…} is refused',
    build: (lib, stack) => scylla(lib, stack, { exposeOptions: { nodeServiceAnnotations: { 'example.com/lb': PERCENT } } }),
    expect: reject(/nodeServiceAnnotations/),
  },
  {
    id: 'T19', class: CLASS, description: 'addClient labels value with ${…}',
    build: (lib, stack) => scylla(lib, stack).addClient('Orders', { name: 'orders', namespace: 'orders', labels: { team: '${pwn}' } }),
    expect: reject(/labels/, 'hostile/Shop/Orders'),
  },
  {
    id: 'T20', class: CLASS, description: 'TlsSecret labels value with ${…}',
    build: (lib, stack) => {
      const ca = new lib.CertificateAuthority(stack, 'Ca');
      const c = new lib.ClientCertificate(stack, 'Orders', { ca, subject: { commonName: 'orders' } });
      new lib.TlsSecret(stack, 'OrdersTls', { certificate: c, namespace: 'orders', name: 'orders-tls', labels: { team: '${pwn}' } });
    },
    expect: reject(/labels/, 'hostile/OrdersTls'),
  },
  {
    id: 'T21', class: CLASS, description: 'CaBundleConfigMap labels key with ${…}',
    build: (lib, stack) => new lib.CaBundleConfigMap(stack, 'Bundle', { bundle: lib.CaBundle.of(new lib.CertificateAuthority(stack, 'Ca')), namespace: 'app', name: 'ca', labels: { '${pwn}': 'x' } }),
    expect: reject(/labels/, 'hostile/Bundle'),
  },
  {
    id: 'T22', class: CLASS, description: 'client subject organization with ${…}',
    build: (lib, stack) => scylla(lib, stack).addClient('Orders', { name: 'orders', namespace: 'orders', subject: { commonName: 'orders', organization: '${pwn}' } }),
    expect: reject('subject.organization', /hostile\/Shop\/Orders/),
  },
  {
    id: 'T23', class: CLASS, description: 'CA subject common name with %{…}',
    build: (lib, stack) => new lib.CertificateAuthority(stack, 'Ca', { subject: { commonName: 'CA %{if pwn}x%{endif}' } }),
    expect: reject('subject.commonName', 'hostile/Ca'),
  },
  {
    id: 'T24', class: CLASS, description: 'SingleStore user name with ${…}',
    build: (lib, stack) => singlestore(lib, stack).addUser('U', { name: 'u${pwn}', namespace: 'u', secretName: 'u-tls' }),
    expect: reject('name', 'hostile/Sdb/U'),
  },
  {
    id: 'T25', class: CLASS, description: 'SingleStore user host with %{…}',
    build: (lib, stack) => singlestore(lib, stack).addUser('U', { name: 'u', namespace: 'u', host: '%{pwn}' }),
    expect: reject('host', 'hostile/Sdb/U'),
  },
  {
    id: 'T26', class: CLASS, description: 'toleration key with ${…}',
    build: (lib, stack) => scylla(lib, stack, { datacenters: [{ name: 'dc1', racks: [{ ...RACK, placement: { tolerations: [{ key: '${pwn}', operator: 'Exists' }] } }] }] }),
    expect: reject(/tolerations\[0\]\.key/, 'hostile/Shop/dc1'),
  },
  {
    id: 'T27', class: CLASS, description: 'node affinity value with %{…}',
    build: (lib, stack) => scylla(lib, stack, {
      datacenters: [{ name: 'dc1', racks: [{ ...RACK, placement: { nodeAffinity: { required: [{ matchExpressions: [{ key: 'zone', operator: 'In', values: ['%{pwn}'] }] }] } } }] }],
    }),
    expect: reject(/matchExpressions\[0\]\.values/, 'hostile/Shop/dc1'),
  },
  {
    id: 'T28', class: CLASS, description: 'ScyllaDB Cloud encryptedConnections reason with ${…} stays out of cdk.tf.json as a template',
    build: (lib, stack) => {
      const c = new lib.ScyllaCloudCluster(stack, 'Catalog', {
        name: 'catalog', region: 'us-east-1', cloud: lib.ScyllaCloudProvider.AWS, nodeType: 'i8g.large', minNodes: 3,
        encryptedConnections: { reason: `Enabled in the console on 2026-11-30 for CHG-2231 ${DOLLAR}`, enabledBy: 'dba ${pwn}' },
      });
      lib.waive(c, 'TLSF003', { reason: 'ScyllaDB Cloud authenticates CQL clients by password only; no client certificates.' });
    },
    expect: { safe: () => undefined },
  },
  {
    id: 'T29', class: CLASS, description: 'waiver reason and approvedBy with ${…} stay out of cdk.tf.json as templates',
    build: (lib, stack) => {
      const c = scylla(lib, stack, { alternator: { insecureEnableHttp: true } });
      lib.waive(c, 'TLSF001', { reason: `The importer needs HTTP until the Q3 rewrite lands ${DOLLAR}`, approvedBy: '%{ if pwn }sec%{ endif }' });
    },
    expect: { safe: () => undefined },
  },
  {
    id: 'T30', class: CLASS, description: 'kubectlContext with ${…}: is refused: Terraform would evaluate it in the printed command',
    build: (lib, stack) => alternatorScylla(lib, stack, { datacenters: [{ name: 'dc1', racks: [RACK], kubectlContext: 'prod-${pwn}' }] })
      .addClient('Orders', { name: 'orders', namespace: 'orders' }),
    expect: reject(/kubectlContext/),
  },
  {
    id: 'T31', class: CLASS, description: 'SingleStore user subject with a quote and %{…}',
    build: (lib, stack) => singlestore(lib, stack).addUser('U', { name: 'u', namespace: 'u', subject: { commonName: "u' %{x}" } }),
    expect: reject(/subject\.commonName/, 'hostile/Sdb/U'),
  },
  {
    id: 'T32', class: CLASS, description: 'storageClassName with ${…}',
    build: (lib, stack) => scylla(lib, stack, { datacenters: [{ name: 'dc1', racks: [{ ...RACK, storageClassName: '${pwn}' }] }] }),
    expect: reject(/storageClassName/, 'hostile/Shop/dc1'),
  },
  {
    id: 'T34', class: CLASS, description: 'TlsSecret name with ${…}',
    build: (lib, stack) => {
      const c = new lib.ClientCertificate(stack, 'Orders', { ca: new lib.CertificateAuthority(stack, 'Ca'), subject: { commonName: 'orders' } });
      new lib.TlsSecret(stack, 'OrdersTls', { certificate: c, namespace: 'orders', name: 'orders-${pwn}' });
    },
    expect: reject('name', 'hostile/OrdersTls'),
  },
  {
    id: 'T35', class: CLASS, description: 'SingleStore sqlOutputName with ${…}',
    build: (lib, stack) => singlestore(lib, stack, { sqlOutputName: 'sql_${pwn}' }),
    expect: reject('sqlOutputName', 'hostile/Sdb'),
  },
  {
    id: 'T36', class: CLASS, description: 'SingleStore clientCaPath with %{…}',
    build: (lib, stack) => singlestore(lib, stack, { clientCaPath: '/etc/%{pwn}/ca.crt' }),
    expect: reject('clientCaPath', 'hostile/Sdb'),
  },
  {
    id: 'T33', class: CLASS, description: 'podAnnotations key with ${…} (not a qualified name)',
    build: (lib, stack) => scylla(lib, stack, { podAnnotations: { '${pwn}': 'x' } }),
    expect: reject(/podAnnotations/),
  },
];
