/**
 * Which scylla.yaml keys configure a listener, a port, an address, a socket, encryption or
 * authentication: decided by what a key's name says it does, so a key ScyllaDB adds later fails
 * closed. Shared by the construct that refuses them in `additionalScyllaConfig` and the policy
 * that judges the scylla.yaml a plan delivers.
 */
export const LISTENER_SCYLLA_CONFIG_KEY =
  /port|address|interface|listen|rpc|proxy|encrypt|ssl|tls|certificate|keyfile|truststore|keystore|priority|auth|alternator|cql|transport|broadcast|seed|prometheus|api_|socket|maintenance|redis|thrift|http|ldap|sasl|kerberos|role_manager/i;
