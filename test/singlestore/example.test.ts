import { Testing } from 'cdktf';
import { SingleStoreMtlsStack } from '../../examples/singlestore-mtls/stack';
import { evaluate, resourceAt, synth } from '../helpers/synth';

describe('examples/singlestore-mtls', () => {
  const app = Testing.app();
  const stack = new SingleStoreMtlsStack(app, 'singlestore-mtls');
  const json = synth(stack);

  test('synthesizes one REQUIRE SUBJECT user and one REQUIRE X509 user, as an output and a ConfigMap', () => {
    const sql = [
      '-- tlsfleet: certificate-authenticated users of SingleStore cluster sdb-cluster (engine 9.1).',
      '-- String literals assume the default sql_mode: NO_BACKSLASH_ESCAPES must be off.',
      "CREATE USER 'orders'@'%' REQUIRE SUBJECT '/O=Example Platform/OU=R\\\\/D\\\\+Ops/CN=orders';",
      "CREATE USER 'reporting'@'%' REQUIRE X509;",
      '',
    ].join('\n');
    expect(json.output.singlestore_user_sql.value).toBe(sql);
    expect(resourceAt(json, 'kubernetes_config_map_v1', 'SingleStore/UserSql').data['users.sql']).toBe(sql);
  });

  test('delivers the server Secret for sslSecretName and each client certificate to its namespace', () => {
    const server = resourceAt(json, 'kubernetes_secret_v1', 'SingleStore/ServerSecret/Resource');
    expect(server.metadata).toMatchObject({ name: 'sdb-cluster-tls', namespace: 'singlestore' });
    expect(Object.keys(server.data).sort()).toEqual(['tls.ca', 'tls.crt', 'tls.key']);
    expect(resourceAt(json, 'kubernetes_secret_v1', 'SingleStore/Orders/Secret/Resource').metadata).toMatchObject({ name: 'orders-singlestore-tls', namespace: 'orders' });
    expect(resourceAt(json, 'kubernetes_secret_v1', 'SingleStore/Reporting/Secret/Resource').metadata).toMatchObject({ name: 'reporting-singlestore-tls', namespace: 'reporting' });
    expect(json.output.singlestore_operator_spec.value).toEqual({
      secureConnectionSpec: { sslSecretName: 'sdb-cluster-tls', clientServerConnection: 'enable' },
      globalVariables: { ssl_ca_for_client_cert: '/etc/memsql/client-ca/ca-bundle.crt', tls_version: 'TLSv1.2' },
    });
  });

  test('the X509 user is the one waived violation (TLSF012); every other rule passes', () => {
    const results = evaluate(stack).results;
    expect(results.filter((r) => r.status !== 'pass').map((r) => [r.rule.id, r.status])).toEqual([
      ['TLSF002', 'not applicable'], ['TLSF003', 'not applicable'], ['TLSF012', 'waived'], ['TLSF013', 'not applicable'], ['TLSF014', 'not applicable'], ['TLSF015', 'not applicable'],
    ]);
    expect(results.find((r) => r.rule.id === 'TLSF012')!.violations).toEqual([{
      path: 'singlestore-mtls/SingleStore/Reporting',
      message: "'reporting'@'%' is created with REQUIRE X509: any certificate from the client CA logs in",
      waiver: expect.objectContaining({ path: 'singlestore-mtls/SingleStore/Reporting', approvedBy: 'platform-security' }),
    }]);
  });
});
