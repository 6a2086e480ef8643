import { createPrivateKey } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { makeCaPems } from '../pki/openssl-fixtures';
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

/** Makes every PEM with openssl (test/pki/openssl-fixtures.ts) under `dir`. */
export function generateFixtures(dir: string): Fixtures {
  const base = join(dir, 'pki');
  mkdirSync(base, { recursive: true });
  const p = makeCaPems(base);
  const secrets: string[] = [];
  for (const k of ['org', 'rsa', 'expired', 'future', 'weak', 'expiring', 'leaf']) {
    const pem = p.keyPems[k]!;
    const body = pem.split('\n').filter((l) => l && !l.startsWith('-----')).join('');
    secrets.push(body, Buffer.from(pem).toString('base64'), Buffer.from(body, 'base64').toString('hex'));
    const jwk = createPrivateKey(pem).export({ format: 'jwk' }) as { d?: string };
    if (jwk.d) secrets.push(jwk.d);
  }
  return {
    caPem: p.caPem, caKeyPem: p.caKeyPem, rsaKeyPem: p.rsaKeyPem, expiredCaPem: p.expiredPem, futureCaPem: p.futurePem,
    noKeyCertSignCaPem: p.noKeyCertSignPem, expiringCaPem: p.expiringPem, leafPem: p.leafPem, secrets,
  };
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
