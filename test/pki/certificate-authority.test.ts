import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TerraformVariable } from 'cdktf';
import { CertificateAuthority, ImportedCertificateAuthority, KeyAlgorithm, ServerCertificate } from '../../constructs';
import { addressAt, newStack, resourceAt, synth } from '../helpers/synth';

describe('CertificateAuthority (created)', () => {
  const json = synth((stack) => { new CertificateAuthority(stack, 'Ca'); });

  test('key defaults to ECDSA with the P256 curve written explicitly', () => {
    expect(resourceAt(json, 'tls_private_key', 'Ca/Key')).toMatchObject({ algorithm: 'ECDSA', ecdsa_curve: 'P256' });
    expect(resourceAt(json, 'tls_private_key', 'Ca/Key')).not.toHaveProperty('rsa_bits');
  });

  test('certificate is a CA with cert and CRL signing, a subject key id, 10 years, renewed 1 year early', () => {
    expect(resourceAt(json, 'tls_self_signed_cert', 'Ca/Resource')).toMatchObject({
      is_ca_certificate: true,
      set_subject_key_id: true,
      allowed_uses: ['cert_signing', 'crl_signing'],
      validity_period_hours: 87600,
      early_renewal_hours: 8760,
      subject: [{ common_name: 'Ca (tlsfleet)' }],
      private_key_pem: `\${${addressAt(json, 'tls_private_key', 'Ca/Key')}.private_key_pem}`,
    });
  });

  test('declares the tls provider once', () => {
    const twice = synth((stack) => { new CertificateAuthority(stack, 'A'); new CertificateAuthority(stack, 'B'); });
    expect(twice.provider?.tls).toEqual([{}]);
  });

  test.each([
    [KeyAlgorithm.ECDSA_P384, { algorithm: 'ECDSA', ecdsa_curve: 'P384' }],
    [KeyAlgorithm.RSA_3072, { algorithm: 'RSA', rsa_bits: 3072 }],
    [KeyAlgorithm.rsa(4096), { algorithm: 'RSA', rsa_bits: 4096 }],
    [KeyAlgorithm.ED25519, { algorithm: 'ED25519' }],
  ])('key algorithm %s', (keyAlgorithm, expected) => {
    const j = synth((stack) => { new CertificateAuthority(stack, 'Ca', { keyAlgorithm }); });
    expect(resourceAt(j, 'tls_private_key', 'Ca/Key')).toEqual(expect.objectContaining(expected));
  });

  test('subject, validity and renewal overrides', () => {
    const j = synth((stack) => {
      new CertificateAuthority(stack, 'Ca', {
        subject: { commonName: 'Org Root', organization: 'Org', country: 'DE' },
        validityHours: 43800, earlyRenewalHours: 4380,
      });
    });
    expect(resourceAt(j, 'tls_self_signed_cert', 'Ca/Resource')).toMatchObject({
      subject: [{ common_name: 'Org Root', organization: 'Org', country: 'DE' }],
      validity_period_hours: 43800, early_renewal_hours: 4380,
    });
  });

  test.each([
    [{ keyAlgorithm: KeyAlgorithm.rsa(512) }, /test\/Ca: `keyAlgorithm` must use a whole number of bits, a multiple of 8 from 1024 to 16384, for RSA .*got "RSA 512"/],
    [{ validityHours: 100, earlyRenewalHours: 100 }, /test\/Ca: `earlyRenewalHours` must be less than the validity \(100 hours\).*got 100/],
    [{ validityHours: 0 }, /test\/Ca: `validityHours` must be a whole number of hours from 1 to 876000, got 0/],
    [{ validityHours: 1.5 }, /`validityHours` must be a whole number/],
    [{ subject: { commonName: '' } }, /test\/Ca: `subject.commonName` must be a non-empty string/],
  ])('rejects %o', (props, message) => {
    expect(() => new CertificateAuthority(newStack(), 'Ca', props)).toThrow(message);
  });
});

describe('CertificateAuthority.fromPem (imported)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tlsfleet-ca-'));
  const openssl = (...args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });
  openssl('req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', 'ca.key',
    '-out', 'ca.pem', '-days', '300', '-subj', '/O=Org/CN=Org CA',
    '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign');
  openssl('req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', 'leaf.key',
    '-out', 'leaf.pem', '-days', '365', '-subj', '/CN=leaf', '-addext', 'basicConstraints=critical,CA:FALSE');
  const caPem = readFileSync(join(dir, 'ca.pem'), 'utf8');
  const leafPem = readFileSync(join(dir, 'leaf.pem'), 'utf8');

  const importCa = (stack = newStack(), certificatePem = caPem) => {
    const key = new TerraformVariable(stack, 'ca_key', { type: 'string', sensitive: true });
    return CertificateAuthority.fromPem(stack, 'OrgCa', { certificatePem, privateKeyPem: key.stringValue });
  };

  test('signs leaves with the given certificate and the sensitive key variable', () => {
    const j = synth((stack) => {
      const ca = importCa(stack);
      new ServerCertificate(stack, 'Server', { ca, dnsNames: ['db.example.com'], validityHours: 24 * 299 });
    });
    expect(resourceAt(j, 'tls_locally_signed_cert', 'Server/Resource')).toMatchObject({
      ca_cert_pem: caPem,
      ca_private_key_pem: '${var.ca_key}',
    });
    expect(j.resource).not.toHaveProperty('tls_self_signed_cert');
    expect(j.variable.ca_key.sensitive).toBe(true);
  });

  test('reads lifetime and key type from the certificate', () => {
    const ca = importCa() as ImportedCertificateAuthority;
    expect(ca.validityHours).toBe(300 * 24);
    expect(ca.keyDescription).toBe('ECDSA prime256v1');
    expect(ca.managed).toBe(false);
  });

  test('a leaf that would outlive the imported CA is refused at construction, naming the expiry', () => {
    const stack = newStack();
    const ca = importCa(stack);
    expect(() => new ServerCertificate(stack, 'Server', { ca, dnsNames: ['db.example.com'] }))
      .toThrow(/^test\/Server: `validityHours` must end before its CA test\/OrgCa expires on \d{4}-\d\d-\d\dT[\d:]+Z, at most 7\d\d\d hours from now: .*got 8760$/);
    expect(stack.node.tryFindChild('Server')?.node.children.length ?? 0).toBe(0);
  });

  test('a leaf longer than the lifetime given for a referenced CA fails synth (TLSF008)', () => {
    expect(() => synth((stack) => {
      const pem = new TerraformVariable(stack, 'ca_pem', { type: 'string' });
      const key = new TerraformVariable(stack, 'ca_key', { type: 'string', sensitive: true });
      const ca = CertificateAuthority.fromPem(stack, 'OrgCa', { certificatePem: pem.stringValue, privateKeyPem: key.stringValue, validityHours: 7200 });
      new ServerCertificate(stack, 'Server', { ca, dnsNames: ['db.example.com'] });
    })).toThrow(/\[TLSF008\] test\/Server\/Resource: valid 8760 hours, longer than the whole lifetime of its imported CA test\/OrgCa \(7200 hours\)/);
  });

  test('rejects a literal private key', () => {
    expect(() => CertificateAuthority.fromPem(newStack(), 'OrgCa', {
      certificatePem: caPem, privateKeyPem: readFileSync(join(dir, 'ca.key'), 'utf8'),
    })).toThrow(/test\/OrgCa: `privateKeyPem` must be a Terraform reference such as a sensitive TerraformVariable.*got "<a literal PEM private key>"/);
  });

  test('rejects a certificate that is not a CA', () => {
    expect(() => importCa(newStack(), leafPem)).toThrow(/test\/OrgCa: `certificatePem` must be a CA certificate \(basicConstraints CA:TRUE\), got "CN=leaf"/);
  });

  test('rejects text that is not a certificate', () => {
    expect(() => importCa(newStack(), 'not a certificate')).toThrow(/test\/OrgCa: `certificatePem` must be one PEM certificate/);
  });
});
