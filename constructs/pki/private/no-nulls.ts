import { IConstruct } from 'constructs';
import { invalid } from '../../core/errors';

/**
 * Refuses `null` for any key of a props object. `props.x ?? default` would turn a JSON `null`
 * silently into the default; left out is how a default is asked for.
 */
export function rejectNulls(scope: IConstruct, field: string, props: object): void {
  for (const [key, value] of Object.entries(props)) {
    if (value === null) invalid(scope, field ? `${field}.${key}` : key, null, 'must not be null (leave an optional prop out to get its default)');
  }
}
