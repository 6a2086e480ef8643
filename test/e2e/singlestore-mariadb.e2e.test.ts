// SingleStore mutual TLS, proven on a real server: certificates issued by the real Terraform tls provider,
// the construct's SQL run verbatim on MariaDB 10.11 (which matches REQUIRE SUBJECT / REQUIRE X509 like SingleStore:
// strcmp of X509_NAME_oneline), and logins with real client certificates.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { App, KubernetesProvider, TerraformOutput, TerraformStack } from '../../constructs/core/cdktf';
import {
  CertificateAuthority, ClientCertificate, DistinguishedName, SingleStoreTls, SingleStoreUser,
  SingleStoreUserRequirement, SingleStoreVersion, subjectOneline, USER_SQL_KEY, waive,
} from '../../constructs';
import { findMariaDbTools, MariaDbServer, requireMariaDbOrSkip } from './mariadb-harness';
import { dropProvider, requireToolchainOrSkip, TerraformOutputs, TerraformWorkdir } from './terraform-harness';

const NAME = 'singlestore mTLS on MariaDB';
// Both checks run (and may throw under CI=true) before anything is skipped.
const toolchainOk = requireToolchainOrSkip(NAME);
const mariaDbOk = requireMariaDbOrSkip(NAME);
const RUN = toolchainOk && mariaDbOk;

/** `/`, `+`, spaces, a quote and UTF-8 in organization and locality: the hard cases of the oneline form. */
const ORDERS_SUBJECT: DistinguishedName = {
  country: 'BR',
  locality: 'São Paulo / Zona+Sul',
  organization: "R/D+Ops Müller & O'Reilly",
  organizationalUnit: 'Platform Team',
  commonName: 'orders',
};

interface Fixture {
  stackJson: any;
  tls: SingleStoreTls;
  users: Record<string, SingleStoreUser>;
  /** Every certificate whose subject the test predicts, by output prefix. */
  subjects: Record<string, string>;
  tlsDir: string;
}

/** The stack under test: tlsfleet constructs plus outputs that expose the PEMs for the test. */
function synthesize(outdir: string, tlsDir: string): Fixture {
  const app = new App({ outdir });
  const stack = new TerraformStack(app, 'singlestore-e2e');
  new KubernetesProvider(stack, 'kubernetes', {}); // dropped with its resources before terraform runs
  const ca = new CertificateAuthority(stack, 'Ca', { subject: { commonName: 'tlsfleet e2e CA', organization: 'tlsfleet/e2e' } });
  const otherCa = new CertificateAuthority(stack, 'OtherCa', { subject: { commonName: 'unrelated CA' } });
  const tls = new SingleStoreTls(stack, 'SingleStore', {
    clusterName: 'e2e',
    namespace: 'db',
    engineVersion: SingleStoreVersion.V9_1,
    ca,
    dnsNames: ['localhost'],
    ipAddresses: ['127.0.0.1'],
    serverTlsDirectory: tlsDir,
    sqlOutputName: 'user_sql',
  });
  const users = {
    orders: tls.addUser('Orders', { name: 'orders', namespace: 'orders', subject: ORDERS_SUBJECT }),
    reporting: tls.addUser('Reporting', { name: 'reporting', namespace: 'reporting', require: SingleStoreUserRequirement.X509 }),
    obrien: tls.addUser('OBrien', {
      name: "o'brien", namespace: 'obrien', secretName: 'obrien-singlestore-tls',
      subject: { commonName: "O'Brien \"app\"", province: 'Île-de-France', organization: 'Café Zürich+1' },
    }),
    legacy: tls.addUser('Legacy', {
      name: 'legacy', namespace: 'legacy', existingUser: true,
      subject: { commonName: 'legacy', organization: 'tlsfleet', organizationalUnit: 'a/b' },
    }),
  };
  waive(users.reporting, 'TLSF012', { reason: 'end-to-end test of the REQUIRE X509 semantics themselves' });
  // Same CA, different subject; and the exact subject of `orders` from a CA the server does not trust.
  const impostor = new ClientCertificate(stack, 'Impostor', { ca, subject: { ...ORDERS_SUBJECT, commonName: 'impostor' } });
  const foreign = new ClientCertificate(stack, 'Foreign', { ca: otherCa, subject: ORDERS_SUBJECT });

  const pems: Record<string, { certificatePem: string; privateKeyPem?: string }> = {
    ca: ca, other_ca: otherCa, server: tls.serverCertificate, impostor, foreign,
    ...Object.fromEntries(Object.entries(users).map(([k, u]) => [k, u.certificate])),
  };
  for (const [k, v] of Object.entries(pems)) {
    new TerraformOutput(stack, `${k}_cert`, { value: v.certificatePem });
    if (v.privateKeyPem && k !== 'ca' && k !== 'other_ca') new TerraformOutput(stack, `${k}_key`, { value: v.privateKeyPem, sensitive: true });
  }
  const subjects: Record<string, string> = {
    ca: ca.subjectOneline, other_ca: otherCa.subjectOneline, server: subjectOneline(tls.serverCertificate.subject),
    impostor: impostor.subjectOneline, foreign: foreign.subjectOneline,
    ...Object.fromEntries(Object.entries(users).map(([k, u]) => [k, u.subjectOneline])),
  };
  app.synth();
  const stackJson = JSON.parse(fs.readFileSync(path.join(outdir, 'stacks', 'singlestore-e2e', 'cdk.tf.json'), 'utf8'));
  return { stackJson, tls, users, subjects, tlsDir };
}

(RUN ? describe : describe.skip)(NAME, () => {
  let work: string;
  let fx: Fixture;
  let wd: TerraformWorkdir | undefined;
  let server: MariaDbServer | undefined;
  let outputs: TerraformOutputs;
  const file = (name: string): string => path.join(work, 'pem', name);
  const started = Date.now();

  beforeAll(async () => {
    work = fs.mkdtempSync(path.join(os.tmpdir(), 'tlsfleet-singlestore-e2e-'));
    fs.mkdirSync(path.join(work, 'pem'));
    const tlsDir = path.join(work, 'server-tls');
    fs.mkdirSync(tlsDir);
    fx = synthesize(path.join(work, 'cdktf.out'), tlsDir);

    wd = new TerraformWorkdir(path.join(work, 'cdktf.out', 'stacks', 'singlestore-e2e', 'cdk.tf.json'), {
      transform: dropProvider('kubernetes'),
    });
    wd.init();
    wd.apply();
    outputs = wd.output();
    for (const [name, out] of Object.entries(outputs)) {
      if (name.endsWith('_cert') || name.endsWith('_key')) fs.writeFileSync(file(`${name}.pem`), String(out.value), { mode: 0o600 });
    }
    // The server files under the names the server Secret gives them (tls.crt, tls.key, tls.ca), where memsql.cnf expects them.
    fs.copyFileSync(file('server_cert.pem'), path.join(tlsDir, 'tls.crt'));
    fs.copyFileSync(file('server_key.pem'), path.join(tlsDir, 'tls.key'));
    fs.copyFileSync(file('ca_cert.pem'), path.join(tlsDir, 'tls.ca'));

    // memsql.cnf lines MariaDB shares with SingleStore; ssl_ca_for_client_cert is SingleStore-only
    // (MariaDB verifies clients against ssl_ca, which here holds the same CA).
    const cnf = parseCnf(fx.tls.memsqlCnf);
    server = await MariaDbServer.start({
      sslCa: cnf.ssl_ca, sslCert: cnf.ssl_cert, sslKey: cnf.ssl_key,
      extraOptions: [`tls_version = ${cnf.tls_version}`],
    });
    server.runScript("CREATE USER 'legacy'@'%';\n"); // the pre-existing user that the ALTER USER form re-keys
    server.runScript(fx.stackJson.output.user_sql.value);
  }, 15 * 60 * 1000);

  afterAll(async () => {
    await server?.stop();
    wd?.cleanup();
    if (work) fs.rmSync(work, { recursive: true, force: true });
    console.log(`${NAME}: ${((Date.now() - started) / 1000).toFixed(1)} s including terraform init/apply and MariaDB start`);
  });

  const login = (user: string, cert: string | undefined): { ok: boolean; who: string; detail: string } => {
    const res = server!.connectTcp({
      user, sslCa: file('ca_cert.pem'),
      sslCert: cert ? file(`${cert}_cert.pem`) : undefined, sslKey: cert ? file(`${cert}_key.pem`) : undefined,
    });
    return { ok: res.status === 0, who: res.stdout.trim(), detail: res.stderr.trim() };
  };

  it('runs the SQL exactly as synthesized: the output, the ConfigMap and the construct agree', () => {
    const sql = fx.stackJson.output.user_sql.value;
    const configMaps = fx.stackJson.resource.kubernetes_config_map_v1;
    const userSql = Object.values<any>(configMaps).find((c) => c.metadata.name === 'e2e-tlsfleet-users');
    expect(userSql.data[USER_SQL_KEY]).toBe(sql);
    expect(outputs.user_sql.value).toBe(sql);
    expect(sql).toBe(fx.tls.userSql);
    expect(sql).toContain("CREATE USER 'o''brien'@'%' REQUIRE SUBJECT '/ST=\\\\xC3\\\\x8Ele-de-France/O=Caf\\\\xC3\\\\xA9 Z\\\\xC3\\\\xBCrich\\\\+1/CN=O''Brien \"app\"';");
    expect(sql).toContain("ALTER USER 'legacy'@'%' REQUIRE SUBJECT '/O=tlsfleet/OU=a\\\\/b/CN=legacy';");
    expect(sql).not.toMatch(/ISSUER|CIPHER/);
  });

  it('predicts subjectOneline of every issued certificate as openssl -nameopt compat prints it', () => {
    for (const [name, predicted] of Object.entries(fx.subjects)) {
      const res = spawnSync(findMariaDbTools().openssl!, ['x509', '-noout', '-subject', '-nameopt', 'compat', '-in', file(`${name}_cert.pem`)], { encoding: 'utf8' });
      expect(res.status).toBe(0);
      expect({ name, subject: res.stdout.replace(/\n$/, '') }).toEqual({ name, subject: `subject=${predicted}` });
    }
    expect(fx.subjects.orders).toBe('/C=BR/L=S\\xC3\\xA3o Paulo \\/ Zona\\+Sul/O=R\\/D\\+Ops M\\xC3\\xBCller & O\'Reilly/OU=Platform Team/CN=orders');
  });

  it('stores each subject byte for byte as predicted', () => {
    for (const key of ['orders', 'obrien', 'legacy'] as const) {
      const u = fx.users[key];
      const stored = server!.query(`SELECT x509_subject FROM mysql.user WHERE User = ${sqlLiteral(u.name)} AND Host = '%'`, true);
      expect(stored.replace(/\n$/, '')).toBe(u.subjectOneline);
    }
    expect(server!.query("SELECT ssl_type FROM mysql.user WHERE User = 'reporting'", true).trim()).toBe('X509');
  });

  it('lets every user log in with its own certificate and key', () => {
    expect(login('orders', 'orders')).toMatchObject({ ok: true, who: 'orders@%' });
    expect(login('reporting', 'reporting')).toMatchObject({ ok: true, who: 'reporting@%' });
    expect(login("o'brien", 'obrien')).toMatchObject({ ok: true, who: "o'brien@%" });
    expect(login('legacy', 'legacy')).toMatchObject({ ok: true, who: 'legacy@%' });
  });

  it('refuses a certificate from the same CA with another subject for REQUIRE SUBJECT, accepts it for REQUIRE X509', () => {
    const refused = login('orders', 'impostor');
    expect(refused).toMatchObject({ ok: false, who: '' });
    expect(refused.detail).toMatch(/Access denied for user 'orders'/);
    expect(server!.errorLog()).toContain(`X509 subject mismatch: should be '${fx.subjects.orders}' but is '${fx.subjects.impostor}'`);
    expect(login('orders', 'reporting').ok).toBe(false);
    expect(login("o'brien", 'orders').ok).toBe(false);
    expect(login('reporting', 'impostor')).toMatchObject({ ok: true, who: 'reporting@%' });
    expect(login('reporting', 'orders')).toMatchObject({ ok: true, who: 'reporting@%' });
  });

  it('refuses a certificate from another CA, even with the exact subject', () => {
    expect(fx.subjects.foreign).toBe(fx.subjects.orders);
    for (const user of ['orders', 'reporting']) {
      const res = login(user, 'foreign');
      expect({ user, ok: res.ok, who: res.who }).toEqual({ user, ok: false, who: '' });
      expect(res.detail).toMatch(/unknown ca|Access denied/);
    }
  });

  it('refuses the server certificate as a client certificate, even for REQUIRE X509 (serverAuth only)', () => {
    const res = login('reporting', 'server');
    expect(res).toMatchObject({ ok: false, who: '' });
    expect(res.detail).toMatch(/unsupported certificate|Access denied/);
  });

  it('refuses a login without a certificate', () => {
    for (const user of ['orders', 'reporting', "o'brien", 'legacy']) {
      const res = login(user, undefined);
      expect({ user, ok: res.ok }).toEqual({ user, ok: false });
      expect(res.detail).toMatch(/Access denied/);
    }
  });
});

function parseCnf(text: string): Record<string, string> {
  return Object.fromEntries(text.trim().split('\n').map((l) => l.split(' = ') as [string, string]));
}

function sqlLiteral(s: string): string {
  return `'${s.replace(/\\/g, '\\\\').replace(/'/g, "''")}'`;
}
