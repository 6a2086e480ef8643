import { Construct, IConstruct } from 'constructs';
import { SelfSignedCert } from '../core/cdktf';
import { invalid } from '../core/errors';
import { recordFact } from '../core/facts';
import { checkProps } from '../core/props';
import { isLiteral } from '../core/validate';
import { checkKeyAlgorithm, KeyAlgorithm, newPrivateKey } from './key-algorithm';
import { readCaCertificate } from './private/ca-certificate';
import { checkHoursValue, checkLifetime } from './private/hours';
import { rejectNulls } from './private/no-nulls';
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
  /** When the CA certificate expires, when known at synth (an imported literal PEM); leaves must end before. */
  readonly notAfter?: Date;
}

const CA_PROPS = ['subject', 'keyAlgorithm', 'validityHours', 'earlyRenewalHours'] as const;
const IMPORTED_CA_PROPS = ['certificatePem', 'privateKeyPem', 'validityHours'] as const;

/**
 * `value` must be a CA: a {@link CertificateAuthority}, an imported one, or another
 * {@link ICertificateAuthority}. A leaf certificate is refused by name: it has a key and a PEM too.
 */
export function checkCertificateAuthority(scope: IConstruct, field: string, value: unknown): asserts value is ICertificateAuthority {
  if (value instanceof CertificateAuthority || value instanceof ImportedCertificateAuthority) return;
  const expected = 'must be a certificate authority (CertificateAuthority or CertificateAuthority.fromPem)';
  const v = value as (Partial<ICertificateAuthority> & { trustBundle?: unknown; ca?: unknown }) | null | undefined;
  const construct = v !== null && typeof v === 'object' && typeof (v as Partial<IConstruct>).node === 'object';
  if (construct && (v.trustBundle !== undefined || v.ca !== undefined)) {
    invalid(scope, field, value, `${expected}, not a leaf certificate: a leaf cannot sign certificates`);
  }
  if (construct && typeof v.certificatePem === 'string' && typeof v.privateKeyPem === 'string' && typeof v.managed === 'boolean') return;
  invalid(scope, field, value, expected);
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
    checkProps(this, '', props as unknown, CA_PROPS, 'an object { subject?, keyAlgorithm?, validityHours?, earlyRenewalHours? }');
    rejectNulls(this, '', props);
    this.subject = props.subject ?? { commonName: `${id} (tlsfleet)` };
    this.keyAlgorithm = props.keyAlgorithm ?? KeyAlgorithm.ECDSA_P256;
    this.validityHours = props.validityHours ?? DEFAULT_CA_VALIDITY_HOURS;
    this.earlyRenewalHours = props.earlyRenewalHours ?? DEFAULT_CA_EARLY_RENEWAL_HOURS;
    validateSubject(this, 'subject', this.subject);
    checkKeyAlgorithm(this, 'keyAlgorithm', this.keyAlgorithm);
    checkLifetime(this, this.validityHours, this.earlyRenewalHours);
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
  /** When the certificate expires, read from a literal PEM; undefined for a reference. */
  public readonly notAfter?: Date;

  constructor(scope: Construct, id: string, props: ImportedCertificateAuthorityProps) {
    super(scope, id);
    checkProps(this, '', props, IMPORTED_CA_PROPS, 'an object { certificatePem, privateKeyPem, validityHours? }');
    rejectNulls(this, '', props);
    const keyReference = 'must be a Terraform reference such as a sensitive TerraformVariable; a literal key would be stored in plain text in the synthesized JSON';
    if (typeof props.privateKeyPem !== 'string') invalid(this, 'privateKeyPem', withheld(props.privateKeyPem), keyReference);
    if (isLiteral(props.privateKeyPem)) {
      // Never echoed: the text is (or may be) the key, PEM or not.
      invalid(this, 'privateKeyPem', props.privateKeyPem.includes('PRIVATE KEY') ? '<a literal PEM private key>' : `<a literal string of ${props.privateKeyPem.length} characters>`, keyReference);
    }
    if (typeof props.certificatePem !== 'string') {
      invalid(this, 'certificatePem', withheld(props.certificatePem), 'must be one PEM certificate, or a Terraform reference to one');
    }
    if (props.validityHours !== undefined) checkHoursValue(this, 'validityHours', props.validityHours);
    this.certificatePem = props.certificatePem;
    this.privateKeyPem = props.privateKeyPem;
    let validityHours = props.validityHours;
    let subject: string | undefined;
    if (isLiteral(props.certificatePem)) {
      const cert = readCaCertificate(this, 'certificatePem', props.certificatePem);
      subject = cert.subject;
      this.keyDescription = cert.keyDescription;
      this.notAfter = cert.notAfter;
      validityHours = Math.min(validityHours ?? cert.lifetimeHours, cert.lifetimeHours);
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

/** A value that should have been a string of key or certificate text, described without its content. */
function withheld(value: unknown): unknown {
  if (value === undefined || value === null || typeof value === 'number' || typeof value === 'boolean') return value;
  return `<${Array.isArray(value) ? 'a list' : typeof value === 'object' ? 'an object' : `a ${typeof value}`}, not a string>`;
}
