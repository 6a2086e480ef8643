import { readFileSync, statSync } from 'node:fs';
import { readPlan } from './plan-blocks';
import { join } from 'node:path';
import { visibleText } from '../report/escape';
import type { PostureCertificate, PostureCluster, PostureEndpoint, PostureRule, PostureSide, PostureStack, PostureWaiver } from './posture';

// Reads a synth's tlsfleet/report.json for the diff. The file came from a pull request's synth, so it is hostile:
// every member the diff uses is checked for its type and shape, and a bad one stops the diff with the file and the
// field named (DiffInputError), never a stack trace or a half-read posture. Members the diff does not use are
// ignored, so a newer tlsfleet's additions do not break an older diff.

/** report.json of a 1000×10 fleet is a few tens of MiB; anything far above is not a report. */
const MAX_REPORT_BYTES = 512 * 1024 * 1024;
/** Longest string shown from a bad value in an error message. */
const SHOWN = 80;

/** A report.json the diff cannot read: names the file, the field and what was expected. */
export class DiffInputError extends Error {
  constructor(readonly file: string, readonly field: string, readonly problem: string) {
    super(`${visibleText(file)}: ${field ? `\`${visibleText(field)}\` ` : ''}${problem}`);
    this.name = 'DiffInputError';
  }
}

type Json = unknown;

/** What a bad value looked like, short and with control characters made visible (it goes to a terminal). */
function shown(v: Json): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'object') return 'an object';
  if (typeof v === 'string') {
    const cps = Array.from(v);
    return JSON.stringify(visibleText(cps.length > SHOWN ? `${cps.slice(0, SHOWN).join('')}…` : v));
  }
  return visibleText(String(v));
}

/** Typed access to one parsed file, each read naming its JSON path in errors. */
class Reader {
  constructor(readonly file: string) {}

  fail(field: string, problem: string): never {
    throw new DiffInputError(this.file, field, problem);
  }

  object(v: Json, field: string): Record<string, Json> {
    if (typeof v !== 'object' || v === null || Array.isArray(v)) this.fail(field, `must be an object, got ${shown(v)}`);
    return v as Record<string, Json>;
  }

  list(v: Json, field: string): readonly Json[] {
    if (!Array.isArray(v)) this.fail(field, `must be a list, got ${shown(v)}`);
    return v;
  }

  string(v: Json, field: string): string {
    if (typeof v !== 'string') this.fail(field, `must be a string, got ${shown(v)}`);
    return v;
  }

  optString(v: Json, field: string): string | undefined {
    return v === undefined ? undefined : this.string(v, field);
  }

  number(v: Json, field: string, min: number, max: number): number {
    if (typeof v !== 'number' || !Number.isFinite(v) || v < min || v > max) this.fail(field, `must be a number from ${min} to ${max}, got ${shown(v)}`);
    return v;
  }

  optNumber(v: Json, field: string, min: number, max: number): number | undefined {
    return v === undefined ? undefined : this.number(v, field, min, max);
  }

  boolean(v: Json, field: string): boolean {
    if (typeof v !== 'boolean') this.fail(field, `must be true or false, got ${shown(v)}`);
    return v;
  }

  oneOf<T extends string>(v: Json, field: string, allowed: readonly T[]): T {
    if (typeof v !== 'string' || !(allowed as readonly string[]).includes(v)) this.fail(field, `must be one of ${allowed.map((a) => JSON.stringify(a)).join(', ')}, got ${shown(v)}`);
    return v as T;
  }

  strings(v: Json, field: string): readonly string[] {
    return this.list(v, field).map((x, i) => this.string(x, `${field}[${i}]`));
  }

  /** Each item of a list keyed by `key`; a key twice means two things claim one identity, which the diff cannot pair. */
  unique<T>(items: readonly T[], key: (t: T) => string, field: string): readonly T[] {
    const seen = new Set<string>();
    items.forEach((t, i) => {
      const k = key(t);
      if (seen.has(k)) this.fail(`${field}[${i}]`, `repeats ${shown(k)}, which an earlier entry already has`);
      seen.add(k);
    });
    return items;
  }
}

const TLS = ['TLSv1.0', 'TLSv1.1', 'TLSv1.2', 'TLSv1.3'] as const;
const HOURS_MAX = 10_000_000;

/** Reads and checks `<outdir>/tlsfleet/report.json`, and the stacks' cdk.tf.json beside it when they are there. */
export function loadPosture(outdir: string): PostureSide {
  const file = join(outdir, 'tlsfleet', 'report.json');
  const r = new Reader(file);
  let size = 0;
  try {
    const st = statSync(file);
    if (!st.isFile()) r.fail('', 'is not a file');
    size = st.size;
  } catch (e) {
    if (e instanceof DiffInputError) throw e;
    r.fail('', `cannot be read (${(e as NodeJS.ErrnoException).code ?? 'error'}): is ${visibleText(outdir)} a cdktf.out directory of a synth with tlsfleet?`);
  }
  if (size > MAX_REPORT_BYTES) r.fail('', `is ${size} bytes, more than the ${MAX_REPORT_BYTES} a report can be`);
  let parsed: Json;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    r.fail('', `is not valid JSON (${visibleText((e as Error).message)})`);
  }
  const root = r.object(parsed, '(root)');
  const tool = r.object(root.tool, 'tool');
  if (tool.name !== 'tlsfleet') r.fail('tool.name', `must be "tlsfleet", got ${shown(tool.name)}`);
  const version = r.string(tool.version, 'tool.version');
  const titles = new Map<string, { title: string; severity: string }>();
  r.list(root.rules, 'rules').forEach((x, i) => {
    const o = r.object(x, `rules[${i}]`);
    titles.set(r.string(o.id, `rules[${i}].id`), { title: r.string(o.title, `rules[${i}].title`), severity: r.string(o.severity, `rules[${i}].severity`) });
  });
  const stacks = r.unique(r.list(root.stacks, 'stacks').map((x, i) => stack(r, x, `stacks[${i}]`, outdir)), (s) => s.name, 'stacks');
  return { file, version, titles, stacks };
}

function stack(r: Reader, x: Json, at: string, outdir: string): PostureStack {
  const o = r.object(x, at);
  const name = r.string(o.name, `${at}.name`);
  const settings = r.object(o.settings, `${at}.settings`);
  const synthesizedFile = r.string(o.synthesizedFile, `${at}.synthesizedFile`);
  // Only the file synth writes for this stack is read: a hostile report must not point the diff at another file.
  const plan = /^[A-Za-z0-9_.-]+$/.test(name) && !/^\.+$/.test(name) && synthesizedFile === `stacks/${name}/cdk.tf.json`
    ? readPlan(join(outdir, 'stacks', name, 'cdk.tf.json')) : undefined;
  return {
    name,
    settings: {
      maxLeafValidityDays: r.number(settings.maxLeafValidityDays, `${at}.settings.maxLeafValidityDays`, 1, HOURS_MAX),
      minTlsVersion: r.oneOf(settings.minTlsVersion, `${at}.settings.minTlsVersion`, TLS),
      minRsaBits: r.number(settings.minRsaBits, `${at}.settings.minRsaBits`, 0, 1_000_000),
    },
    clusters: r.unique(r.list(o.clusters, `${at}.clusters`).map((c, i) => cluster(r, c, `${at}.clusters[${i}]`)), (c) => c.path, `${at}.clusters`),
    certificates: r.unique(r.list(o.certificates, `${at}.certificates`).map((c, i) => certificate(r, c, `${at}.certificates[${i}]`)), (c) => c.path, `${at}.certificates`),
    waivers: r.unique(r.list(o.waivers, `${at}.waivers`).map((w, i) => waiver(r, w, `${at}.waivers[${i}]`)), (w) => `${w.ruleId}\0${w.path}`, `${at}.waivers`),
    rules: r.unique(r.list(o.rules, `${at}.rules`).map((w, i) => rule(r, w, `${at}.rules[${i}]`)), (x2) => x2.id, `${at}.rules`),
    plan,
  };
}

function cluster(r: Reader, x: Json, at: string): PostureCluster {
  const o = r.object(x, at);
  const rot = o.caRotation === undefined ? undefined : r.object(o.caRotation, `${at}.caRotation`);
  return {
    path: r.string(o.path, `${at}.path`),
    product: r.string(o.product, `${at}.product`),
    name: r.string(o.name, `${at}.name`),
    datacenters: r.list(o.datacenters, `${at}.datacenters`).map((d, i) => {
      const dc = r.object(d, `${at}.datacenters[${i}]`);
      return { name: r.string(dc.name, `${at}.datacenters[${i}].name`), namespace: r.string(dc.namespace, `${at}.datacenters[${i}].namespace`), kubernetes: r.string(dc.kubernetes, `${at}.datacenters[${i}].kubernetes`) };
    }),
    caRotation: rot && { phase: r.string(rot.phase, `${at}.caRotation.phase`), from: r.string(rot.from, `${at}.caRotation.from`), to: r.string(rot.to, `${at}.caRotation.to`) },
    caSource: r.optString(o.caSource, `${at}.caSource`),
    manualControls: o.manualControls === undefined ? [] : r.list(o.manualControls, `${at}.manualControls`).map((m, i) => {
      const mc = r.object(m, `${at}.manualControls[${i}]`);
      return { control: r.string(mc.control, `${at}.manualControls[${i}].control`), acknowledged: r.boolean(mc.acknowledged, `${at}.manualControls[${i}].acknowledged`) };
    }),
    endpoints: r.unique(r.list(o.endpoints, `${at}.endpoints`).map((e, i) => endpoint(r, e, `${at}.endpoints[${i}]`)),
      (e) => `${e.datacenter ?? ''}\0${e.api}\0${e.port}`, `${at}.endpoints`),
  };
}

function endpoint(r: Reader, x: Json, at: string): PostureEndpoint {
  const o = r.object(x, at);
  return {
    datacenter: r.optString(o.datacenter, `${at}.datacenter`),
    api: r.string(o.api, `${at}.api`),
    address: r.string(o.address, `${at}.address`),
    port: r.number(o.port, `${at}.port`, 0, 65535),
    transport: r.oneOf(o.transport, `${at}.transport`, ['tls', 'plaintext'] as const),
    tlsVersions: o.tlsVersions === undefined ? undefined : r.list(o.tlsVersions, `${at}.tlsVersions`).map((v, i) => r.oneOf(v, `${at}.tlsVersions[${i}]`, TLS)),
    clientCertificates: r.oneOf(o.clientCertificates, `${at}.clientCertificates`, ['required', 'not required', 'per user'] as const),
    authorization: r.oneOf(o.authorization, `${at}.authorization`, ['enforced', 'off'] as const),
    certificate: r.optString(o.certificate, `${at}.certificate`),
    internodeMode: r.optString(o.internodeMode, `${at}.internodeMode`),
  };
}

function certificate(r: Reader, x: Json, at: string): PostureCertificate {
  const o = r.object(x, at);
  return {
    path: r.string(o.path, `${at}.path`),
    role: r.oneOf(o.role, `${at}.role`, ['ca', 'server', 'client', 'unmanaged'] as const),
    subject: r.optString(o.subject, `${at}.subject`),
    issuer: r.optString(o.issuer, `${at}.issuer`),
    key: r.optString(o.key, `${at}.key`),
    imported: o.imported === undefined ? false : r.boolean(o.imported, `${at}.imported`),
    validityHours: r.optNumber(o.validityHours, `${at}.validityHours`, 0, HOURS_MAX),
    earlyRenewalHours: r.optNumber(o.earlyRenewalHours, `${at}.earlyRenewalHours`, 0, HOURS_MAX),
    dnsNames: o.dnsNames === undefined ? [] : r.strings(o.dnsNames, `${at}.dnsNames`),
    ipAddresses: o.ipAddresses === undefined ? [] : r.strings(o.ipAddresses, `${at}.ipAddresses`),
    holders: o.holders === undefined ? [] : r.list(o.holders, `${at}.holders`).map((h, i) => {
      const ho = r.object(h, `${at}.holders[${i}]`);
      return { namespace: r.string(ho.namespace, `${at}.holders[${i}].namespace`), kubernetes: r.string(ho.kubernetes, `${at}.holders[${i}].kubernetes`), description: r.string(ho.description, `${at}.holders[${i}].description`) };
    }),
    deliveredTo: r.list(o.deliveredTo, `${at}.deliveredTo`).map((d, i) => {
      const de = r.object(d, `${at}.deliveredTo[${i}]`);
      const f = `${at}.deliveredTo[${i}]`;
      return {
        object: r.oneOf(de.object, `${f}.object`, ['Secret', 'ConfigMap'] as const),
        namespace: r.string(de.namespace, `${f}.namespace`),
        name: r.string(de.name, `${f}.name`),
        kubernetes: r.string(de.kubernetes, `${f}.kubernetes`),
        withPrivateKey: r.boolean(de.withPrivateKey, `${f}.withPrivateKey`),
      };
    }),
  };
}

function waiver(r: Reader, x: Json, at: string): PostureWaiver {
  const o = r.object(x, at);
  return {
    ruleId: r.string(o.ruleId, `${at}.ruleId`),
    path: r.string(o.path, `${at}.path`),
    reason: r.string(o.reason, `${at}.reason`),
    approvedBy: r.optString(o.approvedBy, `${at}.approvedBy`),
    covers: r.number(o.covers, `${at}.covers`, 0, Number.MAX_SAFE_INTEGER),
  };
}

function rule(r: Reader, x: Json, at: string): PostureRule {
  const o = r.object(x, at);
  return {
    id: r.string(o.id, `${at}.id`),
    status: r.oneOf(o.status, `${at}.status`, ['pass', 'waived', 'fail', 'not applicable'] as const),
    violations: r.list(o.violations, `${at}.violations`).map((v, i) => {
      const vo = r.object(v, `${at}.violations[${i}]`);
      const w = vo.waiver === undefined ? undefined : r.object(vo.waiver, `${at}.violations[${i}].waiver`);
      return {
        path: r.string(vo.path, `${at}.violations[${i}].path`),
        message: r.string(vo.message, `${at}.violations[${i}].message`),
        waiver: w && { path: r.string(w.path, `${at}.violations[${i}].waiver.path`), reason: r.string(w.reason, `${at}.violations[${i}].waiver.reason`), approvedBy: r.optString(w.approvedBy, `${at}.violations[${i}].waiver.approvedBy`) },
      };
    }),
    undecided: r.list(o.undecided, `${at}.undecided`).map((u, i) => {
      const uo = r.object(u, `${at}.undecided[${i}]`);
      return { path: r.string(uo.path, `${at}.undecided[${i}].path`), message: r.string(uo.message, `${at}.undecided[${i}].message`) };
    }),
  };
}
