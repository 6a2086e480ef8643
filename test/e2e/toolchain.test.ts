// Exercises test/e2e/terraform-harness.ts for real: providers from scripts/providers.sh, terraform init/validate/
// apply/plan/state/output on small hand-written configurations shaped like cdktf's cdk.tf.json.
// Skipped (with a warning) when terraform or the providers are unavailable, except under CI=true where it fails.
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import {
  TerraformJsonConfig,
  TerraformWorkdir,
  dropProvider,
  ensureToolchain,
  formatDiagnostics,
  rawStateInstances,
  requireToolchainOrSkip,
  resourcesInState,
} from './terraform-harness';

const SUITE = 'e2e: terraform toolchain and harness';
const RUN = requireToolchainOrSkip(SUITE);

const meta = (id: string) => ({ '//': { metadata: { path: `toolchain/${id}`, uniqueId: id } } });

/** What cdktf 0.21 synthesizes for a TlsProvider + PrivateKey + SelfSignedCert stack (plus an output). */
function tlsConfig(): TerraformJsonConfig {
  return {
    '//': { metadata: { backend: 'local', stackName: 'toolchain', version: '0.21.0' }, outputs: {} },
    provider: { tls: [{}] },
    resource: {
      tls_private_key: { key: { ...meta('key'), algorithm: 'ECDSA', ecdsa_curve: 'P256' } },
      tls_self_signed_cert: {
        cert: {
          ...meta('cert'),
          private_key_pem: '${tls_private_key.key.private_key_pem}',
          subject: [{ common_name: 'toolchain.tlsfleet.test', organization: 'tlsfleet' }],
          validity_period_hours: 24,
          allowed_uses: ['cert_signing', 'digital_signature'],
          is_ca_certificate: true,
        },
      },
    },
    output: { cert_pem: { value: '${tls_self_signed_cert.cert.cert_pem}' } },
    terraform: {
      // cdktf writes an absolute local backend path into the project; the harness must drop it.
      backend: { local: { path: path.join(os.tmpdir(), 'tlsfleet-should-not-be-written.tfstate') } },
      required_providers: { tls: { source: 'hashicorp/tls', version: '4.1.0' } },
    },
  };
}

/** The tls config plus a kubernetes.io/tls Secret and a ScyllaCluster manifest (as cdktf writes them). */
function mixedConfig(): TerraformJsonConfig {
  const c = tlsConfig();
  c.provider.kubernetes = [{ config_path: '/nonexistent/kubeconfig' }];
  c.terraform.required_providers.kubernetes = { source: 'kubernetes', version: '2.38.0' };
  c.resource.kubernetes_secret_v1 = {
    sec: {
      ...meta('sec'),
      metadata: { name: 'toolchain-tls', namespace: 'default' },
      type: 'kubernetes.io/tls',
      data: { 'tls.crt': '${tls_self_signed_cert.cert.cert_pem}', 'tls.key': '${tls_private_key.key.private_key_pem}' },
    },
  };
  c.resource.kubernetes_manifest = {
    cluster: {
      ...meta('cluster'),
      manifest: {
        apiVersion: 'scylla.scylladb.com/v1',
        kind: 'ScyllaCluster',
        metadata: { name: 'toolchain', namespace: 'default' },
        spec: { version: '6.2.0', datacenter: { name: 'dc1', racks: [] } },
      },
      depends_on: ['kubernetes_secret_v1.sec'],
    },
  };
  c.output.secret_name = { value: '${kubernetes_secret_v1.sec.metadata[0].name}' };
  return c;
}

let scratch: string;
const workdirs: TerraformWorkdir[] = [];

function writeConfig(name: string, config: TerraformJsonConfig): string {
  const p = path.join(scratch, name);
  fs.writeFileSync(p, JSON.stringify(config, null, 2));
  return p;
}

function workdir(file: string, options?: ConstructorParameters<typeof TerraformWorkdir>[1]): TerraformWorkdir {
  const wd = new TerraformWorkdir(file, options);
  workdirs.push(wd);
  return wd;
}

(RUN ? describe : describe.skip)(SUITE, () => {
  jest.setTimeout(5 * 60 * 1000);

  beforeAll(() => {
    scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'tlsfleet-toolchain-test-'));
  });
  afterAll(() => {
    for (const wd of workdirs) wd.cleanup();
    if (scratch) fs.rmSync(scratch, { recursive: true, force: true });
  });

  it('reports the provider mirror (or the registry) as available', () => {
    const status = ensureToolchain();
    expect(status.available).toBe(true);
    if (status.mirrorDir !== undefined) {
      for (const [name, version] of [['tls', '4.1.0'], ['kubernetes', '2.38.0']]) {
        const bin = path.join(status.mirrorDir, 'registry.terraform.io/hashicorp', name, version, 'linux_amd64',
          `terraform-provider-${name}_v${version}_x5`);
        expect(fs.existsSync(bin)).toBe(true);
      }
      expect(status.buildInfo?.length).toBe(2);
    }
  });

  describe('tls-only config: init, validate, apply, state, output, plan', () => {
    let wd: TerraformWorkdir;
    beforeAll(() => {
      wd = workdir(writeConfig('tls.cdk.tf.json', tlsConfig()));
      wd.init();
    });

    it('drops the synthesized backend and writes main.tf.json', () => {
      expect(path.basename(wd.configPath)).toBe('main.tf.json');
      expect(wd.config().terraform.backend).toBeUndefined();
    });

    it('validates', () => {
      const v = wd.validate();
      expect({ valid: v.valid, diagnostics: formatDiagnostics(v) }).toEqual({ valid: true, diagnostics: '' });
    });

    it('applies; the state holds a P-256 self-signed certificate that openssl parses', () => {
      wd.apply();
      const state = wd.state();
      const keys = resourcesInState(state, 'tls_private_key');
      expect(keys.map((k) => k.address)).toEqual(['tls_private_key.key']);
      expect(keys[0].values.ecdsa_curve).toBe('P256');

      const certs = resourcesInState(state, 'tls_self_signed_cert');
      expect(certs).toHaveLength(1);
      const pem: string = certs[0].values.cert_pem;
      expect(pem).toMatch(/^-----BEGIN CERTIFICATE-----\n/);
      const text = execFileSync('openssl', ['x509', '-noout', '-text'], { input: pem, encoding: 'utf8' });
      expect(text).toMatch(/Subject: O\s*=\s*tlsfleet, CN\s*=\s*toolchain\.tlsfleet\.test/);
      expect(text).toMatch(/ASN1 OID: prime256v1/);
      expect(text).toMatch(/CA:TRUE/);
      expect(fs.existsSync(path.join(os.tmpdir(), 'tlsfleet-should-not-be-written.tfstate'))).toBe(false);
      expect(fs.existsSync(path.join(wd.dir, 'terraform.tfstate'))).toBe(true);
    });

    it('exposes outputs', () => {
      const out = wd.output();
      expect(out.cert_pem.value).toBe(resourcesInState(wd.state(), 'tls_self_signed_cert')[0].values.cert_pem);
    });

    it('plans no changes after apply', () => {
      const plan = wd.plan();
      const actions = (plan.resource_changes ?? []).map((rc) => `${rc.address}:${rc.change.actions.join('+')}`);
      expect(actions.sort()).toEqual(['tls_private_key.key:no-op', 'tls_self_signed_cert.cert:no-op']);
      expect(resourcesInState(plan, 'tls_self_signed_cert')).toHaveLength(1);
    });

    it('simulates expiry by editing validity_end_time in the state: the next plan replaces the certificate', () => {
      const past = new Date(Date.now() - 3600_000).toISOString().replace(/\.\d{3}Z$/, 'Z');
      wd.editState((raw) => {
        const [attrs] = rawStateInstances(raw, 'tls_self_signed_cert.cert');
        attrs.validity_end_time = past;
      });
      const plan = wd.plan();
      const cert = (plan.resource_changes ?? []).find((rc) => rc.address === 'tls_self_signed_cert.cert');
      expect(cert?.change.actions).toEqual(['delete', 'create']);
    });

    it('throws with terraform output on a failing command', () => {
      expect(() => wd.run(['state', 'show', 'tls_private_key.nope'])).toThrow(/exit 1[\s\S]*--- stderr ---/);
    });
  });

  describe('tls + kubernetes config', () => {
    it('validates offline with the kubernetes provider (kubernetes_secret_v1 + kubernetes_manifest)', () => {
      const wd = workdir(writeConfig('mixed.cdk.tf.json', mixedConfig()));
      wd.init();
      const v = wd.validate();
      expect({ valid: v.valid, diagnostics: formatDiagnostics(v) }).toEqual({ valid: true, diagnostics: '' });
    });

    it('reports invalid kubernetes config through validate() without throwing', () => {
      const bad = mixedConfig();
      bad.resource.kubernetes_secret_v1.sec.no_such_argument = true;
      const wd = workdir(writeConfig('bad.cdk.tf.json', bad));
      wd.init();
      const v = wd.validate();
      expect(v.valid).toBe(false);
      expect(formatDiagnostics(v)).toMatch(/no_such_argument/);
    });

    it('dropProvider("kubernetes") leaves an appliable tls-only config', () => {
      const wd = workdir(writeConfig('mixed2.cdk.tf.json', mixedConfig()), { transform: dropProvider('kubernetes') });
      const cfg = wd.config();
      expect(Object.keys(cfg.resource).sort()).toEqual(['tls_private_key', 'tls_self_signed_cert']);
      expect(Object.keys(cfg.terraform.required_providers)).toEqual(['tls']);
      expect(Object.keys(cfg.provider)).toEqual(['tls']);
      expect(Object.keys(cfg.output)).toEqual(['cert_pem']);
      wd.init();
      wd.apply();
      expect(resourcesInState(wd.state(), 'tls_self_signed_cert')).toHaveLength(1);
    });
  });
});
