import { parse } from 'yaml';
import {
  InternodeEncryption, InternodeRolloutStep, InternodeTlsVersions, ScyllaCluster, waive,
} from '../../constructs';
import { clusterError, minimalProps, synthCluster } from './fixtures';
import { k8sObject, newStack, resourceAt, synth } from '../helpers/synth';

const REASON = { reason: 'Rolling out node-to-node TLS on the running cluster, one step per change window (OPS-101).' };
const yamlOf = (json: any) => parse(k8sObject(json, 'kubernetes_config_map_v1', 'db-tlsfleet-config', 'scylla').data['scylla.yaml']);
const step = (deployed: InternodeRolloutStep, target: InternodeRolloutStep) => ({ internode: { rollout: { deployed, target } } });

describe('node-to-node TLS by default', () => {
  const { json, manifest } = synthCluster(minimalProps());

  test('scylla.yaml: internode_encryption all, the mounted node certificate, client certificates, TLS 1.3, port 7001', () => {
    const config = yamlOf(json);
    expect(config.server_encryption_options).toEqual({
      internode_encryption: 'all',
      certificate: '/var/run/secrets/tlsfleet/internode/tls.crt',
      keyfile: '/var/run/secrets/tlsfleet/internode/tls.key',
      truststore: '/var/run/secrets/tlsfleet/internode/ca.crt',
      require_client_auth: true,
      priority_string: 'SECURE128:-VERS-ALL:+VERS-TLS1.3',
    });
    expect(config.ssl_storage_port).toBe(7001);
    expect(config.storage_port).toBeUndefined();
  });

  test('one node certificate per datacenter, for serverAuth and clientAuth, from the cluster CA, in a TLS Secret with the CA as ca.crt', () => {
    const cert = resourceAt(json, 'tls_locally_signed_cert', 'Db/dc1/InternodeCertificate/Resource');
    expect(cert.allowed_uses).toEqual(expect.arrayContaining(['server_auth', 'client_auth']));
    expect(cert.ca_cert_pem).toMatch(/tls_self_signed_cert\.Db_Ca_/);
    const secret = k8sObject(json, 'kubernetes_secret_v1', 'db-internode-certs', 'scylla');
    expect(secret.type).toBe('kubernetes.io/tls');
    expect(Object.keys(secret.data).sort()).toEqual(['ca.crt', 'tls.crt', 'tls.key']);
    const sources = manifest.spec.datacenter.racks[0].volumes[0].projected.sources;
    expect(sources.find((s: any) => s.secret?.name === 'db-internode-certs').secret.items.map((i: any) => i.path))
      .toEqual(['internode/tls.crt', 'internode/tls.key', 'internode/ca.crt']);
  });

  test('TLS 1.2 and 1.3 as an option', () => {
    const { json: j } = synthCluster(minimalProps({ internode: { tlsVersions: InternodeTlsVersions.TLS1_2_AND_1_3 } }));
    expect(yamlOf(j).server_encryption_options.priority_string).toBe('SECURE128:+SECURE192:-VERS-ALL:+VERS-TLS1.2:+VERS-TLS1.3');
  });

  test('every datacenter of a cluster renders the same settings and trusts the same CA', () => {
    const { json: j } = synthCluster(minimalProps({
      datacenters: [{ name: 'eu', racks: [{ name: 'r1', members: 1, storageCapacity: '1Gi', cpuLimit: '1', memoryLimit: '1Gi' }] },
        { name: 'us', namespace: 'scylla-us', racks: [{ name: 'r1', members: 1, storageCapacity: '1Gi', cpuLimit: '1', memoryLimit: '1Gi' }] }],
    }));
    const configs = Object.values<any>(j.resource.kubernetes_config_map_v1).filter((c) => c.metadata.name === 'db-tlsfleet-config');
    expect(configs).toHaveLength(2);
    expect(configs[0].data).toEqual(configs[1].data);
    const certs = Object.entries<any>(j.resource.tls_locally_signed_cert).filter(([id]) => id.includes('InternodeCertificate'));
    expect(certs).toHaveLength(2);
    expect(new Set(certs.map(([, c]) => c.ca_cert_pem)).size).toBe(1);
  });

  test('server_encryption_options, ssl_storage_port and storage_port cannot be overridden', () => {
    for (const key of ['server_encryption_options', 'ssl_storage_port', 'storage_port']) {
      expect(clusterError(minimalProps({ additionalScyllaConfig: { [key]: 1 } })).message).toContain(`additionalScyllaConfig.${key}`);
    }
  });
});

describe('node-to-node TLS: weaker modes need a waiver of TLSF013', () => {
  test.each([InternodeEncryption.DC, InternodeEncryption.RACK])('%s keeps 7000 open: synth fails without the waiver, passes with it', (mode) => {
    const stack = newStack({ kubernetesProvider: true });
    new ScyllaCluster(stack, 'Db', minimalProps({ internode: { encryption: mode } }));
    expect(() => synth(stack)).toThrow(/TLSF013.*internode_encryption: /s);
    const { json } = synthCluster(minimalProps({ internode: { encryption: mode } }), (c) => waive(c, 'TLSF013', REASON));
    expect(yamlOf(json).server_encryption_options.internode_encryption).toBe(mode);
  });
});

describe('enabling node-to-node TLS on a running cluster', () => {
  const render = (deployed: InternodeRolloutStep, target: InternodeRolloutStep) => {
    const { json, manifest } = synthCluster(minimalProps(step(deployed, target)), (c) => {
      if (target !== InternodeRolloutStep.ENFORCED) waive(c, 'TLSF013', REASON);
    });
    return { config: yamlOf(json), manifest, json };
  };

  test('the three steps render none with certificates, transitional, then all; each rolls the pods', () => {
    const p = render(InternodeRolloutStep.PLAINTEXT, InternodeRolloutStep.PLAINTEXT);
    const c = render(InternodeRolloutStep.PLAINTEXT, InternodeRolloutStep.CERTIFICATES);
    const t = render(InternodeRolloutStep.CERTIFICATES, InternodeRolloutStep.TRANSITIONAL);
    const a = render(InternodeRolloutStep.TRANSITIONAL, InternodeRolloutStep.ENFORCED);
    expect([p, c, t, a].map((r) => r.config.server_encryption_options?.internode_encryption)).toEqual([undefined, 'none', 'transitional', 'all']);
    expect([p, c, t, a].map((r) => r.config.ssl_storage_port)).toEqual([undefined, 7001, 7001, 7001]);
    expect(new Set([p, c, t, a].map((r) => r.manifest.spec.forceRedeploymentReason)).size).toBe(4);
    // No node certificate before the first step.
    expect(Object.keys(p.json.resource.tls_locally_signed_cert).some((id) => id.includes('Internode'))).toBe(false);
    expect(p.manifest.spec.datacenter.racks[0].volumes[0].projected.sources).toHaveLength(3);
  });

  test('the enforced step equals a new cluster', () => {
    expect(render(InternodeRolloutStep.TRANSITIONAL, InternodeRolloutStep.ENFORCED).config).toEqual(yamlOf(synthCluster(minimalProps()).json));
  });

  test('a step backwards is an error that explains the order', () => {
    const e = clusterError(minimalProps(step(InternodeRolloutStep.TRANSITIONAL, InternodeRolloutStep.CERTIFICATES)));
    expect(e.message).toContain('test/Db: `internode.rollout.target` must not go back from the deployed step "transitional"');
    expect(e.message).toContain('plaintext → certificates → transitional → enforced');
  });

  test('a skipped step is an error that names the next one', () => {
    const e = clusterError(minimalProps(step(InternodeRolloutStep.PLAINTEXT, InternodeRolloutStep.TRANSITIONAL)));
    expect(e.message).toContain('`internode.rollout.target` must be the deployed step "plaintext" or the next one, "certificates"');
    expect(clusterError(minimalProps(step(InternodeRolloutStep.CERTIFICATES, InternodeRolloutStep.ENFORCED))).message).toContain('"transitional"');
  });

  test('bad values from JavaScript are errors naming the field', () => {
    expect(clusterError(minimalProps({ internode: { rollout: { deployed: 'half' as any, target: InternodeRolloutStep.ENFORCED } } })).message)
      .toContain('`internode.rollout.deployed` must be one of InternodeRolloutStep.PLAINTEXT, InternodeRolloutStep.CERTIFICATES, InternodeRolloutStep.TRANSITIONAL, InternodeRolloutStep.ENFORCED');
    expect(clusterError(minimalProps({ internode: { encryption: 'none' as any } })).message).toContain('`internode.encryption` must be one of InternodeEncryption.ALL, InternodeEncryption.DC, InternodeEncryption.RACK');
    expect(clusterError(minimalProps({ internode: { tlsVersions: 'TLS1.0' as any } })).message).toContain('`internode.tlsVersions`');
    expect(clusterError(minimalProps({ internode: 'all' as any })).message).toContain('`internode` must be an object');
  });
});
