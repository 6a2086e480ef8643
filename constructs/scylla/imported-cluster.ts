import { Construct } from 'constructs';
import { KubernetesProvider } from '../core/cdktf';
import { invalid } from '../core/errors';
import { checkArray, checkPlainObject, checkProps } from '../core/props';
import { checkDns1123Label, isLiteral } from '../core/validate';
import { CaBundle, ICertificateAuthority } from '../pki';
import { checkCertificateAuthority } from '../pki/certificate-authority';
import { rejectNulls } from '../pki/private/no-nulls';
import { AlternatorOptions, resolveAlternator, ResolvedAlternator } from './alternator';
import { ScyllaClient } from './client';
import { ScyllaClientSet, ScyllaClientSetOptions } from './client-set';
import { IScyllaCluster, IScyllaDatacenter, ScyllaClientOptions } from './contracts';
import { checkKubectlContext } from './datacenter-props';
import { ALTERNATOR_HTTPS_PORT, checkClusterName, clientServiceName, CQL_TLS_PORT, isValidRoleName, memberServiceName } from './names';

/** A datacenter of a cluster declared elsewhere, as its clients need it. */
export interface ImportedScyllaDatacenterProps {
  readonly name: string;
  /** @default - the cluster's namespace */
  readonly namespace?: string;
  /** The Kubernetes cluster it runs in. @default - the default kubernetes provider */
  readonly provider?: KubernetesProvider;
  /** The kubectl context the printed commands use. @default - the current context */
  readonly kubectlContext?: string;
  /** The name of its first rack: the credentials command runs cqlsh in that rack's first member. */
  readonly firstRack: string;
}

/** A ScyllaDB cluster declared in another stack or by another team: what its clients need. */
export interface ImportedScyllaClusterProps {
  readonly name: string;
  readonly namespace: string;
  /** The cluster's CA, which issues the client certificates (for example `CertificateAuthority.fromPem`). */
  readonly ca: ICertificateAuthority;
  /** What clients verify the servers with. @default - the CA alone */
  readonly serverTrustBundle?: CaBundle;
  /** The cluster's Alternator settings, when Alternator is on. @default - Alternator off */
  readonly alternator?: AlternatorOptions;
  /** @default 'cassandra' */
  readonly adminRole?: string;
  readonly datacenters: ImportedScyllaDatacenterProps[];
}

const PROPS = ['name', 'namespace', 'ca', 'serverTrustBundle', 'alternator', 'adminRole', 'datacenters'] as const;
const DC_PROPS = ['name', 'namespace', 'provider', 'kubectlContext', 'firstRack'] as const;

/**
 * A cluster declared elsewhere, referenced by an application team's stack: `addClient()` issues
 * the client's certificate from the cluster CA and writes its Secret and ConfigMap, exactly as for
 * a cluster declared in the same stack. Nothing of the cluster itself is created.
 */
export class ImportedScyllaCluster extends Construct implements IScyllaCluster {
  public readonly name: string;
  public readonly namespace: string;
  public readonly ca: ICertificateAuthority;
  public readonly serverTrustBundle: CaBundle;
  public readonly alternator?: ResolvedAlternator;
  public readonly adminRole: string;
  public readonly datacenters: readonly IScyllaDatacenter[];

  constructor(scope: Construct, id: string, props: ImportedScyllaClusterProps) {
    super(scope, id);
    checkProps(this, '', props, PROPS, 'ImportedScyllaClusterProps { name, namespace, ca, datacenters, serverTrustBundle?, alternator?, adminRole? }');
    rejectNulls(this, '', props); // `adminRole: null` would otherwise silently become 'cassandra'
    checkClusterName(this, props.name);
    checkDns1123Label(this, 'namespace', props.namespace);
    checkCertificateAuthority(this, 'ca', props.ca);
    if (props.serverTrustBundle !== undefined && !(props.serverTrustBundle instanceof CaBundle)) {
      invalid(this, 'serverTrustBundle', props.serverTrustBundle, 'must be a CaBundle, such as CaBundle.of(ca)');
    }
    this.name = props.name;
    this.namespace = props.namespace;
    this.ca = props.ca;
    this.serverTrustBundle = props.serverTrustBundle ?? CaBundle.of(props.ca);
    this.serverTrustBundle.validate(this, 'serverTrustBundle');
    this.alternator = props.alternator !== undefined ? resolveAlternator(this, 'alternator', props.alternator) : undefined;
    this.adminRole = props.adminRole ?? 'cassandra';
    if (isLiteral(this.adminRole) && !isValidRoleName(this.adminRole)) invalid(this, 'adminRole', this.adminRole, 'must be a role name of letters, digits, "_", "." and "-" (at most 128 characters)');
    checkArray(this, 'datacenters', props.datacenters, 'a list of datacenters');
    if (props.datacenters.length === 0) invalid(this, 'datacenters', props.datacenters, 'must hold at least one datacenter');
    const seen = new Set<string>();
    this.datacenters = props.datacenters.map((dc, i) => {
      const field = `datacenters[${i}]`;
      checkPlainObject(this, field, dc, 'a datacenter { name, firstRack, namespace?, provider?, kubectlContext? }');
      checkProps(this, field, dc, DC_PROPS);
      rejectNulls(this, field, dc);
      checkDns1123Label(this, `${field}.name`, dc.name);
      checkDns1123Label(this, `${field}.firstRack`, dc.firstRack);
      const namespace = dc.namespace ?? props.namespace;
      checkDns1123Label(this, `${field}.namespace`, namespace);
      if (seen.has(dc.name)) invalid(this, `${field}.name`, dc.name, 'must be unique within the cluster');
      seen.add(dc.name);
      if (dc.provider !== undefined && !(dc.provider instanceof KubernetesProvider)) invalid(this, `${field}.provider`, dc.provider, 'must be a KubernetesProvider');
      if (dc.kubectlContext !== undefined) checkKubectlContext(this, `${field}.kubectlContext`, dc.kubectlContext);
      const clientHost = `${clientServiceName(props.name)}.${namespace}.svc`;
      return {
        name: dc.name,
        namespace,
        provider: dc.provider,
        kubectlContext: dc.kubectlContext,
        clientHost,
        cqlEndpoint: `${clientHost}:${CQL_TLS_PORT}`,
        alternatorUrl: this.alternator ? `https://${clientHost}:${ALTERNATOR_HTTPS_PORT}` : undefined,
        firstMemberName: memberServiceName(props.name, dc.name, dc.firstRack, 0),
      };
    });
  }

  public addClient(id: string, options: ScyllaClientOptions): ScyllaClient {
    checkPlainObject(this, `addClient(${JSON.stringify(id)})`, options, 'ScyllaClientOptions { name, namespace, ... }');
    return new ScyllaClient(this, id, { ...options, cluster: this });
  }

  /** Many applications as one {@link ScyllaClientSet} of `for_each` blocks (see `ScyllaCluster.addClientSet`). */
  public addClientSet(id: string, options: ScyllaClientSetOptions): ScyllaClientSet {
    checkPlainObject(this, `addClientSet(${JSON.stringify(id)})`, options, 'ScyllaClientSetOptions { clients, ... }');
    return new ScyllaClientSet(this, id, { ...options, cluster: this });
  }
}

