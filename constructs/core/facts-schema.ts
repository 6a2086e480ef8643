import { IConstruct } from 'constructs';
import { TlsVersion } from './tls-version';

/**
 * What tlsfleet constructs record about themselves, for attribution and context: which construct
 * owns a resource, whom a certificate was issued for, where a key may go. The policy reads them
 * beside the synthesized plan; a security setting is always judged from the plan itself. Terraform resources that were declared by hand
 * (a `tls_private_key`, a `kubernetes_secret_v1`, an output) are read directly by the rules.
 */
export type PolicyFact = ClusterFact | EndpointFact | CertificateFact | DeliveryFact | DatabaseUserFact;

/** A database cluster and its datacenters. */
export interface ClusterFact {
  readonly kind: 'cluster';
  /** The product's name as the report shows it (`ScyllaDB`, `SingleStore`, ...): any database can record facts. */
  readonly product: string;
  readonly name: string;
  readonly namespace: string;
  readonly datacenters: readonly { readonly name: string; readonly namespace: string; readonly kubernetes: string }[];
  /** A CA rotation in progress: its phase and the construct paths of the old and the new CA. */
  readonly caRotation?: { readonly phase: string; readonly from: string; readonly to: string };
  /** Where clients get the CA that verifies the cluster, when it is not a tlsfleet CA. */
  readonly caSource?: string;
  /** Security controls outside Terraform, and whether someone recorded enabling them. */
  readonly manualControls?: readonly ManualControlFact[];
}

/** A security setting Terraform cannot set or verify (a console switch), as the stack acknowledges it. */
export interface ManualControlFact {
  readonly control: string;
  readonly acknowledged: boolean;
  readonly reason?: string;
  readonly enabledBy?: string;
}

/** A listener of a cluster, as clients see it. */
export interface EndpointFact {
  readonly kind: 'endpoint';
  /** Construct path of the cluster. */
  readonly cluster: string;
  readonly datacenter?: string;
  /** The protocol: one of {@link EndpointApi}, or a product's own name for an API the rules do not know. */
  readonly api: EndpointApi | string;
  /** Host name or URL clients use. */
  readonly address: string;
  readonly port: number;
  readonly transport: 'tls' | 'plaintext';
  /**
   * The protocol versions the listener accepts, lowest first; empty for plaintext; undefined when
   * another party (the operator) sets them and they are not known at synth.
   */
  readonly tlsVersions?: readonly TlsVersion[];
  /** Whether a client must present a certificate from the cluster's client CA. */
  readonly clientCertificates: 'required' | 'not required' | 'per user';
  /** Whether requests are authenticated and authorized. */
  readonly authorization: 'enforced' | 'off';
  /** The certificate the listener serves (construct path), when tlsfleet issues it. */
  readonly certificate?: string;
  /** For node-to-node listeners: scylla.yaml's `internode_encryption` (`none` when not rendered at all). */
  readonly internodeMode?: string;
}

/** A certificate tlsfleet issues or imports. */
export interface CertificateFact {
  readonly kind: 'certificate';
  readonly role: 'ca' | 'server' | 'client';
  /** OpenSSL oneline subject; undefined for an imported CA whose PEM is a Terraform reference. */
  readonly subject?: string;
  /** Construct path of the issuing CA; undefined for a self-signed or imported CA. */
  readonly issuer?: string;
  readonly key?: string;
  readonly validityHours?: number;
  readonly earlyRenewalHours?: number;
  readonly dnsNames?: readonly string[];
  readonly ipAddresses?: readonly string[];
  readonly imported?: boolean;
  /** The Terraform resources that hold the certificate and its key. */
  readonly certificateResource?: IConstruct;
  readonly keyResource?: IConstruct;
  /**
   * Where the private key may go: the namespaces (with their Kubernetes provider paths) of the
   * workloads the certificate was issued for. Empty when no holder was declared.
   */
  readonly holders: readonly CertificateHolderFact[];
}

/** A namespace a certificate's private key may be delivered to. */
export interface CertificateHolderFact {
  readonly namespace: string;
  readonly kubernetes: string;
  readonly description: string;
}

/** A Secret or ConfigMap that carries a certificate, a key or a CA bundle into a namespace. */
export interface DeliveryFact {
  readonly kind: 'delivery';
  readonly object: 'Secret' | 'ConfigMap';
  readonly namespace: string;
  readonly name: string;
  /** Path of the kubernetes provider construct, or `(default kubernetes provider)`. */
  readonly kubernetes: string;
  /** Construct paths of the certificates delivered (with their keys for a Secret). */
  readonly certificates: readonly string[];
  /** Construct paths of the CAs whose certificates are in the bundle. */
  readonly authorities: readonly string[];
  readonly carriesPrivateKey: boolean;
  readonly resource: IConstruct;
}

/** A database user that logs in with a client certificate. */
export interface DatabaseUserFact {
  readonly kind: 'database-user';
  readonly cluster: string;
  readonly account: string;
  readonly requirement: 'REQUIRE SUBJECT' | 'REQUIRE X509';
  readonly subject: string;
}

/** The protocols the policy's listener rules know by name. */
export type EndpointApi = 'CQL' | 'CQL shard-aware' | 'Alternator' | 'SingleStore SQL' | 'Internode';

/** The default Kubernetes provider's name in facts. */
export const DEFAULT_KUBERNETES = '(default kubernetes provider)';

/** The path of a kubernetes provider construct as facts name it. */
export function kubernetesName(provider: IConstruct | undefined): string {
  return provider ? provider.node.path : DEFAULT_KUBERNETES;
}
