import { TerraformOutput, TerraformStack, TerraformVariable, Testing } from 'cdktf';
import { IConstruct } from 'constructs';
import { ConfigMapV1 } from '@cdktf/provider-kubernetes/lib/config-map-v1';
import { SecretV1 } from '@cdktf/provider-kubernetes/lib/secret-v1';
import { PrivateKey } from '@cdktf/provider-tls/lib/private-key';
import { TlsProvider } from '@cdktf/provider-tls/lib/provider';
import { SelfSignedCert } from '@cdktf/provider-tls/lib/self-signed-cert';
import {
  applyPolicy, CaBundle, CaBundleConfigMap, CertificateAuthority, ClientCertificate, configurePolicy, CqlTlsVersions, InternodeEncryption,
  InternodeRolloutStep, KeyAlgorithm, PolicyViolationError, ScyllaCloudCluster, ScyllaCloudProvider,
  RULES, ScyllaCluster, ScyllaClusterProps, SingleStoreTls, SingleStoreTlsVersions, SingleStoreUserRequirement,
  SingleStoreVersion, TlsSecret, waive,
} from '../../constructs';
import { ReferenceStack } from '../../examples/reference/stack';
import { evaluate, newStack, SynthAttempt, trySynth } from '../helpers/synth';

const REASON = { reason: 'Reviewed exception for this test: the setting is what the case exercises.' };

function scylla(stack: TerraformStack, props: Partial<ScyllaClusterProps> = {}): ScyllaCluster {
  return new ScyllaCluster(stack, 'Db', {
    name: 'db', namespace: 'scylla', version: '2025.1.5',
    datacenters: [{ name: 'dc1', racks: [{ name: 'r1', members: 1, storageCapacity: '10Gi', cpuLimit: '1', memoryLimit: '4Gi' }] }],
    ...props,
  });
}

/** Synthesizes the stack `build` makes as `cdktf synth` does, with the kubernetes and tls providers its resources use. */
function synthApp(build: (stack: TerraformStack) => void): SynthAttempt {
  return trySynth((stack) => {
    new TlsProvider(stack, 'tls');
    build(stack);
  }, { kubernetesProvider: true });
}

interface Case {
  /** A minimal stack that breaks the rule; returns the construct the waiver goes on. */
  readonly bad: (stack: TerraformStack) => IConstruct;
  /** `[path] message` the violation reports. */
  readonly violation: string;
}

const CASES: Record<string, Case[]> = {
  TLSF001: [
    {
      bad: (s) => scylla(s, { alternator: { insecureEnableHttp: true } }),
      violation: '[TLSF001] test/Db/dc1: Alternator on port 8000 in datacenter dc1 (http://db-client.scylla.svc:8000) accepts plaintext connections.',
    },
    {
      bad: (s) => scylla(s, { cql: { insecureEnablePlaintext: true } }),
      violation: '[TLSF001] test/Db/dc1: CQL on port 9042 in datacenter dc1 (db-client.scylla.svc) accepts plaintext connections.',
    },
  ],
  TLSF002: [{
    bad: (s) => scylla(s, { alternator: { insecureDisableAuthorization: true } }),
    violation: '[TLSF002] test/Db/dc1: Alternator on port 8043 in datacenter dc1 (https://db-client.scylla.svc:8043) does not authenticate requests.',
  }],
  TLSF003: [{
    bad: (s) => scylla(s, { cql: { insecureDisableClientAuth: true } }),
    violation: '[TLSF003] test/Db/dc1: CQL on port 9142 in datacenter dc1 (db-client.scylla.svc) does not require client certificates.',
  }],
  TLSF004: [
    {
      bad: (s) => {
        configurePolicy(s, { minTlsVersion: 'TLSv1.3' });
        return scylla(s, { cql: { tlsVersions: CqlTlsVersions.TLS1_2_AND_1_3 } });
      },
      violation: '[TLSF004] test/Db/dc1: CQL on port 9142 in datacenter dc1 (db-client.scylla.svc) accepts TLSv1.2, below the minimum TLSv1.3.',
    },
    {
      bad: (s) => new SingleStoreTls(s, 'SingleStore', {
        clusterName: 'sdb', namespace: 'db', engineVersion: SingleStoreVersion.V9_0,
        ca: new CertificateAuthority(s, 'Ca'), tlsVersions: SingleStoreTlsVersions.LEGACY_TLS1_0_TO_1_2,
      }),
      violation: '[TLSF004] test/SingleStore: SingleStore SQL on port 3306 (svc-sdb-ddl.db.svc) accepts TLSv1.0, TLSv1.1, below the minimum TLSv1.2.',
    },
  ],
  TLSF005: [
    {
      bad: (s) => new ClientCertificate(s, 'App', { ca: new CertificateAuthority(s, 'Ca'), subject: { commonName: 'app' }, keyAlgorithm: KeyAlgorithm.rsa(1024) }),
      violation: '[TLSF005] test/App/Key: RSA key of 1024 bits, below 2048.',
    },
    {
      // Hand-written: the provider's default curve is P-224.
      bad: (s) => {
        applyPolicy(s);
        return new PrivateKey(s, 'Raw', { algorithm: 'ECDSA' });
      },
      violation: '[TLSF005] test/Raw: ECDSA key on P-224 (the provider default: ecdsa_curve not set), below P-256.',
    },
  ],
  TLSF006: [{
    bad: (s) => new ClientCertificate(s, 'App', {
      ca: new CertificateAuthority(s, 'Ca', { earlyRenewalHours: 2 * 8760 }), subject: { commonName: 'app' }, validityHours: 400 * 24,
    }),
    violation: '[TLSF006] test/App/Resource: valid 9600 hours (400.0 days), above 9552 hours (398 days).',
  }],
  TLSF007: [
    {
      bad: (s) => new ClientCertificate(s, 'App', { ca: new CertificateAuthority(s, 'Ca'), subject: { commonName: 'app' }, earlyRenewalHours: 0 }),
      violation: '[TLSF007] test/App/Resource: no early renewal: the certificate is replaced only after it expires.',
    },
    {
      bad: (s) => {
        applyPolicy(s);
        const key = new PrivateKey(s, 'RawKey', { algorithm: 'ED25519' });
        return new SelfSignedCert(s, 'RawCa', {
          privateKeyPem: key.privateKeyPem, subject: [{ commonName: 'raw' }], isCaCertificate: true, validityPeriodHours: 87600, allowedUses: ['cert_signing'],
        });
      },
      violation: '[TLSF007] test/RawCa: no early renewal: the certificate is replaced only after it expires.',
    },
  ],
  TLSF008: [
    {
      bad: (s) => new ClientCertificate(s, 'App', { ca: new CertificateAuthority(s, 'Ca', { earlyRenewalHours: 720 }), subject: { commonName: 'app' } }),
      violation: '[TLSF008] test/App/Resource: valid 8760 hours, but its CA test/Ca is replaced only 720 hours before it expires: it can outlive the CA by up to 8040 hours.',
    },
    {
      bad: (s) => new ClientCertificate(s, 'App', {
        ca: new CertificateAuthority(s, 'Ca', { validityHours: 4000, earlyRenewalHours: 100 }), subject: { commonName: 'app' }, validityHours: 5000,
      }),
      violation: '[TLSF008] test/App/Resource: valid 5000 hours, longer than its CA test/Ca (4000 hours).',
    },
  ],
  TLSF009: [
    {
      bad: (s) => {
        const app = new ClientCertificate(s, 'App', { ca: new CertificateAuthority(s, 'Ca'), subject: { commonName: 'app' } });
        return new TerraformOutput(s, 'app_key', { value: app.privateKeyPem });
      },
      violation: '[TLSF009] test/app_key: output "app_key" is not sensitive but carries tls_private_key.App_Key_',
    },
    {
      bad: (s) => {
        applyPolicy(s);
        const password = new TerraformVariable(s, 'db_password', { type: 'string', sensitive: true });
        return new TerraformOutput(s, 'connection', { value: { user: 'app', password: password.stringValue } });
      },
      violation: '[TLSF009] test/connection: output "connection" is not sensitive but carries var.db_password.',
    },
  ],
  TLSF010: [
    {
      bad: (s) => {
        const client = scylla(s).addClient('Orders', { name: 'orders', namespace: 'orders' });
        return new TlsSecret(s, 'Copy', { certificate: client.certificate, namespace: 'billing', name: 'orders-copy' });
      },
      violation: '[TLSF010] test/Copy/Resource: carries the private key of test/Db/Orders/Certificate into namespace billing via (default kubernetes provider); '
        + 'it was issued for ScyllaDB client orders (role orders) in namespace orders via (default kubernetes provider).',
    },
    {
      bad: (s) => {
        const client = scylla(s).addClient('Orders', { name: 'orders', namespace: 'orders' });
        return new SecretV1(s, 'HandWritten', { metadata: { name: 'k', namespace: 'default' }, data: { key: client.certificate.privateKeyPem } });
      },
      violation: '[TLSF010] test/HandWritten: carries the private key of test/Db/Orders/Certificate into namespace default via (default kubernetes provider)',
    },
  ],
  TLSF011: [{
    bad: (s) => {
      const ca = new CertificateAuthority(s, 'Ca');
      return new SecretV1(s, 'CaKey', { metadata: { name: 'ca', namespace: 'pki' }, data: { 'ca.key': ca.privateKeyPem } });
    },
    violation: '[TLSF011] test/CaKey: carries the private key of CA test/Ca.',
  }],
  TLSF012: [{
    bad: (s) => new SingleStoreTls(s, 'SingleStore', {
      clusterName: 'sdb', namespace: 'db', engineVersion: SingleStoreVersion.V9_1, ca: new CertificateAuthority(s, 'Ca'),
    }).addUser('Reports', { name: 'reports', namespace: 'bi', require: SingleStoreUserRequirement.X509 }),
    violation: "[TLSF012] test/SingleStore/Reports: 'reports'@'%' is created with REQUIRE X509: any certificate from the client CA logs in.",
  }],
  TLSF013: [
    {
      bad: (s) => scylla(s, { internode: { encryption: InternodeEncryption.DC } }),
      violation: '[TLSF013] test/Db/dc1: Internode on port 7000 in datacenter dc1 (db-dc1-<rack>-<ordinal>.scylla.svc) accepts plaintext node-to-node connections (internode_encryption: dc).',
    },
    {
      bad: (s) => scylla(s, { internode: { rollout: { deployed: InternodeRolloutStep.CERTIFICATES, target: InternodeRolloutStep.TRANSITIONAL } } }),
      violation: '[TLSF013] test/Db/dc1: Internode on port 7000 in datacenter dc1 (db-dc1-<rack>-<ordinal>.scylla.svc) accepts plaintext node-to-node connections (internode_encryption: transitional).',
    },
    {
      bad: (s) => scylla(s, { internode: { rollout: { deployed: InternodeRolloutStep.PLAINTEXT, target: InternodeRolloutStep.PLAINTEXT } } }),
      violation: '[TLSF013] test/Db/dc1: Internode on port 7000 in datacenter dc1 (db-dc1-<rack>-<ordinal>.scylla.svc) accepts plaintext node-to-node connections (internode_encryption: none).',
    },
  ],
  TLSF014: [{
    bad: (s) => {
      const c = new ScyllaCloudCluster(s, 'Cloud', { name: 'cloud', region: 'us-east-1', cloud: ScyllaCloudProvider.AWS, nodeType: 'i8g.large', minNodes: 3 });
      waive(c, 'TLSF003', REASON);
      return c;
    },
    violation: '[TLSF014] test/Cloud: ScyllaDB Cloud cluster cloud: "Ensure encrypted connections (ScyllaDB Cloud console)" is a manual control Terraform cannot verify, and no one has recorded enabling it.',
  }],
  TLSF015: [{
    bad: (s) => {
      const ca = new CertificateAuthority(s, 'Ca');
      return new ConfigMapV1(s, 'Leak', { metadata: { name: 'leak', namespace: 'app' }, data: { 'ca.key': ca.privateKeyPem } });
    },
    violation: '[TLSF015] test/Leak: ConfigMap app/leak carries the private key of tls_private_key.Ca_Key_',
  }],
  TLSF016: [{
    bad: (s) => {
      const ca = new CertificateAuthority(s, 'Ca');
      new CaBundleConfigMap(s, 'Bundle', { bundle: CaBundle.of(ca), namespace: 'app', name: 'trust' });
      return new ConfigMapV1(s, 'Shadow', { metadata: { name: 'trust', namespace: 'app' }, data: { 'ca-bundle.crt': 'not the CA' } });
    },
    violation: '[TLSF016] test/Shadow: writes ConfigMap app/trust via (default kubernetes provider), which test/Bundle/Resource writes too.',
  }],
};

describe('every rule', () => {
  test('has a test case here, a unique id in order, a title, a severity, a description and a fix', () => {
    expect(Object.keys(CASES)).toEqual(RULES.map((r) => r.id));
    RULES.forEach((r, i) => {
      expect(r.id).toBe(`TLSF${String(i + 1).padStart(3, '0')}`);
      expect(r.title.length).toBeGreaterThan(5);
      expect(['high', 'medium', 'low']).toContain(r.severity);
      expect(r.description.length).toBeGreaterThan(40);
      expect(r.fix).toContain(`waive ${r.id}`);
    });
  });
});

describe.each(Object.entries(CASES).flatMap(([id, cases]) => cases.map((c, i) => [`${id} case ${i + 1}`, id, c] as const)))('%s', (_name, id, c) => {
  const rule = RULES.find((r) => r.id === id)!;

  test('fails synth with the rule id, the construct path, the finding and the fix hint; nothing is written', () => {
    const { error, files } = synthApp((s) => { c.bad(s); });
    expect(error).toBeInstanceOf(PolicyViolationError);
    expect(error!.message).toContain(c.violation);
    expect(error!.message).toContain(`${rule.title} (${rule.severity}). Fix: ${rule.fix}`);
    expect((error as PolicyViolationError).violations.every((v) => v.ruleId === id)).toBe(true);
    expect(files.filter((f) => f.endsWith('cdk.tf.json') || f.startsWith('tlsfleet'))).toEqual([]);
  });

  test('synthesizes with a waiver on the construct (or an ancestor), and the result is "waived"', () => {
    let stack!: TerraformStack;
    const { error, files } = synthApp((s) => {
      stack = s;
      waive(c.bad(s), id, REASON);
    });
    expect(error).toBeUndefined();
    expect(files).toEqual(expect.arrayContaining(['stacks/test/cdk.tf.json', 'tlsfleet/report.json', 'tlsfleet/report.md', 'tlsfleet/report.sarif']));
    const result = evaluate(stack).results.find((r) => r.rule.id === id)!;
    expect(result.status).toBe('waived');
    expect(result.violations.length).toBeGreaterThan(0);
    expect(result.violations.every((v) => v.waiver?.reason === REASON.reason)).toBe(true);
  });
});

describe('the reference app', () => {
  // The reference app is a stack class of its own, so not a newStack(); Testing.app() is the app newStack() makes.
  const stack = new ReferenceStack(Testing.app(), 'reference');
  const results = evaluate(stack).results;

  test('violates no rule and needs no waiver', () => {
    expect(results.flatMap((r) => r.violations)).toEqual([]);
    expect(evaluate(stack).waivers).toEqual([]);
  });

  test('every rule that applies to a ScyllaDB deployment checks something', () => {
    expect(results.filter((r) => r.status === 'not applicable').map((r) => r.rule.id)).toEqual(['TLSF012', 'TLSF014', 'TLSF015']);
    expect(results.filter((r) => r.status === 'pass').length).toBe(RULES.length - 3);
  });
});

describe('hand-written resources', () => {
  test('a strong hand-written key and certificate pass; a reference it cannot read is reported as undecided', () => {
    const stack = newStack();
    const bits = new TerraformVariable(stack, 'bits', { type: 'number' });
    new PrivateKey(stack, 'Strong', { algorithm: 'ECDSA', ecdsaCurve: 'P384' });
    new PrivateKey(stack, 'Variable', { algorithm: 'RSA', rsaBits: bits.numberValue });
    const r = evaluate(stack).results.find((x) => x.rule.id === 'TLSF005')!;
    expect(r).toMatchObject({ status: 'pass', checked: 2 });
    expect(r.undecided).toEqual([{ path: 'test/Variable', message: 'rsa_bits is a Terraform reference' }]);
  });

  test('an output marked sensitive may carry a key', () => {
    const stack = newStack();
    const key = new PrivateKey(stack, 'Key', { algorithm: 'ED25519' });
    new TerraformOutput(stack, 'key', { value: key.privateKeyPem, sensitive: true });
    expect(evaluate(stack).results.find((x) => x.rule.id === 'TLSF009')).toMatchObject({ status: 'pass', checked: 1 });
  });

  test('an override that removes `sensitive` is seen', () => {
    const stack = newStack();
    const key = new PrivateKey(stack, 'Key', { algorithm: 'ED25519' });
    new TerraformOutput(stack, 'key', { value: key.privateKeyPem, sensitive: true }).addOverride('sensitive', false);
    expect(evaluate(stack).results.find((x) => x.rule.id === 'TLSF009')!.status).toBe('fail');
  });
});
