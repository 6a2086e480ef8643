import { IConstruct } from 'constructs';
import { invalid } from '../core/errors';

/**
 * An insecure switch: `true`, `false` or absent. It used to take a waiver object; a waiver is now
 * given to the policy with `waive(construct, ruleId, { reason })`, so a reviewer finds every
 * exception in one place.
 */
export function checkInsecureFlag(scope: IConstruct, field: string, value: unknown, ruleId: string): boolean {
  if (value === undefined) return false;
  if (typeof value !== 'boolean') {
    invalid(scope, field, value, `must be true or false; the reason for an exception goes into waive(cluster, '${ruleId}', { reason })`);
  }
  return value;
}
