import { Construct } from 'constructs';
import { invalid } from '../core/errors';
import { checkArray, checkBoolean } from '../core/props';
import { checkDnsName, checkIpAddress, checkUnique } from '../core/validate';
import { LeafCertificate, LeafCertificateProps } from './leaf-certificate';
import { DistinguishedName } from './subject';

export interface ServerCertificateProps extends LeafCertificateProps {
  /** DNS subject alternative names. At least one DNS name or IP address is required. @default [] */
  readonly dnsNames?: string[];
  /** IP subject alternative names. @default [] */
  readonly ipAddresses?: string[];
  /**
   * The subject. Clients verify the SANs, not the subject.
   * @default - `{ commonName: <first DNS name, or first IP address> }`
   */
  readonly subject?: DistinguishedName;
  /**
   * Also extended key usage clientAuth: for peers that are both ends of mutual TLS, such as ScyllaDB nodes.
   * @default false
   */
  readonly clientAuth?: boolean;
}

const SERVER_PROPS = ['dnsNames', 'ipAddresses', 'subject', 'clientAuth'] as const;

/** A certificate for a TLS server (extended key usage serverAuth). */
export class ServerCertificate extends LeafCertificate {
  public readonly dnsNames: readonly string[];
  public readonly ipAddresses: readonly string[];
  public readonly subject: DistinguishedName;

  constructor(scope: Construct, id: string, props: ServerCertificateProps) {
    // Read defensively: the props are checked by LeafCertificate, after super(), before any use of these.
    const p: Partial<ServerCertificateProps> = props !== null && typeof props === 'object' ? props : {};
    const dnsNames = p.dnsNames ?? [];
    const ipAddresses = p.ipAddresses ?? [];
    const subject = p.subject ?? { commonName: (Array.isArray(dnsNames) ? dnsNames[0] : undefined) ?? (Array.isArray(ipAddresses) ? ipAddresses[0] : undefined) ?? '' };
    super(scope, id, props, {
      subject, dnsNames, ipAddresses, usages: p.clientAuth === true ? ['server_auth', 'client_auth'] : ['server_auth'],
      keys: SERVER_PROPS,
      validate: (self) => {
        checkArray(self, 'dnsNames', dnsNames, 'a list of DNS names');
        checkArray(self, 'ipAddresses', ipAddresses, 'a list of IP addresses');
        if (dnsNames.length + ipAddresses.length === 0) {
          invalid(self, 'dnsNames', dnsNames, 'must hold at least one name (or `ipAddresses` one address): clients verify the server by its SANs');
        }
        dnsNames.forEach((n, i) => checkDnsName(self, `dnsNames[${i}]`, n));
        ipAddresses.forEach((ip, i) => checkIpAddress(self, `ipAddresses[${i}]`, ip));
        checkUnique(self, 'dnsNames', dnsNames);
        checkUnique(self, 'ipAddresses', ipAddresses);
        if (p.clientAuth !== undefined) checkBoolean(self, 'clientAuth', p.clientAuth);
      },
    });
    this.dnsNames = dnsNames;
    this.ipAddresses = ipAddresses;
    this.subject = subject;
  }
}
