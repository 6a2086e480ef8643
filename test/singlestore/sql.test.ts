import * as fc from 'fast-check';
import { SingleStoreUserRequirement, SingleStoreUserStatement } from '../../constructs';
import { renderUserStatement, sqlAccount, sqlStringLiteral } from '../../constructs/singlestore/sql';

/** Reads a literal back the way a server with the default sql_mode does (only the escapes we emit). */
function parseLiteral(literal: string): string {
  expect(literal.startsWith("'") && literal.endsWith("'")).toBe(true);
  const body = literal.slice(1, -1);
  let out = '';
  for (let i = 0; i < body.length; i++) {
    const c = body[i];
    if (c === '\\' || c === "'") {
      expect(body[i + 1]).toBe(c); // every backslash and quote comes doubled
      i++;
    }
    out += c;
  }
  return out;
}

describe('sqlStringLiteral', () => {
  test.each([
    ['orders', "'orders'"],
    ["o'brien", "'o''brien'"],
    ["''", "''''''"],
    ['/O=R\\/D\\+Ops', "'/O=R\\\\/D\\\\+Ops'"],
    ['/CN=S\\xC3\\xA3o', "'/CN=S\\\\xC3\\\\xA3o'"],
    ["/O=O'Reilly\\+1", "'/O=O''Reilly\\\\+1'"],
    ['"double" %_', "'\"double\" %_'"],
    ['', "''"],
  ])('%j -> %s', (value, literal) => {
    expect(sqlStringLiteral(value)).toBe(literal);
  });

  test('round-trips any string through the default sql_mode reading', () => {
    fc.assert(fc.property(fc.string({ unit: 'grapheme' }), (s) => parseLiteral(sqlStringLiteral(s)) === s));
  });

  test('never leaves an unescaped quote that could end the literal early', () => {
    fc.assert(fc.property(fc.string(), (s) => {
      const body = sqlStringLiteral(s).slice(1, -1);
      return !/(^|[^'])'(?!')/.test(body.replace(/''/g, ''));
    }));
  });
});

describe('renderUserStatement', () => {
  const subject = "/O=R\\/D\\+Ops/CN=o'brien";

  test.each([
    [SingleStoreUserStatement.CREATE, SingleStoreUserRequirement.SUBJECT, "CREATE USER 'o''brien'@'%' REQUIRE SUBJECT '/O=R\\\\/D\\\\+Ops/CN=o''brien';"],
    [SingleStoreUserStatement.ALTER, SingleStoreUserRequirement.SUBJECT, "ALTER USER 'o''brien'@'%' REQUIRE SUBJECT '/O=R\\\\/D\\\\+Ops/CN=o''brien';"],
    [SingleStoreUserStatement.CREATE, SingleStoreUserRequirement.X509, "CREATE USER 'o''brien'@'%' REQUIRE X509;"],
    [SingleStoreUserStatement.ALTER, SingleStoreUserRequirement.X509, "ALTER USER 'o''brien'@'%' REQUIRE X509;"],
  ])('%s … REQUIRE %s', (statement, requirement, sql) => {
    expect(renderUserStatement(statement, { name: "o'brien", host: '%', requirement, subjectOneline: subject })).toBe(sql);
  });

  test('renders the account as two literals joined by @', () => {
    expect(sqlAccount('app', "10.0.%")).toBe("'app'@'10.0.%'");
    expect(sqlAccount("it's", "h'x")).toBe("'it''s'@'h''x'");
  });

  test('refuses REQUIRE SUBJECT without a subject', () => {
    expect(() => renderUserStatement(SingleStoreUserStatement.CREATE, {
      name: 'a', host: '%', requirement: SingleStoreUserRequirement.SUBJECT,
    })).toThrow(/needs the subject/);
  });

  test('only ever emits X509 or SUBJECT, never ISSUER or CIPHER', () => {
    fc.assert(fc.property(
      fc.string(), fc.string(), fc.string(), fc.constantFrom(...Object.values(SingleStoreUserRequirement)),
      fc.constantFrom(...Object.values(SingleStoreUserStatement)),
      (name, host, oneline, requirement, statement) => {
        const sql = renderUserStatement(statement, { name, host, requirement, subjectOneline: oneline });
        const tail = sql.slice(`${statement} USER ${sqlAccount(name, host)} REQUIRE `.length);
        return requirement === SingleStoreUserRequirement.X509 ? tail === 'X509;' : tail === `SUBJECT ${sqlStringLiteral(oneline)};`;
      },
    ));
  });
});
