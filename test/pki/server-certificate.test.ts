import { CertificateAuthority, KeyAlgorithm, ServerCertificate, ServerCertificateProps } from '../../constructs';
import { addressAt, newStack, resourceAt, synth } from '../helpers/synth';

describe('ServerCertificate', () => {
  const json = synth((stack) => {
    const ca = new CertificateAuthority(stack, 'Ca');
    new ServerCertificate(stack, 'Server', { ca, dnsNames: ['db.example.com', '*.db.example.com'], ipAddresses: ['10.0.0.7', 'fd00::7'] });
  });

  test('key defaults to ECDSA P256, explicit', () => {
    expect(resourceAt(json, 'tls_private_key', 'Server/Key')).toMatchObject({ algorithm: 'ECDSA', ecdsa_curve: 'P256' });
  });

  test('request carries the SANs and a subject named after the first DNS name', () => {
    expect(resourceAt(json, 'tls_cert_request', 'Server/Request')).toMatchObject({
      dns_names: ['db.example.com', '*.db.example.com'],
      ip_addresses: ['10.0.0.7', 'fd00::7'],
      subject: [{ common_name: 'db.example.com' }],
      private_key_pem: `\${${addressAt(json, 'tls_private_key', 'Server/Key')}.private_key_pem}`,
    });
  });

  test('signed by the CA for server auth, 1 year, renewed 30 days early', () => {
    expect(resourceAt(json, 'tls_locally_signed_cert', 'Server/Resource')).toEqual(expect.objectContaining({
      allowed_uses: ['digital_signature', 'server_auth'],
      validity_period_hours: 8760,
      early_renewal_hours: 720,
      set_subject_key_id: true,
      ca_cert_pem: `\${${addressAt(json, 'tls_self_signed_cert', 'Ca/Resource')}.cert_pem}`,
      ca_private_key_pem: `\${${addressAt(json, 'tls_private_key', 'Ca/Key')}.private_key_pem}`,
      cert_request_pem: `\${${addressAt(json, 'tls_cert_request', 'Server/Request')}.cert_request_pem}`,
    }));
  });

  test('RSA keys add key encipherment', () => {
    const j = synth((stack) => {
      const ca = new CertificateAuthority(stack, 'Ca');
      new ServerCertificate(stack, 'Server', { ca, dnsNames: ['a.example'], keyAlgorithm: KeyAlgorithm.RSA_2048 });
    });
    expect(resourceAt(j, 'tls_private_key', 'Server/Key')).toMatchObject({ algorithm: 'RSA', rsa_bits: 2048 });
    expect(resourceAt(j, 'tls_locally_signed_cert', 'Server/Resource').allowed_uses)
      .toEqual(['digital_signature', 'key_encipherment', 'server_auth']);
  });

  test('IP-only certificate is named after its address; overrides apply', () => {
    const j = synth((stack) => {
      const ca = new CertificateAuthority(stack, 'Ca');
      new ServerCertificate(stack, 'Server', { ca, ipAddresses: ['127.0.0.1'], validityHours: 2000, earlyRenewalHours: 100 });
    });
    expect(resourceAt(j, 'tls_cert_request', 'Server/Request')).not.toHaveProperty('dns_names');
    expect(resourceAt(j, 'tls_cert_request', 'Server/Request').subject).toEqual([{ common_name: '127.0.0.1' }]);
    expect(resourceAt(j, 'tls_locally_signed_cert', 'Server/Resource'))
      .toMatchObject({ validity_period_hours: 2000, early_renewal_hours: 100 });
  });

  const build = (props: Partial<ServerCertificateProps>, caProps = {}) => () => {
    const stack = newStack();
    const ca = new CertificateAuthority(stack, 'Ca', caProps);
    new ServerCertificate(stack, 'Server', { ca, ...props });
  };

  test.each([
    ['no SAN', {}, /test\/Server: `dnsNames` must hold at least one name .*got \[\]/],
    ['invalid DNS name', { dnsNames: ['bad_name.example'] }, /test\/Server: `dnsNames\[0\]` must be a lower-case DNS name.*got "bad_name.example"/],
    ['upper-case DNS name', { dnsNames: ['ok.example', 'DB.example'] }, /`dnsNames\[1\]` must be a lower-case DNS name.*got "DB.example"/],
    ['label over 63', { dnsNames: [`${'a'.repeat(64)}.example`] }, /`dnsNames\[0\]` must be a lower-case DNS name/],
    ['trailing dot', { dnsNames: ['db.example.'] }, /`dnsNames\[0\]`/],
    ['bare wildcard', { dnsNames: ['*'] }, /`dnsNames\[0\]`/],
    ['invalid IP', { ipAddresses: ['10.0.0.300'] }, /test\/Server: `ipAddresses\[0\]` must be an IPv4 or IPv6 address.*got "10.0.0.300"/],
    ['duplicate DNS name', { dnsNames: ['a.example', 'a.example'] }, /`dnsNames\[1\]` must be unique/],
    ['RSA 1000 (not a size the provider makes)', { dnsNames: ['a.example'], keyAlgorithm: KeyAlgorithm.rsa(1000) }, /test\/Server: `keyAlgorithm` must use a whole number of bits, a multiple of 8 from 1024 to 16384, for RSA .*got "RSA 1000"/],
    ['renewal not before expiry', { dnsNames: ['a.example'], validityHours: 720, earlyRenewalHours: 720 }, /test\/Server: `earlyRenewalHours` must be less than the validity \(720 hours\)/],
  ])('rejects %s', (_name, props, message) => {
    expect(build(props)).toThrow(message);
  });

  test('a leaf that outlives its CA, or a weak key, fails synth through the policy (TLSF008, TLSF005)', () => {
    expect(() => synth((stack) => {
      const ca = new CertificateAuthority(stack, 'Ca', { validityHours: 8000, earlyRenewalHours: 100 });
      new ServerCertificate(stack, 'Server', { ca, dnsNames: ['a.example'], validityHours: 9000, earlyRenewalHours: 720, keyAlgorithm: KeyAlgorithm.rsa(1024) });
    })).toThrow(/\[TLSF005\] test\/Server\/Key: RSA key of 1024 bits, below 2048[\s\S]*\[TLSF008\] test\/Server\/Resource: valid 9000 hours, longer than its CA test\/Ca \(8000 hours\)/);
  });

  test('nothing is created when validation fails', () => {
    const stack = newStack();
    const ca = new CertificateAuthority(stack, 'Ca');
    expect(() => new ServerCertificate(stack, 'Server', { ca, dnsNames: ['bad_name'] })).toThrow();
    const server = stack.node.tryFindChild('Server');
    expect(server?.node.children.length ?? 0).toBe(0);
  });
});
