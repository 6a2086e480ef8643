import { Construct } from 'constructs';
import { KubernetesProvider } from '../core/cdktf';
import { invalid } from '../core/errors';
import { checkBoolean, checkEnum, checkPlainObject, rejectUnknownKeys } from '../core/props';
import { checkDns1123Label, checkK8sName } from '../core/validate';
import { CaBundle } from '../pki/ca-bundle';
import { ICertificateAuthority } from '../pki/certificate-authority';
import { ClientCertificate } from '../pki/client-certificate';
import { KeyAlgorithm } from '../pki/key-algorithm';
import { checkLeafOptions } from '../pki/leaf-certificate';
import { claimClientSubject } from '../pki/private/client-subjects';
import { checkKubernetesProvider } from '../pki/private/kubernetes-provider';
import { rejectNulls } from '../pki/private/no-nulls';
import { DistinguishedName, subjectOneline, validateSubject } from '../pki/subject';
import { TlsSecret, TlsSecretLayout } from '../pki/tls-secret';
import { recordFact } from '../core/facts';
import { SingleStoreVersion } from './engine-version';
import { ACCOUNT_CHECK, ADDED_BY_CLUSTER, USER_OPTIONS } from './private/added-by-cluster';
import {
  checkUserHost, checkUserName, renderUserStatement,
  SingleStoreUserRequirement, SingleStoreUserStatement, UserStatementSpec,
} from './sql';

/** What `SingleStoreTls.addUser()` takes: one database user and where its certificate goes. */
export interface SingleStoreUserOptions {
  /** The user name: 1 to 32 characters; quotes are escaped, backslashes refused. */
  readonly name: string;
  /**
   * The account host pattern.
   * @default '%' (any host: the certificate, not the address, authenticates)
   */
  readonly host?: string;
  /**
   * `REQUIRE SUBJECT` pins the user to its certificate's exact subject. `REQUIRE X509` admits any
   * certificate from the client CA and needs a waiver of policy rule TLSF012.
   * @default SingleStoreUserRequirement.SUBJECT
   */
  readonly require?: SingleStoreUserRequirement;
  /**
   * The certificate subject, matched byte for byte by `REQUIRE SUBJECT`.
   * @default - `{ commonName: <name> }`
   */
  readonly subject?: DistinguishedName;
  /** The application's namespace, where the certificate Secret is written. */
  readonly namespace: string;
  /**
   * The certificate Secret's name.
   * @default - `<name>-singlestore-tls`; then `name` must be a DNS-1123 label
   */
  readonly secretName?: string;
  /**
   * Key names in the Secret. The CA entry holds the CA that signed the server certificate, for `--ssl-ca`.
   * @default TlsSecretLayout.KUBERNETES (`tls.crt`, `tls.key`, `ca.crt`)
   */
  readonly secretLayout?: TlsSecretLayout;
  /**
   * True for a user that already exists: its statement is `ALTER USER` (SingleStore 9.1+), not `CREATE USER`.
   * @default false
   */
  readonly existingUser?: boolean;
  /** @default KeyAlgorithm.ECDSA_P256 */
  readonly keyAlgorithm?: KeyAlgorithm;
  /** @default 8760 (1 year) */
  readonly validityHours?: number;
  /** @default 720 (30 days) */
  readonly earlyRenewalHours?: number;
  /** @default - the deployment's kubernetes provider */
  readonly provider?: KubernetesProvider;
}

export interface SingleStoreUserProps extends SingleStoreUserOptions {
  /** The CA in `ssl_ca_for_client_cert`: it signs the user's certificate. */
  readonly clientCa: ICertificateAuthority;
  /** The CAs a client trusts for the server, delivered beside the certificate. */
  readonly serverTrust: CaBundle;
  /** The engine the SQL is written for. */
  readonly engineVersion: SingleStoreVersion;
}

const DNS_1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
/** The keys of {@link SingleStoreUserOptions}. */
const OPTIONS = [
  'name', 'host', 'require', 'subject', 'namespace', 'secretName', 'secretLayout', 'existingUser',
  'keyAlgorithm', 'validityHours', 'earlyRenewalHours', 'provider',
] as const;

/**
 * A certificate-authenticated SingleStore user: a client certificate, a Secret carrying it to the
 * application, and the exact `CREATE USER` / `ALTER USER` statements.
 */
export class SingleStoreUser extends Construct {
  public readonly name: string;
  public readonly host: string;
  public readonly requirement: SingleStoreUserRequirement;
  public readonly engineVersion: SingleStoreVersion;
  /** The statement used in the deployment's SQL script. */
  public readonly statement: SingleStoreUserStatement;
  /** The client certificate; its subject is what `REQUIRE SUBJECT` matches. */
  public readonly certificate: ClientCertificate;
  /** The certificate's subject in OpenSSL oneline form. */
  public readonly subjectOneline: string;
  /** The Secret in the application's namespace. */
  public readonly secret: TlsSecret;
  /** `CREATE USER 'name'@'host' REQUIRE …;` */
  public readonly createSql: string;
  /** `ALTER USER 'name'@'host' REQUIRE …;`, or undefined below SingleStore 9.1 (which has no such form). */
  public readonly alterSql?: string;
  /** The statement for the SQL script: `createSql`, or `alterSql` for an existing user. */
  public readonly sql: string;

  constructor(scope: Construct, id: string, props: SingleStoreUserProps) {
    super(scope, id);
    if ((props as { [ADDED_BY_CLUSTER]?: boolean } | undefined)?.[ADDED_BY_CLUSTER] !== true) {
      invalid(this, 'constructor', 'new SingleStoreUser()', 'is not how users are made: call singleStoreTls.addUser(id, options), which also writes the user\'s SQL');
    }
    const options: unknown = (props as { [USER_OPTIONS]?: unknown })[USER_OPTIONS];
    checkPlainObject(this, 'options', options, `the options of addUser(): an object { ${OPTIONS.join(', ')} }`);
    if (options.x509Waiver !== undefined) {
      invalid(this, 'x509Waiver', options.x509Waiver, `is gone: waive policy rule TLSF012 instead, with waive(user, 'TLSF012', { reason })`);
    }
    rejectUnknownKeys(this, '', options, OPTIONS);
    rejectNulls(this, '', options);
    checkUserName(this, 'name', props.name);
    this.name = props.name;
    this.host = props.host ?? '%';
    checkUserHost(this, 'host', this.host);
    (props as { [ACCOUNT_CHECK]?: (self: Construct, name: string, host: string) => void })[ACCOUNT_CHECK]?.(this, this.name, this.host);
    this.requirement = props.require ?? SingleStoreUserRequirement.SUBJECT;
    if (!Object.values(SingleStoreUserRequirement).includes(this.requirement)) {
      invalid(this, 'require', this.requirement, 'must be SingleStoreUserRequirement.SUBJECT or SingleStoreUserRequirement.X509');
    }
    this.engineVersion = props.engineVersion;
    if (props.existingUser !== undefined) checkBoolean(this, 'existingUser', props.existingUser);
    this.statement = props.existingUser ? SingleStoreUserStatement.ALTER : SingleStoreUserStatement.CREATE;
    if (this.statement === SingleStoreUserStatement.ALTER && !this.engineVersion.supportsAlterUserRequire) {
      invalid(this, 'existingUser', true,
        `needs SingleStore 9.1 or later: ${this.engineVersion} has no ALTER USER … REQUIRE ${this.requirement === SingleStoreUserRequirement.X509 ? 'X509' : 'SUBJECT'}; drop and re-create the user, or target a newer engineVersion`);
    }
    checkDns1123Label(this, 'namespace', props.namespace);
    if (props.secretName !== undefined) checkK8sName(this, 'secretName', props.secretName);
    checkEnum(this, 'secretLayout', props.secretLayout ?? TlsSecretLayout.KUBERNETES, TlsSecretLayout, 'TlsSecretLayout');
    checkKubernetesProvider(this, 'provider', options.provider);
    checkLeafOptions(this, props);

    const subject = props.subject ?? { commonName: props.name };
    validateSubject(this, 'subject', subject);
    const secretName = props.secretName ?? this.defaultSecretName();
    // The subject is this account's login: claimed by the user (strictly, never shared) before its certificate exists.
    claimClientSubject(this, 'subject', props.clientCa, subjectOneline(subject), { strict: true });

    this.certificate = new ClientCertificate(this, 'Certificate', {
      holders: [{ namespace: props.namespace, provider: props.provider, description: `SingleStore user ${this.name}@${this.host}` }],
      ca: props.clientCa,
      subject,
      keyAlgorithm: props.keyAlgorithm,
      validityHours: props.validityHours,
      earlyRenewalHours: props.earlyRenewalHours,
      trustBundle: props.serverTrust,
    });
    this.subjectOneline = this.certificate.subjectOneline;
    this.secret = new TlsSecret(this, 'Secret', {
      certificate: this.certificate,
      namespace: props.namespace,
      name: secretName,
      layout: props.secretLayout ?? TlsSecretLayout.KUBERNETES,
      provider: props.provider,
      labels: { 'app.kubernetes.io/component': 'singlestore-client' },
    });

    const spec: UserStatementSpec = {
      name: this.name, host: this.host, requirement: this.requirement, subjectOneline: this.subjectOneline,
    };
    this.createSql = renderUserStatement(SingleStoreUserStatement.CREATE, spec);
    this.alterSql = this.engineVersion.supportsAlterUserRequire ? renderUserStatement(SingleStoreUserStatement.ALTER, spec) : undefined;
    this.sql = this.statement === SingleStoreUserStatement.ALTER ? this.alterSql! : this.createSql;
    recordFact(this, {
      kind: 'database-user', cluster: scope.node.path, account: `'${this.name}'@'${this.host}'`,
      requirement: this.requirement === SingleStoreUserRequirement.X509 ? 'REQUIRE X509' : 'REQUIRE SUBJECT', subject: this.subjectOneline,
    });
  }

  private defaultSecretName(): string {
    const name = `${this.name}-singlestore-tls`;
    if (!DNS_1123_LABEL.test(this.name) || name.length > 253) {
      invalid(this, 'secretName', undefined,
        `must be given when the user name ${JSON.stringify(this.name)} is not a DNS-1123 label (the default Secret name is "<name>-singlestore-tls")`);
    }
    return name;
  }
}
