import { IConstruct } from 'constructs';
import { LISTENER_SCYLLA_CONFIG_KEY } from '../../core/scylla-listener-keys';
import { TlsVersion, tlsVersionRank } from '../../core/tls-version';
import { evaluate, TerraformJson, UNKNOWN } from './expression';
import { readScyllaYaml } from './scylla-yaml';
import { literalMapLacks } from './fast-path';

/**
 * The listeners of every ScyllaCluster in a plan, derived from what Terraform will apply: the
 * `kubernetes_manifest` body (Alternator switches) and the scylla.yaml inside the ConfigMap its
 * racks name. ScyllaDB's own defaults apply to what the YAML leaves out: without a
 * client_encryption_options block CQL listens in plaintext on 9042.
 */
export interface PlanListener {
  readonly construct: IConstruct;
  readonly cluster: string;
  readonly datacenter?: string;
  readonly api: 'CQL' | 'CQL shard-aware' | 'Alternator' | 'Internode' | 'listener setting';
  readonly port: number | string;
  /** `undecided`: a value the plan cannot know at synth (a Terraform reference), or a setting the policy does not know. */
  readonly transport: 'tls' | 'plaintext' | 'undecided';
  readonly clientCertificates: 'required' | 'not required' | 'per user' | 'undecided';
  readonly authorization: 'enforced' | 'off' | 'undecided';
  /** The TLS versions a TLS listener accepts, lowest first; undefined when not decidable. */
  readonly tlsVersions?: readonly TlsVersion[];
  readonly internodeMode?: string;
  /** Host name or URL clients use, when known. */
  readonly address?: string;
  /** Why something is undecided, or what the setting is. */
  readonly reason?: string;
}

/** scylla.yaml keys tlsfleet writes and the policy reads below. */
const JUDGED_KEYS = new Set([
  'authenticator', 'authorizer', 'native_transport_port', 'native_shard_aware_transport_port', 'native_transport_port_ssl',
  'native_shard_aware_transport_port_ssl', 'client_encryption_options', 'server_encryption_options', 'ssl_storage_port',
  'alternator_port', 'alternator_https_port', 'alternator_enforce_authorization',
]);

const DEFAULT_CQL_PORT = 9042;
const DEFAULT_SHARD_AWARE_PORT = 19042;

/** Every listener of every ScyllaCluster manifest in `config`. */
export function scyllaListeners(config: TerraformJson, ownerOf: (type: string, name: string) => IConstruct): PlanListener[] {
  const resources = (config.resource ?? {}) as Record<string, Record<string, Record<string, unknown>>>;
  const manifests = resources.kubernetes_manifest ?? {};
  const out: PlanListener[] = [];
  const configMaps = configMapIndex(config, resources);
  for (const name of Object.keys(manifests).sort()) {
    const manifest = evaluate(config, manifests[name]?.manifest).value as Record<string, unknown> | typeof UNKNOWN;
    if (manifest === UNKNOWN || manifest === null || typeof manifest !== 'object') continue;
    if (manifest.kind !== 'ScyllaCluster' || typeof manifest.apiVersion !== 'string' || !manifest.apiVersion.startsWith('scylla.scylladb.com/')) continue;
    const resource = ownerOf('kubernetes_manifest', name);
    // Findings belong to the datacenter construct that renders the manifest, as a reviewer names it.
    const construct = resource.node.id === 'Resource' && resource.node.scope ? resource.node.scope : resource;
    const metadata = (manifest.metadata ?? {}) as Record<string, unknown>;
    const spec = (manifest.spec ?? {}) as Record<string, unknown>;
    const datacenter = ((spec.datacenter ?? {}) as Record<string, unknown>).name;
    const base = { construct, cluster: String(metadata.name), datacenter: typeof datacenter === 'string' ? datacenter : undefined };
    const host = `${String(metadata.name)}-client.${String(metadata.namespace)}.svc`;
    const start = out.length;
    out.push(...alternatorListeners(base, spec.alternator));
    const racks = ((spec.datacenter ?? {}) as { racks?: unknown }).racks;
    const configNames = Array.isArray(racks) ? [...new Set(racks.map((r) => (r as { scyllaConfig?: unknown })?.scyllaConfig))] : [undefined];
    for (const configName of configNames) {
      const yaml = configName === undefined ? {} : typeof configName === 'string'
        ? configMaps.get(`${String(metadata.namespace)}/${configName}`) : UNKNOWN;
      if (yaml === undefined || yaml === UNKNOWN || typeof yaml === 'string') {
        const why = typeof yaml === 'string' ? yaml : configName === UNKNOWN || typeof configName !== 'string' ? 'the rack\'s scyllaConfig is a Terraform reference'
          : `the ConfigMap ${String(metadata.namespace)}/${configName} the racks name is not in this plan, so its scylla.yaml cannot be judged`;
        out.push({ ...base, api: 'CQL', port: '?', transport: 'undecided', clientCertificates: 'undecided', authorization: 'undecided', reason: why });
        continue;
      }
      out.push(...yamlListeners(base, yaml));
    }
    // The listeners above are this loop's own objects: the address is set on them, not on a copy.
    for (let i = start; i < out.length; i++) (out[i] as { address?: string }).address = addressOf(out[i], host, base.datacenter, metadata);
  }
  return out;
}

/** The address clients use, as the datacenter's own endpoints name it. */
function addressOf(l: PlanListener, host: string, datacenter: string | undefined, metadata: Record<string, unknown>): string {
  if (l.api === 'Alternator') return `${l.transport === 'plaintext' ? 'http' : 'https'}://${host}:${l.port}`;
  if (l.api === 'Internode') return `${String(metadata.name)}-${datacenter ?? '?'}-<rack>-<ordinal>.${String(metadata.namespace)}.svc`;
  return host;
}

type Base = Pick<PlanListener, 'construct' | 'cluster' | 'datacenter'>;

function alternatorListeners(base: Base, alternator: unknown): PlanListener[] {
  if (alternator === undefined || alternator === null) return [];
  if (alternator === UNKNOWN || typeof alternator !== 'object') {
    return [{ ...base, api: 'Alternator', port: '?', transport: 'undecided', clientCertificates: 'not required', authorization: 'undecided', reason: 'spec.alternator is a Terraform reference' }];
  }
  const a = alternator as Record<string, unknown>;
  const flag = (v: unknown): boolean | 'undecided' => (v === undefined || v === false ? false : v === true ? true : 'undecided');
  const http = flag(a.insecureEnableHTTP);
  const noAuth = flag(a.insecureDisableAuthorization);
  const authorization = noAuth === 'undecided' ? 'undecided' : noAuth ? 'off' : 'enforced';
  const out: PlanListener[] = [{ ...base, api: 'Alternator', port: 8043, transport: 'tls', clientCertificates: 'not required', authorization }];
  if (http !== false) {
    out.push({
      ...base, api: 'Alternator', port: 8000, transport: http === true ? 'plaintext' : 'undecided', clientCertificates: 'not required', authorization,
      reason: http === true ? undefined : 'spec.alternator.insecureEnableHTTP is not a literal',
    });
  }
  return out;
}

function yamlListeners(base: Base, yaml: Record<string, unknown>): PlanListener[] {
  const out: PlanListener[] = [];
  const undecided = (key: string, why: string): void => {
    out.push({ ...base, api: 'listener setting', port: key, transport: 'undecided', clientCertificates: 'undecided', authorization: 'undecided', reason: why });
  };
  const enc = yaml.client_encryption_options as Record<string, unknown> | undefined;
  const tlsOn = enc !== null && typeof enc === 'object' && enc.enabled === true;
  const authenticated = yaml.authenticator === 'PasswordAuthenticator' || yaml.authenticator === 'org.apache.cassandra.auth.PasswordAuthenticator'
    || yaml.authenticator === 'com.scylladb.auth.CertificateAuthenticator';
  const authorization: PlanListener['authorization'] = authenticated ? 'enforced' : 'off';
  const clientCertificates: PlanListener['clientCertificates'] = tlsOn && enc!.require_client_auth === true ? 'required' : 'not required';
  const versions = tlsOn ? priorityVersions(enc!.priority_string) : undefined;
  const pair = (api: 'CQL' | 'CQL shard-aware', plainKey: string, sslKey: string, defaultPort: number): void => {
    const plain = yaml[plainKey] ?? defaultPort;
    const ssl = yaml[sslKey];
    if (typeof plain !== 'number' || (ssl !== undefined && typeof ssl !== 'number')) {
      undecided(plainKey, `${plainKey} / ${sslKey} are not port numbers`);
      return;
    }
    if (!tlsOn) {
      out.push({ ...base, api, port: plain, transport: 'plaintext', clientCertificates: 'not required', authorization });
      return;
    }
    if (ssl === undefined || ssl === plain) {
      out.push({ ...base, api, port: plain, transport: 'tls', clientCertificates, authorization, tlsVersions: versions });
    } else {
      out.push({ ...base, api, port: plain, transport: 'plaintext', clientCertificates: 'not required', authorization });
      out.push({ ...base, api, port: ssl, transport: 'tls', clientCertificates, authorization, tlsVersions: versions });
    }
  };
  pair('CQL', 'native_transport_port', 'native_transport_port_ssl', DEFAULT_CQL_PORT);
  pair('CQL shard-aware', 'native_shard_aware_transport_port', 'native_shard_aware_transport_port_ssl', DEFAULT_SHARD_AWARE_PORT);
  if (yaml.alternator_port !== undefined) {
    out.push({ ...base, api: 'Alternator', port: String(yaml.alternator_port), transport: 'plaintext', clientCertificates: 'not required', authorization: yaml.alternator_enforce_authorization === true ? 'enforced' : 'off' });
  }
  if (yaml.alternator_enforce_authorization === false) {
    out.push({ ...base, api: 'Alternator', port: String(yaml.alternator_https_port ?? 8043), transport: 'tls', clientCertificates: 'not required', authorization: 'off' });
  }
  const server = yaml.server_encryption_options as Record<string, unknown> | undefined;
  const mode = server !== null && typeof server === 'object' ? server.internode_encryption : undefined;
  out.push({
    ...base, api: 'Internode', port: mode === 'all' ? 7001 : 7000, transport: mode === 'all' ? 'tls' : 'plaintext',
    clientCertificates: mode === 'all' && server!.require_client_auth === true ? 'required' : 'not required', authorization: 'enforced',
    internodeMode: typeof mode === 'string' ? mode : 'none',
    tlsVersions: mode === 'all' ? priorityVersions(server!.priority_string) : undefined,
  });
  for (const key of Object.keys(yaml).sort()) {
    if (JUDGED_KEYS.has(key) || !LISTENER_SCYLLA_CONFIG_KEY.test(key)) continue;
    undecided(key, `scylla.yaml sets ${key}, which configures a listener, an address or encryption the policy does not judge`);
  }
  return out;
}

/** The protocol versions a GnuTLS priority string allows; undefined when it does not pin them. */
function priorityVersions(priority: unknown): TlsVersion[] | undefined {
  if (typeof priority !== 'string' || !priority.split(':').includes('-VERS-ALL')) return undefined;
  const names: Record<string, TlsVersion> = { '+VERS-TLS1.0': 'TLSv1.0', '+VERS-TLS1.1': 'TLSv1.1', '+VERS-TLS1.2': 'TLSv1.2', '+VERS-TLS1.3': 'TLSv1.3' };
  return [...new Set(priority.split(':').map((t) => names[t]).filter((v): v is TlsVersion => v !== undefined))].sort((a, b) => tlsVersionRank(a) - tlsVersionRank(b));
}

/** `namespace/name` → the parsed scylla.yaml of each ConfigMap that holds one (or why it cannot be read). */
function configMapIndex(config: TerraformJson, resources: Record<string, Record<string, Record<string, unknown>>>): Map<string, Record<string, unknown> | string | typeof UNKNOWN> {
  const map = new Map<string, Record<string, unknown> | string | typeof UNKNOWN>();
  for (const type of ['kubernetes_config_map_v1', 'kubernetes_config_map']) {
    for (const body of Object.values(resources[type] ?? {})) {
      // Most ConfigMaps of a fleet are the applications' connection settings: a literal map whose keys,
      // written out, name no scylla.yaml cannot hold one, so it needs no evaluation.
      if (literalMapLacks(body.data, 'scylla.yaml')) continue;
      const meta = evaluate(config, Array.isArray(body.metadata) ? body.metadata[0] : body.metadata).value as Record<string, unknown>;
      const data = evaluate(config, body.data).value as Record<string, unknown> | typeof UNKNOWN;
      if (meta === null || typeof meta !== 'object' || typeof meta.name !== 'string') continue;
      const key = `${typeof meta.namespace === 'string' ? meta.namespace : 'default'}/${meta.name}`;
      if (data === UNKNOWN || data === null || typeof data !== 'object') { map.set(key, 'the ConfigMap\'s data is a Terraform reference'); continue; }
      const text = data['scylla.yaml'];
      if (text === undefined) continue;
      if (typeof text !== 'string') { map.set(key, 'scylla.yaml in the ConfigMap is a Terraform reference'); continue; }
      map.set(key, readScyllaYaml(text));
    }
  }
  return map;
}
