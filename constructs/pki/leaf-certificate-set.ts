import { Construct } from 'constructs';
import { CertRequest, LocallySignedCert, TlsPrivateKey } from '../core/cdktf';
import { invalid } from '../core/errors';
import { kubernetesName, recordFact } from '../core/facts';
import { checkArray, checkPlainObject, checkProps } from '../core/props';
import { isInstanceKey, ResourceInstance } from '../core/resource-instance';
import { CaBundle, checkCaBundle } from './ca-bundle';
import { checkCertificateAuthority, ICertificateAuthority } from './certificate-authority';
import { KeyAlgorithm, KeyType, newPrivateKey } from './key-algorithm';
import { checkHolders, checkLeafOptions, checkWithinCa, CertificateHolder, DEFAULT_LEAF_EARLY_RENEWAL_HOURS, DEFAULT_LEAF_VALIDITY_HOURS } from './leaf-certificate';
import { claimClientSubject } from './private/client-subjects';
import { rejectNulls } from './private/no-nulls';
import { DistinguishedName, SUBJECT_ORDER, subjectOneline, toProviderSubject, validateSubject } from './subject';

/** One client certificate of a {@link ClientCertificateSet}: what may differ from the set's other members. */
export interface ClientCertificateSetMember {
  /** The instance key in the blocks' `for_each` maps (letters, digits, `_`, `.`, `-`; at most 128 characters). */
  readonly key: string;
  /** Where the member's instance handles (`Key`, `Request`, `Certificate`) are created: a construct of its own per member. */
  readonly scope: Construct;
  /** The exact subject; databases match it byte for byte. */
  readonly subject: DistinguishedName;
  /** The workloads the certificate is issued for (rule TLSF010). @default - no declared holder */
  readonly holders?: CertificateHolder[];
}

export interface ClientCertificateSetProps {
  /** The CA that signs every member's certificate. */
  readonly ca: ICertificateAuthority;
  /** The members, at least one, with unique keys. */
  readonly members: ClientCertificateSetMember[];
  /** @default KeyAlgorithm.ECDSA_P256 */
  readonly keyAlgorithm?: KeyAlgorithm;
  /** @default 8760 (1 year) */
  readonly validityHours?: number;
  /** @default 720 (30 days) */
  readonly earlyRenewalHours?: number;
  /** The CAs the holders trust for their peers. @default - the issuing CA alone */
  readonly trustBundle?: CaBundle;
}

const PROPS = ['ca', 'members', 'keyAlgorithm', 'validityHours', 'earlyRenewalHours', 'trustBundle'] as const;
const MEMBER_PROPS = ['key', 'scope', 'subject', 'holders'] as const;

/** One member's certificate, as a Secret or an application references it: instances of the set's blocks. */
export class ClientCertificateSetInstance {
  /** The `tls_private_key` instance. */
  public readonly keyInstance: ResourceInstance;
  /** The `tls_cert_request` instance. */
  public readonly requestInstance: ResourceInstance;
  /** The `tls_locally_signed_cert` instance: the certificate fact is recorded on it. */
  public readonly certificateInstance: ResourceInstance;

  constructor(
    public readonly set: ClientCertificateSet,
    public readonly key: string,
    public readonly subject: DistinguishedName,
    /** The subject in OpenSSL oneline form, as the issued certificate carries it. */
    public readonly subjectOneline: string,
    public readonly holders: readonly CertificateHolder[],
    scope: Construct,
  ) {
    this.keyInstance = new ResourceInstance(scope, 'Key', set.keyBlock, key);
    this.requestInstance = new ResourceInstance(scope, 'Request', set.requestBlock, key);
    this.certificateInstance = new ResourceInstance(scope, 'Certificate', set.certificateBlock, key);
  }

  /** `${tls_locally_signed_cert.<block>["<key>"].cert_pem}`. */
  public get certificatePem(): string {
    return `\${${this.set.certificateBlock.fqn}[${JSON.stringify(this.key)}].cert_pem}`;
  }

  /** `${tls_private_key.<block>["<key>"].private_key_pem}`; sensitive. */
  public get privateKeyPem(): string {
    return `\${${this.set.keyBlock.fqn}[${JSON.stringify(this.key)}].private_key_pem}`;
  }
}

/**
 * Client certificates of one CA as three `for_each` blocks (key, request, certificate) keyed by
 * member: one block per resource type however many members there are. Each member's subject is a
 * literal in the `for_each` map (`each.value.subject.<field>`), computed and checked at synth exactly
 * as a {@link ClientCertificate}'s; the key algorithm, validity and renewal window are the set's.
 * Facts are recorded per member on its instance handles, so the report lists each certificate.
 */
export class ClientCertificateSet extends Construct {
  public readonly ca: ICertificateAuthority;
  public readonly keyAlgorithm: KeyAlgorithm;
  public readonly validityHours: number;
  public readonly earlyRenewalHours: number;
  public readonly trustBundle: CaBundle;
  public readonly keyBlock: TlsPrivateKey;
  public readonly requestBlock: CertRequest;
  public readonly certificateBlock: LocallySignedCert;
  /** The members in declaration order. */
  public readonly members: readonly ClientCertificateSetInstance[];
  private readonly byKey: ReadonlyMap<string, ClientCertificateSetInstance>;

  constructor(scope: Construct, id: string, props: ClientCertificateSetProps) {
    super(scope, id);
    checkProps(this, '', props, PROPS, `an object { ${PROPS.join(', ')} }`);
    rejectNulls(this, '', props);
    checkCertificateAuthority(this, 'ca', props.ca);
    this.ca = props.ca;
    this.keyAlgorithm = props.keyAlgorithm ?? KeyAlgorithm.ECDSA_P256;
    this.validityHours = props.validityHours ?? DEFAULT_LEAF_VALIDITY_HOURS;
    this.earlyRenewalHours = props.earlyRenewalHours ?? DEFAULT_LEAF_EARLY_RENEWAL_HOURS;
    checkLeafOptions(this, props);
    checkWithinCa(this, this.ca, this.validityHours);
    if (props.trustBundle !== undefined) checkCaBundle(this, 'trustBundle', props.trustBundle);
    this.trustBundle = props.trustBundle ?? CaBundle.of(props.ca);
    this.trustBundle.validate(this, 'trustBundle');
    const members = checkMembers(this, props.members);

    // Every field any member sets is in the block; a member without it has null there (absent).
    const subjects = members.map((m) => toProviderSubject(m.subject) as Record<string, unknown>);
    const fields = SUBJECT_ORDER.map((a) => a.field as string).filter((f) => subjects.some((subject) => subject[f] !== undefined));
    // A field every member has alike is written once in the block; the map holds only what differs.
    const shared = new Set(fields.filter((f) => subjects.every((subject) => subject[f] === subjects[0][f])));
    const varying = fields.filter((f) => !shared.has(f));
    const forEach = Object.fromEntries(members.map((m, i) => [m.key, { subject: Object.fromEntries(varying.map((f) => [f, subjects[i][f] ?? null])) }]));

    // The key and certificate bodies read nothing from each.value: their maps carry only the keys (less to
    // resolve and write; the subject is read in the request block).
    const keysOnly = Object.fromEntries(members.map((m) => [m.key, {}]));
    this.keyBlock = newPrivateKey(this, 'Key', this.keyAlgorithm);
    this.keyBlock.addOverride('for_each', keysOnly);
    this.requestBlock = new CertRequest(this, 'Request', { privateKeyPem: `\${${this.keyBlock.fqn}[each.key].private_key_pem}` });
    this.requestBlock.addOverride('for_each', forEach);
    this.requestBlock.addOverride('subject', [Object.fromEntries(fields.map((f) => [snake(f), shared.has(f) ? subjects[0][f] : `\${each.value.subject.${f}}`]))]);
    const keyUsages = this.keyAlgorithm.type === KeyType.RSA ? ['digital_signature', 'key_encipherment'] : ['digital_signature'];
    this.certificateBlock = new LocallySignedCert(this, 'Certificate', {
      certRequestPem: `\${${this.requestBlock.fqn}[each.key].cert_request_pem}`,
      caCertPem: props.ca.certificatePem,
      caPrivateKeyPem: props.ca.privateKeyPem,
      allowedUses: [...keyUsages, 'client_auth'],
      validityPeriodHours: this.validityHours,
      earlyRenewalHours: this.earlyRenewalHours,
      setSubjectKeyId: true,
    });
    this.certificateBlock.addOverride('for_each', keysOnly);

    this.members = members.map((m) => {
      const oneline = subjectOneline(m.subject);
      const holders = m.holders ?? [];
      claimClientSubject(m.scope, 'subject', this.ca, oneline, { namespaces: holders.map((h) => h.namespace) });
      const instance = new ClientCertificateSetInstance(this, m.key, m.subject, oneline, holders, m.scope);
      recordFact(instance.certificateInstance, {
        kind: 'certificate',
        role: 'client',
        subject: oneline,
        issuer: this.ca.node.path,
        key: this.keyAlgorithm.toString(),
        validityHours: this.validityHours,
        earlyRenewalHours: this.earlyRenewalHours,
        dnsNames: [],
        ipAddresses: [],
        certificateResource: instance.certificateInstance,
        keyResource: instance.keyInstance,
        holders: holders.map((h) => ({ namespace: h.namespace, kubernetes: kubernetesName(h.provider), description: h.description })),
      });
      return instance;
    });
    this.byKey = new Map(this.members.map((m) => [m.key, m]));
  }

  /** The member with instance key `key`. */
  public member(key: string): ClientCertificateSetInstance {
    const found = this.byKey.get(key);
    if (!found) invalid(this, 'member', key, `must be one of the set's keys: ${this.members.map((m) => m.key).join(', ')}`);
    return found;
  }
}

/** The members list: at least one, unique instance keys, every subject and holder as a ClientCertificate checks them. */
function checkMembers(scope: Construct, members: unknown): ClientCertificateSetMember[] {
  checkArray(scope, 'members', members, 'a list of members { key, scope, subject, holders? }');
  if (members.length === 0) invalid(scope, 'members', members, 'must hold at least one member');
  const seen = new Set<string>();
  members.forEach((m, i) => {
    const at = `members[${i}]`;
    checkPlainObject(scope, at, m, 'a member { key, scope, subject, holders? }');
    checkProps(scope, at, m, MEMBER_PROPS, 'a member { key, scope, subject, holders? }');
    rejectNulls(scope, at, m);
    if (!isInstanceKey(m.key)) {
      invalid(scope, `${at}.key`, m.key, 'must be an instance key: 1 to 128 letters, digits, "_", "." or "-", starting with a letter or digit');
    }
    if (seen.has(m.key)) invalid(scope, `${at}.key`, m.key, 'must be unique within the set');
    seen.add(m.key);
    if (!Construct.isConstruct(m.scope)) invalid(scope, `${at}.scope`, m.scope, 'must be a construct of its own, where the member\'s instance handles go');
    validateSubject(scope, `${at}.subject`, m.subject as DistinguishedName);
    checkHolders(scope, `${at}.holders`, m.holders);
  });
  return members as ClientCertificateSetMember[];
}

/** `organizationalUnit` → `organizational_unit`: the provider's attribute names. */
function snake(field: string): string {
  return field.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
}
