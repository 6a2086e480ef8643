import { IConstruct } from 'constructs';
import { TerraformStack } from '../core/cdktf';
import { CertificateFact, ClusterFact, DatabaseUserFact, DeliveryFact, EndpointFact, PolicyFact } from '../core/facts';
import { TlsVersion } from '../core/tls-version';
import { WaiverRecord } from './waiver-record';
import type { Evaluation, TerraformJson } from './plan/expression';
import type { PlanListener } from './plan/scylla-listeners';
import type { PlanUserStatement } from './plan/singlestore-users';

// The policy's vocabulary: settings, what rules see and conclude, and a stack's evaluation.

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
  /** An input by its Terraform name (`rsa_bits`) as the configuration holds it (overrides applied), or undefined. */
  input(name: string): unknown;
  /** The input evaluated: locals and functions followed, references and secrets found. */
  evaluated(name: string): Evaluation;
}

/** A Terraform output as the rules read it. */
export interface OutputView {
  readonly construct: IConstruct;
  readonly logicalId: string;
  readonly sensitive: boolean;
  /** The value with references resolved to Terraform expressions (`${tls_private_key.x.private_key_pem}`). */
  resolvedValue(): unknown;
  /** The value evaluated: locals and functions followed, references and secrets found. */
  evaluated(): Evaluation;
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
  /** True when the Secret's data holds a private key written as a literal. */
  readonly literalKey: boolean;
}

/** A Kubernetes object the plan writes, as the API server names it; undefined where the plan cannot know. */
export interface ObjectView {
  readonly construct: IConstruct;
  readonly kind: string;
  readonly namespace?: string;
  readonly name?: string;
  readonly kubernetes: string;
  /** A `kubernetes_*_data` block, which writes into an object another block owns. */
  readonly patch: boolean;
}

/** A Kubernetes object that is not a Secret but carries secret material (a ConfigMap, a manifest of another kind). */
export interface CarrierView {
  readonly construct: IConstruct;
  readonly kind: string;
  readonly namespace: unknown;
  readonly name: string;
  readonly kubernetes: string;
  readonly keyReferences: readonly string[];
  /** What secret material flows into it, in words (never the secret). */
  readonly secrets: readonly string[];
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
  /** Every listener: ScyllaDB's derived from the plan, other products' from their constructs' facts. */
  readonly listeners: readonly PlanListener[];
  /** Every statement of the SingleStore user SQL the plan delivers. */
  readonly userStatements: readonly PlanUserStatement[];
  /** Every Kubernetes object the plan writes. */
  readonly objects: readonly ObjectView[];
  /** Non-Secret Kubernetes objects that carry secret material. */
  readonly carriers: readonly CarrierView[];
  /**
   * Parts of Kubernetes objects' bodies (maps and lists of the configuration, by identity) whose every string the
   * payload scan read as a literal without a private key or a plain resource reference: no literal key is in them.
   */
  readonly scannedClean: ReadonlySet<object>;
  /** The stack's configuration as cdk.tf.json will hold it, with `for_each` blocks known at synth expanded into their instances. */
  readonly config: TerraformJson;
  /**
   * The construct that declares `type.name`; the stack for a block an override added. For an instance of a
   * `for_each` block (`name["key"]`), the ResourceInstance construct declared for it, else its block's.
   */
  ownerOf(type: string, name: string): IConstruct;
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

/** What one rule concluded for one stack. */
export interface RuleResult {
  readonly rule: PolicyRule;
  /** `pass`: nothing wrong; `waived`: every violation waived; `fail`: at least one violation not waived; `not applicable`: nothing to check. */
  readonly status: 'pass' | 'waived' | 'fail' | 'not applicable';
  readonly checked: number;
  readonly violations: readonly { readonly path: string; readonly message: string; readonly waiver?: WaiverRecord }[];
  readonly undecided: readonly { readonly path: string; readonly message: string }[];
}

/** A stack's policy evaluation: the facts behind the report, every rule's result, every waiver. */
export interface StackEvaluation {
  readonly stack: TerraformStack;
  /** The stack's name (its construct id), which is also its directory under `cdktf.out/stacks`. */
  readonly stackName: string;
  readonly settings: ResolvedPolicySettings;
  readonly results: readonly RuleResult[];
  readonly waivers: readonly { readonly record: WaiverRecord; readonly uses: number }[];
  readonly facts: readonly { readonly path: string; readonly fact: PolicyFact }[];
  /** Hand-written certificate resources (not from a tlsfleet construct), for the inventory. */
  readonly unmanagedCertificates: readonly { readonly path: string; readonly type: string; readonly validityHours?: number; readonly earlyRenewalHours?: number; readonly isCa: boolean }[];
  /** Where each private key and certificate goes: certificate path → Secrets and ConfigMaps. */
  readonly deliveries: readonly DeliveryFact[];
}

/** The synth failure for violations without a waiver, and for waivers that cover nothing. */
export class PolicyViolationError extends Error {
  constructor(
    public readonly stackPath: string,
    public readonly violations: readonly { ruleId: string; path: string; message: string }[],
    message: string,
  ) {
    super(message);
    this.name = 'PolicyViolationError';
  }
}

