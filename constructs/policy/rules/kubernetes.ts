import { IConstruct } from 'constructs';
import { PolicyRule, Severity } from '../model';
import { outcome } from './helpers';

/** Rules about the Kubernetes objects themselves. */
export const KUBERNETES_RULES: readonly PolicyRule[] = [
  {
    id: 'TLSF016',
    title: 'Kubernetes object written twice',
    severity: Severity.HIGH,
    description: 'Two blocks of the plan write the same Kubernetes object (kind, namespace and name through one provider), or a `kubernetes_*_data` block writes into an object another block owns: '
      + 'whichever applies last wins, so a hand-written Secret can replace the certificate, key or CA bundle a tlsfleet Secret delivers, unseen in review.',
    fix: 'Give the hand-written object another name, or drop it and use what tlsfleet delivers; or waive TLSF016 with the reason.',
    check(ctx) {
      const o = outcome();
      const owners = new Map<string, IConstruct>();
      const keyOf = (kubernetes: string, kind: string, namespace: string, name: string): string => `${kubernetes}\u0000${kind}\u0000${namespace}\u0000${name}`;
      for (const x of ctx.objects.filter((v) => !v.patch)) {
        if (x.namespace === undefined || x.name === undefined) continue;
        o.checked++;
        const key = keyOf(x.kubernetes, x.kind, x.namespace, x.name);
        const first = owners.get(key);
        if (first) o.violations.push({ construct: x.construct, message: `writes ${x.kind} ${x.namespace}/${x.name} via ${x.kubernetes}, which ${first.node.path} writes too` });
        else owners.set(key, x.construct);
      }
      for (const x of ctx.objects.filter((v) => v.patch)) {
        o.checked++;
        if (x.namespace === undefined || x.name === undefined) {
          o.violations.push({ construct: x.construct, message: `writes into a ${x.kind} whose name is not decidable at synth, which may be one another block owns` });
          continue;
        }
        const first = owners.get(keyOf(x.kubernetes, x.kind, x.namespace, x.name));
        if (first) o.violations.push({ construct: x.construct, message: `writes into ${x.kind} ${x.namespace}/${x.name} via ${x.kubernetes}, which ${first.node.path} owns` });
      }
      return o;
    },
  },
];
