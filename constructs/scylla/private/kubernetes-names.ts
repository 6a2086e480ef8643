import { IConstruct } from 'constructs';
import { invalid } from '../../core/errors';
import { checkText, isLiteral } from '../../core/validate';

const NAME = /^[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$/;
const PREFIX = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/**
 * A Kubernetes qualified name, `[prefix/]name` (label and taint keys, topology keys, loadBalancerClass):
 * name at most 63 characters of [A-Za-z0-9-_.] starting and ending alphanumeric, prefix a DNS subdomain.
 * A Terraform reference passes.
 */
export function checkQualifiedName(scope: IConstruct, field: string, value: unknown, what: string, example: string): asserts value is string {
  checkText(scope, field, value, { what, max: 317 });
  if (!isLiteral(value)) return;
  const slash = value.indexOf('/');
  const prefix = slash >= 0 ? value.slice(0, slash) : undefined;
  const name = slash >= 0 ? value.slice(slash + 1) : value;
  if (!NAME.test(name) || (prefix !== undefined && (prefix.length > 253 || !PREFIX.test(prefix)))) {
    invalid(scope, field, value,
      `must be ${what} of the form [prefix/]name such as ${example}: name at most 63 characters of [A-Za-z0-9-_.], starting and ending alphanumeric; prefix a lower-case DNS subdomain`);
  }
}
