import { IConstruct } from 'constructs';
import { invalid } from '../../core/errors';
import { checkHours, checkRenewal } from '../../core/validate';

const MAX_HOURS = 876000;

/**
 * A whole number of hours from `min`, as core's checkHours, and not -0: JSON writes it as 0, so
 * the plan would say something else than the declaration.
 */
export function checkHoursValue(scope: IConstruct, field: string, value: unknown, min = 1): void {
  if (Object.is(value, -0)) invalid(scope, field, value, `must be a whole number of hours from ${min} to ${MAX_HOURS}`);
  checkHours(scope, field, value as number, min, MAX_HOURS);
}

/** A certificate's lifetime and its renewal window, each on its own and together. */
export function checkLifetime(scope: IConstruct, validityHours: unknown, earlyRenewalHours: unknown): void {
  checkHoursValue(scope, 'validityHours', validityHours, 1);
  checkHoursValue(scope, 'earlyRenewalHours', earlyRenewalHours, 0);
  checkRenewal(scope, 'earlyRenewalHours', earlyRenewalHours as number, validityHours as number);
}
