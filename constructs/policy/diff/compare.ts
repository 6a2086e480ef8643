import { compareCertificates } from './certificates';
import { compareClusters } from './listeners';
import { pair } from './pair';
import { NO_BLOCKS } from './plan-blocks';
import { comparePolicy } from './policy';
import { Area, Change, Impact, PostureSide, PostureStack } from './posture';
import { code } from './text';

/** Every change between two synths' postures, in a deterministic order (stacks, then each comparer's order). */
export function comparePostures(base: PostureSide, head: PostureSide): Change[] {
  const out: Change[] = [];
  const stacks = pair(base.stacks, head.stacks, (s) => s.name);
  const empty = (s: PostureStack): PostureStack => ({ name: s.name, settings: s.settings, clusters: [], certificates: [], waivers: [], rules: [], plan: s.plan && NO_BLOCKS });
  const compare = (b: PostureStack, h: PostureStack): void => {
    out.push(...compareClusters(b, h), ...comparePolicy(base, head, b, h), ...compareCertificates(b, h));
  };
  for (const h of stacks.added) {
    out.push({ impact: Impact.NEUTRAL, area: Area.CLUSTERS, kind: 'stack added', markdown: `Stack added: ${code(h.name)}` });
    compare(empty(h), h);
  }
  for (const b of stacks.removed) {
    out.push({ impact: Impact.NEUTRAL, area: Area.CLUSTERS, kind: 'stack removed', markdown: `Stack removed: ${code(b.name)}` });
    compare(b, empty(b));
  }
  for (const [b, h] of stacks.kept) compare(b, h);
  return out;
}
