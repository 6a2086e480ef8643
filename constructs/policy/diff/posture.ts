import type { PlanBlocks } from './plan-blocks';

// The posture one synth declares, as the diff reads it from report.json (checked by load.ts), and the changes
// between two of them. Every string here came from a pull request: render it only through escape.ts.

export type Tls = 'TLSv1.0' | 'TLSv1.1' | 'TLSv1.2' | 'TLSv1.3';

export interface PostureEndpoint {
  readonly datacenter?: string;
  readonly api: string;
  readonly address: string;
  readonly port: number;
  readonly transport: 'tls' | 'plaintext';
  readonly tlsVersions?: readonly Tls[];
  readonly clientCertificates: 'required' | 'not required' | 'per user';
  readonly authorization: 'enforced' | 'off';
  readonly certificate?: string;
  readonly internodeMode?: string;
}

export interface PostureCluster {
  readonly path: string;
  readonly product: string;
  readonly name: string;
  readonly datacenters: readonly { readonly name: string; readonly namespace: string; readonly kubernetes: string }[];
  readonly caRotation?: { readonly phase: string; readonly from: string; readonly to: string };
  readonly caSource?: string;
  readonly manualControls: readonly { readonly control: string; readonly acknowledged: boolean }[];
  readonly endpoints: readonly PostureEndpoint[];
}

export interface PostureDelivery {
  readonly object: 'Secret' | 'ConfigMap';
  readonly namespace: string;
  readonly name: string;
  readonly kubernetes: string;
  readonly withPrivateKey: boolean;
}

export interface PostureCertificate {
  readonly path: string;
  readonly role: 'ca' | 'server' | 'client' | 'unmanaged';
  readonly subject?: string;
  readonly issuer?: string;
  readonly key?: string;
  readonly imported: boolean;
  readonly validityHours?: number;
  readonly earlyRenewalHours?: number;
  readonly dnsNames: readonly string[];
  readonly ipAddresses: readonly string[];
  readonly holders: readonly { readonly namespace: string; readonly kubernetes: string; readonly description: string }[];
  readonly deliveredTo: readonly PostureDelivery[];
}

export interface PostureWaiver {
  readonly ruleId: string;
  readonly path: string;
  readonly reason: string;
  readonly approvedBy?: string;
  readonly covers: number;
}

export interface PostureRule {
  readonly id: string;
  readonly status: 'pass' | 'waived' | 'fail' | 'not applicable';
  readonly violations: readonly { readonly path: string; readonly message: string; readonly waiver?: { readonly path: string; readonly reason: string; readonly approvedBy?: string } }[];
  readonly undecided: readonly { readonly path: string; readonly message: string }[];
}

export interface PostureStack {
  readonly name: string;
  readonly settings: { readonly maxLeafValidityDays: number; readonly minTlsVersion: Tls; readonly minRsaBits: number };
  readonly clusters: readonly PostureCluster[];
  readonly certificates: readonly PostureCertificate[];
  readonly waivers: readonly PostureWaiver[];
  readonly rules: readonly PostureRule[];
  /** The stack's `tls_*` blocks (canonical JSON) by construct path and through its `moved` blocks, when its cdk.tf.json was beside the report. */
  readonly plan?: PlanBlocks;
}

/** One synth: its report.json, read and checked. */
export interface PostureSide {
  readonly file: string;
  readonly version: string;
  readonly titles: ReadonlyMap<string, { readonly title: string; readonly severity: string }>;
  readonly stacks: readonly PostureStack[];
}

/** Whether a change weakens the posture, strengthens it, or only changes the inventory. */
export enum Impact {
  WORSE = 'worse',
  BETTER = 'better',
  NEUTRAL = 'neutral',
}

/** The comment's sections, in the order a reviewer reads them after the verdict. */
export enum Area {
  LISTENERS = 'Listeners',
  WAIVERS = 'Waivers and rule results',
  CERTIFICATES = 'Certificates',
  KEYS = 'Key deliveries',
  TRUST = 'CAs and bundles',
  CLUSTERS = 'Clusters, clients and users',
  SETTINGS = 'Policy limits',
}

export const AREAS: readonly Area[] = [Area.LISTENERS, Area.WAIVERS, Area.CERTIFICATES, Area.KEYS, Area.TRUST, Area.CLUSTERS, Area.SETTINGS];

/** One change between base and head. */
export interface Change {
  readonly impact: Impact;
  readonly area: Area;
  /** tlsfleet's own words for the kind of change ("listener opened in plaintext"), for the verdict's counts. */
  readonly kind: string;
  /** One Markdown line, every input string already escaped (escape.ts). */
  readonly markdown: string;
}
