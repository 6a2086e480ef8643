import { IConstruct } from 'constructs';
import { evaluate, TerraformJson, UNKNOWN } from './expression';
import { literalMapLacks } from './fast-path';

/** The ConfigMap key SingleStoreTls writes its user SQL under (constructs/singlestore USER_SQL_KEY). */
const USER_SQL_KEY = 'users.sql';
const LITERAL = String.raw`'(?:[^'\\]|\\.|'')*'`;
const USER_STATEMENT = new RegExp(String.raw`^(CREATE|ALTER)\s+USER\s+(${LITERAL})@(${LITERAL})\s+(.*)$`, 'is');
const REQUIRE_SUBJECT = new RegExp(String.raw`^REQUIRE\s+SUBJECT\s+${LITERAL}$`, 'is');
const REQUIRE_X509 = /^REQUIRE\s+X509$/i;

/** One statement of a users.sql the plan delivers, as the policy judges it. */
export interface PlanUserStatement {
  /** The ConfigMap that carries the SQL. */
  readonly construct: IConstruct;
  /** `'name'@'host'` with the literals decoded, as the user's fact names the account; undefined for other statements. */
  readonly account?: string;
  readonly requirement: 'REQUIRE SUBJECT' | 'REQUIRE X509' | 'other';
  /** The statement, shortened, for messages. */
  readonly text: string;
}

/**
 * Every statement of every users.sql in the plan: what SingleStore will run is what an override or
 * a hand-written ConfigMap says, whatever the users' constructs rendered.
 */
export function singleStoreUserStatements(config: TerraformJson, ownerOf: (type: string, name: string) => IConstruct): PlanUserStatement[] {
  const resources = (config.resource ?? {}) as Record<string, Record<string, Record<string, unknown>>>;
  const out: PlanUserStatement[] = [];
  for (const type of ['kubernetes_config_map_v1', 'kubernetes_config_map', 'kubernetes_config_map_v1_data']) {
    for (const name of Object.keys(resources[type] ?? {}).sort()) {
      // Most ConfigMaps of a fleet are connection settings: a literal map without users.sql needs no evaluation.
      if (literalMapLacks(resources[type][name]?.data, USER_SQL_KEY)) continue;
      const data = evaluate(config, resources[type][name]?.data).value;
      if (data === UNKNOWN || data === null || typeof data !== 'object' || !(USER_SQL_KEY in data)) continue;
      const construct = ownerOf(type, name);
      const sql = (data as Record<string, unknown>)[USER_SQL_KEY];
      if (typeof sql !== 'string') {
        out.push({ construct, requirement: 'other', text: `${USER_SQL_KEY} is a Terraform reference` });
        continue;
      }
      for (const statement of statements(sql)) out.push({ construct, ...judge(statement) });
    }
  }
  return out;
}

function judge(statement: string): Omit<PlanUserStatement, 'construct'> {
  const text = statement.length > 120 ? `${statement.slice(0, 117)}...` : statement;
  const m = USER_STATEMENT.exec(statement);
  if (!m) return { requirement: 'other', text };
  const rest = m[4].trim();
  const requirement = REQUIRE_SUBJECT.test(rest) ? 'REQUIRE SUBJECT' : REQUIRE_X509.test(rest) ? 'REQUIRE X509' : 'other';
  return { account: `'${decode(m[2])}'@'${decode(m[3])}'`, requirement, text };
}

/** A SQL string literal's value under the default sql_mode (backslash escapes on). */
function decode(literal: string): string {
  return literal.slice(1, -1).replace(/''/g, "'").replace(/\\(.)/gs, '$1');
}

/** The statements of a script: `;`-terminated, quotes respected, `-- ` comment lines skipped. */
function statements(sql: string): string[] {
  const out: string[] = [];
  let current = '';
  let quoted = false;
  for (let i = 0; i < sql.length; i++) {
    const c = sql[i];
    if (!quoted && current.trim() === '' && sql.startsWith('--', i)) {
      const end = sql.indexOf('\n', i);
      i = end < 0 ? sql.length : end;
      current = '';
      continue;
    }
    if (quoted && c === '\\') { current += c + (sql[i + 1] ?? ''); i++; continue; }
    if (c === "'") quoted = !quoted;
    if (c === ';' && !quoted) { if (current.trim()) out.push(current.trim()); current = ''; continue; }
    current += c;
  }
  if (current.trim()) out.push(current.trim());
  return out;
}
