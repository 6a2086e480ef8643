import { IConstruct } from 'constructs';
import { KubernetesProvider } from '../core/cdktf';
import { invalid } from '../core/errors';
import { checkArray, checkProps } from '../core/props';
import { checkDns1123Label, checkDnsName, checkIpAddress, checkText, isLiteral } from '../core/validate';
import { AlternatorCertificateSource } from './alternator';
import { ScyllaClusterSpec } from './contracts';
import { ScyllaExposeOptions, validateExposeOptions } from './expose';
import { checkRacksShape, ScyllaRackProps, validateRacks } from './rack';

// The props of a datacenter and their checks: the cluster checks their shape before it creates anything, the
// datacenter the rest before it creates its own resources.

/** One datacenter of a ScyllaDB cluster: one ScyllaCluster object in one Kubernetes cluster. */
export interface ScyllaDatacenterProps {
  /** Datacenter name (DNS-1123 label), unique within the cluster. Immutable after creation. */
  readonly name: string;
  /** The racks, at least one, with unique names. */
  readonly racks: ScyllaRackProps[];
  /** The Kubernetes cluster this datacenter runs in. @default - the stack's default kubernetes provider */
  readonly provider?: KubernetesProvider;
  /** @default - the cluster's `namespace` */
  readonly namespace?: string;
  /** The Kubernetes cluster's DNS domain, for `.svc.<domain>` certificate names and seeds. @default 'cluster.local' */
  readonly clusterDomain?: string;
  /**
   * Addresses (DNS names or IPs) at which the other datacenters reach this one; they become the
   * `externalSeeds` of every other datacenter.
   * @default - member 0 of each rack, as `<member>.<namespace>.svc.<clusterDomain>` (needs DNS across the Kubernetes clusters)
   */
  readonly seeds?: string[];
  /** @default - the cluster's `exposeOptions` */
  readonly exposeOptions?: ScyllaExposeOptions;
  /** Extra DNS names for this datacenter's CQL and Alternator certificates. @default [] */
  readonly additionalDnsNames?: string[];
  /** Extra IP addresses for this datacenter's CQL and Alternator certificates. @default [] */
  readonly additionalIpAddresses?: string[];
  /** kubectl context of this Kubernetes cluster, used in the commands tlsfleet outputs. @default - kubectl's current context */
  readonly kubectlContext?: string;
}

/**
 * The DNS names of one serving certificate, in bytes: the certificate appears in its `tls_locally_signed_cert`, its
 * Secret (base64) and the Terraform state, and the Secret must fit the API server's 1 MiB object limit.
 */
export const MAX_SERVING_DNS_BYTES = 256 * 1024;

export const DATACENTER_PROPS = [
  'name', 'racks', 'provider', 'namespace', 'clusterDomain', 'seeds', 'exposeOptions', 'additionalDnsNames',
  'additionalIpAddresses', 'kubectlContext',
] as const;

/** The shape of one datacenter's props, as the cluster reads them before any datacenter exists. */
export function checkDatacenterShape(scope: IConstruct, field: string, props: unknown): asserts props is ScyllaDatacenterProps {
  checkProps(scope, field, props, DATACENTER_PROPS, 'a datacenter { name, racks, provider?, namespace?, ... }');
  // The name becomes the datacenter's construct id, the namespace the holder of the cluster's admin certificate.
  checkDns1123Label(scope, `${field}.name`, props.name as string);
  if (!isLiteral(props.name)) invalid(scope, `${field}.name`, props.name, 'must be known at synth time: it is the construct id of the datacenter');
  if (props.namespace !== undefined) checkDns1123Label(scope, `${field}.namespace`, props.namespace as string);
  if (props.provider !== undefined && !(props.provider instanceof KubernetesProvider)) {
    invalid(scope, `${field}.provider`, props.provider, 'must be a KubernetesProvider');
  }
  if (props.seeds !== undefined) checkArray(scope, `${field}.seeds`, props.seeds, 'a list of addresses');
  checkRacksShape(scope, `${field}.racks`, props.racks);
}

/** A certificate DNS name has at most 253 characters: a long cluster domain pushes the member Service names over. */
export function checkServiceNameLength(scope: IConstruct, clusterDomain: string, serviceNames: readonly string[]): void {
  const longest = serviceNames.reduce((a, b) => (b.length > a.length ? b : a), '');
  if (isLiteral(longest) && longest.length > 253) {
    invalid(scope, 'clusterDomain', clusterDomain,
      `must keep every member Service name "<member>.<namespace>.svc.<clusterDomain>" within 253 characters (it has ${longest.length}: "${longest}")`);
  }
}

/** The serving certificate must stay far below the 1 MiB object limit of its Secret. */
export function checkServingCertificateSize(scope: IConstruct, racks: readonly ScyllaRackProps[], dnsNames: readonly string[]): void {
  const bytes = dnsNames.reduce((sum, n) => sum + Buffer.byteLength(n), 0);
  if (bytes <= MAX_SERVING_DNS_BYTES) return;
  const largest = racks.reduce((best, r, i) => (r.members > racks[best].members ? i : best), 0);
  const members = racks.reduce((sum, r) => sum + r.members, 0);
  invalid(scope, `racks[${largest}].members`, racks[largest].members,
    `must be fewer: the serving certificate names every member Service of the datacenter (${members} members, ${dnsNames.length} DNS names, ${bytes} bytes), and its DNS names may total at most ${MAX_SERVING_DNS_BYTES} bytes so the certificate and its Secret stay far below the API server's 1 MiB object limit`);
}

/** Rejects what the operator's webhook or Kubernetes would refuse; the datacenter runs it before it creates anything. */
export function validateDatacenter(scope: IConstruct, cluster: ScyllaClusterSpec, props: ScyllaDatacenterProps): void {
  checkProps(scope, '', props, DATACENTER_PROPS, 'ScyllaDatacenterProps { name, racks, provider?, namespace?, ... }');
  checkDns1123Label(scope, 'name', props.name);
  if (props.namespace !== undefined) checkDns1123Label(scope, 'namespace', props.namespace);
  if (props.clusterDomain !== undefined) checkDnsName(scope, 'clusterDomain', props.clusterDomain);
  validateRacks(scope, 'racks', cluster.name, props.name, props.racks);
  if (props.provider !== undefined && !(props.provider instanceof KubernetesProvider)) invalid(scope, 'provider', props.provider, 'must be a KubernetesProvider');
  if (props.seeds !== undefined) checkArray(scope, 'seeds', props.seeds, 'a list of addresses');
  (props.seeds ?? []).forEach((s, i) => checkSeed(scope, `seeds[${i}]`, s));
  if (props.seeds !== undefined && props.seeds.length === 0) invalid(scope, 'seeds', props.seeds, 'must hold at least one address when given');
  if (props.additionalDnsNames !== undefined) checkArray(scope, 'additionalDnsNames', props.additionalDnsNames, 'a list of DNS names');
  (props.additionalDnsNames ?? []).forEach((n, i) => checkDnsName(scope, `additionalDnsNames[${i}]`, n));
  if (props.additionalIpAddresses !== undefined) checkArray(scope, 'additionalIpAddresses', props.additionalIpAddresses, 'a list of IP addresses');
  (props.additionalIpAddresses ?? []).forEach((ip, i) => checkIpAddress(scope, `additionalIpAddresses[${i}]`, ip));
  if (props.kubectlContext !== undefined) checkKubectlContext(scope, 'kubectlContext', props.kubectlContext);
  if (cluster.alternator?.certificateSource === AlternatorCertificateSource.OPERATOR_MANAGED) {
    (props.additionalDnsNames ?? []).forEach((n, i) => {
      if (isLiteral(n) && n.startsWith('*.')) {
        invalid(scope, `additionalDnsNames[${i}]`, n, 'must not be a wildcard with operator-managed Alternator certificates (the operator accepts DNS-1123 subdomains only)');
      }
    });
  }
  if (props.exposeOptions !== undefined) validateExposeOptions(scope, 'exposeOptions', props.exposeOptions);
}

/**
 * A kubectl context name, pasted (quoted) into the commands tlsfleet prints: known at synth, one line of at most 253
 * characters without control characters; empty would silently mean the current context.
 */
export function checkKubectlContext(scope: IConstruct, field: string, context: unknown): asserts context is string {
  checkText(scope, field, context, { what: 'a kubectl context name', max: 253 });
  if (!isLiteral(context)) invalid(scope, field, context, 'must be known at synth time: it is pasted into the commands tlsfleet prints');
}

/** A seed: a DNS name or an IP address. */
export function checkSeed(scope: IConstruct, field: string, seed: string): void {
  if (!isLiteral(seed)) return;
  if (typeof seed === 'string' && /^[0-9.]+$|:/.test(seed)) checkIpAddress(scope, field, seed);
  else {
    checkDnsName(scope, field, seed);
    if (typeof seed === 'string' && seed.startsWith('*')) invalid(scope, field, seed, 'must name one host, not a wildcard');
  }
}
