import { Construct, IConstruct } from 'constructs';
import { ConfigMapV1, Fn, KubernetesProvider } from '../core/cdktf';
import { invalid } from '../core/errors';
import { checkProps } from '../core/props';
import { isLiteral } from '../core/validate';
import { checkCertificateAuthority, ICertificateAuthority } from './certificate-authority';
import { kubernetesMetadata } from '../core/kubernetes-metadata';
import { recordFact } from '../core/facts';
import { kubernetesName } from '../core/facts';
import { checkKubernetesProvider } from './private/kubernetes-provider';
import { rejectNulls } from './private/no-nulls';

/** The ConfigMap key the ScyllaDB Operator and most clients read a CA bundle from. */
export const CA_BUNDLE_KEY = 'ca-bundle.crt';

/**
 * One or more CA certificates that a peer trusts. Holding the old and the new CA at once is
 * how a CA is rotated without downtime: clients trust both, then leaves move to the new one.
 */
export class CaBundle {
  /** A bundle of `authorities`, in the order given. */
  public static of(...authorities: ICertificateAuthority[]): CaBundle {
    return new CaBundle(authorities);
  }

  private constructor(public readonly authorities: readonly ICertificateAuthority[]) {}

  /** The concatenated PEM certificates, each ending in a newline. */
  public get pem(): string {
    const pems = this.authorities.map((ca) => normalizePem(ca));
    return pems.length === 1 ? pems[0] : Fn.join('', pems);
  }

  /** Rejects an empty bundle, an entry that is not a CA, or a CA listed twice, in the words of the construct using it. */
  public validate(scope: IConstruct, field: string): void {
    if (this.authorities.length === 0) invalid(scope, field, [], 'must hold at least one CA certificate');
    this.authorities.forEach((ca, i) => checkCertificateAuthority(scope, `${field}[${i}]`, ca));
    const seen = new Set<ICertificateAuthority>();
    for (const ca of this.authorities) {
      if (seen.has(ca)) invalid(scope, field, ca.node.path, 'must not list the same CA twice');
      seen.add(ca);
    }
  }
}

/** `value` must be a {@link CaBundle} (`CaBundle.of(ca, …)`) with at least one CA, each listed once. */
export function checkCaBundle(scope: IConstruct, field: string, value: unknown): asserts value is CaBundle {
  if (!(value instanceof CaBundle)) invalid(scope, field, value, 'must be a CaBundle: CaBundle.of(ca, …) of one or more certificate authorities');
  value.validate(scope, field);
}

function normalizePem(ca: ICertificateAuthority): string {
  if (ca.managed) return ca.certificatePem; // the provider's PEM already ends in a newline
  if (isLiteral(ca.certificatePem)) return ca.certificatePem.trim() + '\n';
  return Fn.format('%s\n', [Fn.trimspace(ca.certificatePem)]);
}

export interface CaBundleConfigMapProps {
  readonly bundle: CaBundle;
  readonly namespace: string;
  readonly name: string;
  /** @default - the stack's default kubernetes provider */
  readonly provider?: KubernetesProvider;
  /** Extra labels. @default - only `app.kubernetes.io/managed-by: tlsfleet` */
  readonly labels?: Record<string, string>;
}

const CONFIG_MAP_PROPS = ['bundle', 'namespace', 'name', 'provider', 'labels'] as const;

/** A ConfigMap carrying a CA bundle under `ca-bundle.crt`: public data, so not a Secret. */
export class CaBundleConfigMap extends Construct {
  public readonly namespace: string;
  public readonly name: string;
  public readonly resource: ConfigMapV1;

  constructor(scope: Construct, id: string, props: CaBundleConfigMapProps) {
    super(scope, id);
    checkProps(this, '', props, CONFIG_MAP_PROPS, 'an object { bundle, namespace, name, provider?, labels? }');
    rejectNulls(this, '', props);
    checkCaBundle(this, 'bundle', props.bundle);
    checkKubernetesProvider(this, 'provider', props.provider);
    const metadata = kubernetesMetadata(this, 'ConfigMap', props);
    this.namespace = props.namespace;
    this.name = props.name;
    this.resource = new ConfigMapV1(this, 'Resource', {
      provider: props.provider,
      metadata,
      data: { [CA_BUNDLE_KEY]: props.bundle.pem },
    });
    recordFact(this, {
      kind: 'delivery', object: 'ConfigMap', namespace: this.namespace, name: this.name, kubernetes: kubernetesName(props.provider),
      certificates: [], authorities: props.bundle.authorities.map((a) => a.node.path), carriesPrivateKey: false, resource: this.resource,
    });
  }
}
