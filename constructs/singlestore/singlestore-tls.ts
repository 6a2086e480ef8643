import { Construct } from 'constructs';
import { ConfigMapV1, KubernetesProvider, SecretV1, TerraformOutput } from '../core/cdktf';
import { invalid } from '../core/errors';
import { checkArray, checkEnum, checkProps } from '../core/props';
import { checkDns1123Label, checkDnsName, checkIpAddress, checkK8sName, checkUnique, isLiteral } from '../core/validate';
import { CA_BUNDLE_KEY, CaBundle, CaBundleConfigMap } from '../pki/ca-bundle';
import { checkCertificateAuthority, ICertificateAuthority } from '../pki/certificate-authority';
import { checkKeyAlgorithm, KeyAlgorithm } from '../pki/key-algorithm';
import { checkKubernetesProvider } from '../pki/private/kubernetes-provider';
import { rejectNulls } from '../pki/private/no-nulls';
import { kubernetesMetadata } from '../core/kubernetes-metadata';
import { ServerCertificate } from '../pki/server-certificate';
import { TlsSecret, TlsSecretLayout } from '../pki/tls-secret';
import { recordFact } from '../core/facts';
import { kubernetesName } from '../core/facts';
import { defaultTlsVersions, singleStoreTlsVersionList, SingleStoreTlsVersions, SingleStoreVersion } from './engine-version';
import { ISingleStoreTls } from './contracts';
import { ImportedSingleStoreTls, SingleStoreTlsAttributes } from './imported-singlestore-tls';
import { checkSqlOutputName, newUser, userScript } from './private/users';
import { USER_SQL_KEY } from './sql';
import { SingleStoreUser, SingleStoreUserOptions } from './user';

/** How the client CA (`ssl_ca_for_client_cert`) is delivered to the cluster's namespace. */
export enum SingleStoreClientCaDelivery {
  /** A ConfigMap: a CA certificate is public. */
  CONFIG_MAP = 'ConfigMap',
  /** An Opaque Secret, for clusters that mount only Secrets. */
  SECRET = 'Secret',
}

/** The MySQL-protocol port of the aggregators. */
export const SINGLESTORE_SQL_PORT = 3306;

/** Where `memsql.cnf` expects the server files by default (the server Secret mounted as a directory). */
export const DEFAULT_SERVER_TLS_DIRECTORY = '/etc/memsql/ssl';
/** Where `ssl_ca_for_client_cert` points by default (the client CA object mounted as a directory). */
export const DEFAULT_CLIENT_CA_PATH = `/etc/memsql/client-ca/${CA_BUNDLE_KEY}`;

export interface SingleStoreTlsProps {
  /** The MemsqlCluster name: used for default object names and server DNS names. */
  readonly clusterName: string;
  /** The cluster's namespace: the server Secret, the client CA and the user SQL go there. */
  readonly namespace: string;
  /** The engine release the configuration and SQL are written for. */
  readonly engineVersion: SingleStoreVersion;
  /** The CA that signs the server certificate; clients verify the server with it (`--ssl-ca`). */
  readonly ca: ICertificateAuthority;
  /**
   * The CA in `ssl_ca_for_client_cert`, which signs every user certificate. With a CA of its own,
   * only certificates issued for SingleStore users can log in as a `REQUIRE X509` user; a shared CA
   * also admits every other client certificate it signs.
   * @default - `ca`
   */
  readonly clientCa?: ICertificateAuthority;
  /**
   * The server certificate's DNS names.
   * @default - the Operator's Services `svc-<clusterName>-ddl` and `svc-<clusterName>-dml`, as
   * `<svc>.<namespace>.svc` and `<svc>.<namespace>.svc.cluster.local`
   */
  readonly dnsNames?: string[];
  /** The server certificate's IP addresses. @default [] */
  readonly ipAddresses?: string[];
  /** The server certificate's key. @default KeyAlgorithm.ECDSA_P256 */
  readonly keyAlgorithm?: KeyAlgorithm;
  /** The server Secret, for `spec.secureConnectionSpec.sslSecretName`. @default `<clusterName>-tls` */
  readonly serverSecretName?: string;
  /** @default SingleStoreClientCaDelivery.CONFIG_MAP */
  readonly clientCaDelivery?: SingleStoreClientCaDelivery;
  /** The client CA object (key `ca-bundle.crt`). @default `<clusterName>-client-ca` */
  readonly clientCaName?: string;
  /**
   * Where the nodes see the client CA file; mount the client CA object there.
   * @default '/etc/memsql/client-ca/ca-bundle.crt'
   */
  readonly clientCaPath?: string;
  /**
   * The directory where the nodes see the server Secret's files, for the `memsql.cnf` lines.
   * @default '/etc/memsql/ssl'
   */
  readonly serverTlsDirectory?: string;
  /** The `tls_version` engine variable. @default - TLS 1.2 and 1.3 on 10.0+, TLS 1.2 before */
  readonly tlsVersions?: SingleStoreTlsVersions;
  /** The ConfigMap carrying the user SQL under `users.sql`. @default `<clusterName>-tlsfleet-users` */
  readonly userSqlConfigMapName?: string;
  /** The Terraform output carrying the user SQL. @default - allocated by cdktf from the construct path */
  readonly sqlOutputName?: string;
  /** @default - the stack's default kubernetes provider */
  readonly provider?: KubernetesProvider;
}

const PROPS = [
  'clusterName', 'namespace', 'engineVersion', 'ca', 'clientCa', 'dnsNames', 'ipAddresses', 'keyAlgorithm', 'serverSecretName',
  'clientCaDelivery', 'clientCaName', 'clientCaPath', 'serverTlsDirectory', 'tlsVersions', 'userSqlConfigMapName', 'sqlOutputName', 'provider',
] as const;

/**
 * The TLS of a SingleStore deployment: server certificate Secret in the Operator's layout, the
 * client CA with its configuration, and certificate-authenticated users with their SQL.
 */
export class SingleStoreTls extends Construct implements ISingleStoreTls {
  /**
   * A SingleStore deployment declared in another stack, for an application team to add users to:
   * creates nothing until `addUser()`, then each user's certificate and Secret, and this stack's own
   * user SQL (ConfigMap `userSqlConfigMapName` and an output), exactly as for a deployment declared here.
   */
  public static fromAttributes(scope: Construct, id: string, attrs: SingleStoreTlsAttributes): ISingleStoreTls {
    return new ImportedSingleStoreTls(scope, id, attrs);
  }

  public readonly clusterName: string;
  public readonly namespace: string;
  public readonly engineVersion: SingleStoreVersion;
  public readonly ca: ICertificateAuthority;
  public readonly clientCa: ICertificateAuthority;
  public readonly tlsVersions: SingleStoreTlsVersions;
  public readonly clientCaDelivery: SingleStoreClientCaDelivery;
  public readonly clientCaPath: string;
  public readonly serverTlsDirectory: string;
  public readonly serverCertificate: ServerCertificate;
  /** `tls.crt`, `tls.key`, `tls.ca`, for `spec.secureConnectionSpec.sslSecretName`. */
  public readonly serverSecret: TlsSecret;
  /** The client CA object: a `CaBundleConfigMap` or an Opaque `SecretV1`, by `clientCaDelivery`. */
  public readonly clientCaObject: CaBundleConfigMap | SecretV1;
  public readonly clientCaObjectName: string;
  /** The ConfigMap with the user SQL. */
  public readonly userSqlConfigMap: ConfigMapV1;
  /** The Terraform output with the user SQL. */
  public readonly userSqlOutput: TerraformOutput;
  private readonly users: SingleStoreUser[] = [];
  private readonly provider?: KubernetesProvider;

  constructor(scope: Construct, id: string, props: SingleStoreTlsProps) {
    super(scope, id);
    checkProps(this, '', props, PROPS, 'an object { clusterName, namespace, engineVersion, ca, clientCa?, dnsNames?, ipAddresses?, keyAlgorithm?, serverSecretName?, '
      + 'clientCaDelivery?, clientCaName?, clientCaPath?, serverTlsDirectory?, tlsVersions?, userSqlConfigMapName?, sqlOutputName?, provider? }');
    rejectNulls(this, '', props);
    checkDns1123Label(this, 'clusterName', props.clusterName, 55); // svc-<name>-ddl must stay a 63-character label
    checkDns1123Label(this, 'namespace', props.namespace);
    this.clusterName = props.clusterName;
    this.namespace = props.namespace;
    if (!(props.engineVersion instanceof SingleStoreVersion)) {
      invalid(this, 'engineVersion', props.engineVersion, 'must be SingleStoreVersion.V9_0, V9_1 or V10_0');
    }
    this.engineVersion = props.engineVersion;
    checkCertificateAuthority(this, 'ca', props.ca);
    if (props.clientCa !== undefined) checkCertificateAuthority(this, 'clientCa', props.clientCa);
    this.ca = props.ca;
    this.clientCa = props.clientCa ?? props.ca;
    checkKubernetesProvider(this, 'provider', props.provider);
    this.provider = props.provider;
    this.tlsVersions = props.tlsVersions ?? defaultTlsVersions(this.engineVersion);
    checkEnum(this, 'tlsVersions', this.tlsVersions, SingleStoreTlsVersions, 'SingleStoreTlsVersions');
    if (this.tlsVersions.includes('TLSv1.3') && !this.engineVersion.supportsTls13) {
      invalid(this, 'tlsVersions', this.tlsVersions, `must not include TLSv1.3 for SingleStore ${this.engineVersion}: TLS 1.3 needs 10.0 or later`);
    }
    if (this.tlsVersions === SingleStoreTlsVersions.LEGACY_TLS1_0_TO_1_2 && this.engineVersion.supportsTls13) {
      invalid(this, 'tlsVersions', this.tlsVersions, `must not include TLSv1 or TLSv1.1 for SingleStore ${this.engineVersion}: 10.0 removed them`);
    }
    this.clientCaDelivery = props.clientCaDelivery ?? SingleStoreClientCaDelivery.CONFIG_MAP;
    checkEnum(this, 'clientCaDelivery', this.clientCaDelivery, SingleStoreClientCaDelivery, 'SingleStoreClientCaDelivery');
    this.clientCaPath = props.clientCaPath ?? DEFAULT_CLIENT_CA_PATH;
    this.serverTlsDirectory = props.serverTlsDirectory ?? DEFAULT_SERVER_TLS_DIRECTORY;
    checkConfigPath(this, 'clientCaPath', this.clientCaPath);
    checkConfigPath(this, 'serverTlsDirectory', this.serverTlsDirectory);
    // What the children check again, refused here in this construct's words before any resource exists.
    checkSans(this, props.dnsNames, props.ipAddresses);
    if (props.keyAlgorithm !== undefined) checkKeyAlgorithm(this, 'keyAlgorithm', props.keyAlgorithm);
    for (const field of ['serverSecretName', 'clientCaName', 'userSqlConfigMapName'] as const) {
      if (props[field] !== undefined) checkK8sName(this, field, props[field]);
    }
    if (props.sqlOutputName !== undefined) checkSqlOutputName(this, 'sqlOutputName', props.sqlOutputName);

    const names = this.defaultNames();
    this.serverCertificate = new ServerCertificate(this, 'ServerCertificate', {
      holders: [{ namespace: this.namespace, provider: this.provider, description: `SingleStore cluster ${this.clusterName}` }],
      ca: this.ca,
      dnsNames: props.dnsNames ?? names.dnsNames,
      ipAddresses: props.ipAddresses,
      keyAlgorithm: props.keyAlgorithm,
    });
    this.serverSecret = new TlsSecret(this, 'ServerSecret', {
      certificate: this.serverCertificate,
      namespace: this.namespace,
      name: props.serverSecretName ?? names.serverSecret,
      layout: TlsSecretLayout.SINGLESTORE,
      provider: this.provider,
    });

    const clientBundle = CaBundle.of(this.clientCa);
    this.clientCaObjectName = props.clientCaName ?? names.clientCa;
    if (this.clientCaDelivery === SingleStoreClientCaDelivery.CONFIG_MAP) {
      this.clientCaObject = new CaBundleConfigMap(this, 'ClientCa', {
        bundle: clientBundle, namespace: this.namespace, name: this.clientCaObjectName, provider: this.provider,
      });
    } else if (this.clientCaDelivery === SingleStoreClientCaDelivery.SECRET) {
      this.clientCaObject = new SecretV1(this, 'ClientCa', {
        provider: this.provider,
        metadata: kubernetesMetadata(this, 'Secret', { namespace: this.namespace, name: this.clientCaObjectName, provider: this.provider }),
        type: 'Opaque',
        data: { [CA_BUNDLE_KEY]: clientBundle.pem },
      });
      recordFact(this.clientCaObject, {
        kind: 'delivery', object: 'Secret', namespace: this.namespace, name: this.clientCaObjectName, kubernetes: kubernetesName(this.provider),
        certificates: [], authorities: clientBundle.authorities.map((a) => a.node.path), carriesPrivateKey: false, resource: this.clientCaObject,
      });
    } else {
      invalid(this, 'clientCaDelivery', this.clientCaDelivery, 'must be SingleStoreClientCaDelivery.CONFIG_MAP or SingleStoreClientCaDelivery.SECRET');
    }

    recordFact(this, {
      kind: 'cluster', product: 'SingleStore', name: this.clusterName, namespace: this.namespace,
      datacenters: [{ name: '-', namespace: this.namespace, kubernetes: kubernetesName(this.provider) }],
    });
    recordFact(this, {
      kind: 'endpoint', cluster: this.node.path, api: 'SingleStore SQL', address: this.serverCertificate.dnsNames[0] ?? this.serverCertificate.ipAddresses[0] ?? '-',
      port: SINGLESTORE_SQL_PORT, transport: 'tls', tlsVersions: singleStoreTlsVersionList(this.tlsVersions),
      clientCertificates: 'per user', authorization: 'enforced', certificate: this.serverCertificate.node.path,
    });

    const sql = this.userSql;
    this.userSqlConfigMap = new ConfigMapV1(this, 'UserSql', {
      provider: this.provider,
      metadata: kubernetesMetadata(this, 'ConfigMap', {
        namespace: this.namespace, name: props.userSqlConfigMapName ?? names.userSql, provider: this.provider,
      }),
      data: { [USER_SQL_KEY]: sql },
    });
    this.userSqlOutput = new TerraformOutput(this, 'UserSqlOutput', {
      value: sql,
      description: `SQL for the certificate-authenticated users of SingleStore cluster ${this.clusterName}`,
    });
    if (props.sqlOutputName !== undefined) this.userSqlOutput.overrideLogicalId(props.sqlOutputName);
  }

  /** The server's CA, which each user's Secret carries for `--ssl-ca`. */
  public get serverTrustBundle(): CaBundle {
    return CaBundle.of(this.ca);
  }

  /**
   * Adds a certificate-authenticated user: issues its client certificate from the client CA, writes
   * it as a Secret in `options.namespace` and appends its statement to the user SQL.
   */
  public addUser(id: string, options: SingleStoreUserOptions): SingleStoreUser {
    const issuer = { clientCa: this.clientCa, serverTrustBundle: this.serverTrustBundle, engineVersion: this.engineVersion, provider: this.provider };
    const user = newUser(this, id, options, issuer, this.users);
    this.users.push(user);
    this.userSqlConfigMap.data = { [USER_SQL_KEY]: this.userSql };
    this.userSqlOutput.value = this.userSql;
    return user;
  }

  /** The users added so far, in order. */
  public get userList(): readonly SingleStoreUser[] {
    return [...this.users];
  }

  /** The SQL script: a header comment, then one statement per user, in the order they were added. */
  public get userSql(): string {
    return userScript(this.clusterName, this.engineVersion, this.users);
  }

  /** The Operator's `spec.secureConnectionSpec`. */
  public get operatorSecureConnectionSpec(): { sslSecretName: string; clientServerConnection: 'enable' } {
    return { sslSecretName: this.serverSecret.name, clientServerConnection: 'enable' };
  }

  /** The Operator's `spec.globalVariables` for client certificates and TLS versions. */
  public get operatorGlobalVariables(): Record<string, string> {
    return { ssl_ca_for_client_cert: this.clientCaPath, tls_version: this.tlsVersions };
  }

  /** `memsql.cnf` lines for a self-managed node, the server Secret's files under `serverTlsDirectory`. */
  public get memsqlCnf(): string {
    const dir = this.serverTlsDirectory.replace(/\/+$/, '');
    return [
      `ssl_cert = ${dir}/tls.crt`,
      `ssl_key = ${dir}/tls.key`,
      `ssl_ca = ${dir}/${this.serverSecret.caKey}`,
      `ssl_ca_for_client_cert = ${this.clientCaPath}`,
      `tls_version = ${this.tlsVersions}`,
    ].join('\n') + '\n';
  }

  private defaultNames(): { dnsNames: string[]; serverSecret: string; clientCa: string; userSql: string } {
    const c = this.clusterName;
    const ns = this.namespace;
    const ok = isLiteral(c) && isLiteral(ns);
    const dnsNames = ok
      ? [`svc-${c}-ddl`, `svc-${c}-dml`].flatMap((svc) => [`${svc}.${ns}.svc`, `${svc}.${ns}.svc.cluster.local`])
      : [];
    return { dnsNames, serverSecret: `${c}-tls`, clientCa: `${c}-client-ca`, userSql: `${c}-tlsfleet-users` };
  }
}

function checkSans(scope: Construct, dnsNames: unknown, ipAddresses: unknown): void {
  if (dnsNames !== undefined) {
    checkArray(scope, 'dnsNames', dnsNames, 'a list of DNS names');
    dnsNames.forEach((n, i) => checkDnsName(scope, `dnsNames[${i}]`, n as string));
    checkUnique(scope, 'dnsNames', dnsNames as string[]);
  }
  if (ipAddresses !== undefined) {
    checkArray(scope, 'ipAddresses', ipAddresses, 'a list of IP addresses');
    ipAddresses.forEach((ip, i) => checkIpAddress(scope, `ipAddresses[${i}]`, ip as string));
    checkUnique(scope, 'ipAddresses', ipAddresses as string[]);
  }
}

function checkConfigPath(scope: Construct, field: string, path: string): void {
  if (typeof path !== 'string' || !isLiteral(path) || !/^\/[A-Za-z0-9._\-/]*$/.test(path) || path.includes('..')) {
    invalid(scope, field, path, 'must be an absolute path of letters, digits, ".", "_", "-" and "/" (it is written into memsql.cnf), without ".."');
  }
}
