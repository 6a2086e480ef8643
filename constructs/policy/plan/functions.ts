import { Budget, FnError, LimitError, MAX_STRING_LENGTH, Marks, NO_MARKS, Plain, SENSITIVE_CALL, Unknown, Val, reasonsOf, sortDeep, stringVal, tfJson, union, unknownVal, unwrap, withMarks, wrap } from './values';

// yaml is loaded on first use: few plans call yamlencode or yamldecode, and loading it costs ~20 ms.
const yaml = (): typeof import('yaml') => require('yaml') as typeof import('yaml');

export * from './values';

// The Terraform functions the evaluator runs on known values.

function typeName(p: Plain): string {
  return p === null ? 'null' : Array.isArray(p) ? 'list' : typeof p === 'object' ? 'map' : typeof p;
}

function str(p: Plain | undefined, what: string): string {
  if (typeof p === 'string') return p;
  if (typeof p === 'number' || typeof p === 'boolean') return String(p);
  throw new FnError(`${what} must be a string, got ${p === undefined ? 'nothing' : typeName(p)}`);
}

function num(p: Plain | undefined, what: string): number {
  if (typeof p === 'number') return p;
  if (typeof p === 'string' && /^-?\d+(\.\d+)?([eE][+-]?\d+)?$/.test(p)) return Number(p);
  throw new FnError(`${what} must be a number, got ${p === undefined ? 'nothing' : typeName(p)}`);
}

function list(p: Plain | undefined, what: string): Plain[] {
  if (Array.isArray(p)) return p;
  throw new FnError(`${what} must be a list, got ${p === undefined ? 'nothing' : typeName(p)}`);
}

function arity(args: readonly unknown[], min: number, max = min): void {
  if (args.length < min || args.length > max) {
    throw new FnError(`takes ${min === max ? min : max === Infinity ? `at least ${min}` : `${min} to ${max}`} arguments, got ${args.length}`);
  }
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

function base64decode(s: string): string {
  if (s.length % 4 !== 0 || !/^[A-Za-z0-9+/]*={0,2}$/.test(s)) throw new FnError('the string is not valid base64');
  try {
    return utf8.decode(Buffer.from(s, 'base64'));
  } catch {
    throw new FnError('the decoded bytes are not valid UTF-8');
  }
}

/** Go's `fmt` verbs that Terraform's format() uses most. */
function format(fmt: string, args: Plain[]): string {
  let next = 0;
  const out = fmt.replace(/%([^a-zA-Z%]*)([a-zA-Z%])/g, (whole, precision: string, verb: string) => {
    if (whole === '%%') return '%';
    // Widths, flags and argument indexes are not supported; precision only for %f.
    if (precision && !(verb === 'f' && /^\.\d+$/.test(precision))) throw new FnError(`unsupported format verb ${whole}`);
    if (next >= args.length) throw new FnError(`not enough arguments for ${whole}`);
    const a = args[next++]!;
    if (a === null) throw new FnError(`null value cannot be formatted (argument ${next})`);
    switch (verb) {
      case 's': return str(a, `argument ${next}`);
      case 'v': return typeof a === 'string' ? a : tfJson(a);
      case 'q': return tfJson(str(a, `argument ${next}`));
      case 't': if (typeof a !== 'boolean') throw new FnError(`%t needs a bool (argument ${next})`); return String(a);
      case 'd': {
        const n = num(a, `argument ${next}`);
        if (!Number.isInteger(n)) throw new FnError(`%d needs a whole number, got ${n}`);
        return String(n);
      }
      case 'f': return num(a, `argument ${next}`).toFixed(precision ? Number(precision.slice(1)) : 6);
      default: throw new FnError(`unsupported format verb ${whole}`);
    }
  });
  if (next < args.length) throw new FnError(`too many arguments; only ${next} used by the format string`);
  return out;
}

/**
 * A Terraform (RE2) pattern as a JavaScript RegExp. JavaScript backtracks, so patterns that could
 * take exponential time (a quantified group that itself repeats or alternates) are refused.
 */
function toRegExp(pattern: string): RegExp {
  let flags = 'g';
  const inline = /^\(\?([imsU]+)\)/.exec(pattern);
  if (inline) {
    if (inline[1]!.includes('U')) throw new FnError('the U flag is not supported');
    flags += inline[1]!;
    pattern = pattern.slice(inline[0].length);
  }
  if (/\\[1-9]|\(\?[=!]|\(\?<[=!]/.test(pattern)) throw new FnError('lookarounds and backreferences are not RE2 syntax');
  const groups: boolean[] = [];
  let unbounded = 0;
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    const quantified = /[*+?{]/.test(pattern[i + 1] ?? '');
    if (c === '\\') i++;
    else if (c === '[') while (i < pattern.length && pattern[i] !== ']') i += pattern[i] === '\\' ? 2 : 1;
    else if (c === '(') groups.push(false);
    else if (c === ')') {
      const repeats = groups.pop() ?? false;
      if (repeats && quantified) throw new FnError('the pattern could backtrack exponentially');
      if (groups.length && (repeats || quantified)) groups[groups.length - 1] = true;
    } else if (c === '|' && groups.length) groups[groups.length - 1] = true;
    else if ((c === '*' || c === '+' || c === '{') && groups.length) groups[groups.length - 1] = true;
    if (c === '*' || c === '+') unbounded++;
  }
  if (unbounded > 3) throw new FnError('the pattern has too many unbounded repetitions to evaluate safely');
  const source = pattern.replace(/\(\?P</g, '(?<');
  try {
    return new RegExp(source, flags + 'u');
  } catch {
    try {
      return new RegExp(source, flags);
    } catch (e) {
      throw new FnError(`invalid pattern: ${(e as Error).message}`);
    }
  }
}

/** Go's regexp template expansion: `$1`, `${1}`, `$name`, `${name}`, `$$`. */
function expandGo(template: string, groups: readonly (string | undefined)[], named: Record<string, string | undefined> | undefined): string {
  return template.replace(/\$(\$|\{(\w+)\}|(\w+))?/g, (whole, body: string | undefined, braced?: string, bare?: string) => {
    if (body === undefined) return whole;
    if (body === '$') return '$';
    const name = (braced ?? bare)!;
    return (/^\d+$/.test(name) ? groups[Number(name)] : named?.[name]) ?? '';
  });
}

function replace(s: string, search: string, replacement: string, budget: Budget): string {
  if (search.length > 1 && search.startsWith('/') && search.endsWith('/')) {
    if (s.length > 20_000) throw new LimitError('regular-expression replace on a string over 20000 characters');
    const re = toRegExp(search.slice(1, -1));
    budget.charge(s.length);
    return s.replace(re, (...m: unknown[]) => {
      const named = typeof m[m.length - 1] === 'object' ? (m[m.length - 1] as Record<string, string | undefined>) : undefined;
      const groups = m.slice(0, named ? -3 : -2) as (string | undefined)[];
      return expandGo(replacement, groups, named);
    });
  }
  return search === '' ? s : s.split(search).join(replacement);
}

function codePoints(s: string): string[] {
  return Array.from(s);
}

function toBool(p: Plain): boolean | null {
  if (p === null || typeof p === 'boolean') return p;
  if (p === 'true' || p === 'false') return p === 'true';
  throw new FnError(`cannot convert ${typeName(p)} to bool`);
}

function substr(s: string, offset: number, length: number): string {
  const cps = codePoints(s);
  const start = offset < 0 ? Math.max(0, cps.length + offset) : offset;
  if (start > cps.length) throw new FnError('offset is beyond the end of the string');
  return cps.slice(start, length < 0 ? undefined : start + length).join('');
}

type Strict = (a: Plain[], budget: Budget) => Plain;

/** Functions that need every argument known; they run on plain JS. */
const STRICT: Record<string, Strict> = {
  base64encode: (a) => (arity(a, 1), Buffer.from(str(a[0], 'the argument'), 'utf8').toString('base64')),
  base64decode: (a) => (arity(a, 1), base64decode(str(a[0], 'the argument'))),
  trimspace: (a) => (arity(a, 1), str(a[0], 'the argument').trim()),
  trim: (a) => {
    arity(a, 2);
    const cut = new Set(codePoints(str(a[1], 'the cutset')));
    const cps = codePoints(str(a[0], 'the string'));
    let i = 0;
    let j = cps.length;
    while (i < j && cut.has(cps[i]!)) i++;
    while (j > i && cut.has(cps[j - 1]!)) j--;
    return cps.slice(i, j).join('');
  },
  lower: (a) => (arity(a, 1), str(a[0], 'the argument').toLowerCase()),
  upper: (a) => (arity(a, 1), str(a[0], 'the argument').toUpperCase()),
  jsonencode: (a) => (arity(a, 1), tfJson(a[0]!)),
  jsondecode: (a) => {
    arity(a, 1);
    try {
      return JSON.parse(str(a[0], 'the argument')) as Plain;
    } catch (e) {
      throw new FnError(`invalid JSON: ${(e as Error).message}`);
    }
  },
  yamlencode: (a) => (arity(a, 1), yaml().stringify(sortDeep(a[0]!))),
  yamldecode: (a) => {
    arity(a, 1);
    try {
      return yaml().parse(str(a[0], 'the argument'), { maxAliasCount: 100 }) as Plain;
    } catch (e) {
      throw new FnError(`invalid YAML: ${(e as Error).message.split('\n')[0]}`);
    }
  },
  join: (a) => {
    arity(a, 2, Infinity);
    const sep = str(a[0], 'the separator');
    return a.slice(1).flatMap((l, i) => list(l, `argument ${i + 2}`)).map((e) => str(e, 'each element')).join(sep);
  },
  split: (a) => (arity(a, 2), str(a[1], 'the string').split(str(a[0], 'the separator'))),
  format: (a) => (arity(a, 1, Infinity), format(str(a[0], 'the format'), a.slice(1))),
  replace: (a, budget) => (arity(a, 3), replace(str(a[0], 'the string'), str(a[1], 'the search'), str(a[2], 'the replacement'), budget)),
  tostring: (a) => (arity(a, 1), a[0] === null ? null : str(a[0], 'the argument')),
  tonumber: (a) => (arity(a, 1), a[0] === null ? null : num(a[0], 'the argument')),
  tobool: (a) => (arity(a, 1), toBool(a[0]!)),
  contains: (a) => (arity(a, 2), list(a[0], 'the first argument').some((e) => tfJson(e) === tfJson(a[1]!))),
  substr: (a) => (arity(a, 3), substr(str(a[0], 'the string'), num(a[1], 'the offset'), num(a[2], 'the length'))),
  startswith: (a) => (arity(a, 2), str(a[0], 'the string').startsWith(str(a[1], 'the prefix'))),
  endswith: (a) => (arity(a, 2), str(a[0], 'the string').endsWith(str(a[1], 'the suffix'))),
  strcontains: (a) => (arity(a, 2), str(a[0], 'the string').includes(str(a[1], 'the substring'))),
  abs: (a) => (arity(a, 1), Math.abs(num(a[0], 'the argument'))),
  min: (a) => (arity(a, 1, Infinity), Math.min(...a.map((n) => num(n, 'each argument')))),
  max: (a) => (arity(a, 1, Infinity), Math.max(...a.map((n) => num(n, 'each argument')))),
};

type Shaped = (a: readonly Val[], all: Marks) => Val;

function sortedEntries(m: ReadonlyMap<string, Val>): [string, Val][] {
  return [...m].sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0));
}

function needList(v: Val | undefined, what: string): readonly Val[] {
  if (v && Array.isArray(v.raw)) return v.raw as readonly Val[];
  throw new FnError(`${what} must be a list`);
}

function needMap(v: Val | undefined, what: string): ReadonlyMap<string, Val> {
  if (v && v.raw instanceof Map) return v.raw;
  throw new FnError(`${what} must be a map or object`);
}

function keyOf(v: Val | undefined, what: string): string {
  const raw = v?.raw;
  if (typeof raw === 'string' || typeof raw === 'number' || typeof raw === 'boolean') return String(raw);
  throw new FnError(`${what} must be a string`);
}

/**
 * Functions that keep partial knowledge: a list with one unknown element still has a length.
 * They see arguments whose top level is known (or `try`/`can`, which see anything).
 */
const PARTIAL: Record<string, Shaped> = {
  nonsensitive: (a) => (arity(a, 1), a[0]!),
  sensitive: (a) => (arity(a, 1), withMarks(a[0]!, [SENSITIVE_CALL])),
  lookup: (a, all) => {
    arity(a, 2, 3);
    const m = needMap(a[0], 'the first argument');
    const found = m.get(keyOf(a[1], 'the key'));
    if (found) return withMarks(found, union(union(a[0]!.marks, a[1]!.deep), a[2]?.deep ?? NO_MARKS));
    if (a.length === 3) return withMarks(a[2]!, all);
    throw new FnError(`no key "${keyOf(a[1], 'the key')}" in the map and no default`);
  },
  element: (a) => {
    arity(a, 2);
    const l = needList(a[0], 'the first argument');
    const i = a[1]!.raw;
    if (typeof i !== 'number' || !Number.isInteger(i) || i < 0) throw new FnError('the index must be a whole number of at least 0');
    if (!l.length) throw new FnError('cannot use element() on an empty list');
    return withMarks(l[i % l.length]!, union(a[0]!.marks, a[1]!.deep));
  },
  length: (a) => {
    arity(a, 1);
    const raw = a[0]!.raw;
    if (typeof raw === 'string') return new Val(codePoints(raw).length, a[0]!.deep);
    if (Array.isArray(raw) || raw instanceof Map) return new Val(Array.isArray(raw) ? raw.length : (raw as Map<string, Val>).size, a[0]!.marks);
    throw new FnError('the argument must be a string, list or map');
  },
  concat: (a) => new Val(a.flatMap((l, i) => needList(l, `argument ${i + 1}`)), a.reduce((m, v) => union(m, v.marks), NO_MARKS)),
  merge: (a) => {
    const out = new Map<string, Val>();
    for (const [i, v] of a.entries()) if (v.raw !== null) for (const [k, c] of needMap(v, `argument ${i + 1}`)) out.set(k, c);
    return new Val(out, a.reduce((m, v) => union(m, v.marks), NO_MARKS));
  },
  tolist: (a) => (arity(a, 1), a[0]!.raw === null ? a[0]! : new Val(needList(a[0], 'the argument'), a[0]!.marks)),
  toset: (a, all) => {
    arity(a, 1);
    if (a[0]!.raw === null) return a[0]!;
    const l = needList(a[0], 'the argument');
    if (a[0]!.unknown) return unknownVal(reasonsOf(a), all, a[0]!.error);
    const seen = new Map<string, Val>();
    for (const v of l) seen.set(tfJson(unwrap(v, { charge: () => undefined })), v);
    const items = [...seen.values()];
    if (items.every((v) => typeof v.raw === 'string')) items.sort((x, y) => ((x.raw as string) < (y.raw as string) ? -1 : 1));
    else if (items.every((v) => typeof v.raw === 'number')) items.sort((x, y) => (x.raw as number) - (y.raw as number));
    return new Val(items, a[0]!.marks);
  },
  tomap: (a) => (arity(a, 1), a[0]!.raw === null ? a[0]! : new Val(needMap(a[0], 'the argument'), a[0]!.marks)),
  keys: (a) => (arity(a, 1), new Val(sortedEntries(needMap(a[0], 'the argument')).map(([k]) => new Val(k)), a[0]!.marks)),
  values: (a) => (arity(a, 1), new Val(sortedEntries(needMap(a[0], 'the argument')).map(([, v]) => v), a[0]!.marks)),
  coalesce: (a, all) => {
    arity(a, 1, Infinity);
    for (const v of a) {
      if (v.raw instanceof Unknown) return unknownVal(v.raw.reasons, all, v.raw.error);
      if (v.raw !== null && v.raw !== '') return withMarks(v, all);
    }
    throw new FnError('no non-null, non-empty-string arguments');
  },
  // Terraform's try returns unknown when an argument is unknown: it might still fail at apply.
  try: (a, all) => {
    arity(a, 1, Infinity);
    for (const v of a) {
      if (v.error) continue;
      return v.unknown ? unknownVal(reasonsOf([v]), all) : withMarks(v, all);
    }
    return unknownVal(['try(): no argument evaluated without an error', ...reasonsOf(a)], all, true);
  },
  can: (a, all) => (arity(a, 1), a[0]!.error ? new Val(false, all) : a[0]!.unknown ? unknownVal(reasonsOf(a), all) : new Val(true, all)),
};

const READS_FILES = new Set(['file', 'filebase64', 'filemd5', 'filesha1', 'filesha256', 'filesha512', 'fileexists', 'fileset', 'templatefile', 'abspath', 'pathexpand']);
const CHANGES_EVERY_RUN = new Set(['timestamp', 'plantimestamp', 'uuid', 'bcrypt']);
const SEES_ANY = new Set(['try', 'can', 'nonsensitive', 'sensitive', 'coalesce']);

/** Calls a Terraform function on evaluated arguments; never throws except on a spent budget. */
export function callFunction(name: string, args: readonly Val[], budget: Budget): Val {
  const all = args.reduce((m, v) => union(m, v.deep), NO_MARKS);
  const strict = Object.prototype.hasOwnProperty.call(STRICT, name) ? STRICT[name] : undefined;
  const partial = Object.prototype.hasOwnProperty.call(PARTIAL, name) ? PARTIAL[name] : undefined;
  if (!strict && !partial) {
    const why = READS_FILES.has(name) ? 'reads outside the plan' : CHANGES_EVERY_RUN.has(name) ? 'changes on every run' : 'is not supported';
    return unknownVal([`function ${name}() ${why}`, ...reasonsOf(args)], all);
  }
  const failed = args.filter((v) => v.error);
  if (failed.length && name !== 'try' && name !== 'can') return unknownVal(reasonsOf(failed), all, true);
  const blocked = args.filter((v) => (strict ? v.unknown : v.raw instanceof Unknown));
  if (blocked.length && !SEES_ANY.has(name)) return unknownVal(reasonsOf(blocked), all);
  try {
    if (partial) {
      const v = partial(args, all);
      if (Array.isArray(v.raw) || v.raw instanceof Map) budget.charge(Array.isArray(v.raw) ? v.raw.length : (v.raw as Map<string, Val>).size);
      return v;
    }
    const result = strict!(args.map((v) => unwrap(v, budget)), budget);
    if (typeof result === 'string') {
      if (result.length > MAX_STRING_LENGTH) throw new LimitError(`${name}() would build a string over ${MAX_STRING_LENGTH} characters`);
      budget.charge(result.length >> 6);
      return stringVal(result, all);
    }
    return wrap(result, all, budget);
  } catch (e) {
    if (e instanceof LimitError) throw e;
    return unknownVal(`${name}(): ${e instanceof Error ? e.message : String(e)}`, all, true);
  }
}
