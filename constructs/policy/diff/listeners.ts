import { pair, setDiff } from './pair';
import { Area, Change, Impact, PostureCluster, PostureEndpoint, PostureStack, Tls } from './posture';
import { code, text } from './text';

// Listeners and clusters: what a client can reach, and how. The enums (transport, TLS versions, client
// certificates, authorization) were checked against their allowed values by load.ts; names are input.

const TLS_RANK: Readonly<Record<Tls, number>> = { 'TLSv1.0': 0, 'TLSv1.1': 1, 'TLSv1.2': 2, 'TLSv1.3': 3 };
/** scylla.yaml `internode_encryption`, weakest first (DOMAIN.md: `dc`/`rack` leave 7000 open). */
const INTERNODE_RANK: Readonly<Record<string, number>> = { none: 0, transitional: 1, dc: 2, rack: 2, all: 3 };

const change = (impact: Impact, area: Area, kind: string, markdown: string): Change => ({ impact, area, kind, markdown });

function where(cluster: string, e: PostureEndpoint): string {
  return `${code(cluster)}${e.datacenter !== undefined ? ` datacenter ${code(e.datacenter)}` : ''}: ${text(e.api)} on port ${e.port}`;
}

function versions(v: readonly Tls[] | undefined): string {
  return v === undefined ? 'TLS versions set by the operator' : v.length ? v.join(', ') : 'no TLS';
}

function security(e: PostureEndpoint): string {
  return e.transport === 'plaintext'
    ? `**plaintext**, authorization ${e.authorization}`
    : `TLS (${versions(e.tlsVersions)}), client certificates ${e.clientCertificates}, authorization ${e.authorization}`;
}

/** Changes to the listeners of one stack's clusters, and to the clusters themselves. */
export function compareClusters(base: PostureStack, head: PostureStack): Change[] {
  const out: Change[] = [];
  const clusters = pair(base.clusters, head.clusters, (c) => c.path);
  for (const c of clusters.added) {
    out.push(change(Impact.NEUTRAL, Area.CLUSTERS, 'cluster added', `Cluster added: ${text(c.product)} ${code(c.name)} (${code(c.path)}), ${c.datacenters.length} datacenter(s), ${c.endpoints.length} listener(s)`));
    out.push(...endpointsOpened(c, c.endpoints));
    out.push(...manualControls(c, []));
  }
  for (const c of clusters.removed) {
    out.push(change(Impact.NEUTRAL, Area.CLUSTERS, 'cluster removed', `Cluster removed: ${text(c.product)} ${code(c.name)} (${code(c.path)}), ${c.endpoints.length} listener(s) closed`));
  }
  for (const [b, h] of clusters.kept) {
    const dcs = setDiff(b.datacenters.map(dcKey), h.datacenters.map(dcKey));
    for (const [list, verb] of [[dcs.added, 'added'], [dcs.removed, 'removed']] as const) {
      for (const d of list) {
        const [name, namespace, kubernetes] = d.split('\0');
        out.push(change(Impact.NEUTRAL, Area.CLUSTERS, `datacenter ${verb}`, `Datacenter ${verb}: ${code(name)} of ${code(h.path)} (namespace ${code(namespace)} via ${code(kubernetes)})`));
      }
    }
    if (b.caSource !== h.caSource) {
      out.push(change(Impact.NEUTRAL, Area.TRUST, 'CA source changed', `CA source of ${code(h.path)} changed: ${b.caSource === undefined ? 'a tlsfleet CA' : text(b.caSource)} → ${h.caSource === undefined ? 'a tlsfleet CA' : text(h.caSource)}`));
    }
    const rb = b.caRotation;
    const rh = h.caRotation;
    if ((rb?.phase ?? '') !== (rh?.phase ?? '') || (rb?.from ?? '') !== (rh?.from ?? '') || (rb?.to ?? '') !== (rh?.to ?? '')) {
      const show = (r: typeof rb): string => (r ? `phase ${code(r.phase)} (${code(r.from)} → ${code(r.to)})` : 'none');
      out.push(change(Impact.NEUTRAL, Area.TRUST, 'CA rotation step', rb && rh && rb.from === rh.from && rb.to === rh.to
        ? `CA rotation of ${code(h.path)} from ${code(rh.from)} to ${code(rh.to)}: phase ${code(rb.phase)} → **${code(rh.phase)}**`
        : `CA rotation of ${code(h.path)}: ${show(rb)} → ${show(rh)}`));
    }
    out.push(...manualControls(h, b.manualControls));
    const eps = pair(b.endpoints, h.endpoints, endpointKey);
    out.push(...endpointsOpened(h, eps.added));
    for (const e of eps.removed) {
      out.push(change(e.transport === 'plaintext' ? Impact.BETTER : Impact.NEUTRAL, Area.LISTENERS,
        e.transport === 'plaintext' ? 'plaintext listener closed' : 'listener closed', `Listener closed: ${where(h.path, e)} (was ${security(e)})`));
    }
    for (const [eb, eh] of eps.kept) out.push(...endpointChanged(h.path, eb, eh));
  }
  return out;
}

const dcKey = (d: PostureCluster['datacenters'][number]): string => `${d.name}\0${d.namespace}\0${d.kubernetes}`;
const endpointKey = (e: PostureEndpoint): string => `${e.datacenter ?? ''}\0${e.api}\0${e.port}`;

function endpointsOpened(c: PostureCluster, list: readonly PostureEndpoint[]): Change[] {
  return list.map((e) => {
    const weak = e.transport === 'plaintext' || e.authorization === 'off';
    const kind = e.transport === 'plaintext' ? 'listener opened in plaintext' : e.authorization === 'off' ? 'listener opened without authorization' : 'listener opened';
    return change(weak ? Impact.WORSE : Impact.NEUTRAL, Area.LISTENERS, kind, `Listener opened: ${where(c.path, e)} at ${code(e.address)}, ${security(e)}`);
  });
}

function manualControls(c: PostureCluster, before: PostureCluster['manualControls']): Change[] {
  const was = new Map(before.map((m) => [m.control, m.acknowledged]));
  return c.manualControls.filter((m) => was.get(m.control) !== m.acknowledged && !(was.get(m.control) === undefined && m.acknowledged)).map((m) =>
    change(m.acknowledged ? Impact.BETTER : Impact.WORSE, Area.CLUSTERS, m.acknowledged ? 'manual control acknowledged' : 'manual control not acknowledged',
      `Manual control of ${code(c.path)} ${m.acknowledged ? 'now acknowledged' : '**not acknowledged**'}: ${text(m.control)}`));
}

function lowest(v: readonly Tls[] | undefined): number | undefined {
  return v === undefined || v.length === 0 ? undefined : Math.min(...v.map((x) => TLS_RANK[x]));
}

function endpointChanged(cluster: string, b: PostureEndpoint, h: PostureEndpoint): Change[] {
  const out: Change[] = [];
  const at = where(cluster, h);
  const push = (impact: Impact, kind: string, what: string): void => { out.push(change(impact, Area.LISTENERS, kind, `${at}: ${what}`)); };
  if (b.transport !== h.transport) {
    push(h.transport === 'plaintext' ? Impact.WORSE : Impact.BETTER, h.transport === 'plaintext' ? 'listener now plaintext' : 'listener now TLS', `transport ${b.transport} → **${h.transport}**`);
  } else if (versions(b.tlsVersions) !== versions(h.tlsVersions)) {
    const lb = lowest(b.tlsVersions);
    const lh = lowest(h.tlsVersions);
    const impact = lb !== undefined && lh !== undefined ? (lh < lb ? Impact.WORSE : lh > lb ? Impact.BETTER : Impact.NEUTRAL) : lh === undefined && lb !== undefined ? Impact.WORSE : Impact.NEUTRAL;
    push(impact, impact === Impact.WORSE ? 'TLS minimum lowered' : impact === Impact.BETTER ? 'TLS minimum raised' : 'TLS versions changed', `TLS versions ${versions(b.tlsVersions)} → **${versions(h.tlsVersions)}**`);
  }
  if (b.clientCertificates !== h.clientCertificates) {
    const worse = b.clientCertificates === 'required' || (b.clientCertificates === 'per user' && h.clientCertificates === 'not required');
    push(worse ? Impact.WORSE : Impact.BETTER, worse ? 'client certificates no longer required' : 'client certificates now required', `client certificates ${b.clientCertificates} → **${h.clientCertificates}**`);
  }
  if (b.authorization !== h.authorization) {
    push(h.authorization === 'off' ? Impact.WORSE : Impact.BETTER, h.authorization === 'off' ? 'authorization turned off' : 'authorization turned on', `authorization ${b.authorization} → **${h.authorization}**`);
  }
  if ((b.internodeMode ?? '') !== (h.internodeMode ?? '')) {
    const rb = INTERNODE_RANK[b.internodeMode ?? ''];
    const rh = INTERNODE_RANK[h.internodeMode ?? ''];
    // An unknown mode (not one of scylla.yaml's) cannot be ranked: it is shown as worse, so it gets read.
    const impact = rb === undefined || rh === undefined || rh < rb ? Impact.WORSE : rh > rb ? Impact.BETTER : Impact.NEUTRAL;
    push(impact, impact === Impact.WORSE ? 'node-to-node encryption weakened' : 'node-to-node encryption changed',
      `internode_encryption ${b.internodeMode === undefined ? 'unset' : code(b.internodeMode)} → **${h.internodeMode === undefined ? 'unset' : code(h.internodeMode)}**`);
  }
  if (b.address !== h.address) push(Impact.NEUTRAL, 'listener address changed', `address ${code(b.address)} → ${code(h.address)}`);
  if ((b.certificate ?? '') !== (h.certificate ?? '')) {
    push(Impact.NEUTRAL, 'serving certificate changed', `serving certificate ${b.certificate === undefined ? 'none from tlsfleet' : code(b.certificate)} → ${h.certificate === undefined ? 'none from tlsfleet' : code(h.certificate)}`);
  }
  return out;
}

