import { scylla } from './fixtures';
import type { HostileCase } from './types';

const CLASS = 'listeners';

/**
 * scylla.yaml keys that open, move or weaken a listener, or bypass the TLS and authentication settings
 * tlsfleet renders: every one must be refused in `additionalScyllaConfig`, naming the key.
 */
const KEYS: [string, unknown, string][] = [
  ['native_transport_port_proxy_protocol', 9043, 'a PROXY-protocol CQL port'],
  ['native_transport_port_ssl_proxy_protocol', 9143, 'a PROXY-protocol CQL TLS port'],
  ['native_shard_aware_transport_port_proxy_protocol', 19043, 'a PROXY-protocol shard-aware CQL port'],
  ['native_shard_aware_transport_port_ssl_proxy_protocol', 19143, 'a PROXY-protocol shard-aware CQL TLS port'],
  ['alternator_port_proxy_protocol', 8001, 'a PROXY-protocol Alternator HTTP port'],
  ['alternator_https_port_proxy_protocol', 8044, 'a PROXY-protocol Alternator HTTPS port'],
  ['native_transport_port', 9042, 'plaintext CQL on 9042'],
  ['native_shard_aware_transport_port', 19042, 'plaintext shard-aware CQL'],
  ['alternator_port', 8000, 'Alternator over HTTP'],
  ['alternator_warn_authorization', true, 'Alternator authorization downgraded to warnings'],
  ['api_address', '0.0.0.0', 'the REST API on every interface'],
  ['api_port', 10001, 'the REST API moved'],
  ['listen_address', '0.0.0.0', 'the internode listener moved'],
  ['listen_interface', 'eth0', 'the internode listener by interface'],
  ['rpc_interface', 'eth0', 'CQL by interface'],
  ['prometheus_address', '0.0.0.0', 'metrics on every interface'],
  ['prometheus_port', 9181, 'metrics moved'],
  ['rpc_port', 9160, 'the Thrift port'],
  ['start_rpc', true, 'Thrift (plaintext, no TLS) switched on'],
  ['redis_port', 6379, 'the Redis API in plaintext'],
  ['redis_ssl_port', 6380, 'the Redis API'],
  ['maintenance_socket', 'workdir', 'the unauthenticated maintenance CQL socket'],
  ['storage_port', 7000, 'plaintext internode on 7000'],
  ['client_encryption_options', { enabled: false }, 'client TLS off'],
  ['CLIENT_ENCRYPTION_OPTIONS', { enabled: false }, 'client TLS off, upper-case key'],
  ['alternator_encryption_options', { certificate: '/tmp/x.crt' }, 'Alternator TLS replaced'],
  ['server_encryption_options', { internode_encryption: 'none' }, 'internode TLS off'],
  ['audit_encryption_options', { enabled: false }, 'any *_encryption_options key'],
  ['authenticator', 'AllowAllAuthenticator', 'authentication off'],
  ['authorizer', 'AllowAllAuthorizer', 'authorization off'],
];

export const LISTENER_CASES: HostileCase[] = KEYS.map(([key, value, what], i) => ({
  id: `L${String(i + 1).padStart(2, '0')}`,
  class: CLASS,
  description: `additionalScyllaConfig.${key}: ${what}`,
  build: (lib: any, stack: any) => scylla(lib, stack, { additionalScyllaConfig: { [key]: value } }),
  expect: { reject: { path: 'hostile/Shop', field: `additionalScyllaConfig.${key}`, allowed: /must|may not|reserved|owned|not allowed/i } },
}));

LISTENER_CASES.push(
  {
    id: 'L31', class: CLASS, description: 'additionalScyllaConfig key "__proto__" (an own property from JSON) carrying client_encryption_options',
    build: (lib, stack) => scylla(lib, stack, { additionalScyllaConfig: JSON.parse('{"__proto__": {"client_encryption_options": {"enabled": false}}}') }),
    expect: { reject: { path: 'hostile/Shop', field: /additionalScyllaConfig\.__proto__/ } },
  },
  {
    id: 'L32', class: CLASS, description: 'additionalScyllaConfig key with a trailing space: "native_transport_port "',
    build: (lib, stack) => scylla(lib, stack, { additionalScyllaConfig: { 'native_transport_port ': 9042 } }),
    expect: { reject: { path: 'hostile/Shop', field: /additionalScyllaConfig\.native_transport_port/ } },
  },
  {
    id: 'L33', class: CLASS, description: 'additionalScyllaConfig key with a Cyrillic "а" look-alike: "nаtive_transport_port"',
    build: (lib, stack) => scylla(lib, stack, { additionalScyllaConfig: { 'n\u0430tive_transport_port': 9042 } }),
    expect: { reject: { path: 'hostile/Shop', field: /additionalScyllaConfig\./, allowed: /must|may not|letters|ASCII/i } },
  },
);
