// SingleStore fixtures for the tests of constructs/singlestore. Stacks, synthesis and lookups are the
// shared ones in test/helpers/synth.ts.
import { TerraformStack } from 'cdktf';
import { CertificateAuthority, SingleStoreTls, SingleStoreTlsProps, SingleStoreVersion } from '../../constructs';
import { newStack } from '../helpers/synth';

/** A SingleStoreTls on 9.1 with a CA, in a fresh stack with the default kubernetes provider. */
export function deployment(props: Partial<SingleStoreTlsProps> = {}): { stack: TerraformStack; ca: CertificateAuthority; tls: SingleStoreTls } {
  const stack = newStack({ kubernetesProvider: true });
  const ca = new CertificateAuthority(stack, 'Ca', { subject: { commonName: 'test CA' } });
  const tls = new SingleStoreTls(stack, 'SingleStore', {
    clusterName: 'sdb', namespace: 'db', engineVersion: SingleStoreVersion.V9_1, ca, ...props,
  });
  return { stack, ca, tls };
}
