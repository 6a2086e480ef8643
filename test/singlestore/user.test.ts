import { Token } from '../../constructs/core/cdktf';
import {
  CertificateAuthority, KeyAlgorithm, SingleStoreUser, SingleStoreUserRequirement, waive,
  SingleStoreUserStatement, SingleStoreVersion, TlsSecretLayout, TlsfleetValidationError, CaBundle,
} from '../../constructs';
import { deployment } from './fixtures';
import { evaluate, newStack, resourceAt, synth, validationError } from '../helpers/synth';

const WAIVER = { reason: 'one reporting job is the only holder of certificates from this CA' };

describe('SingleStoreUser', () => {
  describe('defaults', () => {
    test('REQUIRE SUBJECT from any host, subject CN=<name>, Secret <name>-singlestore-tls in the app namespace', () => {
      const { stack, tls } = deployment();
      const user = tls.addUser('Orders', { name: 'orders', namespace: 'shop' });
      expect(user.host).toBe('%');
      expect(user.requirement).toBe(SingleStoreUserRequirement.SUBJECT);
      expect(user.statement).toBe(SingleStoreUserStatement.CREATE);
      expect(user.subjectOneline).toBe('/CN=orders');
      expect(user.createSql).toBe("CREATE USER 'orders'@'%' REQUIRE SUBJECT '/CN=orders';");
      expect(user.alterSql).toBe("ALTER USER 'orders'@'%' REQUIRE SUBJECT '/CN=orders';");
      expect(user.sql).toBe(user.createSql);

      const json = synth(stack);
      const secret = resourceAt(json, 'kubernetes_secret_v1', 'SingleStore/Orders/Secret/Resource');
      expect(secret.type).toBe('kubernetes.io/tls');
      expect(secret.metadata).toEqual({
        name: 'orders-singlestore-tls', namespace: 'shop',
        labels: { 'app.kubernetes.io/component': 'singlestore-client', 'app.kubernetes.io/managed-by': 'tlsfleet' },
      });
      expect(Object.keys(secret.data).sort()).toEqual(['ca.crt', 'tls.crt', 'tls.key']);
      expect(resourceAt(json, 'tls_cert_request', 'SingleStore/Orders/Certificate/Request').subject).toEqual([{ common_name: 'orders' }]);
      expect(resourceAt(json, 'tls_locally_signed_cert', 'SingleStore/Orders/Certificate/Resource').allowed_uses)
        .toEqual(['digital_signature', 'client_auth']);
      expect(resourceAt(json, 'tls_private_key', 'SingleStore/Orders/Certificate/Key')).toMatchObject({ algorithm: 'ECDSA', ecdsa_curve: 'P256' });
    });

    test('REQUIRE SUBJECT passes TLSF012, and the key may go only to the user\'s namespace', () => {
      const { stack, tls } = deployment();
      tls.addUser('Orders', { name: 'orders', namespace: 'shop' });
      const e = evaluate(stack);
      expect(e.results.find((r) => r.rule.id === 'TLSF012')).toMatchObject({ status: 'pass', checked: 1 });
      expect(e.facts.find((f) => f.path === 'test/SingleStore/Orders/Certificate')?.fact)
        .toMatchObject({ holders: [{ namespace: 'shop', description: "SingleStore user orders@%" }] });
    });
  });

  describe('overrides', () => {
    test('subject, host, Secret name and layout, key and lifetime', () => {
      const { stack, tls } = deployment();
      const user = tls.addUser('Orders', {
        name: 'orders', host: '10.0.%', namespace: 'shop', secretName: 'db-client', secretLayout: TlsSecretLayout.SINGLESTORE,
        subject: { commonName: 'orders', organization: 'R/D+Ops', locality: 'Zürich' },
        keyAlgorithm: KeyAlgorithm.RSA_3072, validityHours: 2000, earlyRenewalHours: 100,
      });
      expect(user.subjectOneline).toBe('/L=Z\\xC3\\xBCrich/O=R\\/D\\+Ops/CN=orders');
      expect(user.createSql).toBe("CREATE USER 'orders'@'10.0.%' REQUIRE SUBJECT '/L=Z\\\\xC3\\\\xBCrich/O=R\\\\/D\\\\+Ops/CN=orders';");
      const json = synth(stack);
      const secret = resourceAt(json, 'kubernetes_secret_v1', 'SingleStore/Orders/Secret/Resource');
      expect(secret.metadata.name).toBe('db-client');
      expect(Object.keys(secret.data).sort()).toEqual(['tls.ca', 'tls.crt', 'tls.key']);
      expect(resourceAt(json, 'tls_private_key', 'SingleStore/Orders/Certificate/Key')).toMatchObject({ algorithm: 'RSA', rsa_bits: 3072 });
      expect(resourceAt(json, 'tls_locally_signed_cert', 'SingleStore/Orders/Certificate/Resource'))
        .toMatchObject({ validity_period_hours: 2000, early_renewal_hours: 100 });
    });

    test('existingUser renders ALTER USER into the script on 9.1 and later', () => {
      const { tls } = deployment({ engineVersion: SingleStoreVersion.V10_0 });
      const user = tls.addUser('Legacy', { name: 'legacy', namespace: 'legacy', existingUser: true });
      expect(user.statement).toBe(SingleStoreUserStatement.ALTER);
      expect(user.sql).toBe("ALTER USER 'legacy'@'%' REQUIRE SUBJECT '/CN=legacy';");
      expect(tls.userSql).toContain("\nALTER USER 'legacy'@'%' REQUIRE SUBJECT '/CN=legacy';\n");
      expect(tls.userSql).not.toContain('CREATE USER');
    });

    test('cannot be built on its own: its SQL would never run, so its certificate would log in as nobody', () => {
      const stack = newStack({ kubernetesProvider: true });
      const ca = new CertificateAuthority(stack, 'Ca');
      expect(() => new SingleStoreUser(stack, 'App', {
        name: 'app', namespace: 'app', clientCa: ca, serverTrust: CaBundle.of(ca), engineVersion: SingleStoreVersion.V9_0,
      })).toThrow(/test\/App: `constructor` is not how users are made: call singleStoreTls.addUser/);
    });
  });

  describe('engine version gating', () => {
    test('9.0 has CREATE USER but no ALTER USER form', () => {
      const { tls } = deployment({ engineVersion: SingleStoreVersion.V9_0 });
      const user = tls.addUser('Orders', { name: 'orders', namespace: 'shop' });
      expect(user.createSql).toBe("CREATE USER 'orders'@'%' REQUIRE SUBJECT '/CN=orders';");
      expect(user.alterSql).toBeUndefined();
    });

    test.each([
      [SingleStoreUserRequirement.SUBJECT, 'SUBJECT', {}],
      [SingleStoreUserRequirement.X509, 'X509', {}],
    ])('refuses existingUser (ALTER USER … REQUIRE %s) on 9.0', (require, clause, extra) => {
      const { tls } = deployment({ engineVersion: SingleStoreVersion.V9_0 });
      const msg = validationError(() => tls.addUser('Orders', { name: 'orders', namespace: 'shop', existingUser: true, require, ...extra })).message;
      expect(msg).toBe(`test/SingleStore/Orders: \`existingUser\` needs SingleStore 9.1 or later: 9.0 has no ALTER USER … REQUIRE ${clause}; drop and re-create the user, or target a newer engineVersion, got true`);
    });
  });

  describe('REQUIRE X509', () => {
    test('renders REQUIRE X509; synth fails with TLSF012 unless the user carries a waiver', () => {
      const { stack, tls } = deployment();
      const user = tls.addUser('Reports', { name: 'reports', namespace: 'bi', require: SingleStoreUserRequirement.X509 });
      expect(user.createSql).toBe("CREATE USER 'reports'@'%' REQUIRE X509;");
      expect(user.alterSql).toBe("ALTER USER 'reports'@'%' REQUIRE X509;");
      expect(() => synth(stack)).toThrow("[TLSF012] test/SingleStore/Reports: 'reports'@'%' is created with REQUIRE X509: any certificate from the client CA logs in.");
      waive(user, 'TLSF012', WAIVER);
      expect(() => synth(stack)).not.toThrow();
      expect(evaluate(stack).results.find((r) => r.rule.id === 'TLSF012')!.violations[0].waiver).toMatchObject(WAIVER);
    });

    test('the removed x509Waiver option is refused with a pointer to waive()', () => {
      const { tls } = deployment();
      const options = { name: 'reports', namespace: 'bi', require: SingleStoreUserRequirement.X509, x509Waiver: WAIVER };
      expect(validationError(() => tls.addUser('Reports', options)).message).toMatch(/^test\/SingleStore\/Reports: `x509Waiver` is gone: waive policy rule TLSF012 instead/);
    });

    test('refuses an unknown requirement', () => {
      const { tls } = deployment();
      expect(validationError(() => tls.addUser('Orders', { name: 'orders', namespace: 'shop', require: 'issuer' as SingleStoreUserRequirement })).message)
        .toBe('test/SingleStore/Orders: `require` must be SingleStoreUserRequirement.SUBJECT or SingleStoreUserRequirement.X509, got "issuer"');
    });
  });

  describe('escaping', () => {
    test.each([
      ["o'brien", '%', { commonName: "o'brien" }, "CREATE USER 'o''brien'@'%' REQUIRE SUBJECT '/CN=o''brien';"],
      ['app', "h'st", { commonName: 'app' }, "CREATE USER 'app'@'h''st' REQUIRE SUBJECT '/CN=app';"],
      ['x"y', '%', { commonName: 'x"y' }, "CREATE USER 'x\"y'@'%' REQUIRE SUBJECT '/CN=x\"y';"],
      ['app', '%', { commonName: 'app', organization: 'A/B' }, "CREATE USER 'app'@'%' REQUIRE SUBJECT '/O=A\\\\/B/CN=app';"],
      ['app', '%', { commonName: 'app', organization: 'A+B' }, "CREATE USER 'app'@'%' REQUIRE SUBJECT '/O=A\\\\+B/CN=app';"],
      ['app', '%', { commonName: 'app', organization: "O'Reilly Media" }, "CREATE USER 'app'@'%' REQUIRE SUBJECT '/O=O''Reilly Media/CN=app';"],
      ['app', '%', { commonName: 'app', locality: 'Köln' }, "CREATE USER 'app'@'%' REQUIRE SUBJECT '/L=K\\\\xC3\\\\xB6ln/CN=app';"],
      ['app', '%', { commonName: 'app', organization: '日本' }, "CREATE USER 'app'@'%' REQUIRE SUBJECT '/O=\\\\xE6\\\\x97\\\\xA5\\\\xE6\\\\x9C\\\\xAC/CN=app';"],
      ['app', '%', { commonName: 'app', country: 'DE', organizationalUnit: 'a b', province: 'NRW' },
        "CREATE USER 'app'@'%' REQUIRE SUBJECT '/C=DE/ST=NRW/OU=a b/CN=app';"],
      ['ünï', '%', { commonName: 'ünï' }, "CREATE USER 'ünï'@'%' REQUIRE SUBJECT '/CN=\\\\xC3\\\\xBCn\\\\xC3\\\\xAF';"],
    ])('%j@%j %j', (name, host, subject, sql) => {
      const { tls } = deployment();
      const user = tls.addUser('U', { name, host, subject, namespace: 'app', secretName: 'app-db' });
      expect(user.createSql).toBe(sql);
      expect(tls.userSql).toContain(`\n${sql}\n`);
    });
  });

  describe('bad input', () => {
    const add = (opts: Record<string, unknown>): string => {
      const { tls } = deployment();
      return validationError(() => tls.addUser('U', { name: 'app', namespace: 'app', secretName: 'app-db', ...opts } as never)).message;
    };

    test.each([
      ['name', '', 'must be 1 to 32 characters long (has 0)'],
      ['name', 'a'.repeat(33), 'must be 1 to 32 characters long (has 33)'],
      ['name', 'a\\b', 'must not contain a backslash: its meaning in a SQL string depends on sql_mode (NO_BACKSLASH_ESCAPES), so the account would be ambiguous'],
      ['name', 'a\nb', 'must be a user name without control characters of at most 32 characters, without "${" or "%{" (Terraform would evaluate them) and on one line'],
      ['name', 'a\u0000', 'must be a user name without control characters of at most 32 characters, without "${" or "%{" (Terraform would evaluate them) and on one line'],
      ['name', 'pay${var.x}', 'must be a user name without control characters of at most 32 characters, without "${" or "%{" (Terraform would evaluate them) and on one line'],
      ['name', ' app', 'must not start or end with whitespace'],
      ['name', 'app ', 'must not start or end with whitespace'],
      ['host', '', 'must be 1 to 255 characters long (has 0)'],
      ['host', 'h'.repeat(256), 'must be 1 to 255 characters long (has 256)'],
      ['host', '10.0.0.\\%', 'must not contain a backslash'],
      ['host', "%{ if true }x%{ endif }", 'must be a host pattern without control characters of at most 255 characters, without "${" or "%{" (Terraform would evaluate them) and on one line'],
    ])('refuses %s %j', (field, value, expected) => {
      const msg = add({ [field]: value });
      expect(msg.startsWith(`test/SingleStore/U: \`${field}\` ${expected}`)).toBe(true);
      expect(msg.endsWith(`, got ${JSON.stringify(value)}`)).toBe(true);
    });

    test('refuses a name that is a Terraform reference: the SQL is rendered at synth', () => {
      const reference = Token.asString({ Ref: 'x' });
      expect(add({ name: reference })).toContain('`name` must be a literal string known at synth time');
    });

    test('counts characters, not UTF-16 units or bytes, against the 32-character limit', () => {
      const { tls } = deployment();
      expect(tls.addUser('U', { name: 'ü'.repeat(32), namespace: 'app', secretName: 'x' }).name).toHaveLength(32);
      expect(add({ name: '😀'.repeat(33) })).toContain('must be 1 to 32 characters long (has 33)');
    });

    test('refuses a subject value with a backslash: the oneline form cannot carry it unambiguously', () => {
      const msg = add({ subject: { commonName: 'app', organization: 'R\\D' } });
      expect(msg).toBe('test/SingleStore/U: `subject.organization` must not contain a backslash: OpenSSL\'s oneline form does not escape it, so REQUIRE SUBJECT matching would be ambiguous, got "R\\\\D"');
    });

    test('refuses a subject value Terraform would read as a template', () => {
      expect(add({ subject: { commonName: 'app', locality: 'a${b}' } }))
        .toBe('test/SingleStore/U: `subject.locality` must be text without control characters of at most 128 characters, without "${" or "%{" (Terraform would evaluate them) and on one line, got "a${b}"');
    });

    test('needs secretName when the user name is not a DNS-1123 label', () => {
      const { tls } = deployment();
      expect(validationError(() => tls.addUser('U', { name: "o'brien", namespace: 'app' })).message)
        .toBe('test/SingleStore/U: `secretName` must be given when the user name "o\'brien" is not a DNS-1123 label (the default Secret name is "<name>-singlestore-tls"), got nothing');
    });

    test('refuses a bad namespace for the Secret', () => {
      expect(add({ namespace: 'App' })).toContain('test/SingleStore/U: `namespace` must be a DNS-1123 label');
    });

    test('errors are TlsfleetValidationError', () => {
      const { tls } = deployment();
      expect(() => tls.addUser('U', { name: '', namespace: 'app' })).toThrow(TlsfleetValidationError);
    });
  });
});
