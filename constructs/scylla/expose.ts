import { IConstruct } from 'constructs';
import { invalid } from '../core/errors';
import { checkAnnotations, checkLabels } from '../core/kubernetes-metadata';
import { checkBoolean, checkEnum, checkProps } from '../core/props';
import { checkQualifiedName } from './private/kubernetes-names';
import { compact, Json } from './private/render';

/** The type of the per-member Services (`exposeOptions.nodeService.type`). */
export enum NodeServiceType {
  /** Headless Services: only pod IPs are reachable. */
  HEADLESS = 'Headless',
  /** A ClusterIP per member (the operator's default). */
  CLUSTER_IP = 'ClusterIP',
  /** A load balancer per member. */
  LOAD_BALANCER = 'LoadBalancer',
}

/** Which address ScyllaDB advertises to clients or to other nodes. */
export enum BroadcastAddressType {
  POD_IP = 'PodIP',
  /** The member Service's ClusterIP (the operator's default). */
  SERVICE_CLUSTER_IP = 'ServiceClusterIP',
  SERVICE_LOAD_BALANCER_INGRESS = 'ServiceLoadBalancerIngress',
}

/** `externalTrafficPolicy` / `internalTrafficPolicy` of the member Services. */
export enum ServiceTrafficPolicy {
  CLUSTER = 'Cluster',
  LOCAL = 'Local',
}

/** How the members are exposed (`spec.exposeOptions`); CQL ingress is not offered. */
export interface ScyllaExposeOptions {
  /** @default - NodeServiceType.CLUSTER_IP (the operator's default; not written) */
  readonly nodeServiceType?: NodeServiceType;
  /** Annotations of the member Services, for example for a cloud load balancer. @default - none */
  readonly nodeServiceAnnotations?: Record<string, string>;
  /** Labels of the member Services. @default - none */
  readonly nodeServiceLabels?: Record<string, string>;
  /** `loadBalancerClass` of LoadBalancer member Services. @default - the cluster's default */
  readonly loadBalancerClass?: string;
  /** @default - Kubernetes' default (Cluster) */
  readonly externalTrafficPolicy?: ServiceTrafficPolicy;
  /** @default - Kubernetes' default (Cluster) */
  readonly internalTrafficPolicy?: ServiceTrafficPolicy;
  /** @default - Kubernetes' default (true) */
  readonly allocateLoadBalancerNodePorts?: boolean;
  /** Address advertised to clients. @default BroadcastAddressType.SERVICE_CLUSTER_IP */
  readonly broadcastToClients?: BroadcastAddressType;
  /** Address advertised to other nodes (and datacenters). @default BroadcastAddressType.SERVICE_CLUSTER_IP */
  readonly broadcastToNodes?: BroadcastAddressType;
}

// The operator's webhook: which member Service types can carry each broadcast address type.
const ALLOWED_SERVICE_TYPES: Record<BroadcastAddressType, NodeServiceType[]> = {
  [BroadcastAddressType.POD_IP]: [NodeServiceType.HEADLESS, NodeServiceType.CLUSTER_IP, NodeServiceType.LOAD_BALANCER],
  [BroadcastAddressType.SERVICE_CLUSTER_IP]: [NodeServiceType.CLUSTER_IP, NodeServiceType.LOAD_BALANCER],
  [BroadcastAddressType.SERVICE_LOAD_BALANCER_INGRESS]: [NodeServiceType.LOAD_BALANCER],
};

const EXPOSE_PROPS = [
  'nodeServiceType', 'nodeServiceAnnotations', 'nodeServiceLabels', 'loadBalancerClass', 'externalTrafficPolicy',
  'internalTrafficPolicy', 'allocateLoadBalancerNodePorts', 'broadcastToClients', 'broadcastToNodes',
] as const;

/** Mirrors the operator's webhook checks of `exposeOptions`. */
export function validateExposeOptions(scope: IConstruct, field: string, o: ScyllaExposeOptions): void {
  checkProps(scope, field, o, EXPOSE_PROPS, 'ScyllaExposeOptions { nodeServiceType?, broadcastToClients?, broadcastToNodes?, ... }');
  const serviceType = o.nodeServiceType ?? NodeServiceType.CLUSTER_IP;
  checkEnum(scope, `${field}.nodeServiceType`, serviceType, NodeServiceType, 'NodeServiceType');
  for (const side of ['broadcastToClients', 'broadcastToNodes'] as const) {
    // An omitted side is defaulted by the API server to ServiceClusterIP, which a Headless Service cannot carry.
    const type: unknown = o[side] ?? BroadcastAddressType.SERVICE_CLUSTER_IP;
    checkEnum(scope, `${field}.${side}`, type, BroadcastAddressType, 'BroadcastAddressType');
    if (!ALLOWED_SERVICE_TYPES[type].includes(serviceType)) {
      invalid(scope, `${field}.${side}`, type,
        `must be an address type that the member Service type ${serviceType} can carry (${Object.values(BroadcastAddressType).filter((b) => ALLOWED_SERVICE_TYPES[b].includes(serviceType)).join(', ')}); an omitted side defaults to ServiceClusterIP`);
    }
  }
  checkAnnotations(scope, `${field}.nodeServiceAnnotations`, o.nodeServiceAnnotations);
  checkLabels(scope, `${field}.nodeServiceLabels`, o.nodeServiceLabels);
  if (o.loadBalancerClass !== undefined) {
    checkQualifiedName(scope, `${field}.loadBalancerClass`, o.loadBalancerClass, 'a load balancer class', 'example.com/internal-lb');
  }
  for (const k of ['externalTrafficPolicy', 'internalTrafficPolicy'] as const) {
    if (o[k] !== undefined) checkEnum(scope, `${field}.${k}`, o[k], ServiceTrafficPolicy, 'ServiceTrafficPolicy');
  }
  if (o.allocateLoadBalancerNodePorts !== undefined) checkBoolean(scope, `${field}.allocateLoadBalancerNodePorts`, o.allocateLoadBalancerNodePorts);
}

/** The CRD's `exposeOptions`, or undefined when every option is the operator's default. */
export function renderExposeOptions(o: ScyllaExposeOptions | undefined): Json | undefined {
  if (!o) return undefined;
  const nodeServiceRest = compact({
    annotations: nonEmpty(o.nodeServiceAnnotations),
    labels: nonEmpty(o.nodeServiceLabels),
    loadBalancerClass: o.loadBalancerClass,
    externalTrafficPolicy: o.externalTrafficPolicy,
    internalTrafficPolicy: o.internalTrafficPolicy,
    allocateLoadBalancerNodePorts: o.allocateLoadBalancerNodePorts,
  });
  const nodeService = o.nodeServiceType !== undefined || nodeServiceRest
    ? { type: o.nodeServiceType ?? NodeServiceType.CLUSTER_IP, ...nodeServiceRest } : undefined;
  const broadcast = o.broadcastToClients !== undefined || o.broadcastToNodes !== undefined
    ? {
      clients: { type: o.broadcastToClients ?? BroadcastAddressType.SERVICE_CLUSTER_IP },
      nodes: { type: o.broadcastToNodes ?? BroadcastAddressType.SERVICE_CLUSTER_IP },
    } : undefined;
  return compact({ nodeService, broadcastOptions: broadcast });
}

function nonEmpty(map: Record<string, string> | undefined): Record<string, string> | undefined {
  return map && Object.keys(map).length ? sortedCopy(map) : undefined;
}

/** A copy with keys in sorted order, so the plan does not depend on declaration order. */
export function sortedCopy(map: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.keys(map).sort().map((k) => [k, map[k]]));
}
