import { check, userSql } from './checks';
import { singlestore } from './fixtures';
import type { HostileCase, SynthOut } from './types';

const CLASS = 'sql literals';

interface UserSpec { name: string; host?: string; subject?: Record<string, string>; secretName?: string }

/** Adds the users to one SingleStoreTls and returns it with the users. */
function users(...specs: UserSpec[]): (lib: any, stack: any) => unknown {
  return (lib, stack) => {
    const tls = singlestore(lib, stack);
    const added = specs.map((u, i) => tls.addUser(`U${i}`, { namespace: `ns${i}`, secretName: u.secretName ?? `user${i}-tls`, ...u }));
    return { tls, added };
  };
}

/** The SQL script decodes into exactly one statement per user, each with the user's exact name, host and subject. */
function decodesBack(out: SynthOut): void {
  const { tls, added } = out.built as { tls: any; added: any[] };
  const statements = userSql(out, tls);
  check(statements.length === added.length, `the SQL decodes to ${statements.length} statements for ${added.length} users`);
  added.forEach((u, i) => {
    const st = statements[i];
    check(st.name === u.name, `statement ${i} creates user ${JSON.stringify(st.name)}, not ${JSON.stringify(u.name)}`);
    check(st.host === u.host, `statement ${i} has host ${JSON.stringify(st.host)}, not ${JSON.stringify(u.host)}`);
    check(st.require === 'SUBJECT' && st.subject === u.subjectOneline, `statement ${i} requires ${st.require} ${JSON.stringify(st.subject)}, not ${JSON.stringify(u.subjectOneline)}`);
  });
}

const safe = { safe: decodesBack };

export const SQL_CASES: HostileCase[] = [
  { id: 'Q01', class: CLASS, description: "user name with a quote: o'brien", build: users({ name: "o'brien" }), expect: safe },
  { id: 'Q02', class: CLASS, description: 'user name closing the literal and adding a statement', build: users({ name: "x'; DROP USER root; --" }), expect: safe },
  { id: 'Q03', class: CLASS, description: "user name with doubled quotes ''", build: users({ name: "a''b" }), expect: safe },
  { id: 'Q04', class: CLASS, description: 'user name with a double quote and a backtick', build: users({ name: 'a"b`c' }), expect: safe },
  { id: 'Q05', class: CLASS, description: 'user name with a comment opener /*', build: users({ name: 'a/*b*/c' }), expect: safe },
  { id: 'Q06', class: CLASS, description: 'user name with -- and #', build: users({ name: 'a -- b # c' }), expect: safe },
  { id: 'Q07', class: CLASS, description: 'UTF-8 user name', build: users({ name: 'müller' }), expect: safe },
  { id: 'Q08', class: CLASS, description: "host with a quote and a semicolon: 10.0.%';", build: users({ name: 'app', host: "10.0.%';" }), expect: safe },
  { id: 'Q09', class: CLASS, description: "subject organization with a quote: O'Reilly", build: users({ name: 'app', subject: { commonName: 'app', organization: "O'Reilly" } }), expect: safe },
  { id: 'Q10', class: CLASS, description: 'subject with / and + (escaped \\/ and \\+ must be doubled in SQL)', build: users({ name: 'app', subject: { commonName: 'a/b+c', organizationalUnit: 'R/D' } }), expect: safe },
  { id: 'Q11', class: CLASS, description: 'subject with UTF-8 (\\xHH escapes must be doubled in SQL)', build: users({ name: 'app', subject: { commonName: 'Zoë', locality: 'Kraków' } }), expect: safe },
  { id: 'Q12', class: CLASS, description: "subject closing the literal: x'; DROP USER root; --", build: users({ name: 'app', subject: { commonName: "x'; DROP USER root; --" } }), expect: safe },
  { id: 'Q13', class: CLASS, description: 'three users whose names and subjects all carry quotes', build: users({ name: "a'" }, { name: "'b", subject: { commonName: "''" } }, { name: "c'c", host: "'%'" }), expect: safe },
  {
    id: 'Q14', class: CLASS, description: 'user name with a backslash (meaning depends on sql_mode)',
    build: users({ name: 'a\\b' }),
    expect: { reject: { path: 'hostile/Sdb/U0', field: 'name', allowed: /backslash/ } },
  },
  {
    id: 'Q15', class: CLASS, description: 'host with a trailing space',
    build: users({ name: 'app', host: '% ' }),
    expect: { reject: { path: 'hostile/Sdb/U0', field: 'host', allowed: /whitespace|space/ } },
  },
  {
    id: 'Q16', class: CLASS, description: 'user name with a newline (splits the script)',
    build: users({ name: 'a\nDROP USER root;' }),
    expect: { reject: { path: 'hostile/Sdb/U0', field: 'name', allowed: /control/ } },
  },
  {
    id: 'Q17', class: CLASS, description: 'user name of 33 characters (one over the limit) counted in code points with an emoji',
    build: users({ name: `${'a'.repeat(31)}😀😀` }),
    expect: { reject: { path: 'hostile/Sdb/U0', field: 'name', allowed: /32/ } },
  },
  {
    id: 'Q18', class: CLASS, description: 'user name with a NUL byte',
    build: users({ name: 'a\u0000b' }),
    expect: { reject: { path: 'hostile/Sdb/U0', field: 'name', allowed: /control/ } },
  },
];
