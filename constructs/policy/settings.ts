import { IConstruct } from 'constructs';
import { TerraformStack } from '../core/cdktf';
import { invalid } from '../core/errors';
import { checkProps } from '../core/props';
import { observe } from '../core/facts';
import { DEFAULT_POLICY_SETTINGS, PolicySettings, ResolvedPolicySettings } from './model';

const settingsByStack = new WeakMap<TerraformStack, ResolvedPolicySettings>();

/**
 * Tightens the policy for `scope`'s stack. Limits can only be made stricter than the defaults:
 * an exception is a waiver, with a reason, on the construct that needs it.
 */
export function configurePolicy(scope: IConstruct, settings: PolicySettings): void {
  const stack = TerraformStack.of(scope);
  checkProps(stack, 'policy', settings, ['maxLeafValidityDays', 'minTlsVersion', 'minRsaBits'], 'policy settings { maxLeafValidityDays?, minTlsVersion?, minRsaBits? }');
  const d = DEFAULT_POLICY_SETTINGS;
  const given = settings as PolicySettings;
  const days: number = given.maxLeafValidityDays ?? d.maxLeafValidityDays;
  if (!Number.isInteger(days) || days < 1 || days > d.maxLeafValidityDays) {
    invalid(stack, 'policy.maxLeafValidityDays', settings.maxLeafValidityDays, `must be a whole number of days from 1 to ${d.maxLeafValidityDays} (use a waiver for a longer validity)`);
  }
  const tls = given.minTlsVersion ?? d.minTlsVersion;
  if (tls !== 'TLSv1.2' && tls !== 'TLSv1.3') {
    invalid(stack, 'policy.minTlsVersion', settings.minTlsVersion, 'must be "TLSv1.2" or "TLSv1.3" (use a waiver for an older version)');
  }
  const bits: number = given.minRsaBits ?? d.minRsaBits;
  if (!Number.isInteger(bits) || bits < d.minRsaBits || bits > 16384) {
    invalid(stack, 'policy.minRsaBits', settings.minRsaBits, `must be a whole number of bits from ${d.minRsaBits} to 16384 (use a waiver for a smaller key)`);
  }
  settingsByStack.set(stack, { maxLeafValidityDays: days, minTlsVersion: tls, minRsaBits: bits });
  observe(stack);
}


/** The settings in force for `stack`. */
export function settingsOf(stack: TerraformStack): ResolvedPolicySettings {
  return settingsByStack.get(stack) ?? DEFAULT_POLICY_SETTINGS;
}
