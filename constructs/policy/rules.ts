import { IConstruct } from 'constructs';
import { CertificateFact, ClusterFact, DatabaseUserFact, DeliveryFact, EndpointFact, TLS_VERSIONS, TlsVersion } from './facts';

/** How bad a violation is; maps onto SARIF levels (error, warning, note). */
export enum Severity {
  HIGH = 'high',
  MEDIUM = 'medium',
  LOW = 'low',
}

/** Limits a stack's policy may tighten (never loosen: loosening is what waivers are for). */
export interface PolicySettings {
  /** Longest validity of a non-CA certificate, in days. @default 398 */
  readonly maxLeafValidityDays?: number;
  /** Lowest TLS version a listener may accept. @default 'TLSv1.2' */
  readonly minTlsVersion?: 'TLSv1.2' | 'TLSv1.3';
  /** Smallest RSA key, in bits. @default 2048 */
  readonly minRsaBits?: number;
}

export interface ResolvedPolicySettings {
  readonly maxLeafValidityDays: number;
  readonly minTlsVersion: TlsVersion;
  readonly minRsaBits: number;
}

export const DEFAULT_POLICY_SETTINGS: ResolvedPolicySettings = { maxLeafValidityDays: 398, minTlsVersion: 'TLSv1.2', minRsaBits: 2048 };

/** A Terraform resource as the rules read it: its construct, type, logical id and inputs. */
export interface ResourceView {
  readonly construct: IConstruct;
  readonly type: string;
  readonly logicalId: string;
  /** An input by its Terraform name (`rsa_bits`), or undefined. */
  input(name: string): unknown;
}

/** A Terraform output as the rules read it. */
export interface OutputView {
  readonly construct: IConstruct;
  readonly logicalId: string;
  readonly sensitive: boolean;
  /** The value with references resolved to Terraform expressions (`${tls_private_key.x.private_key_pem}`). */
  resolvedValue(): unknown;
}

/** A Secret as the rules read it. */
export interface SecretView {
  readonly construct: IConstruct;
  readonly namespace: unknown;
  readonly kubernetes: string;
  /** Logical ids of the `tls_private_key` resources whose private key the Secret's data references. */
  readonly keyReferences: readonly string[];
  /** A tlsfleet delivery fact, when a tlsfleet construct wrote the Secret. */
  readonly delivery?: DeliveryFact;
}

/** Everything one stack declares that the rules look at, gathered in one walk. */
export interface PolicyContext {
  readonly settings: ResolvedPolicySettings;
  readonly clusters: readonly { construct: IConstruct; fact: ClusterFact }[];
  readonly endpoints: readonly { construct: IConstruct; fact: EndpointFact }[];
  readonly certificates: readonly { construct: IConstruct; fact: CertificateFact }[];
  readonly users: readonly { construct: IConstruct; fact: DatabaseUserFact }[];
  readonly privateKeys: readonly ResourceView[];
  readonly certificateResources: readonly ResourceView[];
  readonly outputs: readonly OutputView[];
  readonly secrets: readonly SecretView[];
  /** Names of variables declared `sensitive`. */
  readonly sensitiveVariables: ReadonlySet<string>;
  /** A resource by logical id. */
  resource(logicalId: string): ResourceView | undefined;
  /** The view of a `tls_*` key or certificate resource construct. */
  viewOf(construct: IConstruct | undefined): ResourceView | undefined;
  /** The CA (as a tlsfleet certificate fact) that issued the tlsfleet certificate whose resource is `certificateResource`. */
  issuerOf(certificateResource: IConstruct): { construct: IConstruct; fact: CertificateFact } | undefined;
  /** The tlsfleet certificate whose key is the `tls_private_key` with this logical id. */
  certificateByKey(logicalId: string): { construct: IConstruct; fact: CertificateFact } | undefined;
}

/** One thing a rule found wrong. */
export interface Violation {
  /** The construct at fault; waivers on it or an ancestor cover the violation. */
  readonly construct: IConstruct;
  readonly message: string;
}

/** What a rule saw: how many things it checked, and what was wrong. */
export interface RuleOutcome {
  readonly checked: number;
  /** Things it could not decide at synth (Terraform references), with why. */
  readonly undecided: readonly { construct: IConstruct; message: string }[];
  readonly violations: readonly Violation[];
}

export interface PolicyRule {
  /** `TLSF001` … */
  readonly id: string;
  readonly title: string;
  readonly severity: Severity;
  /** What the rule protects against, for the report and SARIF. */
  readonly description: string;
  /** How to fix a violation. */
  readonly fix: string;
  check(ctx: PolicyContext): RuleOutcome;
}

const HOURS_PER_DAY = 24;

function outcome(): { checked: number; undecided: { construct: IConstruct; message: string }[]; violations: Violation[] } {
  return { checked: 0, undecided: [], violations: [] };
}

/**
 * Runs `judge` over `items`: undefined means the item is not in the rule's scope; otherwise it is
 * checked, and a message string is a violation of it.
 */
function scan<T extends { construct: IConstruct }>(items: readonly T[], judge: (item: T) => string | false | undefined): RuleOutcome {
  const o = outcome();
  for (const item of items) {
    const verdict = judge(item);
    if (verdict === undefined) continue;
    o.checked++;
    if (verdict !== false) o.violations.push({ construct: item.construct, message: verdict });
  }
  return o;
}

function literalNumber(value: unknown): number | undefined | 'reference' {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'number') return Number.isFinite(value) ? value : 'reference';
  return 'reference';
}

function literalString(value: unknown): string | undefined | 'reference' {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'string' && !value.includes('${')) return value;
  return 'reference';
}

function versionRank(v: TlsVersion): number {
  return TLS_VERSIONS.indexOf(v);
}

/** The path a person recognises: a tlsfleet construct's, not its inner `Resource`. */
function owner(construct: IConstruct): string {
  return construct.node.id === 'Resource' && construct.node.scope ? construct.node.scope.node.path : construct.node.path;
}

function where(e: EndpointFact): string {
  return `${e.api} on port ${e.port}${e.datacenter ? ` in datacenter ${e.datacenter}` : ''} (${e.address})`;
}

/** The rules, in id order. Ids are public: waivers and SARIF results name them. */
export const RULES: readonly PolicyRule[] = [
  {
    id: 'TLSF001',
    title: 'Plaintext listener',
    severity: Severity.HIGH,
    description: 'A database listener accepts connections without TLS: credentials and data cross the network in clear text.',
    fix: 'Remove the insecure listener option (Alternator `insecureEnableHttp`, CQL `insecureEnablePlaintext`) so only TLS ports remain, or waive TLSF001 on the cluster with the reason.',
    // Node-to-node listeners have a rule of their own, TLSF013.
    check: (ctx) => scan(ctx.endpoints, ({ fact }) => (fact.api === 'Internode' ? undefined
      : fact.transport === 'plaintext' && `${where(fact)} accepts plaintext connections`)),
  },
  {
    id: 'TLSF002',
    title: 'Alternator authorization off',
    severity: Severity.HIGH,
    description: 'Alternator accepts DynamoDB requests without checking their signature: anyone who reaches the port can read and write every table.',
    fix: 'Remove `alternator.insecureDisableAuthorization` (clients sign requests with their CQL role and its salted_hash), or waive TLSF002 on the cluster with the reason.',
    check: (ctx) => scan(ctx.endpoints, ({ fact }) => (fact.api !== 'Alternator' ? undefined
      : fact.authorization === 'off' && `${where(fact)} does not authenticate requests`)),
  },
  {
    id: 'TLSF003',
    title: 'CQL without client certificates',
    severity: Severity.MEDIUM,
    description: 'CQL accepts TLS clients that present no certificate: a password alone authenticates, and any workload that learns one can connect.',
    fix: 'Remove `cql.insecureDisableClientAuth` and give each application a certificate with `cluster.addClient()`, or waive TLSF003 on the cluster with the reason.',
    check: (ctx) => scan(ctx.endpoints, ({ fact }) => (!fact.api.startsWith('CQL') || fact.transport !== 'tls' ? undefined
      : fact.clientCertificates === 'not required' && `${where(fact)} does not require client certificates`)),
  },
  {
    id: 'TLSF004',
    title: 'TLS version below the minimum',
    severity: Severity.HIGH,
    description: 'A listener negotiates a TLS version below the policy minimum (TLS 1.2 unless the stack tightens it); TLS 1.0 and 1.1 are deprecated by RFC 8996.',
    fix: 'Choose a TLS version setting whose lowest version meets the minimum (for example CqlTlsVersions.TLS1_3, SingleStoreTlsVersions.TLS1_2_AND_1_3), or waive TLSF004 with the reason.',
    check(ctx) {
      const o = outcome();
      const min = versionRank(ctx.settings.minTlsVersion);
      for (const { construct, fact } of ctx.endpoints) {
        if (fact.transport !== 'tls') continue;
        o.checked++;
        if (fact.tlsVersions === undefined) {
          o.undecided.push({ construct, message: `${where(fact)}: the TLS versions are set by the operator` });
          continue;
        }
        const low = fact.tlsVersions.filter((v) => versionRank(v) < min);
        if (low.length) {
          o.violations.push({ construct, message: `${where(fact)} accepts ${low.join(', ')}, below the minimum ${ctx.settings.minTlsVersion}` });
        }
      }
      return o;
    },
  },
  {
    id: 'TLSF005',
    title: 'Weak private key',
    severity: Severity.HIGH,
    description: 'A private key is RSA below the minimum size (2048 bits unless tightened) or ECDSA below P-256; the provider defaults to P-224 when no curve is given.',
    fix: 'Use KeyAlgorithm.ECDSA_P256 (the default), ECDSA_P384, ED25519 or RSA of at least 2048 bits; on a hand-written tls_private_key set ecdsa_curve or rsa_bits explicitly. Otherwise waive TLSF005 with the reason.',
    check(ctx) {
      const o = outcome();
      for (const key of ctx.privateKeys) {
        o.checked++;
        const algorithm = literalString(key.input('algorithm'));
        if (algorithm === 'reference' || algorithm === undefined) {
          o.undecided.push({ construct: key.construct, message: 'algorithm is a Terraform reference' });
          continue;
        }
        if (algorithm === 'RSA') {
          const bits = literalNumber(key.input('rsa_bits'));
          if (bits === 'reference') o.undecided.push({ construct: key.construct, message: 'rsa_bits is a Terraform reference' });
          else if ((bits ?? 2048) < ctx.settings.minRsaBits) {
            o.violations.push({ construct: key.construct, message: `RSA key of ${bits ?? 2048} bits, below ${ctx.settings.minRsaBits}` });
          }
        } else if (algorithm === 'ECDSA') {
          const curve = literalString(key.input('ecdsa_curve'));
          if (curve === 'reference') o.undecided.push({ construct: key.construct, message: 'ecdsa_curve is a Terraform reference' });
          else if (curve === undefined || curve === 'P224') {
            o.violations.push({ construct: key.construct, message: `ECDSA key on P-224${curve === undefined ? ' (the provider default: ecdsa_curve not set)' : ''}, below P-256` });
          }
        }
      }
      return o;
    },
  },
  {
    id: 'TLSF006',
    title: 'Leaf certificate validity above the limit',
    severity: Severity.MEDIUM,
    description: 'A server or client certificate is valid longer than the limit (398 days unless tightened, the CA/Browser Forum maximum): a stolen key stays useful longer.',
    fix: 'Lower `validityHours` to at most the limit (the default is 8760 hours, one year), or waive TLSF006 with the reason.',
    check(ctx) {
      const o = outcome();
      const limit = ctx.settings.maxLeafValidityDays * HOURS_PER_DAY;
      for (const cert of ctx.certificateResources) {
        if (cert.input('is_ca_certificate') === true) continue;
        o.checked++;
        const hours = literalNumber(cert.input('validity_period_hours'));
        if (hours === 'reference' || hours === undefined) {
          o.undecided.push({ construct: cert.construct, message: 'validity_period_hours is not a literal' });
        } else if (hours > limit) {
          o.violations.push({ construct: cert.construct, message: `valid ${hours} hours (${(hours / HOURS_PER_DAY).toFixed(1)} days), above ${limit} hours (${ctx.settings.maxLeafValidityDays} days)` });
        }
      }
      return o;
    },
  },
  {
    id: 'TLSF007',
    title: 'No renewal window',
    severity: Severity.MEDIUM,
    description: 'A certificate has no early renewal (`early_renewal_hours` unset or 0): Terraform replaces it only after it has expired, so clients see an expired certificate first.',
    fix: 'Set `earlyRenewalHours` above 0 (tlsfleet defaults to 720 hours for leaves and 8760 for CAs) and run apply within that window, or waive TLSF007 with the reason.',
    check(ctx) {
      const o = outcome();
      for (const cert of ctx.certificateResources) {
        o.checked++;
        const hours = literalNumber(cert.input('early_renewal_hours'));
        if (hours === 'reference') o.undecided.push({ construct: cert.construct, message: 'early_renewal_hours is a Terraform reference' });
        else if (hours === undefined || hours <= 0) o.violations.push({ construct: cert.construct, message: 'no early renewal: the certificate is replaced only after it expires' });
      }
      return o;
    },
  },
  {
    id: 'TLSF008',
    title: 'Leaf certificate can outlive its CA',
    severity: Severity.MEDIUM,
    description: 'A certificate signed by a CA in this stack can be issued shortly before the CA enters its renewal window and then stay valid after the CA expires; '
      + 'clients then reject it although it has not expired. The leaf validity must not exceed the CA\'s early renewal period.',
    fix: 'Shorten the leaf `validityHours`, or raise the CA `earlyRenewalHours` to at least the longest leaf validity (the defaults are 8760 and 8760), or waive TLSF008 with the reason.',
    check(ctx) {
      const o = outcome();
      for (const cert of ctx.certificateResources) {
        if (cert.type !== 'tls_locally_signed_cert' || cert.input('is_ca_certificate') === true) continue;
        o.checked++;
        // A tlsfleet leaf names its CA; a hand-written one is followed through its ca_cert_pem reference.
        const issuer = ctx.issuerOf(cert.construct);
        const caRef = issuer ? undefined
          : referencesIn(cert.input('ca_cert_pem')).find((r) => r.type === 'tls_self_signed_cert' || r.type === 'tls_locally_signed_cert');
        const ca = issuer ? ctx.viewOf(issuer.fact.certificateResource) : caRef ? ctx.resource(caRef.name) : undefined;
        const leaf = literalNumber(cert.input('validity_period_hours'));
        if (!ca) {
          // An imported CA: its lifetime may be known (from a literal PEM), its expiry relative to apply time is not.
          const imported = issuer;
          const lifetime = imported?.fact.validityHours;
          if (typeof leaf === 'number' && lifetime !== undefined && leaf > lifetime) {
            o.violations.push({ construct: cert.construct, message: `valid ${leaf} hours, longer than the whole lifetime of its imported CA ${imported!.construct.node.path} (${lifetime} hours)` });
          } else {
            o.undecided.push({ construct: cert.construct, message: 'the CA is imported: its expiry is fixed outside Terraform and not compared at synth' });
          }
          continue;
        }
        const caValidity = literalNumber(ca.input('validity_period_hours'));
        const caEarly = literalNumber(ca.input('early_renewal_hours')) ?? 0;
        if (leaf === 'reference' || leaf === undefined || caValidity === 'reference' || caValidity === undefined || caEarly === 'reference') {
          o.undecided.push({ construct: cert.construct, message: 'a validity is a Terraform reference' });
        } else if (leaf > caValidity) {
          o.violations.push({ construct: cert.construct, message: `valid ${leaf} hours, longer than its CA ${owner(ca.construct)} (${caValidity} hours)` });
        } else if (leaf > caEarly) {
          o.violations.push({ construct: cert.construct, message: `valid ${leaf} hours, but its CA ${owner(ca.construct)} is replaced only ${caEarly} hours before it expires: it can outlive the CA by up to ${leaf - caEarly} hours` });
        }
      }
      return o;
    },
  },
  {
    id: 'TLSF009',
    title: 'Secret value in an output not marked sensitive',
    severity: Severity.HIGH,
    description: 'A Terraform output carries a private key, Secret data or a sensitive variable without `sensitive = true`: it is printed by plan and apply and lands in CI logs.',
    fix: 'Mark the output `sensitive: true`, or output a reference to where the secret lives (a Secret name) instead of its value, or waive TLSF009 with the reason.',
    check: (ctx) => scan(ctx.outputs, (output) => {
      const found = output.sensitive ? [] : secretsIn(output.resolvedValue(), ctx.sensitiveVariables);
      return found.length > 0 && `output "${output.logicalId}" is not sensitive but carries ${found.join(', ')}`;
    }),
  },
  {
    id: 'TLSF010',
    title: 'Private key delivered outside its holder\'s namespace',
    severity: Severity.HIGH,
    description: 'A Secret carries a certificate\'s private key into a namespace (or Kubernetes cluster) other than the one declared for the workload the certificate was issued for; '
      + 'workloads there can impersonate it.',
    fix: 'Write the Secret into the namespace declared for the client (or declare the client in that namespace), or waive TLSF010 with the reason.',
    check(ctx) {
      const o = outcome();
      for (const secret of ctx.secrets) {
        for (const keyId of secret.keyReferences) {
          const owner = ctx.certificateByKey(keyId);
          const holders = owner?.fact.holders ?? [];
          if (!owner || holders.length === 0 || owner.fact.role === 'ca') continue;
          o.checked++;
          if (typeof secret.namespace !== 'string' || secret.namespace.includes('${')) {
            o.undecided.push({ construct: secret.construct, message: 'the namespace is a Terraform reference' });
          } else if (!holders.some((h) => h.namespace === secret.namespace && h.kubernetes === secret.kubernetes)) {
            const declared = holders.map((h) => `${h.description} in namespace ${h.namespace} via ${h.kubernetes}`).join('; ');
            o.violations.push({
              construct: secret.construct,
              message: `carries the private key of ${owner.construct.node.path} into namespace ${secret.namespace} via ${secret.kubernetes}; it was issued for ${declared}`,
            });
          }
        }
      }
      return o;
    },
  },
  {
    id: 'TLSF011',
    title: 'CA private key delivered to Kubernetes',
    severity: Severity.HIGH,
    description: 'A Secret carries the private key of a CA: whoever can read the Secret can issue certificates every tlsfleet cluster trusts.',
    fix: 'Deliver only leaf keys; keep the CA key in Terraform state (encrypted backend) or an HSM, or waive TLSF011 with the reason.',
    check: (ctx) => scan(ctx.secrets, (secret) => {
      const cas = secret.keyReferences.map((k) => ctx.certificateByKey(k)).filter((c) => c?.fact.role === 'ca');
      return cas.length > 0 && `carries the private key of CA ${cas.map((c) => c!.construct.node.path).join(', ')}`;
    }),
  },
  {
    id: 'TLSF012',
    title: 'Database user not pinned to a certificate subject',
    severity: Severity.MEDIUM,
    description: '`REQUIRE X509` accepts any certificate the client CA issued, including other users\' certificates: the certificate proves nothing about which user connects.',
    fix: 'Use SingleStoreUserRequirement.SUBJECT (the default), or give the users a client CA of their own, or waive TLSF012 with the reason.',
    check: (ctx) => scan(ctx.users, ({ fact }) => fact.requirement === 'REQUIRE X509'
      && `${fact.account} is created with REQUIRE X509: any certificate from the client CA logs in`),
  },
  {
    id: 'TLSF013',
    title: 'Node-to-node traffic not fully encrypted',
    severity: Severity.HIGH,
    description: 'ScyllaDB nodes accept plaintext node-to-node connections on port 7000 (internode_encryption other than `all`): replication traffic, including every row written, can be read and injected on the network; with `dc` or `rack`, ScyllaDB also does not enforce client certificates between peers.',
    fix: 'Remove `internode.encryption` (the default is `all`) and finish any `internode.rollout` at InternodeRolloutStep.ENFORCED, or waive TLSF013 on the cluster with the reason.',
    check: (ctx) => scan(ctx.endpoints, ({ fact }) => (fact.api !== 'Internode' ? undefined
      : fact.transport === 'plaintext' && `${where(fact)} accepts plaintext node-to-node connections (internode_encryption: ${fact.internodeMode})`)),
  },
  {
    id: 'TLSF014',
    title: 'Manual security control not acknowledged',
    severity: Severity.HIGH,
    description: 'A control Terraform cannot set or verify decides whether connections are encrypted: ScyllaDB Cloud accepts unencrypted CQL and Alternator connections until "Ensure encrypted connections" is enabled in its console, and its provider has no attribute for it.',
    fix: 'Enable the control in the ScyllaDB Cloud console, then record it on the cluster: `encryptedConnections: { reason, enabledBy }` (what was enabled, where, when; who did it); or waive TLSF014 with the reason, accepting that the cluster may take unencrypted connections.',
    check: (ctx) => {
      const o = outcome();
      for (const { construct, fact } of ctx.clusters) {
        for (const control of fact.manualControls ?? []) {
          o.checked++;
          if (!control.acknowledged) {
            o.violations.push({ construct, message: `${fact.product} cluster ${fact.name}: "${control.control}" is a manual control Terraform cannot verify, and no one has recorded enabling it` });
          }
        }
      }
      return o;
    },
  },
];

/** A rule by id. */
export function ruleById(id: string): PolicyRule | undefined {
  return RULES.find((r) => r.id === id);
}

/** A `type.name.attribute` reference inside a resolved Terraform expression. */
export interface Reference {
  readonly type: string;
  readonly name: string;
  readonly attribute: string;
}

const REFERENCE = /\b((?:data\.)?[a-z][a-z0-9_]*)\.([A-Za-z_][A-Za-z0-9_-]*)\.([a-z_][a-z0-9_]*)/g;

/** Every resource reference in a resolved value (strings, lists and maps, recursively). */
export function referencesIn(value: unknown): Reference[] {
  const out: Reference[] = [];
  const visit = (v: unknown): void => {
    if (typeof v === 'string') {
      if (!v.includes('${')) return;
      for (const m of v.matchAll(REFERENCE)) out.push({ type: m[1], name: m[2], attribute: m[3] });
    } else if (Array.isArray(v)) {
      v.forEach(visit);
    } else if (v !== null && typeof v === 'object') {
      Object.values(v).forEach(visit);
    }
  };
  visit(value);
  return out;
}

const PRIVATE_KEY_ATTRIBUTES = new Set(['private_key_pem', 'private_key_pem_pkcs8', 'private_key_openssh']);
const SECRET_TYPES = new Set(['kubernetes_secret', 'kubernetes_secret_v1', 'data.kubernetes_secret', 'data.kubernetes_secret_v1']);

/** What secret material a resolved output value carries, in words. */
export function secretsIn(value: unknown, sensitiveVariables: ReadonlySet<string>): string[] {
  const found = new Set<string>();
  const visit = (v: unknown): void => {
    if (typeof v === 'string') {
      if (/-----BEGIN [A-Z ]*PRIVATE KEY-----/.test(v)) found.add('a literal private key');
      if (!v.includes('${')) return;
      for (const r of referencesIn(v)) {
        if (r.type === 'tls_private_key' && PRIVATE_KEY_ATTRIBUTES.has(r.attribute)) found.add(`tls_private_key.${r.name}.${r.attribute}`);
        if (SECRET_TYPES.has(r.type) && (r.attribute === 'data' || r.attribute === 'binary_data')) found.add(`${r.type}.${r.name}.${r.attribute}`);
      }
      for (const m of v.matchAll(/\bvar\.([A-Za-z_][A-Za-z0-9_-]*)/g)) {
        if (sensitiveVariables.has(m[1])) found.add(`sensitive variable var.${m[1]}`);
      }
    } else if (Array.isArray(v)) {
      v.forEach(visit);
    } else if (v !== null && typeof v === 'object') {
      Object.values(v).forEach(visit);
    }
  };
  visit(value);
  return [...found].sort();
}

/** Logical ids of the `tls_private_key` resources whose private key a resolved value references. */
export function privateKeyReferences(value: unknown): string[] {
  return [...new Set(referencesIn(value)
    .filter((r) => r.type === 'tls_private_key' && PRIVATE_KEY_ATTRIBUTES.has(r.attribute))
    .map((r) => r.name))].sort();
}
