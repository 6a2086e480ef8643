import { X509Certificate } from 'node:crypto';
import { Construct, IConstruct } from 'constructs';
import { SelfSignedCert } from '../core/cdktf';
import { invalid } from '../core/errors';
import { recordFact } from '../core/facts';
import { checkHours, checkRenewal, isLiteral } from '../core/validate';
import { KeyAlgorithm, newPrivateKey } from './key-algorithm';
import { DistinguishedName, subjectOneline, toProviderSubject, validateSubject } from './subject';

/** Ten years. */
export const DEFAULT_CA_VALIDITY_HOURS = 87600;
/** One year: a CA is replaced (and with it every leaf it signed) a year before it expires. */
export const DEFAULT_CA_EARLY_RENEWAL_HOURS = 8760;

/** What leaves and bundles need from a CA, whether tlsfleet created it or an organization supplied it. */
export interface ICertificateAuthority extends IConstruct {
  /** The CA certificate (PEM). */
  readonly certificatePem: string;
  /** The CA private key (PEM); sensitive. */
  readonly privateKeyPem: string;
  /** The CA's total lifetime in hours, when known at synth; leaves may not outlive it. */
  readonly validityHours?: number;
  /** Human-readable key algorithm, when known at synth. */
  readonly keyDescription?: string;
  /** True for a CA created by tlsfleet, false for an imported one. */
  readonly managed: boolean;
}

export interface CertificateAuthorityProps {
  /**
   * The CA's subject.
   * @default - `{ commonName: '<id> (tlsfleet)' }`
   */
  readonly subject?: DistinguishedName;
  /** @default KeyAlgorithm.ECDSA_P256 */
  readonly keyAlgorithm?: KeyAlgorithm;
  /** @default 87600 (10 years) */
  readonly validityHours?: number;
  /**
   * How long before expiry the CA is replaced. A new CA replaces every leaf signed by it.
   * @default 8760 (1 year)
   */
  readonly earlyRenewalHours?: number;
}

/** A CA created in Terraform: a private key and a self-signed CA certificate. */
export class CertificateAuthority extends Construct implements ICertificateAuthority {
  /** Imports an organization's CA from PEM; see {@link ImportedCertificateAuthority}. */
  public static fromPem(scope: Construct, id: string, props: ImportedCertificateAuthorityProps): ICertificateAuthority {
    return new ImportedCertificateAuthority(scope, id, props);
  }

  public readonly certificatePem: string;
  public readonly privateKeyPem: string;
  public readonly validityHours: number;
  public readonly earlyRenewalHours: number;
  public readonly keyAlgorithm: KeyAlgorithm;
  public readonly keyDescription: string;
  public readonly subject: DistinguishedName;
  /** The subject in OpenSSL oneline form. */
  public readonly subjectOneline: string;
  public readonly managed = true;
  /** The `tls_self_signed_cert`. */
  public readonly resource: SelfSignedCert;

  constructor(scope: Construct, id: string, props: CertificateAuthorityProps = {}) {
    super(scope, id);
    this.subject = props.subject ?? { commonName: `${id} (tlsfleet)` };
    this.keyAlgorithm = props.keyAlgorithm ?? KeyAlgorithm.ECDSA_P256;
    this.validityHours = props.validityHours ?? DEFAULT_CA_VALIDITY_HOURS;
    this.earlyRenewalHours = props.earlyRenewalHours ?? DEFAULT_CA_EARLY_RENEWAL_HOURS;
    validateSubject(this, 'subject', this.subject);
    this.keyAlgorithm.validate(this, 'keyAlgorithm');
    checkHours(this, 'validityHours', this.validityHours);
    checkRenewal(this, 'earlyRenewalHours', this.earlyRenewalHours, this.validityHours);
    this.subjectOneline = subjectOneline(this.subject);
    this.keyDescription = this.keyAlgorithm.toString();

    const key = newPrivateKey(this, 'Key', this.keyAlgorithm);
    this.resource = new SelfSignedCert(this, 'Resource', {
      privateKeyPem: key.privateKeyPem,
      subject: [toProviderSubject(this.subject)],
      isCaCertificate: true,
      setSubjectKeyId: true,
      allowedUses: ['cert_signing', 'crl_signing'],
      validityPeriodHours: this.validityHours,
      earlyRenewalHours: this.earlyRenewalHours,
    });
    this.certificatePem = this.resource.certPem;
    this.privateKeyPem = key.privateKeyPem;
    recordFact(this, {
      kind: 'certificate',
      role: 'ca',
      subject: this.subjectOneline,
      key: this.keyDescription,
      validityHours: this.validityHours,
      earlyRenewalHours: this.earlyRenewalHours,
      certificateResource: this.resource,
      keyResource: key,
      holders: [],
    });
  }
}

export interface ImportedCertificateAuthorityProps {
  /** The CA certificate in PEM: a literal (checked at synth) or a Terraform reference. */
  readonly certificatePem: string;
  /**
   * The CA private key in PEM. Must be a Terraform reference, for example a sensitive
   * `TerraformVariable`: a literal key would be written in plain text into cdk.tf.json.
   */
  readonly privateKeyPem: string;
  /**
   * The CA's lifetime, used to check that no leaf outlives it when the certificate is a reference.
   * @default - read from the certificate when it is a literal; otherwise leaves are not checked
   */
  readonly validityHours?: number;
}

/** An organization's existing CA, used to sign tlsfleet leaves. Creates no resources. */
export class ImportedCertificateAuthority extends Construct implements ICertificateAuthority {
  public readonly certificatePem: string;
  public readonly privateKeyPem: string;
  public readonly validityHours?: number;
  public readonly keyDescription?: string;
  public readonly managed = false;

  constructor(scope: Construct, id: string, props: ImportedCertificateAuthorityProps) {
    super(scope, id);
    if (isLiteral(props.privateKeyPem)) {
      invalid(this, 'privateKeyPem', props.privateKeyPem.includes('PRIVATE KEY') ? '<a literal PEM private key>' : props.privateKeyPem,
        'must be a Terraform reference such as a sensitive TerraformVariable; a literal key would be stored in plain text in the synthesized JSON');
    }
    this.certificatePem = props.certificatePem;
    this.privateKeyPem = props.privateKeyPem;
    if (props.validityHours !== undefined) checkHours(this, 'validityHours', props.validityHours);
    let validityHours = props.validityHours;
    let subject: string | undefined;
    if (isLiteral(props.certificatePem)) {
      const cert = parseCertificate(this, props.certificatePem);
      subject = cert.subject.split('\n').join(', ');
      if (!cert.ca) invalid(this, 'certificatePem', cert.subject, 'must be a CA certificate (basicConstraints CA:TRUE)');
      const key = cert.publicKey;
      const details = key.asymmetricKeyDetails ?? {};
      if (key.asymmetricKeyType === 'rsa' && (details.modulusLength ?? 0) < 2048) {
        invalid(this, 'certificatePem', `RSA ${details.modulusLength}`, 'must carry an RSA key of at least 2048 bits, or an ECDSA P-256/P-384 or Ed25519 key');
      }
      if (key.asymmetricKeyType === 'ec' && !['prime256v1', 'secp384r1', 'secp521r1'].includes(details.namedCurve ?? '')) {
        invalid(this, 'certificatePem', details.namedCurve, 'must use ECDSA on P-256, P-384 or P-521 (TLS 1.3 curves)');
      }
      this.keyDescription = key.asymmetricKeyType === 'rsa' ? `RSA ${details.modulusLength}`
        : key.asymmetricKeyType === 'ec' ? `ECDSA ${details.namedCurve}` : String(key.asymmetricKeyType);
      const lifetime = Math.floor((Date.parse(cert.validTo) - Date.parse(cert.validFrom)) / 3_600_000);
      validityHours = Math.min(validityHours ?? lifetime, lifetime);
    }
    this.validityHours = validityHours;
    recordFact(this, {
      kind: 'certificate',
      role: 'ca',
      imported: true,
      subject,
      key: this.keyDescription,
      validityHours: this.validityHours,
      holders: [],
    });
  }
}

function parseCertificate(scope: IConstruct, pem: string): X509Certificate {
  try {
    return new X509Certificate(pem);
  } catch (e) {
    return invalid(scope, 'certificatePem', pem.slice(0, 40) + (pem.length > 40 ? '…' : ''),
      `must be one PEM certificate (${(e as Error).message})`);
  }
}
