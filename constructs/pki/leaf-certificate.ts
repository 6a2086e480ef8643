import { Construct, IConstruct } from 'constructs';
import { CertRequest, KubernetesProvider, LocallySignedCert } from '../core/cdktf';
import { invalid } from '../core/errors';
import { checkArray, checkProps } from '../core/props';
import { checkDns1123Label, checkText, isLiteral } from '../core/validate';
import { recordFact } from '../core/facts';
import { kubernetesName } from '../core/facts';
import { CaBundle, checkCaBundle } from './ca-bundle';
import { checkCertificateAuthority, ICertificateAuthority } from './certificate-authority';
import { checkKeyAlgorithm, KeyAlgorithm, KeyType, newPrivateKey } from './key-algorithm';
import { iso } from './private/ca-certificate';
import { claimClientSubject } from './private/client-subjects';
import { checkLifetime } from './private/hours';
import { checkKubernetesProvider } from './private/kubernetes-provider';
import { rejectNulls } from './private/no-nulls';
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

/** The keys of {@link LeafCertificateProps}. */
export const LEAF_PROPS = ['ca', 'keyAlgorithm', 'validityHours', 'earlyRenewalHours', 'trustBundle', 'holders'] as const;
const HOLDER_PROPS = ['namespace', 'provider', 'description'] as const;

/**
 * The lifetime options of a leaf (key, validity, renewal), checked with the leaf's defaults; for
 * constructs that pass them on to a leaf and want them refused before any resource exists.
 */
export function checkLeafOptions(scope: IConstruct, props: Pick<LeafCertificateProps, 'keyAlgorithm' | 'validityHours' | 'earlyRenewalHours'>): void {
  checkKeyAlgorithm(scope, 'keyAlgorithm', props.keyAlgorithm ?? KeyAlgorithm.ECDSA_P256);
  checkLifetime(scope, props.validityHours ?? DEFAULT_LEAF_VALIDITY_HOURS, props.earlyRenewalHours ?? DEFAULT_LEAF_EARLY_RENEWAL_HOURS);
}

/** `holders` must be a list of { namespace, provider?, description }. */
export function checkHolders(scope: IConstruct, field: string, holders: unknown): asserts holders is CertificateHolder[] | undefined {
  if (holders === undefined) return;
  checkArray(scope, field, holders, 'a list of holders { namespace, provider?, description }');
  holders.forEach((h, i) => {
    const at = `${field}[${i}]`;
    checkProps(scope, at, h, HOLDER_PROPS, 'a holder { namespace, provider?, description }');
    checkDns1123Label(scope, `${at}.namespace`, h.namespace as string);
    checkKubernetesProvider(scope, `${at}.provider`, h.provider);
    checkText(scope, `${at}.description`, h.description, { what: 'a description of who holds the key', max: 256 });
  });
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
      /** The subclass's own props keys, beside {@link LEAF_PROPS}. */
      keys: readonly string[];
      /** Checks of the subclass, run before any resource exists. */
      validate?: (self: Construct) => void;
    },
  ) {
    super(scope, id);
    const keys = [...LEAF_PROPS, ...issue.keys];
    checkProps(this, '', props, keys, `an object { ${keys.join(', ')} }`);
    rejectNulls(this, '', props);
    checkCertificateAuthority(this, 'ca', props.ca);
    this.ca = props.ca;
    this.keyAlgorithm = props.keyAlgorithm ?? KeyAlgorithm.ECDSA_P256;
    this.validityHours = props.validityHours ?? DEFAULT_LEAF_VALIDITY_HOURS;
    this.earlyRenewalHours = props.earlyRenewalHours ?? DEFAULT_LEAF_EARLY_RENEWAL_HOURS;
    if (props.trustBundle !== undefined) checkCaBundle(this, 'trustBundle', props.trustBundle);
    this.trustBundle = props.trustBundle ?? CaBundle.of(props.ca);
    checkKeyAlgorithm(this, 'keyAlgorithm', this.keyAlgorithm);
    checkLifetime(this, this.validityHours, this.earlyRenewalHours);
    checkWithinCa(this, this.ca, this.validityHours);
    checkHolders(this, 'holders', props.holders);
    this.holders = props.holders ?? [];
    this.trustBundle.validate(this, 'trustBundle');
    issue.validate?.(this);
    validateSubject(this, 'subject', issue.subject);
    const role = issue.usages.includes('server_auth') ? 'server' : 'client';
    this.subjectOneline = subjectOneline(issue.subject);
    // Server certificates of several datacenters may share a subject; a client subject is a login.
    if (role === 'client') claimClientSubject(this, 'subject', this.ca, this.subjectOneline, { namespaces: this.holders.map((h) => h.namespace) });

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
    recordFact(this, {
      kind: 'certificate',
      role,
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

/**
 * A leaf issued today must expire before its CA, when the CA's expiry is known at synth (an imported
 * literal PEM): clients reject a certificate whose CA has expired, however long it has left itself.
 */
export function checkWithinCa(scope: IConstruct, ca: ICertificateAuthority, validityHours: number): void {
  if (ca.notAfter === undefined || !isLiteral(validityHours)) return;
  const now = Date.now();
  const left = Math.floor((ca.notAfter.getTime() - now) / 3_600_000);
  if (now + validityHours * 3_600_000 > ca.notAfter.getTime()) {
    invalid(scope, 'validityHours', validityHours,
      `must end before its CA ${ca.node.path} expires on ${iso(ca.notAfter)}, at most ${Math.max(left, 0)} hours from now: a certificate issued today would outlive its CA, and clients reject it once the CA has expired (shorten validityHours or import the renewed CA)`);
  }
}
