import { Construct } from 'constructs';
import { LeafCertificate, LeafCertificateProps } from './leaf-certificate';
import { DistinguishedName } from './subject';

export interface ClientCertificateProps extends LeafCertificateProps {
  /** The exact subject; databases match it byte for byte (see `subjectOneline`). */
  readonly subject: DistinguishedName;
}

/**
 * A certificate a client presents for mutual TLS (extended key usage clientAuth). Its
 * `subjectOneline` is the subject exactly as OpenSSL's oneline form prints it from the issued
 * certificate (`openssl x509 -noout -subject -nameopt compat`, without `subject=`), computed at synth.
 */
export class ClientCertificate extends LeafCertificate {
  public readonly subject: DistinguishedName;

  constructor(scope: Construct, id: string, props: ClientCertificateProps) {
    // Read defensively: LeafCertificate checks the props after super(), before any resource exists.
    const subject = (props as Partial<ClientCertificateProps> | null | undefined)?.subject as DistinguishedName;
    super(scope, id, props, { subject, usages: ['client_auth'], keys: ['subject'] });
    this.subject = subject;
  }
}
