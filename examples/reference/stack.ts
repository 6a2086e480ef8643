import { Construct } from 'constructs';
import { TerraformStack, TerraformVariable } from 'cdktf';
import { KubernetesProvider } from '@cdktf/provider-kubernetes/lib/provider';
import {
  CaBundle, CaBundleConfigMap, CertificateAuthority, ClientCertificate, ServerCertificate, TlsSecret,
} from '../../constructs';

/** The reference deployment: one CA, a server certificate and two client certificates, delivered to Kubernetes. */
export class ReferenceStack extends TerraformStack {
  constructor(scope: Construct, id: string) {
    super(scope, id);
    const kubeconfig = new TerraformVariable(this, 'kubeconfig_path', {
      type: 'string', default: '~/.kube/config', description: 'Path of the kubeconfig for the target cluster',
    });
    new KubernetesProvider(this, 'kubernetes', { configPath: kubeconfig.stringValue });

    const ca = new CertificateAuthority(this, 'Ca', {
      subject: { commonName: 'tlsfleet reference CA', organization: 'Example Platform' },
    });
    const bundle = CaBundle.of(ca);
    new CaBundleConfigMap(this, 'CaBundle', { bundle, namespace: 'scylla', name: 'tlsfleet-ca-bundle' });

    const server = new ServerCertificate(this, 'Server', {
      ca,
      dnsNames: ['db-client.scylla.svc', 'db-client.scylla.svc.cluster.local'],
    });
    new TlsSecret(this, 'ServerSecret', { certificate: server, namespace: 'scylla', name: 'db-server-tls' });

    for (const [id, app] of [['Orders', 'orders'], ['Billing', 'billing']] as const) {
      const cert = new ClientCertificate(this, `${id}Client`, {
        ca,
        subject: { commonName: app, organization: 'Example Platform', organizationalUnit: 'Applications' },
      });
      new TlsSecret(this, `${id}Secret`, { certificate: cert, namespace: app, name: `${app}-db-client-tls` });
    }
  }
}
