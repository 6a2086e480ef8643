import { CertificateAuthority, checkWaiver, ClientCertificate, renderReviewReport, SecurityPosture } from '../../constructs';
import { newStack } from '../helpers/synth';

describe('review report', () => {
  const stack = newStack();
  const ca = new CertificateAuthority(stack, 'Ca', { subject: { commonName: 'Root' } });
  new ClientCertificate(stack, 'App', { ca, subject: { commonName: 'app' } });
  SecurityPosture.waived(stack, 'alternator.http', 'plaintext HTTP on 8000', { reason: 'legacy client | until Q3', approvedBy: 'sec-team' }, 'alternator.insecureHttp');
  const report = renderReviewReport(stack);

  test('lists waived exceptions first, with reason and approver, pipes escaped', () => {
    expect(report).toContain('1 waived exception(s), 2 secure setting(s).');
    expect(report).toContain('| test | alternator.http | plaintext HTTP on 8000 | legacy client \\| until Q3 | sec-team |');
    expect(report.indexOf('## Waived exceptions')).toBeLessThan(report.indexOf('## Secure settings'));
  });

  test('records the PKI settings', () => {
    expect(report).toContain('| test/Ca | pki.ca | created CA /CN=Root, ECDSA P-256, valid 87600 h, replaced 8760 h before expiry |');
    expect(report).toContain('| test/App | pki.certificate | client_auth certificate from test/Ca, ECDSA P-256, valid 8760 h, renewed 720 h before expiry |');
  });

  test('says so when nothing is waived', () => {
    const clean = newStack();
    new CertificateAuthority(clean, 'Ca');
    expect(renderReviewReport(clean)).toContain('None: every setting is at or above the secure default.');
  });

  test.each([[{ reason: '' }], [{ reason: 'because' }], [{} as { reason: string }]])('rejects a waiver without a real reason: %o', (waiver) => {
    expect(() => checkWaiver(newStack(), 'cql.plaintext', waiver))
      .toThrow(/test: `cql.plaintext.reason` must explain the exception in at least 10 characters/);
  });
});
