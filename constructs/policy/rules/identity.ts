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
    check: (ctx) => scan(ctx.users, ({ fact }) => fact.requirement === 'REQUIRE X509'
      && `${fact.account} is created with REQUIRE X509: any certificate from the client CA logs in`),
  },
];
