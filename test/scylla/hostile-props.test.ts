// Hostile input to every public prop of ScyllaCluster, its datacenters, racks and options, addClient and
// ImportedScyllaCluster: each is refused with a TlsfleetValidationError naming the construct path, the field, the
// value and what is allowed, before anything reaches Terraform; valid input renders exactly as before.
import { execFileSync } from 'node:child_process';
import { KubernetesProvider } from '@cdktf/provider-kubernetes/lib/provider';
import { TerraformVariable } from 'cdktf';
import {
  CaBundle, CertificateAuthority, ImportedScyllaCluster, KeyAlgorithm, ScyllaClientOptions, ScyllaCluster, ScyllaClusterProps,
  ScyllaRackProps,
} from '../../constructs';
import { MAX_RACK_MEMBERS } from '../../constructs/scylla/rack';
import { MAX_SERVING_DNS_BYTES } from '../../constructs/scylla/datacenter-props';
import { minimalProps, RACK, synthCluster } from './fixtures';
import { expectRefused, k8sObject, newStack, RefusedCase, synth } from '../helpers/synth';

type Props = Partial<Record<keyof ScyllaClusterProps, unknown>>;

/** A cluster `Db` in a fresh stack `test`. */
function cluster(overrides: Props = {}, stack = newStack({ kubernetesProvider: true }), id = 'Db'): ScyllaCluster {
  return new ScyllaCluster(stack, id, minimalProps(overrides as Partial<ScyllaClusterProps>));
}
/** A cluster whose one datacenter `dc1` has these extra props. */
const dc = (props: Record<string, unknown>, overrides: Props = {}) => cluster({ ...overrides, datacenters: [{ name: 'dc1', racks: [RACK], ...props }] });
/** A cluster whose one rack has these props over RACK. */
const rack = (props: Record<string, unknown>) => dc({ racks: [{ ...RACK, ...props }] });
const placement = (p: unknown) => rack({ placement: p });
/** A client `App` of a cluster. */
const client = (options: Record<string, unknown>, overrides: Props = {}) =>
  cluster(overrides).addClient('App', { name: 'app', namespace: 'apps', ...options } as unknown as ScyllaClientOptions);

type Case = RefusedCase;

const DB = 'test/Db';
const DC1 = 'test/Db/dc1';
const APP = 'test/Db/App';
const BOOLEAN = 'must be true or false';
const NO_TEMPLATE = 'without "${" or "%{" (Terraform would evaluate them)';

// ---------------------------------------------------------------------------------------------------------------
// 1. Unknown property names and wrong types.
const SHAPES: [string, Case][] = [
  ['props missing', { build: () => new ScyllaCluster(newStack({ kubernetesProvider: true }), 'Db', undefined as unknown as ScyllaClusterProps), path: DB, field: 'props', value: undefined, allowed: 'must be ScyllaClusterProps {' }],
  ['props an array', { build: () => new ScyllaCluster(newStack({ kubernetesProvider: true }), 'Db', [] as unknown as ScyllaClusterProps), path: DB, field: 'props', value: [], allowed: 'must be ScyllaClusterProps {' }],
  ['typo nameSpace', { build: () => cluster({ nameSpace: 'x' } as Props), path: DB, field: 'nameSpace', value: 'x', allowed: 'did you mean "namespace"' }],
  ['typo agentVersions', { build: () => cluster({ agentVersions: '3.5.1' } as Props), path: DB, field: 'agentVersions', value: '3.5.1', allowed: 'did you mean "agentVersion"' }],
  ['rack storage instead of storageCapacity', { build: () => rack({ storage: '100Gi' }), path: DB, field: 'datacenters[0].racks[0].storage', value: '100Gi', allowed: /is not an option here; the options are .*storageCapacity/ }],
  ['datacenter typo kubeContext', { build: () => dc({ kubeContext: 'prod' }), path: DB, field: 'datacenters[0].kubeContext', value: 'prod', allowed: 'did you mean "kubectlContext"' }],
  ['exposeOptions typo', { build: () => cluster({ exposeOptions: { nodeServiceTyp: 'Headless' } }), path: DB, field: 'exposeOptions.nodeServiceTyp', value: 'Headless', allowed: 'did you mean "nodeServiceType"' }],
  ['alternator typo', { build: () => cluster({ alternator: { writeIsolaton: 'always' } }), path: DB, field: 'alternator.writeIsolaton', value: 'always', allowed: 'did you mean "writeIsolation"' }],
  ['cql typo', { build: () => cluster({ cql: { tlsVersion: 'x' } }), path: DB, field: 'cql.tlsVersion', value: 'x', allowed: 'did you mean "tlsVersions"' }],
  ['internode typo', { build: () => cluster({ internode: { encryptions: 'all' } }), path: DB, field: 'internode.encryptions', value: 'all', allowed: 'did you mean "encryption"' }],
  ['internode.rollout typo', { build: () => cluster({ internode: { rollout: { deploy: 'plaintext', target: 'certificates' } } }), path: DB, field: 'internode.rollout.deploy', value: 'plaintext', allowed: 'did you mean "deployed"' }],
  ['placement typo', { build: () => placement({ toleration: [] }), path: DC1, field: 'racks[0].placement.toleration', value: [], allowed: 'did you mean "tolerations"' }],
  ['toleration typo', { build: () => placement({ tolerations: [{ key: 'k', efect: 'NoSchedule' }] }), path: DC1, field: 'racks[0].placement.tolerations[0].efect', value: 'NoSchedule', allowed: 'did you mean "effect"' }],
  ['addClient typo validityHour', { build: () => client({ validityHour: 24 }), path: APP, field: 'validityHour', value: 24, allowed: 'did you mean "validityHours"' }],
  ['addClient subject typo', { build: () => client({ subject: { commonName: 'app', organisation: 'x' } }), path: APP, field: 'subject.organisation', value: 'x', allowed: 'did you mean "organization"' }],
  ['addClient options missing', { build: () => cluster().addClient('App', undefined as unknown as ScyllaClientOptions), path: DB, field: 'addClient("App")', value: undefined, allowed: 'must be ScyllaClientOptions' }],
  ['datacenters an object', { build: () => cluster({ datacenters: { name: 'dc1' } }), path: DB, field: 'datacenters', value: { name: 'dc1' }, allowed: 'must be a list of datacenters' }],
  ['racks a string', { build: () => dc({ racks: 'r1' }), path: DB, field: 'datacenters[0].racks', value: 'r1', allowed: 'must be a list of racks' }],
  ['members a string', { build: () => rack({ members: '3' }), path: DC1, field: 'racks[0].members', value: '3', allowed: `must be a whole number from 1 to ${MAX_RACK_MEMBERS}` }],
  ['members NaN', { build: () => rack({ members: NaN }), path: DC1, field: 'racks[0].members', value: NaN, allowed: 'must be a whole number from 1' }],
  ['members Infinity', { build: () => rack({ members: Infinity }), path: DC1, field: 'racks[0].members', value: Infinity, allowed: 'must be a whole number from 1' }],
  ['developerMode "false"', { build: () => cluster({ developerMode: 'false' }), path: DB, field: 'developerMode', value: 'false', allowed: BOOLEAN }],
  ['automaticOrphanedNodeCleanup 1', { build: () => cluster({ automaticOrphanedNodeCleanup: 1 }), path: DB, field: 'automaticOrphanedNodeCleanup', value: 1, allowed: BOOLEAN }],
  ['allocateLoadBalancerNodePorts "true"', { build: () => cluster({ exposeOptions: { allocateLoadBalancerNodePorts: 'true' } }), path: DB, field: 'exposeOptions.allocateLoadBalancerNodePorts', value: 'true', allowed: BOOLEAN }],
  ['nodeServiceType lower case', { build: () => cluster({ exposeOptions: { nodeServiceType: 'headless' } }), path: DB, field: 'exposeOptions.nodeServiceType', value: 'headless', allowed: 'must be one of NodeServiceType.HEADLESS, NodeServiceType.CLUSTER_IP, NodeServiceType.LOAD_BALANCER' }],
  ['externalTrafficPolicy lower case', { build: () => cluster({ exposeOptions: { externalTrafficPolicy: 'local' } }), path: DB, field: 'exposeOptions.externalTrafficPolicy', value: 'local', allowed: 'must be one of ServiceTrafficPolicy.CLUSTER, ServiceTrafficPolicy.LOCAL' }],
  ['broadcastToNodes an object', { build: () => cluster({ exposeOptions: { broadcastToNodes: {} } }), path: DB, field: 'exposeOptions.broadcastToNodes', value: {}, allowed: 'must be one of BroadcastAddressType.POD_IP' }],
  ['cql.tlsVersions a version name', { build: () => cluster({ cql: { tlsVersions: 'TLSv1.3' } }), path: DB, field: 'cql.tlsVersions', value: 'TLSv1.3', allowed: 'must be one of CqlTlsVersions.TLS1_3, CqlTlsVersions.TLS1_2_AND_1_3' }],
  ['internode.tlsVersions a number', { build: () => cluster({ internode: { tlsVersions: 1.3 } }), path: DB, field: 'internode.tlsVersions', value: 1.3, allowed: 'must be one of InternodeTlsVersions.TLS1_3' }],
  ['alternator.certificateSource lower case', { build: () => cluster({ alternator: { certificateSource: 'operatormanaged' } }), path: DB, field: 'alternator.certificateSource', value: 'operatormanaged', allowed: 'must be one of AlternatorCertificateSource.TLSFLEET, AlternatorCertificateSource.OPERATOR_MANAGED' }],
  ['alternator a boolean', { build: () => cluster({ alternator: true }), path: DB, field: 'alternator', value: true, allowed: 'must be AlternatorOptions {' }],
  ['cql null', { build: () => cluster({ cql: null }), path: DB, field: 'cql', value: null, allowed: 'must be CqlOptions {' }],
  ['caRotation typo', { build: () => { const s = newStack({ kubernetesProvider: true }); return cluster({ caRotation: { from: new CertificateAuthority(s, 'A'), to: new CertificateAuthority(s, 'B'), phases: 'trust-both' } }, s); }, path: DB, field: 'caRotation.phases', value: 'trust-both', allowed: 'did you mean "phase"' }],
  ['toleration operator lower case', { build: () => placement({ tolerations: [{ key: 'k', operator: 'exists' }] }), path: DC1, field: 'racks[0].placement.tolerations[0].operator', value: 'exists', allowed: 'must be one of TolerationOperator.EQUAL, TolerationOperator.EXISTS' }],
  ['node selector operator lower case', { build: () => placement({ nodeAffinity: { required: [{ matchExpressions: [{ key: 'zone', operator: 'in', values: ['a'] }] }] } }), path: DC1, field: 'racks[0].placement.nodeAffinity.required[0].matchExpressions[0].operator', value: 'in', allowed: 'must be one of NodeSelectorOperator.IN' }],
  ['weight a string', { build: () => placement({ podAntiAffinity: { preferred: [{ weight: '10', podAffinityTerm: { topologyKey: 'kubernetes.io/hostname' } }] } }), path: DC1, field: 'racks[0].placement.podAntiAffinity.preferred[0].weight', value: '10', allowed: 'must be a whole number from 1 to 100' }],
  ['tolerationSeconds NaN', { build: () => placement({ tolerations: [{ key: 'k', effect: 'NoExecute', tolerationSeconds: NaN }] }), path: DC1, field: 'racks[0].placement.tolerations[0].tolerationSeconds', value: NaN, allowed: 'must be a whole number of seconds' }],
  ['tolerations an object', { build: () => placement({ tolerations: { key: 'k' } }), path: DC1, field: 'racks[0].placement.tolerations', value: { key: 'k' }, allowed: 'must be a list' }],
  ['imagePullSecrets a string', { build: () => cluster({ imagePullSecrets: 'regcred' }), path: DB, field: 'imagePullSecrets', value: 'regcred', allowed: 'must be a list of Secret names' }],
  ['externalSeeds a string', { build: () => cluster({ externalSeeds: '10.0.0.1' }), path: DB, field: 'externalSeeds', value: '10.0.0.1', allowed: 'must be a list of addresses' }],
  ['dnsDomains a string', { build: () => cluster({ dnsDomains: 'example.com' }), path: DB, field: 'dnsDomains', value: 'example.com', allowed: 'must be a list of DNS domains' }],
  ['datacenter seeds a string', { build: () => dc({ seeds: '10.0.0.1' }), path: DB, field: 'datacenters[0].seeds', value: '10.0.0.1', allowed: 'must be a list of addresses' }],
  ['podLabels an array', { build: () => cluster({ podLabels: ['a'] }), path: DB, field: 'podLabels', value: ['a'], allowed: 'must be a map of strings' }],
  ['labels with a number value', { build: () => cluster({ labels: { replicas: 3 } }), path: DB, field: 'labels.replicas', value: 3, allowed: 'must be a string' }],
  ['ca a string', { build: () => cluster({ ca: 'my-ca' }), path: DB, field: 'ca', value: 'my-ca', allowed: 'must be a certificate authority' }],
  ['clientTrustBundle a CA', { build: () => { const s = newStack({ kubernetesProvider: true }); return cluster({ clientTrustBundle: new CertificateAuthority(s, 'Ca') }, s); }, path: DB, field: 'clientTrustBundle', value: expect.objectContaining({ managed: true }), shown: 'the construct test/Ca', allowed: 'must be a CaBundle' }],
  ['datacenter provider a string', { build: () => dc({ provider: 'eu' }), path: DB, field: 'datacenters[0].provider', value: 'eu', allowed: 'must be a KubernetesProvider' }],
  ['additionalScyllaConfig an array', { build: () => cluster({ additionalScyllaConfig: [] }), path: DB, field: 'additionalScyllaConfig', value: [], allowed: 'must be a map of scylla.yaml settings' }],
  ['addClient keyAlgorithm a string', { build: () => client({ keyAlgorithm: 'RSA_2048' }), path: APP, field: 'keyAlgorithm', value: 'RSA_2048', allowed: 'must be a KeyAlgorithm' }],
  ['addClient validityHours a string', { build: () => client({ validityHours: '8760' }), path: APP, field: 'validityHours', value: '8760', allowed: 'must be a whole number of hours' }],
  ['addClient provider a string', { build: () => client({ provider: 'kubernetes' }), path: APP, field: 'provider', value: 'kubernetes', allowed: 'must be a KubernetesProvider' }],
  ['ScyllaClient without a cluster', { build: () => new (require('../../constructs').ScyllaClient)(newStack({ kubernetesProvider: true }), 'App', { name: 'app', namespace: 'apps' }), path: 'test/App', field: 'cluster', value: undefined, allowed: 'must be a ScyllaCluster or ImportedScyllaCluster' }],
];

// ---------------------------------------------------------------------------------------------------------------
// 2. Literal strings written into Terraform: no templates, no control characters, one line, a length cap.
const TEXT: [string, Case][] = [
  ['version with ${…}', { build: () => cluster({ version: '2025.1.5${file("/etc/passwd")}' }), path: DB, field: 'version', value: '2025.1.5${file("/etc/passwd")}', allowed: NO_TEMPLATE }],
  ['version with %{…}', { build: () => cluster({ version: '2025.1%{if x}5%{endif}' }), path: DB, field: 'version', value: '2025.1%{if x}5%{endif}', allowed: NO_TEMPLATE }],
  ['version with a newline', { build: () => cluster({ version: '2025.1.5\nlatest' }), path: DB, field: 'version', value: '2025.1.5\nlatest', allowed: 'and on one line' }],
  ['version a number', { build: () => cluster({ version: 2025.1 }), path: DB, field: 'version', value: 2025.1, allowed: 'ScyllaDB image tag such as "2025.1.5"' }],
  ['version with a slash', { build: () => cluster({ version: '../2025.1' }), path: DB, field: 'version', value: '../2025.1', allowed: 'must be a non-empty ScyllaDB image tag such as "2025.1.5"' }],
  ['repository with ${…}', { build: () => cluster({ repository: 'docker.io/${pwn}/scylla' }), path: DB, field: 'repository', value: 'docker.io/${pwn}/scylla', allowed: NO_TEMPLATE }],
  ['repository with upper case', { build: () => cluster({ repository: 'docker.io/ScyllaDB/Scylla' }), path: DB, field: 'repository', value: 'docker.io/ScyllaDB/Scylla', allowed: 'must be an image repository such as "docker.io/scylladb/scylla"' }],
  ['agentRepository with a tab', { build: () => cluster({ agentRepository: 'docker.io/scylladb/agent\t' }), path: DB, field: 'agentRepository', value: 'docker.io/scylladb/agent\t', allowed: 'and on one line' }],
  ['agentVersion with ${…}', { build: () => cluster({ agentVersion: '${pwn}' }), path: DB, field: 'agentVersion', value: '${pwn}', allowed: NO_TEMPLATE }],
  ['forceRedeploymentReason with ${…}', { build: () => cluster({ forceRedeploymentReason: 'rotate ${file("/etc/passwd")}' }), path: DB, field: 'forceRedeploymentReason', value: 'rotate ${file("/etc/passwd")}', allowed: NO_TEMPLATE }],
  ['forceRedeploymentReason with a newline', { build: () => cluster({ forceRedeploymentReason: 'a\nb' }), path: DB, field: 'forceRedeploymentReason', value: 'a\nb', allowed: 'and on one line' }],
  ['forceRedeploymentReason of 2000 characters', { build: () => cluster({ forceRedeploymentReason: 'x'.repeat(2000) }), path: DB, field: 'forceRedeploymentReason', value: 'x'.repeat(2000), allowed: 'of at most 1024 characters' }],
  ['labels value with ${…}', { build: () => cluster({ labels: { team: '${pwn}' } }), path: DB, field: 'labels.team', value: '${pwn}', allowed: 'must be a label value' }],
  ['labels key with %{…}', { build: () => cluster({ labels: { '%{pwn}': 'x' } }), path: DB, field: 'labels', value: '%{pwn}', allowed: 'must have keys of the form [prefix/]name' }],
  ['podLabels value with a slash', { build: () => cluster({ podLabels: { app: 'a/b' } }), path: DB, field: 'podLabels.app', value: 'a/b', allowed: 'must be a label value' }],
  ['podAnnotations value with ${…}', { build: () => cluster({ podAnnotations: { 'example.com/note': '${file("/etc/passwd")}' } }), path: DB, field: 'podAnnotations.example.com/note', value: '${file("/etc/passwd")}', allowed: NO_TEMPLATE }],
  ['podAnnotations key with a space', { build: () => cluster({ podAnnotations: { 'bad key': 'x' } }), path: DB, field: 'podAnnotations', value: 'bad key', allowed: 'must have keys of the form [prefix/]name' }],
  ['nodeServiceAnnotations value with %{…}', { build: () => cluster({ exposeOptions: { nodeServiceAnnotations: { 'example.com/lb': '%{if x}y%{endif}' } } }), path: DB, field: 'exposeOptions.nodeServiceAnnotations.example.com/lb', value: '%{if x}y%{endif}', allowed: NO_TEMPLATE }],
  ['nodeServiceLabels value of 100 characters', { build: () => cluster({ exposeOptions: { nodeServiceLabels: { lb: 'v'.repeat(100) } } }), path: DB, field: 'exposeOptions.nodeServiceLabels.lb', value: 'v'.repeat(100), allowed: 'at most 63 characters' }],
  ['loadBalancerClass with ${…}', { build: () => cluster({ exposeOptions: { nodeServiceType: 'LoadBalancer', loadBalancerClass: 'example.com/${x}' } }), path: DB, field: 'exposeOptions.loadBalancerClass', value: 'example.com/${x}', allowed: NO_TEMPLATE }],
  ['loadBalancerClass a number', { build: () => cluster({ exposeOptions: { nodeServiceType: 'LoadBalancer', loadBalancerClass: 5 } }), path: DB, field: 'exposeOptions.loadBalancerClass', value: 5, allowed: 'must be a load balancer class' }],
  ['imagePullSecrets entry with ${…}', { build: () => cluster({ imagePullSecrets: ['${pwn}'] }), path: DB, field: 'imagePullSecrets[0]', value: '${pwn}', allowed: 'must be a DNS-1123 subdomain' }],
  ['dnsDomains entry with ${…}', { build: () => cluster({ dnsDomains: ['${pwn}.example.com'] }), path: DB, field: 'dnsDomains[0]', value: '${pwn}.example.com', allowed: 'must be a lower-case DNS name' }],
  ['adminRole with ${…}', { build: () => cluster({ adminRole: '${pwn}' }), path: DB, field: 'adminRole', value: '${pwn}', allowed: 'must be a role name of letters, digits' }],
  ['datacenter name with ${…}', { build: () => dc({ name: '${pwn}' }), path: DB, field: 'datacenters[0].name', value: '${pwn}', allowed: 'must be a DNS-1123 label' }],
  ['datacenter name a number', { build: () => dc({ name: 1 }), path: DB, field: 'datacenters[0].name', value: 1, allowed: 'must be a DNS-1123 label' }],
  ['storageClassName with ${…}', { build: () => rack({ storageClassName: '${pwn}' }), path: DC1, field: 'racks[0].storageClassName', value: '${pwn}', allowed: 'must be a DNS-1123 subdomain' }],
  ['toleration key with ${…}', { build: () => placement({ tolerations: [{ key: '${pwn}', operator: 'Exists' }] }), path: DC1, field: 'racks[0].placement.tolerations[0].key', value: '${pwn}', allowed: NO_TEMPLATE }],
  ['toleration value with a space', { build: () => placement({ tolerations: [{ key: 'k', value: 'a b' }] }), path: DC1, field: 'racks[0].placement.tolerations[0].value', value: 'a b', allowed: 'must be a taint value' }],
  ['node affinity value with %{…}', { build: () => placement({ nodeAffinity: { required: [{ matchExpressions: [{ key: 'zone', operator: 'In', values: ['%{pwn}'] }] }] } }), path: DC1, field: 'racks[0].placement.nodeAffinity.required[0].matchExpressions[0].values[0]', value: '%{pwn}', allowed: NO_TEMPLATE }],
  ['node affinity In value that is not a label value', { build: () => placement({ nodeAffinity: { required: [{ matchExpressions: [{ key: 'zone', operator: 'In', values: ['eu west 1'] }] }] } }), path: DC1, field: 'racks[0].placement.nodeAffinity.required[0].matchExpressions[0].values[0]', value: 'eu west 1', allowed: 'must be a label value' }],
  ['node field value that is not a node name', { build: () => placement({ nodeAffinity: { required: [{ matchFields: [{ key: 'metadata.name', operator: 'In', values: ['Node_1'] }] }] } }), path: DC1, field: 'racks[0].placement.nodeAffinity.required[0].matchFields[0].values[0]', value: 'Node_1', allowed: 'must be a DNS-1123 subdomain' }],
  ['node affinity key with a newline', { build: () => placement({ nodeAffinity: { required: [{ matchFields: [{ key: 'metadata.name\n', operator: 'In', values: ['n1'] }] }] } }), path: DC1, field: 'racks[0].placement.nodeAffinity.required[0].matchFields[0].key', value: 'metadata.name\n', allowed: 'and on one line' }],
  ['topologyKey not a qualified name', { build: () => placement({ podAntiAffinity: { required: [{ topologyKey: 'a b' }] } }), path: DC1, field: 'racks[0].placement.podAntiAffinity.required[0].topologyKey', value: 'a b', allowed: 'must be a node label of the form [prefix/]name' }],
  ['matchLabels value with ${…}', { build: () => placement({ podAffinity: { required: [{ topologyKey: 'zone', labelSelector: { matchLabels: { app: '${x}' } } }] } }), path: DC1, field: 'racks[0].placement.podAffinity.required[0].labelSelector.matchLabels.app', value: '${x}', allowed: 'must be a label value' }],
  ['pod affinity namespace not a label', { build: () => placement({ podAffinity: { required: [{ topologyKey: 'zone', namespaces: ['Bad NS'] }] } }), path: DC1, field: 'racks[0].placement.podAffinity.required[0].namespaces[0]', value: 'Bad NS', allowed: 'must be a DNS-1123 label' }],
  ['client role with ${…}', { build: () => client({ role: '${pwn}' }), path: APP, field: 'role', value: '${pwn}', allowed: 'must be a role name' }],
  ['client mountPath with ${…}', { build: () => client({ mountPath: '/etc/${pwn}' }), path: APP, field: 'mountPath', value: '/etc/${pwn}', allowed: NO_TEMPLATE }],
  ['client mountPath with a newline', { build: () => client({ mountPath: '/etc/a\nb' }), path: APP, field: 'mountPath', value: '/etc/a\nb', allowed: 'and on one line' }],
  ['client labels value with ${…}', { build: () => client({ labels: { team: '${pwn}' } }), path: APP, field: 'labels.team', value: '${pwn}', allowed: 'must be a label value' }],
];

// ---------------------------------------------------------------------------------------------------------------
// 3. The kubectl context of the printed credentials command.
const withContext = (kubectlContext: unknown) => cluster({ alternator: {}, datacenters: [{ name: 'dc1', racks: [RACK], kubectlContext }] });
const COMMANDS: [string, Case][] = [
  ['a newline (a second command when pasted)', { build: () => withContext('prod\nkubectl delete ns scylla'), path: DC1, field: 'kubectlContext', value: 'prod\nkubectl delete ns scylla', allowed: 'must be a kubectl context name' }],
  ['empty (the current context, silently)', { build: () => withContext(''), path: DC1, field: 'kubectlContext', value: '', allowed: 'must be a kubectl context name' }],
  ['only spaces', { build: () => withContext('   '), path: DC1, field: 'kubectlContext', value: '   ', allowed: 'must be a kubectl context name' }],
  ['a number', { build: () => withContext(42), path: DC1, field: 'kubectlContext', value: 42, allowed: 'must be a kubectl context name' }],
  ['a NUL byte', { build: () => withContext('prod\u0000x'), path: DC1, field: 'kubectlContext', value: 'prod\u0000x', allowed: 'and on one line' }],
  ['an ANSI escape', { build: () => withContext('prod\u001b[2K\rkubectl get pods'), path: DC1, field: 'kubectlContext', value: 'prod\u001b[2K\rkubectl get pods', allowed: 'and on one line' }],
  ['a Terraform template', { build: () => withContext('prod-${pwn}'), path: DC1, field: 'kubectlContext', value: 'prod-${pwn}', allowed: NO_TEMPLATE }],
  ['a Terraform reference', {
    build: () => { const s = newStack({ kubernetesProvider: true }); const v = new TerraformVariable(s, 'ctx', { type: 'string' }).stringValue; return cluster({ datacenters: [{ name: 'dc1', racks: [RACK], kubectlContext: v }] }, s); },
    path: DC1, field: 'kubectlContext', value: expect.stringMatching(/TfToken/), shown: '"${TfToken[', allowed: 'must be known at synth time',
  }],
  ['an imported datacenter context with a carriage return', {
    build: () => { const s = newStack({ kubernetesProvider: true }); return new ImportedScyllaCluster(s, 'Imported', { name: 'db', namespace: 'scylla', ca: new CertificateAuthority(s, 'Ca'), datacenters: [{ name: 'dc1', firstRack: 'r1', kubectlContext: 'prod\rx' }] }); },
    path: 'test/Imported', field: 'datacenters[0].kubectlContext', value: 'prod\rx', allowed: 'and on one line',
  }],
  ['a client role from a Terraform reference, with Alternator on', {
    build: () => { const s = newStack({ kubernetesProvider: true }); const role = new TerraformVariable(s, 'role', { type: 'string' }).stringValue; return cluster({ alternator: {} }, s).addClient('App', { name: 'app', namespace: 'apps', role, subject: { commonName: 'app' } }); },
    path: APP, field: 'role', value: expect.stringMatching(/TfToken/), shown: '"${TfToken[', allowed: 'must be known at synth time with Alternator on',
  }],
];

// ---------------------------------------------------------------------------------------------------------------
// 4. additionalScyllaConfig: listener, encryption and authentication keys fail closed; identifiers; static scalars.
const OWNS = 'must not be set: tlsfleet owns every listener, port, address, interface, proxy protocol, encryption and authentication setting';
const LISTENER_KEYS: [string, unknown][] = [
  ['native_transport_port_proxy_protocol', 9043], ['alternator_https_port_proxy_protocol', 8044], ['alternator_warn_authorization', true],
  ['api_address', '0.0.0.0'], ['listen_interface', 'eth0'], ['rpc_interface', 'eth0'], ['prometheus_port', 9181], ['start_rpc', true],
  ['redis_port', 6379], ['maintenance_socket', 'workdir'], ['audit_encryption_options', { enabled: false }],
  ['CLIENT_ENCRYPTION_OPTIONS', { enabled: false }], ['role_manager', 'com.scylladb.auth.LDAPRoleManager'],
  // not a ScyllaDB key today: a later one of its kind fails closed
  ['native_transport_port_ssl_v2', 9144],
];
const config = (c: unknown) => cluster({ additionalScyllaConfig: c });
const CONFIG: [string, Case][] = [
  ...LISTENER_KEYS.map(([key, value]): [string, Case] => [`listener key ${key}`, { build: () => config({ [key]: value }), path: DB, field: `additionalScyllaConfig.${key}`, value, allowed: OWNS }]),
  ['reserved key seed_provider', { build: () => config({ seed_provider: [] }), path: DB, field: 'additionalScyllaConfig.seed_provider', value: [], allowed: 'is set by tlsfleet or the operator and may not be overridden' }],
  ['key with ${…}', { build: () => config({ '${pwn}': 1 }), path: DB, field: 'additionalScyllaConfig.${pwn}', value: '${pwn}', allowed: 'must be a scylla.yaml option name: lower-case ASCII letters, digits and "_"' }],
  ['key __proto__ from JSON', { build: () => config(JSON.parse('{"__proto__": {"enabled": false}}')), path: DB, field: 'additionalScyllaConfig.__proto__', value: '__proto__', allowed: 'must be a scylla.yaml option name' }],
  ['key with a trailing space', { build: () => config({ 'compaction_throughput_mb_per_sec ': 64 }), path: DB, field: 'additionalScyllaConfig.compaction_throughput_mb_per_sec ', value: 'compaction_throughput_mb_per_sec ', allowed: 'must be a scylla.yaml option name' }],
  ['upper-case key', { build: () => config({ Compaction: 1 }), path: DB, field: 'additionalScyllaConfig.Compaction', value: 'Compaction', allowed: 'must be a scylla.yaml option name' }],
  ['value with ${…}', { build: () => config({ cluster_note: '${file("/etc/passwd")}' }), path: DB, field: 'additionalScyllaConfig.cluster_note', value: '${file("/etc/passwd")}', allowed: NO_TEMPLATE }],
  ['nested value with %{…}', { build: () => config({ experimental_features: ['udf', { note: '%{if pwn}x%{endif}' }] }), path: DB, field: 'additionalScyllaConfig.experimental_features[1].note', value: '%{if pwn}x%{endif}', allowed: NO_TEMPLATE }],
  ['value with a newline', { build: () => config({ cluster_note: 'a\nclient_encryption_options: {}' }), path: DB, field: 'additionalScyllaConfig.cluster_note', value: 'a\nclient_encryption_options: {}', allowed: 'and on one line' }],
  ['value null', { build: () => config({ auto_snapshot: null }), path: DB, field: 'additionalScyllaConfig.auto_snapshot', value: null, allowed: 'must be a string, finite number, boolean, list or map' }],
  ['value NaN', { build: () => config({ compaction_throughput_mb_per_sec: NaN }), path: DB, field: 'additionalScyllaConfig.compaction_throughput_mb_per_sec', value: NaN, allowed: 'must be a string, finite number, boolean, list or map' }],
  ['value a Date', { build: () => config({ auto_snapshot: new Date(0) }), path: DB, field: 'additionalScyllaConfig.auto_snapshot', value: new Date(0), allowed: 'must be a string, finite number, boolean, list or map' }],
  ['nested key with a space', { build: () => config({ object_storage_endpoints: [{ 'bad key': 1 }] }), path: DB, field: 'additionalScyllaConfig.object_storage_endpoints[0].bad key', value: 'bad key', allowed: 'must be a key of ASCII letters' }],
  ['nested ten levels deep', {
    build: () => config({ deep: [[[[[[[[[['x']]]]]]]]]] }), path: DB, field: 'additionalScyllaConfig.deep[0][0][0][0][0][0][0][0]', value: [['x']], allowed: 'must be nested at most 8 levels deep',
  }],
  ['2 MiB in one value', { build: () => config({ big_note: 'x'.repeat(2 * 1024 * 1024) }), path: DB, field: 'additionalScyllaConfig.big_note', value: 'x'.repeat(2 * 1024 * 1024), allowed: /within 262144 bytes in all .*1 MiB object limit/ }],
];

// ---------------------------------------------------------------------------------------------------------------
// 5. Kubernetes name collisions and 6. object size.
const OTHERS: [string, Case][] = [
  ['StatefulSet of cluster shop-x, datacenter a, taken by shop, datacenter x-a', {
    build: () => { const s = newStack({ kubernetesProvider: true }); cluster({ name: 'shop', datacenters: [{ name: 'x-a', racks: [RACK] }] }, s, 'Shop'); return cluster({ name: 'shop-x', datacenters: [{ name: 'a', racks: [RACK] }] }, s, 'ShopX'); },
    path: 'test/ShopX/a', field: 'racks[0].name', value: 'scylla/shop-x-a-r1', allowed: /must be unique per StatefulSet and namespace; test\/Shop\/x-a already writes that StatefulSet/,
  }],
  ['StatefulSet db-a-b-c from rack b-c and from datacenter b', {
    build: () => { const s = newStack({ kubernetesProvider: true }); cluster({ datacenters: [{ name: 'a', racks: [{ ...RACK, name: 'b-c' }] }] }, s, 'One'); return cluster({ name: 'db-a', datacenters: [{ name: 'b', racks: [{ ...RACK, name: 'c' }] }] }, s, 'Two'); },
    path: 'test/Two/b', field: 'racks[0].name', value: 'scylla/db-a-b-c', allowed: 'test/One/a already writes that StatefulSet',
  }],
  ['members 0', { build: () => rack({ members: 0 }), path: DC1, field: 'racks[0].members', value: 0, allowed: `must be a whole number from 1 to ${MAX_RACK_MEMBERS}` }],
  ['members 1.5', { build: () => rack({ members: 1.5 }), path: DC1, field: 'racks[0].members', value: 1.5, allowed: `must be a whole number from 1 to ${MAX_RACK_MEMBERS}` }],
  ['members 15000', { build: () => rack({ members: 15000 }), path: DC1, field: 'racks[0].members', value: 15000, allowed: /from 1 to 1000 .*1 MiB object limit/ }],
  ['five racks of 1000 members: the serving certificate names exceed 256 KiB', {
    build: () => dc({ racks: ['a', 'b', 'c', 'd', 'e'].map((name) => ({ ...RACK, name, members: 1000 })) }),
    path: DC1, field: 'racks[0].members', value: 1000, allowed: new RegExp(`5000 members, 10002 DNS names, \\d+ bytes\\), and its DNS names may total at most ${MAX_SERVING_DNS_BYTES} bytes .*1 MiB object limit`),
  }],
  ['long namespace and cluster domain: 900 members are too many', {
    build: () => dc({ namespace: 'n'.repeat(63), clusterDomain: `${'d'.repeat(50)}.${'e'.repeat(50)}.${'f'.repeat(50)}`, racks: [{ ...RACK, name: 'small', members: 3 }, { ...RACK, name: 'big', members: 900 }] }),
    path: DC1, field: 'racks[1].members', value: 900, allowed: `may total at most ${MAX_SERVING_DNS_BYTES} bytes`,
  }],
  ['a cluster domain that makes member Service names longer than 253 characters', {
    build: () => dc({ namespace: 'n'.repeat(63), clusterDomain: `${'d'.repeat(63)}.${'e'.repeat(63)}.${'f'.repeat(60)}` }),
    path: DC1, field: 'clusterDomain', value: `${'d'.repeat(63)}.${'e'.repeat(63)}.${'f'.repeat(60)}`, allowed: /must keep every member Service name "<member>.<namespace>.svc.<clusterDomain>" within 253 characters \(it has 268: "db-dc1-r1-0\.n+\.svc\.d+/,
  }],
];

describe.each([
  ['1. unknown props and wrong types', SHAPES],
  ['2. literal strings written into Terraform', TEXT],
  ['3. the kubectl context of generated commands', COMMANDS],
  ['4. additionalScyllaConfig', CONFIG],
  ['5 and 6. name collisions and object size', OTHERS],
])('%s', (_name, cases) => {
  test.each(cases)('%s', (_what, c) => expectRefused(c));
});

test('at least 60 hostile cases', () => {
  expect(SHAPES.length + TEXT.length + COMMANDS.length + CONFIG.length + OTHERS.length).toBeGreaterThanOrEqual(60);
});

describe('the kubectl context is one literal shell word in the printed command', () => {
  const CONTEXTS = [
    'prod cluster', 'prod;echo INJECTED', '$(echo INJECTED)', '`echo INJECTED`', 'prod|echo INJECTED', "it's-prod", 'prod"; echo INJECTED; echo "',
    'prod>/dev/null', 'prod*', '~root', '#prod', 'prod\\', '--kubeconfig=/tmp/evil', 'arn:aws:eks:eu-west-1:123456789012:cluster/prod',
  ];
  test.each(CONTEXTS)('%j', (context) => {
    const { cluster: db, json } = synthCluster(minimalProps({ alternator: {}, datacenters: [{ name: 'dc1', racks: [RACK], kubectlContext: context }] }), (c) => {
      c.addClient('App', { name: 'app', namespace: 'apps' });
    });
    const command = (db.node.findChild('App') as unknown as { alternatorCredentialsCommand: string }).alternatorCredentialsCommand;
    expect(json.output.Db_App_alternator_credentials_command.value).toBe(command);
    const word = /^kubectl --context (.*) --namespace scylla exec -it db-dc1-r1-0 /.exec(command)![1];
    // A real POSIX shell reads the word back: exactly the context, one argument, nothing executed.
    const printed = execFileSync('sh', ['-c', `set -- ${word}; printf '%s' "$#:$1"`], { encoding: 'utf8' });
    expect(printed).toBe(`1:${context}`);
  });

  test('a plain context, namespace and member name are written unquoted, as before', () => {
    const { json } = synthCluster(minimalProps({ alternator: {}, datacenters: [{ name: 'dc1', racks: [RACK], kubectlContext: 'eu-admin' }] }), (c) => {
      c.addClient('App', { name: 'app', namespace: 'apps', role: 'app_role' });
    });
    expect(json.output.Db_App_alternator_credentials_command.value).toBe(
      'kubectl --context eu-admin --namespace scylla exec -it db-dc1-r1-0 --container scylla -- cqlsh --ssl '
      + '--cqlshrc=/var/run/secrets/tlsfleet/cqlsh/cqlshrc --username cassandra --execute "SELECT salted_hash FROM system.roles WHERE role = \'app_role\'"');
  });
});

describe('valid input renders exactly as given', () => {
  const stack = newStack({ kubernetesProvider: true });
  const eu = new KubernetesProvider(stack, 'eu', { alias: 'eu' });
  const RACK_A: ScyllaRackProps = {
    ...RACK, name: 'a', storageClassName: 'local-nvme', agentCpu: '100m',
    placement: {
      tolerations: [{ key: 'example.com/scylla', operator: 'Equal' as never, value: 'dedicated', effect: 'NoSchedule' as never }],
      nodeAffinity: { required: [{ matchExpressions: [{ key: 'topology.kubernetes.io/zone', operator: 'In' as never, values: ['eu-west-1a'] }] }] },
      podAntiAffinity: { preferred: [{ weight: 100, podAffinityTerm: { topologyKey: 'kubernetes.io/hostname', namespaces: ['scylla'], labelSelector: { matchLabels: { app: 'scylla' } } } }] },
    },
  };
  const db = new ScyllaCluster(stack, 'Db', minimalProps({
    repository: 'registry.example.com:5000/scylladb/scylla', agentRepository: 'registry.example.com/scylladb/scylla-manager-agent', agentVersion: '3.5.1',
    forceRedeploymentReason: 'rotate after CVE-2026-1 (ticket OPS-7)',
    labels: { team: 'data', 'example.com/tier': 'gold' }, podLabels: { app: 'scylla' },
    podAnnotations: { 'example.com/note': 'multi\nline text: allowed in annotations' },
    exposeOptions: { nodeServiceType: 'LoadBalancer' as never, loadBalancerClass: 'example.com/internal-lb', nodeServiceAnnotations: { 'example.com/lb': 'internal' }, allocateLoadBalancerNodePorts: false },
    additionalScyllaConfig: { compaction_throughput_mb_per_sec: 64, experimental_features: ['udf'], object_storage_endpoints: [{ name: 's3.example.com', https: true }] },
    imagePullSecrets: ['regcred'], dnsDomains: ['db.example.com'], adminRole: 'admin.role-1',
    datacenters: [{ name: 'eu', provider: eu, kubectlContext: 'arn:aws:eks:eu-west-1:123456789012:cluster/prod', racks: [RACK_A] }],
  }));
  const app = db.addClient('App', { name: 'app', namespace: 'apps', role: 'app_svc', mountPath: '/run/db', labels: { team: 'app' }, keyAlgorithm: KeyAlgorithm.ECDSA_P384, validityHours: 720, earlyRenewalHours: 24 });
  const json = synth(stack);
  const manifest = Object.values<any>(json.resource.kubernetes_manifest)[0].manifest;

  test('cluster-wide strings, labels and annotations', () => {
    expect(manifest.spec).toMatchObject({
      repository: 'registry.example.com:5000/scylladb/scylla', agentRepository: 'registry.example.com/scylladb/scylla-manager-agent', agentVersion: '3.5.1',
      imagePullSecrets: [{ name: 'regcred' }], dnsDomains: ['db.example.com'],
      podMetadata: { labels: { app: 'scylla' }, annotations: { 'example.com/note': 'multi\nline text: allowed in annotations' } },
    });
    expect(manifest.spec.forceRedeploymentReason).toMatch(/^rotate after CVE-2026-1 \(ticket OPS-7\); scylla\.yaml sha256:[0-9a-f]{16}$/);
    expect(manifest.metadata.labels).toEqual({ 'app.kubernetes.io/managed-by': 'tlsfleet', 'example.com/tier': 'gold', team: 'data' });
  });

  test('placement and exposeOptions', () => {
    expect(manifest.spec.datacenter.racks[0].placement).toEqual({
      nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'topology.kubernetes.io/zone', operator: 'In', values: ['eu-west-1a'] }] }] } },
      podAntiAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 100, podAffinityTerm: { topologyKey: 'kubernetes.io/hostname', labelSelector: { matchLabels: { app: 'scylla' } }, namespaces: ['scylla'] } }] },
      tolerations: [{ key: 'example.com/scylla', operator: 'Equal', value: 'dedicated', effect: 'NoSchedule' }],
    });
    expect(manifest.spec.exposeOptions.nodeService).toEqual({ type: 'LoadBalancer', annotations: { 'example.com/lb': 'internal' }, loadBalancerClass: 'example.com/internal-lb', allocateLoadBalancerNodePorts: false });
  });

  test('additional scylla.yaml settings', () => {
    const yaml = k8sObject(json, 'kubernetes_config_map_v1', 'db-tlsfleet-config', 'scylla').data['scylla.yaml'];
    expect(require('yaml').parse(yaml)).toMatchObject({
      compaction_throughput_mb_per_sec: 64, experimental_features: ['udf'], object_storage_endpoints: [{ name: 's3.example.com', https: true }],
      client_encryption_options: { enabled: true, require_client_auth: true },
    });
  });

  test('the client', () => {
    expect(app.mountPath).toBe('/run/db');
    expect(k8sObject(json, 'kubernetes_config_map_v1', 'app-scylla-connection', 'apps').metadata.labels).toEqual({ team: 'app', 'app.kubernetes.io/managed-by': 'tlsfleet' });
    expect(app.alternatorCredentialsCommand).toBeUndefined();
  });

  test('Terraform references still pass where they did', () => {
    const s = newStack({ kubernetesProvider: true });
    const v = (name: string) => new TerraformVariable(s, name, { type: 'string' }).stringValue;
    const c = cluster({ version: v('version'), repository: v('repo'), forceRedeploymentReason: v('reason'), labels: { team: v('team') } }, s);
    expect(c.version).toMatch(/TfToken/);
    expect(() => c.addClient('App', { name: 'app', namespace: 'apps', role: v('role'), subject: { commonName: 'app' }, mountPath: v('mount') })).not.toThrow();
  });

  test('a rack of 1000 members with short names is allowed', () => {
    expect(() => rack({ members: MAX_RACK_MEMBERS })).not.toThrow();
  });

  test('a client trust bundle and an imported CA of the right kind pass', () => {
    const s = newStack({ kubernetesProvider: true });
    const ca = new CertificateAuthority(s, 'Ca');
    expect(() => cluster({ ca, clientTrustBundle: CaBundle.of(ca) }, s)).not.toThrow();
  });
});
