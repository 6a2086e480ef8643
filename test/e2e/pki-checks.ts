// Generic checks of an applied PKI: every leaf in a Terraform state against its CA, SANs,
// key usages and the predicted oneline subject. Used for the reference app, examples and fixtures.
import { isIPv6 } from 'node:net';
import { DistinguishedName, subjectOneline } from '../../constructs';
import { certificateText, onelineSubject, subjectAltNames, verifyChain } from './openssl';
import { resourcesInState, TerraformStateJson } from './terraform-harness';

export interface LeafReport {
  readonly address: string;
  readonly subject: string;
  readonly sans: string[];
  readonly usages: string[];
}

/** The DN that a `subject` block of tls_cert_request state describes. */
export function dnFromState(block: Record<string, unknown> | undefined): DistinguishedName {
  const b = block ?? {};
  const str = (k: string) => (typeof b[k] === 'string' && b[k] !== '' ? (b[k] as string) : undefined);
  const street = Array.isArray(b.street_address) && b.street_address.length ? String(b.street_address[0]) : undefined;
  return {
    commonName: str('common_name') ?? '', organization: str('organization'), organizationalUnit: str('organizational_unit'),
    country: str('country'), province: str('province'), locality: str('locality'), streetAddress: street,
    postalCode: str('postal_code'), serialNumber: str('serial_number'),
  };
}

/** Canonical form of an IP address as openssl prints it in SANs. */
function openSslIp(ip: string): string {
  if (!isIPv6(ip)) return ip;
  // openssl prints every 16-bit group, upper-case, without compression.
  const [head, tail = ''] = ip.split('::');
  const h = head ? head.split(':') : [];
  const t = tail ? tail.split(':') : [];
  const groups = ip.includes('::') ? [...h, ...Array(8 - h.length - t.length).fill('0'), ...t] : h;
  return groups.map((g) => parseInt(g, 16).toString(16).toUpperCase()).join(':');
}

/**
 * Verifies every `tls_locally_signed_cert` in `state`: chains to the CA it was signed with
 * (`openssl verify -x509_strict`), carries exactly the requested SANs, and its subject in oneline
 * form equals `subjectOneline` of the requested subject. Throws on the first mismatch.
 */
export function verifyAppliedPki(state: TerraformStateJson): LeafReport[] {
  const requests = resourcesInState(state, 'tls_cert_request');
  const reports: LeafReport[] = [];
  for (const { address, values } of resourcesInState(state, 'tls_locally_signed_cert')) {
    const request = requests.find((r) => r.values.cert_request_pem === values.cert_request_pem);
    if (!request) throw new Error(`${address}: no tls_cert_request in state produced its request`);
    const verified = verifyChain(values.ca_cert_pem, values.cert_pem);
    if (verified !== 'leaf.pem: OK') throw new Error(`${address}: openssl verify said ${verified}`);

    const predicted = subjectOneline(dnFromState(request.values.subject?.[0]));
    const actual = onelineSubject(values.cert_pem);
    if (actual !== predicted) throw new Error(`${address}: subject is ${actual}, predicted ${predicted}`);

    const expectedSans = [
      ...(request.values.dns_names ?? []).map((d: string) => `DNS:${d}`),
      ...(request.values.ip_addresses ?? []).map((ip: string) => `IP Address:${openSslIp(ip)}`),
    ].sort();
    const sans = subjectAltNames(values.cert_pem).sort();
    if (JSON.stringify(sans) !== JSON.stringify(expectedSans)) {
      throw new Error(`${address}: SANs ${JSON.stringify(sans)}, requested ${JSON.stringify(expectedSans)}`);
    }
    const text = certificateText(values.cert_pem);
    const usages: string[] = [];
    if (/TLS Web Server Authentication/.test(text)) usages.push('serverAuth');
    if (/TLS Web Client Authentication/.test(text)) usages.push('clientAuth');
    if (/CA:TRUE/.test(text)) throw new Error(`${address}: a leaf must not be a CA`);
    reports.push({ address, subject: actual, sans, usages });
  }
  return reports;
}
