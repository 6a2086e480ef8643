import { PolicyRule, Severity } from '../model';
import { literalNumber, literalString, outcome, scan } from './helpers';
import { scanCarried } from '../plan/fast-path';
import { literalKeyHolders, plainVariablesIntoSecrets } from '../plan/literal-keys';

/** Rules about private keys: strength, outputs, where Secrets carry them. */
export const KEYS_RULES: readonly PolicyRule[] = [
  {
    id: 'TLSF005',
    title: 'Weak private key',
    severity: Severity.HIGH,
    description: 'A private key is RSA below the minimum size (2048 bits unless tightened) or ECDSA below P-256; the provider defaults to P-224 when no curve is given.',
    fix: 'Use KeyAlgorithm.ECDSA_P256 (the default), ECDSA_P384, ED25519 or RSA of at least 2048 bits; on a hand-written tls_private_key set ecdsa_curve or rsa_bits explicitly. Otherwise waive TLSF005 with the reason.',
    check(ctx) {
      const o = outcome();
      for (const key of ctx.privateKeys) {
        o.checked++;
        const algorithm = literalString(key.input('algorithm'));
        if (algorithm === 'reference' || algorithm === undefined) {
          o.undecided.push({ construct: key.construct, message: 'algorithm is a Terraform reference' });
          continue;
        }
        if (algorithm === 'RSA') {
          const bits = literalNumber(key.input('rsa_bits'));
          if (bits === 'reference') o.undecided.push({ construct: key.construct, message: 'rsa_bits is a Terraform reference' });
          else if ((bits ?? 2048) < ctx.settings.minRsaBits) {
            o.violations.push({ construct: key.construct, message: `RSA key of ${bits ?? 2048} bits, below ${ctx.settings.minRsaBits}` });
          }
        } else if (algorithm === 'ECDSA') {
          const curve = literalString(key.input('ecdsa_curve'));
          if (curve === 'reference') o.undecided.push({ construct: key.construct, message: 'ecdsa_curve is a Terraform reference' });
          else if (curve === undefined || curve === 'P224') {
            o.violations.push({ construct: key.construct, message: `ECDSA key on P-224${curve === undefined ? ' (the provider default: ecdsa_curve not set)' : ''}, below P-256` });
          }
        }
      }
      return o;
    },
  },
  {
    id: 'TLSF009',
    title: 'Secret value not marked sensitive',
    severity: Severity.HIGH,
    description: 'A Terraform output carries a private key, Secret data or a sensitive variable without `sensitive = true`, or a variable that feeds a private key or a credential is not declared sensitive: '
      + 'Terraform prints it in plans, in `terraform output` and in CI logs.',
    fix: 'Mark the output `sensitive: true` (or output where the secret lives, such as a Secret name, instead of its value); declare a variable that carries a key or a credential `sensitive: true`; or waive TLSF009 with the reason.',
    check(ctx) {
      const o = scan(ctx.outputs, (output) => {
        // Evaluated, not pattern-matched: locals, nonsensitive(), base64 and Secret data are followed.
        if (output.sensitive) return false;
        // A map or list of literals and plain references (most outputs): the one-pass scan gives the secrets the
        // evaluator would, and such a value has nothing the evaluator cannot read.
        const value = output.resolvedValue();
        const scanned = typeof value === 'string' ? undefined : scanCarried(ctx.config, value);
        const e = scanned ?? output.evaluated();
        if (e.secrets.length > 0) return `output "${output.logicalId}" is not sensitive but carries ${e.secrets.join(', ')}`;
        if (!('unknownReasons' in e)) return false;
        // An expression the evaluator cannot read could carry anything: undecided counts.
        const opaque = e.unknownReasons.find((r) => /^(unsupported|unparsable)/.test(r));
        return opaque !== undefined && `output "${output.logicalId}" is not sensitive and cannot be judged at synth (${opaque})`;
      });
      const flows = plainVariablesIntoSecrets(ctx.config, ctx.sensitiveVariables, ctx.ownerOf);
      return { checked: o.checked + flows.length, undecided: o.undecided, violations: [...o.violations, ...flows] };
    },
  },
  {
    id: 'TLSF010',
    title: 'Private key delivered outside its holder\'s namespace',
    severity: Severity.HIGH,
    description: 'A Secret carries a certificate\'s private key into a namespace (or Kubernetes cluster) other than the one declared for the workload the certificate was issued for; '
      + 'workloads there can impersonate it.',
    fix: 'Write the Secret into the namespace declared for the client (or declare the client in that namespace), or waive TLSF010 with the reason.',
    check(ctx) {
      const o = outcome();
      for (const secret of ctx.secrets) {
        for (const keyId of secret.keyReferences) {
          const owner = ctx.certificateByKey(keyId);
          const holders = owner?.fact.holders ?? [];
          if (!owner || holders.length === 0 || owner.fact.role === 'ca') continue;
          o.checked++;
          if (typeof secret.namespace !== 'string' || secret.namespace.includes('${')) {
            o.undecided.push({ construct: secret.construct, message: 'the namespace is a Terraform reference' });
          } else if (!holders.some((h) => h.namespace === secret.namespace && h.kubernetes === secret.kubernetes)) {
            const declared = holders.map((h) => `${h.description} in namespace ${h.namespace} via ${h.kubernetes}`).join('; ');
            o.violations.push({
              construct: secret.construct,
              message: `carries the private key of ${owner.construct.node.path} into namespace ${secret.namespace} via ${secret.kubernetes}; it was issued for ${declared}`,
            });
          }
        }
      }
      return o;
    },
  },
  {
    id: 'TLSF011',
    title: 'CA private key delivered to Kubernetes',
    severity: Severity.HIGH,
    description: 'A Secret carries the private key of a CA: whoever can read the Secret can issue certificates every tlsfleet cluster trusts.',
    fix: 'Deliver only leaf keys; keep the CA key in Terraform state (encrypted backend) or an HSM, or waive TLSF011 with the reason.',
    check: (ctx) => scan(ctx.secrets, (secret) => {
      const cas = secret.keyReferences.map((k) => ctx.certificateByKey(k)).filter((c) => c?.fact.role === 'ca');
      return cas.length > 0 && `carries the private key of CA ${cas.map((c) => c!.construct.node.path).join(', ')}`;
    }),
  },
  {
    id: 'TLSF015',
    title: 'Secret material outside a Secret',
    severity: Severity.HIGH,
    description: 'A private key or other secret value is written where anyone who can read the object or the configuration can read it: '
      + 'a ConfigMap, a label or annotation, a Kubernetes object other than a Secret, or a private key written as a literal into the Terraform configuration (and so into git, every plan and the state).',
    fix: 'Deliver keys only in Secrets (TlsSecret), generate them with tls_private_key or pass them as a sensitive variable, never as a literal; or waive TLSF015 with the reason.',
    check(ctx) {
      const o = outcome();
      for (const c of ctx.carriers) {
        o.checked++;
        o.violations.push({ construct: c.construct, message: `${c.kind} ${String(c.namespace)}/${c.name} carries ${[...c.keyReferences.map((k) => `the private key of tls_private_key.${k}`), ...c.secrets.filter((x) => !x.startsWith('tls_private_key.'))].join(', ')}` });
      }
      for (const h of literalKeyHolders(ctx.config, ctx.ownerOf, ctx.scannedClean)) {
        o.checked++;
        o.violations.push({ construct: h.construct, message: `${h.where} holds a private key written as a literal: it is in the configuration, every plan and the state` });
      }
      return o;
    },
  },
];
