import { IConstruct } from 'constructs';
import { checkEnum, checkProps } from '../core/props';
import { MOUNTS } from './names';
import { checkNextStep } from './private/step-order';
import { InternodeTlsVersions } from './tls-versions';

/** Plaintext node-to-node traffic: ScyllaDB's storage port. */
export const INTERNODE_PLAINTEXT_PORT = 7000;
/** Node-to-node TLS: `ssl_storage_port`, the same on every node of every datacenter. */
export const INTERNODE_TLS_PORT = 7001;

export { InternodeTlsVersions } from './tls-versions';

/** Which node-to-node connections are encrypted once enforced (`internode_encryption`). */
export enum InternodeEncryption {
  /** Every connection, with client certificates; port 7000 is not opened. */
  ALL = 'all',
  /**
   * Only between datacenters: 7000 stays open inside a datacenter and ScyllaDB does not enforce
   * `require_client_auth`. Needs a waiver of TLSF013.
   */
  DC = 'dc',
  /** Only between racks: as `DC`, within a rack. Needs a waiver of TLSF013. */
  RACK = 'rack',
}

/**
 * The steps that take a running cluster from plaintext node-to-node traffic to enforced TLS, one rolling restart
 * each, in this order. A new cluster starts at `ENFORCED`.
 */
export enum InternodeRolloutStep {
  /** No `server_encryption_options` (a cluster deployed before tlsfleet rendered them). */
  PLAINTEXT = 'plaintext',
  /** Certificates mounted and the TLS listener on 7001 started; traffic still plaintext (`internode_encryption: none`). */
  CERTIFICATES = 'certificates',
  /** Every node sends encrypted, and still accepts plaintext on 7000 (`transitional`). */
  TRANSITIONAL = 'transitional',
  /** The `encryption` setting (default `all`): 7000 closed, client certificates required. */
  ENFORCED = 'enforced',
}

const ORDER: readonly InternodeRolloutStep[] = [
  InternodeRolloutStep.PLAINTEXT, InternodeRolloutStep.CERTIFICATES, InternodeRolloutStep.TRANSITIONAL, InternodeRolloutStep.ENFORCED,
];

/** Enabling node-to-node TLS on a running cluster: from the step it runs now to the next one. */
export interface InternodeRollout {
  /** The step the running cluster is at (what the last apply deployed). */
  readonly deployed: InternodeRolloutStep;
  /** The step this deploy takes it to: the same step, or the next one. */
  readonly target: InternodeRolloutStep;
}

/** Node-to-node TLS. Secure by default: every connection encrypted with client certificates, TLS 1.3, 7000 closed. */
export interface InternodeOptions {
  /** @default InternodeTlsVersions.TLS1_3 */
  readonly tlsVersions?: InternodeTlsVersions;
  /** @default InternodeEncryption.ALL */
  readonly encryption?: InternodeEncryption;
  /**
   * Only for a cluster that runs without node-to-node TLS today: the rollout step of this deploy. Each step rolls
   * every pod once (`forceRedeploymentReason` follows the scylla.yaml); apply one step, wait until the cluster has
   * rolled, then the next. Any step before `ENFORCED` needs a waiver of TLSF013.
   * @default - enforced from the start
   */
  readonly rollout?: InternodeRollout;
}

/** Internode options with every default applied. */
export interface ResolvedInternode {
  readonly tlsVersions: InternodeTlsVersions;
  readonly encryption: InternodeEncryption;
  /** The step rendered now. */
  readonly step: InternodeRolloutStep;
  /** `internode_encryption` in scylla.yaml; undefined at PLAINTEXT (no server_encryption_options). */
  readonly mode?: 'none' | 'transitional' | InternodeEncryption;
}

/** Node-to-node TLS as a new cluster gets it. */
export const DEFAULT_INTERNODE: ResolvedInternode = {
  tlsVersions: InternodeTlsVersions.TLS1_3, encryption: InternodeEncryption.ALL, step: InternodeRolloutStep.ENFORCED, mode: InternodeEncryption.ALL,
};

const INTERNODE_PROPS = ['tlsVersions', 'encryption', 'rollout'] as const;
const ROLLOUT_PROPS = ['deployed', 'target'] as const;

/** Checks the options and applies the defaults. */
export function resolveInternode(scope: IConstruct, field: string, options: InternodeOptions): ResolvedInternode {
  checkProps(scope, field, options, INTERNODE_PROPS, 'an object of InternodeOptions { tlsVersions?, encryption?, rollout? }');
  const tlsVersions = options.tlsVersions ?? InternodeTlsVersions.TLS1_3;
  checkEnum(scope, `${field}.tlsVersions`, tlsVersions, InternodeTlsVersions, 'InternodeTlsVersions');
  const encryption = options.encryption ?? InternodeEncryption.ALL;
  checkEnum(scope, `${field}.encryption`, encryption, InternodeEncryption, 'InternodeEncryption');
  let step = InternodeRolloutStep.ENFORCED;
  if (options.rollout !== undefined) {
    checkProps(scope, `${field}.rollout`, options.rollout, ROLLOUT_PROPS, 'an InternodeRollout { deployed, target }');
    const { deployed, target } = options.rollout;
    checkEnum(scope, `${field}.rollout.deployed`, deployed, InternodeRolloutStep, 'InternodeRolloutStep');
    checkEnum(scope, `${field}.rollout.target`, target, InternodeRolloutStep, 'InternodeRolloutStep');
    const order = ORDER.join(' → ');
    checkNextStep(scope, `${field}.rollout.target`, ORDER, deployed, target, {
      noun: 'step',
      back: `node-to-node TLS is enabled in the order ${order}, one step and one rolling restart per deploy; going back would leave nodes that only speak TLS unable to reach the others`,
      skip: `the order is ${order}, one step per deploy, each after every pod has restarted on the one before; skipping a step cuts nodes still on the old setting off from the cluster`,
    });
    step = target;
  }
  const mode = step === InternodeRolloutStep.PLAINTEXT ? undefined
    : step === InternodeRolloutStep.CERTIFICATES ? 'none'
      : step === InternodeRolloutStep.TRANSITIONAL ? 'transitional'
        : encryption;
  return { tlsVersions, encryption, step, mode };
}

/** Whether the plaintext storage port 7000 accepts connections in this setting. */
export function internodePlaintextOpen(internode: ResolvedInternode): boolean {
  return internode.mode !== InternodeEncryption.ALL;
}

/**
 * The scylla.yaml keys for node-to-node TLS: `server_encryption_options` with the mounted internode Secret and
 * `ssl_storage_port`; none at PLAINTEXT.
 */
export function internodeScyllaConfig(internode: ResolvedInternode): Record<string, unknown> {
  if (internode.mode === undefined) return {};
  const dir = MOUNTS.internode.path;
  return {
    server_encryption_options: {
      internode_encryption: internode.mode,
      certificate: `${dir}/tls.crt`,
      keyfile: `${dir}/tls.key`,
      truststore: `${dir}/ca.crt`,
      require_client_auth: true,
      priority_string: internode.tlsVersions,
    },
    ssl_storage_port: INTERNODE_TLS_PORT,
  };
}
