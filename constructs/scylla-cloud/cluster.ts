import { Construct } from 'constructs';
import { TerraformStack } from '../core/cdktf';
import { invalid } from '../core/errors';
import { checkBoolean, checkEnum, checkPlainObject, checkProps } from '../core/props';
import { isLiteral } from '../core/validate';
import { recordFact } from '../core/facts';
import { checkApprover, checkReason } from '../core/reason';
import { AlternatorWriteIsolation } from '../scylla/alternator';
import { ScyllaCloudClient } from './client';
import { CLOUD_ALTERNATOR_HTTPS_PORT, CLOUD_CQL_TLS_PORT, IScyllaCloudCluster, ScyllaCloudClientOptions } from './contracts';

export { CLOUD_ALTERNATOR_HTTPS_PORT, CLOUD_CQL_TLS_PORT } from './contracts';
import { ScyllaDbCloudClusterResource, ScyllaDbCloudCqlAuth, ScyllaDbCloudProvider } from './bindings';

/** ScyllaDB Cloud's encrypted ports (DOMAIN.md section 4): the same as tlsfleet's on Kubernetes. */

/** The cloud a ScyllaDB Cloud cluster runs in (`cloud`). */
export enum ScyllaCloudProvider {
  AWS = 'AWS',
  GCP = 'GCP',
}

/** The console switch Terraform cannot set or read. */
export const ENSURE_ENCRYPTED_CONNECTIONS = 'Ensure encrypted connections (ScyllaDB Cloud console)';

/**
 * Someone enabled a console setting Terraform cannot verify, in the shape of a waiver: what, where and when, and who.
 */
export interface ManualControlAcknowledgment {
  /** What was enabled and where (cluster, console page, date or ticket): at least 20 characters and 4 words. */
  readonly reason: string;
  /** Who enabled it (a person, team or ticket). */
  readonly enabledBy: string;
}

export interface ScyllaCloudClusterProps {
  /** The cluster name (letters, digits, `-`, `_`; at most 63). Changing it re-creates the cluster. */
  readonly name: string;
  /** The cloud region, such as `us-east-1`. Changing it re-creates the cluster. */
  readonly region: string;
  /** AWS or GCP. Treat it as immutable: a cluster does not move between clouds. */
  readonly cloud: ScyllaCloudProvider;
  /** The node instance type, such as `i8g.large`. */
  readonly nodeType: string;
  /** Nodes: at least 3 and a multiple of 3 (one per availability zone). Changes scale the cluster in place. */
  readonly minNodes: number;
  /** ScyllaDB version. @default - the newest ScyllaDB Cloud offers (not written) */
  readonly scyllaVersion?: string;
  /**
   * Alternator, the DynamoDB-compatible API, as the cluster's user API (`user_api_interface = ALTERNATOR`); CQL stays
   * available. Changing the API interface re-creates the cluster.
   * @default - CQL only
   */
  readonly alternator?: { readonly writeIsolation?: AlternatorWriteIsolation };
  /** Encrypt data at rest. Changing it re-creates the cluster. @default true */
  readonly encryptionAtRest?: boolean;
  /** A customer-managed key (pre-created in the ScyllaDB Cloud portal) for encryption at rest. @default - a ScyllaDB-managed key */
  readonly encryptionAtRestKeyId?: string;
  /** @default false */
  readonly enableVpcPeering?: boolean;
  /** DNS names for the nodes (needed for Alternator over HTTPS and DNS seeds). @default true */
  readonly enableDns?: boolean;
  /** @default - the stack's `scylladbcloud` provider, created when missing (token from SCYLLADB_CLOUD_TOKEN) */
  readonly provider?: ScyllaDbCloudProvider;
  /**
   * The record that "Ensure encrypted connections" is enabled in the console. ScyllaDB Cloud accepts unencrypted
   * connections until it is, and Terraform can neither set nor read it: synth fails (rule TLSF014) until it is given.
   * @default - not acknowledged
   */
  readonly encryptedConnections?: ManualControlAcknowledgment;
}

/**
 * A ScyllaDB Cloud cluster (`scylladbcloud_cluster`): TLS 1.3 for CQL on 9142 and Alternator on 8043, its CA
 * delivered to applications by `addClient()`. An apply fails when the cluster reports no CA (in-transit encryption
 * off); the console switch that closes unencrypted ports must be acknowledged in code.
 */
export class ScyllaCloudCluster extends Construct implements IScyllaCloudCluster {
  public readonly name: string;
  public readonly region: string;
  public readonly alternator?: { readonly writeIsolation: AlternatorWriteIsolation };
  public readonly resource: ScyllaDbCloudClusterResource;
  /** CQL seeds and the cluster's default credentials. */
  public readonly cqlAuth: ScyllaDbCloudCqlAuth;
  public readonly provider: ScyllaDbCloudProvider;

  constructor(scope: Construct, id: string, props: ScyllaCloudClusterProps) {
    super(scope, id);
    validateCloudCluster(this, props);
    this.name = props.name;
    this.region = props.region;
    this.alternator = props.alternator ? { writeIsolation: props.alternator.writeIsolation ?? AlternatorWriteIsolation.ALWAYS } : undefined;
    this.provider = props.provider ?? stackProvider(this);
    this.resource = new ScyllaDbCloudClusterResource(this, 'Resource', {
      provider: this.provider,
      name: props.name,
      region: props.region,
      cloud: props.cloud,
      nodeType: props.nodeType,
      minNodes: props.minNodes,
      scyllaVersion: props.scyllaVersion,
      userApiInterface: this.alternator ? 'ALTERNATOR' : 'CQL',
      alternatorWriteIsolation: this.alternator?.writeIsolation,
      enableDns: props.enableDns ?? true,
      enableVpcPeering: props.enableVpcPeering ?? false,
      encryptionAtRest: { enabled: props.encryptionAtRest ?? true, keyId: props.encryptionAtRestKeyId },
      lifecycle: {
        postcondition: [{
          // ca_certificate is empty when in-transit encryption is off: no application could verify the cluster.
          condition: '${self.ca_certificate != ""}',
          errorMessage: `ScyllaDB Cloud cluster ${props.name} reports no CA certificate: in-transit encryption is off, so clients cannot connect over TLS. Enable it for the cluster in ScyllaDB Cloud and apply again.`,
        }],
      },
    });
    this.cqlAuth = new ScyllaDbCloudCqlAuth(this, 'CqlAuth', {
      provider: this.provider, clusterId: this.resource.clusterId, datacenter: this.resource.datacenter, dns: props.enableDns ?? true,
    });

    const acknowledged = props.encryptedConnections;
    recordFact(this, {
      kind: 'cluster', product: 'ScyllaDB Cloud', name: props.name, namespace: '-',
      datacenters: [{ name: props.region, namespace: '-', kubernetes: `ScyllaDB Cloud ${props.cloud}` }],
      caSource: 'the cluster CA from ScyllaDB Cloud (`ca_certificate`, known at apply; an empty one fails the apply)',
      manualControls: [{ control: ENSURE_ENCRYPTED_CONNECTIONS, acknowledged: acknowledged !== undefined, reason: acknowledged?.reason.trim(), enabledBy: acknowledged?.enabledBy.trim() }],
    });
    const endpoint = {
      kind: 'endpoint', cluster: this.node.path, datacenter: props.region, transport: 'tls', tlsVersions: ['TLSv1.3'],
      // ScyllaDB Cloud authenticates CQL and Alternator clients by password (signature), not by certificate.
      clientCertificates: 'not required', authorization: 'enforced',
    } as const;
    recordFact(this, { ...endpoint, api: 'CQL', address: 'cluster nodes (node_dns_names, known at apply)', port: CLOUD_CQL_TLS_PORT });
    if (this.alternator) {
      recordFact(this, { ...endpoint, api: 'Alternator', address: 'https://<node>:8043 (node_dns_names, known at apply)', port: CLOUD_ALTERNATOR_HTTPS_PORT });
    }
  }

  /**
   * Gives an application in Kubernetes access: a connection ConfigMap (seeds, Alternator endpoints, the cluster CA)
   * and a Secret with the CQL credentials, in the application's namespace.
   */
  public addClient(id: string, options: ScyllaCloudClientOptions): ScyllaCloudClient {
    checkPlainObject(this, `addClient(${JSON.stringify(id)})`, options, 'ScyllaCloudClientOptions { name, namespace, provider?, mountPath?, labels? }');
    return new ScyllaCloudClient(this, id, { ...options, cluster: this });
  }
}

/** The stack's scylladbcloud provider (`scylladbcloud`), created once. */
function stackProvider(scope: Construct): ScyllaDbCloudProvider {
  const stack = TerraformStack.of(scope);
  const existing = stack.node.tryFindChild('scylladbcloud');
  if (existing instanceof ScyllaDbCloudProvider) return existing;
  if (existing) invalid(scope, 'provider', existing.node.path, 'must be given: the stack has a construct "scylladbcloud" that is not the ScyllaDB Cloud provider');
  return new ScyllaDbCloudProvider(stack, 'scylladbcloud');
}

const NAME = /^[A-Za-z0-9][A-Za-z0-9_-]{0,62}$/;
const PLAIN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/;

const CLOUD_CLUSTER_PROPS = [
  'name', 'region', 'cloud', 'nodeType', 'minNodes', 'scyllaVersion', 'alternator', 'encryptionAtRest', 'encryptionAtRestKeyId',
  'enableVpcPeering', 'enableDns', 'provider', 'encryptedConnections',
] as const;

function validateCloudCluster(scope: Construct, props: ScyllaCloudClusterProps): void {
  checkProps(scope, '', props, CLOUD_CLUSTER_PROPS, 'ScyllaCloudClusterProps { name, region, cloud, nodeType, minNodes, ... }');
  const literal = (field: keyof ScyllaCloudClusterProps, pattern: RegExp, allowed: string) => {
    const value = props[field];
    if (typeof value !== 'string' || !isLiteral(value) || !pattern.test(value)) invalid(scope, field, value, allowed);
  };
  literal('name', NAME, 'must be 1 to 63 letters, digits, "-" or "_", starting with a letter or digit, known at synth (it replaces the cluster when changed)');
  literal('region', PLAIN, 'must be a cloud region name such as "us-east-1", known at synth (it replaces the cluster when changed)');
  literal('nodeType', PLAIN, 'must be an instance type such as "i8g.large"');
  checkEnum(scope, 'cloud', props.cloud, ScyllaCloudProvider, 'ScyllaCloudProvider');
  if (!Number.isInteger(props.minNodes) || props.minNodes < 3 || props.minNodes % 3 !== 0) {
    invalid(scope, 'minNodes', props.minNodes, 'must be a whole number of at least 3 and a multiple of 3 (ScyllaDB Cloud spreads nodes over 3 zones)');
  }
  if (props.scyllaVersion !== undefined) literal('scyllaVersion', /^\d{4}\.\d+(\.\d+)?$|^\d+\.\d+(\.\d+)?$/, 'must be a ScyllaDB version such as "2025.1.5"');
  if (props.alternator !== undefined) {
    checkProps(scope, 'alternator', props.alternator, ['writeIsolation'], 'an object { writeIsolation? }');
    // The provider sends the value without checking it; the API's error comes at apply.
    const w = props.alternator.writeIsolation;
    if (w !== undefined) checkEnum(scope, 'alternator.writeIsolation', w, AlternatorWriteIsolation, 'AlternatorWriteIsolation');
    if (props.enableDns === false) invalid(scope, 'enableDns', false, 'must be true with Alternator: clients verify HTTPS by the nodes\' DNS names');
  }
  for (const flag of ['encryptionAtRest', 'enableVpcPeering', 'enableDns'] as const) {
    if (props[flag] !== undefined) checkBoolean(scope, flag, props[flag]);
  }
  if (props.encryptionAtRestKeyId !== undefined) {
    literal('encryptionAtRestKeyId', /^[A-Za-z0-9][A-Za-z0-9_-]{0,127}$/, 'must be the id of a key pre-created in the ScyllaDB Cloud portal, such as "key-deadbeef"');
    if (props.encryptionAtRest === false) invalid(scope, 'encryptionAtRestKeyId', props.encryptionAtRestKeyId, 'must not be given with encryptionAtRest: false');
  }
  if (props.provider !== undefined && !(props.provider instanceof ScyllaDbCloudProvider)) {
    invalid(scope, 'provider', props.provider, 'must be a ScyllaDbCloudProvider');
  }
  if (props.encryptedConnections !== undefined) {
    const ack = props.encryptedConnections;
    checkProps(scope, 'encryptedConnections', ack, ['reason', 'enabledBy'], 'a ManualControlAcknowledgment { reason, enabledBy }');
    checkReason(scope, 'encryptedConnections.reason', ack.reason, 'TLSF014');
    checkApprover(scope, 'encryptedConnections.enabledBy', ack.enabledBy, 'who enabled it (a person, team or ticket)');
  }
}
