import { Construct } from 'constructs';
import { ConfigMapV1, KubernetesProvider, TerraformOutput } from '../core/cdktf';
import { invalid } from '../core/errors';
import { kubernetesMetadata } from '../core/kubernetes-metadata';
import { checkProps } from '../core/props';
import { checkDns1123Label, checkK8sName } from '../core/validate';
import { CaBundle, checkCaBundle } from '../pki/ca-bundle';
import { checkCertificateAuthority, ICertificateAuthority } from '../pki/certificate-authority';
import { checkKubernetesProvider } from '../pki/private/kubernetes-provider';
import { rejectNulls } from '../pki/private/no-nulls';
import { ISingleStoreTls } from './contracts';
import { SingleStoreVersion } from './engine-version';
import { checkSqlOutputName, newUser, userScript } from './private/users';
import { USER_SQL_KEY } from './sql';
import { SingleStoreUser, SingleStoreUserOptions } from './user';

/** A SingleStore deployment declared in another stack or by another team: what its users need. */
export interface SingleStoreTlsAttributes {
  /** The MemsqlCluster name, as the owning stack declares it. */
  readonly clusterName: string;
  /** The cluster's namespace; this stack's user SQL ConfigMap is written there. */
  readonly namespace: string;
  /** The engine release the users' SQL is written for. */
  readonly engineVersion: SingleStoreVersion;
  /**
   * The CA in the cluster's `ssl_ca_for_client_cert`, which signs the users' certificates, for
   * example `CertificateAuthority.fromPem` with its key from a sensitive variable.
   */
  readonly clientCa: ICertificateAuthority;
  /** What users verify the server with (the CA entry of their Secrets). @default - `CaBundle.of(clientCa)` */
  readonly serverTrustBundle?: CaBundle;
  /**
   * The ConfigMap (key `users.sql`) this stack writes its users' SQL to, in `namespace`. The owning
   * stack writes its own users to `<clusterName>-tlsfleet-users`; two Terraform states must not own
   * one object, so every importing stack names its own.
   */
  readonly userSqlConfigMapName: string;
  /** The Terraform output carrying this stack's user SQL. @default - allocated by cdktf from the construct path */
  readonly sqlOutputName?: string;
  /** The Kubernetes cluster of the SQL ConfigMap, and the users' default. @default - the stack's default kubernetes provider */
  readonly provider?: KubernetesProvider;
}

const ATTRIBUTES = ['clusterName', 'namespace', 'engineVersion', 'clientCa', 'serverTrustBundle', 'userSqlConfigMapName', 'sqlOutputName', 'provider'] as const;

/**
 * A SingleStore deployment declared elsewhere, referenced by an application team's stack:
 * `addUser()` issues the user's certificate from the client CA, writes its Secret and renders its
 * statement exactly as for a deployment declared in the same stack. Nothing of the deployment
 * itself is created; the first user adds this stack's user SQL (a ConfigMap and an output).
 * Usually made with {@link SingleStoreTls.fromAttributes}.
 */
export class ImportedSingleStoreTls extends Construct implements ISingleStoreTls {
  public readonly clusterName: string;
  public readonly namespace: string;
  public readonly engineVersion: SingleStoreVersion;
  public readonly clientCa: ICertificateAuthority;
  public readonly serverTrustBundle: CaBundle;
  public readonly userSqlConfigMapName: string;
  private readonly sqlOutputName?: string;
  private readonly provider?: KubernetesProvider;
  private readonly users: SingleStoreUser[] = [];
  private sqlConfigMap?: ConfigMapV1;
  private sqlOutput?: TerraformOutput;

  constructor(scope: Construct, id: string, attrs: SingleStoreTlsAttributes) {
    super(scope, id);
    checkProps(this, '', attrs, ATTRIBUTES,
      'SingleStoreTlsAttributes { clusterName, namespace, engineVersion, clientCa, userSqlConfigMapName, serverTrustBundle?, sqlOutputName?, provider? }');
    rejectNulls(this, '', attrs);
    checkDns1123Label(this, 'clusterName', attrs.clusterName, 55); // as SingleStoreTls: svc-<name>-ddl stays a 63-character label
    checkDns1123Label(this, 'namespace', attrs.namespace);
    if (!(attrs.engineVersion instanceof SingleStoreVersion)) {
      invalid(this, 'engineVersion', attrs.engineVersion, 'must be SingleStoreVersion.V9_0, V9_1 or V10_0');
    }
    checkCertificateAuthority(this, 'clientCa', attrs.clientCa);
    if (attrs.serverTrustBundle !== undefined) checkCaBundle(this, 'serverTrustBundle', attrs.serverTrustBundle);
    checkK8sName(this, 'userSqlConfigMapName', attrs.userSqlConfigMapName);
    if (attrs.userSqlConfigMapName === `${attrs.clusterName}-tlsfleet-users`) {
      invalid(this, 'userSqlConfigMapName', attrs.userSqlConfigMapName,
        'must not be the owning SingleStoreTls\'s default ConfigMap: that stack writes its own users there, and a second writer would replace them');
    }
    if (attrs.sqlOutputName !== undefined) checkSqlOutputName(this, 'sqlOutputName', attrs.sqlOutputName);
    checkKubernetesProvider(this, 'provider', attrs.provider);
    this.clusterName = attrs.clusterName;
    this.namespace = attrs.namespace;
    this.engineVersion = attrs.engineVersion;
    this.clientCa = attrs.clientCa;
    this.serverTrustBundle = attrs.serverTrustBundle ?? CaBundle.of(attrs.clientCa);
    this.userSqlConfigMapName = attrs.userSqlConfigMapName;
    this.sqlOutputName = attrs.sqlOutputName;
    this.provider = attrs.provider;
  }

  public addUser(id: string, options: SingleStoreUserOptions): SingleStoreUser {
    const issuer = { clientCa: this.clientCa, serverTrustBundle: this.serverTrustBundle, engineVersion: this.engineVersion, provider: this.provider };
    const user = newUser(this, id, options, issuer, this.users);
    this.users.push(user);
    this.writeSql();
    return user;
  }

  public get userList(): readonly SingleStoreUser[] {
    return [...this.users];
  }

  public get userSql(): string {
    return userScript(this.clusterName, this.engineVersion, this.users);
  }

  /** The ConfigMap and output with this stack's user SQL: made with the first user, rewritten with every next one. */
  private writeSql(): void {
    const sql = this.userSql;
    if (this.sqlConfigMap && this.sqlOutput) {
      this.sqlConfigMap.data = { [USER_SQL_KEY]: sql };
      this.sqlOutput.value = sql;
      return;
    }
    this.sqlConfigMap = new ConfigMapV1(this, 'UserSql', {
      provider: this.provider,
      metadata: kubernetesMetadata(this, 'ConfigMap', { namespace: this.namespace, name: this.userSqlConfigMapName, provider: this.provider }),
      data: { [USER_SQL_KEY]: sql },
    });
    this.sqlOutput = new TerraformOutput(this, 'UserSqlOutput', {
      value: sql,
      description: `SQL for the certificate-authenticated users this stack adds to SingleStore cluster ${this.clusterName}`,
    });
    if (this.sqlOutputName !== undefined) this.sqlOutput.overrideLogicalId(this.sqlOutputName);
  }
}
