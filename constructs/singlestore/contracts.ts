import { IConstruct } from 'constructs';
import { CaBundle } from '../pki/ca-bundle';
import { ICertificateAuthority } from '../pki/certificate-authority';
import { SingleStoreVersion } from './engine-version';
import { SingleStoreUser, SingleStoreUserOptions } from './user';

/**
 * A SingleStore deployment as another stack or team references it to add users: declared here
 * ({@link SingleStoreTls}) or elsewhere ({@link SingleStoreTls.fromAttributes}).
 */
export interface ISingleStoreTls extends IConstruct {
  /** The MemsqlCluster name. */
  readonly clusterName: string;
  /** The cluster's namespace. */
  readonly namespace: string;
  /** The engine release the users' SQL is written for. */
  readonly engineVersion: SingleStoreVersion;
  /** The CA in `ssl_ca_for_client_cert`: it signs every user certificate. */
  readonly clientCa: ICertificateAuthority;
  /** What users verify the server with: the CA entry of each user's Secret (`--ssl-ca`). */
  readonly serverTrustBundle: CaBundle;
  /**
   * Adds a certificate-authenticated user: issues its client certificate from the client CA, writes
   * it as a Secret in `options.namespace` and appends its statement to the user SQL.
   */
  addUser(id: string, options: SingleStoreUserOptions): SingleStoreUser;
  /** The users added so far, in order. */
  readonly userList: readonly SingleStoreUser[];
  /** The SQL script: a header comment, then one statement per user, in the order they were added. */
  readonly userSql: string;
}
