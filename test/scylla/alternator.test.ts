import {
  AlternatorCertificateSource, AlternatorWriteIsolation, PolicyViolationError, ScyllaCluster, waive,
} from '../../constructs';
import { clusterError, minimalProps, synthCluster } from './fixtures';
import { k8sObject, newStack, resourceAt, synth } from '../helpers/synth';

const WAIVER = { reason: 'legacy SDK in the batch importer cannot do TLS', approvedBy: 'security@example.com' };

describe('Alternator defaults', () => {
  const { manifest, json, cluster } = synthCluster(minimalProps({ alternator: {} }), (c) => {
    c.addClient('Orders', { name: 'orders', namespace: 'orders' });
  });

  test('write isolation always, HTTPS only, authorization on, written out explicitly', () => {
    expect(manifest.spec.alternator).toMatchObject({
      writeIsolation: 'always', insecureEnableHTTP: false, insecureDisableAuthorization: false,
    });
  });

  test('never writes the deprecated port', () => {
    expect(manifest.spec.alternator).not.toHaveProperty('port');
  });

  test('a tlsfleet certificate, UserManaged, under the Secret name the operator mounts (#2248)', () => {
    expect(manifest.spec.alternator.servingCertificate).toEqual({
      type: 'UserManaged', userManagedOptions: { secretName: 'db-alternator-local-serving-certs' },
    });
    const secret = k8sObject(json, 'kubernetes_secret_v1', 'db-alternator-local-serving-certs', 'scylla');
    expect(secret.type).toBe('kubernetes.io/tls');
    expect(secret.data['tls.crt']).toMatch(/tls_locally_signed_cert\.Db_dc1_ServingCertificate_/);
    expect(resourceAt(json, 'kubernetes_manifest', 'Db/dc1/Resource').depends_on)
      .toContainEqual(expect.stringMatching(/^kubernetes_secret_v1\.Db_dc1_AlternatorServingSecret_/));
  });

  test('the certificate covers the client and member Services, .svc and .svc.cluster.local', () => {
    expect(resourceAt(json, 'tls_cert_request', 'Db/dc1/ServingCertificate/Request').dns_names).toEqual([
      'db-client.scylla.svc', 'db-client.scylla.svc.cluster.local',
      'db-dc1-r1-0.scylla.svc', 'db-dc1-r1-0.scylla.svc.cluster.local',
      'db-dc1-r1-1.scylla.svc', 'db-dc1-r1-1.scylla.svc.cluster.local',
      'db-dc1-r1-2.scylla.svc', 'db-dc1-r1-2.scylla.svc.cluster.local',
    ]);
  });

  test('outputs the HTTPS endpoint per datacenter', () => {
    expect(json.output.Db_alternator_endpoints.value).toEqual({ dc1: 'https://db-client.scylla.svc:8043' });
    expect(json.output.Db_endpoints.value.dc1.alternator).toBe('https://db-client.scylla.svc:8043');
  });

  test('resolved options are exposed', () => {
    expect(cluster.alternator).toEqual({
      writeIsolation: AlternatorWriteIsolation.ALWAYS, certificateSource: AlternatorCertificateSource.TLSFLEET,
      insecureEnableHttp: false, insecureDisableAuthorization: false,
    });
  });
});

describe('Alternator options', () => {
  test.each(Object.values(AlternatorWriteIsolation))('write isolation %s', (writeIsolation) => {
    const { manifest } = synthCluster(minimalProps({ alternator: { writeIsolation } }));
    expect(manifest.spec.alternator.writeIsolation).toBe(writeIsolation);
  });

  test('operator-managed certificate with additional DNS names and IPs, and no tlsfleet Alternator Secret', () => {
    const { manifest, json } = synthCluster(minimalProps({
      alternator: { certificateSource: AlternatorCertificateSource.OPERATOR_MANAGED },
      additionalDnsNames: ['alternator.example.com'],
      additionalIpAddresses: ['192.0.2.10'],
    }));
    expect(manifest.spec.alternator.servingCertificate).toEqual({
      type: 'OperatorManaged',
      operatorManagedOptions: { additionalDNSNames: ['alternator.example.com'], additionalIPAddresses: ['192.0.2.10'] },
    });
    expect(() => k8sObject(json, 'kubernetes_secret_v1', 'db-alternator-local-serving-certs')).toThrow(/found 0/);
  });

  test('operator-managed certificate without extra names has no options', () => {
    const { manifest } = synthCluster(minimalProps({ alternator: { certificateSource: AlternatorCertificateSource.OPERATOR_MANAGED } }));
    expect(manifest.spec.alternator.servingCertificate).toEqual({ type: 'OperatorManaged' });
  });

  test('extra names are added to a tlsfleet certificate', () => {
    const { json } = synthCluster(minimalProps({ alternator: {}, additionalDnsNames: ['*.alternator.example.com'] }));
    expect(resourceAt(json, 'tls_cert_request', 'Db/dc1/ServingCertificate/Request').dns_names).toContain('*.alternator.example.com');
  });

  test('HTTP needs a waiver of TLSF001: without one synth fails naming the rule, the path and the fix', () => {
    const stack = newStack({ kubernetesProvider: true });
    new ScyllaCluster(stack, 'Db', minimalProps({ alternator: { insecureEnableHttp: true } }));
    const err = (() => { try { synth(stack); } catch (e) { return e; } return undefined; })();
    expect(err).toBeInstanceOf(PolicyViolationError);
    expect((err as Error).message).toContain('[TLSF001] test/Db/dc1: Alternator on port 8000 in datacenter dc1 (http://db-client.scylla.svc:8000) accepts plaintext connections.');
    expect((err as Error).message).toContain('Fix: Remove the insecure listener option');
  });

  test('HTTP with a waiver: written out, and the waiver covers the violation', () => {
    const { manifest } = synthCluster(minimalProps({ alternator: { insecureEnableHttp: true } }), (c) => waive(c, 'TLSF001', WAIVER));
    expect(manifest.spec.alternator.insecureEnableHTTP).toBe(true);
    expect(manifest.spec.alternator).not.toHaveProperty('port');
  });

  test('authorization off needs a waiver of TLSF002', () => {
    const stack = newStack({ kubernetesProvider: true });
    new ScyllaCluster(stack, 'Db', minimalProps({ alternator: { insecureDisableAuthorization: true } }));
    expect(() => synth(stack)).toThrow(/\[TLSF002\] test\/Db\/dc1: Alternator on port 8043 in datacenter dc1 \(https:\/\/db-client.scylla.svc:8043\) does not authenticate requests/);
    const { manifest } = synthCluster(minimalProps({ alternator: { insecureDisableAuthorization: true } }), (c) => waive(c, 'TLSF002', WAIVER));
    expect(manifest.spec.alternator.insecureDisableAuthorization).toBe(true);
  });
});

describe('Alternator validation', () => {
  test('rejects a write isolation outside the enum', () => {
    const err = clusterError(minimalProps({ alternator: { writeIsolation: 'unsafe_rmw' as AlternatorWriteIsolation } }));
    expect(err).toMatchObject({ constructPath: 'test/Db', field: 'alternator.writeIsolation', value: 'unsafe_rmw' });
    expect(err.message).toContain('must be one of AlternatorWriteIsolation.ALWAYS, AlternatorWriteIsolation.FORBID_RMW, AlternatorWriteIsolation.ONLY_RMW_USES_LWT');
  });

  test('rejects an unknown certificate source', () => {
    const err = clusterError(minimalProps({ alternator: { certificateSource: 'UserManaged' as AlternatorCertificateSource } }));
    expect(err).toMatchObject({ field: 'alternator.certificateSource', value: 'UserManaged' });
  });

  test.each([['insecureEnableHttp', 'TLSF001'], ['insecureDisableAuthorization', 'TLSF002']] as const)('rejects a non-boolean %s (the old waiver object) and points at waive()', (key, rule) => {
    const err = clusterError(minimalProps({ alternator: { [key]: { reason: 'legacy SDK in the batch importer' } as unknown as boolean } }));
    expect(err).toMatchObject({ field: `alternator.${key}` });
    expect(err.message).toContain(`must be true or false; the reason for an exception goes into waive(cluster, '${rule}', { reason })`);
  });

  test('rejects a wildcard name with an operator-managed certificate (the operator refuses it)', () => {
    const err = clusterError(minimalProps({
      alternator: { certificateSource: AlternatorCertificateSource.OPERATOR_MANAGED },
      additionalDnsNames: ['*.example.com'],
    }));
    expect(err).toMatchObject({ field: 'additionalDnsNames[0]', value: '*.example.com' });
  });

  test('rejects a wildcard per-datacenter name with an operator-managed certificate', () => {
    const err = clusterError(minimalProps({
      alternator: { certificateSource: AlternatorCertificateSource.OPERATOR_MANAGED },
      datacenters: [{ name: 'dc1', racks: minimalProps().datacenters[0].racks, additionalDnsNames: ['*.example.com'] }],
    }));
    expect(err).toMatchObject({ constructPath: 'test/Db/dc1', field: 'additionalDnsNames[0]' });
  });
});
