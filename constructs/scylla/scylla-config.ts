import { createHash } from 'node:crypto';
import { IConstruct } from 'constructs';
import { invalid } from '../core/errors';
import { LISTENER_SCYLLA_CONFIG_KEY } from '../core/scylla-listener-keys';
import { checkEnum, checkPlainObject, checkProps } from '../core/props';
import { checkText, isLiteral } from '../core/validate';
import { checkInsecureFlag } from './insecure-flag';
import { DEFAULT_INTERNODE, internodeScyllaConfig, ResolvedInternode } from './internode';
import { CQL_SHARD_AWARE_TLS_PORT, CQL_TLS_PORT, CQLSHRC_FILE, MOUNTS } from './names';
import { CqlTlsVersions } from './tls-versions';

export { CqlTlsVersions } from './tls-versions';

/** Client-to-node CQL encryption: TLS-only and mutual TLS; the insecure switches need a waiver. */
export interface CqlOptions {
  /** @default CqlTlsVersions.TLS1_3 */
  readonly tlsVersions?: CqlTlsVersions;
  /**
   * Keep plaintext CQL open on 9042/19042 beside TLS on 9142/19142. Needs a waiver of TLSF001.
   * @default false: 9142 and 19142 are the only CQL ports
   */
  readonly insecureEnablePlaintext?: boolean;
  /**
   * Accept clients without a certificate (`require_client_auth: false`); passwords still apply.
   * Needs a waiver of TLSF003.
   * @default false: a certificate from the cluster's client trust bundle is required
   */
  readonly insecureDisableClientAuth?: boolean;
}

/** CQL options with every default applied. */
export interface ResolvedCql {
  readonly tlsVersions: CqlTlsVersions;
  readonly insecureEnablePlaintext: boolean;
  readonly insecureDisableClientAuth: boolean;
}

/** A value in scylla.yaml. */
export type ScyllaConfigValue = string | number | boolean | ScyllaConfigValue[] | { readonly [key: string]: ScyllaConfigValue };

/**
 * scylla.yaml keys tlsfleet writes itself (TLS, authentication) or the operator owns (Alternator,
 * addresses). The user scylla.yaml is merged over the operator's by top-level key, so setting one
 * of these would silently replace a security setting.
 */
export const RESERVED_SCYLLA_CONFIG_KEYS: readonly string[] = [
  'authenticator', 'authorizer', 'client_encryption_options',
  'native_transport_port', 'native_transport_port_ssl',
  'native_shard_aware_transport_port', 'native_shard_aware_transport_port_ssl',
  'alternator_port', 'alternator_https_port', 'alternator_address', 'alternator_enforce_authorization',
  'alternator_write_isolation', 'alternator_encryption_options',
  'listen_address', 'rpc_address', 'broadcast_address', 'broadcast_rpc_address', 'seed_provider', 'cluster_name',
  'server_encryption_options', 'ssl_storage_port', 'storage_port',
];

export { LISTENER_SCYLLA_CONFIG_KEY } from '../core/scylla-listener-keys';

/** A top-level scylla.yaml option name. */
const CONFIG_KEY = /^[a-z][a-z0-9_]*$/;
/** A key inside a nested map (such as `object_storage_endpoints[].name`). */
const NESTED_CONFIG_KEY = /^[A-Za-z][A-Za-z0-9_.-]*$/;
/** The additional settings, in bytes: the scylla.yaml ConfigMap must stay far below the API server's 1 MiB limit. */
export const MAX_ADDITIONAL_CONFIG_BYTES = 256 * 1024;
const MAX_CONFIG_DEPTH = 8;
const MAX_CONFIG_STRING = 4096;

const CQL_PROPS = ['tlsVersions', 'insecureEnablePlaintext', 'insecureDisableClientAuth'] as const;

/** Checks the options and applies the defaults. */
export function resolveCql(scope: IConstruct, field: string, options: CqlOptions): ResolvedCql {
  checkProps(scope, field, options, CQL_PROPS, 'CqlOptions { tlsVersions?, insecureEnablePlaintext?, insecureDisableClientAuth? }');
  const tlsVersions = options.tlsVersions ?? CqlTlsVersions.TLS1_3;
  checkEnum(scope, `${field}.tlsVersions`, tlsVersions, CqlTlsVersions, 'CqlTlsVersions');
  const insecureEnablePlaintext = checkInsecureFlag(scope, `${field}.insecureEnablePlaintext`, options.insecureEnablePlaintext, 'TLSF001');
  const insecureDisableClientAuth = checkInsecureFlag(scope, `${field}.insecureDisableClientAuth`, options.insecureDisableClientAuth, 'TLSF003');
  return { tlsVersions, insecureEnablePlaintext, insecureDisableClientAuth };
}

/**
 * Rejects additional scylla.yaml settings that would override security settings or break the config hash: keys
 * tlsfleet or the operator own, keys that configure listeners, encryption or authentication, and values that are
 * not plain static text, numbers, booleans, lists or maps.
 */
export function validateAdditionalConfig(scope: IConstruct, field: string, config: unknown): void {
  checkPlainObject(scope, field, config, 'a map of scylla.yaml settings');
  const size = { bytes: 0 };
  for (const [key, value] of Object.entries(config)) {
    const at = `${field}.${key}`;
    if (RESERVED_SCYLLA_CONFIG_KEYS.includes(key)) {
      invalid(scope, at, value, 'is set by tlsfleet or the operator and may not be overridden (the user scylla.yaml replaces top-level keys whole)');
    }
    if (LISTENER_SCYLLA_CONFIG_KEY.test(key)) {
      invalid(scope, at, value,
        'must not be set: tlsfleet owns every listener, port, address, interface, proxy protocol, encryption and authentication setting of scylla.yaml (use the construct\'s cql, internode, alternator and exposeOptions)');
    }
    if (!CONFIG_KEY.test(key)) invalid(scope, at, key, 'must be a scylla.yaml option name: lower-case ASCII letters, digits and "_", starting with a letter');
    checkStaticValue(scope, at, value, size, 1);
  }
}

function checkStaticValue(scope: IConstruct, field: string, value: unknown, size: { bytes: number }, depth: number): void {
  if (!isLiteral(value)) {
    invalid(scope, field, value, 'must be known at synth time: the config hash that rolls the pods cannot include Terraform references');
  }
  if (depth > MAX_CONFIG_DEPTH) invalid(scope, field, value, `must be nested at most ${MAX_CONFIG_DEPTH} levels deep`);
  size.bytes += typeof value === 'string' ? Buffer.byteLength(value) : 8;
  if (size.bytes > MAX_ADDITIONAL_CONFIG_BYTES) {
    invalid(scope, field, value,
      `must keep the additional settings within ${MAX_ADDITIONAL_CONFIG_BYTES} bytes in all (tlsfleet's size limit, so the scylla.yaml ConfigMap stays far below the API server's 1 MiB object limit)`);
  }
  if (typeof value === 'string') {
    checkText(scope, field, value, { what: 'a scylla.yaml value: a string', max: MAX_CONFIG_STRING, allowEmpty: true });
  } else if (typeof value === 'number') {
    if (!Number.isFinite(value)) invalid(scope, field, value, 'must be a string, finite number, boolean, list or map');
  } else if (typeof value === 'boolean') {
    // a scalar
  } else if (Array.isArray(value)) {
    value.forEach((v, i) => checkStaticValue(scope, `${field}[${i}]`, v, size, depth + 1));
  } else if (value !== null && typeof value === 'object' && [Object.prototype, null].includes(Object.getPrototypeOf(value))) {
    for (const [k, v] of Object.entries(value)) {
      if (!NESTED_CONFIG_KEY.test(k)) invalid(scope, `${field}.${k}`, k, 'must be a key of ASCII letters, digits, "_", "." and "-", starting with a letter');
      size.bytes += k.length;
      checkStaticValue(scope, `${field}.${k}`, v, size, depth + 1);
    }
  } else {
    invalid(scope, field, value, 'must be a string, finite number, boolean, list or map');
  }
}

/**
 * The user scylla.yaml: authentication, TLS-only CQL and client_encryption_options pointing at the
 * mounted tlsfleet Secret. It holds only static settings and file paths, never Terraform
 * references, so its hash is stable from one synth to the next.
 */
export function renderScyllaYaml(
  cql: ResolvedCql, additional: { readonly [key: string]: ScyllaConfigValue } = {}, internode: ResolvedInternode = DEFAULT_INTERNODE,
): string {
  const dir = MOUNTS.cqlServing.path;
  const config: Record<string, unknown> = {
    authenticator: 'PasswordAuthenticator',
    authorizer: 'CassandraAuthorizer',
    // TLS-only CQL: when the plain and TLS ports are the same, that one port speaks TLS.
    ...(cql.insecureEnablePlaintext ? {} : {
      native_transport_port: CQL_TLS_PORT,
      native_shard_aware_transport_port: CQL_SHARD_AWARE_TLS_PORT,
    }),
    native_transport_port_ssl: CQL_TLS_PORT,
    native_shard_aware_transport_port_ssl: CQL_SHARD_AWARE_TLS_PORT,
    client_encryption_options: {
      enabled: true,
      certificate: `${dir}/tls.crt`,
      keyfile: `${dir}/tls.key`,
      truststore: `${dir}/ca.crt`,
      require_client_auth: !cql.insecureDisableClientAuth,
      priority_string: cql.tlsVersions,
    },
    // Node-to-node TLS, the same in every datacenter (one scylla.yaml per cluster).
    ...internodeScyllaConfig(internode),
  };
  const keys = Object.keys(additional).sort();
  if (keys.length === 0) return plainYaml(config);
  for (const key of keys) config[key] = additional[key];
  // Loaded only here: most clusters need no additional settings, and the library costs ~25 ms to load.
  const { stringify } = require('yaml') as typeof import('yaml');
  return stringify(config, { lineWidth: 0 });
}

/** A string the YAML library writes unquoted: no indicator at the start, no `: ` or ` #`, not a number, boolean or null. */
const PLAIN_SCALAR = /^[A-Za-z/](?:[A-Za-z0-9_./+-]|:(?!$))*$/;
const RESERVED_WORDS = /^(true|false|yes|no|on|off|null|y|n|~)$/i;

/**
 * tlsfleet's own scylla.yaml (maps of maps, plain strings, integers, booleans) in exactly the bytes
 * `yaml.stringify(config, { lineWidth: 0 })` writes, which the config hash and every deployed
 * cluster's `forceRedeploymentReason` depend on (a unit test holds the two equal).
 */
export function plainYaml(config: Record<string, unknown>, indent = ''): string {
  let out = '';
  for (const [key, value] of Object.entries(config)) {
    if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
      out += `${indent}${key}:\n${plainYaml(value as Record<string, unknown>, `${indent}  `)}`;
    } else if (typeof value === 'boolean' || (typeof value === 'number' && Number.isSafeInteger(value))) {
      out += `${indent}${key}: ${value}\n`;
    } else if (typeof value === 'string' && PLAIN_SCALAR.test(value) && !RESERVED_WORDS.test(value)) {
      out += `${indent}${key}: ${value}\n`;
    } else {
      throw new Error(`plainYaml: ${key} = ${JSON.stringify(value)} needs the YAML library`);
    }
  }
  return out;
}

/** First 16 hex digits of the SHA-256 of `text`. */
export function configHash(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex').slice(0, 16);
}

/**
 * The `forceRedeploymentReason` that rolls the pods whenever the rendered config changes
 * (the operator does not restart pods when the scylla.yaml ConfigMap changes).
 */
export function redeploymentReason(scyllaYaml: string, userReason?: string): string {
  const derived = `scylla.yaml sha256:${configHash(scyllaYaml)}`;
  return userReason ? `${userReason}; ${derived}` : derived;
}

/** A cqlshrc for in-pod cqlsh: TLS to `host`, verified with the tlsfleet CA, with the admin client certificate. */
export function renderCqlshrc(host: string): string {
  const admin = MOUNTS.cqlAdmin.path;
  return [
    '; Written by tlsfleet. Use: cqlsh --cqlshrc=' + `${MOUNTS.cqlshrc.path}/${CQLSHRC_FILE}`,
    '[connection]',
    `hostname = ${host}`,
    `port = ${CQL_TLS_PORT}`,
    'ssl = true',
    '',
    '[ssl]',
    `certfile = ${admin}/ca.crt`,
    'validate = true',
    `usercert = ${admin}/tls.crt`,
    `userkey = ${admin}/tls.key`,
    '',
  ].join('\n');
}
