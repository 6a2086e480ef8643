import { IConstruct } from 'constructs';
import { resolveTokens, TerraformOutput, TerraformStack, TerraformVariable } from '../../core/cdktf';
import { CertificateFact, ClusterFact, DatabaseUserFact, DEFAULT_KUBERNETES, DeliveryFact, EndpointFact, factsOf, PolicyFact } from '../../core/facts';
import { OutputView, PolicyContext, ResolvedPolicySettings, ResourceView, SecretView, StackEvaluation } from '../model';
import { attributesOf, hasTokens, isResource, ResourceLike } from './cdktf-tree';
import { privateKeyReferences } from './references';

/** Resource types the rules read. */
const KEY_TYPE = 'tls_private_key';
const CERT_TYPES = new Set(['tls_self_signed_cert', 'tls_locally_signed_cert']);
const SECRET_TYPES = new Set(['kubernetes_secret_v1', 'kubernetes_secret']);

export interface BuiltContext extends PolicyContext {
  readonly allFacts: { path: string; fact: PolicyFact }[];
  readonly unmanagedCertificates: StackEvaluation['unmanagedCertificates'];
  readonly deliveries: DeliveryFact[];
}

export function buildContext(stack: TerraformStack, settings: ResolvedPolicySettings): BuiltContext {
  const resolve = (v: unknown): unknown => (hasTokens(v) ? resolveTokens(stack, v) : v);
  const view = (r: ResourceLike): ResourceView => {
    let attrs: Record<string, unknown> | undefined;
    return {
      construct: r,
      type: r.terraformResourceType,
      logicalId: r.friendlyUniqueId,
      input(name: string): unknown {
        attrs ??= attributesOf(r);
        return resolve(attrs[name]);
      },
    };
  };

  const allFacts: { path: string; fact: PolicyFact }[] = [];
  const endpoints: { construct: IConstruct; fact: EndpointFact }[] = [];
  const clusters: { construct: IConstruct; fact: ClusterFact }[] = [];
  const certificates: { construct: IConstruct; fact: CertificateFact }[] = [];
  const users: { construct: IConstruct; fact: DatabaseUserFact }[] = [];
  const deliveries: { construct: IConstruct; fact: DeliveryFact }[] = [];
  const privateKeys: ResourceView[] = [];
  const certificateResources: ResourceView[] = [];
  const rawSecrets: ResourceLike[] = [];
  const outputs: OutputView[] = [];
  const sensitiveVariables = new Set<string>();
  const byLogicalId = new Map<string, ResourceView>();
  const byConstruct = new Map<IConstruct, ResourceView>();

  for (const node of stack.node.findAll()) {
    for (const fact of factsOf(node)) {
      allFacts.push({ path: node.node.path, fact });
      switch (fact.kind) {
        case 'endpoint': endpoints.push({ construct: node, fact }); break;
        case 'cluster': clusters.push({ construct: node, fact }); break;
        case 'certificate': certificates.push({ construct: node, fact }); break;
        case 'database-user': users.push({ construct: node, fact }); break;
        case 'delivery': deliveries.push({ construct: node, fact }); break;
        default: break;
      }
    }
    if (isResource(node)) {
      const type = node.terraformResourceType;
      if (type === KEY_TYPE) {
        const v = view(node);
        privateKeys.push(v);
        byConstruct.set(node, v);
      } else if (CERT_TYPES.has(type)) {
        const v = view(node);
        certificateResources.push(v);
        byConstruct.set(node, v);
      } else if (SECRET_TYPES.has(type)) {
        rawSecrets.push(node);
      }
    } else if (node instanceof TerraformOutput) {
      const output = node as TerraformOutput & { readonly rawOverrides?: Record<string, unknown> };
      outputs.push({
        construct: output,
        logicalId: output.friendlyUniqueId,
        sensitive: (output.rawOverrides as { sensitive?: unknown } | undefined)?.sensitive === true
          || (output.sensitive === true && (output.rawOverrides as { sensitive?: unknown } | undefined)?.sensitive !== false),
        resolvedValue: () => resolve((output.rawOverrides as { value?: unknown } | undefined)?.value ?? output.value),
      });
    } else if (node instanceof TerraformVariable && node.sensitive === true) {
      sensitiveVariables.add(node.friendlyUniqueId);
    }
  }

  const certByPath = new Map(certificates.map((c) => [c.construct.node.path, c]));
  let certByKey: Map<string, { construct: IConstruct; fact: CertificateFact }> | undefined;
  let byResource: Map<IConstruct, { construct: IConstruct; fact: CertificateFact }> | undefined;
  const keyIdOf = (c: { fact: CertificateFact }): string | undefined => {
    const key = c.fact.keyResource;
    return key && isResource(key) ? key.friendlyUniqueId : undefined;
  };

  // Secrets: a tlsfleet delivery knows what it carries; a hand-written Secret is read from its data.
  const delivered = new Set(deliveries.map((d) => d.fact.resource));
  const secrets: SecretView[] = [];
  for (const d of deliveries) {
    if (d.fact.object !== 'Secret' || !d.fact.carriesPrivateKey) continue;
    const keyReferences = d.fact.certificates
      .map((p) => certByPath.get(p))
      .map((c) => (c ? keyIdOf(c) : undefined))
      .filter((id): id is string => id !== undefined);
    secrets.push({ construct: d.fact.resource, namespace: d.fact.namespace, kubernetes: d.fact.kubernetes, keyReferences, delivery: d.fact });
  }
  const extraDeliveries: DeliveryFact[] = [];
  for (const s of rawSecrets) {
    if (delivered.has(s)) continue;
    const attrs = attributesOf(s);
    const keyReferences = privateKeyReferences(resolve([attrs.data, attrs.binary_data]));
    const metadata = resolve(attrs.metadata) as { namespace?: unknown } | { namespace?: unknown }[] | undefined;
    const meta = Array.isArray(metadata) ? metadata[0] : metadata;
    const kubernetes = s.provider ? s.provider.node.path : DEFAULT_KUBERNETES;
    const namespace = meta?.namespace ?? 'default';
    secrets.push({ construct: s, namespace, kubernetes, keyReferences });
    if (keyReferences.length) {
      certByKey ??= indexByKey(certificates, keyIdOf);
      extraDeliveries.push({
        kind: 'delivery', object: 'Secret', namespace: String(namespace),
        name: String((meta as { name?: unknown } | undefined)?.name ?? s.node.id), kubernetes,
        certificates: keyReferences.map((k) => certByKey!.get(k)?.construct.node.path ?? `tls_private_key.${k}`),
        authorities: [], carriesPrivateKey: true, resource: s,
      });
    }
  }

  const managed = new Set(certificates.map((c) => c.fact.certificateResource).filter((r) => r !== undefined));
  const unmanagedCertificates = certificateResources.filter((c) => !managed.has(c.construct)).map((c) => {
    const validity = c.input('validity_period_hours');
    const early = c.input('early_renewal_hours');
    return {
      path: c.construct.node.path,
      type: c.type,
      validityHours: typeof validity === 'number' ? validity : undefined,
      earlyRenewalHours: typeof early === 'number' ? early : undefined,
      isCa: c.input('is_ca_certificate') === true,
    };
  });

  return {
    settings, clusters, endpoints, certificates, users, privateKeys, certificateResources, outputs, secrets, sensitiveVariables,
    allFacts,
    unmanagedCertificates,
    deliveries: [...deliveries.map((d) => d.fact), ...extraDeliveries],
    resource: (id) => {
      if (byLogicalId.size === 0) for (const v of byConstruct.values()) byLogicalId.set(v.logicalId, v);
      return byLogicalId.get(id);
    },
    viewOf: (construct) => (construct ? byConstruct.get(construct) : undefined),
    issuerOf: (certificateResource) => {
      byResource ??= new Map(certificates.filter((c) => c.fact.certificateResource).map((c) => [c.fact.certificateResource!, c]));
      const issuer = byResource.get(certificateResource)?.fact.issuer;
      return issuer !== undefined ? certByPath.get(issuer) : undefined;
    },
    certificateByKey: (id) => {
      certByKey ??= indexByKey(certificates, keyIdOf);
      return certByKey.get(id);
    },
  };
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
