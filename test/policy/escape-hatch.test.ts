import { TerraformLocal, TerraformOutput, TerraformResource, TerraformStack } from 'cdktf';
import { IConstruct } from 'constructs';
import { ConfigMapV1 } from '@cdktf/provider-kubernetes/lib/config-map-v1';
import { SecretV1 } from '@cdktf/provider-kubernetes/lib/secret-v1';
import { SecretV1Data } from '@cdktf/provider-kubernetes/lib/secret-v1-data';
import { AlternatorCertificateSource, CertificateAuthority, PolicyViolationError, ScyllaCluster, SingleStoreTls, SingleStoreVersion } from '../../constructs';
import { trySynth } from '../helpers/synth';
import { minimalProps } from '../scylla/fixtures';

/**
 * The policy judges what Terraform will apply. Each case takes a secure deployment and changes the
 * synthesized plan through an escape hatch a pull request could contain (an override, a local, a
 * hand-written block): synth must fail naming the rule.
 */
function deployment(stack: TerraformStack): { cluster: ScyllaCluster } {
  const cluster = new ScyllaCluster(stack, 'Db', minimalProps({ alternator: { certificateSource: AlternatorCertificateSource.TLSFLEET } }));
  cluster.addClient('App', { name: 'app', namespace: 'app' });
  return { cluster };
}

function resourceOf(scope: IConstruct, type: string, pathEnd: RegExp): TerraformResource {
  const found = scope.node.findAll().filter((c): c is TerraformResource => (c as TerraformResource).terraformResourceType === type && pathEnd.test(c.node.path));
  if (found.length !== 1) throw new Error(`${found.length} ${type} match ${pathEnd}: ${found.map((f) => f.node.path).join(', ')}`);
  return found[0];
}

function logicalId(r: TerraformResource): string {
  return (r as unknown as { friendlyUniqueId: string }).friendlyUniqueId;
}

/** What synth throws once `change` has changed the deployment (undefined when it synthesizes). */
function synthError(change: (stack: TerraformStack, cluster: ScyllaCluster) => void): Error | undefined {
  return trySynth((stack) => change(stack, deployment(stack).cluster), { kubernetesProvider: true }).error;
}

const scyllaYaml = (stack: TerraformStack): TerraformResource => resourceOf(stack, 'kubernetes_config_map_v1', /\/Db\/dc1\/ScyllaConfig$/);

const CASES: [string, string, (stack: TerraformStack, cluster: ScyllaCluster) => void][] = [
  ['TLSF001', 'Alternator HTTP switched on by an override of the manifest', (_s, c) => c.datacenters[0].resource.addOverride('manifest.spec.alternator.insecureEnableHTTP', true)],
  ['TLSF001', 'the Alternator HTTP switch set to a variable (a reference can hide true)', (_s, c) => c.datacenters[0].resource.addOverride('manifest.spec.alternator.insecureEnableHTTP', '${var.http}')],
  ['TLSF002', 'Alternator authorization switched off by an override', (_s, c) => c.datacenters[0].resource.addOverride('manifest.spec.alternator.insecureDisableAuthorization', true)],
  ['TLSF001', 'scylla.yaml overridden to open 9042 beside 9142', (s, c) => {
    const cm = scyllaYaml(s);
    cm.addOverride('data', { 'scylla.yaml': c.scyllaYaml.replace('native_transport_port: 9142', 'native_transport_port: 9042') });
  }],
  ['TLSF003', 'scylla.yaml overridden to stop requiring client certificates', (s, c) => {
    const cm = scyllaYaml(s);
    cm.addOverride('data', { 'scylla.yaml': c.scyllaYaml.replace(/require_client_auth: true/, 'require_client_auth: false') });
  }],
  ['TLSF004', 'scylla.yaml overridden to allow TLS 1.0', (s, c) => {
    const cm = scyllaYaml(s);
    cm.addOverride('data', { 'scylla.yaml': c.scyllaYaml.replace('-VERS-ALL:+VERS-TLS1.3', '-VERS-ALL:+VERS-TLS1.0:+VERS-TLS1.3') });
  }],
  ['TLSF013', 'scylla.yaml overridden to internode_encryption: none', (s, c) => {
    const cm = scyllaYaml(s);
    cm.addOverride('data', { 'scylla.yaml': c.scyllaYaml.replace('internode_encryption: all', 'internode_encryption: none') });
  }],
  ['TLSF001', 'scylla.yaml overridden with a proxy-protocol listener the policy does not judge', (s, c) => {
    const cm = scyllaYaml(s);
    cm.addOverride('data', { 'scylla.yaml': `${c.scyllaYaml}native_transport_port_proxy_protocol: 9043\n` });
  }],
  ['TLSF005', 'the client key overridden to RSA 1024', (_s, c) => {
    const key = resourceOf(c, 'tls_private_key', /\/App\/Certificate\/Key$/);
    key.addOverride('algorithm', 'RSA');
    key.addOverride('rsa_bits', 1024);
    key.addOverride('ecdsa_curve', null);
  }],
  ['TLSF006', 'the client certificate overridden to ten years', (_s, c) => resourceOf(c, 'tls_locally_signed_cert', /\/App\/Certificate\/Resource$/).addOverride('validity_period_hours', 87600)],
  ['TLSF007', 'the client certificate overridden to no early renewal', (_s, c) => resourceOf(c, 'tls_locally_signed_cert', /\/App\/Certificate\/Resource$/).addOverride('early_renewal_hours', 0)],
  ['TLSF008', 'the CA overridden to renew only one hour before it expires', (_s, c) => resourceOf(c, 'tls_self_signed_cert', /\/Db\/Ca\/Resource$/).addOverride('early_renewal_hours', 1)],
  ['TLSF009', 'an output added by a stack override, through nonsensitive()', (s, c) => {
    s.addOverride('output.leak', { value: `\${nonsensitive(tls_private_key.${logicalId(resourceOf(c, 'tls_private_key', /\/App\/Certificate\/Key$/))}.private_key_pem)}` });
  }],
  ['TLSF009', 'an output of a local that holds a key', (s, c) => {
    const local = new TerraformLocal(s, 'k', `\${tls_private_key.${logicalId(resourceOf(c, 'tls_private_key', /\/App\/Certificate\/Key$/))}.private_key_pem}`);
    new TerraformOutput(s, 'viaLocal', { value: `\${trimspace(local.${local.friendlyUniqueId})}` });
  }],
  ['TLSF009', 'an output map of literals and a plain key reference (read by the payload scan)', (s, c) => {
    new TerraformOutput(s, 'bundle', { value: { name: 'app', key: `\${tls_private_key.${logicalId(resourceOf(c, 'tls_private_key', /\/App\/Certificate\/Key$/))}.private_key_pem}` } });
  }],
  ['TLSF009', 'an output of a Secret\'s data', (s, c) => {
    new TerraformOutput(s, 'secretData', { value: `\${kubernetes_secret_v1.${logicalId(resourceOf(c, 'kubernetes_secret_v1', /\/App\/TlsSecret\/Resource$/))}.data}` });
  }],
  ['TLSF010', 'the client Secret overridden into another namespace', (_s, c) => resourceOf(c, 'kubernetes_secret_v1', /\/App\/TlsSecret\/Resource$/).addOverride('metadata.namespace', 'other')],
  ['TLSF011', 'the CA key added to the client Secret by an override', (_s, c) => {
    const caKey = resourceOf(c, 'tls_private_key', /\/Db\/Ca\/Key$/);
    resourceOf(c, 'kubernetes_secret_v1', /\/App\/TlsSecret\/Resource$/).addOverride('data.ca\\.key', `\${tls_private_key.${logicalId(caKey)}.private_key_pem}`);
  }],
  ['TLSF015', 'the CA key written into the connection ConfigMap by an override', (_s, c) => {
    const caKey = resourceOf(c, 'tls_private_key', /\/Db\/Ca\/Key$/);
    resourceOf(c, 'kubernetes_config_map_v1', /\/App\/Connection$/).addOverride('data.key', `\${tls_private_key.${logicalId(caKey)}.private_key_pem}`);
  }],
  ['TLSF015', 'a literal key wrapped in a function, in a hand-written ConfigMap', (s) => {
    new ConfigMapV1(s, 'Leak', { metadata: { name: 'leak', namespace: 'app' }, data: { k: '${trimspace("-----BEGIN PRIVATE KEY-----\\nMC4CAQAwBQYDK2VwBCIEIA==\\n-----END PRIVATE KEY-----")}' } });
  }],
  ['TLSF016', 'a hand-written Secret with the client Secret\'s name', (s) => {
    new SecretV1(s, 'Shadow', { metadata: { name: 'app-scylla-client-tls', namespace: 'app' }, data: { 'tls.crt': 'x' } });
  }],
  ['TLSF016', 'a secret_v1_data block writing into the client Secret', (s) => {
    new SecretV1Data(s, 'Patch', { metadata: { name: 'app-scylla-client-tls', namespace: 'app' }, data: { 'ca.crt': 'attacker CA' }, force: true });
  }],
];

describe('the policy judges the synthesized plan, not what constructs say about themselves', () => {
  test('the unchanged deployment passes', () => {
    expect(synthError(() => undefined)).toBeUndefined();
  });

  test.each(CASES)('%s: %s', (rule, _what, change) => {
    const e = synthError(change) as PolicyViolationError;
    expect(e).toBeInstanceOf(PolicyViolationError);
    expect(e.violations.map((v) => v.ruleId)).toContain(rule);
    expect(e.message).not.toMatch(/-----BEGIN|MC4CAQAw/);
  });

  test('every rule that reads the plan has an escape-hatch case', () => {
    const covered = new Set(CASES.map(([id]) => id));
    // TLSF014 (a console switch Terraform cannot see) is judged from the Cloud cluster's acknowledgement.
    expect([...covered, ...SINGLESTORE_CASES.map(([id]) => id)].sort()).toEqual(['TLSF001', 'TLSF002', 'TLSF003', 'TLSF004', 'TLSF005', 'TLSF006', 'TLSF007', 'TLSF008', 'TLSF009', 'TLSF010', 'TLSF011', 'TLSF012', 'TLSF012', 'TLSF013', 'TLSF015', 'TLSF016']);
  });
});

/** SingleStore: the user SQL in the ConfigMap is what the engine runs. */
const SINGLESTORE_CASES: [string, string, (tls: SingleStoreTls) => void][] = [
  ['TLSF012', 'the user SQL overridden to REQUIRE X509', (tls) => {
    resourceOf(tls, 'kubernetes_config_map_v1', /\/UserSql$/).addOverride('data', { 'users.sql': "CREATE USER 'orders'@'%' REQUIRE X509;\n" });
  }],
  ['TLSF012', 'a statement appended that creates a password user', (tls) => {
    resourceOf(tls, 'kubernetes_config_map_v1', /\/UserSql$/).addOverride('data', { 'users.sql': `${tls.userSql}CREATE USER 'backdoor'@'%' IDENTIFIED BY 'x';\n` });
  }],
];

describe('SingleStore users are judged from the SQL the plan delivers', () => {
  const build = (change?: (tls: SingleStoreTls) => void): Error | undefined => trySynth((stack) => {
    const tls = new SingleStoreTls(stack, 'SingleStore', { clusterName: 'sdb', namespace: 'db', engineVersion: SingleStoreVersion.V9_1, ca: new CertificateAuthority(stack, 'Ca') });
    tls.addUser('Orders', { name: 'orders', namespace: 'shop' });
    change?.(tls);
  }, { kubernetesProvider: true }).error;

  test('the unchanged users pass', () => expect(build()).toBeUndefined());

  test.each(SINGLESTORE_CASES)('%s: %s', (rule, _what, change) => {
    const e = build(change);
    expect(e).toBeInstanceOf(PolicyViolationError);
    expect((e as PolicyViolationError).violations.map((v) => v.ruleId)).toContain(rule);
  });
});
