/** Nesting deeper than this is refused rather than risk the stack. */
export const MAX_PARSE_DEPTH = 64;
export class ParseError extends Error {}
export const IDENT = /[A-Za-z_][A-Za-z0-9_-]*/y;

/** The character-level half of the parser: position, whitespace and comments, tokens, escapes, errors. */
export class Scanner {
  protected i = 0;
  constructor(protected readonly s: string, protected depth = 0) {}

  protected fail(what: string): ParseError {
    return new ParseError(`${what} at offset ${this.i}`);
  }

  protected enter(): void {
    if (++this.depth > MAX_PARSE_DEPTH) throw this.fail(`nesting deeper than ${MAX_PARSE_DEPTH} levels`);
  }

  protected close(): boolean {
    this.ws();
    const strip = this.eat('~');
    this.expect('}');
    return strip;
  }

  protected escape(): string {
    const c = this.s[this.i + 1];
    this.i += 2;
    const simple: Record<string, string> = { n: '\n', r: '\r', t: '\t', '"': '"', '\\': '\\' };
    if (c !== undefined && Object.prototype.hasOwnProperty.call(simple, c)) return simple[c]!;
    const width = c === 'u' ? 4 : c === 'U' ? 8 : 0;
    const hex = this.s.slice(this.i, this.i + width);
    if (!width || !/^[0-9a-fA-F]+$/.test(hex) || hex.length !== width || parseInt(hex, 16) > 0x10ffff) throw this.fail('invalid escape');
    this.i += width;
    return String.fromCodePoint(parseInt(hex, 16));
  }

  protected ws(): void {
    const s = this.s;
    for (;;) {
      const c = s[this.i];
      if (c === ' ' || c === '\t' || c === '\n' || c === '\r') this.i++;
      else if (c === '#' || (c === '/' && s[this.i + 1] === '/')) {
        const end = s.indexOf('\n', this.i);
        this.i = end < 0 ? s.length : end;
      } else if (c === '/' && s[this.i + 1] === '*') {
        const end = s.indexOf('*/', this.i + 2);
        if (end < 0) throw this.fail('unterminated comment');
        this.i = end + 2;
      } else return;
    }
  }

  protected eat(c: string): boolean {
    if (!this.s.startsWith(c, this.i)) return false;
    this.i += c.length;
    return true;
  }

  protected expect(c: string): void {
    if (!this.eat(c)) throw this.fail(`expected "${c}"`);
  }

  protected match(re: RegExp): string | undefined {
    re.lastIndex = this.i;
    const m = re.exec(this.s);
    if (m) this.i += m[0].length;
    return m?.[0];
  }

  protected ident(): string | undefined {
    return this.match(IDENT);
  }

  protected needIdent(): string {
    const name = this.ident();
    if (name === undefined) throw this.fail('expected a name');
    return name;
  }

  protected keyword(word: string): boolean {
    if (!this.s.startsWith(word, this.i) || /[A-Za-z0-9_-]/.test(this.s[this.i + word.length] ?? '')) return false;
    this.i += word.length;
    return true;
  }
}
