import { instanceAddress } from '../../core/resource-instance';
import { evaluate, TerraformJson, UNKNOWN } from './expression';
import type { PlanValue } from './values';
import { hasTemplate, Node, parseTemplate } from './syntax';

// Terraform turns a resource block with `for_each` into one instance per key, each with `each.key`
// and `each.value` bound. The rules judge instances, as Terraform applies them: this expands every
// block whose `for_each` is known at synth into instances named `<name>["<key>"]` (Terraform's own
// address form, and what core's ResourceInstance calls them), with `each.*` replaced by its value.
// A block whose `for_each` is not known at synth stays as it is: there `each.*` is unknown, and every
// check that needs it is undecided.

type Json = unknown;
type Body = Record<string, Json>;
interface Each { readonly key: string; readonly value: PlanValue }

/** The configuration with every expandable `for_each` resource block replaced by its instances; `config` itself when there is none. */
export function expandInstances(config: TerraformJson): TerraformJson {
  const resources = config.resource as Record<string, Record<string, Body>> | undefined;
  if (resources === undefined || resources === null || typeof resources !== 'object') return config;
  let expanded: Record<string, Record<string, Body>> | undefined;
  for (const type of Object.keys(resources)) {
    const blocks = resources[type];
    if (blocks === null || typeof blocks !== 'object') continue;
    let names: string[] | undefined;
    // for-in, not a key array per type: this runs over every block of a fleet, once, mostly before it is optimized.
    for (const name in blocks) {
      if (!Object.prototype.hasOwnProperty.call(blocks, name)) continue;
      const body = blocks[name];
      if (body !== null && typeof body === 'object' && body.for_each !== undefined) (names ??= []).push(name);
    }
    if (names === undefined) continue;
    const expandable = new Map<string, Each[]>();
    for (const name of names) {
      const instances = instancesOf(config, blocks[name]);
      if (instances !== undefined) expandable.set(name, instances);
    }
    if (expandable.size === 0) continue;
    const out: Record<string, Body> = {};
    for (const name of Object.keys(blocks)) {
      const instances = expandable.get(name);
      if (instances === undefined) out[name] = blocks[name];
      else for (const each of instances) out[instanceAddress(name, each.key)] = instanceBody(blocks[name], each);
    }
    (expanded ??= { ...resources })[type] = out;
  }
  return expanded === undefined ? config : { ...config, resource: expanded };
}

/** The instances of a block, by key in Terraform's order; undefined when `for_each` is not a map or set known at synth. */
function instancesOf(config: TerraformJson, body: Body): Each[] | undefined {
  const e = evaluate(config, body.for_each);
  if (e.unknownReasons.length || e.references.length || e.dependsOnVariables.length || !isKnown(e.value)) return undefined;
  const v = e.value;
  let instances: Each[];
  if (Array.isArray(v)) {
    // toset([...]): strings only; each.value is the key.
    if (!v.every((x) => typeof x === 'string')) return undefined;
    instances = [...new Set(v as string[])].map((key) => ({ key, value: key }));
  } else if (v !== null && typeof v === 'object') {
    instances = Object.keys(v).map((key) => ({ key, value: (v as Record<string, PlanValue>)[key] }));
  } else {
    return undefined;
  }
  return instances.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}

function isKnown(v: PlanValue): boolean {
  if (v === UNKNOWN) return false;
  if (Array.isArray(v)) return v.every(isKnown);
  if (v !== null && typeof v === 'object') return Object.values(v).every(isKnown);
  return true;
}

/**
 * The instance's body: every string that reads `each` rewritten with its value. `for_each` stays,
 * so scans of the raw configuration still see what the map holds (a literal key in it, say).
 */
function instanceBody(body: Body, each: Each): Body {
  const out: Body = {};
  for (const k of Object.keys(body)) out[k] = k === 'for_each' ? body[k] : rewrite(body[k], each);
  return out;
}

function rewrite(v: Json, each: Each): Json {
  if (typeof v === 'string') return v.includes('each') ? rewriteString(v, each) : v;
  if (Array.isArray(v)) return v.map((x) => rewrite(x, each));
  if (v !== null && typeof v === 'object') {
    const out: Body = {};
    for (const k of Object.keys(v)) {
      const key = k.includes('each') ? rewriteString(k, each) : k;
      // A key that does not fold to a string stays as written: `each` there is unknown.
      out[typeof key === 'string' ? key : k] = rewrite((v as Body)[k], each);
    }
    return out;
  }
  return v;
}

/**
 * `"${each.key}-tls"` becomes the literal `orders-tls`; `"${tls_private_key.k[each.key].private_key_pem}"`
 * becomes `"${tls_private_key.k["orders"].private_key_pem}"`. What cannot be rewritten exactly stays.
 */
function rewriteString(s: string, each: Each): Json {
  const c = compiled(s);
  if (c === undefined) return s;
  if (c.foldable) {
    const folded = fold(c.tree, each);
    if (folded !== NOT_FOLDED) return folded;
  }
  let out = '';
  let at = 0;
  for (const r of c.refs) {
    const value = resolve(r, each);
    if (value === NOT_FOLDED) return s;
    out += s.slice(at, r.a) + hclLiteral(value as PlanValue);
    at = r.b;
  }
  return out + s.slice(at);
}

/** A string that reads `each`, parsed once for every instance of every block that holds it. */
interface Compiled {
  readonly tree: Node;
  /** The `each` references in source order, none overlapping. */
  readonly refs: readonly Extract<Node, { k: 'ref' }>[];
  /** Literal text and `each` references alone: may fold to a literal. */
  readonly foldable: boolean;
}

const COMPILED = new Map<string, Compiled | null>();

/** undefined for a string that is left as it is in every instance. */
function compiled(s: string): Compiled | undefined {
  let c = COMPILED.get(s);
  if (c === undefined) {
    c = compile(s);
    if (COMPILED.size >= 50_000) COMPILED.clear();
    COMPILED.set(s, c);
  }
  return c ?? undefined;
}

function compile(s: string): Compiled | null {
  if (!hasTemplate(s)) return null;
  const tree = parseTemplate(s);
  if (typeof tree === 'string') return null;
  const refs: Extract<Node, { k: 'ref' }>[] = [];
  if (!collectEachRefs(tree, s, refs) || refs.length === 0) return null;
  refs.sort((a, b) => a.a - b.a);
  for (let i = 1; i < refs.length; i++) if (refs[i]!.a < refs[i - 1]!.b) return null;
  const foldable = tree.k === 'ref' || (tree.k === 'tpl' && tree.parts.every((p) => typeof p === 'string' || p.k === 'ref'));
  return { tree, refs, foldable };
}

const NOT_FOLDED = Symbol('not folded');

/** A template of literal text and `each.*` alone, as the value it is; NOT_FOLDED otherwise. */
function fold(n: Node, each: Each): Json | typeof NOT_FOLDED {
  if (n.k === 'ref') {
    const v = resolve(n, each);
    return v === NOT_FOLDED ? v : escapeTemplates(v as PlanValue);
  }
  if (n.k !== 'tpl') return NOT_FOLDED;
  if (n.single) return fold(n.parts[0] as Node, each);
  let out = '';
  for (const p of n.parts) {
    if (typeof p === 'string') {
      out += p;
      continue;
    }
    if (p.k !== 'ref') return NOT_FOLDED;
    const v = resolve(p, each);
    if (typeof v === 'string') out += v;
    else if (typeof v === 'number' || typeof v === 'boolean') out += String(v);
    else return NOT_FOLDED;
  }
  return escapeTemplates(out) as string;
}

/** The value of `each.key`, `each.value` and known attributes or keys below it; NOT_FOLDED for anything else. */
function resolve(r: Extract<Node, { k: 'ref' }>, each: Each): PlanValue | typeof NOT_FOLDED {
  if (r.root !== 'each') return NOT_FOLDED;
  const [first, ...rest] = r.steps;
  if (first?.t !== 'attr' || (first.name !== 'key' && first.name !== 'value')) return NOT_FOLDED;
  if (first.name === 'key') return rest.length ? NOT_FOLDED : each.key;
  let v: PlanValue = each.value;
  for (const s of rest) {
    const key = s.t === 'attr' ? s.name : s.t === 'index' ? literalKey(s.key) : undefined;
    if (Array.isArray(v) && typeof key === 'number' && Number.isInteger(key) && key >= 0 && key < v.length) v = v[key]!;
    else if (v !== null && typeof v === 'object' && !Array.isArray(v) && typeof key === 'string' && Object.prototype.hasOwnProperty.call(v, key)) v = (v as Record<string, PlanValue>)[key]!;
    else return NOT_FOLDED;
  }
  return v;
}

/** An index written as a literal: `[0]`, `["bits"]`. */
function literalKey(n: Node): unknown {
  if (n.k === 'lit') return n.v.raw;
  if (n.k === 'tpl' && n.parts.length <= 1 && n.parts.every((p) => typeof p === 'string')) return (n.parts[0] as string | undefined) ?? '';
  return undefined;
}

/**
 * Every `each` reference in the tree, with its span in `src`; false when one is somewhere the span
 * does not reach (a heredoc is parsed apart) or a for expression rebinds `each`.
 */
function collectEachRefs(n: unknown, src: string, out: Extract<Node, { k: 'ref' }>[]): boolean {
  if (n === null || typeof n !== 'object') return true;
  if (Array.isArray(n)) return n.every((x) => collectEachRefs(x, src, out));
  const node = n as { k?: string; root?: string; src?: string; keyVar?: string; valVar?: string };
  if ((node.k === 'for' || node.k === 'tfor') && (node.keyVar === 'each' || node.valVar === 'each')) return false;
  if (node.k === 'ref' && node.root === 'each') {
    if (node.src !== src) return false;
    out.push(n as Extract<Node, { k: 'ref' }>);
  }
  if (node.k === 'lit') return true;
  return Object.values(n).every((x) => collectEachRefs(x, src, out));
}

/** A value as an HCL expression that evaluates to exactly it. */
function hclLiteral(v: PlanValue): string {
  if (typeof v === 'string') return `"${hclString(v)}"`;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (v === null) return 'null';
  if (Array.isArray(v)) return `[${v.map(hclLiteral).join(', ')}]`;
  return `{${Object.keys(v as object).map((k) => `"${hclString(k)}" = ${hclLiteral((v as Record<string, PlanValue>)[k]!)}`).join(', ')}}`;
}

function hclString(s: string): string {
  return s.replace(/[\\"\u0000-\u001f\u007f]|\$\{|%\{/g, (c) => {
    switch (c) {
      case '\\': return '\\\\';
      case '"': return '\\"';
      case '\n': return '\\n';
      case '\r': return '\\r';
      case '\t': return '\\t';
      case '${': return '$${';
      case '%{': return '%%{';
      default: return `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;
    }
  });
}

/** A literal as a JSON value of cdk.tf.json, where every string is a template: `${` and `%{` doubled. */
function escapeTemplates(v: PlanValue): Json {
  if (typeof v === 'string') return v.replace(/\$\{|%\{/g, (m) => `${m[0]}${m}`);
  if (Array.isArray(v)) return v.map(escapeTemplates);
  if (v !== null && typeof v === 'object') {
    const out: Body = {};
    for (const k of Object.keys(v)) out[escapeTemplates(k) as string] = escapeTemplates((v as Record<string, PlanValue>)[k]!);
    return out;
  }
  return v;
}
