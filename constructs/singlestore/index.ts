// The public API of constructs/singlestore. SQL rendering and checks stay internal.
export { SingleStoreTlsVersions, SingleStoreVersion } from './engine-version';
export { SingleStoreUserRequirement, SingleStoreUserStatement, MAX_USER_HOST_LENGTH, MAX_USER_NAME_LENGTH, USER_SQL_KEY } from './sql';
export { SingleStoreUser } from './user';
export type { SingleStoreUserOptions, SingleStoreUserProps } from './user';
export {
  DEFAULT_CLIENT_CA_PATH, DEFAULT_SERVER_TLS_DIRECTORY, SINGLESTORE_SQL_PORT, SingleStoreClientCaDelivery, SingleStoreTls,
} from './singlestore-tls';
export type { SingleStoreTlsProps } from './singlestore-tls';
export type { ISingleStoreTls } from './contracts';
export { ImportedSingleStoreTls } from './imported-singlestore-tls';
export type { SingleStoreTlsAttributes } from './imported-singlestore-tls';
