import { IConstruct } from 'constructs';
import { evaluate, TerraformJson } from './expression';

/** Cheap pre-filter: a PEM key's armour, its base64 form, or a base64decode that may yield one. */
const MAYBE_KEY = /PRIVATE KEY|LS0tLS1CRUdJTi|base64decode/;

/** Where a literal private key sits in the configuration: resource arguments and locals. */
export function literalKeyHolders(config: TerraformJson, ownerOf: (type: string, name: string) => IConstruct): { construct: IConstruct; where: string }[] {
  const out: { construct: IConstruct; where: string }[] = [];
  const resources = (config.resource ?? {}) as Record<string, Record<string, unknown>>;
  for (const type of Object.keys(resources).sort()) {
    for (const name of Object.keys(resources[type]).sort()) {
      if (holdsLiteralKey(config, resources[type][name])) out.push({ construct: ownerOf(type, name), where: `${type}.${name}` });
    }
  }
  const locals = (config.locals ?? {}) as Record<string, unknown>;
  for (const name of Object.keys(locals).sort()) {
    if (holdsLiteralKey(config, locals[name])) out.push({ construct: ownerOf('', ''), where: `local.${name}` });
  }
  return out;
}

function holdsLiteralKey(config: TerraformJson, value: unknown): boolean {
  let suspect = false;
  const visit = (v: unknown): void => {
    if (suspect) return;
    if (typeof v === 'string') suspect = MAYBE_KEY.test(v);
    else if (Array.isArray(v)) v.forEach(visit);
    else if (v !== null && typeof v === 'object') Object.entries(v).forEach(([k, x]) => { if (k !== '//') visit(x); });
  };
  visit(value);
  if (!suspect) return false;
  // Only a key written into this value counts; one that flows in through a local is reported at the local.
  const e = evaluate({ ...config, locals: {} }, value);
  return e.secrets.includes('a literal private key');
}
