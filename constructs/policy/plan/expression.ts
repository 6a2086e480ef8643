import {
  Budget, callFunction, isSecretPem, LimitError, LITERAL_KEY, Marks, MAX_STRING_LENGTH, MAX_VALUE_DEPTH, NO_MARKS,
  reasonsOf, setProp, stringVal, union, Unknown, UNKNOWN, unknownVal, Val, withMarks, wrap,
} from './functions';

export { isSecretPem, isWhollyKnown, UNKNOWN } from './functions';
export type { PlanValue } from './functions';
import { forExpr, index, Scope, text } from './comprehensions';
import { fastEvaluate } from './fast-path';
import type { PlanValue } from './values';
import { binary, choose, interpolate, object, unary } from './operators';
import { refKey, secretSource } from './secret-sources';
import { Node, Span, Step, hasTemplate, parseTemplate } from './syntax';
import { instanceAddress } from '../../core/resource-instance';

// A partial evaluator of the Terraform expressions inside a synthesized `cdk.tf.json`: what a value
// is when it can be known at synth, why not otherwise, which resources it reads and which secrets
// flow into it. The policy runs it on every string of a plan, so plain strings take a fast path.

/** A resource, data source or ephemeral resource an expression reads. */
export interface ResourceReference {
  readonly mode: 'managed' | 'data' | 'ephemeral';
  readonly type: string;
  readonly name: string;
  /** The attribute read; empty when the whole object is. */
  readonly attribute: string;
  /** Known keys and attributes after the attribute: `data["tls.key"]` gives `["tls.key"]`. */
  readonly path?: readonly (string | number)[];
}

export interface Evaluation {
  readonly value: PlanValue;
  /** Why (parts of) the value are unknown, in the order met. */
  readonly unknownReasons: readonly string[];
  /** Every resource reached, locals followed, sorted. */
  readonly references: readonly ResourceReference[];
  /** Secret material that flows into the value, sorted; never the secret itself. */
  readonly secrets: readonly string[];
  /** Variables read; a default used here can be overridden at plan. */
  readonly dependsOnVariables: readonly string[];
}

/** The parts of a `cdk.tf.json` the evaluator reads; it is treated as immutable once evaluated. */
export interface TerraformJson {
  readonly locals?: { readonly [name: string]: unknown };
  readonly variable?: { readonly [name: string]: { readonly default?: unknown; readonly sensitive?: boolean; readonly type?: string } };
  readonly resource?: { readonly [type: string]: { readonly [name: string]: unknown } };
  readonly data?: { readonly [type: string]: { readonly [name: string]: unknown } };
  readonly [section: string]: unknown;
}

const MAX_EVAL_DEPTH = 100;
/** Locals referring to locals, at most; how deep a chain is is a property of the configuration. */
const MAX_LOCAL_CHAIN = 32;
const WORK_BUDGET = 2_000_000;
const MAX_REASONS = 50;
const NONE: readonly never[] = Object.freeze([]);
const LITERAL_ONLY: Marks = Object.freeze([LITERAL_KEY]);

// ---------------------------------------------------------------------------------------------
// Evaluation

type Obj = { readonly [key: string]: unknown };
interface LocalResult {
  readonly v: Val;
  readonly refs: readonly ResourceReference[];
  readonly vars: readonly string[];
  readonly sources: readonly string[];
  /** The longest chain of locals below and including this one. */
  readonly height: number;
}
interface Memo { readonly locals: Map<string, LocalResult>; readonly stack: string[]; readonly vars: Map<string, Val> }

const MEMO = new WeakMap<object, Memo>();
const hasOwn = (o: Obj | undefined, k: string): boolean => o !== undefined && Object.prototype.hasOwnProperty.call(o, k);
const asRecord = (x: unknown): Obj | undefined => (x !== null && typeof x === 'object' && !Array.isArray(x) ? (x as Obj) : undefined);

class Ctx implements Budget {
  refs = new Map<string, ResourceReference>();
  vars = new Set<string>();
  /** Every secret source met, for a conservative answer when the budget runs out. */
  sources = new Set<string>();
  spent = 0;
  depth = 0;
  /** The longest chain of locals the current evaluation used. */
  height = 0;
  /** Set when the chain of locals being evaluated got too long: results then depend on where evaluation started. */
  limited = false;
  readonly locals: Obj | undefined;
  readonly variables: Obj | undefined;
  constructor(readonly config: Obj, readonly memo: Memo) {
    this.locals = asRecord(config.locals);
    this.variables = asRecord(config.variable);
  }

  charge(units: number): void {
    this.spent += units;
    if (this.spent > WORK_BUDGET) throw new LimitError(`evaluation exceeded its work budget of ${WORK_BUDGET} steps`);
  }

  mark(v: Val): Val {
    v.deep.forEach((m) => this.sources.add(m));
    return v;
  }
}

function ev(n: Node, cx: Ctx, scope: Scope): Val {
  cx.charge(1);
  if (cx.depth >= MAX_EVAL_DEPTH) {
    cx.limited = true;
    return unknownVal(`expression nested deeper than ${MAX_EVAL_DEPTH} levels`);
  }
  cx.depth++;
  const v = evalNode(n, cx, scope);
  cx.depth--;
  return v;
}

function evalNode(n: Node, cx: Ctx, scope: Scope): Val {
  switch (n.k) {
    case 'lit': return n.v;
    case 'tpl': return template(n.parts, n.single, n.secret, cx, scope);
    case 'ref': return reference(n, cx, scope);
    case 'post': return applySteps(ev(n.base, cx, scope), n.steps, 0, n, cx, scope);
    case 'call': return call(n.name, n.args.map((a) => ev(a, cx, scope)), n.expand, cx);
    case 'tuple': return new Val(n.items.map((x) => ev(x, cx, scope)));
    case 'obj': return object(n.items.map(([k, v]) => [ev(k, cx, scope), ev(v, cx, scope)] as const));
    case 'cond':
    case 'tif': return choose(ev(n.c, cx, scope), ev(n.t, cx, scope), ev(n.f, cx, scope));
    case 'bin': return binary(n.op, ev(n.l, cx, scope), ev(n.r, cx, scope), cx);
    case 'un': return unary(n.op, ev(n.x, cx, scope));
    case 'for':
    case 'tfor': return forExpr(n, cx, scope, { ev: (x, sc) => ev(x, cx, sc), template: (p, sc) => template(p, false, false, cx, sc) });
  }
}

function template(parts: readonly (string | Node)[], single: boolean, secret: boolean, cx: Ctx, scope: Scope): Val {
  if (single) return ev(parts[0] as Node, cx, scope);
  let out = '';
  if (secret) cx.sources.add(LITERAL_KEY);
  let marks = secret ? LITERAL_ONLY : NO_MARKS;
  const blocked: Val[] = [];
  for (const p of parts) {
    if (typeof p === 'string') {
      out += p;
      continue;
    }
    const v = ev(p, cx, scope);
    marks = union(marks, v.deep);
    const s = v.unknown ? undefined : interpolate(v.raw);
    if (s === undefined) blocked.push(v.unknown ? v : unknownVal(`a string template cannot include ${v.raw === null ? 'null' : 'a list or map'}`, NO_MARKS, true));
    else out += s;
    if (out.length > MAX_STRING_LENGTH) throw new LimitError(`a template would build a string over ${MAX_STRING_LENGTH} characters`);
  }
  if (blocked.length) return unknownVal(reasonsOf(blocked), marks, blocked.some((b) => b.error));
  cx.charge(out.length >> 6);
  return cx.mark(stringVal(out, marks));
}

function call(name: string, args: Val[], expand: boolean, cx: Ctx): Val {
  const last = args[args.length - 1];
  if (expand && last) {
    const all = args.reduce((m, v) => union(m, v.deep), NO_MARKS);
    if (last.raw instanceof Unknown) return unknownVal(last.raw.reasons, all, last.raw.error);
    if (!Array.isArray(last.raw)) return unknownVal(`${name}(): the argument before "..." must be a list`, all, true);
    args = [...args.slice(0, -1), ...(last.raw as readonly Val[]).map((e) => withMarks(e, last.marks))];
  }
  const v = callFunction(name, args, cx);
  return name === 'sensitive' ? cx.mark(v) : v;
}

function reference(n: Extract<Node, { k: 'ref' }>, cx: Ctx, scope: Scope): Val {
  const bound = scope?.get(n.root);
  if (bound) return applySteps(bound, n.steps, 0, n, cx, scope);
  const first = n.steps[0];
  const attr = first?.t === 'attr' ? first.name : undefined;
  const second = n.steps[1];
  if (attr === undefined) return unknownVal(`unsupported expression: ${text(n)}`);
  switch (n.root) {
    case 'local': return applySteps(local(attr, cx), n.steps, 1, n, cx, scope);
    case 'var': return applySteps(variable(attr, cx), n.steps, 1, n, cx, scope);
    case 'data':
    case 'ephemeral':
      if (second?.t !== 'attr') return unknownVal(`unsupported expression: ${text(n)}`);
      return resource(n, n.root, attr, second.name, 2, cx, scope);
    case 'module': return unknownVal(`module.${attr} outputs are not evaluated`);
    case 'count':
    case 'each': return unknownVal(`${n.root}.${attr} is known only per instance`);
    case 'self': return unknownVal('self is known only inside a provisioner');
    case 'path': return unknownVal(`path.${attr} depends on where Terraform runs`);
    case 'terraform': return unknownVal(`terraform.${attr} is set at plan`);
    default: return resource(n, 'managed', n.root, attr, 1, cx, scope);
  }
}

function resource(n: Extract<Node, { k: 'ref' }>, mode: ResourceReference['mode'], type: string, name: string, from: number, cx: Ctx, scope: Scope): Val {
  let marks = NO_MARKS;
  let i = from;
  const instance = n.steps[i];
  if (instance?.t === 'index') {
    const key = ev(instance.key, cx, scope);
    marks = union(marks, key.deep);
    // One instance of a `for_each` block the policy expanded (plan/instances.ts) is a resource of its own.
    if (typeof key.raw === 'string' || typeof key.raw === 'number') {
      const at = instanceAddress(name, String(key.raw));
      if (hasOwn(asRecord(asRecord(cx.config[mode === 'managed' ? 'resource' : mode])?.[type]), at)) name = at;
    }
  }
  if (instance?.t === 'index' || instance?.t === 'splat') i++;
  const at = n.steps[i];
  const attribute = at?.t === 'attr' ? at.name : '';
  if (attribute) i++;
  const path: (string | number)[] = [];
  let open = true;
  for (; i < n.steps.length; i++) {
    const s = n.steps[i]!;
    const key = s.t === 'index' ? ev(s.key, cx, scope) : undefined;
    if (key) marks = union(marks, key.deep);
    const part = s.t === 'attr' ? s.name : typeof key?.raw === 'string' || typeof key?.raw === 'number' ? key.raw : undefined;
    if (part === undefined) open = false;
    else if (open) path.push(part);
  }
  // Frozen: memoized locals share their references with every evaluation that reaches them.
  const ref: ResourceReference = Object.freeze(path.length ? { mode, type, name, attribute, path: Object.freeze(path) } : { mode, type, name, attribute });
  cx.refs.set(refKey(ref), ref);
  const secret = secretSource(mode, type, name, attribute, path);
  if (secret) marks = union(marks, [secret]);
  const address = `${mode === 'managed' ? '' : `${mode}.`}${type}.${name}`;
  const what = attribute ? `${address}.${attribute}` : address;
  const declared = hasOwn(asRecord(asRecord(cx.config[mode === 'managed' ? 'resource' : mode])?.[type]), name);
  const reason = !declared ? `${address} is not declared in this configuration`
    : mode === 'managed' ? `${what} is known only after apply`
    : mode === 'data' ? `${what} is read from the provider at plan` : `${what} is opened anew on every run`;
  return cx.mark(unknownVal(reason, marks, !declared));
}

function applySteps(v: Val, steps: readonly Step[], from: number, n: Span, cx: Ctx, scope: Scope): Val {
  for (let i = from; i < steps.length; i++) {
    const s = steps[i]!;
    if (s.t === 'splat') {
      if (v.raw instanceof Unknown) return v;
      const items = v.raw === null ? [] : Array.isArray(v.raw) ? (v.raw as readonly Val[]) : [v];
      return new Val(items.map((e) => applySteps(e, steps, i + 1, n, cx, scope)), v.marks);
    }
    v = index(v, s.t === 'attr' ? new Val(s.name) : ev(s.key, cx, scope), n);
  }
  return v;
}

function local(name: string, cx: Ctx): Val {
  if (!hasOwn(cx.locals, name)) return unknownVal(`local.${name} is not declared`, NO_MARKS, true);
  const memo = cx.memo;
  let hit = memo.locals.get(name);
  if (!hit) {
    const at = memo.stack.indexOf(name);
    if (at >= 0) {
      const cycle = memo.stack.slice(at).map((l) => `local.${l}`).sort();
      return unknownVal(`locals refer to each other in a cycle: ${cycle.join(', ')}`, NO_MARKS, true);
    }
    if (memo.stack.length >= MAX_LOCAL_CHAIN) {
      cx.limited = true;
      cx.height = MAX_LOCAL_CHAIN + 1;
      return unknownVal(`locals chained deeper than ${MAX_LOCAL_CHAIN} levels`);
    }
    hit = evaluateLocal(name, cx);
  }
  for (const r of hit.refs) cx.refs.set(refKey(r), r);
  hit.vars.forEach((x) => cx.vars.add(x));
  hit.sources.forEach((x) => cx.sources.add(x));
  cx.height = Math.max(cx.height, hit.height);
  return hit.v;
}

/** Evaluates a local with its own budget, depth and accumulators, and memoizes it when that is sound. */
function evaluateLocal(name: string, cx: Ctx): LocalResult {
  const outer = { refs: cx.refs, vars: cx.vars, sources: cx.sources, spent: cx.spent, depth: cx.depth, height: cx.height, limited: cx.limited };
  Object.assign(cx, { refs: new Map(), vars: new Set(), sources: new Set(), spent: 0, depth: 0, height: 0, limited: false });
  cx.memo.stack.push(name);
  let v: Val;
  try {
    v = walk(cx.locals![name], cx);
  } catch (e) {
    if (!(e instanceof LimitError)) throw e;
    v = unknownVal(`local.${name}: ${e.message}`, [...cx.sources].sort());
  } finally {
    cx.memo.stack.pop();
  }
  const height = cx.height + 1;
  if (height > MAX_LOCAL_CHAIN) v = unknownVal(`locals chained deeper than ${MAX_LOCAL_CHAIN} levels`, v.deep);
  const result = { v, refs: [...cx.refs.values()], vars: [...cx.vars], sources: [...cx.sources], height };
  if (!cx.limited) cx.memo.locals.set(name, result);
  Object.assign(cx, { ...outer, limited: outer.limited || cx.limited });
  return result;
}

function variable(name: string, cx: Ctx): Val {
  const decl = asRecord(hasOwn(cx.variables, name) ? cx.variables![name] : undefined);
  if (!decl) return unknownVal(`var.${name} is not declared`, NO_MARKS, true);
  cx.vars.add(name);
  let v = cx.memo.vars.get(name);
  if (!v) {
    const marks = decl.sensitive === true ? [`var.${name}`] : NO_MARKS;
    try {
      v = hasOwn(decl, 'default') ? wrap(decl.default, marks, { charge: () => undefined }) : unknownVal(`var.${name} has no default (set at plan)`, marks);
    } catch (e) {
      v = unknownVal(`var.${name}: ${e instanceof Error ? e.message : String(e)}`, marks);
    }
    cx.memo.vars.set(name, v);
  }
  return cx.mark(v);
}

/** A JSON value from the configuration, its strings read as templates. */
function walk(x: unknown, cx: Ctx): Val {
  if (typeof x === 'string') {
    if (!hasTemplate(x)) return cx.mark(stringVal(x));
    const node = parseTemplate(x);
    if (typeof node === 'string') return cx.mark(unknownVal(node, isSecretPem(x) ? [LITERAL_KEY] : NO_MARKS, true));
    return ev(node, cx, undefined);
  }
  if (typeof x === 'number' || typeof x === 'boolean') return new Val(x);
  if (x === null || x === undefined) return new Val(null);
  if (typeof x !== 'object') return unknownVal(`unsupported JSON value of type ${typeof x}`);
  if (cx.depth >= MAX_EVAL_DEPTH) {
    cx.limited = true;
    return unknownVal(`value nested deeper than ${MAX_EVAL_DEPTH} levels`);
  }
  cx.depth++;
  cx.charge(1);
  const v = Array.isArray(x) ? new Val(x.map((e) => walk(e, cx))) : object(Object.entries(x).map(([k, e]) => [walk(k, cx), walk(e, cx)] as const));
  cx.depth--;
  return v;
}

function toPublic(v: Val, reasons: Set<string>, count: { n: number }, depth: number): PlanValue {
  if (++count.n > WORK_BUDGET) throw new LimitError('the value is too large to expand');
  const raw = v.raw;
  if (raw instanceof Unknown) {
    raw.reasons.forEach((r) => reasons.add(r));
    return UNKNOWN;
  }
  if (depth > MAX_VALUE_DEPTH && (Array.isArray(raw) || raw instanceof Map)) {
    reasons.add(`value nested deeper than ${MAX_VALUE_DEPTH} levels`);
    return UNKNOWN;
  }
  if (Array.isArray(raw)) return (raw as readonly Val[]).map((c) => toPublic(c, reasons, count, depth + 1));
  if (raw instanceof Map) {
    const o: Record<string, PlanValue> = {};
    for (const [k, c] of raw) setProp(o, k, toPublic(c, reasons, count, depth + 1));
    return o;
  }
  return raw as PlanValue;
}

function publish(v: Val, cx: Ctx): Evaluation {
  const reasons = new Set<string>();
  let value: PlanValue;
  try {
    value = toPublic(v, reasons, { n: 0 }, 0);
  } catch (e) {
    reasons.add(e instanceof Error ? e.message : String(e));
    value = UNKNOWN;
  }
  const refs = cx.refs.size < 2 ? [...cx.refs.values()] : [...cx.refs.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([, r]) => r);
  const listed = [...reasons];
  const unknownReasons = listed.length > MAX_REASONS ? [...listed.slice(0, MAX_REASONS), `and ${listed.length - MAX_REASONS} more reasons`] : listed;
  return { value, unknownReasons, references: refs, secrets: [...v.deep], dependsOnVariables: [...cx.vars].sort() };
}

function memoFor(config: unknown): Memo {
  const fresh = (): Memo => ({ locals: new Map(), stack: [], vars: new Map() });
  if (config === null || typeof config !== 'object') return fresh();
  let memo = MEMO.get(config);
  if (!memo) MEMO.set(config, (memo = fresh()));
  return memo;
}

/**
 * Evaluates a JSON value taken from `config` (a string, number, list or map, nested), reading its
 * strings as Terraform templates. Never throws; what cannot be known becomes `UNKNOWN` with a reason.
 * @example evaluate(json, json.resource.kubernetes_secret_v1.tls.data).secrets
 */
export function evaluate(config: TerraformJson, value: unknown, options: { readonly fastPath?: boolean } = {}): Evaluation {
  if (typeof value === 'string' && !hasTemplate(value)) {
    return { value, unknownReasons: NONE, references: NONE, secrets: isSecretPem(value) ? LITERAL_ONLY : NONE, dependsOnVariables: NONE };
  }
  // A plan is mostly literals and plain resource references: those need no parser.
  const fast = options.fastPath === false ? undefined : fastEvaluate(config, value);
  if (fast) return fast;
  const cx = new Ctx(asRecord(config) ?? {}, memoFor(config));
  let v: Val;
  try {
    v = walk(value, cx);
  } catch (e) {
    const why = e instanceof LimitError ? e.message : e instanceof RangeError ? 'evaluation nested too deeply' : `internal error: ${String(e)}`;
    v = unknownVal(why, [...cx.sources].sort());
  }
  return publish(v, cx);
}

/** Evaluates one Terraform JSON string such as `"${local.x}"` or `"prefix-${var.y}"`. */
export function evaluateExpression(config: TerraformJson, expression: string): Evaluation {
  return evaluate(config, expression);
}

/** The resources `value` reads; with `config`, through its locals too. */
export function referencesIn(value: unknown, config: TerraformJson = {}): readonly ResourceReference[] {
  return evaluate(config, value).references;
}

/** @internal Forgets memoized locals, for a configuration that was changed in place. */
export function forgetEvaluations(config: object): void {
  MEMO.delete(config);
}

