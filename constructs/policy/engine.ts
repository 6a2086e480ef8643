import { Construct, IConstruct } from 'constructs';
import {
  addCustomSynthesis, Aspects, IAspect, ISynthesisSession, resolveTokens, TerraformOutput, TerraformStack, TerraformVariable, Token,
} from '../core/cdktf';
import { invalid } from '../core/errors';
import { CertificateFact, ClusterFact, DatabaseUserFact, DEFAULT_KUBERNETES, DeliveryFact, EndpointFact, factsOf, PolicyFact, storeFact } from './facts';
import {
  DEFAULT_POLICY_SETTINGS, OutputView, PolicyContext, PolicyRule, PolicySettings, privateKeyReferences, ResolvedPolicySettings,
  ResourceView, ruleById, RULES, SecretView,
} from './rules';
import { writeReports } from './report';
import { checkWaiver, Waiver, WaiverRecord } from './waiver';

/** Resource types the rules read. */
const KEY_TYPE = 'tls_private_key';
const CERT_TYPES = new Set(['tls_self_signed_cert', 'tls_locally_signed_cert']);
const SECRET_TYPES = new Set(['kubernetes_secret_v1', 'kubernetes_secret']);

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

const attached = new WeakSet<TerraformStack>();
const settingsByStack = new WeakMap<TerraformStack, ResolvedPolicySettings>();
const waiversByStack = new WeakMap<TerraformStack, WaiverRecord[]>();
const waiversByScope = new WeakMap<IConstruct, WaiverRecord[]>();
const evaluations = new WeakMap<IConstruct, Map<string, StackEvaluation>>();

/** Records a fact about a tlsfleet construct and applies the policy to its stack. */
export function recordFact(scope: IConstruct, fact: PolicyFact): void {
  storeFact(scope, fact);
  applyPolicy(scope);
}

/**
 * Applies the tlsfleet policy to `scope`'s stack (tlsfleet constructs do this themselves). The
 * policy runs as an Aspect at synth: it reads the stack, creates nothing, and fails synth on a
 * violation that has no waiver.
 */
export function applyPolicy(scope: IConstruct): void {
  const stack = TerraformStack.of(scope);
  if (attached.has(stack)) return;
  attached.add(stack);
  Aspects.of(stack).add(new PolicyAspect(stack));
  const writer = new Construct(stack, 'tlsfleet-policy-report');
  addCustomSynthesis(writer, { onSynthesize: (session: ISynthesisSession) => writeAll(stack, session.outdir) });
}

/**
 * Tightens the policy for `scope`'s stack. Limits can only be made stricter than the defaults:
 * an exception is a waiver, with a reason, on the construct that needs it.
 */
export function configurePolicy(scope: IConstruct, settings: PolicySettings): void {
  const stack = TerraformStack.of(scope);
  const d = DEFAULT_POLICY_SETTINGS;
  const days = settings.maxLeafValidityDays ?? d.maxLeafValidityDays;
  if (!Number.isInteger(days) || days < 1 || days > d.maxLeafValidityDays) {
    invalid(stack, 'policy.maxLeafValidityDays', settings.maxLeafValidityDays, `must be a whole number of days from 1 to ${d.maxLeafValidityDays} (use a waiver for a longer validity)`);
  }
  const tls = settings.minTlsVersion ?? d.minTlsVersion;
  if (tls !== 'TLSv1.2' && tls !== 'TLSv1.3') {
    invalid(stack, 'policy.minTlsVersion', settings.minTlsVersion, 'must be "TLSv1.2" or "TLSv1.3" (use a waiver for an older version)');
  }
  const bits = settings.minRsaBits ?? d.minRsaBits;
  if (!Number.isInteger(bits) || bits < d.minRsaBits || bits > 16384) {
    invalid(stack, 'policy.minRsaBits', settings.minRsaBits, `must be a whole number of bits from ${d.minRsaBits} to 16384 (use a waiver for a smaller key)`);
  }
  settingsByStack.set(stack, { maxLeafValidityDays: days, minTlsVersion: tls, minRsaBits: bits });
  applyPolicy(stack);
}

/**
 * Waives rule `ruleId` for `scope` and everything below it, with a reason a reviewer can check.
 * The waiver shows in every report; a waiver that covers no violation fails synth, so an
 * exception cannot outlive the setting it was granted for.
 */
export function waive(scope: IConstruct, ruleId: string, waiver: Waiver): void {
  const rule = ruleById(ruleId);
  if (!rule) invalid(scope, 'waive.ruleId', ruleId, `must be one of the tlsfleet rule ids ${RULES.map((r) => r.id).join(', ')}`);
  checkWaiver(scope, `waive(${ruleId})`, waiver, ruleId);
  let stack: TerraformStack;
  try {
    stack = TerraformStack.of(scope);
  } catch {
    invalid(scope, 'waive.scope', scope.node.path || '(app)', 'must be a construct inside a stack: a waiver covers one construct and its children');
  }
  const existing = waiversByScope.get(scope) ?? [];
  if (existing.some((w) => w.ruleId === ruleId)) invalid(scope, `waive(${ruleId})`, ruleId, 'must be waived once per construct');
  const record: WaiverRecord = { ruleId, reason: waiver.reason.trim(), approvedBy: waiver.approvedBy?.trim(), scope, path: scope.node.path };
  waiversByScope.set(scope, [...existing, record]);
  waiversByStack.set(stack, [...(waiversByStack.get(stack) ?? []), record]);
  applyPolicy(stack);
}

/** The evaluations of the stacks synthesized so far under `scope`'s app, by stack path. */
export function policyEvaluations(scope: IConstruct): StackEvaluation[] {
  const map = evaluations.get(scope.node.root);
  return map ? [...map.keys()].sort().map((k) => map.get(k)!) : [];
}

function writeAll(stack: TerraformStack, outdir: string): void {
  writeReports(outdir, policyEvaluations(stack));
}

class PolicyAspect implements IAspect {
  constructor(private readonly stack: TerraformStack) {}

  public visit(node: IConstruct): void {
    if (node !== this.stack) return;
    const evaluation = evaluateStack(this.stack);
    const root = this.stack.node.root;
    const map = evaluations.get(root) ?? new Map<string, StackEvaluation>();
    map.set(this.stack.node.path, evaluation);
    evaluations.set(root, map);
    failOnViolations(evaluation);
  }
}

function failOnViolations(e: StackEvaluation): void {
  const open = e.results.flatMap((r) => r.violations.filter((v) => !v.waiver).map((v) => ({ rule: r.rule, ...v })));
  const stale = e.waivers.filter((w) => w.uses === 0);
  if (open.length === 0 && stale.length === 0) return;
  const lines = [`tlsfleet policy: stack ${e.stack.node.path} has ${open.length} violation(s) without a waiver and ${stale.length} waiver(s) that cover nothing.`];
  for (const v of open) {
    lines.push(`  [${v.rule.id}] ${v.path}: ${v.message}.`);
    lines.push(`      ${v.rule.title} (${v.rule.severity}). Fix: ${v.rule.fix}`);
  }
  for (const w of stale) {
    lines.push(`  [${w.record.ruleId}] ${w.record.path}: the waiver covers no violation of ${w.record.ruleId}; remove it, so it cannot approve a later change unseen.`);
  }
  lines.push(`  Waive a rule on the construct that needs it: waive(construct, '<rule id>', { reason: '<why this is acceptable here>' }).`);
  throw new PolicyViolationError(e.stack.node.path, [
    ...open.map((v) => ({ ruleId: v.rule.id, path: v.path, message: v.message })),
    ...stale.map((w) => ({ ruleId: w.record.ruleId, path: w.record.path, message: 'waiver covers no violation' })),
  ], lines.join('\n'));
}

/** Evaluates every rule on `stack` (without failing); the Aspect calls this at synth. */
export function evaluateStack(stack: TerraformStack): StackEvaluation {
  const ctx = buildContext(stack);
  const waivers = (waiversByStack.get(stack) ?? []).map((record) => ({ record, uses: 0 }));
  const usesByRecord = new Map(waivers.map((w) => [w.record, w]));
  const results: RuleResult[] = RULES.map((rule) => {
    const o = rule.check(ctx);
    const violations = o.violations.map((v) => {
      const waiver = findWaiver(v.construct, rule.id, stack);
      if (waiver) (usesByRecord.get(waiver) as { uses: number }).uses++;
      return { path: v.construct.node.path, message: v.message, waiver };
    }).sort((a, b) => cmp(a.path, b.path) || cmp(a.message, b.message));
    const undecided = o.undecided.map((u) => ({ path: u.construct.node.path, message: u.message }))
      .sort((a, b) => cmp(a.path, b.path) || cmp(a.message, b.message));
    const status: RuleResult['status'] = violations.some((v) => !v.waiver) ? 'fail'
      : violations.length ? 'waived'
        : o.checked === 0 ? 'not applicable' : 'pass';
    return { rule, status, checked: o.checked, violations, undecided };
  });
  return {
    stack,
    stackName: stack.node.id,
    settings: ctx.settings,
    results,
    waivers: waivers.sort((a, b) => cmp(a.record.path, b.record.path) || cmp(a.record.ruleId, b.record.ruleId)),
    facts: ctx.allFacts,
    unmanagedCertificates: ctx.unmanagedCertificates,
    deliveries: ctx.deliveries,
  };
}

function findWaiver(construct: IConstruct, ruleId: string, stack: TerraformStack): WaiverRecord | undefined {
  const scopes = construct.node.scopes;
  for (let i = scopes.length - 1; i >= 0; i--) {
    const hit = waiversByScope.get(scopes[i])?.find((w) => w.ruleId === ruleId);
    if (hit) return hit;
    if (scopes[i] === stack) break;
  }
  return undefined;
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

interface BuiltContext extends PolicyContext {
  readonly allFacts: { path: string; fact: PolicyFact }[];
  readonly unmanagedCertificates: StackEvaluation['unmanagedCertificates'];
  readonly deliveries: DeliveryFact[];
}

interface ResourceLike extends IConstruct {
  readonly terraformResourceType: string;
  readonly friendlyUniqueId: string;
  readonly provider?: IConstruct;
  readonly rawOverrides?: Record<string, unknown>;
  synthesizeAttributes(): Record<string, unknown>;
}

function isResource(node: IConstruct): node is ResourceLike {
  return typeof (node as Partial<ResourceLike>).terraformResourceType === 'string'
    && typeof (node as Partial<ResourceLike>).synthesizeAttributes === 'function';
}

/** A resource's Terraform arguments as synth writes them: its attributes with top-level overrides applied. */
function attributesOf(r: ResourceLike): Record<string, unknown> {
  const attributes = r.synthesizeAttributes();
  const overrides = r.rawOverrides;
  return overrides && Object.keys(overrides).length > 0 ? { ...attributes, ...overrides } : attributes;
}

/** True when `value` holds an unresolved token anywhere. */
function hasTokens(value: unknown): boolean {
  if (typeof value === 'string' || typeof value === 'number') return Token.isUnresolved(value);
  if (Array.isArray(value)) return value.some(hasTokens);
  if (value !== null && typeof value === 'object') {
    if (typeof (value as { resolve?: unknown }).resolve === 'function') return true;
    return Object.values(value).some(hasTokens);
  }
  return false;
}

function buildContext(stack: TerraformStack): BuiltContext {
  const settings = settingsByStack.get(stack) ?? DEFAULT_POLICY_SETTINGS;
  const resolve = (v: unknown): unknown => (hasTokens(v) ? resolveTokens(stack, v) : v);
  const view = (r: ResourceLike): ResourceView => {
    let attrs: Record<string, unknown> | undefined;
    return {
      construct: r,
      type: r.terraformResourceType,
      logicalId: r.friendlyUniqueId,
      input(name: string): unknown {
        attrs ??= attributesOf(r);
        return resolve(attrs[name]);
      },
    };
  };

  const allFacts: { path: string; fact: PolicyFact }[] = [];
  const endpoints: { construct: IConstruct; fact: EndpointFact }[] = [];
  const clusters: { construct: IConstruct; fact: ClusterFact }[] = [];
  const certificates: { construct: IConstruct; fact: CertificateFact }[] = [];
  const users: { construct: IConstruct; fact: DatabaseUserFact }[] = [];
  const deliveries: { construct: IConstruct; fact: DeliveryFact }[] = [];
  const privateKeys: ResourceView[] = [];
  const certificateResources: ResourceView[] = [];
  const rawSecrets: ResourceLike[] = [];
  const outputs: OutputView[] = [];
  const sensitiveVariables = new Set<string>();
  const byLogicalId = new Map<string, ResourceView>();
  const byConstruct = new Map<IConstruct, ResourceView>();

  for (const node of stack.node.findAll()) {
    for (const fact of factsOf(node)) {
      allFacts.push({ path: node.node.path, fact });
      switch (fact.kind) {
        case 'endpoint': endpoints.push({ construct: node, fact }); break;
        case 'cluster': clusters.push({ construct: node, fact }); break;
        case 'certificate': certificates.push({ construct: node, fact }); break;
        case 'database-user': users.push({ construct: node, fact }); break;
        case 'delivery': deliveries.push({ construct: node, fact }); break;
        default: break;
      }
    }
    if (isResource(node)) {
      const type = node.terraformResourceType;
      if (type === KEY_TYPE) {
        const v = view(node);
        privateKeys.push(v);
        byConstruct.set(node, v);
      } else if (CERT_TYPES.has(type)) {
        const v = view(node);
        certificateResources.push(v);
        byConstruct.set(node, v);
      } else if (SECRET_TYPES.has(type)) {
        rawSecrets.push(node);
      }
    } else if (node instanceof TerraformOutput) {
      const output = node as TerraformOutput & { readonly rawOverrides?: Record<string, unknown> };
      outputs.push({
        construct: output,
        logicalId: output.friendlyUniqueId,
        sensitive: (output.rawOverrides as { sensitive?: unknown } | undefined)?.sensitive === true
          || (output.sensitive === true && (output.rawOverrides as { sensitive?: unknown } | undefined)?.sensitive !== false),
        resolvedValue: () => resolve((output.rawOverrides as { value?: unknown } | undefined)?.value ?? output.value),
      });
    } else if (node instanceof TerraformVariable && node.sensitive === true) {
      sensitiveVariables.add(node.friendlyUniqueId);
    }
  }

  const certByPath = new Map(certificates.map((c) => [c.construct.node.path, c]));
  let certByKey: Map<string, { construct: IConstruct; fact: CertificateFact }> | undefined;
  let byResource: Map<IConstruct, { construct: IConstruct; fact: CertificateFact }> | undefined;
  const keyIdOf = (c: { fact: CertificateFact }): string | undefined => {
    const key = c.fact.keyResource;
    return key && isResource(key) ? key.friendlyUniqueId : undefined;
  };

  // Secrets: a tlsfleet delivery knows what it carries; a hand-written Secret is read from its data.
  const delivered = new Set(deliveries.map((d) => d.fact.resource));
  const secrets: SecretView[] = [];
  for (const d of deliveries) {
    if (d.fact.object !== 'Secret' || !d.fact.carriesPrivateKey) continue;
    const keyReferences = d.fact.certificates
      .map((p) => certByPath.get(p))
      .map((c) => (c ? keyIdOf(c) : undefined))
      .filter((id): id is string => id !== undefined);
    secrets.push({ construct: d.fact.resource, namespace: d.fact.namespace, kubernetes: d.fact.kubernetes, keyReferences, delivery: d.fact });
  }
  const extraDeliveries: DeliveryFact[] = [];
  for (const s of rawSecrets) {
    if (delivered.has(s)) continue;
    const attrs = attributesOf(s);
    const keyReferences = privateKeyReferences(resolve([attrs.data, attrs.binary_data]));
    const metadata = resolve(attrs.metadata) as { namespace?: unknown } | { namespace?: unknown }[] | undefined;
    const meta = Array.isArray(metadata) ? metadata[0] : metadata;
    const kubernetes = s.provider ? s.provider.node.path : DEFAULT_KUBERNETES;
    const namespace = meta?.namespace ?? 'default';
    secrets.push({ construct: s, namespace, kubernetes, keyReferences });
    if (keyReferences.length) {
      certByKey ??= indexByKey(certificates, keyIdOf);
      extraDeliveries.push({
        kind: 'delivery', object: 'Secret', namespace: String(namespace),
        name: String((meta as { name?: unknown } | undefined)?.name ?? s.node.id), kubernetes,
        certificates: keyReferences.map((k) => certByKey!.get(k)?.construct.node.path ?? `tls_private_key.${k}`),
        authorities: [], carriesPrivateKey: true, resource: s,
      });
    }
  }

  const managed = new Set(certificates.map((c) => c.fact.certificateResource).filter((r) => r !== undefined));
  const unmanagedCertificates = certificateResources.filter((c) => !managed.has(c.construct)).map((c) => {
    const validity = c.input('validity_period_hours');
    const early = c.input('early_renewal_hours');
    return {
      path: c.construct.node.path,
      type: c.type,
      validityHours: typeof validity === 'number' ? validity : undefined,
      earlyRenewalHours: typeof early === 'number' ? early : undefined,
      isCa: c.input('is_ca_certificate') === true,
    };
  });

  return {
    settings, clusters, endpoints, certificates, users, privateKeys, certificateResources, outputs, secrets, sensitiveVariables,
    allFacts,
    unmanagedCertificates,
    deliveries: [...deliveries.map((d) => d.fact), ...extraDeliveries],
    resource: (id) => {
      if (byLogicalId.size === 0) for (const v of byConstruct.values()) byLogicalId.set(v.logicalId, v);
      return byLogicalId.get(id);
    },
    viewOf: (construct) => (construct ? byConstruct.get(construct) : undefined),
    issuerOf: (certificateResource) => {
      byResource ??= new Map(certificates.filter((c) => c.fact.certificateResource).map((c) => [c.fact.certificateResource!, c]));
      const issuer = byResource.get(certificateResource)?.fact.issuer;
      return issuer !== undefined ? certByPath.get(issuer) : undefined;
    },
    certificateByKey: (id) => {
      certByKey ??= indexByKey(certificates, keyIdOf);
      return certByKey.get(id);
    },
  };
}

function indexByKey(
  certificates: { construct: IConstruct; fact: CertificateFact }[],
  keyIdOf: (c: { fact: CertificateFact }) => string | undefined,
): Map<string, { construct: IConstruct; fact: CertificateFact }> {
  const map = new Map<string, { construct: IConstruct; fact: CertificateFact }>();
  for (const c of certificates) {
    const id = keyIdOf(c);
    if (id !== undefined) map.set(id, c);
  }
  return map;
}
