import { Construct } from 'constructs';
import { KubernetesProvider } from '../core/cdktf';
import { invalid } from '../core/errors';
import { checkLabels } from '../core/kubernetes-metadata';
import { checkBoolean, checkPlainObject, checkProps } from '../core/props';
import { isInstanceKey } from '../core/resource-instance';
import { isLiteral } from '../core/validate';
import { DistinguishedName, KeyAlgorithm } from '../pki';
import { validateSubject } from '../pki/subject';
import { checkClientIdentity, checkClientLifetime, checkClientMount } from './client';
import { IScyllaCluster } from './contracts';

/** One application of a {@link ScyllaClientSet}: what may differ from the set's other clients. */
export interface ScyllaClientSetMember {
  /** The application's name (DNS-1123 label): it names the Secret `<name>-scylla-client-tls` and the ConfigMap `<name>-scylla-connection`. */
  readonly name: string;
  /** The application's namespace, where the Secret and ConfigMap are written. */
  readonly namespace: string;
  /** The CQL role the application logs in as; also its Alternator access key. @default - `name` */
  readonly role?: string;
  /** The datacenter the application runs beside. @default - the cluster's first datacenter */
  readonly datacenter?: string;
  /** The client certificate's subject. @default - `{ commonName: <role> }` */
  readonly subject?: DistinguishedName;
  /** Where the application mounts the connection ConfigMap. @default '/etc/scylla-client' */
  readonly mountPath?: string;
  /** Extra labels of the Secret and ConfigMap. @default - only `app.kubernetes.io/managed-by: tlsfleet` */
  readonly labels?: Record<string, string>;
}

export interface ScyllaClientSetOptions {
  /**
   * The applications, keyed by the construct id `cluster.addClient(<key>, ...)` gives (or would give) them:
   * the key is each one's instance key in the set's `for_each` blocks, and names its outputs as `addClient` does.
   */
  readonly clients: Record<string, ScyllaClientSetMember>;
  /** @default KeyAlgorithm.ECDSA_P256 */
  readonly keyAlgorithm?: KeyAlgorithm;
  /** @default 8760 (1 year) */
  readonly validityHours?: number;
  /** @default 720 (30 days) */
  readonly earlyRenewalHours?: number;
  /**
   * The Kubernetes cluster every application of the set runs in: a `for_each` block has one provider.
   * @default - the clients' datacenters' provider, which must be the same for all (else: one set per provider)
   */
  readonly provider?: KubernetesProvider;
  /**
   * Write a `moved` block from each client's address in the per-client form (`cluster.addClient(<key>)`) to its
   * instance here, so a deployed stack that switches keeps every key, certificate, Secret and ConfigMap.
   * @default true
   */
  readonly movedFromClients?: boolean;
}

export interface ScyllaClientSetProps extends ScyllaClientSetOptions {
  /** The cluster the applications connect to. */
  readonly cluster: IScyllaCluster;
}

const PROPS = ['cluster', 'clients', 'keyAlgorithm', 'validityHours', 'earlyRenewalHours', 'provider', 'movedFromClients'] as const;
const MEMBER_PROPS = ['name', 'namespace', 'role', 'datacenter', 'subject', 'mountPath', 'labels'] as const;
/** Construct ids of the set's own children: a client key cannot be one. */
export const SET_CHILDREN = ['Certificates', 'TlsSecret', 'Connection'] as const;

/** Every prop of the set and of each member, as `addClient` checks them, before any construct exists. */
export function validateClientSet(scope: Construct, props: ScyllaClientSetProps): void {
  checkProps(scope, '', props, PROPS, `ScyllaClientSetProps { ${PROPS.join(', ')} }`);
  const cluster: unknown = props.cluster;
  const datacenters = (cluster as { datacenters?: unknown } | undefined)?.datacenters;
  if (!Construct.isConstruct(cluster) || !Array.isArray(datacenters) || datacenters.length === 0) {
    invalid(scope, 'cluster', cluster, 'must be a ScyllaCluster or ImportedScyllaCluster');
  }
  checkPlainObject(scope, 'clients', props.clients, 'a map of client id to { name, namespace, role?, datacenter?, subject?, mountPath?, labels? }');
  const keys = Object.keys(props.clients);
  if (keys.length === 0) invalid(scope, 'clients', props.clients, 'must hold at least one client');
  for (const key of keys) {
    if (!isInstanceKey(key)) {
      invalid(scope, 'clients', key, 'must have keys of 1 to 128 letters, digits, "_", "." or "-", starting with a letter or digit (each is a for_each instance key)');
    }
    if ((SET_CHILDREN as readonly string[]).includes(key)) invalid(scope, 'clients', key, `must not have the keys ${SET_CHILDREN.join(', ')} (the set's own blocks)`);
    validateMember(scope, `clients.${key}`, props.clients[key], props.cluster);
  }
  if (props.provider !== undefined && !(props.provider instanceof KubernetesProvider)) invalid(scope, 'provider', props.provider, 'must be a KubernetesProvider');
  checkClientLifetime(scope, props);
  if (props.movedFromClients !== undefined) checkBoolean(scope, 'movedFromClients', props.movedFromClients);
}

function validateMember(scope: Construct, at: string, member: ScyllaClientSetMember, cluster: IScyllaCluster): void {
  checkProps(scope, at, member, MEMBER_PROPS, `a client { ${MEMBER_PROPS.join(', ')} }`);
  checkClientIdentity(scope, `${at}.`, member);
  checkClientMount(scope, `${at}.`, member);
  checkLabels(scope, `${at}.labels`, member.labels);
  // The for_each map is a literal: each value is known at synth, like the subject.
  const literal = (field: string, value: unknown): void => {
    if (value !== undefined && !isLiteral(value)) {
      invalid(scope, `${at}.${field}`, value, 'must be known at synth time in a client set (it is a value of the for_each map); Terraform references are not allowed');
    }
  };
  for (const field of ['name', 'namespace', 'role', 'datacenter', 'mountPath'] as const) literal(field, member[field]);
  for (const [k, v] of Object.entries(member.labels ?? {})) literal(`labels.${k}`, v);
  if (member.datacenter !== undefined && !cluster.datacenters.some((d) => d.name === member.datacenter)) {
    invalid(scope, `${at}.datacenter`, member.datacenter, `must be one of the cluster's datacenters: ${cluster.datacenters.map((d) => d.name).join(', ')}`);
  }
  validateSubject(scope, `${at}.subject`, member.subject ?? { commonName: member.role ?? member.name });
}
