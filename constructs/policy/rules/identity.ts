import { IConstruct } from 'constructs';
import { PolicyRule, Severity } from '../model';
import { scan } from './helpers';

/** Rules about who a certificate identifies. */
export const IDENTITY_RULES: readonly PolicyRule[] = [
  {
    id: 'TLSF012',
    title: 'Database user not pinned to a certificate subject',
    severity: Severity.MEDIUM,
    description: '`REQUIRE X509` accepts any certificate the client CA issued, including other users\' certificates: the certificate proves nothing about which user connects.',
    fix: 'Use SingleStoreUserRequirement.SUBJECT (the default), or give the users a client CA of their own, or waive TLSF012 with the reason.',
    // Judged from the SQL the plan delivers; the users' own word only names whose statement it is.
    check(ctx) {
      const x509 = (account: string): string => `${account} is created with REQUIRE X509: any certificate from the client CA logs in`;
      if (ctx.userStatements.length === 0) return scan(ctx.users, ({ fact }) => fact.requirement === 'REQUIRE X509' && x509(fact.account));
      // A statement belongs to the user of that account in the deployment whose ConfigMap carries it:
      // two deployments in one stack may both have 'app'@'%', and a waiver must cover only its own.
      const owners = new Map(ctx.users.map((u) => [`${u.fact.cluster}\n${u.fact.account}`, u.construct]));
      const ownerOf = (s: (typeof ctx.userStatements)[number]): IConstruct | undefined => {
        if (s.account === undefined) return undefined;
        for (let path = s.construct.node.path; path.includes('/'); path = path.slice(0, path.lastIndexOf('/'))) {
          const owner = owners.get(`${path}\n${s.account}`);
          if (owner) return owner;
        }
        return undefined;
      };
      const items = ctx.userStatements.map((s) => ({ ...s, construct: ownerOf(s) ?? s.construct }));
      return scan(items, (s) => (s.requirement === 'REQUIRE SUBJECT' ? false
        : s.requirement === 'REQUIRE X509' ? x509(s.account!)
          : `the user SQL runs "${s.text}", which pins no certificate subject (only CREATE or ALTER USER … REQUIRE SUBJECT is judged safe)`));
    },
  },
];
