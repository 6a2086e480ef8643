import { PolicyRule, Severity } from '../model';
import { HOURS_PER_DAY, literalNumber, outcome, owner } from './helpers';
import { referencesIn } from '../plan/expression';

/** Rules about certificate lifetimes: validity, renewal, leaves outliving their CA. */
export const CERTIFICATES_RULES: readonly PolicyRule[] = [
  {
    id: 'TLSF006',
    title: 'Leaf certificate validity above the limit',
    severity: Severity.MEDIUM,
    description: 'A server or client certificate is valid longer than the limit (398 days unless tightened, the CA/Browser Forum maximum): a stolen key stays useful longer.',
    fix: 'Lower `validityHours` to at most the limit (the default is 8760 hours, one year), or waive TLSF006 with the reason.',
    check(ctx) {
      const o = outcome();
      const limit = ctx.settings.maxLeafValidityDays * HOURS_PER_DAY;
      for (const cert of ctx.certificateResources) {
        if (cert.input('is_ca_certificate') === true) continue;
        o.checked++;
        const hours = literalNumber(cert.input('validity_period_hours'));
        if (hours === 'reference' || hours === undefined) {
          o.undecided.push({ construct: cert.construct, message: 'validity_period_hours is not a literal' });
        } else if (hours > limit) {
          o.violations.push({ construct: cert.construct, message: `valid ${hours} hours (${(hours / HOURS_PER_DAY).toFixed(1)} days), above ${limit} hours (${ctx.settings.maxLeafValidityDays} days)` });
        }
      }
      return o;
    },
  },
  {
    id: 'TLSF007',
    title: 'No renewal window',
    severity: Severity.MEDIUM,
    description: 'A certificate has no early renewal (`early_renewal_hours` unset or 0): Terraform replaces it only after it has expired, so clients see an expired certificate first.',
    fix: 'Set `earlyRenewalHours` above 0 (tlsfleet defaults to 720 hours for leaves and 8760 for CAs) and run apply within that window, or waive TLSF007 with the reason.',
    check(ctx) {
      const o = outcome();
      for (const cert of ctx.certificateResources) {
        o.checked++;
        const hours = literalNumber(cert.input('early_renewal_hours'));
        if (hours === 'reference') o.undecided.push({ construct: cert.construct, message: 'early_renewal_hours is a Terraform reference' });
        else if (hours === undefined || hours <= 0) o.violations.push({ construct: cert.construct, message: 'no early renewal: the certificate is replaced only after it expires' });
      }
      return o;
    },
  },
  {
    id: 'TLSF008',
    title: 'Leaf certificate can outlive its CA',
    severity: Severity.MEDIUM,
    description: 'A certificate signed by a CA in this stack can be issued shortly before the CA enters its renewal window and then stay valid after the CA expires; '
      + 'clients then reject it although it has not expired. The leaf validity must not exceed the CA\'s early renewal period.',
    fix: 'Shorten the leaf `validityHours`, or raise the CA `earlyRenewalHours` to at least the longest leaf validity (the defaults are 8760 and 8760), or waive TLSF008 with the reason.',
    check(ctx) {
      const o = outcome();
      for (const cert of ctx.certificateResources) {
        if (cert.type !== 'tls_locally_signed_cert' || cert.input('is_ca_certificate') === true) continue;
        o.checked++;
        // A tlsfleet leaf names its CA; a hand-written one is followed through its ca_cert_pem reference.
        const issuer = ctx.issuerOf(cert.construct);
        const caRef = issuer ? undefined
          : referencesIn(cert.input('ca_cert_pem'), ctx.config).find((r) => r.mode === 'managed' && (r.type === 'tls_self_signed_cert' || r.type === 'tls_locally_signed_cert'));
        const ca = issuer ? ctx.viewOf(issuer.fact.certificateResource) : caRef ? ctx.resource(caRef.name) : undefined;
        const leaf = literalNumber(cert.input('validity_period_hours'));
        if (!ca) {
          // An imported CA: its lifetime may be known (from a literal PEM), its expiry relative to apply time is not.
          const imported = issuer;
          const lifetime = imported?.fact.validityHours;
          if (typeof leaf === 'number' && lifetime !== undefined && leaf > lifetime) {
            o.violations.push({ construct: cert.construct, message: `valid ${leaf} hours, longer than the whole lifetime of its imported CA ${imported!.construct.node.path} (${lifetime} hours)` });
          } else {
            o.undecided.push({ construct: cert.construct, message: 'the CA is imported: its expiry is fixed outside Terraform and not compared at synth' });
          }
          continue;
        }
        const caValidity = literalNumber(ca.input('validity_period_hours'));
        const caEarly = literalNumber(ca.input('early_renewal_hours')) ?? 0;
        if (leaf === 'reference' || leaf === undefined || caValidity === 'reference' || caValidity === undefined || caEarly === 'reference') {
          o.undecided.push({ construct: cert.construct, message: 'a validity is a Terraform reference' });
        } else if (leaf > caValidity) {
          o.violations.push({ construct: cert.construct, message: `valid ${leaf} hours, longer than its CA ${owner(ca.construct)} (${caValidity} hours)` });
        } else if (leaf > caEarly) {
          o.violations.push({ construct: cert.construct, message: `valid ${leaf} hours, but its CA ${owner(ca.construct)} is replaced only ${caEarly} hours before it expires: it can outlive the CA by up to ${leaf - caEarly} hours` });
        }
      }
      return o;
    },
  },
];
