import { Construct } from 'constructs';
import { KubernetesProvider, SecretV1 } from '../core/cdktf';
import { invalid } from '../core/errors';
import { checkEnum, checkProps } from '../core/props';
import { CaBundle, checkCaBundle } from './ca-bundle';
import { ILeafCertificate, LeafCertificate } from './leaf-certificate';
import { kubernetesMetadata } from '../core/kubernetes-metadata';
import { recordFact } from '../core/facts';
import { kubernetesName } from '../core/facts';
import { checkKubernetesProvider } from './private/kubernetes-provider';
import { rejectNulls } from './private/no-nulls';

const PROPS = ['certificate', 'namespace', 'name', 'trustBundle', 'layout', 'provider', 'labels'] as const;

/** Key names inside a TLS Secret. */
export enum TlsSecretLayout {
  /** `tls.crt`, `tls.key`, `ca.crt`: the cert-manager and Kubernetes convention. */
  KUBERNETES = 'ca.crt',
  /** `tls.crt`, `tls.key`, `tls.ca`: what the SingleStore Operator's `sslSecretName` reads. */
  SINGLESTORE = 'tls.ca',
}

export interface TlsSecretProps {
  /** The certificate and key to deliver. */
  readonly certificate: ILeafCertificate;
  readonly namespace: string;
  readonly name: string;
  /** The CA bundle delivered beside the certificate. @default - the certificate's trust bundle */
  readonly trustBundle?: CaBundle;
  /** Where the CA bundle goes. @default TlsSecretLayout.KUBERNETES */
  readonly layout?: TlsSecretLayout;
  /** @default - the stack's default kubernetes provider */
  readonly provider?: KubernetesProvider;
  /** Extra labels. @default - only `app.kubernetes.io/managed-by: tlsfleet` */
  readonly labels?: Record<string, string>;
}

/**
 * A `kubernetes.io/tls` Secret holding a tlsfleet certificate, its key and the CA bundle.
 * When the certificate is renewed the Secret is updated in place.
 */
export class TlsSecret extends Construct {
  public readonly namespace: string;
  public readonly name: string;
  public readonly caKey: string;
  public readonly resource: SecretV1;

  constructor(scope: Construct, id: string, props: TlsSecretProps) {
    super(scope, id);
    checkProps(this, '', props, PROPS, `an object { ${PROPS.join(', ')} }`);
    rejectNulls(this, '', props);
    if (!isLeafCertificate(props.certificate)) {
      invalid(this, 'certificate', props.certificate, 'must be a server or client certificate (ServerCertificate, ClientCertificate), not a CA');
    }
    if (props.trustBundle !== undefined) checkCaBundle(this, 'trustBundle', props.trustBundle);
    const bundle = props.trustBundle ?? props.certificate.trustBundle;
    bundle.validate(this, 'trustBundle');
    const layout = props.layout ?? TlsSecretLayout.KUBERNETES;
    checkEnum(this, 'layout', layout, TlsSecretLayout, 'TlsSecretLayout');
    checkKubernetesProvider(this, 'provider', props.provider);
    const metadata = kubernetesMetadata(this, 'Secret', props);
    this.namespace = props.namespace;
    this.name = props.name;
    this.caKey = layout;
    this.resource = new SecretV1(this, 'Resource', {
      provider: props.provider,
      metadata,
      type: 'kubernetes.io/tls',
      data: {
        'tls.crt': props.certificate.certificatePem,
        'tls.key': props.certificate.privateKeyPem,
        [this.caKey]: bundle.pem,
      },
    });
    recordFact(this, {
      kind: 'delivery', object: 'Secret', namespace: this.namespace, name: this.name, kubernetes: kubernetesName(props.provider),
      certificates: [props.certificate.node.path], authorities: bundle.authorities.map((a) => a.node.path),
      carriesPrivateKey: true, resource: this.resource,
    });
  }
}

/** A tlsfleet leaf, or another ILeafCertificate with the members a Secret needs (not a CA, which has no trust bundle). */
function isLeafCertificate(c: unknown): c is ILeafCertificate {
  if (c instanceof LeafCertificate) return true;
  const l = c as Partial<ILeafCertificate> | null;
  return l !== null && typeof l === 'object' && typeof l.node === 'object' && l.trustBundle !== undefined
    && typeof l.certificatePem === 'string' && typeof l.privateKeyPem === 'string' && l.ca !== undefined;
}
