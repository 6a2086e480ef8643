/**
 * Marks the props `SingleStoreTls.addUser()` builds. A user constructed any other way would never
 * reach the cluster's SQL script, so its certificate would log in as nobody; the constructor refuses it.
 */
export const ADDED_BY_CLUSTER: unique symbol = Symbol('tlsfleet: SingleStoreTls.addUser');
