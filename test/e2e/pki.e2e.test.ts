// The PKI proven with real Terraform (hashicorp/tls), openssl and TLS handshakes.
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { TerraformStack } from 'cdktf';
import { CertificateAuthority, ClientCertificate, KeyAlgorithm, ServerCertificate } from '../../constructs';
import { synthToFile } from '../helpers/synth';
import { certificateText, onelineSubject } from './openssl';
import { dnFromState, verifyAppliedPki } from './pki-checks';
import {
  moveIntoRenewalWindow, plannedChanges, requireToolchainOrSkip, resourcesInState, TerraformPlanJson, TerraformWorkdir,
} from './terraform-harness';
import { handshake } from './tls-handshake';

const clients: Record<string, ClientCertificate> = {};

/** The fixture PKI: two CAs, two servers, clients with subjects that stress the oneline form. */
function fixture(stack: TerraformStack, extraClient = false): void {
  const ca = new CertificateAuthority(stack, 'Ca', { subject: { commonName: 'e2e CA', organization: 'tlsfleet e2e' } });
  const other = new CertificateAuthority(stack, 'OtherCa', { subject: { commonName: 'unrelated CA' } });
  new ServerCertificate(stack, 'Server', { ca, dnsNames: ['localhost', 'db.example.svc'], ipAddresses: ['127.0.0.1', '::1'] });
  new ServerCertificate(stack, 'RsaServer', { ca, dnsNames: ['rsa.example.svc'], keyAlgorithm: KeyAlgorithm.RSA_2048 });
  clients.alice = new ClientCertificate(stack, 'Alice', {
    ca, subject: { commonName: 'alice', organization: 'R/D+Ops Team', organizationalUnit: "Data & 'Analytics'", locality: 'Köln', country: 'DE' },
  });
  clients.bob = new ClientCertificate(stack, 'Bob', {
    ca, keyAlgorithm: KeyAlgorithm.ED25519, subject: { commonName: 'bob 東京', streetAddress: 'Main St. 1/2', postalCode: '10115', serialNumber: 'B-7' },
  });
  clients.carol = new ClientCertificate(stack, 'Carol', { ca, keyAlgorithm: KeyAlgorithm.ECDSA_P384, subject: { commonName: 'carol', province: 'Île-de-France' } });
  clients.mallory = new ClientCertificate(stack, 'Mallory', { ca: other, subject: { commonName: 'alice', organization: 'R/D+Ops Team' } });
  if (extraClient) clients.dave = new ClientCertificate(stack, 'Dave', { ca, subject: { commonName: 'dave' } });
}

const RUN = requireToolchainOrSkip('PKI end to end');

(RUN ? describe : describe.skip)('PKI end to end (terraform apply, openssl, TLS)', () => {
  const synthesized = synthToFile((stack) => fixture(stack), 'e2e');
  const wd = new TerraformWorkdir(synthesized.file);
  const byPath = new Map<string, string>(); // construct path -> address
  for (const [type, byId] of Object.entries<Record<string, { '//': { metadata: { path: string } } }>>(JSON.parse(readFileSync(synthesized.file, 'utf8')).resource)) {
    for (const [id, body] of Object.entries(byId)) byPath.set(body['//'].metadata.path, `${type}.${id}`);
  }
  const pem = (path: string, attr: 'cert_pem' | 'private_key_pem') => {
    const type = attr === 'private_key_pem' ? 'tls_private_key' : (path.endsWith('Ca/Resource') ? 'tls_self_signed_cert' : 'tls_locally_signed_cert');
    const address = byPath.get(`e2e/${path}`);
    const found = resourcesInState(wd.state(), type).find((r) => r.address === address);
    if (!found) throw new Error(`no ${type} for e2e/${path} (${address}) in state`);
    return found.values[attr] as string;
  };

  beforeAll(() => {
    wd.init();
    wd.apply();
  }, 300_000);
  afterAll(() => {
    wd.cleanup();
    rmSync(synthesized.outdir, { recursive: true, force: true });
  });

  test('every leaf chains to its CA, carries the requested SANs and the predicted subject', () => {
    const reports = verifyAppliedPki(wd.state());
    expect(reports).toHaveLength(6);
    const server = reports.find((r) => r.address === byPath.get('e2e/Server/Resource'))!;
    expect(server.sans).toEqual(['DNS:db.example.svc', 'DNS:localhost', 'IP Address:0:0:0:0:0:0:0:1', 'IP Address:127.0.0.1']);
    expect(server.usages).toEqual(['serverAuth']);
    for (const r of reports.filter((x) => x.address !== server.address && !x.address.includes('RsaServer'))) expect(r.usages).toEqual(['clientAuth']);
  });

  test('subjectOneline of every ClientCertificate equals openssl\'s oneline subject, byte for byte', () => {
    for (const [name, cert] of Object.entries(clients)) {
      const actual = onelineSubject(pem(`${cert.node.id}/Resource`, 'cert_pem'));
      expect({ name, subject: actual }).toEqual({ name, subject: cert.subjectOneline });
    }
    expect(clients.alice.subjectOneline).toBe("/C=DE/L=K\\xC3\\xB6ln/O=R\\/D\\+Ops Team/OU=Data & 'Analytics'/CN=alice");
  });

  test('the state records the requested subject exactly', () => {
    const request = resourcesInState(wd.state(), 'tls_cert_request').find((r) => r.address === byPath.get('e2e/Bob/Request'))!;
    expect(dnFromState(request.values.subject[0])).toMatchObject({ commonName: 'bob 東京', streetAddress: 'Main St. 1/2' });
  });

  test('keys are what the constructs declared', () => {
    expect(certificateText(pem('Alice/Resource', 'cert_pem'))).toMatch(/NIST CURVE: P-256/);
    expect(certificateText(pem('Carol/Resource', 'cert_pem'))).toMatch(/NIST CURVE: P-384/);
    expect(certificateText(pem('Bob/Resource', 'cert_pem'))).toMatch(/Public Key Algorithm: ED25519/);
    expect(certificateText(pem('RsaServer/Resource', 'cert_pem'))).toMatch(/Public-Key: \(2048 bit\)[\s\S]*Key Encipherment/);
    const ca = certificateText(pem('Ca/Resource', 'cert_pem'));
    expect(ca).toMatch(/Basic Constraints: critical\s+CA:TRUE/);
    expect(ca).toMatch(/Key Usage: critical\s+Certificate Sign, CRL Sign/);
    expect(ca).toMatch(/Subject Key Identifier/);
    expect(certificateText(pem('Alice/Resource', 'cert_pem'))).toMatch(/Authority Key Identifier/);
  });

  describe('TLS 1.3 mutual TLS handshake', () => {
    const server = () => ({ cert: pem('Server/Resource', 'cert_pem'), key: pem('Server/Key', 'private_key_pem'), ca: pem('Ca/Resource', 'cert_pem') });
    const client = (name: string) => ({ cert: pem(`${name}/Resource`, 'cert_pem'), key: pem(`${name}/Key`, 'private_key_pem'), ca: pem('Ca/Resource', 'cert_pem') });

    test('succeeds with an issued client certificate (ECDSA, Ed25519, P-384)', async () => {
      for (const [name, cn] of [['Alice', 'alice'], ['Bob', 'bob 東京'], ['Carol', 'carol']]) {
        const result = await handshake(server(), client(name));
        expect({ name, ...result }).toEqual({ name, ok: true, protocol: 'TLSv1.3', peerSubjectCn: cn });
      }
    });

    test('fails with a client certificate from another CA, even with the same subject', async () => {
      expect((await handshake(server(), client('Mallory'))).ok).toBe(false);
    });

    test('fails without a client certificate', async () => {
      expect((await handshake(server(), { ca: pem('Ca/Resource', 'cert_pem') })).ok).toBe(false);
    });

    test('refuses a TLS 1.2-only client', async () => {
      const result = await handshake(server(), { ...client('Alice'), maxVersion: 'TLSv1.2' });
      expect(result.ok).toBe(false);
      expect(result.error).toMatch(/protocol|version/i);
    });

    test('the client rejects the server under a name it was not issued for', async () => {
      expect((await handshake(server(), { ...client('Alice'), servername: 'other.example.svc' })).ok).toBe(false);
    });
  });

  const changes = (plan: TerraformPlanJson) => plannedChanges(plan);

  test('a second plan after apply changes nothing', () => {
    expect(changes(wd.plan())).toEqual([]);
  });

  test('adding one client plans only that client\'s resources', () => {
    const bigger = synthToFile((stack) => fixture(stack, true), 'e2e');
    const config = JSON.parse(readFileSync(bigger.file, 'utf8'));
    delete config.terraform.backend;
    const original = readFileSync(wd.configPath, 'utf8');
    writeFileSync(wd.configPath, JSON.stringify(config, null, 2));
    try {
      expect(changes(wd.plan())).toEqual([
        expect.stringMatching(/^create tls_cert_request\.Dave_Request_[0-9A-F]+$/),
        expect.stringMatching(/^create tls_locally_signed_cert\.Dave_[0-9A-F]+$/),
        expect.stringMatching(/^create tls_private_key\.Dave_Key_[0-9A-F]+$/),
      ]);
    } finally {
      writeFileSync(wd.configPath, original);
      rmSync(bigger.outdir, { recursive: true, force: true });
    }
  });

  test('in the early-renewal window exactly the due certificates are replaced, and re-verified', () => {
    const due = ['e2e/Server/Resource', 'e2e/Alice/Resource'].map((p) => byPath.get(p)!);
    const before = due.map((a) => resourcesInState(wd.state(), 'tls_locally_signed_cert').find((r) => r.address === a)!.values.cert_pem);
    moveIntoRenewalWindow(wd, due, 10);

    expect(changes(wd.plan())).toEqual(due.map((a) => `delete+create ${a}`).sort());
    wd.apply();
    const after = due.map((a) => resourcesInState(wd.state(), 'tls_locally_signed_cert').find((r) => r.address === a)!.values.cert_pem);
    after.forEach((p, i) => expect(p).not.toBe(before[i]));
    expect(verifyAppliedPki(wd.state())).toHaveLength(6);
    expect(changes(wd.plan())).toEqual([]);
  });
});
