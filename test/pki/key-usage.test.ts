import { execFileSync } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readBasicConstraintsCa, readKeyUsage } from '../../constructs/pki/private/key-usage';

/** A self-signed certificate from `openssl req -x509` with exactly the given extensions, as DER. */
function leaf(...addext: string[]): Buffer {
  const dir = mkdtempSync(join(tmpdir(), 'tlsfleet-key-usage-'));
  execFileSync('openssl', [
    'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', 'ca.key', '-out', 'ca.pem',
    '-days', '30', '-subj', '/CN=key usage test', '-config', '/dev/null', ...addext.flatMap((e) => ['-addext', e]),
  ], { cwd: dir, stdio: 'pipe' });
  return new X509Certificate(readFileSync(join(dir, 'ca.pem'))).raw;
}

/** The same, with basicConstraints CA:TRUE. */
function ca(...addext: string[]): Buffer {
  return leaf('basicConstraints=critical,CA:TRUE', ...addext);
}

describe('readKeyUsage', () => {
  test('reads keyCertSign and cRLSign', () => {
    expect(readKeyUsage(ca('keyUsage=critical,keyCertSign,cRLSign'))).toEqual(['keyCertSign', 'cRLSign']);
  });

  test('reads a CA that may only sign data: no keyCertSign', () => {
    expect(readKeyUsage(ca('keyUsage=digitalSignature'))).toEqual(['digitalSignature']);
  });

  test('reads bits in both bytes of the BIT STRING (decipherOnly is bit 8)', () => {
    expect(readKeyUsage(ca('keyUsage=keyAgreement,keyCertSign,decipherOnly'))).toEqual(['keyAgreement', 'keyCertSign', 'decipherOnly']);
  });

  test('reads every bit, in bit order', () => {
    expect(readKeyUsage(ca('keyUsage=digitalSignature,nonRepudiation,keyEncipherment,dataEncipherment,keyAgreement,keyCertSign,cRLSign,encipherOnly,decipherOnly')))
      .toEqual(['digitalSignature', 'nonRepudiation', 'keyEncipherment', 'dataEncipherment', 'keyAgreement', 'keyCertSign', 'cRLSign', 'encipherOnly', 'decipherOnly']);
  });

  test('undefined without a keyUsage extension, though other extensions exist', () => {
    expect(readKeyUsage(ca('subjectKeyIdentifier=hash'))).toBeUndefined();
  });

  test('is not fooled by the extended key usage (what X509Certificate.keyUsage returns)', () => {
    const der = ca('keyUsage=digitalSignature', 'extendedKeyUsage=serverAuth,clientAuth');
    expect(new X509Certificate(der).keyUsage).toEqual(expect.arrayContaining(['1.3.6.1.5.5.7.3.1']));
    expect(readKeyUsage(der)).toEqual(['digitalSignature']);
  });

  test('throws on DER it cannot follow, instead of guessing', () => {
    const der = ca('keyUsage=keyCertSign');
    expect(() => readKeyUsage(der.subarray(0, der.length - 40))).toThrow(/DER/);
    expect(() => readKeyUsage(Buffer.from([0x04, 0x00]))).toThrow(/Certificate SEQUENCE/);
  });
});

describe('readBasicConstraintsCa', () => {
  test('true for CA:TRUE, also without keyCertSign (where X509Certificate.ca says false)', () => {
    const der = ca('keyUsage=digitalSignature');
    expect(new X509Certificate(der).ca).toBe(false);
    expect(readBasicConstraintsCa(der)).toBe(true);
  });

  test('false for CA:FALSE and without the extension', () => {
    expect(readBasicConstraintsCa(leaf('basicConstraints=critical,CA:FALSE'))).toBe(false);
    expect(readBasicConstraintsCa(leaf('subjectKeyIdentifier=hash'))).toBe(false);
  });
});
