import { Budget, NO_MARKS, reasonsOf, union, Unknown, unknownVal, Val, withMarks } from './functions';
import { interpolate, numberOf } from './operators';
import { Node, snippet, Span } from './syntax';

/** Variables in scope: for-expression iterators. */
export type Scope = ReadonlyMap<string, Val> | undefined;

// Comprehensions and indexing, on evaluated values.

/** The source text of a node, shortened, for reasons. */
export function text(n: Span): string {
  return snippet(n.src.slice(n.a, n.b));
}

/** How a for expression evaluates its parts: the evaluator's own functions, passed in so this file imports none of it. */
export interface ForParts {
  ev(n: Node, scope: Scope): Val;
  template(parts: readonly (string | Node)[], scope: Scope): Val;
}

/** `[for v in coll : ...]`, `{for k, v in coll : k => v...}` and template `%{for}`. */
export function forExpr(n: Extract<Node, { k: 'for' | 'tfor' }>, cx: Budget, scope: Scope, parts: ForParts): Val {
  const coll = parts.ev(n.coll, scope);
  if (coll.raw instanceof Unknown) return coll;
  const raw = coll.raw;
  const entries: [Val, Val][] = Array.isArray(raw)
    ? (raw as readonly Val[]).map((v, i) => [new Val(i), v])
    : raw instanceof Map ? [...raw].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([k, v]) => [new Val(k), v]) : [];
  if (!Array.isArray(raw) && !(raw instanceof Map)) return unknownVal('a for expression needs a list or map', coll.deep, true);
  let marks = coll.marks;
  const items: Val[] = [];
  const keyed = new Map<string, Val[]>();
  const blocked: Val[] = [];
  for (const [k, v] of entries) {
    cx.charge(1);
    const inner = new Map(scope ?? []);
    inner.set(n.valVar, v);
    if (n.keyVar !== undefined) inner.set(n.keyVar, k);
    if (n.cond) {
      const c = parts.ev(n.cond, inner);
      marks = union(marks, c.deep);
      if (c.unknown || typeof c.raw !== 'boolean') {
        blocked.push(c.unknown ? c : unknownVal('a for expression condition must be a bool', NO_MARKS, true));
        continue;
      }
      if (!c.raw) continue;
    }
    if (n.tuple) {
      items.push(parts.ev(n.val, inner));
      continue;
    }
    const key = parts.ev(n.key!, inner);
    marks = union(marks, key.deep);
    const ks = key.unknown ? undefined : interpolate(key.raw);
    if (ks === undefined) blocked.push(key.unknown ? key : unknownVal('a for expression key must be a string', NO_MARKS, true));
    else if (keyed.has(ks) && !n.group) blocked.push(unknownVal(`duplicate key "${ks}" in a for expression`, NO_MARKS, true));
    else keyed.set(ks, [...(keyed.get(ks) ?? []), parts.ev(n.val, inner)]);
  }
  if (blocked.length) return unknownVal(reasonsOf(blocked), union(marks, coll.deep), blocked.some((b) => b.error));
  if (n.k === 'tfor') return parts.template(items.map((v) => ({ k: 'lit', v }) as Node), scope);
  if (n.tuple) return new Val(items, marks);
  return new Val(new Map([...keyed].map(([k, vs]) => [k, n.group ? new Val(vs) : vs[0]!])), marks);
}

export function index(v: Val, key: Val, n: Span): Val {
  const marks = union(v.marks, key.deep);
  if (v.raw instanceof Unknown) return new Val(v.raw, marks);
  if (key.unknown) return unknownVal(reasonsOf([key]), union(v.deep, key.deep), key.error);
  const raw = v.raw;
  const k = key.raw;
  const bad = (why: string): Val => unknownVal(`invalid index in ${text(n)}: ${why}`, marks, true);
  if (raw instanceof Map) {
    const ks = interpolate(k);
    if (ks === undefined) return bad('a map key must be a string');
    const found = raw.get(ks);
    return found ? withMarks(found, marks) : bad(`no element ${JSON.stringify(ks)}`);
  }
  if (Array.isArray(raw)) {
    const list = raw as readonly Val[];
    const i = numberOf(k);
    if (i === undefined || !Number.isInteger(i)) return bad('a list index must be a whole number');
    return i >= 0 && i < list.length ? withMarks(list[i]!, marks) : bad(`index ${i} is out of range for a list of ${list.length}`);
  }
  return bad(`cannot index ${raw === null ? 'null' : `a ${typeof raw}`}`);
}
