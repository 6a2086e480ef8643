import { execFileSync } from 'node:child_process';
import { createPrivateKey } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** CA certificates made by openssl at test time, for the checks of imported CAs. */
export interface CaFixtures {
  /** CA:TRUE, keyUsage keyCertSign and cRLSign, valid from yesterday for ten years. */
  readonly caPem: string;
  readonly caKeyPem: string;
  /** A PKCS#1 RSA key: another shape of key text. */
  readonly rsaKeyPem: string;
  /** CA:TRUE with keyUsage digitalSignature only. */
  readonly noKeyCertSignPem: string;
  /** CA:TRUE without a keyUsage extension (X.509 then limits nothing). */
  readonly noKeyUsagePem: string;
  /** Valid 2020-01-01 to 2021-01-01. */
  readonly expiredPem: string;
  /** Valid from 2099-01-01. */
  readonly futurePem: string;
  /** Issued 2006, expiring ten days from now. */
  readonly expiringPem: string;
  /** CA:FALSE. */
  readonly leafPem: string;
  /** Every form of private key text a message must never show: PEM bodies, base64 of the PEMs, hex DER, JWK `d`. */
  readonly secrets: readonly string[];
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
[ v3_sign_only ]
basicConstraints = critical,CA:TRUE
keyUsage = critical,digitalSignature
[ v3_no_key_usage ]
basicConstraints = critical,CA:TRUE
[ v3_leaf ]
basicConstraints = critical,CA:FALSE
keyUsage = critical,digitalSignature
[ req ]
distinguished_name = dn
[ dn ]
`;

const stamp = (d: Date): string => d.toISOString().replace(/[-:T]/g, '').slice(0, 14) + 'Z';

/** The PEMs of CaFixtures, and every private key made, by file stem (org, rsa, weak, plain, expired, future, expiring, leaf). */
export interface CaPems extends Omit<CaFixtures, 'secrets'> {
  readonly keyPems: Readonly<Record<string, string>>;
}

/**
 * Makes the PEMs with `openssl ca -selfsign` (for chosen validity windows) in `dir`, a new temporary
 * directory unless given. Shared by these tests and the packed-library catalogue (test/hostile).
 */
export function makeCaPems(dir: string = mkdtempSync(join(tmpdir(), 'tlsfleet-pki-'))): CaPems {
  writeFileSync(join(dir, 'ca.cnf'), CNF);
  writeFileSync(join(dir, 'index.txt'), '');
  writeFileSync(join(dir, 'serial'), '1000\n');
  const ssl = (...args: string[]): void => { execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' }); };
  const read = (f: string): string => readFileSync(join(dir, f), 'utf8');
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
  const noKeyCertSignPem = selfSigned('weak', 'No keyCertSign CA', new Date(now - day), new Date(now + 3650 * day), 'v3_sign_only');
  const noKeyUsagePem = selfSigned('plain', 'Plain CA', new Date(now - day), new Date(now + 3650 * day), 'v3_no_key_usage');
  const expiredPem = selfSigned('expired', 'Expired CA', new Date('2020-01-01T00:00:00Z'), new Date('2021-01-01T00:00:00Z'), 'v3_ca');
  const futurePem = selfSigned('future', 'Future CA', new Date('2099-01-01T00:00:00Z'), new Date('2109-01-01T00:00:00Z'), 'v3_ca');
  const expiringPem = selfSigned('expiring', 'Expiring CA', new Date('2006-01-01T00:00:00Z'), new Date(now + 10 * day), 'v3_ca');
  const leafPem = selfSigned('leaf', 'leaf.example.com', new Date(now - day), new Date(now + 300 * day), 'v3_leaf');
  ssl('genrsa', '-traditional', '-out', 'rsa.key', '2048');
  const keyPems = Object.fromEntries(['org', 'rsa', 'weak', 'plain', 'expired', 'future', 'expiring', 'leaf'].map((k) => [k, read(`${k}.key`)]));
  return {
    caPem, caKeyPem: keyPems.org!, rsaKeyPem: keyPems.rsa!, noKeyCertSignPem, noKeyUsagePem,
    expiredPem, futurePem, expiringPem, leafPem, keyPems,
  };
}

/** The fixtures, with the forms of key text messages must never show, in a new temporary directory. */
export function makeCaFixtures(): CaFixtures {
  const { keyPems, ...pems } = makeCaPems();
  const secrets: string[] = [];
  for (const k of ['org', 'rsa', 'weak', 'expired', 'leaf']) {
    const pem = keyPems[k]!;
    const body = pem.split('\n').filter((l) => l && !l.startsWith('-----')).join('');
    secrets.push(body, ...pem.split('\n').filter((l) => l.length > 40 && !l.startsWith('-----')),
      Buffer.from(pem).toString('base64').slice(0, 64), Buffer.from(body, 'base64').toString('hex').slice(0, 64));
    const jwk = createPrivateKey(pem).export({ format: 'jwk' }) as { d?: string };
    if (jwk.d) secrets.push(jwk.d);
  }
  return { ...pems, secrets };
}
