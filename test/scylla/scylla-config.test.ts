import { TerraformVariable } from 'cdktf';
import { parse } from 'yaml';
import { CqlOptions, CqlTlsVersions, RESERVED_SCYLLA_CONFIG_KEYS, ResolvedCql, ScyllaCluster, waive } from '../../constructs';
import { configHash, renderScyllaYaml } from '../../constructs/scylla/scylla-config';
import { plainYaml, redeploymentReason, renderCqlshrc } from '../../constructs/scylla/scylla-config';
import fc from 'fast-check';
import { clusterError, minimalProps, synthCluster } from './fixtures';
import { evaluate, k8sObject, newStack } from '../helpers/synth';

const WAIVER = { reason: 'migration window for the legacy reporting job' };

/** Resolved CQL options: secure unless overridden. */
function cql(overrides: Partial<ResolvedCql> = {}): ResolvedCql {
  return { tlsVersions: CqlTlsVersions.TLS1_3, insecureEnablePlaintext: false, insecureDisableClientAuth: false, ...overrides };
}

/** The rendered scylla.yaml; waives every rule the options break, so synth gets that far. */
function yamlOf(props = minimalProps()): any {
  const options: CqlOptions = props.cql ?? {};
  const { json } = synthCluster(props, (c) => {
    if (options.insecureEnablePlaintext) waive(c, 'TLSF001', WAIVER);
    if (options.insecureDisableClientAuth) waive(c, 'TLSF003', WAIVER);
  });
  return parse(k8sObject(json, 'kubernetes_config_map_v1', 'db-tlsfleet-config', 'scylla').data['scylla.yaml']);
}

describe('user scylla.yaml defaults', () => {
  const config = yamlOf();

  test('authentication and authorization on', () => {
    expect(config.authenticator).toBe('PasswordAuthenticator');
    expect(config.authorizer).toBe('CassandraAuthorizer');
  });

  test('TLS-only CQL: plain ports equal to the TLS ports', () => {
    expect(config.native_transport_port).toBe(9142);
    expect(config.native_transport_port_ssl).toBe(9142);
    expect(config.native_shard_aware_transport_port).toBe(19142);
    expect(config.native_shard_aware_transport_port_ssl).toBe(19142);
  });

  test('client_encryption_options: mounted tlsfleet certificate, client CA truststore, mutual TLS, TLS 1.3', () => {
    expect(config.client_encryption_options).toEqual({
      enabled: true,
      certificate: '/var/run/secrets/tlsfleet/cql-serving/tls.crt',
      keyfile: '/var/run/secrets/tlsfleet/cql-serving/tls.key',
      truststore: '/var/run/secrets/tlsfleet/cql-serving/ca.crt',
      require_client_auth: true,
      priority_string: 'SECURE128:-VERS-ALL:+VERS-TLS1.3',
    });
  });

  test('nothing else', () => {
    expect(Object.keys(config).sort()).toEqual([
      'authenticator', 'authorizer', 'client_encryption_options', 'native_shard_aware_transport_port',
      'native_shard_aware_transport_port_ssl', 'native_transport_port', 'native_transport_port_ssl',
      'server_encryption_options', 'ssl_storage_port',
    ]);
  });
});

describe('user scylla.yaml options', () => {
  test('TLS 1.2 and 1.3', () => {
    const config = yamlOf(minimalProps({ cql: { tlsVersions: CqlTlsVersions.TLS1_2_AND_1_3 } }));
    expect(config.client_encryption_options.priority_string).toBe('SECURE128:+SECURE192:-VERS-ALL:+VERS-TLS1.2:+VERS-TLS1.3');
  });

  test('plaintext kept open only with a waiver: the plain ports are left at their defaults', () => {
    const config = yamlOf(minimalProps({ cql: { insecureEnablePlaintext: true } }));
    expect(config).not.toHaveProperty('native_transport_port');
    expect(config).not.toHaveProperty('native_shard_aware_transport_port');
    expect(config.native_transport_port_ssl).toBe(9142);
  });

  test('client certificates not required only with a waiver', () => {
    const config = yamlOf(minimalProps({ cql: { insecureDisableClientAuth: true } }));
    expect(config.client_encryption_options.require_client_auth).toBe(false);
  });

  test('additional settings are added in sorted order after the tlsfleet ones', () => {
    const text = renderScyllaYaml(cql(), { z_setting: 1, a_setting: { nested: ['x'] } });
    const keys = Object.keys(parse(text));
    expect(keys.slice(-2)).toEqual(['a_setting', 'z_setting']);
    expect(parse(text).a_setting).toEqual({ nested: ['x'] });
  });

  test('values that need quoting are rendered by the YAML library, not concatenated', () => {
    const text = renderScyllaYaml(cql(), { cluster_note: 'a: b # not a comment' });
    expect(parse(text).cluster_note).toBe('a: b # not a comment');
  });

  test('each insecure CQL setting is a violation the waiver covers; TLS 1.2 passes the default minimum', () => {
    const stack = newStack({ kubernetesProvider: true });
    const cluster = new ScyllaCluster(stack, 'Db', minimalProps({
      cql: { insecureEnablePlaintext: true, insecureDisableClientAuth: true, tlsVersions: CqlTlsVersions.TLS1_2_AND_1_3 },
    }));
    waive(cluster, 'TLSF001', WAIVER);
    waive(cluster, 'TLSF003', WAIVER);
    const byRule = Object.fromEntries(evaluate(stack).results.map((r) => [r.rule.id, r]));
    expect(byRule.TLSF001.status).toBe('waived');
    expect(byRule.TLSF001.violations.map((v) => v.message)).toEqual([
      'CQL on port 9042 in datacenter dc1 (db-client.scylla.svc) accepts plaintext connections',
      'CQL shard-aware on port 19042 in datacenter dc1 (db-client.scylla.svc) accepts plaintext connections',
    ]);
    expect(byRule.TLSF001.violations[0].waiver).toMatchObject({ reason: WAIVER.reason, path: 'test/Db' });
    expect(byRule.TLSF003).toMatchObject({ status: 'waived' });
    expect(byRule.TLSF004).toMatchObject({ status: 'pass' });
  });
});

describe('config hash', () => {
  test('is stable and short', () => {
    const text = renderScyllaYaml(cql());
    expect(configHash(text)).toMatch(/^[0-9a-f]{16}$/);
    expect(configHash(renderScyllaYaml(cql()))).toBe(configHash(text));
  });

  test('changes with every setting', () => {
    const base = renderScyllaYaml(cql());
    for (const other of [
      renderScyllaYaml(cql({ tlsVersions: CqlTlsVersions.TLS1_2_AND_1_3 })),
      renderScyllaYaml(cql({ insecureEnablePlaintext: true })),
      renderScyllaYaml(cql({ insecureDisableClientAuth: true })),
      renderScyllaYaml(cql(), { x: 1 }),
    ]) {
      expect(configHash(other)).not.toBe(configHash(base));
    }
  });

  test('redeployment reason combines a user reason deterministically', () => {
    expect(redeploymentReason('a')).toBe(`scylla.yaml sha256:${configHash('a')}`);
    expect(redeploymentReason('a', 'why')).toBe(`why; scylla.yaml sha256:${configHash('a')}`);
  });
});

describe('cqlshrc', () => {
  test('connects over TLS to 9142 with the mounted admin certificate, verifying the server', () => {
    const text = renderCqlshrc('db-client.scylla.svc');
    expect(text).toContain('hostname = db-client.scylla.svc\nport = 9142\nssl = true');
    expect(text).toContain('certfile = /var/run/secrets/tlsfleet/cql-admin/ca.crt\nvalidate = true');
    expect(text).toContain('usercert = /var/run/secrets/tlsfleet/cql-admin/tls.crt\nuserkey = /var/run/secrets/tlsfleet/cql-admin/tls.key');
  });

  test('is written per datacenter into the cqlshrc ConfigMap', () => {
    const { json } = synthCluster(minimalProps());
    expect(k8sObject(json, 'kubernetes_config_map_v1', 'db-tlsfleet-cqlshrc', 'scylla').data.cqlshrc).toBe(renderCqlshrc('db-client.scylla.svc'));
  });
});

describe('CQL validation', () => {
  test('rejects a TLS version setting outside the enum', () => {
    const err = clusterError(minimalProps({ cql: { tlsVersions: 'NORMAL' as CqlTlsVersions } }));
    expect(err).toMatchObject({ constructPath: 'test/Db', field: 'cql.tlsVersions', value: 'NORMAL' });
  });

  test.each(['insecureEnablePlaintext', 'insecureDisableClientAuth'] as const)('rejects a non-boolean %s', (key) => {
    const err = clusterError(minimalProps({ cql: { [key]: { reason: 'the old waiver object' } as unknown as boolean } }));
    expect(err).toMatchObject({ field: `cql.${key}`, value: { reason: 'the old waiver object' } });
  });

  test.each(RESERVED_SCYLLA_CONFIG_KEYS)('rejects overriding %s', (key) => {
    const err = clusterError(minimalProps({ additionalScyllaConfig: { [key]: 'x' } }));
    expect(err.field).toBe(`additionalScyllaConfig.${key}`);
  });

  test('rejects Terraform references and non-finite numbers in additional settings', () => {
    const reference = new TerraformVariable(newStack({ kubernetesProvider: true }), 'x', { type: 'string' }).stringValue;
    expect(clusterError(minimalProps({ additionalScyllaConfig: { x: reference } })).field).toBe('additionalScyllaConfig.x');
    expect(clusterError(minimalProps({ additionalScyllaConfig: { x: { y: [Infinity] } } })).field).toBe('additionalScyllaConfig.x.y[0]');
  });
});

describe('plainYaml (scylla.yaml without the YAML library)', () => {
  const { stringify } = require('yaml') as typeof import('yaml');

  test.each([CqlTlsVersions.TLS1_3, CqlTlsVersions.TLS1_2_AND_1_3].flatMap((tlsVersions) => [false, true].flatMap((plain) => [false, true]
    .map((noAuth) => [tlsVersions, plain, noAuth] as const))))('writes the bytes yaml.stringify writes: %s, plaintext %s, no client auth %s', (tlsVersions, plain, noAuth) => {
    const text = renderScyllaYaml(cql({ tlsVersions, insecureEnablePlaintext: plain, insecureDisableClientAuth: noAuth }));
    expect(text).toBe(stringify(parse(text), { lineWidth: 0 }));
  });

  test('agrees with yaml.stringify on any map of plain strings, integers and booleans', () => {
    const scalar = fc.oneof(fc.stringMatching(/^[A-Za-z/][A-Za-z0-9_./:+-]{0,20}$/), fc.integer(), fc.boolean());
    const key = fc.stringMatching(/^[a-z][a-z0-9_]{0,15}$/);
    const tree = fc.letrec((tie) => ({
      node: fc.dictionary(key, fc.oneof({ depthSize: 'small' }, scalar, tie('node')), { minKeys: 1, maxKeys: 5 }),
    })).node;
    fc.assert(fc.property(tree, (config) => {
      let ours: string;
      try {
        ours = plainYaml(config as Record<string, unknown>);
      } catch {
        return true; // refused: renderScyllaYaml would not use it for such a value
      }
      return ours === stringify(config, { lineWidth: 0 });
    }), { numRuns: 2000 });
  });

  test('refuses what needs quoting, so such a value can never be written wrong', () => {
    for (const value of ['true', 'null', '123', 'a: b', 'x #y', '-dash', '', 1.5]) {
      expect(() => plainYaml({ key: value })).toThrow(/needs the YAML library/);
    }
  });
});
