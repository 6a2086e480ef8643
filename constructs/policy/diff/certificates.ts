import { pair, setDiff } from './pair';
import { blockPair } from './plan-blocks';
import { Area, Change, Impact, PostureCertificate, PostureDelivery, PostureStack } from './posture';
import { code, codes, hours, text } from './text';

// Certificates and where their keys go. What proves each kind of change:
// - re-keyed: the key's algorithm in report.json (`key`) changed, or, when cdk.tf.json is beside the report, the
//   `tls_private_key` block at `<certificate>/Key` (logical id or inputs; every input of it forces a new key);
// - re-issued: subject, issuer, validity, SANs or role changed in report.json, or the `tls_cert_request` /
//   `tls_*_cert` block at `<certificate>/Request` / `/Resource` changed in an input that forces replacement, or
//   the certificate's key or its CA was replaced;
// - renewal window: `earlyRenewalHours`, which the provider updates in place (no new certificate).
// report.json alone cannot tell a re-keyed certificate whose algorithm stayed the same from an unchanged one.

const PLACES_SHOWN = 20;

/** Security strength in bits (NIST SP 800-57), for "weaker key"; undefined for a key the diff does not know. */
function strength(key: string | undefined): number | undefined {
  if (key === undefined) return undefined;
  const rsa = /^RSA (\d+)$/.exec(key);
  if (rsa) {
    const bits = Number(rsa[1]);
    return bits >= 15360 ? 256 : bits >= 7680 ? 192 : bits >= 3072 ? 128 : bits >= 2048 ? 112 : bits >= 1024 ? 80 : 0;
  }
  const table: Readonly<Record<string, number>> = {
    'ECDSA P-224': 112, 'ECDSA P-256': 128, 'ECDSA prime256v1': 128, 'ECDSA P-384': 192, 'ECDSA secp384r1': 192,
    'ECDSA P-521': 256, 'ECDSA secp521r1': 256, ED25519: 128, ed25519: 128,
  };
  return table[key];
}

const change = (impact: Impact, area: Area, kind: string, markdown: string): Change => ({ impact, area, kind, markdown });
const place = (d: PostureDelivery): string => `${d.kubernetes}\0${d.namespace}`;
const object = (d: PostureDelivery): string => `${d.object}\0${d.namespace}\0${d.name}\0${d.kubernetes}`;

function showPlace(p: string): string {
  const [kubernetes, namespace] = p.split('\0');
  return `namespace ${code(namespace)} via ${code(kubernetes)}`;
}

function showObject(o: string): string {
  const [kind, namespace, name, kubernetes] = o.split('\0');
  return `${kind} ${code(`${namespace}/${name}`)} via ${code(kubernetes)}`;
}

function list(items: readonly string[], show: (s: string) => string): string {
  const shown = items.slice(0, PLACES_SHOWN).map(show).join('; ');
  return items.length > PLACES_SHOWN ? `${shown}; and ${items.length - PLACES_SHOWN} more` : shown;
}

function describe(c: PostureCertificate): string {
  const parts = [c.subject !== undefined ? `subject ${code(c.subject)}` : 'subject unknown at synth'];
  if (c.key !== undefined) parts.push(`key ${text(c.key)}`);
  parts.push(c.imported ? 'lifetime managed outside tlsfleet' : `valid ${hours(c.validityHours)}`);
  const keys = c.deliveredTo.filter((d) => d.withPrivateKey).map(object);
  if (keys.length) parts.push(`key delivered to ${list(keys, showObject)}`);
  if (c.holders.length) parts.push(`for ${c.holders.slice(0, 3).map((h) => text(h.description)).join('; ')}${c.holders.length > 3 ? ` and ${c.holders.length - 3} more` : ''}`);
  return parts.join(', ');
}

function kindOf(c: PostureCertificate, verb: string): string {
  return `${c.role === 'ca' ? 'CA' : noun(c).toLowerCase()} ${verb}`;
}

function area(c: PostureCertificate): Area {
  return c.role === 'ca' ? Area.TRUST : c.role === 'client' ? Area.CLUSTERS : Area.CERTIFICATES;
}

function noun(c: PostureCertificate): string {
  return c.role === 'ca' ? 'CA' : c.role === 'client' ? 'Client certificate' : c.role === 'server' ? 'Server certificate' : 'Hand-written certificate';
}

/** Changes to one stack's certificates, their keys and where they are delivered. */
export function compareCertificates(base: PostureStack, head: PostureStack): Change[] {
  const out: Change[] = [];
  const certs = pair(base.certificates, head.certificates, (c) => c.path);
  for (const c of certs.added) out.push(change(Impact.NEUTRAL, area(c), kindOf(c, 'added'), `${noun(c)} added: ${code(c.path)}, ${describe(c)}`));
  for (const c of certs.removed) out.push(change(Impact.NEUTRAL, area(c), kindOf(c, 'removed'), `${noun(c)} removed: ${code(c.path)}, ${describe(c)}`));

  const plans = base.plan !== undefined && head.plan !== undefined;
  const blockChanged = (path: string): boolean => {
    const [b, h] = blockPair(base.plan!, head.plan!, path);
    return b !== h;
  };
  const replaced = new Map<string, string>(); // CA path -> 're-keyed' | 're-issued'
  const own = new Map<string, { rekeyed: boolean; reissued: string[] }>();
  for (const [b, h] of certs.kept) {
    const reasons: string[] = [];
    if (b.role !== h.role) reasons.push(`role ${b.role} → ${h.role}`);
    if (b.subject !== h.subject) reasons.push(`subject ${b.subject === undefined ? 'unknown' : code(b.subject)} → ${h.subject === undefined ? 'unknown' : code(h.subject)}`);
    if (b.issuer !== h.issuer) reasons.push(`issuer ${b.issuer === undefined ? 'self-signed' : code(b.issuer)} → ${h.issuer === undefined ? 'self-signed' : code(h.issuer)}`);
    if (b.validityHours !== h.validityHours) reasons.push(`validity ${hours(b.validityHours)} → ${hours(h.validityHours)}`);
    for (const [label, xb, xh] of [['DNS names', b.dnsNames, h.dnsNames], ['IP addresses', b.ipAddresses, h.ipAddresses]] as const) {
      const d = setDiff(xb, xh);
      if (d.added.length) reasons.push(`${label} added: ${codes(d.added)}`);
      if (d.removed.length) reasons.push(`${label} removed: ${codes(d.removed)}`);
    }
    if (plans && reasons.length === 0 && (['Request', 'Resource'] as const).some((r) => blockChanged(`${h.path}/${r}`))) {
      reasons.push('its certificate or request block in cdk.tf.json changed');
    }
    const keyBlockChanged = plans && blockChanged(`${h.path}/Key`);
    const rekeyed = b.key !== h.key || keyBlockChanged;
    own.set(h.path, { rekeyed, reissued: reasons });
    if (h.role === 'ca' && (rekeyed || reasons.length)) replaced.set(h.path, rekeyed ? 're-keyed' : 're-issued');
  }

  const signedBy = new Map<string, string[]>();
  for (const [b, h] of certs.kept) {
    const o = own.get(h.path)!;
    const caReplaced = h.issuer !== undefined && h.issuer === b.issuer && replaced.has(h.issuer);
    if (caReplaced && !o.rekeyed && o.reissued.length === 0) {
      const list2 = signedBy.get(h.issuer!) ?? [];
      list2.push(h.path);
      signedBy.set(h.issuer!, list2);
    }
  }

  for (const [b, h] of certs.kept) {
    const o = own.get(h.path)!;
    // Who holds a certificate is the Clusters area's (added, removed); what happens to it is the Certificates area's.
    const a = h.role === 'ca' ? Area.TRUST : Area.CERTIFICATES;
    if (o.rekeyed) {
      const sb = strength(b.key);
      const sh = strength(h.key);
      const impact = sb !== undefined && sh !== undefined ? (sh < sb ? Impact.WORSE : sh > sb ? Impact.BETTER : Impact.NEUTRAL) : b.key !== h.key ? Impact.WORSE : Impact.NEUTRAL;
      const what = b.key !== h.key ? `key ${b.key === undefined ? 'unknown' : text(b.key)} → **${h.key === undefined ? 'unknown' : text(h.key)}**` : `key ${h.key === undefined ? 'unknown' : text(h.key)}, a new \`tls_private_key\``;
      out.push(change(impact, a, impact === Impact.WORSE ? 'weaker key' : 're-keyed', `Re-keyed: ${code(h.path)}, ${what}; the certificate is re-issued${o.reissued.length ? ` (${o.reissued.join('; ')})` : ''}${cascade(signedBy.get(h.path))}`));
    } else if (o.reissued.length) {
      out.push(change(Impact.NEUTRAL, a, 're-issued', `Re-issued: ${code(h.path)}, ${o.reissued.join('; ')}${cascade(signedBy.get(h.path))}`));
    }
    if (b.validityHours !== undefined && h.validityHours !== undefined && b.validityHours !== h.validityHours) {
      const longer = h.validityHours > b.validityHours;
      out.push(change(longer ? Impact.WORSE : Impact.BETTER, a, longer ? 'longer lifetime' : 'shorter lifetime', `Lifetime of ${code(h.path)}: ${hours(b.validityHours)} → **${hours(h.validityHours)}**`));
    }
    if (b.earlyRenewalHours !== h.earlyRenewalHours) {
      const none = (x: number | undefined): boolean => x === undefined || x <= 0;
      const impact = none(h.earlyRenewalHours) && !none(b.earlyRenewalHours) ? Impact.WORSE : none(b.earlyRenewalHours) && !none(h.earlyRenewalHours) ? Impact.BETTER : Impact.NEUTRAL;
      const show = (x: number | undefined): string => (x === undefined ? 'unknown at synth' : x <= 0 ? 'none (replaced only after expiry)' : `the last ${hours(x)}`);
      out.push(change(impact, a, impact === Impact.WORSE ? 'renewal window removed' : 'renewal window changed',
        `Renewal of ${code(h.path)}: ${show(b.earlyRenewalHours)} → **${show(h.earlyRenewalHours)}**${o.rekeyed || o.reissued.length ? '' : ' (updated in place, no new certificate)'}`));
    }
    if (b.imported !== h.imported) out.push(change(Impact.NEUTRAL, a, 'import changed', `${code(h.path)} ${h.imported ? 'is now imported (managed outside tlsfleet)' : 'is now issued by tlsfleet'}`));
    out.push(...deliveries(b, h));
  }
  return out;
}

function cascade(signed: readonly string[] | undefined): string {
  return signed?.length ? `; the ${signed.length} certificate(s) it signs are re-issued with it: ${codes(signed)}` : '';
}

function deliveries(b: PostureCertificate, h: PostureCertificate): Change[] {
  const out: Change[] = [];
  const withKey = (c: PostureCertificate): PostureDelivery[] => c.deliveredTo.filter((d) => d.withPrivateKey);
  const places = setDiff(withKey(b).map(place), withKey(h).map(place));
  if (places.added.length) {
    out.push(change(Impact.WORSE, Area.KEYS, 'private key delivered to a new namespace',
      `Private key of ${code(h.path)} now delivered to ${list(places.added, showPlace)} (objects: ${list(withKey(h).filter((d) => places.added.includes(place(d))).map(object), showObject)})`));
  }
  if (places.removed.length) out.push(change(Impact.BETTER, Area.KEYS, 'private key withdrawn from a namespace', `Private key of ${code(h.path)} no longer delivered to ${list(places.removed, showPlace)}`));
  const before = new Set(withKey(b).map(object));
  const sameplace = withKey(h).filter((d) => !before.has(object(d)) && !places.added.includes(place(d))).map(object);
  if (sameplace.length) out.push(change(Impact.NEUTRAL, Area.KEYS, 'key delivered to another object', `Private key of ${code(h.path)} also in ${list(sameplace, showObject)}`));
  const plain = (c: PostureCertificate): string[] => c.deliveredTo.filter((d) => !d.withPrivateKey).map(object);
  const bundles = setDiff(plain(b), plain(h));
  const what = h.role === 'ca' ? 'CA' : 'Certificate (without key)';
  if (bundles.added.length) out.push(change(Impact.NEUTRAL, Area.TRUST, h.role === 'ca' ? 'CA added to bundles' : 'certificate delivered', `${what} ${code(h.path)} added to ${bundles.added.length} object(s): ${list(bundles.added, showObject)}`));
  if (bundles.removed.length) out.push(change(Impact.NEUTRAL, Area.TRUST, h.role === 'ca' ? 'CA removed from bundles' : 'certificate withdrawn', `${what} ${code(h.path)} removed from ${bundles.removed.length} object(s): ${list(bundles.removed, showObject)}`));
  return out;
}
