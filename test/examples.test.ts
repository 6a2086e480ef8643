// `npm run examples` (scripts/synth-examples.js): every example app and the reference app synthesize, their
// ScyllaClusters conform to the operator's CRD and webhook, the output is deterministic, and failures are loud.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parse } from 'yaml';
import { assertScyllaClustersConform, scyllaClustersIn } from './conformance/manifests';

jest.setTimeout(180_000);

const ROOT = path.resolve(__dirname, '..');
const SCRIPT = path.join(ROOT, 'scripts', 'synth-examples.js');

function runScript(env: Record<string, string>): { status: number | null; stdout: string; stderr: string } {
  const run = spawnSync(process.execPath, [SCRIPT], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, ...env } });
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}

function exampleApps(): string[] {
  return fs.readdirSync(path.join(ROOT, 'examples'), { withFileTypes: true })
    .filter((e) => e.isDirectory() && fs.existsSync(path.join(ROOT, 'examples', e.name, 'cdktf.json')))
    .map((e) => e.name).sort();
}

function stackJson(out: string, app: string, stack = app): any {
  return JSON.parse(fs.readFileSync(path.join(out, app, 'stacks', stack, 'cdk.tf.json'), 'utf8'));
}

function byName(json: any, type: string, name: string, namespace?: string): any[] {
  return Object.values<any>(json.resource?.[type] ?? {})
    .filter((r) => r.metadata?.name === name && (namespace === undefined || r.metadata.namespace === namespace));
}

describe('npm run examples', () => {
  let out: string;
  let first: ReturnType<typeof runScript>;

  beforeAll(() => {
    out = fs.mkdtempSync(path.join(os.tmpdir(), 'tlsfleet-examples-'));
    first = runScript({ SYNTH_EXAMPLES_OUT: out });
  });
  afterAll(() => fs.rmSync(out, { recursive: true, force: true }));

  test('synthesizes every example app and the reference app', () => {
    expect(first.stderr).toBe('');
    expect(first.status).toBe(0);
    expect(exampleApps()).toEqual(expect.arrayContaining(['alternator-tls', 'multi-dc']));
    for (const app of [...exampleApps(), 'reference']) {
      expect(first.stdout).toContain(`ok   ${app}:`);
    }
  });

  test('every example has its own cdktf.json running main.ts through the cached TypeScript hook', () => {
    for (const app of exampleApps()) {
      const config = JSON.parse(fs.readFileSync(path.join(ROOT, 'examples', app, 'cdktf.json'), 'utf8'));
      expect(config).toMatchObject({ language: 'typescript', app: 'node -r ../../scripts/ts-cache.js main.ts' });
    }
  });

  test('every synthesized ScyllaCluster conforms to the CRD and the webhook rules', () => {
    const counts: Record<string, number> = {};
    for (const app of [...exampleApps(), 'reference']) {
      const stacks = fs.readdirSync(path.join(out, app, 'stacks'));
      counts[app] = stacks.reduce((n, s) => n + assertScyllaClustersConform(stackJson(out, app, s), `${app}/${s}`), 0);
    }
    expect(counts).toMatchObject({ 'alternator-tls': 1, 'multi-dc': 2, 'reference': 1 });
  });

  test('a second run writes byte-identical output', () => {
    const again = fs.mkdtempSync(path.join(os.tmpdir(), 'tlsfleet-examples-'));
    try {
      expect(runScript({ SYNTH_EXAMPLES_OUT: again }).status).toBe(0);
      for (const app of ['alternator-tls', 'multi-dc', 'reference']) {
        expect(fs.readFileSync(path.join(again, app, 'stacks', app, 'cdk.tf.json'), 'utf8'))
          .toBe(fs.readFileSync(path.join(out, app, 'stacks', app, 'cdk.tf.json'), 'utf8'));
      }
    } finally {
      fs.rmSync(again, { recursive: true, force: true });
    }
  });

  describe('alternator-tls', () => {
    test('one datacenter with a tlsfleet-issued Alternator certificate under the name the operator mounts', () => {
      const json = stackJson(out, 'alternator-tls');
      const [cluster] = scyllaClustersIn(json).map((f) => f.manifest);
      expect(cluster.spec.alternator.servingCertificate).toEqual({
        type: 'UserManaged', userManagedOptions: { secretName: 'shop-alternator-local-serving-certs' },
      });
      expect(byName(json, 'kubernetes_secret_v1', 'shop-alternator-local-serving-certs', 'scylla')).toHaveLength(1);
      expect(cluster.spec.datacenter.racks.map((r: any) => r.name)).toEqual(['eu-west-1a', 'eu-west-1b', 'eu-west-1c']);
    });

    test('two client applications, each with a TLS Secret and a connection ConfigMap in its namespace', () => {
      const json = stackJson(out, 'alternator-tls');
      for (const app of ['orders', 'inventory']) {
        expect(byName(json, 'kubernetes_secret_v1', `${app}-scylla-client-tls`, app)).toHaveLength(1);
        const [config] = byName(json, 'kubernetes_config_map_v1', `${app}-scylla-connection`, app);
        expect(config.data.AWS_ENDPOINT_URL_DYNAMODB).toBe('https://shop-client.scylla.svc:8043');
      }
    });
  });

  describe('multi-dc', () => {
    test('two ScyllaClusters with one name, unique datacenters, each through its own provider', () => {
      const json = stackJson(out, 'multi-dc');
      const resources = Object.values<any>(json.resource.kubernetes_manifest);
      expect(resources.map((r) => r.manifest.metadata.name)).toEqual(['global', 'global']);
      expect(resources.map((r) => r.manifest.spec.datacenter.name).sort()).toEqual(['eu-central', 'us-east']);
      expect(resources.map((r) => r.provider).sort()).toEqual(['kubernetes.eu', 'kubernetes.us']);
    });

    test('the first datacenter bootstraps alone; the second seeds from it', () => {
      const json = stackJson(out, 'multi-dc');
      const seeds = Object.fromEntries(Object.values<any>(json.resource.kubernetes_manifest)
        .map((r) => [r.manifest.spec.datacenter.name, r.manifest.spec.externalSeeds]));
      expect(seeds).toEqual({
        'eu-central': undefined,
        'us-east': ['seed-0.scylla.eu.example.com', 'seed-1.scylla.eu.example.com'],
      });
    });

    test('one CA signs every certificate', () => {
      const json = stackJson(out, 'multi-dc');
      expect(Object.keys(json.resource.tls_self_signed_cert)).toHaveLength(1);
      const issuers = new Set(Object.values<any>(json.resource.tls_locally_signed_cert).map((c) => c.ca_cert_pem));
      expect(issuers.size).toBe(1);
    });

    test('per-datacenter Alternator endpoints are output', () => {
      const json = stackJson(out, 'multi-dc');
      expect(Object.keys(json.output.Global_alternator_endpoints.value).sort()).toEqual(['eu-central', 'us-east']);
    });
  });

  describe('reference', () => {
    test('one cluster: Alternator over HTTPS with a tlsfleet certificate, CQL TLS-only with mutual TLS, two clients', () => {
      const json = stackJson(out, 'reference');
      const [cluster] = scyllaClustersIn(json).map((f) => f.manifest);
      expect(cluster.spec.alternator).toMatchObject({ insecureEnableHTTP: false, servingCertificate: { type: 'UserManaged' } });
      const [config] = byName(json, 'kubernetes_config_map_v1', 'db-tlsfleet-config', 'scylla');
      const yaml = parse(config.data['scylla.yaml']);
      expect(yaml).toMatchObject({ native_transport_port: 9142, native_transport_port_ssl: 9142 });
      expect(yaml.client_encryption_options).toMatchObject({ enabled: true, require_client_auth: true });
      expect(byName(json, 'kubernetes_config_map_v1', 'orders-scylla-connection')).toHaveLength(1);
      expect(byName(json, 'kubernetes_config_map_v1', 'billing-scylla-connection')).toHaveLength(1);
    });
  });
});

describe('synth-examples.js failures', () => {
  test('an app that throws fails the run with its error, and the other apps still run', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tlsfleet-broken-'));
    const out = fs.mkdtempSync(path.join(os.tmpdir(), 'tlsfleet-broken-out-'));
    try {
      for (const [name, body] of [['broken', "throw new Error('boom from the broken app');\n"],
        ['fine', "import { App, TerraformStack } from 'cdktf';\nconst app = new App();\nnew TerraformStack(app, 'fine');\napp.synth();\n"]]) {
        fs.mkdirSync(path.join(dir, name));
        fs.writeFileSync(path.join(dir, name, 'cdktf.json'), '{}');
        fs.writeFileSync(path.join(dir, name, 'main.ts'), body);
      }
      const run = runScript({
        SYNTH_EXAMPLES_DIR: dir, SYNTH_EXAMPLES_OUT: out, NODE_PATH: path.join(ROOT, 'node_modules'), TS_NODE_PROJECT: path.join(ROOT, 'tsconfig.json'),
      });
      expect(run.status).toBe(1);
      expect(run.stderr).toContain('FAIL broken: synth failed');
      expect(run.stderr).toContain('boom from the broken app');
      expect(run.stderr).toContain('1 of 2 example apps failed');
      expect(run.stdout).toContain('ok   fine:');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
      fs.rmSync(out, { recursive: true, force: true });
    }
  });
});
