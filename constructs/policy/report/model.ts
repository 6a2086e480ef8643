import { TLSFLEET_VERSION } from '../../core/version';
import { CertificateFact, ClusterFact, DeliveryFact, EndpointFact } from '../../core/facts';
import type { StackEvaluation } from '../model';
import { Severity } from '../model';
import { RULES } from '../rules';
import { compareCodeUnits as cmp, sortedByKey } from '../../core/order';

/** The report directory inside the synth output (`cdktf.out/tlsfleet`). */
export const REPORT_DIR = 'tlsfleet';
export const REPORT_JSON = 'report.json';
export const REPORT_MARKDOWN = 'report.md';
export const REPORT_SARIF = 'report.sarif';
export const REPORT_FILES: readonly string[] = [REPORT_JSON, REPORT_MARKDOWN, REPORT_SARIF];


export interface Delivery {
  readonly object: 'Secret' | 'ConfigMap';
  readonly namespace: string;
  readonly name: string;
  readonly kubernetes: string;
  readonly withPrivateKey: boolean;
}

/** One certificate in the inventory. */
export interface CertificateEntry {
  readonly path: string;
  readonly role: 'ca' | 'server' | 'client' | 'unmanaged';
  readonly subject?: string;
  readonly issuer?: string;
  readonly issuerSubject?: string;
  readonly key?: string;
  readonly imported?: boolean;
  readonly validityHours?: number;
  readonly earlyRenewalHours?: number;
  readonly renewal: string;
  readonly dnsNames?: readonly string[];
  readonly ipAddresses?: readonly string[];
  readonly holders?: readonly { readonly namespace: string; readonly kubernetes: string; readonly description: string }[];
  /** Secrets that carry the certificate (and key), and for a CA the bundles that carry it. */
  readonly deliveredTo: readonly Delivery[];
}

/** The report of one stack, as `report.json` holds it. */
export interface StackReport {
  readonly name: string;
  readonly path: string;
  readonly synthesizedFile: string;
  readonly settings: StackEvaluation['settings'];
  readonly clusters: readonly (Omit<ClusterFact, 'kind'> & { readonly path: string; readonly endpoints: readonly Omit<EndpointFact, 'kind' | 'cluster'>[] })[];
  readonly certificates: readonly CertificateEntry[];
  readonly waivers: readonly { readonly ruleId: string; readonly path: string; readonly reason: string; readonly approvedBy?: string; readonly covers: number }[];
  readonly rules: readonly {
    readonly id: string;
    readonly status: string;
    readonly checked: number;
    readonly violations: readonly { readonly path: string; readonly message: string; readonly waiver?: { readonly path: string; readonly reason: string; readonly approvedBy?: string } }[];
    readonly undecided: readonly { readonly path: string; readonly message: string }[];
  }[];
}

/** The whole `report.json`. */
export interface PolicyReport {
  readonly tool: { readonly name: 'tlsfleet'; readonly version: string };
  readonly rules: readonly { readonly id: string; readonly title: string; readonly severity: Severity; readonly description: string; readonly fix: string }[];
  readonly summary: {
    readonly stacks: number;
    readonly clusters: number;
    readonly endpoints: number;
    readonly certificates: number;
    readonly waivers: number;
    readonly waivedViolations: number;
    readonly openViolations: number;
  };
  readonly stacks: readonly StackReport[];
}

export function hours(h: number | undefined): string {
  if (h === undefined) return 'unknown';
  if (h % 24 === 0) return `${h} h (${h / 24} days)`;
  return `${h} h`;
}

/** By early renewal, then validity: a fleet has thousands of certificates and a few lifetimes. */
const renewalTexts = new Map<number, Map<number | undefined, string>>();

function renewalText(validity: number | undefined, early: number | undefined): string {
  if (early === undefined) return 'unknown at synth';
  let byValidity = renewalTexts.get(early);
  const known = byValidity?.get(validity);
  if (known !== undefined) return known;
  const text = renewalSentence(validity, early);
  // Bounded: a hand-written plan could have a lifetime per certificate.
  if (!byValidity && renewalTexts.size < 64) renewalTexts.set(early, (byValidity = new Map()));
  if (byValidity && byValidity.size < 64) byValidity.set(validity, text);
  return text;
}

function renewalSentence(validity: number | undefined, early: number): string {
  if (early <= 0) return 'none: replaced only after expiry';
  return `replaced at the first apply in the last ${hours(early)}${validity !== undefined ? ` of ${hours(validity)}` : ''}`;
}

/** Builds the report data from the evaluations of an app's stacks. */
export function buildReport(evaluations: readonly StackEvaluation[]): PolicyReport {
  const stacks = evaluations.map(stackReport);
  const all = stacks.flatMap((s) => s.rules.flatMap((r) => r.violations));
  return {
    tool: { name: 'tlsfleet', version: TLSFLEET_VERSION },
    rules: RULES.map((r) => ({ id: r.id, title: r.title, severity: r.severity, description: r.description, fix: r.fix })),
    summary: {
      stacks: stacks.length,
      clusters: stacks.reduce((n, s) => n + s.clusters.length, 0),
      endpoints: stacks.reduce((n, s) => n + s.clusters.reduce((m, c) => m + c.endpoints.length, 0), 0),
      certificates: stacks.reduce((n, s) => n + s.certificates.length, 0),
      waivers: stacks.reduce((n, s) => n + s.waivers.length, 0),
      waivedViolations: all.filter((v) => v.waiver).length,
      openViolations: all.filter((v) => !v.waiver).length,
    },
    stacks,
  };
}

function stackReport(e: StackEvaluation): StackReport {
  // One pass over the facts (a fleet has tens of thousands), in their order.
  const clusters: { path: string; fact: ClusterFact }[] = [];
  const endpoints: { path: string; fact: EndpointFact }[] = [];
  const certs: { path: string; fact: CertificateFact }[] = [];
  for (let i = 0; i < e.facts.length; i++) {
    const f = e.facts[i]!;
    if (f.fact.kind === 'cluster') clusters.push(f as { path: string; fact: ClusterFact });
    else if (f.fact.kind === 'endpoint') endpoints.push(f as { path: string; fact: EndpointFact });
    else if (f.fact.kind === 'certificate') certs.push(f as { path: string; fact: CertificateFact });
  }
  const subjectOf = new Map(certs.map((c) => [c.path, c.fact.subject]));
  // Index the deliveries once: a fleet has thousands of certificates and Secrets.
  const byCertificate = new Map<string, DeliveryFact[]>();
  const byAuthority = new Map<string, DeliveryFact[]>();
  const add = (map: Map<string, DeliveryFact[]>, k: string, d: DeliveryFact): void => {
    const list = map.get(k);
    if (list) list.push(d);
    else map.set(k, [d]);
  };
  for (const d of e.deliveries) {
    // Nearly every delivery names one certificate: no set to build for it.
    for (const c of d.certificates.length < 2 ? d.certificates : new Set(d.certificates)) add(byCertificate, c, d);
    for (const a of d.authorities.length < 2 ? d.authorities : new Set(d.authorities)) add(byAuthority, a, d);
  }
  const deliveriesOf = (path: string, ca: boolean): Delivery[] => {
    const carrying = byCertificate.get(path) ?? NONE;
    const trusting = ca ? byAuthority.get(path) ?? NONE : NONE;
    const out: Delivery[] = [];
    for (const d of carrying) out.push(delivery(d, d.carriesPrivateKey));
    for (const d of trusting) if (!carrying.includes(d)) out.push(delivery(d, false));
    if (out.length < 2) return out;
    // Each sort key built once, not once per comparison.
    return out.map((x) => ({ x, k: key(x) })).sort((a, b) => cmp(a.k, b.k)).map(({ x }) => x);
  };
  const endpointsByCluster = new Map<string, { path: string; fact: EndpointFact }[]>();
  for (const x of endpoints) {
    const list = endpointsByCluster.get(x.fact.cluster);
    if (list) list.push(x);
    else endpointsByCluster.set(x.fact.cluster, [x]);
  }
  const certificates: CertificateEntry[] = sortedByKey([
    ...certs.map(({ path, fact }) => certificateEntry(path, fact, fact.issuer ? subjectOf.get(fact.issuer) : undefined, deliveriesOf(path, fact.role === 'ca'))),
    ...e.unmanagedCertificates.map((u) => clean({
      path: u.path,
      role: 'unmanaged',
      validityHours: u.validityHours,
      earlyRenewalHours: u.earlyRenewalHours,
      renewal: renewalText(u.validityHours, u.earlyRenewalHours),
      subject: u.isCa ? '(hand-written CA certificate)' : '(hand-written certificate)',
      deliveredTo: deliveriesOf(u.path, false),
    }) as CertificateEntry),
  ], (c) => c.path);

  return {
    name: e.stackName,
    path: e.stack.node.path,
    synthesizedFile: `stacks/${e.stackName}/cdk.tf.json`,
    settings: e.settings,
    clusters: sortedByKey(clusters.map(({ path, fact }) => ({
      path,
      product: fact.product,
      name: fact.name,
      namespace: fact.namespace,
      datacenters: fact.datacenters,
      ...(fact.caRotation ? { caRotation: fact.caRotation } : {}),
      ...(fact.caSource ? { caSource: fact.caSource } : {}),
      ...(fact.manualControls ? { manualControls: fact.manualControls } : {}),
      endpoints: (endpointsByCluster.get(path) ?? []).map(({ fact }) => clean(fact, ENDPOINT_OMITS) as Omit<EndpointFact, 'kind' | 'cluster'>)
        .sort((a, b) => cmp(a.datacenter ?? '', b.datacenter ?? '') || a.port - b.port || cmp(a.api, b.api)),
    })), (c) => c.path),
    certificates,
    waivers: e.waivers.map((w) => clean({ ruleId: w.record.ruleId, path: w.record.path, reason: w.record.reason, approvedBy: w.record.approvedBy, covers: w.uses }) as StackReport['waivers'][number]),
    rules: e.results.map((r) => ({
      id: r.rule.id,
      status: r.status,
      checked: r.checked,
      violations: r.violations.map((v) => clean({
        path: v.path,
        message: v.message,
        waiver: v.waiver ? clean({ path: v.waiver.path, reason: v.waiver.reason, approvedBy: v.waiver.approvedBy }) : undefined,
      }) as StackReport['rules'][number]['violations'][number]),
      undecided: r.undecided,
    })),
  };
}


const NONE: readonly DeliveryFact[] = Object.freeze([]);

function delivery(d: DeliveryFact, withPrivateKey: boolean): Delivery {
  return { object: d.object, namespace: d.namespace, name: d.name, kubernetes: d.kubernetes, withPrivateKey };
}

/**
 * A certificate's entry: its members in this order, those without a value left out (as {@link clean} leaves
 * them), built in one step because a fleet has thousands.
 */
function certificateEntry(path: string, fact: CertificateFact, issuerSubject: string | undefined, deliveredTo: Delivery[]): CertificateEntry {
  const e: { -readonly [K in keyof CertificateEntry]?: CertificateEntry[K] } = { path, role: fact.role };
  if (fact.subject !== undefined) e.subject = fact.subject;
  if (fact.issuer !== undefined) e.issuer = fact.issuer;
  if (issuerSubject !== undefined) e.issuerSubject = issuerSubject;
  if (fact.key !== undefined) e.key = fact.key;
  if (fact.imported) e.imported = fact.imported;
  if (fact.validityHours !== undefined) e.validityHours = fact.validityHours;
  if (fact.earlyRenewalHours !== undefined) e.earlyRenewalHours = fact.earlyRenewalHours;
  e.renewal = fact.imported ? 'managed outside tlsfleet' : renewalText(fact.validityHours, fact.earlyRenewalHours);
  if (fact.dnsNames?.length) e.dnsNames = fact.dnsNames;
  if (fact.ipAddresses?.length) e.ipAddresses = fact.ipAddresses;
  if (fact.holders.length) e.holders = fact.holders;
  e.deliveredTo = deliveredTo;
  return e as CertificateEntry;
}

function key(d: Delivery): string {
  return `${d.kubernetes}/${d.namespace}/${d.object}/${d.name}`;
}

/** What an endpoint's entry leaves out of its fact: the fact's kind, and the cluster the entry sits under. */
const ENDPOINT_OMITS: ReadonlySet<string> = new Set(['kind', 'cluster']);
const NO_OMITS: ReadonlySet<string> = new Set();

/** The object without undefined members (and without the `omit` ones), so JSON output has no noise. */
export function clean<T extends object>(o: T, omit: ReadonlySet<string> = NO_OMITS): T {
  // One pass, no entry pairs and no rest copy: a report of a fleet cleans thousands of objects.
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(o)) {
    const v = (o as Record<string, unknown>)[k];
    if (v === undefined || omit.has(k)) continue;
    // As Object.fromEntries defines it: an own property, even when the key is __proto__.
    if (k === '__proto__') Object.defineProperty(out, k, { value: v, enumerable: true, writable: true, configurable: true });
    else out[k] = v;
  }
  return out as T;
}

