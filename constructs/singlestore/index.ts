// The public API of constructs/singlestore. SQL rendering and checks stay internal.
export { SingleStoreTlsVersions, SingleStoreVersion } from './engine-version';
export { SingleStoreUserRequirement, SingleStoreUserStatement, MAX_USER_HOST_LENGTH, MAX_USER_NAME_LENGTH } from './sql';
export { SingleStoreUser } from './user';
export type { SingleStoreUserOptions, SingleStoreUserProps } from './user';
export {
  DEFAULT_CLIENT_CA_PATH, DEFAULT_SERVER_TLS_DIRECTORY, SINGLESTORE_SQL_PORT, SingleStoreClientCaDelivery, SingleStoreTls, USER_SQL_KEY,
} from './singlestore-tls';
export type { SingleStoreTlsProps } from './singlestore-tls';
