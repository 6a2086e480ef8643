// A large PKI for `npm run bench`: one CA and BENCH_CLIENTS client certificates with Secrets.
import { App, TerraformStack } from 'cdktf';
import { KubernetesProvider } from '@cdktf/provider-kubernetes/lib/provider';
import { CertificateAuthority, ClientCertificate, TlsSecret } from '../constructs';

const app = new App();
const stack = new TerraformStack(app, 'fleet');
new KubernetesProvider(stack, 'kubernetes', {});
const ca = new CertificateAuthority(stack, 'Ca');
for (let i = 0; i < Number(process.env.BENCH_CLIENTS ?? 100); i++) {
  const cert = new ClientCertificate(stack, `Client${i}`, { ca, subject: { commonName: `app-${i}`, organization: 'Bench' } });
  new TlsSecret(stack, `Secret${i}`, { certificate: cert, namespace: `ns-${i % 20}`, name: `app-${i}-tls` });
}
app.synth();
