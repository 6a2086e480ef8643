import { Budget, NO_MARKS, Unknown, Val, reasonsOf, tfJson, union, unknownVal, unwrap, withMarks } from './functions';

// Terraform's operators and the value shapes they build, on evaluated values.

export function interpolate(raw: Val['raw']): string | undefined {
  return typeof raw === 'string' ? raw : typeof raw === 'number' || typeof raw === 'boolean' ? String(raw) : undefined;
}

export function choose(c: Val, t: Val, f: Val): Val {
  // Either branch taints the result: which one runs may change at plan.
  const marks = union(union(c.deep, t.deep), f.deep);
  if (c.raw instanceof Unknown) return unknownVal(c.raw.reasons, marks, c.raw.error);
  const b = c.raw === true || c.raw === 'true' ? true : c.raw === false || c.raw === 'false' ? false : undefined;
  if (b === undefined) return unknownVal('a condition must be a bool', marks, true);
  return withMarks(b ? t : f, union(c.deep, (b ? f : t).deep));
}

export function object(items: readonly (readonly [Val, Val])[]): Val {
  const m = new Map<string, Val>();
  let marks = NO_MARKS;
  const blocked: Val[] = [];
  for (const [k, v] of items) {
    marks = union(marks, k.deep);
    const key = k.unknown ? undefined : interpolate(k.raw);
    if (key === undefined) blocked.push(k.unknown ? k : unknownVal('an object key must be a string', NO_MARKS, true));
    else m.set(key, v);
  }
  if (!blocked.length) return new Val(m, marks);
  const all = items.reduce((acc, [, v]) => union(acc, v.deep), marks);
  return unknownVal(reasonsOf(blocked), all, blocked.some((b) => b.error));
}

export function numberOf(raw: Val['raw']): number | undefined {
  if (typeof raw === 'number') return raw;
  return typeof raw === 'string' && /^-?\d+(\.\d+)?([eE][+-]?\d+)?$/.test(raw) ? Number(raw) : undefined;
}

export function binary(op: string, l: Val, r: Val, cx: Budget): Val {
  const marks = union(l.deep, r.deep);
  const fail = (why: string): Val => unknownVal(`operator ${op}: ${why}`, marks, true);
  if (l.error || r.error) return unknownVal(reasonsOf([l, r]), marks, true);
  if (op === '&&' || op === '||') {
    const decisive = op === '||';
    const [a, b] = [l, r].map((v) => (v.raw instanceof Unknown ? null : typeof v.raw === 'boolean' ? v.raw : undefined));
    if (a === undefined || b === undefined) return fail('operands must be bools');
    if (a === decisive || b === decisive) return new Val(decisive, marks);
    return a === null || b === null ? unknownVal(reasonsOf([l, r]), marks) : new Val(!decisive, marks);
  }
  if (l.unknown || r.unknown) return unknownVal(reasonsOf([l, r]), marks);
  if (op === '==' || op === '!=') return new Val((tfJson(unwrap(l, cx)) === tfJson(unwrap(r, cx))) === (op === '=='), marks);
  const a = numberOf(l.raw);
  const b = numberOf(r.raw);
  if (a === undefined || b === undefined) return fail('operands must be numbers');
  if ((op === '/' || op === '%') && b === 0) return fail('division by zero');
  const result: Record<string, () => number | boolean> = {
    '+': () => a + b, '-': () => a - b, '*': () => a * b, '/': () => a / b, '%': () => a % b,
    '<': () => a < b, '>': () => a > b, '<=': () => a <= b, '>=': () => a >= b,
  };
  return new Val(result[op]!(), marks);
}

export function unary(op: string, x: Val): Val {
  if (x.raw instanceof Unknown) return x;
  if (op === '!') return typeof x.raw === 'boolean' ? new Val(!x.raw, x.deep) : unknownVal('operator !: the operand must be a bool', x.deep, true);
  const n = numberOf(x.raw);
  return n === undefined ? unknownVal('operator -: the operand must be a number', x.deep, true) : new Val(-n, x.deep);
}
