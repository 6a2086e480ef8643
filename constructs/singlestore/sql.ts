import { IConstruct } from 'constructs';
import { invalid } from '../core/errors';
import { checkText, isLiteral } from '../core/validate';
import { utf16Allowance } from '../pki/subject';

/** How a certificate-authenticated user proves who it is. */
export enum SingleStoreUserRequirement {
  /**
   * `REQUIRE SUBJECT '<oneline>'`: a certificate from the client CA whose subject matches byte for byte.
   * The tlsfleet default.
   */
  SUBJECT = 'subject',
  /**
   * `REQUIRE X509`: any valid certificate from the client CA, whatever its subject. Every holder of
   * a certificate from that CA can log in as this user, so it takes a waiver.
   */
  X509 = 'x509',
}

/** Which statement renders a user. */
export enum SingleStoreUserStatement {
  /** `CREATE USER`, for a user that does not exist yet (SingleStore 9.0+). */
  CREATE = 'CREATE',
  /** `ALTER USER`, for an existing user (SingleStore 9.1+). */
  ALTER = 'ALTER',
}

/** The key of the user SQL in its ConfigMap. */
export const USER_SQL_KEY = 'users.sql';

/** SingleStore's limit for a (non-JWT) user name. */
export const MAX_USER_NAME_LENGTH = 32;
/** The account host limit of MySQL-compatible servers. */
export const MAX_USER_HOST_LENGTH = 255;

/**
 * A SQL string literal for the default `sql_mode` (backslash is an escape character): every
 * backslash doubled, every `'` written as `''`. Under `NO_BACKSLASH_ESCAPES` the result is wrong
 * for values containing backslashes, such as escaped subjects.
 */
export function sqlStringLiteral(value: string): string {
  return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "''")}'`;
}

/** The account part of a user statement: `'name'@'host'`. */
export function sqlAccount(name: string, host: string): string {
  return `${sqlStringLiteral(name)}@${sqlStringLiteral(host)}`;
}

/** What a user statement needs. */
export interface UserStatementSpec {
  readonly name: string;
  readonly host: string;
  readonly requirement: SingleStoreUserRequirement;
  /** The subject in OpenSSL oneline form; needed for SUBJECT. */
  readonly subjectOneline?: string;
}

/**
 * One statement, ending in `;`. Only `X509` and `SUBJECT` are ever rendered: SingleStore has no
 * `ISSUER` or `CIPHER` clause.
 */
export function renderUserStatement(statement: SingleStoreUserStatement, spec: UserStatementSpec): string {
  let clause: string;
  switch (spec.requirement) {
    case SingleStoreUserRequirement.X509:
      clause = 'X509';
      break;
    case SingleStoreUserRequirement.SUBJECT:
      if (spec.subjectOneline === undefined) throw new Error('REQUIRE SUBJECT needs the subject in oneline form');
      clause = `SUBJECT ${sqlStringLiteral(spec.subjectOneline)}`;
      break;
  }
  return `${statement} USER ${sqlAccount(spec.name, spec.host)} REQUIRE ${clause};`;
}

const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/**
 * Rejects a value that cannot become a SQL string literal that means the same thing everywhere:
 * not a literal, a length outside [1, max] characters, control characters or a Terraform template
 * sequence (core checkText: a newline would also split the SQL script), a backslash (its meaning
 * depends on `sql_mode`), or whitespace at either end. Quotes are fine: they are escaped.
 */
function checkAccountPart(scope: IConstruct, field: string, value: unknown, max: number, what: string): asserts value is string {
  if (typeof value !== 'string') invalid(scope, field, value, 'must be a string');
  if (!isLiteral(value)) {
    invalid(scope, field, value, 'must be a literal string known at synth time (the SQL is rendered at synth); Terraform references are not allowed');
  }
  const length = [...value].length;
  if (length === 0 || length > max) invalid(scope, field, value, `must be 1 to ${max} characters long (has ${length})`);
  checkText(scope, field, value, { what: `${what} without control characters`, max: utf16Allowance(value, max) });
  if (LONE_SURROGATE.test(value)) invalid(scope, field, value, 'must be valid Unicode (it contains a lone surrogate)');
  if (value.includes('\\')) {
    invalid(scope, field, value, 'must not contain a backslash: its meaning in a SQL string depends on sql_mode (NO_BACKSLASH_ESCAPES), so the account would be ambiguous');
  }
  if (value.trim() !== value) {
    invalid(scope, field, value, 'must not start or end with whitespace: MySQL-compatible servers ignore trailing spaces when matching accounts');
  }
}

/** A user name: 1 to 32 characters; `'` is escaped, backslashes and control characters are refused. */
export function checkUserName(scope: IConstruct, field: string, name: unknown): asserts name is string {
  checkAccountPart(scope, field, name, MAX_USER_NAME_LENGTH, 'a user name');
}

/**
 * An account host pattern (`%`, `10.0.%`, `app.example.com`): 1 to 255 characters; `'` is escaped,
 * backslashes and control characters are refused.
 */
export function checkUserHost(scope: IConstruct, field: string, host: unknown): asserts host is string {
  checkAccountPart(scope, field, host, MAX_USER_HOST_LENGTH, 'a host pattern');
}
