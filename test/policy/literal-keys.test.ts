// TLSF015's walk for literal private keys skips the parts of Kubernetes objects the payload scan already read
// whole (context/build.ts scannedClean); everything else in every block is still walked. These cases put a
// literal key next to such parts, where only the walk can find it.
import { SecretV1 } from '@cdktf/provider-kubernetes/lib/secret-v1';
import { ConfigMapV1 } from '@cdktf/provider-kubernetes/lib/config-map-v1';
import { TlsProvider } from '@cdktf/provider-tls/lib/provider';
import { CertificateAuthority } from '../../constructs';
import { literalKeyHolders } from '../../constructs/policy/plan/literal-keys';
import { TerraformJson } from '../../constructs/policy/plan/expression';
import { trySynth } from '../helpers/synth';

const KEY = ['-----BEGIN PRIVATE KEY-----', 'MC4CAQAwBQYDK2VwBCIEIBm2vGm3rZyDeS1vyD1l0o8gTk9sJTJrXbN8A9H9aQx5', '-----END PRIVATE KEY-----'].join('\n');

/** The synth error's message; a tlsfleet CA makes the stack one the policy judges. */
function synthMessage(build: Parameters<typeof trySynth>[0]): string {
  const attempt = trySynth((s) => {
    new TlsProvider(s, 'tls');
    new CertificateAuthority(s, 'Ca');
    build(s);
  }, { kubernetesProvider: true });
  return attempt.error?.message ?? '';
}

describe('literal keys beside parts the payload scan read', () => {
  test('a key in a Secret\'s type, beside clean data and metadata, is found', () => {
    const message = synthMessage((s) => {
      new SecretV1(s, 'Plain', { metadata: { name: 'plain', namespace: 'app' }, data: { a: 'b' } }).addOverride('type', KEY);
    });
    expect(message).toMatch(/\[TLSF015\] test\/Plain: kubernetes_secret_v1\.Plain holds a private key written as a literal/);
  });

  test('a key in a ConfigMap\'s lifecycle (outside its payload) is found', () => {
    const message = synthMessage((s) => {
      new ConfigMapV1(s, 'Plain', { metadata: { name: 'plain', namespace: 'app' }, data: { a: 'b' } }).addOverride('lifecycle.replace_triggered_by', [KEY]);
    });
    expect(message).toMatch(/\[TLSF015\] test\/Plain: kubernetes_config_map_v1\.Plain holds a private key written as a literal/);
  });

  test('a key in a ConfigMap\'s data is found by both checks', () => {
    const message = synthMessage((s) => {
      new ConfigMapV1(s, 'Leak', { metadata: { name: 'leak', namespace: 'app' }, data: { k: KEY } });
    });
    expect(message).toMatch(/\[TLSF015\] test\/Leak: ConfigMap app\/leak carries a literal private key/);
    expect(message).toMatch(/\[TLSF015\] test\/Leak: kubernetes_config_map_v1\.Leak holds a private key written as a literal/);
    expect(message).not.toContain('MC4CAQAw');
  });

  test('only the parts named clean are skipped', () => {
    const body = { data: { k: KEY }, type: KEY };
    const config = { resource: { kubernetes_secret_v1: { s: body } } } as TerraformJson;
    const owner = (): never => undefined as never;
    expect(literalKeyHolders(config, owner).map((h) => h.where)).toEqual(['kubernetes_secret_v1.s']);
    // The data named clean (as the scan would never name it) is skipped; the type is still read.
    expect(literalKeyHolders(config, owner, new Set([body.data])).map((h) => h.where)).toEqual(['kubernetes_secret_v1.s']);
    const noType = { resource: { kubernetes_secret_v1: { s: { data: body.data } } } } as TerraformJson;
    expect(literalKeyHolders(noType, owner, new Set([body.data]))).toEqual([]);
  });
});
