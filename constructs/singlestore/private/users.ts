import { Construct } from 'constructs';
import { KubernetesProvider } from '../../core/cdktf';
import { invalid } from '../../core/errors';
import { claimOutputName } from '../../core/outputs';
import { CaBundle } from '../../pki/ca-bundle';
import { ICertificateAuthority } from '../../pki/certificate-authority';
import { SingleStoreVersion } from '../engine-version';
import { SingleStoreUser, SingleStoreUserOptions, SingleStoreUserProps } from '../user';
import { ACCOUNT_CHECK, ADDED_BY_CLUSTER, USER_OPTIONS } from './added-by-cluster';

// What a SingleStoreTls declared here and one imported from another stack share, so that a user
// added to either is the same certificate, Secret, statement and facts.

/** What a deployment hands each user it adds. */
export interface UserIssuer {
  readonly clientCa: ICertificateAuthority;
  readonly serverTrustBundle: CaBundle;
  readonly engineVersion: SingleStoreVersion;
  /** The deployment's kubernetes provider, the users' default. */
  readonly provider?: KubernetesProvider;
}

/**
 * Creates the user `id` below `owner`, refusing an account (`name`@`host`, the host compared
 * case-insensitively as the server does) that one of `users` already defines.
 */
export function newUser(owner: Construct, id: string, options: SingleStoreUserOptions, issuer: UserIssuer, users: readonly SingleStoreUser[]): SingleStoreUser {
  const given = options as Partial<SingleStoreUserOptions> | null | undefined;
  return new SingleStoreUser(owner, id, {
    ...(given !== null && typeof given === 'object' ? given : {}),
    provider: given?.provider ?? issuer.provider,
    clientCa: issuer.clientCa,
    serverTrust: issuer.serverTrustBundle,
    engineVersion: issuer.engineVersion,
    [ADDED_BY_CLUSTER]: true,
    [USER_OPTIONS]: options,
    [ACCOUNT_CHECK]: (self: Construct, name: string, host: string) => {
      const twin = users.find((u) => u.name === name && u.host.toLowerCase() === host.toLowerCase());
      if (twin) invalid(self, 'name', `${name}@${host}`, `must be unique per host; ${twin.node.path} already defines that account`);
    },
  } as SingleStoreUserProps);
}

/** The SQL script: a header comment, then one statement per user, in the order they were added. */
export function userScript(clusterName: string, engineVersion: SingleStoreVersion, users: readonly SingleStoreUser[]): string {
  const header = [
    `-- tlsfleet: certificate-authenticated users of SingleStore cluster ${clusterName} (engine ${engineVersion}).`,
    '-- String literals assume the default sql_mode: NO_BACKSLASH_ESCAPES must be off.',
  ];
  return [...header, ...users.map((u) => u.sql)].join('\n') + '\n';
}

/** `sqlOutputName`: a Terraform identifier, claimed in the stack so no other output replaces it. */
export function checkSqlOutputName(scope: Construct, field: string, name: unknown): asserts name is string {
  if (typeof name !== 'string' || !/^[A-Za-z_][A-Za-z0-9_-]*$/.test(name)) {
    invalid(scope, field, name, 'must be a Terraform identifier: a letter or "_", then letters, digits, "_" and "-"');
  }
  claimOutputName(scope, field, name);
}
