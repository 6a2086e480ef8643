import { IConstruct } from 'constructs';
import { invalid } from '../core/errors';
import { checkWaiver, SecurityPosture, Waiver } from '../policy';
import { ALTERNATOR_HTTP_PORT, ALTERNATOR_HTTPS_PORT, alternatorServingSecretName } from './names';
import { Json } from './private/render';

/** `alternator.writeIsolation`: how Alternator isolates writes that read first. */
export enum AlternatorWriteIsolation {
  /** Every write is a lightweight transaction: the safest and slowest. */
  ALWAYS = 'always',
  /** Read-modify-write requests (conditional updates and the like) are rejected. */
  FORBID_RMW = 'forbid_rmw',
  /** Only read-modify-write requests use lightweight transactions; do not mix them with plain writes to one item. */
  ONLY_RMW_USES_LWT = 'only_rmw_uses_lwt',
}

/** Who issues Alternator's HTTPS serving certificate. */
export enum AlternatorCertificateSource {
  /**
   * The cluster's tlsfleet CA, as a `UserManaged` certificate in the Secret
   * `<cluster>-alternator-local-serving-certs` (the one name that works, operator bug #2248).
   * Clients verify it with the same bundle as CQL.
   */
  TLSFLEET = 'tlsfleet',
  /**
   * The operator's own per-cluster CA (`OperatorManaged`): clients must fetch the ConfigMap
   * `<cluster>-alternator-local-serving-ca` from the cluster to verify it.
   */
  OPERATOR_MANAGED = 'OperatorManaged',
}

/** Alternator, the DynamoDB-compatible API. HTTPS on 8043 with authorization, unless waived. */
export interface AlternatorOptions {
  /** @default AlternatorWriteIsolation.ALWAYS */
  readonly writeIsolation?: AlternatorWriteIsolation;
  /** @default AlternatorCertificateSource.TLSFLEET */
  readonly certificateSource?: AlternatorCertificateSource;
  /** Also serve Alternator over plain HTTP on 8000 (`insecureEnableHTTP`). @default - HTTPS only */
  readonly insecureEnableHttp?: Waiver;
  /** Accept requests without signature checks (`insecureDisableAuthorization`). @default - authorization enforced */
  readonly insecureDisableAuthorization?: Waiver;
}

/** Alternator options with every default applied. */
export interface ResolvedAlternator {
  readonly writeIsolation: AlternatorWriteIsolation;
  readonly certificateSource: AlternatorCertificateSource;
  readonly insecureEnableHttp?: Waiver;
  readonly insecureDisableAuthorization?: Waiver;
}

/** Checks the options, applies the defaults and records the security posture under `scope`. */
export function resolveAlternator(scope: IConstruct, field: string, options: AlternatorOptions): ResolvedAlternator {
  const writeIsolation = options.writeIsolation ?? AlternatorWriteIsolation.ALWAYS;
  if (!Object.values(AlternatorWriteIsolation).includes(writeIsolation)) {
    invalid(scope, `${field}.writeIsolation`, writeIsolation, `must be one of ${Object.values(AlternatorWriteIsolation).join(', ')}`);
  }
  const certificateSource = options.certificateSource ?? AlternatorCertificateSource.TLSFLEET;
  if (!Object.values(AlternatorCertificateSource).includes(certificateSource)) {
    invalid(scope, `${field}.certificateSource`, certificateSource, `must be one of ${Object.values(AlternatorCertificateSource).join(', ')}`);
  }
  checkWaiver(scope, `${field}.insecureEnableHttp`, options.insecureEnableHttp);
  checkWaiver(scope, `${field}.insecureDisableAuthorization`, options.insecureDisableAuthorization);

  if (options.insecureEnableHttp) {
    SecurityPosture.waived(scope, 'alternator.transport', `HTTPS on ${ALTERNATOR_HTTPS_PORT} and plain HTTP on ${ALTERNATOR_HTTP_PORT}`,
      options.insecureEnableHttp, `${field}.insecureEnableHttp`);
  } else {
    SecurityPosture.secure(scope, 'alternator.transport', `HTTPS only, on ${ALTERNATOR_HTTPS_PORT}`);
  }
  if (options.insecureDisableAuthorization) {
    SecurityPosture.waived(scope, 'alternator.authorization', 'requests are not authenticated',
      options.insecureDisableAuthorization, `${field}.insecureDisableAuthorization`);
  } else {
    SecurityPosture.secure(scope, 'alternator.authorization', 'signed requests required (access key = CQL role, secret = its salted_hash)');
  }
  return {
    writeIsolation,
    certificateSource,
    insecureEnableHttp: options.insecureEnableHttp,
    insecureDisableAuthorization: options.insecureDisableAuthorization,
  };
}

/**
 * The CRD's `spec.alternator`. The insecure switches are written out as `false` so a reviewer sees
 * them; the deprecated `port` is never written (with it, authorization would default to off).
 */
export function renderAlternator(
  cluster: string,
  a: ResolvedAlternator,
  operatorManaged: { additionalDnsNames: readonly string[]; additionalIpAddresses: readonly string[] },
): Json {
  const servingCertificate: Json = a.certificateSource === AlternatorCertificateSource.TLSFLEET
    ? { type: 'UserManaged', userManagedOptions: { secretName: alternatorServingSecretName(cluster) } }
    : {
      type: 'OperatorManaged',
      ...(operatorManaged.additionalDnsNames.length || operatorManaged.additionalIpAddresses.length
        ? {
          operatorManagedOptions: {
            ...(operatorManaged.additionalDnsNames.length ? { additionalDNSNames: [...operatorManaged.additionalDnsNames] } : {}),
            ...(operatorManaged.additionalIpAddresses.length ? { additionalIPAddresses: [...operatorManaged.additionalIpAddresses] } : {}),
          },
        } : {}),
    };
  return {
    writeIsolation: a.writeIsolation,
    insecureEnableHTTP: a.insecureEnableHttp !== undefined,
    insecureDisableAuthorization: a.insecureDisableAuthorization !== undefined,
    servingCertificate,
  };
}
