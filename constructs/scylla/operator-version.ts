import { IConstruct } from 'constructs';
import { invalid } from '../core/errors';
import { checkBoolean, checkEnum } from '../core/props';
import { isLiteral } from '../core/validate';

/**
 * The ScyllaDB Operator releases tlsfleet supports. The ScyllaCluster API is the same from 1.18 to 1.21 for every
 * field tlsfleet writes; 1.22 adds `spec.enableParallelNodeOperations`.
 */
export enum ScyllaOperatorVersion {
  V1_18 = '1.18',
  V1_19 = '1.19',
  V1_20 = '1.20',
  V1_21 = '1.21',
  V1_22 = '1.22',
}

const ORDER = Object.values(ScyllaOperatorVersion);

/** Whether `version` is `min` or later. */
export function operatorAtLeast(version: ScyllaOperatorVersion, min: ScyllaOperatorVersion): boolean {
  return ORDER.indexOf(version) >= ORDER.indexOf(min);
}

/** Checks the operator version and the fields that need a newer one. */
export function validateOperatorFields(
  scope: IConstruct, props: { operatorVersion?: unknown; enableParallelNodeOperations?: unknown; version?: unknown },
): ScyllaOperatorVersion {
  const operator: unknown = props.operatorVersion ?? ScyllaOperatorVersion.V1_21;
  checkEnum(scope, 'operatorVersion', operator, ScyllaOperatorVersion, 'ScyllaOperatorVersion');
  const parallel = props.enableParallelNodeOperations;
  if (parallel === undefined) return operator;
  checkBoolean(scope, 'enableParallelNodeOperations', parallel);
  if (!operatorAtLeast(operator, ScyllaOperatorVersion.V1_22)) {
    invalid(scope, 'enableParallelNodeOperations', parallel,
      `needs operatorVersion ScyllaOperatorVersion.V1_22 or later (got ${operator}): older operators do not know the field and the API server would drop it`);
  }
  // The operator: "Enabling it requires ScyllaDB 2026.2 or later."
  const m = typeof props.version === 'string' && isLiteral(props.version) ? /^(\d{4})\.(\d+)/.exec(props.version) : null;
  if (parallel && m && (Number(m[1]) < 2026 || (Number(m[1]) === 2026 && Number(m[2]) < 2))) {
    invalid(scope, 'enableParallelNodeOperations', parallel, `needs ScyllaDB 2026.2 or later (version is "${props.version}")`);
  }
  return operator;
}
