import { readFileSync, statSync } from 'node:fs';
import { expandInstances } from '../plan/instances';
import type { TerraformJson } from '../plan/expression';

// The `tls_*` blocks of a stack's cdk.tf.json, for the diff: what tells a re-keyed certificate from a
// re-issued or an unchanged one (report.json names the key's algorithm, not the block that generates it).
// Terraform replaces a key when its block's address or inputs change, unless a `moved` block carries the
// state over; so the comparison goes through the head's `moved` blocks: a block that moved, with its inputs
// unchanged once the moves are undone in its references, is the same key.

/** cdk.tf.json of a 1000×10 fleet is tens of MiB; anything far above is not one synth wrote. */
const MAX_PLAN_BYTES = 512 * 1024 * 1024;

type Json = unknown;

export interface PlanBlocks {
  /** Canonical JSON of each block, by the construct path its metadata names. */
  readonly byPath: ReadonlyMap<string, string>;
  /** `type.name` of each block, by construct path. */
  readonly addressOf: ReadonlyMap<string, string>;
  /**
   * Canonical JSON of each block or `for_each` instance a `moved` block of this plan took over, by the address
   * it moved from, written as if it still had that address (moves undone in its references too).
   */
  readonly movedFrom: ReadonlyMap<string, string>;
}

export const NO_BLOCKS: PlanBlocks = { byPath: new Map(), addressOf: new Map(), movedFrom: new Map() };

/** The block `path` names in the base, and what the head has for it: at the same path, or where a `moved` block took it. */
export function blockPair(base: PlanBlocks, head: PlanBlocks, path: string): [string | undefined, string | undefined] {
  const address = base.addressOf.get(path);
  // What Terraform matches the base's state to: the target of a move from the base's address, else the same path.
  const moved = address !== undefined ? head.movedFrom.get(address) : undefined;
  return [base.byPath.get(path), moved ?? head.byPath.get(path)];
}

/** Optional: undefined when the file is missing, too large, or not a plan synth could have written. */
export function readPlan(file: string): PlanBlocks | undefined {
  let config: Json;
  try {
    if (statSync(file).size > MAX_PLAN_BYTES) return undefined;
    config = JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    return undefined;
  }
  if (typeof config !== 'object' || config === null || Array.isArray(config)) return NO_BLOCKS;
  try {
    return planBlocks(config as TerraformJson);
  } catch {
    return undefined; // nested deeper than the stack allows: not a plan synth wrote, so no plan evidence
  }
}

function planBlocks(config: TerraformJson): PlanBlocks {
  const byPath = new Map<string, string>();
  const addressOf = new Map<string, string>();
  const movedFrom = new Map<string, string>();
  const resources = config.resource;
  if (typeof resources !== 'object' || resources === null) return { byPath, addressOf, movedFrom };
  // Moves undone: every block and reference written with the address its state had before this plan's moves.
  const moves = movesOf(config.moved);
  const undo = (s: string): string => (moves.size === 0 ? s : s.replace(ADDRESS, (a: string) => moves.get(a) ?? a));
  const nameOf = (address: string): string => address.slice(address.indexOf('.') + 1);
  for (const [type, byName] of Object.entries(resources as Record<string, Json>)) {
    if (!type.startsWith('tls_') || typeof byName !== 'object' || byName === null) continue;
    for (const [logicalId, block] of Object.entries(byName as Record<string, Json>)) {
      if (typeof block !== 'object' || block === null) continue;
      const path = (block as { '//'?: { metadata?: { path?: Json } } })['//']?.metadata?.path;
      if (typeof path !== 'string') continue;
      const address = `${type}.${logicalId}`;
      byPath.set(path, canonicalBlock(type, nameOf(moves.get(address) ?? address), mapStrings(block, undo) as Record<string, Json>));
      addressOf.set(path, address);
    }
  }
  if (moves.size === 0) return { byPath, addressOf, movedFrom };
  // A move's target may be one instance of a `for_each` block: judged as the instance Terraform applies.
  const expanded = expandInstances(config).resource as Record<string, Record<string, Json>>;
  for (const [to, from] of moves) {
    const type = to.slice(0, to.indexOf('.'));
    if (!type.startsWith('tls_') || from.slice(0, from.indexOf('.')) !== type) continue;
    const block = expanded[type]?.[nameOf(to)];
    if (typeof block !== 'object' || block === null) continue;
    const { for_each: _forEach, ...inputs } = block as Record<string, Json>;
    movedFrom.set(from, canonicalBlock(type, nameOf(from), mapStrings(inputs, undo) as Record<string, Json>));
  }
  return { byPath, addressOf, movedFrom };
}

/** `type.name` or `type.name["key"]`, as references and moved blocks write them. */
const ADDRESS = /[a-z][a-z0-9_]*\.[A-Za-z_][A-Za-z0-9_-]*(?:\["[^"\\]*"\])?/g;
const WHOLE_ADDRESS = new RegExp(`^${ADDRESS.source}$`);

/** The head's moves, `to` → `from`, for well-formed moves of managed resources (a `to` moved twice is ambiguous: dropped). */
function movesOf(moved: Json): Map<string, string> {
  const out = new Map<string, string>();
  const ambiguous = new Set<string>();
  if (!Array.isArray(moved)) return out;
  for (const m of moved) {
    const { from, to } = (typeof m === 'object' && m !== null ? m : {}) as { from?: Json; to?: Json };
    if (typeof from !== 'string' || typeof to !== 'string' || !WHOLE_ADDRESS.test(from) || !WHOLE_ADDRESS.test(to)) continue;
    if (out.has(to)) ambiguous.add(to);
    out.set(to, from);
  }
  ambiguous.forEach((a) => out.delete(a));
  return out;
}

function mapStrings(v: Json, f: (s: string) => string): Json {
  if (typeof v === 'string') return f(v);
  if (Array.isArray(v)) return v.map((x) => mapStrings(x, f));
  if (typeof v === 'object' && v !== null) {
    const out: Record<string, Json> = {};
    for (const k of Object.keys(v)) out[k] = mapStrings((v as Record<string, Json>)[k], f);
    return out;
  }
  return v;
}

/**
 * early_renewal_hours is the one input of a tls_*_cert the provider updates in place (no RequiresReplace in
 * hashicorp/tls 4.x): the renewal window is compared from report.json, so it is left out of the block here.
 */
function canonicalBlock(type: string, logicalId: string, block: Record<string, Json>): string {
  const { '//': _meta, early_renewal_hours: _renewal, ...inputs } = block;
  return canonical({ type, logicalId, inputs });
}

/**
 * JSON with sorted keys, so two plans that differ only in key order compare equal; a null attribute is left out,
 * as Terraform reads it (a `for_each` block writes null for a field one instance lacks and another has).
 */
function canonical(v: Json): string {
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  if (typeof v === 'object' && v !== null) {
    const o = v as Record<string, Json>;
    return `{${Object.keys(o).filter((k) => o[k] !== null).sort().map((k) => `${JSON.stringify(k)}:${canonical(o[k])}`).join(',')}}`;
  }
  return JSON.stringify(v) ?? 'null';
}
