import { check, strings } from './checks';
import { GOOD_REASON, httpScylla, scylla } from './fixtures';
import type { HostileCase } from './types';

const CLASS = 'several stacks';

/** A passing tlsfleet declaration: a CA and a client certificate delivered in a Secret. */
function passing(lib: any, stack: any, extra = false): void {
  const ca = new lib.CertificateAuthority(stack, 'Ca');
  const c = new lib.ClientCertificate(stack, 'Orders', { ca, subject: { commonName: 'orders' } });
  new lib.TlsSecret(stack, 'OrdersTls', { certificate: c, namespace: 'orders', name: 'orders-tls' });
  if (extra) new lib.ClientCertificate(stack, 'Billing', { ca, subject: { commonName: 'billing' } });
}

/** A new stack of `app` with its default kubernetes provider. */
function newStack(lib: any, app: any, id: string): any {
  const stack = new lib.TerraformStack(app, id);
  new lib.KubernetesProvider(stack, 'kubernetes', {});
  return stack;
}

/** A stack of `app` whose only problem is an Alternator HTTP listener without a waiver (TLSF001). */
function violating(lib: any, app: any, id = 'two'): any {
  const stack = newStack(lib, app, id);
  httpScylla(lib, stack);
  return stack;
}

/** A passing synth of `hostile` and `two` into `outdir`: its files must not survive a failing synth as a pass. */
function prepopulate(lib: any, outdir: string): void {
  const app = new lib.App({ outdir });
  for (const id of ['hostile', 'two']) {
    passing(lib, newStack(lib, app, id));
  }
  app.synth();
}

const second = { error: 'PolicyViolationError' as const, path: 'two/Shop', field: /TLSF001|plaintext/i, rule: /TLSF001/ };

export const STACK_CASES: HostileCase[] = [
  {
    id: 'S01', class: CLASS, description: 'a passing stack, then a violating second stack: nothing written for either',
    build: (lib, stack, app) => { passing(lib, stack); violating(lib, app); },
    expect: { reject: second },
  },
  {
    id: 'S02', class: CLASS, description: 'the same, into an outdir holding an earlier passing synth: no stale pass report, stack files untouched',
    prepare: prepopulate,
    build: (lib, stack, app) => { passing(lib, stack, true); violating(lib, app); },
    expect: { reject: second },
  },
  {
    id: 'S03', class: CLASS, description: 'a violating first stack and a passing second one',
    build: (lib, stack, app) => {
      httpScylla(lib, stack);
      const two = newStack(lib, app, 'two');
      passing(lib, two);
    },
    expect: { reject: { ...second, path: 'hostile/Shop' } },
  },
  {
    id: 'S04', class: CLASS, description: 'three stacks, the third only with a waiver that covers nothing',
    build: (lib, stack, app) => {
      passing(lib, stack);
      passing(lib, newStack(lib, app, 'two'));
      const three = newStack(lib, app, 'three');
      lib.waive(scylla(lib, three), 'TLSF001', { reason: GOOD_REASON });
    },
    expect: { reject: { error: 'PolicyViolationError', path: 'three/Shop', field: /waiver/i, rule: /TLSF001/, allowed: /remove/i } },
  },
  {
    id: 'S05', class: CLASS, description: 'a second stack with a plain output of its CA key',
    build: (lib, stack, app) => {
      passing(lib, stack);
      const two = newStack(lib, app, 'two');
      const ca = new lib.CertificateAuthority(two, 'Ca');
      new lib.TerraformOutput(two, 'leak', { value: ca.privateKeyPem });
    },
    expect: { reject: { error: 'PolicyViolationError', path: 'two/leak', field: /private[ _]key/i, rule: /TLSF009/ } },
  },
  {
    id: 'S06', class: CLASS, description: 'into an earlier passing outdir, a violation in the first stack: no stale pass report',
    prepare: prepopulate,
    build: (lib, stack, app) => {
      passing(lib, stack);
      lib.waive(stack.node.findChild('Ca'), 'TLSF005', { reason: GOOD_REASON });
      passing(lib, newStack(lib, app, 'two'));
    },
    expect: { reject: { error: 'PolicyViolationError', path: 'hostile/Ca', field: /waiver/i, rule: /TLSF005/, allowed: /remove/i } },
  },
  {
    id: 'S07', class: CLASS, description: 'a leaf in one stack signed by a CA in another: the CA key crosses stacks only in sensitive outputs',
    build: (lib, stack, app) => {
      const ca = new lib.CertificateAuthority(stack, 'Ca');
      const two = newStack(lib, app, 'two');
      const c = new lib.ClientCertificate(two, 'Orders', { ca, subject: { commonName: 'orders' } });
      new lib.TlsSecret(two, 'OrdersTls', { certificate: c, namespace: 'orders', name: 'orders-tls' });
    },
    expect: {
      safe: (out) => {
        for (const [name, json] of Object.entries(out.stacks)) {
          for (const [id, o] of Object.entries<any>(json.output ?? {})) {
            const carries = strings(o.value).some((s) => /tls_private_key\.[^.]+\.private_key_pem/.test(s.value));
            check(!carries || o.sensitive === true, `stacks/${name} output ${id} carries a private key without sensitive = true`);
          }
        }
      },
    },
  },
  {
    id: 'S08', class: CLASS, description: 'two passing stacks: one report covers both, each stack named once',
    build: (lib, stack, app) => { passing(lib, stack); passing(lib, newStack(lib, app, 'two')); },
    expect: {
      safe: (out) => {
        check(out.reports.json.length >= 1, 'no report.json');
        const names = out.reports.json.flatMap((r) => (r.stacks ?? []).map((s: any) => s.name)).sort();
        check(JSON.stringify(names) === '["hostile","two"]', `the reports cover ${JSON.stringify(names)}`);
      },
    },
  },
];
