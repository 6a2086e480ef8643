// tlsfleet's public API: a deliberate list. Every name here is a promise; internals (fact
// recording, validation helpers, renderers, the policy's evaluation) are not exported, and
// package.json `exports` allows no import of a file inside the package.
export { TlsfleetValidationError } from './core/errors';
export { TLSFLEET_VERSION } from './core/version';
export { TLS_VERSIONS } from './core/tls-version';
export type { TlsVersion } from './core/tls-version';
export * from './pki';
export * from './scylla';
export * from './scylla-cloud';
export * from './singlestore';
export * from './policy';
