import { IConstruct } from 'constructs';
import { invalid } from '../../core/errors';

/**
 * A procedure applied one step per deploy (the internode TLS rollout, a CA rotation): `target` must be the `deployed`
 * step or the one after it. `back` and `skip` say, in the words of the procedure, why the order matters.
 */
export function checkNextStep<T>(
  scope: IConstruct, field: string, order: readonly T[], deployed: T, target: T,
  words: { readonly noun: string; readonly back: string; readonly skip: string },
): void {
  const at = order.indexOf(deployed);
  const next = order.indexOf(target);
  if (next < at) invalid(scope, field, target, `must not go back from the deployed ${words.noun} "${deployed}": ${words.back}`);
  if (next > at + 1) {
    invalid(scope, field, target, `must be the deployed ${words.noun} "${deployed}" or the next one, "${order[at + 1]}": ${words.skip}`);
  }
}
