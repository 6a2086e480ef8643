import { Construct, IConstruct } from 'constructs';
import { CertRequest, KubernetesProvider, LocallySignedCert } from '../core/cdktf';
import { invalid } from '../core/errors';
import { checkHours, checkRenewal } from '../core/validate';
import { recordFact } from '../core/facts';
import { kubernetesName } from '../core/facts';
import { CaBundle } from './ca-bundle';
import { ICertificateAuthority } from './certificate-authority';
import { KeyAlgorithm, KeyType, newPrivateKey } from './key-algorithm';
import { DistinguishedName, subjectOneline, toProviderSubject, validateSubject } from './subject';

/** One year. */
export const DEFAULT_LEAF_VALIDITY_HOURS = 8760;
/** Thirty days. */
export const DEFAULT_LEAF_EARLY_RENEWAL_HOURS = 720;

/** A workload a certificate is issued for: its private key may be delivered to that namespace only (rule TLSF010). */
export interface CertificateHolder {
  /** The namespace the workload runs in. */
  readonly namespace: string;
  /** The Kubernetes cluster it runs in. @default - the stack's default kubernetes provider */
  readonly provider?: KubernetesProvider;
  /** Who holds the key, in words, for the report (`application orders`). */
  readonly description: string;
}

/** Props shared by server and client certificates. */
export interface LeafCertificateProps {
  /** The CA that signs this certificate. */
  readonly ca: ICertificateAuthority;
  /** @default KeyAlgorithm.ECDSA_P256 */
  readonly keyAlgorithm?: KeyAlgorithm;
  /** @default 8760 (1 year) */
  readonly validityHours?: number;
  /** How long before expiry the certificate is replaced. @default 720 (30 days) */
  readonly earlyRenewalHours?: number;
  /**
   * The CAs this certificate's holder trusts for its peers, delivered as `ca.crt`.
   * @default - the issuing CA alone
   */
  readonly trustBundle?: CaBundle;
  /**
   * The workloads the certificate is issued for. The policy then fails synth when a Secret carries
   * the key anywhere else (rule TLSF010).
   * @default - no declared holder: the key may be delivered anywhere
   */
  readonly holders?: CertificateHolder[];
}

/** A key, a certificate request and a certificate signed by a tlsfleet CA. */
/**
 * A server or client certificate with its key, as other constructs and stacks reference it: what a
 * Secret delivers and what a trust decision needs.
 */
export interface ILeafCertificate extends IConstruct {
  readonly ca: ICertificateAuthority;
  /** The CA bundle that verifies the peer of this certificate's holder. */
  readonly trustBundle: CaBundle;
  readonly subjectOneline: string;
  readonly certificatePem: string;
  readonly privateKeyPem: string;
}

export abstract class LeafCertificate extends Construct implements ILeafCertificate {
  public readonly ca: ICertificateAuthority;
  public readonly keyAlgorithm: KeyAlgorithm;
  public readonly validityHours: number;
  public readonly earlyRenewalHours: number;
  public readonly trustBundle: CaBundle;
  /** Where the private key may go. */
  public readonly holders: readonly CertificateHolder[];
  /** The subject in OpenSSL oneline form, as the issued certificate carries it. */
  public readonly subjectOneline: string;
  /** The certificate (PEM). */
  public readonly certificatePem: string;
  /** The private key (PEM); sensitive. */
  public readonly privateKeyPem: string;
  /** The `tls_locally_signed_cert`. */
  public readonly resource: LocallySignedCert;

  protected constructor(
    scope: Construct,
    id: string,
    props: LeafCertificateProps,
    issue: {
      subject: DistinguishedName;
      dnsNames?: string[];
      ipAddresses?: string[];
      usages: string[];
      /** Checks of the subclass, run before any resource exists. */
      validate?: (self: Construct) => void;
    },
  ) {
    super(scope, id);
    if (!props.ca) invalid(this, 'ca', props.ca, 'must be a CertificateAuthority');
    this.ca = props.ca;
    this.keyAlgorithm = props.keyAlgorithm ?? KeyAlgorithm.ECDSA_P256;
    this.validityHours = props.validityHours ?? DEFAULT_LEAF_VALIDITY_HOURS;
    this.earlyRenewalHours = props.earlyRenewalHours ?? DEFAULT_LEAF_EARLY_RENEWAL_HOURS;
    this.trustBundle = props.trustBundle ?? CaBundle.of(props.ca);
    this.keyAlgorithm.validate(this, 'keyAlgorithm');
    checkHours(this, 'validityHours', this.validityHours);
    checkRenewal(this, 'earlyRenewalHours', this.earlyRenewalHours, this.validityHours);
    this.holders = props.holders ?? [];
    this.holders.forEach((h, i) => {
      if (typeof h.namespace !== 'string' || h.namespace === '') invalid(this, `holders[${i}].namespace`, h.namespace, 'must be a namespace name');
      if (typeof h.description !== 'string' || h.description.trim() === '') invalid(this, `holders[${i}].description`, h.description, 'must say who holds the key');
    });
    this.trustBundle.validate(this, 'trustBundle');
    issue.validate?.(this);
    validateSubject(this, 'subject', issue.subject);

    const key = newPrivateKey(this, 'Key', this.keyAlgorithm);
    const request = new CertRequest(this, 'Request', {
      privateKeyPem: key.privateKeyPem,
      subject: [toProviderSubject(issue.subject)],
      dnsNames: issue.dnsNames?.length ? issue.dnsNames : undefined,
      ipAddresses: issue.ipAddresses?.length ? issue.ipAddresses : undefined,
    });
    // RSA key transport needs keyEncipherment; ECDSA and Ed25519 keys only sign.
    const keyUsages = this.keyAlgorithm.type === KeyType.RSA ? ['digital_signature', 'key_encipherment'] : ['digital_signature'];
    this.resource = new LocallySignedCert(this, 'Resource', {
      certRequestPem: request.certRequestPem,
      caCertPem: props.ca.certificatePem,
      caPrivateKeyPem: props.ca.privateKeyPem,
      allowedUses: [...keyUsages, ...issue.usages],
      validityPeriodHours: this.validityHours,
      earlyRenewalHours: this.earlyRenewalHours,
      setSubjectKeyId: true,
    });
    this.certificatePem = this.resource.certPem;
    this.privateKeyPem = key.privateKeyPem;
    this.subjectOneline = subjectOneline(issue.subject);
    recordFact(this, {
      kind: 'certificate',
      role: issue.usages.includes('server_auth') ? 'server' : 'client',
      subject: this.subjectOneline,
      issuer: props.ca.node.path,
      key: this.keyAlgorithm.toString(),
      validityHours: this.validityHours,
      earlyRenewalHours: this.earlyRenewalHours,
      dnsNames: issue.dnsNames ?? [],
      ipAddresses: issue.ipAddresses ?? [],
      certificateResource: this.resource,
      keyResource: key,
      holders: this.holders.map((h) => ({ namespace: h.namespace, kubernetes: kubernetesName(h.provider), description: h.description })),
    });
  }
}
