import { IConstruct } from 'constructs';
import { checkEnum, checkProps } from '../core/props';
import { checkInsecureFlag } from './insecure-flag';
import { alternatorServingSecretName } from './names';
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

/**
 * Alternator, the DynamoDB-compatible API: HTTPS on 8043 with authorization. The insecure switches
 * fail synth unless the cluster carries a waiver for the policy rule they break.
 */
export interface AlternatorOptions {
  /** @default AlternatorWriteIsolation.ALWAYS */
  readonly writeIsolation?: AlternatorWriteIsolation;
  /** @default AlternatorCertificateSource.TLSFLEET */
  readonly certificateSource?: AlternatorCertificateSource;
  /**
   * Also serve Alternator over plain HTTP on 8000 (`insecureEnableHTTP`). Needs a waiver of TLSF001.
   * @default false
   */
  readonly insecureEnableHttp?: boolean;
  /**
   * Accept requests without signature checks (`insecureDisableAuthorization`). Needs a waiver of TLSF002.
   * @default false
   */
  readonly insecureDisableAuthorization?: boolean;
}

/** Alternator options with every default applied. */
export interface ResolvedAlternator {
  readonly writeIsolation: AlternatorWriteIsolation;
  readonly certificateSource: AlternatorCertificateSource;
  readonly insecureEnableHttp: boolean;
  readonly insecureDisableAuthorization: boolean;
}

const ALTERNATOR_PROPS = ['writeIsolation', 'certificateSource', 'insecureEnableHttp', 'insecureDisableAuthorization'] as const;

/** Checks the options and applies the defaults. */
export function resolveAlternator(scope: IConstruct, field: string, options: AlternatorOptions): ResolvedAlternator {
  checkProps(scope, field, options, ALTERNATOR_PROPS, 'AlternatorOptions { writeIsolation?, certificateSource?, insecureEnableHttp?, insecureDisableAuthorization? }');
  const writeIsolation = options.writeIsolation ?? AlternatorWriteIsolation.ALWAYS;
  checkEnum(scope, `${field}.writeIsolation`, writeIsolation, AlternatorWriteIsolation, 'AlternatorWriteIsolation');
  const certificateSource = options.certificateSource ?? AlternatorCertificateSource.TLSFLEET;
  checkEnum(scope, `${field}.certificateSource`, certificateSource, AlternatorCertificateSource, 'AlternatorCertificateSource');
  const insecureEnableHttp = checkInsecureFlag(scope, `${field}.insecureEnableHttp`, options.insecureEnableHttp, 'TLSF001');
  const insecureDisableAuthorization = checkInsecureFlag(scope, `${field}.insecureDisableAuthorization`, options.insecureDisableAuthorization, 'TLSF002');
  return {
    writeIsolation,
    certificateSource,
    insecureEnableHttp,
    insecureDisableAuthorization,
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
    insecureEnableHTTP: a.insecureEnableHttp,
    insecureDisableAuthorization: a.insecureDisableAuthorization,
    servingCertificate,
  };
}
