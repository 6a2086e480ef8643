import { IConstruct } from 'constructs';
import { evaluate, TerraformJson } from './expression';
import { SECRET_ATTRIBUTE } from './secret-sources';

/** Cheap pre-filter: a PEM key's armour, its base64 form, or a base64decode that may yield one. */
const MAYBE_KEY = /PRIVATE KEY|LS0tLS1CRUdJTi|base64decode/;
const MAYBE_KEY_MIN_LENGTH = 'PRIVATE KEY'.length;

/**
 * Where a literal private key sits in the configuration: resource arguments and locals. `clean` holds maps and
 * lists known to hold none (read whole by the payload scan), which are not walked again.
 */
export function literalKeyHolders(config: TerraformJson, ownerOf: (type: string, name: string) => IConstruct, clean: ReadonlySet<object> = NOTHING_CLEAN): { construct: IConstruct; where: string }[] {
  const out: { construct: IConstruct; where: string }[] = [];
  const resources = (config.resource ?? {}) as Record<string, Record<string, unknown>>;
  // In type, then name order; only what is found is sorted (a fleet has thousands of names per type, and no holder).
  const found: [string, string][] = [];
  // Indexed, and for-in for the names: run once per synth over every block, mostly before it is optimized.
  const types = Object.keys(resources);
  for (let t = 0; t < types.length; t++) {
    const blocks = resources[types[t]!] as Record<string, unknown>;
    for (const name in blocks) {
      if (Object.prototype.hasOwnProperty.call(blocks, name) && holdsLiteralKey(config, blocks[name], clean)) found.push([types[t]!, name]);
    }
  }
  found.sort(([ta, na], [tb, nb]) => (ta < tb ? -1 : ta > tb ? 1 : na < nb ? -1 : na > nb ? 1 : 0));
  for (const [type, name] of found) out.push({ construct: ownerOf(type, name), where: `${type}.${name}` });
  const variables = (config.variable ?? {}) as Record<string, { default?: unknown }>;
  for (const name of Object.keys(variables).sort()) {
    if (holdsLiteralKey(config, variables[name]?.default)) out.push({ construct: ownerOf('', ''), where: `the default of var.${name}` });
  }
  const locals = (config.locals ?? {}) as Record<string, unknown>;
  for (const name of Object.keys(locals).sort()) {
    if (holdsLiteralKey(config, locals[name])) out.push({ construct: ownerOf('', ''), where: `local.${name}` });
  }
  return out;
}

const NOTHING_CLEAN: ReadonlySet<object> = new Set();

function holdsLiteralKey(config: TerraformJson, value: unknown, clean: ReadonlySet<object> = NOTHING_CLEAN): boolean {
  if (!mayHoldKey(value, clean)) return false;
  // Only a key written into this value counts; one that flows in through a local is reported at the local.
  const e = evaluate({ ...config, locals: {} }, value);
  return e.secrets.includes('a literal private key');
}

/** Whether any string in `v` (outside cdktf's `//` metadata) passes the pre-filter; one pass, nothing copied. */
function mayHoldKey(v: unknown, clean: ReadonlySet<object>): boolean {
  // Shorter than the shortest alternative (PRIVATE KEY), a string cannot match: most of a plan's strings are.
  if (typeof v === 'string') return v.length >= MAYBE_KEY_MIN_LENGTH && MAYBE_KEY.test(v);
  if (v === null || typeof v !== 'object' || clean.has(v)) return false;
  if (Array.isArray(v)) {
    // Holes are skipped, as forEach skips them.
    for (let i = 0; i < v.length; i++) if (i in v && mayHoldKey(v[i], clean)) return true;
    return false;
  }
  // Every own enumerable string key, as Object.entries gives them, without an array of them per object. for-in
  // may also visit inherited ones: more candidates for the evaluator, never fewer.
  for (const k in v) {
    if (k !== '//' && mayHoldKey((v as Record<string, unknown>)[k], clean)) return true;
  }
  return false;
}

/**
 * Variables that feed a private key or a credential argument but are not declared sensitive: the
 * provider may mask the argument, but the variable's value is printed wherever it is used elsewhere.
 */
export function plainVariablesIntoSecrets(config: TerraformJson, sensitive: ReadonlySet<string>, ownerOf: (type: string, name: string) => IConstruct): { construct: IConstruct; message: string }[] {
  const out: { construct: IConstruct; message: string }[] = [];
  // Only a declared variable can be a finding (an undeclared one is unknown, not a flow): none, none to find.
  const declared = config.variable;
  if (declared === null || typeof declared !== 'object' || Object.keys(declared).length === 0) return out;
  const resources = (config.resource ?? {}) as Record<string, Record<string, Record<string, unknown>>>;
  for (const type of Object.keys(resources).sort()) {
    for (const name of Object.keys(resources[type]).sort()) {
      const body = resources[type][name] ?? {};
      for (const attribute of Object.keys(body).sort()) {
        // Arguments by name only: a Secret's data also holds public CA certificates, which a plain variable may carry.
        if (!SECRET_ATTRIBUTE.test(attribute)) continue;
        const value = body[attribute];
        if (typeof value !== 'string' && (value === null || typeof value !== 'object')) continue;
        for (const v of evaluate(config, value).dependsOnVariables) {
          // The declaration is what to fix (or waive): the finding belongs to the variable.
          if (!sensitive.has(v)) out.push({ construct: ownerOf('var', v), message: `variable "${v}" feeds ${type}.${name}.${attribute} but is not declared sensitive` });
        }
      }
    }
  }
  return out;
}
