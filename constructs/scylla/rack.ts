import { IConstruct } from 'constructs';
import { invalid } from '../core/errors';
import { checkArray, checkProps } from '../core/props';
import { checkDns1123Label, checkK8sName, isLiteral } from '../core/validate';
import { CQLSHRC_FILE, memberServiceName, MOUNTS, statefulSetName } from './names';
import { RackPlacement, renderPlacement, validatePlacement } from './placement';
import { compact, Json } from './private/render';
import { checkPositiveQuantity, checkRequestWithinLimit } from './quantity';

/** One rack of a datacenter: a StatefulSet of identical ScyllaDB members. */
export interface ScyllaRackProps {
  /** Rack name (DNS-1123 label), unique in its datacenter. Immutable after creation. */
  readonly name: string;
  /** Number of ScyllaDB nodes in the rack, at least 1. */
  readonly members: number;
  /** Size of each member's data volume, a Kubernetes quantity such as `100Gi`. Immutable after creation. */
  readonly storageCapacity: string;
  /** StorageClass of the data volumes. Immutable after creation. @default - the cluster's default StorageClass */
  readonly storageClassName?: string;
  /** CPU limit of the scylla container, such as `4`; must be non-zero (operator webhook). */
  readonly cpuLimit: string;
  /** Memory limit of the scylla container, such as `16Gi`; must be non-zero (operator webhook). */
  readonly memoryLimit: string;
  /**
   * CPU request. Equal requests and limits give the pod Guaranteed QoS, which ScyllaDB's CPU pinning needs.
   * @default - `cpuLimit`
   */
  readonly cpuRequest?: string;
  /** Memory request. @default - `memoryLimit` */
  readonly memoryRequest?: string;
  /** Node and pod affinity and tolerations. @default - any node */
  readonly placement?: RackPlacement;
  /**
   * CPU of the scylla-manager-agent sidecar, as both request and limit, so that with the scylla container's equal
   * requests and limits the pod has Guaranteed QoS (the CRD default gives the agent requests only: Burstable).
   * @default DEFAULT_AGENT_CPU ('200m')
   */
  readonly agentCpu?: string;
  /** Memory of the scylla-manager-agent sidecar, request and limit. @default DEFAULT_AGENT_MEMORY ('256Mi') */
  readonly agentMemory?: string;
}

/** The agent sidecar's CPU (request = limit) unless a rack says otherwise. */
export const DEFAULT_AGENT_CPU = '200m';
/** The agent sidecar's memory (request = limit) unless a rack says otherwise. */
export const DEFAULT_AGENT_MEMORY = '256Mi';

/**
 * The most members tlsfleet lets one rack have. The CRD takes any int32, but the serving certificate names every
 * member Service twice, and the certificate and its Secret must fit the API server's 1 MiB object limit.
 */
export const MAX_RACK_MEMBERS = 1000;

export const RACK_PROPS = [
  'name', 'members', 'storageCapacity', 'storageClassName', 'cpuLimit', 'memoryLimit', 'cpuRequest', 'memoryRequest',
  'placement', 'agentCpu', 'agentMemory',
] as const;

/** The shape of `racks`: a list of rack objects without unknown keys (what the cluster reads before any datacenter exists). */
export function checkRacksShape(scope: IConstruct, field: string, racks: unknown): asserts racks is ScyllaRackProps[] {
  checkArray(scope, field, racks, 'a list of racks');
  racks.forEach((rack, i) => checkProps(scope, `${field}[${i}]`, rack, RACK_PROPS, 'a rack { name, members, storageCapacity, cpuLimit, memoryLimit, ... }'));
}

/** Rejects what the operator's webhook or Kubernetes would refuse, and what tlsfleet cannot secure. */
export function validateRacks(scope: IConstruct, field: string, cluster: string, datacenter: string, racks: readonly ScyllaRackProps[]): void {
  checkRacksShape(scope, field, racks);
  if (racks.length === 0) invalid(scope, field, racks, 'must hold at least one rack');
  racks.forEach((rack, i) => validateRack(scope, `${field}[${i}]`, cluster, datacenter, rack));
  const seen = new Set<string>();
  racks.forEach((rack, i) => {
    if (seen.has(rack.name)) invalid(scope, `${field}[${i}].name`, rack.name, 'must be unique within the datacenter (operator webhook)');
    seen.add(rack.name);
  });
}

function validateRack(scope: IConstruct, field: string, cluster: string, datacenter: string, rack: ScyllaRackProps): void {
  checkDns1123Label(scope, `${field}.name`, rack.name);
  if (!isLiteral(rack.members)) {
    invalid(scope, `${field}.members`, rack.members, 'must be known at synth time: the serving certificate names every member Service');
  }
  if (!Number.isInteger(rack.members) || rack.members < 1 || rack.members > MAX_RACK_MEMBERS) {
    invalid(scope, `${field}.members`, rack.members,
      `must be a whole number from 1 to ${MAX_RACK_MEMBERS} (the serving certificate names every member, and it and its Secret must fit the API server's 1 MiB object limit)`);
  }
  if (isLiteral(cluster) && isLiteral(datacenter) && isLiteral(rack.name)) {
    // The StatefulSet controller labels pods `<statefulset>-<10-character hash>`, a label value of at most 63 characters.
    const sts = statefulSetName(cluster, datacenter, rack.name);
    if (sts.length > 52) {
      invalid(scope, `${field}.name`, rack.name,
        `must keep the StatefulSet name "<cluster>-<datacenter>-<rack>" within 52 characters (it would be ${sts.length}: "${sts}"), or its pods get an invalid controller-revision-hash label`);
    }
  }
  checkPositiveQuantity(scope, `${field}.storageCapacity`, rack.storageCapacity, '100Gi');
  if (rack.storageClassName !== undefined) checkK8sName(scope, `${field}.storageClassName`, rack.storageClassName);
  checkPositiveQuantity(scope, `${field}.cpuLimit`, rack.cpuLimit, '4');
  checkPositiveQuantity(scope, `${field}.memoryLimit`, rack.memoryLimit, '16Gi');
  if (rack.cpuRequest !== undefined) {
    checkPositiveQuantity(scope, `${field}.cpuRequest`, rack.cpuRequest, '4');
    checkRequestWithinLimit(scope, `${field}.cpuRequest`, rack.cpuRequest, rack.cpuLimit);
  }
  if (rack.memoryRequest !== undefined) {
    checkPositiveQuantity(scope, `${field}.memoryRequest`, rack.memoryRequest, '16Gi');
    checkRequestWithinLimit(scope, `${field}.memoryRequest`, rack.memoryRequest, rack.memoryLimit);
  }
  if (rack.placement !== undefined) validatePlacement(scope, `${field}.placement`, rack.placement);
  if (rack.agentCpu !== undefined) checkPositiveQuantity(scope, `${field}.agentCpu`, rack.agentCpu, '200m');
  if (rack.agentMemory !== undefined) checkPositiveQuantity(scope, `${field}.agentMemory`, rack.agentMemory, '256Mi');
}

/** The member (pod) names of a rack, ordinals 0..members-1. */
export function rackMemberNames(cluster: string, datacenter: string, rack: ScyllaRackProps): string[] {
  return Array.from({ length: rack.members }, (_, i) => memberServiceName(cluster, datacenter, rack.name, i));
}

/** What every rack mounts: the tlsfleet Secrets and ConfigMaps and the user scylla.yaml. */
export interface RackMounts {
  readonly scyllaConfig: string;
  readonly cqlServingSecret: string;
  readonly cqlAdminSecret: string;
  readonly cqlshrcConfigMap: string;
  /** The node certificate Secret; absent while node-to-node traffic is plaintext. */
  readonly internodeSecret?: string;
}

/** The CRD's `racks[]` entry. */
export function renderRack(rack: ScyllaRackProps, mounts: RackMounts): Json {
  return compact({
    name: rack.name,
    members: rack.members,
    storage: compact({ capacity: rack.storageCapacity, storageClassName: rack.storageClassName }),
    resources: {
      requests: { cpu: rack.cpuRequest ?? rack.cpuLimit, memory: rack.memoryRequest ?? rack.memoryLimit },
      limits: { cpu: rack.cpuLimit, memory: rack.memoryLimit },
    },
    agentResources: {
      requests: { cpu: rack.agentCpu ?? DEFAULT_AGENT_CPU, memory: rack.agentMemory ?? DEFAULT_AGENT_MEMORY },
      limits: { cpu: rack.agentCpu ?? DEFAULT_AGENT_CPU, memory: rack.agentMemory ?? DEFAULT_AGENT_MEMORY },
    },
    placement: rack.placement && renderPlacement(rack.placement),
    scyllaConfig: mounts.scyllaConfig,
    // Exactly one volume and one mount (see MOUNTS: provider bug #2778).
    volumes: [{
      name: MOUNTS.volume,
      projected: {
        sources: [
          { secret: { name: mounts.cqlServingSecret, items: tlsItems(MOUNTS.cqlServing.dir) } },
          { secret: { name: mounts.cqlAdminSecret, items: tlsItems(MOUNTS.cqlAdmin.dir) } },
          { configMap: { name: mounts.cqlshrcConfigMap, items: [{ key: CQLSHRC_FILE, path: `${MOUNTS.cqlshrc.dir}/${CQLSHRC_FILE}` }] } },
          ...(mounts.internodeSecret ? [{ secret: { name: mounts.internodeSecret, items: tlsItems(MOUNTS.internode.dir) } }] : []),
        ],
      },
    }],
    volumeMounts: [{ name: MOUNTS.volume, mountPath: MOUNTS.root, readOnly: true }],
  }) ?? {};
}

/** The keys of a tlsfleet TLS Secret, projected into `dir`. */
function tlsItems(dir: string): Json[] {
  return ['tls.crt', 'tls.key', 'ca.crt'].map((key) => ({ key, path: `${dir}/${key}` }));
}
