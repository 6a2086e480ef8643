/**
 * Marks the props `SingleStoreTls.addUser()` builds. A user constructed any other way would never
 * reach the cluster's SQL script, so its certificate would log in as nobody; the constructor refuses it.
 */
export const ADDED_BY_CLUSTER: unique symbol = Symbol('tlsfleet: SingleStoreTls.addUser');

/** The options exactly as the caller gave them to `addUser()`, for the user to check key by key. */
export const USER_OPTIONS: unique symbol = Symbol('tlsfleet: SingleStoreTls.addUser options');

/** The cluster's check that `name`@`host` is a new account, run by the user before it creates anything. */
export const ACCOUNT_CHECK: unique symbol = Symbol('tlsfleet: SingleStoreTls.addUser account check');
