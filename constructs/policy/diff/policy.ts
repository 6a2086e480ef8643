import { pair } from './pair';
import { Area, Change, Impact, PostureRule, PostureSide, PostureStack, PostureWaiver, Tls } from './posture';
import { code, text } from './text';

// Waivers, rule results and the stack's policy limits. A new waiver, a rule that moves from pass to waived or
// fail, a new violation and a loosened limit each weaken the posture: an exception a reviewer must read.

const change = (impact: Impact, area: Area, kind: string, markdown: string): Change => ({ impact, area, kind, markdown });
/** A rule result's badness: waived is an accepted violation, fail an open one. */
const RANK: Readonly<Record<PostureRule['status'], number>> = { 'pass': 0, 'not applicable': 0, 'waived': 1, 'fail': 2 };
const TLS_RANK: Readonly<Record<Tls, number>> = { 'TLSv1.0': 0, 'TLSv1.1': 1, 'TLSv1.2': 2, 'TLSv1.3': 3 };

function approver(w: { readonly approvedBy?: string }): string {
  return w.approvedBy === undefined ? 'no approver recorded' : `approved by ${text(w.approvedBy)}`;
}

function ruleName(side: PostureSide, id: string): string {
  const t = side.titles.get(id);
  return t ? `${code(id)} ${text(t.title)} (${text(t.severity)})` : code(id);
}

/** Changes to one stack's waivers, rule results and limits. */
export function comparePolicy(baseSide: PostureSide, headSide: PostureSide, base: PostureStack, head: PostureStack): Change[] {
  const out: Change[] = [];
  const waivers = pair(base.waivers, head.waivers, (w) => `${w.ruleId}\0${w.path}`);
  const show = (w: PostureWaiver): string => `${ruleName(headSide, w.ruleId)} on ${code(w.path)}, covering ${w.covers} violation(s), ${approver(w)}. Reason: ${text(w.reason)}`;
  for (const w of waivers.added) out.push(change(Impact.WORSE, Area.WAIVERS, 'new waiver', `New waiver: ${show(w)}`));
  for (const w of waivers.removed) out.push(change(Impact.BETTER, Area.WAIVERS, 'waiver removed', `Waiver removed: ${ruleName(baseSide, w.ruleId)} on ${code(w.path)}, was ${approver(w)}. Reason was: ${text(w.reason)}`));
  for (const [b, h] of waivers.kept) {
    if (b.reason !== h.reason || b.approvedBy !== h.approvedBy) {
      out.push(change(Impact.WORSE, Area.WAIVERS, 'waiver justification changed', `Waiver justification changed: ${ruleName(headSide, h.ruleId)} on ${code(h.path)}. ${approver(b)} → ${approver(h)}. Reason was: ${text(b.reason)} Reason now: ${text(h.reason)}`));
    }
    if (h.covers > b.covers) out.push(change(Impact.WORSE, Area.WAIVERS, 'waiver covers more', `Waiver ${ruleName(headSide, h.ruleId)} on ${code(h.path)} now covers ${h.covers} violation(s), was ${b.covers}`));
    else if (h.covers < b.covers) out.push(change(Impact.BETTER, Area.WAIVERS, 'waiver covers less', `Waiver ${ruleName(headSide, h.ruleId)} on ${code(h.path)} now covers ${h.covers} violation(s), was ${b.covers}`));
  }

  const rules = pair(base.rules, head.rules, (r) => r.id);
  // A rule only one side evaluated (a stack added or removed, a rule of a newer tlsfleet) counts as not applicable there.
  const absent = (id: string): PostureRule => ({ id, status: 'not applicable', violations: [], undecided: [] });
  for (const [b, h] of [...rules.kept, ...rules.added.map((r) => [absent(r.id), r] as const), ...rules.removed.map((r) => [r, absent(r.id)] as const)]) {
    // pass and not applicable are equally clean: a move between them is no change in posture.
    if (RANK[b.status] !== RANK[h.status]) {
      const impact = RANK[h.status] > RANK[b.status] ? Impact.WORSE : Impact.BETTER;
      out.push(change(impact, Area.WAIVERS, `rule now ${h.status}`, `Rule ${ruleName(headSide, h.id)}: ${b.status} → **${h.status}**`));
    }
    const vs = pair(b.violations, h.violations, (v) => `${v.path}\0${v.message}`);
    for (const v of vs.added) {
      const w = v.waiver ? `waived by the waiver on ${code(v.waiver.path)}, ${approver(v.waiver)}. Reason: ${text(v.waiver.reason)}` : '**not waived**';
      out.push(change(Impact.WORSE, Area.WAIVERS, v.waiver ? 'new waived violation' : 'new open violation', `${code(h.id)} violation on ${code(v.path)}: ${text(v.message)}; ${w}`));
    }
    for (const v of vs.removed) out.push(change(Impact.BETTER, Area.WAIVERS, 'violation resolved', `${code(b.id)} violation resolved on ${code(v.path)}: ${text(v.message)}`));
    for (const [vb, vh] of vs.kept) {
      if (!vb.waiver !== !vh.waiver) {
        out.push(change(vh.waiver ? Impact.BETTER : Impact.WORSE, Area.WAIVERS, vh.waiver ? 'violation now waived' : 'violation no longer waived', `${code(h.id)} violation on ${code(vh.path)} ${vh.waiver ? 'is now waived' : 'is **no longer waived**'}: ${text(vh.message)}`));
      }
    }
    const us = pair(b.undecided, h.undecided, (u) => `${u.path}\0${u.message}`);
    for (const u of us.added) out.push(change(Impact.WORSE, Area.WAIVERS, 'newly undecidable at synth', `${code(h.id)} cannot decide ${code(u.path)} at synth: ${text(u.message)}`));
    for (const u of us.removed) out.push(change(Impact.BETTER, Area.WAIVERS, 'now decidable at synth', `${code(b.id)} now decides ${code(u.path)} at synth (was: ${text(u.message)})`));
  }

  const sb = base.settings;
  const sh = head.settings;
  const limit = (worse: boolean, what: string): void => { out.push(change(worse ? Impact.WORSE : Impact.BETTER, Area.SETTINGS, worse ? 'policy limit loosened' : 'policy limit tightened', `${code(head.name)}: ${what}`)); };
  if (sb.maxLeafValidityDays !== sh.maxLeafValidityDays) limit(sh.maxLeafValidityDays > sb.maxLeafValidityDays, `longest leaf validity ${sb.maxLeafValidityDays} → **${sh.maxLeafValidityDays} days**`);
  if (sb.minTlsVersion !== sh.minTlsVersion) limit(TLS_RANK[sh.minTlsVersion] < TLS_RANK[sb.minTlsVersion], `lowest TLS version ${sb.minTlsVersion} → **${sh.minTlsVersion}**`);
  if (sb.minRsaBits !== sh.minRsaBits) limit(sh.minRsaBits < sb.minRsaBits, `smallest RSA key ${sb.minRsaBits} → **${sh.minRsaBits} bits**`);
  return out;
}
