// A fleet declared in both client forms, for the client set's tests: `cluster.addClient()` per client (the default
// form) or `cluster.addClientSet()` per cluster (the for_each form), with the same clusters, clients and options;
// and what a test needs to compare the two: each for_each block expanded into its instances.
import { TerraformStack } from 'cdktf';
import { KubernetesProvider } from '@cdktf/provider-kubernetes/lib/provider';
import {
  AlternatorCertificateSource, CertificateAuthority, KeyAlgorithm, ScyllaCluster, ScyllaClientSetMember,
} from '../../constructs';
import { Synthesized } from '../helpers/synth';

export type Form = 'default' | 'set';

export interface FleetClient extends ScyllaClientSetMember {
  /** The construct id addClient gets, and the set's key. */
  readonly id: string;
}

export interface FleetCluster {
  readonly id: string;
  readonly name: string;
  readonly alternator?: AlternatorCertificateSource;
  readonly clients: readonly FleetClient[];
}

/** Two clusters of two datacenters each, clients of every shape: subjects with and without optional fields, labels, roles, mount paths. */
export const FLEET: readonly FleetCluster[] = [
  {
    id: 'Db', name: 'db', alternator: AlternatorCertificateSource.TLSFLEET,
    clients: [
      { id: 'Orders', name: 'orders', namespace: 'orders' },
      { id: 'Billing', name: 'billing', namespace: 'billing', role: 'billing_rw', labels: { team: 'money' },
        subject: { commonName: 'billing_rw', organization: 'Example Platform', organizationalUnit: 'Billing' } },
      { id: 'reports-2', name: 'reports', namespace: 'orders', datacenter: 'dc2', mountPath: '/etc/db',
        subject: { commonName: 'reports', country: 'DE', streetAddress: 'Hauptstraße 1/2' } },
    ],
  },
  {
    id: 'Analytics', name: 'analytics', alternator: AlternatorCertificateSource.OPERATOR_MANAGED,
    clients: [
      { id: 'Orders', name: 'orders-analytics', namespace: 'orders' },
      { id: 'Search', name: 'search', namespace: 'search', labels: { tier: 'frontend', team: 'web' } },
      { id: 'Ml', name: 'ml', namespace: 'ml', datacenter: 'dc2' },
    ],
  },
];

export interface FleetOptions {
  readonly form: Form;
  readonly fleet?: readonly FleetCluster[];
  /** @default true: the kubernetes provider is the stack's default one */
  readonly defaultProvider?: boolean;
  readonly keyAlgorithm?: KeyAlgorithm;
}

/** Declares the fleet in `stack`, every client in `form`; returns the clusters. */
export function declareFleet(stack: TerraformStack, options: FleetOptions): ScyllaCluster[] {
  if (options.defaultProvider ?? true) new KubernetesProvider(stack, 'kubernetes', {});
  const ca = new CertificateAuthority(stack, 'Ca', { subject: { commonName: 'client set test CA' } });
  return (options.fleet ?? FLEET).map((c) => {
    const cluster = new ScyllaCluster(stack, c.id, {
      name: c.name, namespace: `scylla-${c.name}`, version: '2025.1.5', ca,
      alternator: c.alternator ? { certificateSource: c.alternator } : undefined,
      datacenters: ['dc1', 'dc2'].map((dc) => ({
        name: dc, namespace: `scylla-${c.name}-${dc}`, racks: [{ name: 'r1', members: 3, storageCapacity: '10Gi', cpuLimit: '2', memoryLimit: '8Gi' }],
      })),
    });
    if (options.form === 'default') {
      for (const { id, ...member } of c.clients) cluster.addClient(id, { ...member, keyAlgorithm: options.keyAlgorithm });
    } else {
      cluster.addClientSet('Clients', {
        clients: Object.fromEntries(c.clients.map(({ id, ...member }) => [id, member])),
        keyAlgorithm: options.keyAlgorithm,
      });
    }
    return cluster;
  });
}

/** The five resource types of a client. */
export const CLIENT_TYPES = ['tls_private_key', 'tls_cert_request', 'tls_locally_signed_cert', 'kubernetes_secret_v1', 'kubernetes_config_map_v1'] as const;

/** `${each.value.a.b}` as a whole string: the value itself; inside a longer string: its text. */
const EACH_VALUE = /\$\{each\.value\.([A-Za-z0-9_.]+)\}/g;

function lookup(value: unknown, path: string): unknown {
  let v: any = value;
  for (const part of path.split('.')) {
    if (v === null || typeof v !== 'object' || !(part in v)) throw new Error(`each.value.${path} is not in the for_each value ${JSON.stringify(value)}`);
    v = v[part];
  }
  return v;
}

/** One instance of a `for_each` block body, as Terraform evaluates it: `each.key` and `each.value.*` substituted, null attributes left out. */
export function expandInstance(body: unknown, key: string, value: unknown): unknown {
  if (typeof body === 'string') {
    const whole = /^\$\{each\.value\.([A-Za-z0-9_.]+)\}$/.exec(body);
    if (whole) return lookup(value, whole[1]);
    return body.replace(/\[each\.key\]/g, `[${JSON.stringify(key)}]`).replace(/\$\{each\.key\}/g, key)
      .replace(EACH_VALUE, (_, p: string) => String(lookup(value, p)));
  }
  if (Array.isArray(body)) return body.map((b) => expandInstance(b, key, value));
  if (body !== null && typeof body === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(body)) {
      const e = expandInstance(v, key, value);
      if (e !== null) out[k] = e;
    }
    return out;
  }
  return body;
}

/**
 * Every resource instance of `json` by address (`type.id` or `type.id["key"]`), bodies without cdktf's `//`
 * metadata, `for_each` blocks expanded.
 */
export function instances(json: Synthesized): Map<string, Record<string, any>> {
  const out = new Map<string, Record<string, any>>();
  for (const [type, byId] of Object.entries(json.resource ?? {})) {
    for (const [id, block] of Object.entries(byId)) {
      const { '//': _meta, for_each: forEach, ...body } = block as Record<string, any>;
      if (forEach === undefined) {
        out.set(`${type}.${id}`, body);
        continue;
      }
      for (const [key, value] of Object.entries(forEach as Record<string, unknown>)) {
        out.set(`${type}.${id}[${JSON.stringify(key)}]`, expandInstance(body, key, value) as Record<string, any>);
      }
    }
  }
  return out;
}

/** `moved` blocks as a from → to map. */
export function movedMap(json: Synthesized): Map<string, string> {
  return new Map(((json.moved ?? []) as Array<{ from: string; to: string }>).map((m) => [m.from, m.to]));
}

/** `body` with every reference `${<from>.attr}` rewritten to `${<to>.attr}` by `moves`. */
export function rewriteReferences(body: unknown, moves: Map<string, string>): unknown {
  let text = JSON.stringify(body);
  for (const [from, to] of moves) text = text.split(`\${${from}.`).join(`\${${to.replace(/"/g, '\\"')}.`);
  return JSON.parse(text);
}
