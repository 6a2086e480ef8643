import { IConstruct } from 'constructs';
import { TerraformOutput, TerraformStack, TerraformVariable } from '../../core/cdktf';
import { CertificateFact, ClusterFact, DatabaseUserFact, DeliveryFact, kubernetesName, EndpointFact, factsOf, PolicyFact } from '../../core/facts';
import { CarrierView, ObjectView, OutputView, PolicyContext, ResolvedPolicySettings, ResourceView, SecretView, StackEvaluation } from '../model';
import { ResourceInstance } from '../../core/resource-instance';
import { carriedWithScan } from '../plan/carried';
import { expandInstances } from '../plan/instances';
import { evaluate, ResourceReference, TerraformJson, UNKNOWN } from '../plan/expression';
import { hasTemplate } from '../plan/syntax';
import { isResource, ResourceLike } from './cdktf-tree';
import { PlanListener, scyllaListeners } from '../plan/scylla-listeners';
import { KEY_ATTRIBUTES } from '../plan/secret-sources';
import { singleStoreUserStatements } from '../plan/singlestore-users';

/** Resource types the rules read. */
const KEY_TYPE = 'tls_private_key';
const CERT_TYPES = new Set(['tls_self_signed_cert', 'tls_locally_signed_cert']);
/** Resources that write a Secret's data, of any version; `_data` patches an existing Secret. */
const SECRET_TYPES = new Set(['kubernetes_secret_v1', 'kubernetes_secret', 'kubernetes_secret_v1_data']);

export interface BuiltContext extends PolicyContext {
  readonly allFacts: { path: string; fact: PolicyFact }[];
  readonly unmanagedCertificates: StackEvaluation['unmanagedCertificates'];
  readonly deliveries: DeliveryFact[];
}

export function buildContext(stack: TerraformStack, settings: ResolvedPolicySettings, written: TerraformJson): BuiltContext {
  // The rules judge resource instances, as Terraform applies them: `for_each` blocks expanded.
  const config = expandInstances(written);
  const resources = (config.resource ?? {}) as Record<string, Record<string, Record<string, unknown>>>;
  const allFacts: { path: string; fact: PolicyFact }[] = [];
  const endpoints: { construct: IConstruct; fact: EndpointFact }[] = [];
  const clusters: { construct: IConstruct; fact: ClusterFact }[] = [];
  const certificates: { construct: IConstruct; fact: CertificateFact }[] = [];
  const users: { construct: IConstruct; fact: DatabaseUserFact }[] = [];
  const deliveries: { construct: IConstruct; fact: DeliveryFact }[] = [];
  const certByPath = new Map<string, { construct: IConstruct; fact: CertificateFact }>();
  /** `type.logicalId` → the construct that declares it; a block an override added has none and is the stack's. */
  const constructs = new Map<string, Map<string, ResourceLike>>();
  // By type, then logical id: no key string is built per lookup, and a fleet looks up thousands.
  const declare = (type: string, id: string, node: ResourceLike): void => {
    let byId = constructs.get(type);
    if (!byId) constructs.set(type, (byId = new Map()));
    byId.set(id, node);
  };
  const outputConstructs = new Map<string, IConstruct>();

  // Indexed loops here and below: this code runs once per synth, mostly before it is optimized, and a for-of
  // over a fleet's hundred thousand constructs then allocates an iterator result per step.
  const nodes = stack.node.findAll();
  for (let n = 0; n < nodes.length; n++) {
    const node = nodes[n]!;
    const facts = factsOf(node);
    // A path is built from the root on every read: once per node that has facts.
    const path = facts.length ? node.node.path : '';
    for (let f = 0; f < facts.length; f++) {
      const fact = facts[f]!;
      allFacts.push({ path, fact });
      switch (fact.kind) {
        case 'endpoint': endpoints.push({ construct: node, fact }); break;
        case 'cluster': clusters.push({ construct: node, fact }); break;
        case 'certificate': {
          const c = { construct: node, fact };
          certificates.push(c);
          certByPath.set(path, c);
          break;
        }
        case 'database-user': users.push({ construct: node, fact }); break;
        case 'delivery': deliveries.push({ construct: node, fact }); break;
        default: break;
      }
    }
    if (isResource(node) || ResourceInstance.isResourceInstance(node)) declare(node.terraformResourceType, node.friendlyUniqueId, node as ResourceLike);
    else if (node instanceof TerraformOutput) outputConstructs.set(node.friendlyUniqueId, node);
    else if (node instanceof TerraformVariable) declare('var', node.friendlyUniqueId, node as unknown as ResourceLike);
  }
  // An instance without a construct of its own (a hand-written `for_each`) is its block's.
  const ownerOf = (type: string, name: string): IConstruct => {
    const byId = constructs.get(type);
    return byId?.get(name) ?? byId?.get(blockOf(name)) ?? stack;
  };

  // Every value the rules read comes from the configuration Terraform will apply: overrides,
  // locals and functions included. Facts only say who declared what.
  const viewOf = (type: string, name: string): ResourceView => new BlockView(config, resources[type]?.[name] ?? {}, ownerOf(type, name), type, name);
  const privateKeys = Object.keys(resources[KEY_TYPE] ?? {}).map((n) => viewOf(KEY_TYPE, n));
  const certificateResources = [...CERT_TYPES].flatMap((t) => Object.keys(resources[t] ?? {}).map((n) => viewOf(t, n)));
  // Built on first use: tlsfleet's own certificates are found by construct; only hand-written ones by logical id.
  let byLogicalId: Map<string, ResourceView> | undefined;
  let byConstruct: Map<IConstruct, ResourceView> | undefined;
  const views = (): ResourceView[] => [...privateKeys, ...certificateResources];

  const variables = (config.variable ?? {}) as Record<string, { sensitive?: unknown }>;
  const sensitiveVariables = new Set(Object.keys(variables).filter((n) => variables[n]?.sensitive === true));
  const outputBlocks = (config.output ?? {}) as Record<string, { value?: unknown; sensitive?: unknown }>;
  const outputs: OutputView[] = Object.keys(outputBlocks).map((name) => ({
    construct: outputConstructs.get(name) ?? stack,
    logicalId: name,
    sensitive: outputBlocks[name]?.sensitive === true,
    resolvedValue: () => outputBlocks[name]?.value,
    evaluated: () => evaluate(config, outputBlocks[name]?.value),
  }));

  let certByKey: Map<string, { construct: IConstruct; fact: CertificateFact }> | undefined;
  const keyIdOf = (c: { fact: CertificateFact }): string | undefined => {
    const key = c.fact.keyResource;
    return key && (isResource(key) || ResourceInstance.isResourceInstance(key)) ? key.friendlyUniqueId : undefined;
  };
  const deliveryOf = new Map(deliveries.map((d) => [d.fact.resource, d.fact]));

  // Every object that reaches Kubernetes, read from its body: what it carries is what Terraform writes.
  const secrets: SecretView[] = [];
  const carriers: CarrierView[] = [];
  const extraDeliveries: DeliveryFact[] = [];
  const objects: ObjectView[] = [];
  const scannedClean = new Set<object>();
  // Metadata is read in place only while Object.prototype lends no namespace or name (checked once, not per object).
  const plainPrototype = !('namespace' in Object.prototype) && !('name' in Object.prototype);
  const kubernetes = kubernetesObjects(resources);
  for (let i = 0; i < kubernetes.length; i++) {
    const object = kubernetes[i]!;
    const construct = ownerOf(object.type, object.name);
    const provider = providerName(object.body.provider, stack, construct);
    const payload = carriedWithScan(config, object.payload);
    if (payload.scanned) {
      for (let p = 0; p < object.parts.length; p++) {
        const part = object.parts[p];
        if (part !== null && typeof part === 'object') scannedClean.add(part);
      }
    }
    const keyReferences = privateKeyIds(payload.references);
    const literalKey = payload.secrets.includes(LITERAL_KEY_SECRET);
    const meta = metadataOf(config, object.metadata, payload.scanned && plainPrototype);
    const namespace = meta.namespace === UNKNOWN ? '${unknown}' : meta.namespace ?? 'default';
    const name = typeof meta.name === 'string' ? meta.name : object.name;
    objects.push({ construct, kind: object.kind, namespace: typeof namespace === 'string' ? namespace : undefined, name: typeof meta.name === 'string' ? meta.name : undefined, kubernetes: provider, patch: object.type.endsWith('_data') });
    if (object.isSecret) {
      const delivery = deliveryOf.get(construct);
      secrets.push({ construct, namespace, kubernetes: provider, keyReferences, delivery, literalKey });
      if (!delivery && keyReferences.length) {
        certByKey ??= indexByKey(certificates, keyIdOf);
        extraDeliveries.push({
          kind: 'delivery', object: 'Secret', namespace: String(namespace), name, kubernetes: provider,
          certificates: keyReferences.map((k) => certByKey!.get(k)?.construct.node.path ?? `tls_private_key.${k}`),
          authorities: [], carriesPrivateKey: true, resource: construct,
        });
      }
    } else if (keyReferences.length || literalKey || payload.secrets.length) {
      carriers.push({ construct, kind: object.kind, namespace, name, kubernetes: provider, keyReferences, secrets: payload.secrets });
    }
  }

  // ScyllaDB on Kubernetes is judged from its manifests and scylla.yaml; other products from what they record.
  const planProducts = new Set(clusters.filter((c) => c.fact.product === 'ScyllaDB').map((c) => c.construct.node.path));
  const listeners: PlanListener[] = [
    ...scyllaListeners(config, ownerOf),
    ...endpoints.filter((e) => !planProducts.has(e.fact.cluster)).map(({ construct, fact }) => ({
      construct, cluster: fact.cluster, datacenter: fact.datacenter, api: fact.api as PlanListener['api'], port: fact.port,
      transport: fact.transport, clientCertificates: fact.clientCertificates, authorization: fact.authorization,
      tlsVersions: fact.tlsVersions, internodeMode: fact.internodeMode, address: fact.address,
    })),
  ];

  // The certificates tlsfleet declares, by their resource: what is not among them is hand-written.
  const byResource = new Map<IConstruct, { construct: IConstruct; fact: CertificateFact }>();
  for (const c of certificates) if (c.fact.certificateResource) byResource.set(c.fact.certificateResource, c);
  const unmanagedCertificates = certificateResources.filter((c) => !byResource.has(c.construct)).map((c) => {
    const validity = c.input('validity_period_hours');
    const early = c.input('early_renewal_hours');
    return {
      path: c.construct === stack ? `${stack.node.path}/${c.type}.${c.logicalId}` : c.construct.node.path,
      type: c.type,
      validityHours: typeof validity === 'number' ? validity : undefined,
      earlyRenewalHours: typeof early === 'number' ? early : undefined,
      isCa: c.input('is_ca_certificate') === true,
    };
  });

  return {
    settings, clusters, endpoints, listeners, objects, scannedClean, userStatements: singleStoreUserStatements(config, ownerOf), certificates, users, privateKeys, certificateResources, outputs, secrets, carriers, sensitiveVariables,
    config,
    ownerOf,
    allFacts,
    unmanagedCertificates,
    deliveries: [...deliveries.map((d) => d.fact), ...extraDeliveries],
    resource: (id) => {
      byLogicalId ??= new Map(views().map((v) => [v.logicalId, v]));
      return byLogicalId.get(id);
    },
    viewOf: (construct) => {
      if (!construct) return undefined;
      byConstruct ??= new Map(views().filter((v) => v.construct !== stack).map((v) => [v.construct, v]));
      return byConstruct.get(construct);
    },
    issuerOf: (certificateResource) => {
      const issuer = byResource.get(certificateResource)?.fact.issuer;
      return issuer !== undefined ? certByPath.get(issuer) : undefined;
    },
    certificateByKey: (id) => {
      certByKey ??= indexByKey(certificates, keyIdOf);
      return certByKey.get(id);
    },
  };
}

/** A resource block as the rules read it; a class, so the views of a fleet's blocks share their methods. */
class BlockView implements ResourceView {
  public constructor(
    private readonly config: TerraformJson,
    private readonly body: Record<string, unknown>,
    public readonly construct: IConstruct,
    public readonly type: string,
    public readonly logicalId: string,
  ) {}

  public input(attribute: string): unknown {
    return this.body[attribute];
  }

  public evaluated(attribute: string): ReturnType<ResourceView['evaluated']> {
    return evaluate(this.config, this.body[attribute]);
  }
}

/** The block an instance address (`name["key"]`) belongs to. */
function blockOf(name: string): string {
  const at = name.indexOf('[');
  return at > 0 ? name.slice(0, at) : name;
}

const NOT_READ = Symbol('not read in place');

/**
 * A Kubernetes object's metadata as evaluated, for its namespace and name. The payload holds the metadata: when
 * the payload's scan read it whole, a literal there is its own value and a reference is unknown, as the
 * evaluator gives them, so the two are read in place (`scanned` also says Object.prototype lends neither member).
 * Anything else is evaluated.
 */
function metadataOf(config: TerraformJson, metadata: unknown, scanned: boolean): { namespace?: unknown; name?: unknown } {
  if (scanned && metadata !== null && typeof metadata === 'object' && Object.getPrototypeOf(metadata) === Object.prototype) {
    const m = metadata as { namespace?: unknown; name?: unknown };
    const namespace = inPlace(m.namespace);
    const name = inPlace(m.name);
    if (namespace !== NOT_READ && name !== NOT_READ) return { namespace, name };
  }
  const value = evaluate(config, metadata).value as { namespace?: unknown; name?: unknown } | typeof UNKNOWN | undefined;
  return value !== null && typeof value === 'object' ? value as { namespace?: unknown; name?: unknown } : {};
}

/** A scanned scalar's evaluation (absent as undefined, as null is read the same); NOT_READ for a list or map. */
function inPlace(v: unknown): unknown {
  if (typeof v === 'string') return hasTemplate(v) ? UNKNOWN : v;
  return v === null || v === undefined || typeof v === 'number' || typeof v === 'boolean' ? v : NOT_READ;
}

/** How the evaluator names a literal PEM key among a value's secrets. */
const LITERAL_KEY_SECRET = 'a literal private key';

function privateKeyIds(references: readonly ResourceReference[]): string[] {
  let ids: string[] | undefined;
  for (const r of references) {
    if (r.mode === 'managed' && r.type === KEY_TYPE && KEY_ATTRIBUTES.has(r.attribute) && !(ids ??= []).includes(r.name)) ids.push(r.name);
  }
  return ids ? ids.sort() : [];
}

/** The kubernetes provider a block names (`kubernetes.<alias>`), as facts name providers. */
function providerName(provider: unknown, stack: TerraformStack, construct: IConstruct): string {
  const fromConstruct = (construct as { provider?: IConstruct }).provider;
  if (fromConstruct || typeof provider !== 'string' || provider === 'kubernetes') return kubernetesName(fromConstruct);
  return `${stack.node.path}/${provider}`;
}

interface KubernetesObject {
  readonly type: string;
  readonly name: string;
  readonly body: Record<string, unknown>;
  readonly kind: string;
  readonly isSecret: boolean;
  readonly metadata: unknown;
  /** What the object stores: data, annotations and labels, or a manifest's whole body. */
  readonly payload: unknown;
  /** The values of the body the payload is made of. */
  readonly parts: readonly unknown[];
}

/** Every resource that writes a Kubernetes object a private key could ride in, of any API version. */
function kubernetesObjects(resources: Record<string, Record<string, Record<string, unknown>>>): KubernetesObject[] {
  const out: KubernetesObject[] = [];
  const types = Object.keys(resources).sort();
  for (let t = 0; t < types.length; t++) {
    const type = types[t]!;
    if (!type.startsWith('kubernetes_')) continue;
    const names = Object.keys(resources[type]).sort();
    for (let n = 0; n < names.length; n++) {
      const name = names[n]!;
      const body = resources[type][name] ?? {};
      const meta = Array.isArray(body.metadata) ? body.metadata[0] : body.metadata;
      if (SECRET_TYPES.has(type)) {
        const payload = [body.data, body.binary_data, body.data_wo, body.string_data, meta];
        out.push({ type, name, body, kind: 'Secret', isSecret: true, metadata: meta, payload, parts: payload });
      } else if (type === 'kubernetes_manifest') {
        const manifest = (body.manifest ?? {}) as Record<string, unknown>;
        const kind = typeof manifest.kind === 'string' ? manifest.kind : '(unknown kind)';
        out.push({ type, name, body, kind, isSecret: kind === 'Secret', metadata: manifest.metadata, payload: manifest, parts: [manifest] });
      } else {
        // ConfigMaps of any version, and every other object whole (a Deployment's env, labels, annotations): nothing there is secret.
        const kind = /^kubernetes_config_map(_v\d+)?(_data)?$/.test(type) ? 'ConfigMap' : type.replace(/^kubernetes_/, '').replace(/_v\d+/, '');
        const { provider: _p, depends_on: _d, lifecycle: _l, '//': _m, ...payload } = body;
        out.push({ type, name, body, kind, isSecret: false, metadata: meta, payload, parts: Object.values(payload) });
      }
    }
  }
  return out;
}

function indexByKey(
  certificates: { construct: IConstruct; fact: CertificateFact }[],
  keyIdOf: (c: { fact: CertificateFact }) => string | undefined,
): Map<string, { construct: IConstruct; fact: CertificateFact }> {
  const map = new Map<string, { construct: IConstruct; fact: CertificateFact }>();
  for (const c of certificates) {
    const id = keyIdOf(c);
    if (id !== undefined) map.set(id, c);
  }
  return map;
}
