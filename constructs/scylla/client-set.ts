import { Construct } from 'constructs';
import { ConfigMapV1, KubernetesProvider, SecretV1, TerraformOutput, TerraformStack } from '../core/cdktf';
import { invalid } from '../core/errors';
import { kubernetesName, recordFact } from '../core/facts';
import { MANAGED_BY_LABELS as MANAGED_BY } from '../core/kubernetes-metadata';
import { addMoved, logicalIdsIn } from '../core/moved';
import { claimObjectName } from '../core/object-names';
import { claimOutputName } from '../core/outputs';
import { ResourceInstance } from '../core/resource-instance';
import { CA_BUNDLE_KEY, TlsSecretLayout } from '../pki';
import { ClientCertificateSet, ClientCertificateSetInstance } from '../pki/leaf-certificate-set';
import {
  clientConnectionConfigMapName, clientHolderDescription, clientTlsSecretName, connectionOf, connectionOutputDescription, connectionOutputValue,
  credentialsCommand, credentialsCommandDescription, DEFAULT_CLIENT_MOUNT_PATH,
} from './client';
import { ScyllaClientSetMember, ScyllaClientSetProps, validateClientSet } from './client-set-props';
import { IScyllaClient, IScyllaCluster, IScyllaDatacenter } from './contracts';

export type { ScyllaClientSetMember, ScyllaClientSetOptions, ScyllaClientSetProps } from './client-set-props';

/**
 * One application of a {@link ScyllaClientSet}, as pods are wired to it: the same names and connection
 * data `addClient` gives. It owns no resource block: its key, certificate, Secret and ConfigMap are
 * instances (`["<key>"]`) of the set's shared blocks, held here as {@link ResourceInstance} handles.
 */
export class ScyllaClientSetClient extends Construct implements IScyllaClient {
  public readonly key: string;
  public readonly name: string;
  public readonly namespace: string;
  public readonly role: string;
  public readonly datacenter: IScyllaDatacenter;
  public readonly provider?: KubernetesProvider;
  public readonly mountPath: string;
  /** Name of the TLS Secret (`tls.crt`, `tls.key`, `ca.crt`). */
  public readonly tlsSecretName: string;
  public readonly connectionConfigMapName: string;
  /** The connection ConfigMap's data without the CA bundle (every value is public). */
  public readonly connection: Readonly<Record<string, string>>;
  /** The command that prints the role's Alternator secret key, when Alternator is on. */
  public readonly alternatorCredentialsCommand?: string;
  private handles?: ClientHandles;

  constructor(scope: Construct, set: ScyllaClientSet, key: string, member: ScyllaClientSetMember, cluster: IScyllaCluster, provider: KubernetesProvider | undefined) {
    super(scope, key);
    this.key = key;
    this.name = member.name;
    this.namespace = member.namespace;
    this.role = member.role ?? member.name;
    this.datacenter = cluster.datacenters.find((d) => d.name === (member.datacenter ?? cluster.datacenters[0].name))!;
    this.provider = provider;
    this.mountPath = member.mountPath ?? DEFAULT_CLIENT_MOUNT_PATH;
    this.tlsSecretName = clientTlsSecretName(this.name);
    this.connectionConfigMapName = clientConnectionConfigMapName(this.name);
    this.connection = connectionOf(cluster, this.datacenter, this.role, this.tlsSecretName, this.mountPath);
    this.alternatorCredentialsCommand = cluster.alternator
      ? credentialsCommand(set, `clients.${key}.`, cluster, this.datacenter, this.role) : undefined;
  }

  /** This client's instances of the set's key, request and certificate blocks. */
  public get certificate(): ClientCertificateSetInstance {
    return this.attached().certificate;
  }

  /** This client's instance of the set's `kubernetes_secret_v1` block. */
  public get tlsSecret(): ResourceInstance {
    return this.attached().tlsSecret;
  }

  /** This client's instance of the set's `kubernetes_config_map_v1` block. */
  public get connectionConfigMap(): ResourceInstance {
    return this.attached().connectionConfigMap;
  }

  /** @internal The set hands each client its instances once the shared blocks exist (they need the clients' scopes first). */
  public _attach(handles: ClientHandles): void {
    if (this.handles) throw new Error(`tlsfleet: ${this.node.path}: instances attached twice`);
    this.handles = handles;
  }

  private attached(): ClientHandles {
    if (!this.handles) throw new Error(`tlsfleet: ${this.node.path}: read before its set created the blocks`);
    return this.handles;
  }
}

interface ClientHandles {
  readonly certificate: ClientCertificateSetInstance;
  readonly tlsSecret: ResourceInstance;
  readonly connectionConfigMap: ResourceInstance;
}

/**
 * Many applications' access to one {@link ScyllaCluster} as five `for_each` blocks (key, request,
 * certificate, TLS Secret, connection ConfigMap) keyed by client id, instead of five blocks per
 * client: the opt-in form for very large fleets, where synth time and memory grow with blocks. Each
 * client gets exactly what `cluster.addClient(<key>, ...)` gives it (subject, Secret, ConfigMap,
 * outputs, checks, facts); per-client values are literals in the `for_each` map. With
 * `movedFromClients` (the default), `moved` blocks take over the per-client form's state. Usually
 * created with `cluster.addClientSet()`.
 */
export class ScyllaClientSet extends Construct {
  public readonly cluster: IScyllaCluster;
  /** The Kubernetes cluster of every client's Secret and ConfigMap. */
  public readonly provider?: KubernetesProvider;
  public readonly certificates: ClientCertificateSet;
  /** The `kubernetes_secret_v1` block. */
  public readonly tlsSecretBlock: SecretV1;
  /** The `kubernetes_config_map_v1` block. */
  public readonly connectionBlock: ConfigMapV1;
  /** The clients in key order. */
  public readonly clients: readonly ScyllaClientSetClient[];

  constructor(scope: Construct, id: string, props: ScyllaClientSetProps) {
    super(scope, id);
    validateClientSet(this, props);
    const cluster = props.cluster;
    this.cluster = cluster;
    const keys = Object.keys(props.clients).sort();
    this.provider = props.provider ?? commonProvider(this, keys, props);
    const moved = props.movedFromClients ?? true;
    const stack = TerraformStack.of(this);
    if (moved && TerraformStack.of(cluster) !== stack) {
      invalid(this, 'movedFromClients', moved, `must be false when the cluster is declared in another stack (${TerraformStack.of(cluster).node.path}): there is no per-client address in ${stack.node.path} to move from`);
    }
    // Each client at the path addClient(<key>) gives it (`<cluster>/<key>`): its certificate, Secrets and outputs
    // keep their paths, so waivers on them still apply, the report lists them where it did, and the diff pairs
    // them. A cluster in another stack has no such path here: the clients are the set's.
    const home: Construct = TerraformStack.of(cluster) === stack ? cluster as unknown as Construct : this;
    for (const k of keys) {
      const taken = home.node.tryFindChild(k);
      if (taken !== undefined) {
        invalid(this, `clients.${k}`, k, `must not be the id of another child of ${home.node.path} (${taken.node.path} exists): each client of a set takes the path `
          + `addClient(${JSON.stringify(k)}) would give it; remove that addClient (its state moves to the set) or choose another id`);
      }
    }
    this.clients = keys.map((k) => new ScyllaClientSetClient(home, this, k, props.clients[k], cluster, this.provider));
    checkSameKeys(this, this.clients);

    this.certificates = new ClientCertificateSet(this, 'Certificates', {
      ca: cluster.ca,
      trustBundle: cluster.serverTrustBundle,
      keyAlgorithm: props.keyAlgorithm,
      validityHours: props.validityHours,
      earlyRenewalHours: props.earlyRenewalHours,
      members: this.clients.map((c) => ({
        key: c.key,
        scope: c,
        subject: props.clients[c.key].subject ?? { commonName: c.role },
        holders: [{ namespace: c.namespace, provider: this.provider, description: clientHolderDescription(c.name, c.role) }],
      })),
    });

    // Each block's for_each map holds only what differs between clients, every value a literal; what all
    // share is written once in the body (less for cdktf to resolve and write, and for a reviewer to read).
    const bundle = cluster.serverTrustBundle;
    const { keyBlock, certificateBlock } = this.certificates;
    const labels = perClient(this.clients, (c) => ({ ...props.clients[c.key].labels, ...MANAGED_BY }));
    const namespaces = perClient(this.clients, (c) => c.namespace);
    const connection = Object.keys(this.clients[0].connection).sort().map((k) => [k, perClient(this.clients, (c) => c.connection[k])] as const);
    // Derived from the name, as addClient derives them: written as templates over each.value.name.
    const derived: Record<string, (name: string) => string> = { SCYLLA_TLS_SECRET: clientTlsSecretName, SCYLLA_ROLE: (name) => name };
    const varying = (v: PerClient<unknown>): boolean => v.shared === undefined;
    const forEach = Object.fromEntries(this.clients.map((c) => [c.key, {
      name: c.name,
      ...(varying(namespaces) ? { namespace: c.namespace } : {}),
      ...(varying(labels) ? { labels: labels.values.get(c.key) } : {}),
      ...Object.fromEntries(connection.filter(([k, v]) => varying(v) && !isDerived(k, this.clients, derived)).map(([k]) => [k, c.connection[k]])),
    }]));
    const value = <T>(v: PerClient<T>, field: string): T | string => (v.shared !== undefined ? v.shared.value : `\${each.value.${field}}`);
    const metadata = (suffix: (name: string) => string) => ({
      name: suffix('${each.value.name}'), namespace: value(namespaces, 'namespace') as string,
    });
    this.tlsSecretBlock = new SecretV1(this, 'TlsSecret', {
      provider: this.provider,
      metadata: metadata(clientTlsSecretName),
      type: 'kubernetes.io/tls',
      data: {
        'tls.crt': `\${${certificateBlock.fqn}[each.key].cert_pem}`,
        'tls.key': `\${${keyBlock.fqn}[each.key].private_key_pem}`,
        [TlsSecretLayout.KUBERNETES]: bundle.pem,
      },
    });
    this.connectionBlock = new ConfigMapV1(this, 'Connection', {
      provider: this.provider,
      metadata: metadata(clientConnectionConfigMapName),
      data: {
        ...Object.fromEntries(connection.map(([k, v]) => [k,
          isDerived(k, this.clients, derived) ? derived[k]('${each.value.name}') : value(v, k)])),
        [CA_BUNDLE_KEY]: bundle.pem,
      },
    });
    for (const block of [this.tlsSecretBlock, this.connectionBlock]) {
      block.addOverride('for_each', forEach);
      block.addOverride('metadata.labels', value(labels, 'labels'));
    }

    const kubernetes = kubernetesName(this.provider);
    const authorities = bundle.authorities.map((a) => a.node.path);
    const below = cluster.node.scopes.slice(stack.node.scopes.length).map((s) => s.node.id);
    const logicalId = logicalIdsIn(stack);
    for (const c of this.clients) {
      c._attach({
        certificate: this.certificates.member(c.key),
        tlsSecret: new ResourceInstance(c, 'TlsSecret', this.tlsSecretBlock, c.key),
        connectionConfigMap: new ResourceInstance(c, 'Connection', this.connectionBlock, c.key),
      });
      claimObjectName(c, 'name', { kind: 'Secret', namespace: c.namespace, name: c.tlsSecretName, provider: this.provider });
      claimObjectName(c, 'name', { kind: 'ConfigMap', namespace: c.namespace, name: c.connectionConfigMapName, provider: this.provider });
      recordFact(c.tlsSecret, {
        kind: 'delivery', object: 'Secret', namespace: c.namespace, name: c.tlsSecretName, kubernetes,
        certificates: [c.certificate.certificateInstance.node.path], authorities, carriesPrivateKey: true, resource: c.tlsSecret,
      });
      recordFact(c.connectionConfigMap, {
        kind: 'delivery', object: 'ConfigMap', namespace: c.namespace, name: c.connectionConfigMapName, kubernetes,
        certificates: [], authorities, carriesPrivateKey: false, resource: c.connectionConfigMap,
      });
      // The outputs `addClient(<key>)` writes, under the same names: scripts that read them do not change.
      if (c.alternatorCredentialsCommand !== undefined) {
        output(c, 'AlternatorCredentialsCommandOutput', [...below, c.key, 'alternator_credentials_command'], c.alternatorCredentialsCommand,
          credentialsCommandDescription(c.role, cluster.adminRole));
      }
      output(c, 'ConnectionOutput', [...below, c.key, 'connection'],
        connectionOutputValue(c.namespace, c.connectionConfigMapName, c.tlsSecretName, c.datacenter), connectionOutputDescription(c.name));
      if (moved) {
        const from = (type: string, ...path: string[]) => `${type}.${logicalId([...below, c.key, ...path])}`;
        addMoved(c, 'movedFromClients', from('tls_private_key', 'Certificate', 'Key'), c.certificate.keyInstance);
        addMoved(c, 'movedFromClients', from('tls_cert_request', 'Certificate', 'Request'), c.certificate.requestInstance);
        addMoved(c, 'movedFromClients', from('tls_locally_signed_cert', 'Certificate', 'Resource'), c.certificate.certificateInstance);
        addMoved(c, 'movedFromClients', from('kubernetes_secret_v1', 'TlsSecret', 'Resource'), c.tlsSecret);
        addMoved(c, 'movedFromClients', from('kubernetes_config_map_v1', 'Connection'), c.connectionConfigMap);
      }
    }
  }

  /** The client with key `key`, for wiring its pods. */
  public client(key: string): ScyllaClientSetClient {
    const found = this.clients.find((c) => c.key === key);
    if (!found) invalid(this, 'client', key, `must be one of the set's clients: ${this.clients.map((c) => c.key).join(', ')}`);
    return found;
  }
}

/** An output named as addOutput names one at construct path `components` (below the stack). */
function output(scope: Construct, id: string, components: string[], value: unknown, description: string): void {
  const o = new TerraformOutput(scope, id, { value, description });
  const name = components.join('_').replace(/[^A-Za-z0-9_-]/g, '_');
  claimOutputName(o, 'output name', name);
  o.overrideLogicalId(name);
}

/** The one provider of every client's datacenter; a block has one provider, so clients of two are refused. */
function commonProvider(scope: Construct, keys: string[], props: ScyllaClientSetProps): KubernetesProvider | undefined {
  const dcOf = (k: string) => {
    const name = props.clients[k].datacenter ?? props.cluster.datacenters[0].name;
    return props.cluster.datacenters.find((d) => d.name === name)!;
  };
  const first = dcOf(keys[0]);
  for (const k of keys) {
    const dc = dcOf(k);
    if (dc.provider !== first.provider) {
      invalid(scope, `clients.${k}.datacenter`, dc.name,
        `must run in the same Kubernetes cluster as the set's other clients (${kubernetesName(first.provider)}, datacenter ${first.name} of clients.${keys[0]}), `
        + `not ${kubernetesName(dc.provider)}: a for_each block has one provider; declare one client set per provider, or give the set a provider`);
    }
  }
  return first.provider;
}

/** Every client's connection data has the same keys: the ConfigMap block lists them once. */
function checkSameKeys(scope: Construct, clients: readonly ScyllaClientSetClient[]): void {
  const keysOf = (c: ScyllaClientSetClient) => Object.keys(c.connection).sort().join(', ');
  const first = keysOf(clients[0]);
  for (const c of clients) {
    if (keysOf(c) !== first) {
      invalid(scope, `clients.${c.key}.datacenter`, c.datacenter.name,
        `must give the same connection settings as datacenter ${clients[0].datacenter.name} of clients.${clients[0].key} (${first}); this one gives ${keysOf(c)}: declare one client set per kind of datacenter`);
    }
  }
}

/** A value per client: `shared` when every client has the same (compared as JSON). */
interface PerClient<T> {
  readonly values: ReadonlyMap<string, T>;
  readonly shared?: { readonly value: T };
}

function perClient<T>(clients: readonly ScyllaClientSetClient[], f: (c: ScyllaClientSetClient) => T): PerClient<T> {
  const values = new Map(clients.map((c) => [c.key, f(c)]));
  const first = JSON.stringify(values.get(clients[0].key));
  const same = clients.every((c) => JSON.stringify(values.get(c.key)) === first);
  return same ? { values, shared: { value: values.get(clients[0].key)! } } : { values };
}

/** Whether connection key `k` is, for every client, what `derived[k]` makes of its name. */
function isDerived(k: string, clients: readonly ScyllaClientSetClient[], derived: Record<string, (name: string) => string>): boolean {
  const f = derived[k];
  return f !== undefined && clients.every((c) => c.connection[k] === f(c.name));
}
