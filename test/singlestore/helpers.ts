import { Testing } from 'cdktf';
import { TerraformStack } from '../../constructs/core/cdktf';
import { CertificateAuthority, SingleStoreTls, SingleStoreTlsProps, SingleStoreVersion } from '../../constructs';

/** A fresh stack in a test app. */
export function newStack(): TerraformStack {
  return new TerraformStack(Testing.app(), 'test');
}

/** The synthesized stack, parsed. */
export function synth(stack: TerraformStack): any {
  return JSON.parse(Testing.synth(stack));
}

/** Resources of `type` whose address starts with `prefix` (a construct path joined by `_`). */
export function resources(json: any, type: string): Record<string, any> {
  return json.resource?.[type] ?? {};
}

/** The one resource of `type` whose logical id starts with `prefix_` and has only a hash after it. */
export function resource(json: any, type: string, prefix: string): any {
  const matches = Object.entries(resources(json, type)).filter(([k]) => new RegExp(`^${prefix}_[0-9A-F]{8}$`).test(k));
  if (matches.length !== 1) throw new Error(`expected one ${type} ${prefix}_<hash>, found ${matches.map(([k]) => k).join(', ') || 'none'}`);
  return matches[0][1];
}

/** A SingleStoreTls on 9.1 with a CA, in a fresh stack. */
export function deployment(props: Partial<SingleStoreTlsProps> = {}): { stack: TerraformStack; ca: CertificateAuthority; tls: SingleStoreTls } {
  const stack = newStack();
  const ca = new CertificateAuthority(stack, 'Ca', { subject: { commonName: 'test CA' } });
  const tls = new SingleStoreTls(stack, 'SingleStore', {
    clusterName: 'sdb', namespace: 'db', engineVersion: SingleStoreVersion.V9_1, ca, ...props,
  });
  return { stack, ca, tls };
}

/** The message of the error `fn` throws (fails the test when it does not throw). */
export function errorOf(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    return (e as Error).message;
  }
  throw new Error('expected an error, none was thrown');
}
