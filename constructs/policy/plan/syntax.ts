import { isSecretPem, Val } from './functions';
import { MAX_PARSE_DEPTH, ParseError, Scanner } from './scanner';

export { IDENT, MAX_PARSE_DEPTH, ParseError } from './scanner';

// The parser of Terraform's expression and template syntax, for the evaluator in expression.ts.

/** Expressions longer than this are not parsed: a plan never needs them, an attacker might. */
export const MAX_EXPRESSION_LENGTH = 1 << 20;

export type Step = { readonly t: 'attr'; readonly name: string } | { readonly t: 'index'; readonly key: Node } | { readonly t: 'splat' };
export interface Span { readonly src: string; readonly a: number; readonly b: number }
export type Node =
  | { readonly k: 'lit'; readonly v: Val }
  | { readonly k: 'tpl'; readonly parts: readonly (string | Node)[]; readonly single: boolean; readonly secret: boolean }
  | ({ readonly k: 'ref'; readonly root: string; readonly steps: readonly Step[] } & Span)
  | ({ readonly k: 'post'; readonly base: Node; readonly steps: readonly Step[] } & Span)
  | { readonly k: 'call'; readonly name: string; readonly args: readonly Node[]; readonly expand: boolean }
  | { readonly k: 'tuple'; readonly items: readonly Node[] }
  | { readonly k: 'obj'; readonly items: readonly (readonly [Node, Node])[] }
  | { readonly k: 'cond' | 'tif'; readonly c: Node; readonly t: Node; readonly f: Node }
  | { readonly k: 'bin'; readonly op: string; readonly l: Node; readonly r: Node }
  | { readonly k: 'un'; readonly op: string; readonly x: Node }
  | { readonly k: 'for' | 'tfor'; readonly keyVar?: string; readonly valVar: string; readonly coll: Node;
      readonly key?: Node; readonly val: Node; readonly cond?: Node; readonly group: boolean; readonly tuple: boolean };


export const NUMBER = /\d+(\.\d+)?([eE][+-]?\d+)?/y;
export const DIGITS = /\d+/y;
export const PRECEDENCE: Record<string, number> = { '||': 1, '&&': 2, '==': 3, '!=': 3, '<': 4, '>': 4, '<=': 4, '>=': 4, '+': 5, '-': 5, '*': 6, '/': 6, '%': 6 };
export const NO_STOPS: readonly string[] = [];
export const lit = (v: string | number | boolean | null): Node => ({ k: 'lit', v: new Val(v) });
export const isOp = (s: string): boolean => Object.prototype.hasOwnProperty.call(PRECEDENCE, s);

/** HCL native syntax, as far as Terraform JSON strings use it; a recursive-descent parser. */
export class Parser extends Scanner {
  constructor(s: string, depth = 0) {
    super(s, depth);
  }

  /** The whole string as a template, the way Terraform reads a JSON string. */
  top(): Node {
    const t = this.template(false, NO_STOPS, true, false);
    if (this.i < this.s.length) throw this.fail('unexpected text');
    return t.node;
  }

  private template(quoted: boolean, stops: readonly string[], single: boolean, stripFirst: boolean): { node: Node; stop?: string; strip: boolean } {
    this.enter();
    const s = this.s;
    const parts: (string | Node)[] = [];
    let text = '';
    let strip = stripFirst;
    let interpolations = 0;
    let directives = 0;
    const flush = (): void => {
      const t = strip ? text.trimStart() : text;
      if (t) parts.push(t);
      text = '';
      strip = false;
    };
    while (this.i < s.length) {
      const c = s[this.i];
      if (quoted && c === '"') break;
      if (quoted && c === '\\') {
        text += this.escape();
        continue;
      }
      if ((c === '$' || c === '%') && s[this.i + 1] === '{') {
        const trimBefore = s[this.i + 2] === '~';
        if (trimBefore) text = text.trimEnd();
        flush();
        this.i += trimBefore ? 3 : 2;
        if (c === '$') {
          parts.push(this.expr());
          interpolations++;
          strip = this.close();
          continue;
        }
        this.ws();
        const word = this.ident() ?? '';
        directives++;
        if (stops.includes(word)) {
          const closeStrip = this.close();
          this.depth--;
          return { node: this.tpl(parts, false), stop: word, strip: closeStrip };
        }
        if (word === 'if') {
          const cond = this.expr();
          const then = this.template(quoted, ['else', 'endif'], false, this.close());
          const other = then.stop === 'else' ? this.template(quoted, ['endif'], false, then.strip) : undefined;
          if ((other ?? then).stop !== 'endif') throw this.fail('expected %{ endif }');
          parts.push({ k: 'tif', c: cond, t: then.node, f: other?.node ?? lit('') });
          strip = (other ?? then).strip;
        } else if (word === 'for') {
          const head = this.forHead();
          const body = this.template(quoted, ['endfor'], false, this.close());
          if (body.stop !== 'endfor') throw this.fail('expected %{ endfor }');
          parts.push({ k: 'tfor', ...head, val: body.node, group: false, tuple: true });
          strip = body.strip;
        } else {
          throw this.fail(`unexpected %{ ${word} }`);
        }
        continue;
      }
      if ((c === '$' || c === '%') && s[this.i + 1] === c && s[this.i + 2] === '{') {
        text += `${c}{`;
        this.i += 3;
        continue;
      }
      let j = this.i + 1;
      while (j < s.length && s[j] !== '$' && s[j] !== '%' && !(quoted && (s[j] === '"' || s[j] === '\\'))) j++;
      text += s.slice(this.i, j);
      this.i = j;
    }
    if (stops.length) throw this.fail(`expected %{ ${stops[stops.length - 1]} }`);
    flush();
    this.depth--;
    return { node: this.tpl(parts, single && interpolations === 1 && directives === 0 && parts.length === 1), strip: false };
  }

  private tpl(parts: (string | Node)[], single: boolean): Node {
    return { k: 'tpl', parts, single, secret: parts.some((p) => typeof p === 'string' && isSecretPem(p)) };
  }

  /** `~}` or `}` closing an interpolation or directive; true when it strips what follows. */

  private expr(): Node {
    this.enter();
    const c = this.binary(1);
    this.ws();
    let out = c;
    if (this.eat('?')) {
      const t = this.expr();
      this.ws();
      this.expect(':');
      out = { k: 'cond', c, t, f: this.expr() };
    }
    this.depth--;
    return out;
  }

  private binary(min: number): Node {
    let l = this.unary();
    for (;;) {
      this.ws();
      const two = this.s.slice(this.i, this.i + 2);
      const op = isOp(two) ? two : isOp(this.s[this.i] ?? '') ? this.s[this.i]! : undefined;
      if (op === undefined || PRECEDENCE[op]! < min) return l;
      this.i += op.length;
      l = { k: 'bin', op, l, r: this.binary(PRECEDENCE[op]! + 1) };
    }
  }

  private unary(): Node {
    const ops: string[] = [];
    for (;;) {
      this.ws();
      const c = this.s[this.i];
      if ((c === '!' && this.s[this.i + 1] !== '=') || c === '-') {
        ops.push(c);
        this.i++;
        if (ops.length > MAX_PARSE_DEPTH) throw this.fail('too many unary operators');
      } else break;
    }
    let x = this.postfix();
    for (let k = ops.length - 1; k >= 0; k--) x = { k: 'un', op: ops[k]!, x };
    return x;
  }

  private postfix(): Node {
    this.ws();
    const a = this.i;
    const base = this.primary();
    const steps: Step[] = [];
    for (;;) {
      if (this.s[this.i] === '.' && this.s[this.i + 1] !== '.') {
        this.i++;
        if (this.eat('*')) steps.push({ t: 'splat' });
        else {
          const digits = this.match(DIGITS);
          steps.push(digits !== undefined ? { t: 'index', key: lit(Number(digits)) } : { t: 'attr', name: this.needIdent() });
        }
      } else if (this.eat('[')) {
        this.ws();
        if (this.eat('*')) {
          this.ws();
          this.expect(']');
          steps.push({ t: 'splat' });
        } else {
          const key = this.expr();
          this.ws();
          this.expect(']');
          steps.push({ t: 'index', key });
        }
      } else break;
    }
    if (!steps.length) return base;
    const span = { src: this.s, a, b: this.i };
    return base.k === 'ref' && !base.steps.length ? { k: 'ref', root: base.root, steps, ...span } : { k: 'post', base, steps, ...span };
  }

  private primary(): Node {
    const s = this.s;
    const c = s[this.i];
    if (c === undefined) throw this.fail('unexpected end of expression');
    if (c >= '0' && c <= '9') return lit(Number(this.match(NUMBER)));
    if (this.eat('"')) {
      const { node } = this.template(true, NO_STOPS, true, false);
      this.expect('"');
      return node;
    }
    if (this.eat('(')) {
      const e = this.expr();
      this.ws();
      this.expect(')');
      return e;
    }
    if (this.eat('[')) return this.tuple();
    if (this.eat('{')) return this.object();
    if (this.eat('<<')) return this.heredoc();
    const a = this.i;
    const name = this.ident();
    if (name === undefined) throw this.fail(`unexpected "${c}"`);
    if (name === 'true' || name === 'false') return lit(name === 'true');
    if (name === 'null') return lit(null);
    let fn = name;
    while (this.eat('::')) fn += `::${this.needIdent()}`;
    if (this.eat('(')) return this.call(fn);
    if (fn !== name) throw this.fail('expected "(" after a provider function name');
    return { k: 'ref', root: name, steps: [], src: s, a, b: this.i };
  }

  private call(name: string): Node {
    const args: Node[] = [];
    let expand = false;
    for (;;) {
      this.ws();
      if (this.eat(')')) break;
      args.push(this.expr());
      this.ws();
      if (this.eat('...')) {
        expand = true;
        this.ws();
        this.expect(')');
        break;
      }
      if (!this.eat(',')) {
        this.expect(')');
        break;
      }
    }
    return { k: 'call', name, args, expand };
  }

  private tuple(): Node {
    this.ws();
    if (this.keyword('for')) return this.forExpr(true);
    const items: Node[] = [];
    for (;;) {
      this.ws();
      if (this.eat(']')) return { k: 'tuple', items };
      items.push(this.expr());
      this.ws();
      if (!this.eat(',')) {
        this.expect(']');
        return { k: 'tuple', items };
      }
    }
  }

  private object(): Node {
    this.ws();
    if (this.keyword('for')) return this.forExpr(false);
    const items: [Node, Node][] = [];
    for (;;) {
      this.ws();
      if (this.eat('}')) return { k: 'obj', items };
      const parenthesized = this.s[this.i] === '(';
      const key = this.expr();
      this.ws();
      // A bare name is a literal key; `(name)` is evaluated.
      const literal = !parenthesized && key.k === 'ref' && !key.steps.length;
      if (this.s[this.i] === '=' && this.s[this.i + 1] !== '=' && this.s[this.i + 1] !== '>') this.i++;
      else this.expect(':');
      items.push([literal ? lit(key.root) : key, this.expr()]);
      this.ws();
      this.eat(',');
    }
  }

  private forHead(): { keyVar?: string; valVar: string; coll: Node } {
    this.ws();
    const first = this.needIdent();
    this.ws();
    let keyVar: string | undefined;
    let valVar = first;
    if (this.eat(',')) {
      this.ws();
      keyVar = first;
      valVar = this.needIdent();
      this.ws();
    }
    if (!this.keyword('in')) throw this.fail('expected "in"');
    return { keyVar, valVar, coll: this.expr() };
  }

  private forExpr(tuple: boolean): Node {
    const head = this.forHead();
    this.ws();
    this.expect(':');
    const key = tuple ? undefined : this.expr();
    if (!tuple) {
      this.ws();
      this.expect('=>');
    }
    const val = this.expr();
    this.ws();
    const group = !tuple && this.eat('...');
    this.ws();
    const cond = this.keyword('if') ? this.expr() : undefined;
    this.ws();
    this.expect(tuple ? ']' : '}');
    return { k: 'for', ...head, key, val, cond, group, tuple };
  }

  private heredoc(): Node {
    const indented = this.eat('-');
    const marker = this.needIdent();
    if (!this.eat('\n') && !this.eat('\r\n')) throw this.fail('expected a newline after the heredoc marker');
    const lines: string[] = [];
    for (;;) {
      if (this.i >= this.s.length) throw this.fail(`unterminated heredoc ${marker}`);
      let end = this.s.indexOf('\n', this.i);
      if (end < 0) end = this.s.length;
      const line = this.s.slice(this.i, end).replace(/\r$/, '');
      this.i = Math.min(end + 1, this.s.length);
      if (line.trim() === marker) break;
      lines.push(line);
    }
    if (indented) {
      const indent = Math.min(...lines.filter((l) => l.trim()).map((l) => /^[ \t]*/.exec(l)![0].length));
      lines.forEach((l, n) => (lines[n] = l.slice(Math.min(indent, l.length))));
    }
    return new Parser(lines.map((l) => `${l}\n`).join(''), this.depth).top();
  }
}

export const PARSED = new Map<string, Node | string>();

/** The template a JSON string holds, or the reason it does not parse; parses are shared across configs. */
export function parseTemplate(text: string): Node | string {
  let hit = PARSED.get(text);
  if (hit !== undefined) return hit;
  if (text.length > MAX_EXPRESSION_LENGTH) return `expression longer than ${MAX_EXPRESSION_LENGTH} characters`;
  try {
    hit = new Parser(text).top();
  } catch (e) {
    const detail = e instanceof ParseError ? e.message : 'nesting too deep';
    hit = `unparsable expression: ${detail} in ${snippet(text)}`;
  }
  // Long templates are rare and their trees large: parse them each time rather than hold them.
  if (text.length > 4096) return hit;
  if (PARSED.size >= 50_000) PARSED.clear();
  PARSED.set(text, hit);
  return hit;
}

export function snippet(text: string): string {
  if (text.includes('PRIVATE KEY') || isSecretPem(text)) return '<text holding a private key>';
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

/** Whether a string holds `${` or `%{`; one scan, since almost every string in a plan holds neither. */
export function hasTemplate(s: string): boolean {
  for (let i = s.indexOf('{', 1); i > 0; i = s.indexOf('{', i + 1)) {
    const c = s.charCodeAt(i - 1);
    if (c === 36 || c === 37) return true;
  }
  return false;
}
