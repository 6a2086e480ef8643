// Node-to-node TLS proven with the real tools: the node certificates tlsfleet issues for two datacenters (applied with
// hashicorp/tls) complete a TLS 1.3 mutual handshake through `openssl s_server` / `openssl s_client`, each verifying the
// other against the internode trust bundle mounted as ca.crt; a node certificate from another CA is refused.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { KubernetesProvider } from '@cdktf/provider-kubernetes/lib/provider';
import { CertificateAuthority, ScyllaCluster } from '../../constructs';
import { synthToFile } from '../helpers/synth';
import { openssl } from './openssl';
import { dropProvider, rawStateInstances, requireToolchainOrSkip, TerraformWorkdir } from './terraform-harness';
import { freePort } from './ports';

const RUN = requireToolchainOrSkip('internode TLS');
const RACK = { name: 'r1', members: 2, storageCapacity: '10Gi', cpuLimit: '2', memoryLimit: '8Gi' };


interface Node { cert: string; key: string; ca: string }

/**
 * One connection from `client` to `server` through openssl, both requiring TLS 1.3 and verifying the peer against
 * their own ca.crt (ScyllaDB checks the CA only, no host name). Returns what the server reports.
 */
async function opensslHandshake(server: Node, client: Node): Promise<{ ok: boolean; protocol?: string; serverLog: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'tlsfleet-internode-'));
  try {
    for (const [name, node] of [['server', server], ['client', client]] as const) {
      writeFileSync(join(dir, `${name}.crt`), node.cert);
      writeFileSync(join(dir, `${name}.key`), node.key);
      writeFileSync(join(dir, `${name}-ca.crt`), node.ca);
    }
    const port = await freePort();
    const srv = spawn('openssl', ['s_server', '-accept', `127.0.0.1:${port}`, '-naccept', '1', '-tls1_3', '-Verify', '2', '-verify_return_error',
      '-cert', 'server.crt', '-key', 'server.key', '-CAfile', 'server-ca.crt', '-www'], { cwd: dir });
    let serverLog = '';
    srv.stdout.on('data', (d) => { serverLog += d; });
    srv.stderr.on('data', (d) => { serverLog += d; });
    const exited = new Promise<void>((resolve) => srv.on('exit', () => resolve()));
    for (let i = 0; i < 50 && !serverLog.includes('ACCEPT'); i++) await new Promise((r) => setTimeout(r, 100));
    const res = spawnSync('openssl', ['s_client', '-connect', `127.0.0.1:${port}`, '-tls1_3', '-verify_return_error', '-brief',
      '-cert', 'client.crt', '-key', 'client.key', '-CAfile', 'client-ca.crt'], { cwd: dir, input: 'GET / HTTP/1.0\r\n\r\n', encoding: 'utf8', timeout: 20_000 });
    const timer = setTimeout(() => srv.kill('SIGKILL'), 5000);
    await exited;
    clearTimeout(timer);
    const out = `${res.stdout}${res.stderr}`;
    const protocol = /Protocol version: (\S+)/.exec(out)?.[1];
    // Both sides verified: the client its server ("Verification: OK"), the server the client's chain down to the node
    // certificate (depth=0), and the server completed the handshake.
    const ok = res.status === 0 && protocol === 'TLSv1.3' && /Verification: OK/.test(out)
      && /depth=0 OU = db, CN = ScyllaDB node \(tlsfleet\)\nverify return:1/.test(serverLog)
      && /1 server accepts that finished/.test(serverLog) && !/error|alert/i.test(serverLog);
    return { ok, protocol, serverLog };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

(RUN ? describe : describe.skip)('node-to-node TLS with openssl', () => {
  const nodes: Record<string, Node> = {};
  let outdir = '';
  beforeAll(() => {
    const synthesized = synthToFile((stack) => {
      new KubernetesProvider(stack, 'kubernetes', {});
      new ScyllaCluster(stack, 'Db', {
        name: 'db', namespace: 'scylla', version: '2025.1.5', ca: new CertificateAuthority(stack, 'Ca'),
        datacenters: [{ name: 'eu', racks: [RACK] }, { name: 'us', namespace: 'scylla-us', racks: [RACK] }],
      });
      new ScyllaCluster(stack, 'Other', {
        name: 'other', namespace: 'elsewhere', version: '2025.1.5', ca: new CertificateAuthority(stack, 'OtherCa'),
        datacenters: [{ name: 'eu', racks: [RACK] }],
      });
    }, 'internode');
    outdir = synthesized.outdir;
    const config = JSON.parse(readFileSync(synthesized.file, 'utf8'));
    const wd = new TerraformWorkdir(synthesized.file, { transform: dropProvider('kubernetes') });
    try {
      wd.init();
      wd.apply();
      const raw = JSON.parse(wd.run(['state', 'pull']).stdout);
      const byPath = (type: string, path: string) => {
        const name = Object.entries<any>(config.resource[type]).find(([, r]) => r['//'].metadata.path === `internode/${path}`)![0];
        return rawStateInstances(raw, `${type}.${name}`)[0];
      };
      const caPem = (ca: string) => byPath('tls_self_signed_cert', `${ca}/Resource`).cert_pem as string;
      for (const [id, cluster, dc, ca] of [['eu', 'Db', 'eu', 'Ca'], ['us', 'Db', 'us', 'Ca'], ['other', 'Other', 'eu', 'OtherCa']]) {
        nodes[id] = {
          cert: byPath('tls_locally_signed_cert', `${cluster}/${dc}/InternodeCertificate/Resource`).cert_pem,
          key: byPath('tls_private_key', `${cluster}/${dc}/InternodeCertificate/Key`).private_key_pem,
          ca: caPem(ca),
        };
      }
    } finally {
      wd.cleanup();
    }
  }, 300_000);
  afterAll(() => rmSync(outdir, { recursive: true, force: true }));

  test('each node certificate is for both ends: openssl verifies it as TLS server and as TLS client against the bundle', () => {
    for (const id of ['eu', 'us']) {
      for (const purpose of ['sslserver', 'sslclient']) {
        expect(openssl(['verify', '-x509_strict', '-purpose', purpose, '-CAfile', 'ca.pem', 'leaf.pem'], { 'ca.pem': nodes[id].ca, 'leaf.pem': nodes[id].cert }).trim())
          .toBe('leaf.pem: OK');
      }
    }
  });

  test('two datacenters of one cluster complete a TLS 1.3 mutual handshake, both ways', async () => {
    for (const [a, b] of [['eu', 'us'], ['us', 'eu']]) {
      const result = await opensslHandshake(nodes[a], nodes[b]);
      expect({ pair: `${a}<-${b}`, ok: result.ok, protocol: result.protocol }).toEqual({ pair: `${a}<-${b}`, ok: true, protocol: 'TLSv1.3' });
    }
  }, 60_000);

  test('a node certificate from another CA is refused', async () => {
    const result = await opensslHandshake(nodes.eu, { ...nodes.other, ca: nodes.eu.ca });
    expect(result.ok).toBe(false);
    expect(result.serverLog).toMatch(/verify error|unable to get local issuer certificate|certificate verify failed/i);
  }, 60_000);
});
