import { execFileSync } from 'node:child_process';
import { createPrivateKey } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Packed } from './pack';

/** PEMs made with openssl in beforeAll, and the shared state the cases read while they run. */
export interface Fixtures {
  /** A valid organization CA (ECDSA P-256, CA:TRUE, keyCertSign, ten years). */
  readonly caPem: string;
  readonly caKeyPem: string;
  /** A PKCS#1 RSA key, another shape of key text. */
  readonly rsaKeyPem: string;
  /** CA:TRUE with keyCertSign, valid 2020-01-01 to 2021-01-01. */
  readonly expiredCaPem: string;
  /** CA:TRUE with keyCertSign, valid from 2099-01-01. */
  readonly futureCaPem: string;
  /** CA:TRUE but keyUsage digitalSignature only. */
  readonly noKeyCertSignCaPem: string;
  /** CA:TRUE with keyCertSign, issued 2006, expiring ten days from now. */
  readonly expiringCaPem: string;
  /** A leaf (CA:FALSE). */
  readonly leafPem: string;
  /** Every form of private key text a message must never show (PEM bodies, base64 of PEMs, hex DER, JWK `d`). */
  readonly secrets: readonly string[];
}

export const env: { packed?: Packed; fx?: Fixtures } = {};

/** The fixtures, once beforeAll made them. */
export function fx(): Fixtures {
  if (!env.fx) throw new Error('fixtures not generated: beforeAll did not run');
  return env.fx;
}

/** `require` from the consumer that installed the tarball (for cdktf and provider classes tlsfleet does not re-export). */
export function req(id: string): any {
  if (!env.packed) throw new Error('package not installed: beforeAll did not run');
  return env.packed.req(id);
}

const CNF = `
[ ca ]
default_ca = CA_default
[ CA_default ]
dir = .
database = ./index.txt
new_certs_dir = .
serial = ./serial
default_md = sha256
policy = policy_any
unique_subject = no
email_in_dn = no
[ policy_any ]
commonName = supplied
organizationName = optional
[ v3_ca ]
basicConstraints = critical,CA:TRUE
keyUsage = critical,keyCertSign,cRLSign
subjectKeyIdentifier = hash
[ v3_weak ]
basicConstraints = critical,CA:TRUE
keyUsage = critical,digitalSignature
[ v3_leaf ]
basicConstraints = critical,CA:FALSE
keyUsage = critical,digitalSignature
[ req ]
distinguished_name = dn
[ dn ]
`;

function stamp(d: Date): string {
  return d.toISOString().replace(/[-:T]/g, '').slice(0, 14) + 'Z';
}

/** Makes every PEM with openssl (`openssl ca -selfsign` for chosen validity windows) under `dir`. */
export function generateFixtures(dir: string): Fixtures {
  const base = join(dir, 'pki');
  mkdirSync(base, { recursive: true });
  writeFileSync(join(base, 'ca.cnf'), CNF);
  writeFileSync(join(base, 'index.txt'), '');
  writeFileSync(join(base, 'serial'), '1000\n');
  const ssl = (...args: string[]): void => {
    execFileSync('openssl', args, { cwd: base, stdio: 'pipe' });
  };
  const read = (f: string): string => readFileSync(join(base, f), 'utf8');
  const selfSigned = (name: string, cn: string, start: Date, end: Date, ext: string): string => {
    ssl('req', '-new', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', `${name}.key`,
      '-subj', `/CN=${cn}`, '-out', `${name}.csr`, '-config', 'ca.cnf');
    ssl('ca', '-batch', '-selfsign', '-config', 'ca.cnf', '-keyfile', `${name}.key`, '-in', `${name}.csr`,
      '-startdate', stamp(start), '-enddate', stamp(end), '-extensions', ext, '-out', `${name}.pem`, '-notext');
    return read(`${name}.pem`);
  };
  const now = Date.now();
  const day = 86_400_000;
  const caPem = selfSigned('org', 'Org Root CA', new Date(now - day), new Date(now + 3650 * day), 'v3_ca');
  const expiredCaPem = selfSigned('expired', 'Expired CA', new Date('2020-01-01T00:00:00Z'), new Date('2021-01-01T00:00:00Z'), 'v3_ca');
  const futureCaPem = selfSigned('future', 'Future CA', new Date('2099-01-01T00:00:00Z'), new Date('2109-01-01T00:00:00Z'), 'v3_ca');
  const noKeyCertSignCaPem = selfSigned('weak', 'No keyCertSign CA', new Date(now - day), new Date(now + 3650 * day), 'v3_weak');
  const expiringCaPem = selfSigned('expiring', 'Expiring CA', new Date('2006-01-01T00:00:00Z'), new Date(now + 10 * day), 'v3_ca');
  const leafPem = selfSigned('leaf', 'leaf.example.com', new Date(now - day), new Date(now + 300 * day), 'v3_leaf');
  ssl('genrsa', '-traditional', '-out', 'rsa.key', '2048');
  const caKeyPem = read('org.key');
  const rsaKeyPem = read('rsa.key');

  const secrets: string[] = [];
  for (const f of ['org.key', 'rsa.key', 'expired.key', 'future.key', 'weak.key', 'expiring.key', 'leaf.key']) {
    const pem = read(f);
    const body = pem.split('\n').filter((l) => l && !l.startsWith('-----')).join('');
    secrets.push(body, Buffer.from(pem).toString('base64'), Buffer.from(body, 'base64').toString('hex'));
    const jwk = createPrivateKey(pem).export({ format: 'jwk' }) as { d?: string };
    if (jwk.d) secrets.push(jwk.d);
  }
  return { caPem, caKeyPem, rsaKeyPem, expiredCaPem, futureCaPem, noKeyCertSignCaPem, expiringCaPem, leafPem, secrets };
}

/** The JWK (with the private `d`) of the organization CA key, as a JSON string. */
export function caKeyJwk(): string {
  return JSON.stringify(createPrivateKey(fx().caKeyPem).export({ format: 'jwk' }));
}

// ---------------------------------------------------------------------------------------------
// Builders of valid declarations, which the cases make hostile in one place.

export const RACK = { name: 'r1', members: 3, storageCapacity: '100Gi', cpuLimit: '4', memoryLimit: '16Gi' };

/** A valid single-datacenter ScyllaCluster `shop` in namespace `scylla`, with `over` merged into its props. */
export function scyllaProps(over: Record<string, unknown> = {}): any {
  return { name: 'shop', namespace: 'scylla', version: '2025.1.5', datacenters: [{ name: 'dc1', racks: [RACK] }], ...over };
}

export function scylla(lib: any, scope: any, over: Record<string, unknown> = {}, id = 'Shop'): any {
  return new lib.ScyllaCluster(scope, id, scyllaProps(over));
}

/** A cluster with Alternator (so clients get the credentials command). */
export function alternatorScylla(lib: any, scope: any, over: Record<string, unknown> = {}, id = 'Shop'): any {
  return scylla(lib, scope, { alternator: {}, ...over }, id);
}

/** A valid SingleStoreTls `sdb` in namespace `singlestore` (9.1), with `over` merged into its props. */
export function singlestore(lib: any, scope: any, over: Record<string, unknown> = {}, id = 'Sdb'): any {
  const ca = (over.ca as unknown) ?? new lib.CertificateAuthority(scope, `${id}Ca`);
  return new lib.SingleStoreTls(scope, id, {
    clusterName: 'sdb', namespace: 'singlestore', engineVersion: lib.SingleStoreVersion.V9_1, sqlOutputName: 'user_sql', ...over, ca,
  });
}

/** An imported organization CA whose key comes from a sensitive variable. */
export function importedCa(lib: any, scope: any, certificatePem: string, id = 'OrgCa'): any {
  const key = new lib.TerraformVariable(scope, `${id}Key`, { type: 'string', sensitive: true });
  return lib.CertificateAuthority.fromPem(scope, id, { certificatePem, privateKeyPem: key.stringValue });
}

/** A waiver reason that passes today's rules, for cases about something else. */
export const GOOD_REASON = 'The legacy importer uses an SDK without a CA override; it moves to HTTPS with the Q3 rewrite (INV-412).';

/** A cluster with Alternator HTTP on (TLSF001), so a waiver has something to cover. */
export function httpScylla(lib: any, scope: any, id = 'Shop'): any {
  return scylla(lib, scope, { alternator: { insecureEnableHttp: true } }, id);
}
