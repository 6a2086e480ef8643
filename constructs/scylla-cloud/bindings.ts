// Thin typed bindings for the scylladb/scylladbcloud provider, which has no prebuilt cdktf package: exactly the
// attributes tlsfleet writes and reads, checked against the provider's stored schema (v1.13.0,
// ../shared/reference/scylladbcloud-provider-v1.13.0/schema.json) by test/scylla-cloud/bindings.test.ts.
import { Construct } from 'constructs';
import { TerraformDataSource, TerraformMetaArguments, TerraformProvider, TerraformResource } from '../core/cdktf';

/** `ca_certificate` arrived in 1.12.1; the schema the bindings are checked against is 1.13.0. */
export const SCYLLADBCLOUD_VERSION_CONSTRAINT = '>= 1.12.1, < 2.0.0';
const METADATA = { providerName: 'scylladbcloud', providerVersionConstraint: SCYLLADBCLOUD_VERSION_CONSTRAINT };

export interface ScyllaDbCloudProviderConfig {
  /** @default - the provider's own default (the SCYLLADB_CLOUD_ENDPOINT environment or the public API) */
  readonly endpoint?: string;
  /** A Terraform reference to the API token (a sensitive variable). @default - the SCYLLADB_CLOUD_TOKEN environment */
  readonly token?: string;
  readonly alias?: string;
}

/** The `scylladbcloud` provider. */
export class ScyllaDbCloudProvider extends TerraformProvider {
  private readonly config: ScyllaDbCloudProviderConfig;

  constructor(scope: Construct, id: string, config: ScyllaDbCloudProviderConfig = {}) {
    super(scope, id, { terraformResourceType: 'scylladbcloud', terraformGeneratorMetadata: METADATA, terraformProviderSource: 'scylladb/scylladbcloud' });
    this.config = config;
  }

  // cdktf's TerraformProvider leaves `alias` to the subclass (its getter returns undefined).
  public get alias(): string | undefined {
    return this.config?.alias;
  }

  public set alias(_value: string | undefined) {
    throw new Error('ScyllaDbCloudProvider: give the alias in the constructor config');
  }

  protected synthesizeAttributes(): { [name: string]: any } {
    return { endpoint: this.config.endpoint, token: this.config.token, alias: this.alias };
  }
}

/** `scylladbcloud_cluster` attributes tlsfleet writes (snake_case, as Terraform reads them). */
export interface ScyllaDbCloudClusterConfig extends TerraformMetaArguments {
  readonly name: string;
  readonly region: string;
  readonly cloud: string;
  readonly nodeType: string;
  readonly minNodes: number;
  readonly scyllaVersion?: string;
  readonly userApiInterface: string;
  readonly alternatorWriteIsolation?: string;
  readonly enableDns: boolean;
  readonly enableVpcPeering: boolean;
  readonly encryptionAtRest: { readonly enabled: boolean; readonly keyId?: string };
}

/** A `scylladbcloud_cluster`. */
export class ScyllaDbCloudClusterResource extends TerraformResource {
  private readonly config: ScyllaDbCloudClusterConfig;

  constructor(scope: Construct, id: string, config: ScyllaDbCloudClusterConfig) {
    super(scope, id, {
      terraformResourceType: 'scylladbcloud_cluster', terraformGeneratorMetadata: METADATA,
      provider: config.provider, dependsOn: config.dependsOn, lifecycle: config.lifecycle, count: config.count, forEach: config.forEach,
    });
    this.config = config;
  }

  /** The cluster CA in PEM: empty when in-transit encryption is off (computed). */
  get caCertificate(): string { return this.getStringAttribute('ca_certificate'); }
  get clusterId(): number { return this.getNumberAttribute('cluster_id'); }
  get datacenter(): string { return this.getStringAttribute('datacenter'); }
  /** The nodes' DNS names (a set; computed). */
  get nodeDnsNames(): string[] { return this.getListAttribute('node_dns_names'); }

  protected synthesizeAttributes(): { [name: string]: any } {
    const c = this.config;
    return {
      name: c.name,
      region: c.region,
      cloud: c.cloud,
      node_type: c.nodeType,
      min_nodes: c.minNodes,
      scylla_version: c.scyllaVersion,
      user_api_interface: c.userApiInterface,
      alternator_write_isolation: c.alternatorWriteIsolation,
      enable_dns: c.enableDns,
      enable_vpc_peering: c.enableVpcPeering,
      encryption_at_rest: [{ enabled: c.encryptionAtRest.enabled, key_id: c.encryptionAtRest.keyId }],
    };
  }
}

export interface ScyllaDbCloudCqlAuthConfig extends TerraformMetaArguments {
  readonly clusterId: number;
  readonly datacenter: string;
  /** Seeds as DNS names rather than IPs. */
  readonly dns: boolean;
}

/** The `scylladbcloud_cql_auth` data source: CQL seeds and the cluster's default credentials. */
export class ScyllaDbCloudCqlAuth extends TerraformDataSource {
  private readonly config: ScyllaDbCloudCqlAuthConfig;

  constructor(scope: Construct, id: string, config: ScyllaDbCloudCqlAuthConfig) {
    super(scope, id, {
      terraformResourceType: 'scylladbcloud_cql_auth', terraformGeneratorMetadata: METADATA,
      provider: config.provider, dependsOn: config.dependsOn,
    });
    this.config = config;
  }

  /** One comma-joined string of seeds. */
  get seeds(): string { return this.getStringAttribute('seeds'); }
  get username(): string { return this.getStringAttribute('username'); }
  /** Sensitive. */
  get password(): string { return this.getStringAttribute('password'); }

  protected synthesizeAttributes(): { [name: string]: any } {
    return { cluster_id: this.config.clusterId, datacenter: this.config.datacenter, dns: this.config.dns };
  }
}
