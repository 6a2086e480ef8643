// A real Kubernetes API server for the end-to-end tests: etcd and kube-apiserver built by scripts/kube-apiserver.sh,
// started on 127.0.0.1 on free ports with throwaway certificates, with the ScyllaCluster CRD installed and the
// namespaces a stack writes to. Every process is stopped by the PID this module started, in stop(), and again
// (SIGKILL) when the test process exits for any reason, so a failing test leaves nothing running.
//
//   const api = await startKubeApi({ context: 'default', namespaces: ['scylla'] });
//   try { ...terraform with KUBE_CONFIG_PATH=api.kubeconfig... } finally { api.stop(); }
import { ChildProcess, spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { SHARED_CRD } from '../conformance/crd';
import { freePort } from './ports';

export const KUBE_SCRIPT = path.resolve(__dirname, '..', '..', 'scripts', 'kube-apiserver.sh');

export interface KubeBinaries {
  readonly available: boolean;
  /** Directory holding kube-apiserver, kubectl and etcd. */
  readonly dir?: string;
  readonly reason?: string;
}

let binaries: KubeBinaries | undefined;

/** Runs scripts/kube-apiserver.sh once per test file (cached builds answer in milliseconds). Never throws. */
export function kubeBinaries(): KubeBinaries {
  if (binaries) return binaries;
  const res = spawnSync('bash', [KUBE_SCRIPT], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 60 * 60 * 1000 });
  const last = (res.stdout ?? '').trim().split('\n').pop() ?? '';
  if (res.status === 0 && last && fs.existsSync(path.join(last, 'kube-apiserver'))) {
    binaries = { available: true, dir: last };
  } else {
    binaries = { available: false, reason: `${KUBE_SCRIPT} failed (exit ${res.status ?? res.signal}): ${(res.stderr ?? '').trim().split('\n').slice(-10).join('\n')}` };
  }
  return binaries;
}

/**
 * Whether a describe block that needs a real API server may run: true when the binaries exist; under CI=true (or
 * TLSFLEET_REQUIRE_TOOLCHAIN=1) a missing server is an error, never a skip.
 */
export function requireKubeApiOrSkip(describeName: string): boolean {
  const b = kubeBinaries();
  if (b.available) return true;
  if (process.env.CI === 'true' || process.env.TLSFLEET_REQUIRE_TOOLCHAIN === '1') {
    throw new Error(`"${describeName}": no Kubernetes API server and skipping is not allowed in CI:\n${b.reason}`);
  }
  console.warn(`SKIPPING "${describeName}": no Kubernetes API server:\n${b.reason}\n(set CI=true to make this a failure)`);
  return false;
}

export interface KubeApiOptions {
  /** The kubeconfig context (and cluster/user) name of this server. @default 'default' */
  readonly context?: string;
  /** Namespaces to create after start-up. @default [] */
  readonly namespaces?: readonly string[];
  /** CRD files to install and wait for (Established). @default - the ScyllaCluster CRD of operator v1.21.1 */
  readonly crds?: readonly string[];
}

export interface AuditEvent {
  readonly verb: string;
  readonly requestURI: string;
  readonly user: string;
  readonly code?: number;
  /** When the request completed (RFC 3339, microseconds). */
  readonly time: string;
}

export interface KubeApi {
  readonly context: string;
  /** `https://127.0.0.1:<port>`. */
  readonly url: string;
  /** A kubeconfig holding only this server (context `context`, also the current context). */
  readonly kubeconfig: string;
  readonly caPem: string;
  readonly clientCertPem: string;
  readonly clientKeyPem: string;
  readonly pids: readonly number[];
  /** Runs kubectl against this server; throws with its stderr on failure. */
  kubectl(args: string[], input?: string): string;
  /** `kubectl get -o json`, parsed; undefined when the object does not exist. */
  get(resource: string, name: string, namespace?: string): any | undefined;
  /** The audit log so far (write requests and reads of tlsfleet's kinds). */
  audit(): AuditEvent[];
  /**
   * Stands in for the one thing of the ScyllaDB Operator a deploy waits for (the operator itself cannot run here, its
   * module is not served): a child process that marks every ScyllaCluster `Available=True` in its status subresource,
   * as the operator does once a datacenter's nodes are up. Stopped with the server.
   */
  reportScyllaClustersAvailable(): void;
  stop(): void;
}

const running = new Set<ChildProcess>();
const serverDirs = new Set<string>();
function killRunning(): void {
  for (const child of running) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  for (const dir of serverDirs) fs.rmSync(dir, { recursive: true, force: true });
}
process.once('exit', killRunning);
// A signal ends node without 'exit': stop the servers, then die of the same signal.
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
  process.once(signal, () => {
    killRunning();
    process.kill(process.pid, signal);
  });
}


function openssl(args: string[], cwd: string): void {
  const res = spawnSync('openssl', args, { cwd, encoding: 'utf8' });
  if (res.status !== 0) throw new Error(`openssl ${args.join(' ')} failed: ${res.stderr}`);
}

/** CA, serving certificate for 127.0.0.1, admin client certificate (group system:masters), service-account keys. */
function throwawayPki(dir: string): void {
  const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes'];
  openssl(['req', '-x509', ...ec, '-keyout', 'ca.key', '-out', 'ca.crt', '-subj', '/CN=tlsfleet test kube CA', '-days', '2',
    '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign'], dir);
  const leaf = (name: string, subj: string, ext: string) => {
    fs.writeFileSync(path.join(dir, `${name}.ext`), ext);
    openssl(['req', ...ec, '-keyout', `${name}.key`, '-out', `${name}.csr`, '-subj', subj], dir);
    openssl(['x509', '-req', '-in', `${name}.csr`, '-CA', 'ca.crt', '-CAkey', 'ca.key', '-CAcreateserial', '-days', '2',
      '-out', `${name}.crt`, '-extfile', `${name}.ext`], dir);
  };
  leaf('serving', '/CN=kube-apiserver', 'subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth\n');
  leaf('admin', '/O=system:masters/CN=tlsfleet-admin', 'extendedKeyUsage=clientAuth\n');
  openssl(['genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256', '-out', 'sa.key'], dir);
  openssl(['pkey', '-in', 'sa.key', '-pubout', '-out', 'sa.pub'], dir);
}

/** A kubeconfig with one context per server; the first is the current context. */
export function writeKubeconfig(file: string, apis: ReadonlyArray<Pick<KubeApi, 'context' | 'url' | 'caPem' | 'clientCertPem' | 'clientKeyPem'>>): string {
  const b64 = (s: string) => Buffer.from(s).toString('base64');
  const config = {
    apiVersion: 'v1',
    kind: 'Config',
    'current-context': apis[0].context,
    clusters: apis.map((a) => ({ name: a.context, cluster: { server: a.url, 'certificate-authority-data': b64(a.caPem) } })),
    users: apis.map((a) => ({ name: a.context, user: { 'client-certificate-data': b64(a.clientCertPem), 'client-key-data': b64(a.clientKeyPem) } })),
    contexts: apis.map((a) => ({ name: a.context, context: { cluster: a.context, user: a.context } })),
  };
  fs.writeFileSync(file, JSON.stringify(config, null, 2), { mode: 0o600 });
  return file;
}

const AUDIT_POLICY = `apiVersion: audit.k8s.io/v1
kind: Policy
omitStages: [RequestReceived]
rules:
  - level: None
    nonResourceURLs: ["/readyz*", "/livez*", "/healthz*", "/version", "/openapi*", "/api", "/apis", "/apis/*"]
  - level: Metadata
    verbs: [create, update, patch, delete, deletecollection]
  - level: Metadata
    resources:
      - group: ""
        resources: [secrets, configmaps]
      - group: scylla.scylladb.com
        resources: [scyllaclusters]
  - level: None
`;

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

/** Starts etcd and kube-apiserver, installs the CRDs, creates the namespaces. About 5 s. */
export async function startKubeApi(options: KubeApiOptions = {}): Promise<KubeApi> {
  const bin = kubeBinaries();
  if (!bin.available || !bin.dir) throw new Error(`no Kubernetes API server binaries: ${bin.reason}`);
  const context = options.context ?? 'default';
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `tlsfleet-kube-${context}-`));
  serverDirs.add(dir);
  throwawayPki(dir);
  fs.writeFileSync(path.join(dir, 'audit-policy.yaml'), AUDIT_POLICY);
  const [etcdClient, etcdPeer, securePort] = [await freePort(), await freePort(), await freePort()];
  const children: ChildProcess[] = [];
  const start = (name: string, args: string[]): ChildProcess => {
    const log = fs.openSync(path.join(dir, `${name}.log`), 'a');
    const child = spawn(path.join(bin.dir!, name), args, { cwd: dir, stdio: ['ignore', log, log] });
    fs.closeSync(log);
    running.add(child);
    child.once('exit', () => running.delete(child));
    children.push(child);
    return child;
  };
  const stop = (): void => {
    for (const child of [...children].reverse()) {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    }
    // Wait until each has exited (a zombie counts: node reaps it later, on its event loop) before the directory goes.
    const deadline = Date.now() + 5000;
    for (const child of children) {
      while (child.pid && isRunning(child.pid) && Date.now() < deadline) Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 20);
    }
    fs.rmSync(dir, { recursive: true, force: true });
    serverDirs.delete(dir);
  };

  /**
   * Not even SIGKILL of this process may leave the servers running: a watchdog (its own process group, so a signal to
   * ours does not reach it first) kills them by PID once this process is gone.
   */
  const watch = () => {
    const pids = children.map((c) => c.pid).filter((p) => p !== undefined).join(' ');
    const watchdog = spawn('sh', ['-c', `while kill -0 ${process.pid} 2>/dev/null; do sleep 1; done; kill -9 ${pids} 2>/dev/null; sleep 1; rm -rf '${dir}'`], {
      stdio: 'ignore', detached: true,
    });
    watchdog.unref();
    children.push(watchdog);
  };

  try {
    const peer = `http://127.0.0.1:${etcdPeer}`;
    const client = `http://127.0.0.1:${etcdClient}`;
    start('etcd', [
      '--name', 'default', '--data-dir', path.join(dir, 'etcd'),
      '--listen-client-urls', client, '--advertise-client-urls', client,
      '--listen-peer-urls', peer, '--initial-advertise-peer-urls', peer, '--initial-cluster', `default=${peer}`,
      '--unsafe-no-fsync', '--log-level', 'warn',
    ]);
    start('kube-apiserver', [
      `--etcd-servers=${client}`,
      '--bind-address=127.0.0.1', '--advertise-address=127.0.0.1', `--secure-port=${securePort}`,
      `--cert-dir=${dir}`, '--tls-cert-file=serving.crt', '--tls-private-key-file=serving.key', '--client-ca-file=ca.crt',
      '--service-account-key-file=sa.pub', '--service-account-signing-key-file=sa.key',
      '--service-account-issuer=https://kubernetes.default.svc.cluster.local',
      '--authorization-mode=RBAC', '--endpoint-reconciler-type=none', '--service-cluster-ip-range=10.96.0.0/16',
      '--audit-policy-file=audit-policy.yaml', '--audit-log-path=audit.log', '--audit-log-format=json',
      '--enable-priority-and-fairness=false', '--v=0',
    ]);
    watch();
    const url = `https://127.0.0.1:${securePort}`;
    const api: KubeApi = {
      context,
      url,
      kubeconfig: '',
      caPem: fs.readFileSync(path.join(dir, 'ca.crt'), 'utf8'),
      clientCertPem: fs.readFileSync(path.join(dir, 'admin.crt'), 'utf8'),
      clientKeyPem: fs.readFileSync(path.join(dir, 'admin.key'), 'utf8'),
      pids: children.map((c) => c.pid!),
      kubectl: (args, input) => {
        const res = spawnSync(path.join(bin.dir!, 'kubectl'), ['--kubeconfig', kubeconfig, ...args], {
          encoding: 'utf8', input, stdio: ['pipe', 'pipe', 'pipe'], timeout: 60_000, maxBuffer: 64 * 1024 * 1024,
        });
        if (res.status !== 0) throw new Error(`kubectl ${args.join(' ')} failed (exit ${res.status ?? res.signal}): ${res.stderr}`);
        return res.stdout;
      },
      get: (resource, name, namespace) => {
        const args = ['get', resource, name, '-o', 'json', '--ignore-not-found', ...(namespace ? ['-n', namespace] : [])];
        const out = api.kubectl(args).trim();
        return out === '' ? undefined : JSON.parse(out);
      },
      audit: () => {
        const file = path.join(dir, 'audit.log');
        if (!fs.existsSync(file)) return [];
        return fs.readFileSync(file, 'utf8').split('\n').filter((l) => l.trim() !== '').map((l) => JSON.parse(l))
          .map((e) => ({ verb: e.verb, requestURI: e.requestURI, user: e.user?.username, code: e.responseStatus?.code, time: e.stageTimestamp }));
      },
      reportScyllaClustersAvailable: () => {
        const script = `
          const { execFileSync } = require('node:child_process');
          const [kubectl, kubeconfig] = process.argv.slice(1);
          const k = (args) => execFileSync(kubectl, ['--kubeconfig', kubeconfig, ...args], { encoding: 'utf8' });
          const parent = process.ppid;
          setInterval(() => {
            try { process.kill(parent, 0); } catch { process.exit(0); } // the test process is gone
            try {
              for (const sc of JSON.parse(k(['get', 'scyllaclusters', '-A', '-o', 'json'])).items) {
                if ((sc.status?.conditions ?? []).some((c) => c.type === 'Available' && c.status === 'True')) continue;
                const condition = { type: 'Available', status: 'True', reason: 'AsExpected', message: 'stand-in for the operator',
                  lastTransitionTime: new Date().toISOString().replace(/\\.\\d+Z$/, 'Z'), observedGeneration: sc.metadata.generation };
                k(['patch', 'scyllacluster', sc.metadata.name, '-n', sc.metadata.namespace, '--subresource=status', '--type=merge',
                  '-p', JSON.stringify({ status: { observedGeneration: sc.metadata.generation, conditions: [condition] } })]);
              }
            } catch (e) { process.stderr.write(String(e) + '\\n'); }
          }, 300);`;
        const log = fs.openSync(path.join(dir, 'status-stand-in.log'), 'a');
        const child = spawn(process.execPath, ['-e', script, path.join(bin.dir!, 'kubectl'), kubeconfig], { stdio: ['ignore', log, log] });
        fs.closeSync(log);
        running.add(child);
        child.once('exit', () => running.delete(child));
        children.push(child);
      },
      stop,
    };
    const kubeconfig = writeKubeconfig(path.join(dir, 'kubeconfig'), [api]);
    (api as { kubeconfig: string }).kubeconfig = kubeconfig;

    const deadline = Date.now() + 60_000;
    for (;;) {
      const dead = children.find((c) => c.exitCode !== null || c.signalCode !== null);
      if (dead) throw new Error(`${dead.spawnfile} exited with ${dead.exitCode ?? dead.signalCode}:\n${tail(dir, path.basename(dead.spawnfile))}`);
      const res = spawnSync(path.join(bin.dir, 'kubectl'), ['--kubeconfig', kubeconfig, 'get', '--raw', '/readyz'], { encoding: 'utf8', timeout: 5000 });
      if (res.status === 0 && res.stdout.trim() === 'ok') break;
      if (Date.now() > deadline) throw new Error(`kube-apiserver not ready after 60 s:\n${tail(dir, 'kube-apiserver')}`);
      await sleep(250);
    }
    for (const crd of options.crds ?? [SHARED_CRD]) {
      api.kubectl(['apply', '--server-side', '-f', crd]);
    }
    if ((options.crds ?? [SHARED_CRD]).length > 0) {
      // Polled here: `kubectl wait` fails at once ("status.conditions accessor error") while a fresh CRD has no status yet.
      for (;;) {
        const crds = JSON.parse(api.kubectl(['get', 'crd', '-o', 'json'])).items as any[];
        const established = (c: any) => (c.status?.conditions ?? []).some((x: any) => x.type === 'Established' && x.status === 'True');
        if (crds.length >= (options.crds ?? [SHARED_CRD]).length && crds.every(established)) break;
        if (Date.now() > deadline) throw new Error(`CRDs not Established after 60 s: ${crds.map((c) => c.metadata.name).join(', ')}`);
        await sleep(200);
      }
      // The CRD's OpenAPI schema reaches the aggregated /openapi/v3 a moment after Established; the kubernetes
      // provider plans kubernetes_manifest from that document.
      for (;;) {
        const out = api.kubectl(['get', '--raw', '/openapi/v3']);
        if (out.includes('apis/scylla.scylladb.com/v1') || options.crds?.every((c) => !c.includes('scylla'))) break;
        if (Date.now() > deadline) throw new Error('the ScyllaCluster CRD never reached /openapi/v3');
        await sleep(250);
      }
    }
    for (const ns of [...new Set(options.namespaces ?? [])].sort()) {
      api.kubectl(['create', 'namespace', ns]);
    }
    return api;
  } catch (e) {
    stop();
    throw e;
  }
}

/** Whether a process exists and is not a zombie (Linux /proc). */
function isRunning(pid: number): boolean {
  try {
    return !/^\d+ \(.*\) Z/.test(fs.readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return false;
  }
}

function tail(dir: string, name: string): string {
  const file = path.join(dir, `${name}.log`);
  return fs.existsSync(file) ? fs.readFileSync(file, 'utf8').split('\n').slice(-30).join('\n') : '(no log)';
}
