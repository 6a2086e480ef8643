// A minimal in-memory Kubernetes API server on 127.0.0.1 for namespaced core/v1 Secrets and
// ConfigMaps: enough for the real hashicorp/kubernetes provider to create, read, patch and
// delete them, so plans and applies of tlsfleet's Secrets run without a cluster. It is not a
// Kubernetes conformance target: no watches, no admission, no other kinds.
//
// It runs in a child process: terraform is driven with spawnSync, which blocks the test's own
// event loop, so an in-process server could never answer the provider.
import { ChildProcess, spawn } from 'node:child_process';
import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';

type KubeObject = { apiVersion: string; kind: string; metadata: Record<string, unknown>; [k: string]: unknown };

const KINDS: Record<string, string> = { secrets: 'Secret', configmaps: 'ConfigMap' };

export interface FakeKubeApi {
  readonly url: string;
  /** Objects by `resource/namespace/name` (resource = secrets | configmaps), and every request as `METHOD path`. */
  snapshot(): Promise<{ objects: Map<string, KubeObject>; requests: string[] }>;
  close(): Promise<void>;
}

/** Starts the fake API in a child process and resolves once it listens. */
export async function startFakeKubeApi(): Promise<FakeKubeApi> {
  const child: ChildProcess = spawn(process.execPath, ['-r', 'ts-node/register/transpile-only', __filename, '--serve'], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout!.setEncoding('utf8');
    child.stdout!.on('data', (c) => {
      out += c;
      const m = /listening (http:\/\/\S+)/.exec(out);
      if (m) resolve(m[1]);
    });
    child.on('exit', (code) => reject(new Error(`fake kube API exited with ${code}`)));
  });
  return {
    url,
    snapshot: async () => {
      const body = await (await fetch(`${url}/__tlsfleet/snapshot`)).json() as { objects: Array<[string, KubeObject]>; requests: string[] };
      return { objects: new Map(body.objects), requests: body.requests };
    },
    close: () => new Promise<void>((resolve) => {
      if (child.exitCode !== null) return resolve();
      child.on('exit', () => resolve());
      child.kill();
    }),
  };
}

async function serve(): Promise<void> {
  const objects = new Map<string, KubeObject>();
  const requests: string[] = [];
  let resourceVersion = 1;
  let uid = 1;

  const send = (res: ServerResponse, code: number, body: unknown) => {
    res.writeHead(code, { 'Content-Type': 'application/json' });
    res.end(JSON.stringify(body));
  };
  const status = (res: ServerResponse, code: number, reason: string, message: string) =>
    send(res, code, { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, reason, code });

  const handle = (req: IncomingMessage, res: ServerResponse, rawBytes: Buffer) => {
    const raw = rawBytes.toString('utf8');
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (url.pathname === '/__tlsfleet/snapshot') return send(res, 200, { objects: [...objects.entries()], requests });
    requests.push(`${req.method} ${url.pathname}`);
    if (url.pathname === '/version') {
      return send(res, 200, { major: '1', minor: '31', gitVersion: 'v1.31.0-tlsfleet-fake', platform: 'linux/amd64' });
    }
    if (url.pathname === '/api') return send(res, 200, { kind: 'APIVersions', versions: ['v1'], serverAddressByClientCIDRs: [] });
    if (url.pathname === '/apis') return send(res, 200, { kind: 'APIGroupList', apiVersion: 'v1', groups: [] });
    const m = /^\/api\/v1\/namespaces\/([^/]+)\/(secrets|configmaps)(?:\/([^/]+))?$/.exec(url.pathname);
    if (!m) return status(res, 404, 'NotFound', `the fake API serves only secrets and configmaps, not ${url.pathname}`);
    const [, namespace, resource, name] = m;
    const key = `${resource}/${namespace}/${name}`;
    // client-go sends core objects as protobuf ("k8s\0" envelope); patches and responses are JSON.
    const body = rawBytes.length === 0 ? undefined
      : rawBytes.subarray(0, 4).toString('latin1') === 'k8s\0' ? decodeProtobufObject(rawBytes.subarray(4), resource)
        : JSON.parse(raw);
    const stamp = (obj: KubeObject, existing?: KubeObject): KubeObject => {
      obj.apiVersion = 'v1';
      obj.kind = KINDS[resource];
      obj.metadata = {
        ...obj.metadata, namespace,
        uid: existing?.metadata.uid ?? `00000000-0000-0000-0000-${String(uid++).padStart(12, '0')}`,
        resourceVersion: String(resourceVersion++),
        creationTimestamp: existing?.metadata.creationTimestamp ?? '2026-01-01T00:00:00Z',
        generation: 1,
      };
      // Like the real API server, fold Secret stringData into base64 data.
      if (resource === 'secrets' && obj.stringData && typeof obj.stringData === 'object') {
        const data = (obj.data ?? {}) as Record<string, string>;
        for (const [k, v] of Object.entries(obj.stringData as Record<string, string>)) data[k] = Buffer.from(v, 'utf8').toString('base64');
        obj.data = data;
        delete obj.stringData;
      }
      return obj;
    };
    switch (req.method) {
      case 'POST': {
        const objName = body?.metadata?.name as string;
        const k = `${resource}/${namespace}/${objName}`;
        if (objects.has(k)) return status(res, 409, 'AlreadyExists', `${resource} "${objName}" already exists`);
        const created = stamp(body);
        objects.set(k, created);
        return send(res, 201, created);
      }
      case 'GET': {
        if (!name) return send(res, 200, { kind: `${KINDS[resource]}List`, apiVersion: 'v1', metadata: {}, items: [...objects.entries()].filter(([k]) => k.startsWith(`${resource}/${namespace}/`)).map(([, v]) => v) });
        const found = objects.get(key);
        return found ? send(res, 200, found) : status(res, 404, 'NotFound', `${resource} "${name}" not found`);
      }
      case 'PUT': {
        const existing = objects.get(key);
        if (!existing) return status(res, 404, 'NotFound', `${resource} "${name}" not found`);
        const updated = stamp(body, existing);
        objects.set(key, updated);
        return send(res, 200, updated);
      }
      case 'PATCH': {
        const existing = objects.get(key);
        if (!existing) return status(res, 404, 'NotFound', `${resource} "${name}" not found`);
        const type = String(req.headers['content-type'] ?? '');
        const patched = type.includes('json-patch') ? applyJsonPatch(structuredClone(existing), body) : mergePatch(structuredClone(existing), body);
        const updated = stamp(patched as KubeObject, existing);
        objects.set(key, updated);
        return send(res, 200, updated);
      }
      case 'DELETE': {
        const existing = objects.get(key);
        if (!existing) return status(res, 404, 'NotFound', `${resource} "${name}" not found`);
        objects.delete(key);
        return send(res, 200, { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success' });
      }
      default:
        return status(res, 405, 'MethodNotAllowed', `${req.method} is not supported`);
    }
  };

  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      try {
        handle(req, res, Buffer.concat(chunks));
      } catch (e) {
        status(res, 500, 'InternalError', (e as Error).message);
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  process.stdout.write(`listening http://127.0.0.1:${port}\n`);
}

if (require.main === module && process.argv.includes('--serve')) void serve();

/** RFC 6902 add/replace/remove/test, the operations the provider sends. */
function applyJsonPatch(doc: Record<string, unknown>, ops: Array<{ op: string; path: string; value?: unknown }>): unknown {
  for (const { op, path, value } of ops) {
    const parts = path.split('/').slice(1).map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'));
    const last = parts.pop()!;
    let parent: Record<string, unknown> = doc;
    for (const p of parts) {
      if (parent[p] === undefined && (op === 'add' || op === 'replace')) parent[p] = {};
      parent = parent[p] as Record<string, unknown>;
    }
    if (op === 'add' || op === 'replace') parent[last] = value;
    else if (op === 'remove') delete parent[last];
    else if (op !== 'test') throw new Error(`unsupported JSON patch op ${op}`);
  }
  return doc;
}

/** RFC 7386 merge patch (also used for strategic merge patches of these flat kinds). */
function mergePatch(target: unknown, patch: unknown): unknown {
  if (patch === null || typeof patch !== 'object' || Array.isArray(patch)) return patch;
  const out = (target && typeof target === 'object' && !Array.isArray(target) ? target : {}) as Record<string, unknown>;
  for (const [k, v] of Object.entries(patch as Record<string, unknown>)) {
    if (v === null) delete out[k];
    else out[k] = mergePatch(out[k], v);
  }
  return out;
}

/** Protobuf wire-format fields of one message: field number -> list of raw values. */
function fields(buf: Buffer): Map<number, Array<Buffer | number>> {
  const out = new Map<number, Array<Buffer | number>>();
  let i = 0;
  const varint = (): number => {
    let result = 0;
    let shift = 0;
    for (;;) {
      const b = buf[i++];
      result += (b & 0x7f) * 2 ** shift;
      if (b < 0x80) return result;
      shift += 7;
    }
  };
  while (i < buf.length) {
    const tag = varint();
    const field = Math.floor(tag / 8);
    const wire = tag & 7;
    let value: Buffer | number;
    if (wire === 0) value = varint();
    else if (wire === 2) { const len = varint(); value = buf.subarray(i, i + len); i += len; }
    else if (wire === 1) { value = buf.subarray(i, i + 8); i += 8; }
    else if (wire === 5) { value = buf.subarray(i, i + 4); i += 4; }
    else throw new Error(`unsupported protobuf wire type ${wire}`);
    out.set(field, [...(out.get(field) ?? []), value]);
  }
  return out;
}

const str = (v: Buffer | number | undefined) => (v === undefined ? undefined : (v as Buffer).toString('utf8'));

function protoMap(entries: Array<Buffer | number> | undefined, asBase64: boolean): Record<string, string> | undefined {
  if (!entries) return undefined;
  const out: Record<string, string> = {};
  for (const entry of entries) {
    const f = fields(entry as Buffer);
    const value = (f.get(2)?.[0] as Buffer | undefined) ?? Buffer.alloc(0);
    out[str(f.get(1)?.[0]) ?? ''] = asBase64 ? value.toString('base64') : value.toString('utf8');
  }
  return out;
}

/**
 * Decodes the runtime.Unknown envelope and a v1 Secret or ConfigMap (the fields tlsfleet sets:
 * metadata name/namespace/labels/annotations, data, type, immutable) into the JSON shape.
 */
function decodeProtobufObject(envelope: Buffer, resource: string): KubeObject {
  const raw = fields(envelope).get(2)?.[0] as Buffer;
  const obj = fields(raw);
  const meta = fields((obj.get(1)?.[0] as Buffer) ?? Buffer.alloc(0));
  const metadata: Record<string, unknown> = { name: str(meta.get(1)?.[0]), namespace: str(meta.get(3)?.[0]) };
  const labels = protoMap(meta.get(11), false);
  const annotations = protoMap(meta.get(12), false);
  if (labels) metadata.labels = labels;
  if (annotations) metadata.annotations = annotations;
  const out: KubeObject = { apiVersion: 'v1', kind: KINDS[resource], metadata };
  if (resource === 'secrets') {
    out.data = protoMap(obj.get(2), true) ?? {};
    const stringData = protoMap(obj.get(4), false);
    if (stringData) out.stringData = stringData;
    if (obj.get(3)) out.type = str(obj.get(3)?.[0]);
    if (obj.get(5)) out.immutable = obj.get(5)?.[0] === 1;
  } else {
    out.data = protoMap(obj.get(2), false) ?? {};
    if (obj.get(4)) out.immutable = obj.get(4)?.[0] === 1;
  }
  return out;
}
