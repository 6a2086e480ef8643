// The conformance machinery itself: it must reject what the API server or the operator would, or the
// conformance checks elsewhere could pass vacuously.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { cacheFile, SHARED_CRD } from './crd';
import { assertScyllaClustersConform, scyllaClustersIn } from './manifests';
import { schemaViolations, toJsonSchema, withPlaceholders } from './schema';
import { webhookViolations } from './webhook';

function validManifest(): any {
  return {
    apiVersion: 'scylla.scylladb.com/v1',
    kind: 'ScyllaCluster',
    metadata: { name: 'db', namespace: 'scylla' },
    spec: {
      version: '2025.1.5',
      alternator: {
        writeIsolation: 'always',
        servingCertificate: { type: 'UserManaged', userManagedOptions: { secretName: 'db-alternator-local-serving-certs' } },
      },
      datacenter: {
        name: 'dc1',
        racks: [{
          name: 'r1', members: 3, storage: { capacity: '100Gi' },
          resources: { limits: { cpu: '4', memory: '16Gi' }, requests: { cpu: 4, memory: '16Gi' } },
        }],
      },
    },
  };
}

function mutate(change: (m: any) => void): any {
  const m = validManifest();
  change(m);
  return m;
}

describe('toJsonSchema', () => {
  test('closes objects that declare properties', () => {
    expect(toJsonSchema({ type: 'object', properties: { a: { type: 'string' } } }).additionalProperties).toBe(false);
  });
  test('leaves maps and preserve-unknown-fields objects open', () => {
    expect(toJsonSchema({ type: 'object', additionalProperties: { type: 'string' } }).additionalProperties).toEqual({ type: 'string' });
    expect(toJsonSchema({ type: 'object', properties: {}, 'x-kubernetes-preserve-unknown-fields': true }).additionalProperties).toBeUndefined();
  });
  test('turns int-or-string into anyOf and drops x-kubernetes extensions', () => {
    expect(toJsonSchema({ 'x-kubernetes-int-or-string': true, 'x-kubernetes-list-type': 'atomic' })).toEqual({
      anyOf: [{ type: 'integer' }, { type: 'string' }],
    });
  });
  test('keeps defaults and enums as data', () => {
    expect(toJsonSchema({ type: 'string', enum: ['A'], default: 'A' })).toEqual({ type: 'string', enum: ['A'], default: 'A' });
  });
});

describe('schemaViolations (the operator CRD, v1.21.1)', () => {
  test('accepts a valid ScyllaCluster', () => {
    expect(schemaViolations(validManifest())).toEqual([]);
  });
  test('reports an unknown field at the top of spec', () => {
    expect(schemaViolations(mutate((m) => { m.spec.verison = 'x'; }))).toEqual([expect.stringContaining('unknown field "verison"')]);
  });
  test('reports an unknown field deep inside a rack', () => {
    const errors = schemaViolations(mutate((m) => { m.spec.datacenter.racks[0].storage.size = '1Gi'; }));
    expect(errors).toEqual([expect.stringMatching(/^\/spec\/datacenter\/racks\/0\/storage: unknown field "size"/)]);
  });
  test('reports a misspelled Alternator field (insecureEnableHttp for insecureEnableHTTP)', () => {
    expect(schemaViolations(mutate((m) => { m.spec.alternator.insecureEnableHttp = true; })))
      .toEqual([expect.stringContaining('unknown field "insecureEnableHttp"')]);
  });
  test('reports a wrong type', () => {
    expect(schemaViolations(mutate((m) => { m.spec.datacenter.racks[0].members = '3'; })))
      .toEqual([expect.stringMatching(/racks\/0\/members: must be integer/)]);
  });
  test('reports a value outside an enum', () => {
    expect(schemaViolations(mutate((m) => { m.spec.alternator.servingCertificate.type = 'Tlsfleet'; })).join('\n'))
      .toMatch(/servingCertificate\/type: must be equal to one of the allowed values/);
  });
  test('reports a malformed quantity', () => {
    expect(schemaViolations(mutate((m) => { m.spec.datacenter.racks[0].resources.limits.cpu = 'four'; })).join('\n'))
      .toMatch(/limits\/cpu/);
  });
  test('checks Terraform references by the type expected at their place', () => {
    expect(schemaViolations(mutate((m) => {
      m.spec.datacenter.racks[0].members = '${var.members}';
      m.spec.version = '${var.version}';
      m.spec.datacenter.racks[0].resources.limits.cpu = '${var.cpu}';
    }))).toEqual([]);
    expect(withPlaceholders({ members: '${x}' }, { properties: { members: { type: 'integer' } } })).toEqual({ members: 1 });
  });
});

describe('webhookViolations', () => {
  test('accepts a valid ScyllaCluster', () => {
    expect(webhookViolations(validManifest())).toEqual([]);
  });
  test.each([
    ['empty version', (m: any) => { m.spec.version = ''; }, 'spec.version'],
    ['missing version', (m: any) => { delete m.spec.version; }, 'spec.version'],
    ['name not DNS-1123', (m: any) => { m.metadata.name = 'DB'; }, 'metadata.name'],
    ['duplicate rack names', (m: any) => { m.spec.datacenter.racks.push({ ...m.spec.datacenter.racks[0] }); }, 'Duplicate value'],
    ['zero cpu limit', (m: any) => { m.spec.datacenter.racks[0].resources.limits.cpu = '0'; }, 'set cpu, memory resource limits'],
    ['missing memory limit', (m: any) => { delete m.spec.datacenter.racks[0].resources.limits.memory; }, 'set cpu, memory resource limits'],
    ['zero storage', (m: any) => { m.spec.datacenter.racks[0].storage.capacity = '0Gi'; }, 'storage.capacity'],
    ['zero members', (m: any) => { m.spec.datacenter.racks[0].members = 0; }, 'members'],
    ['unknown write isolation', (m: any) => { m.spec.alternator.writeIsolation = 'sometimes'; }, 'writeIsolation'],
    ['deprecated port with HTTP', (m: any) => { m.spec.alternator.insecureEnableHTTP = true; m.spec.alternator.port = 8000; }, 'deprecated port is not allowed'],
    ['any deprecated port', (m: any) => { m.spec.alternator.port = 8000; }, 'never writes the deprecated port'],
    ['UserManaged without options', (m: any) => { delete m.spec.alternator.servingCertificate.userManagedOptions; }, 'userManagedOptions: Required'],
    ['UserManaged with another Secret (#2248)', (m: any) => { m.spec.alternator.servingCertificate.userManagedOptions.secretName = 'mine'; }, '#2248'],
    ['certificate without type', (m: any) => { m.spec.alternator.servingCertificate = {}; }, 'type: Required'],
    ['wildcard operator-managed name', (m: any) => {
      m.spec.alternator.servingCertificate = { type: 'OperatorManaged', operatorManagedOptions: { additionalDNSNames: ['*.example.com'] } };
    }, 'additionalDNSNames'],
    ['bad operator-managed IP', (m: any) => {
      m.spec.alternator.servingCertificate = { type: 'OperatorManaged', operatorManagedOptions: { additionalIPAddresses: ['10.0.0'] } };
    }, 'additionalIPAddresses'],
    ['dnsDomain not fully qualified', (m: any) => { m.spec.dnsDomains = ['localhost']; }, 'dnsDomains[0]'],
    ['CQL ingress without dnsDomains', (m: any) => { m.spec.exposeOptions = { cql: { ingress: {} } }; }, 'at least one domain'],
    ['ClusterIP broadcast over headless Services', (m: any) => {
      m.spec.exposeOptions = { nodeService: { type: 'Headless' }, broadcastOptions: { clients: { type: 'PodIP' } } };
    }, 'broadcastOptions.nodes.type'],
    ['negative minReadySeconds', (m: any) => { m.spec.minReadySeconds = -1; }, 'minReadySeconds'],
  ])('rejects %s', (_, change, message) => {
    expect(webhookViolations(mutate(change)).join('\n')).toContain(message);
  });
});

describe('assertScyllaClustersConform', () => {
  const json = (manifest: any) => ({ resource: { kubernetes_manifest: { m: { manifest } }, kubernetes_secret_v1: { s: {} } } });
  test('finds ScyllaCluster manifests only', () => {
    expect(scyllaClustersIn(json(validManifest()))).toHaveLength(1);
    expect(scyllaClustersIn(json({ kind: 'ConfigMap' }))).toHaveLength(0);
  });
  test('returns how many it checked', () => {
    expect(assertScyllaClustersConform(json(validManifest()))).toBe(1);
  });
  test('throws with the address and both kinds of violation', () => {
    const bad = mutate((m) => { m.spec.extra = true; m.spec.version = ''; });
    expect(() => assertScyllaClustersConform(json(bad), 'app')).toThrow(/app#kubernetes_manifest\.m: schema: .*unknown field "extra"[\s\S]*webhook: spec\.version/);
  });
});

describe('CRD loading', () => {
  const saved = process.env.TLSFLEET_CACHE;
  afterEach(() => {
    if (saved === undefined) delete process.env.TLSFLEET_CACHE;
    else process.env.TLSFLEET_CACHE = saved;
  });

  test('caches under $TLSFLEET_CACHE/crd, outside the clone', () => {
    process.env.TLSFLEET_CACHE = '/tmp/somewhere';
    expect(cacheFile()).toBe('/tmp/somewhere/crd/scylla-operator-v1.21.1/scylla.scylladb.com_scyllaclusters.yaml');
  });

  test('uses the cached CRD when present', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tlsfleet-cache-'));
    process.env.TLSFLEET_CACHE = dir;
    fs.mkdirSync(path.dirname(cacheFile()), { recursive: true });
    fs.copyFileSync(SHARED_CRD, cacheFile());
    jest.isolateModules(() => {
      const { loadScyllaClusterCrd } = require('./crd');
      expect(loadScyllaClusterCrd().source).toMatch(/^cache /);
    });
    fs.rmSync(dir, { recursive: true, force: true });
  });

  test('refuses a cached file that is not the ScyllaCluster CRD', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tlsfleet-cache-'));
    process.env.TLSFLEET_CACHE = dir;
    fs.mkdirSync(path.dirname(cacheFile()), { recursive: true });
    fs.writeFileSync(cacheFile(), 'kind: ConfigMap\nmetadata: {name: x}\n');
    jest.isolateModules(() => {
      const { loadScyllaClusterCrd } = require('./crd');
      expect(() => loadScyllaClusterCrd()).toThrow(/is not the ScyllaCluster CRD/);
    });
    fs.rmSync(dir, { recursive: true, force: true });
  });

  test('with an empty cache, gets the CRD from the Go module or the shared copy, and says which', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tlsfleet-cache-'));
    process.env.TLSFLEET_CACHE = dir;
    jest.isolateModules(() => {
      const { loadScyllaClusterCrd } = require('./crd');
      const loaded = loadScyllaClusterCrd();
      expect(loaded.source).toMatch(/^(Go module github\.com\/scylladb\/scylla-operator@v1\.21\.1|shared reference copy)/);
      expect(loaded.schema.properties.spec.properties.alternator).toBeDefined();
    });
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
