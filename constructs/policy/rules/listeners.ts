import { PolicyRule, Severity } from '../model';
import { outcome, scan, versionRank, where } from './helpers';

/** Rules about listeners: plaintext, authorization, client certificates, TLS versions, node-to-node, manual controls. */
export const LISTENERS_RULES: readonly PolicyRule[] = [
  {
    id: 'TLSF001',
    title: 'Plaintext listener',
    severity: Severity.HIGH,
    description: 'A database listener accepts connections without TLS: credentials and data cross the network in clear text.',
    fix: 'Remove the insecure listener option (Alternator `insecureEnableHttp`, CQL `insecureEnablePlaintext`) so only TLS ports remain, or waive TLSF001 on the cluster with the reason.',
    // Node-to-node listeners have a rule of their own, TLSF013.
    // Node-to-node plaintext is TLSF013's. What the plan cannot decide counts: a reference can hide plaintext.
    check: (ctx) => scan(ctx.listeners, (l) => (l.api === 'Internode' ? undefined
      : l.transport === 'plaintext' ? `${where(l)} accepts plaintext connections`
        : l.transport === 'undecided' && `${where(l)}: not decidable at synth, so it may accept plaintext (${l.reason})`)),
  },
  {
    id: 'TLSF002',
    title: 'Alternator authorization off',
    severity: Severity.HIGH,
    description: 'Alternator accepts DynamoDB requests without checking their signature: anyone who reaches the port can read and write every table.',
    fix: 'Remove `alternator.insecureDisableAuthorization` (clients sign requests with their CQL role and its salted_hash), or waive TLSF002 on the cluster with the reason.',
    check: (ctx) => scan(ctx.listeners, (l) => (l.api !== 'Alternator' ? undefined
      : l.authorization === 'off' ? `${where(l)} does not authenticate requests`
        : l.authorization === 'undecided' && `${where(l)}: whether requests are authenticated is not decidable at synth (${l.reason})`)),
  },
  {
    id: 'TLSF003',
    title: 'CQL without client certificates',
    severity: Severity.MEDIUM,
    description: 'CQL accepts TLS clients that present no certificate: a password alone authenticates, and any workload that learns one can connect.',
    fix: 'Remove `cql.insecureDisableClientAuth` and give each application a certificate with `cluster.addClient()`, or waive TLSF003 on the cluster with the reason.',
    check: (ctx) => scan(ctx.listeners, (l) => (!l.api.startsWith('CQL') || l.transport !== 'tls' ? undefined
      : l.authorization === 'off' ? `${where(l)} does not authenticate clients (no PasswordAuthenticator in scylla.yaml)`
        : l.clientCertificates === 'not required' ? `${where(l)} does not require client certificates`
          : l.clientCertificates === 'undecided' && `${where(l)}: whether client certificates are required is not decidable at synth`)),
  },
  {
    id: 'TLSF004',
    title: 'TLS version below the minimum',
    severity: Severity.HIGH,
    description: 'A listener negotiates a TLS version below the policy minimum (TLS 1.2 unless the stack tightens it); TLS 1.0 and 1.1 are deprecated by RFC 8996.',
    fix: 'Choose a TLS version setting whose lowest version meets the minimum (for example CqlTlsVersions.TLS1_3, SingleStoreTlsVersions.TLS1_2_AND_1_3), or waive TLSF004 with the reason.',
    check(ctx) {
      const o = outcome();
      const min = versionRank(ctx.settings.minTlsVersion);
      for (const fact of ctx.listeners) {
        const construct = fact.construct;
        if (fact.transport !== 'tls') continue;
        o.checked++;
        if (fact.tlsVersions === undefined) {
          o.undecided.push({ construct, message: `${where(fact)}: the TLS versions are not pinned in the plan (set by the operator or the TLS library default)` });
          continue;
        }
        const low = fact.tlsVersions.filter((v) => versionRank(v) < min);
        if (low.length) {
          o.violations.push({ construct, message: `${where(fact)} accepts ${low.join(', ')}, below the minimum ${ctx.settings.minTlsVersion}` });
        }
      }
      return o;
    },
  },
  {
    id: 'TLSF013',
    title: 'Node-to-node traffic not fully encrypted',
    severity: Severity.HIGH,
    description: 'ScyllaDB nodes accept plaintext node-to-node connections on port 7000 (internode_encryption other than `all`): replication traffic, including every row written, can be read and injected on the network; with `dc` or `rack`, ScyllaDB also does not enforce client certificates between peers.',
    fix: 'Remove `internode.encryption` (the default is `all`) and finish any `internode.rollout` at InternodeRolloutStep.ENFORCED, or waive TLSF013 on the cluster with the reason.',
    check: (ctx) => scan(ctx.listeners, (l) => (l.api !== 'Internode' ? undefined
      : l.transport === 'plaintext' && `${where(l)} accepts plaintext node-to-node connections (internode_encryption: ${l.internodeMode})`)),
  },
  {
    id: 'TLSF014',
    title: 'Manual security control not acknowledged',
    severity: Severity.HIGH,
    description: 'A control Terraform cannot set or verify decides whether connections are encrypted: ScyllaDB Cloud accepts unencrypted CQL and Alternator connections until "Ensure encrypted connections" is enabled in its console, and its provider has no attribute for it.',
    fix: 'Enable the control in the ScyllaDB Cloud console, then record it on the cluster: `encryptedConnections: { reason, enabledBy }` (what was enabled, where, when; who did it); or waive TLSF014 with the reason, accepting that the cluster may take unencrypted connections.',
    check: (ctx) => {
      const o = outcome();
      for (const { construct, fact } of ctx.clusters) {
        for (const control of fact.manualControls ?? []) {
          o.checked++;
          if (!control.acknowledged) {
            o.violations.push({ construct, message: `${fact.product} cluster ${fact.name}: "${control.control}" is a manual control Terraform cannot verify, and no one has recorded enabling it` });
          }
        }
      }
      return o;
    },
  },
];
