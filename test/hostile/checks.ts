import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { MARKERS } from './markdown';
import type { SynthOut } from './types';

/** Fails a `safe` check with a one-line reason. */
export function fail(reason: string): never {
  throw new Error(reason);
}

export function check(ok: unknown, reason: string): void {
  if (!ok) fail(reason);
}

// ---------------------------------------------------------------------------------------------
// Files

/** Every regular file under `dir`, relative, sorted. */
export function listFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string): void => {
    let entries: string[];
    try { entries = readdirSync(d); } catch { return; }
    for (const e of entries) {
      const p = join(d, e);
      if (statSync(p).isDirectory()) walk(p);
      else out.push(relative(dir, p));
    }
  };
  walk(dir);
  return out.sort();
}

export function snapshot(dir: string): Map<string, string> {
  return new Map(listFiles(dir).map((f) => [f, readFileSync(join(dir, f), 'utf8')]));
}

export const REPORT_FILE = /(^|\/)report\.(md|json|sarif)$/;

// ---------------------------------------------------------------------------------------------
// Terraform JSON

/** Every string in a JSON value, with its path. */
export function strings(value: unknown, path = '$', out: { path: string; value: string }[] = []): { path: string; value: string }[] {
  if (typeof value === 'string') out.push({ path, value });
  else if (Array.isArray(value)) value.forEach((v, i) => strings(v, `${path}[${i}]`, out));
  else if (value !== null && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      strings(k, `${path}{key}`, out);
      strings(v, `${path}.${k}`, out);
    }
  }
  return out;
}

/** Template sequences Terraform evaluates: `${` or `%{` not escaped as `$${` / `%%{`. */
const UNESCAPED = /(?<![$])\$\{|(?<![%])%\{/g;

/** Unescaped templates whose expression carries user input (an injection marker or a `pwn`/`passwd` probe). */
export function injectedTemplates(json: unknown): string[] {
  const found: string[] = [];
  for (const { path, value } of strings(json)) {
    for (const m of value.matchAll(UNESCAPED)) {
      const end = value.indexOf('}', m.index!);
      const expr = value.slice(m.index!, end < 0 ? value.length : end + 1);
      // References tlsfleet writes name resources by logical id, which a hostile construct id may carry.
      const userText = expr.replace(/\b(data\.)?[a-z][a-z0-9_]*\.[A-Za-z0-9_-]+(\.[a-z0-9_]+)+/g, '');
      if (/pwn|passwd|INJECTED/i.test(userText)) found.push(`${path}: ${JSON.stringify(expr.slice(0, 80))}`);
    }
  }
  return found;
}

/** A Terraform JSON string literal as Terraform reads it (only the escapes; references stay as they are). */
export function tfUnescape(s: string): string {
  return s.replace(/\$\$\{/g, '${').replace(/%%\{/g, '%{');
}

/** Resources of `type` in a parsed cdk.tf.json. */
export function resources(json: any, type: string): any[] {
  return Object.values(json?.resource?.[type] ?? {});
}

/** The ConfigMap (or Secret) whose metadata.name is `name`. */
export function k8s(json: any, type: 'kubernetes_config_map_v1' | 'kubernetes_secret_v1', name: string): any {
  const all = resources(json, type).filter((r) => (Array.isArray(r.metadata) ? r.metadata[0] : r.metadata)?.name === name);
  if (all.length !== 1) fail(`expected one ${type} named ${name}, found ${all.length}`);
  return all[0];
}

/** The ScyllaCluster manifests. */
export function manifests(json: any): any[] {
  return resources(json, 'kubernetes_manifest').map((r) => r.manifest).filter((m) => m?.kind === 'ScyllaCluster');
}

// ---------------------------------------------------------------------------------------------
// scylla.yaml

/** The scylla.yaml of cluster `name`, decoded from the ConfigMap as Terraform and then YAML read it. */
export function scyllaYaml(out: SynthOut, name = 'shop'): any {
  const text = k8s(out.json, 'kubernetes_config_map_v1', `${name}-tlsfleet-config`).data['scylla.yaml'];
  check(typeof text === 'string', 'scylla.yaml is not a string');
  const doc = parseYaml(tfUnescape(text), { uniqueKeys: true });
  check(doc !== null && typeof doc === 'object', 'scylla.yaml is not a map');
  return doc;
}

/** The security settings tlsfleet owns, unchanged by whatever was added. */
export function assertSecureScyllaYaml(doc: any): void {
  const c = doc.client_encryption_options;
  check(doc.authenticator === 'PasswordAuthenticator' && doc.authorizer === 'CassandraAuthorizer', `authentication changed: ${doc.authenticator}/${doc.authorizer}`);
  check(doc.native_transport_port === 9142 && doc.native_shard_aware_transport_port === 19142, `CQL ports changed: ${doc.native_transport_port}/${doc.native_shard_aware_transport_port}`);
  check(c?.enabled === true && c?.require_client_auth === true, `client_encryption_options changed: ${JSON.stringify(c)}`);
  check(doc.server_encryption_options?.internode_encryption === 'all', `internode_encryption changed: ${JSON.stringify(doc.server_encryption_options)}`);
}

// ---------------------------------------------------------------------------------------------
// SQL (default sql_mode: backslash escapes, '' for ')

export interface SqlStatement { verb: string; name: string; host: string; require: string; subject?: string }

/** Parses the users' SQL script strictly: only `CREATE|ALTER USER '…'@'…' REQUIRE X509|SUBJECT '…';` statements. */
export function parseUserSql(script: string): SqlStatement[] {
  const out: SqlStatement[] = [];
  let i = 0;
  const ws = (): void => {
    for (;;) {
      while (i < script.length && /\s/.test(script[i])) i++;
      if (script.startsWith('--', i) || script[i] === '#') { while (i < script.length && script[i] !== '\n') i++; continue; }
      if (script.startsWith('/*', i)) fail(`SQL holds a comment at ${i}`);
      return;
    }
  };
  const word = (re: RegExp): string => {
    const m = re.exec(script.slice(i));
    if (!m) fail(`SQL: expected ${re} at ${i}: ${JSON.stringify(script.slice(i, i + 40))}`);
    i += m[0].length;
    return m[0];
  };
  const literal = (): string => {
    if (script[i] !== '\'') fail(`SQL: expected a string literal at ${i}: ${JSON.stringify(script.slice(i, i + 40))}`);
    i++;
    let v = '';
    for (;;) {
      if (i >= script.length) fail('SQL: unterminated string literal');
      const ch = script[i];
      if (ch === '\\') {
        const e = script[i + 1];
        v += ({ n: '\n', t: '\t', r: '\r', 0: '\0', b: '\b', Z: '\x1a' } as Record<string, string>)[e] ?? e;
        i += 2;
      } else if (ch === '\'' && script[i + 1] === '\'') { v += '\''; i += 2; } else if (ch === '\'') { i++; return v; } else { v += ch; i++; }
    }
  };
  ws();
  while (i < script.length) {
    const verb = word(/^(CREATE|ALTER)\s+USER\s+/).split(/\s/)[0];
    const name = literal();
    word(/^@/);
    const host = literal();
    word(/^\s+REQUIRE\s+/);
    const require = word(/^(X509|SUBJECT)/);
    let subject: string | undefined;
    if (require === 'SUBJECT') { ws(); subject = literal(); }
    ws();
    word(/^;/);
    out.push({ verb, name, host, require, subject });
    ws();
  }
  return out;
}

/** Every place the users' SQL is written (ConfigMap, output, `userSql`), equal, and its statements decoded. */
export function userSql(out: SynthOut, tls: any, clusterName = 'sdb'): SqlStatement[] {
  const cm = tfUnescape(k8s(out.json, 'kubernetes_config_map_v1', `${clusterName}-tlsfleet-users`).data['users.sql']);
  const output = out.json.output?.user_sql?.value;
  check(typeof output === 'string', 'no user_sql output');
  check(tfUnescape(output) === cm, 'the user_sql output differs from users.sql');
  if (typeof tls?.userSql === 'string') check(tls.userSql === cm, 'tls.userSql differs from users.sql');
  return parseUserSql(cm);
}

// ---------------------------------------------------------------------------------------------
// Shell (POSIX sh reading of a printed command)

/** Splits a command as sh would, and lists everything sh would expand or treat as an operator. */
export function shellWords(cmd: string): { words: string[]; active: string[] } {
  const words: string[] = [];
  const active: string[] = [];
  let cur: string | undefined;
  let i = 0;
  const add = (s: string): void => { cur = (cur ?? '') + s; };
  while (i < cmd.length) {
    const ch = cmd[i];
    if (ch === '\'') {
      const end = cmd.indexOf('\'', i + 1);
      if (end < 0) { active.push('unterminated \''); break; }
      add(cmd.slice(i + 1, end));
      i = end + 1;
    } else if (ch === '"') {
      i++;
      let closed = false;
      while (i < cmd.length) {
        const c = cmd[i];
        if (c === '\\' && /[$`"\\\n]/.test(cmd[i + 1] ?? '')) { add(cmd[i + 1]); i += 2; continue; }
        if (c === '"') { closed = true; i++; break; }
        if (c === '$' || c === '`') active.push(`${c} inside double quotes`);
        add(c);
        i++;
      }
      if (!closed) active.push('unterminated "');
    } else if (ch === '\\') {
      add(cmd[i + 1] ?? '');
      i += 2;
    } else if (/[ \t]/.test(ch)) {
      if (cur !== undefined) words.push(cur);
      cur = undefined;
      i++;
    } else {
      if (/[;&|<>()\n`$]/.test(ch)) active.push(`unquoted ${JSON.stringify(ch)}`);
      else if (/[*?[]/.test(ch)) active.push(`unquoted glob ${ch}`);
      else if ((ch === '#' || ch === '~') && cur === undefined) active.push(`unquoted ${ch} at a word start`);
      add(ch);
      i++;
    }
  }
  if (cur !== undefined) words.push(cur);
  return { words, active };
}

/** The printed kubectl command passes `context` as one literal argument and nothing else is active. */
export function assertContextArgument(cmd: string, context: string): void {
  const { words, active } = shellWords(cmd);
  check(active.length === 0, `the shell would act on ${active.join(', ')} in ${JSON.stringify(cmd.slice(0, 120))}`);
  check(words[0] === 'kubectl', `the command does not start with kubectl: ${JSON.stringify(words.slice(0, 3))}`);
  const at = words.indexOf('--context');
  const value = at >= 0 ? words[at + 1] : words.find((w) => w.startsWith('--context='))?.slice('--context='.length);
  check(value === context, `--context reads ${JSON.stringify(value)}, not ${JSON.stringify(context)}`);
  check(words.filter((w) => w === 'exec').length === 1 && words[words.indexOf('--') + 1] === 'cqlsh', `the command's words changed: ${JSON.stringify(words)}`);
}

// ---------------------------------------------------------------------------------------------
// Key material

/** Whether `text` shows private key material: a PEM key body, or any 24-character piece of a fixture key's encodings. */
export function keyLeak(text: string, secrets: readonly string[]): string | undefined {
  const pem = /PRIVATE KEY-----\s*[A-Za-z0-9+/=]{4,}/.exec(text);
  if (pem) return `a PEM key body (${JSON.stringify(pem[0].slice(0, 30))}…)`;
  let set = windowsOf.get(secrets);
  if (!set) {
    set = new Set<string>();
    for (const s of secrets) for (let i = 0; i + 24 <= s.length; i++) set.add(s.slice(i, i + 24));
    windowsOf.set(secrets, set);
  }
  for (let i = 0; i + 24 <= text.length; i++) {
    const w = text.slice(i, i + 24);
    if (set.has(w)) return `key text ${JSON.stringify(w.slice(0, 12))}…`;
  }
  return undefined;
}

const windowsOf = new WeakMap<readonly string[], Set<string>>();

/** Every marker-carrying string of user input must not reach cdk.tf.json as an unescaped template. */
export function assertNoInjectedTemplates(out: SynthOut): void {
  for (const [name, json] of Object.entries(out.stacks)) {
    const found = injectedTemplates(json);
    check(found.length === 0, `stacks/${name}/cdk.tf.json evaluates user input as a template: ${found[0]}`);
  }
}

export { MARKERS };
