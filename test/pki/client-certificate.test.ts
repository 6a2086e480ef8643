import { CertificateAuthority, ClientCertificate, DistinguishedName } from '../../constructs';
import { newStack, resourceAt, synth } from '../helpers/synth';

describe('ClientCertificate', () => {
  const subject: DistinguishedName = {
    commonName: 'orders', organization: 'R/D+Ops', organizationalUnit: 'Apps', country: 'DE',
    province: 'Berlin', locality: 'Köln', streetAddress: 'Main St 1', postalCode: '10115', serialNumber: 'A-1',
  };
  let cert!: ClientCertificate;
  const json = synth((stack) => {
    const ca = new CertificateAuthority(stack, 'Ca');
    cert = new ClientCertificate(stack, 'Orders', { ca, subject });
  });

  test('request carries every subject field and no SANs', () => {
    const request = resourceAt(json, 'tls_cert_request', 'Orders/Request');
    expect(request.subject).toEqual([{
      common_name: 'orders', organization: 'R/D+Ops', organizational_unit: 'Apps', country: 'DE',
      province: 'Berlin', locality: 'Köln', street_address: ['Main St 1'], postal_code: '10115', serial_number: 'A-1',
    }]);
    expect(request).not.toHaveProperty('dns_names');
    expect(request).not.toHaveProperty('ip_addresses');
  });

  test('signed for client auth only, 1 year, renewed 30 days early', () => {
    expect(resourceAt(json, 'tls_locally_signed_cert', 'Orders/Resource')).toMatchObject({
      allowed_uses: ['digital_signature', 'client_auth'], validity_period_hours: 8760, early_renewal_hours: 720,
    });
  });

  test('exposes the exact oneline subject', () => {
    expect(cert.subjectOneline).toBe(
      '/C=DE/ST=Berlin/L=K\\xC3\\xB6ln/street=Main St 1/postalCode=10115/O=R\\/D\\+Ops/OU=Apps/CN=orders/serialNumber=A-1');
  });

  test.each([
    [{ commonName: '' }, /test\/App: `subject.commonName` must be a non-empty string of at most 64 characters, got ""/],
    [{ commonName: 'c'.repeat(65) }, /test\/App: `subject.commonName` must be at most 64 characters \(has 65\)/],
    [{ commonName: 'a', organization: 'x\ty' }, /test\/App: `subject.organization` must be text without control characters of at most 64 characters/],
    [{ commonName: 'a', locality: 'back\\slash' }, /test\/App: `subject.locality` must not contain a backslash/],
    [{ commonName: 'a', country: 'Germany' }, /test\/App: `subject.country` must be at most 2 characters/],
  ])('rejects subject %o', (bad, message) => {
    const stack = newStack();
    const ca = new CertificateAuthority(stack, 'Ca');
    expect(() => new ClientCertificate(stack, 'App', { ca, subject: bad })).toThrow(message);
  });
});
