import { isIP } from 'node:net';
import { IConstruct } from 'constructs';
import { Token } from './cdktf';
import { invalid } from './errors';

/** True when `value` is a literal known at synth time (not a Terraform reference). */
export function isLiteral(value: unknown): boolean {
  return !Token.isUnresolved(value);
}

/** A whole number of hours in [min, max]; unresolved tokens pass. */
export function checkHours(scope: IConstruct, field: string, value: number, min = 1, max = 876000): void {
  if (!isLiteral(value)) return;
  if (!Number.isInteger(value) || value < min || value > max) {
    invalid(scope, field, value, `must be a whole number of hours from ${min} to ${max}`);
  }
}

/** Early renewal must start before expiry, or the provider re-creates the certificate on every run. */
export function checkRenewal(scope: IConstruct, field: string, earlyRenewalHours: number, validityHours: number): void {
  if (!isLiteral(earlyRenewalHours) || !isLiteral(validityHours)) return;
  checkHours(scope, field, earlyRenewalHours, 0);
  if (earlyRenewalHours >= validityHours) {
    invalid(scope, field, earlyRenewalHours, `must be less than the validity (${validityHours} hours), or the certificate is replaced on every apply`);
  }
}

const DNS_LABEL = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/;

/** An RFC 1123 host name, optionally with one leading wildcard label (`*.example.com`). */
export function checkDnsName(scope: IConstruct, field: string, name: string): void {
  if (!isLiteral(name)) return;
  const labels = typeof name === 'string' ? name.split('.') : [];
  const body = labels[0] === '*' ? labels.slice(1) : labels;
  const ok = typeof name === 'string'
    && name.length <= 253
    && body.length >= 1
    && (labels[0] !== '*' || body.length >= 2)
    && body.every((l) => DNS_LABEL.test(l));
  if (!ok) {
    invalid(scope, field, name, 'must be a lower-case DNS name of labels [a-z0-9-] (at most 63 characters each, 253 in all), optionally starting with "*."');
  }
}

/** A literal IPv4 or IPv6 address. */
export function checkIpAddress(scope: IConstruct, field: string, ip: string): void {
  if (!isLiteral(ip)) return;
  if (typeof ip !== 'string' || isIP(ip) === 0) {
    invalid(scope, field, ip, 'must be an IPv4 or IPv6 address such as 10.0.0.1 or fd00::1');
  }
}

const DNS_1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS_1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/** A Kubernetes object name (DNS-1123 subdomain, at most 253 characters). */
export function checkK8sName(scope: IConstruct, field: string, name: string): void {
  if (!isLiteral(name)) return;
  if (typeof name !== 'string' || name.length > 253 || !DNS_1123_SUBDOMAIN.test(name)) {
    invalid(scope, field, name, 'must be a DNS-1123 subdomain: lower-case letters, digits, "-" and ".", starting and ending alphanumeric, at most 253 characters');
  }
}

/** A Kubernetes namespace or similar label-like name (DNS-1123 label, at most `max` characters). */
export function checkDns1123Label(scope: IConstruct, field: string, name: string, max = 63): void {
  if (!isLiteral(name)) return;
  if (typeof name !== 'string' || name.length > max || !DNS_1123_LABEL.test(name)) {
    invalid(scope, field, name, `must be a DNS-1123 label: lower-case letters, digits and "-", starting and ending alphanumeric, at most ${max} characters`);
  }
}

/** Rejects the second occurrence of any value in `values`. */
export function checkUnique(scope: IConstruct, field: string, values: readonly string[]): void {
  const seen = new Set<string>();
  values.forEach((v, i) => {
    if (seen.has(v)) invalid(scope, `${field}[${i}]`, v, 'must be unique; it appears more than once');
    seen.add(v);
  });
}

/** A Terraform template sequence: Terraform would evaluate it inside any string tlsfleet writes. */
const TEMPLATE = /\$\{|%\{/;
/** C0/C1 controls and line separators, allowed only where a value is multi-line text. */
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u2028\u2029]/;
const LINE_BREAK = /[\r\n\t]/;

/**
 * The one check for every literal string tlsfleet writes into the configuration: a string, with no
 * `${` or `%{` (Terraform would evaluate it: a value could read a key or a file), no control
 * characters (and no line breaks unless `multiline`), at most `max` characters. A Terraform
 * reference (a token) passes: it is the caller's deliberate expression.
 */
export function checkText(scope: IConstruct, field: string, value: unknown, options: { what?: string; multiline?: boolean; max?: number; allowEmpty?: boolean } = {}): asserts value is string {
  if (typeof value === 'string' && !isLiteral(value)) return;
  const what = options.what ?? 'a string';
  const max = options.max ?? 1024;
  const rules = `${what} of at most ${max} characters, without "\${" or "%{" (Terraform would evaluate them)${options.multiline ? '' : ' and on one line'}`;
  if (typeof value !== 'string') invalid(scope, field, value, `must be ${rules}`);
  if ((!options.allowEmpty && value.trim() === '') || value.length > max || TEMPLATE.test(value) || CONTROL.test(value) || (!options.multiline && LINE_BREAK.test(value))) {
    invalid(scope, field, value, `must be ${rules}`);
  }
}
