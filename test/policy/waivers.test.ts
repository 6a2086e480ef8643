import { TerraformStack } from 'cdktf';
import {
  CertificateAuthority, ClientCertificate, configurePolicy, PolicyViolationError, ScyllaCluster, waive,
} from '../../constructs';
import { evaluate, newStack, trySynth, validationError } from '../helpers/synth';

const GOOD = { reason: 'The batch importer needs this until its Q3 rewrite (INV-412).' };
const K8S = { kubernetesProvider: true };

/** A one-node cluster in `stack` (made with {@link K8S}), its Alternator HTTP port open when `http`. */
function cluster(stack: TerraformStack, id = 'Db', name = 'db', http = false): ScyllaCluster {
  return new ScyllaCluster(stack, id, {
    name, namespace: name, version: '2025.1.5',
    datacenters: [{ name: 'dc1', racks: [{ name: 'r1', members: 1, storageCapacity: '10Gi', cpuLimit: '1', memoryLimit: '4Gi' }] }],
    alternator: { insecureEnableHttp: http },
  });
}

describe('a waiver needs a reason of substance', () => {
  test.each([
    ['empty', ''],
    ['too short', 'legacy client'],
    ['three words', 'legacy importer requirement'],
    ['a placeholder', 'TODO'],
    ['a padded placeholder', 'temporary.'],
    ['one character repeated', 'aaaa aaaa aaaa aaaa aaaa'],
    ['the rule id', 'TLSF001'],
    ['not a string', 42],
  ])('rejects %s', (_name, reason) => {
    const db = cluster(newStack(K8S), 'Db', 'db', true);
    const error = validationError(() => waive(db, 'TLSF001', { reason } as { reason: string }));
    expect(error.message).toMatch(/^test\/Db: `waive\(TLSF001\)\.reason` must explain the exception in at least 20 characters and 4 words/);
  });

  test('rejects a missing waiver, an empty approver, an unknown rule, a rule waived twice, a waiver outside a stack', () => {
    const stack = newStack(K8S);
    const app = stack.node.root;
    const db = cluster(stack, 'Db', 'db', true);
    expect(() => waive(db, 'TLSF001', undefined as unknown as { reason: string })).toThrow(/`waive\(TLSF001\)` must be a waiver \{ reason, approvedBy\? \}/);
    expect(() => waive(db, 'TLSF001', { ...GOOD, approvedBy: ' ' })).toThrow(/`waive\(TLSF001\)\.approvedBy` must name who approved it \(a person, team or ticket\) on one line/);
    expect(() => waive(db, 'TLSF999', GOOD)).toThrow(/test\/Db: `waive.ruleId` must be one of the tlsfleet rule ids TLSF001, .*TLSF016, got "TLSF999"/);
    waive(db, 'TLSF001', GOOD);
    expect(() => waive(db, 'TLSF001', GOOD)).toThrow(/must be waived once per construct/);
    expect(() => waive(app, 'TLSF001', GOOD)).toThrow(/`waive.scope` must be a construct inside a stack/);
  });
});

describe('what a waiver covers', () => {
  test('its construct and everything below it, not a sibling', () => {
    const { error } = trySynth((stack) => {
      waive(cluster(stack, 'A', 'a', true), 'TLSF001', GOOD);
      cluster(stack, 'B', 'b', true);
    }, K8S);
    expect(error).toBeInstanceOf(PolicyViolationError);
    expect((error as PolicyViolationError).violations).toEqual([
      { ruleId: 'TLSF001', path: 'test/B/dc1', message: 'Alternator on port 8000 in datacenter dc1 (http://b-client.b.svc:8000) accepts plaintext connections' },
    ]);
  });

  test('a waiver on the stack covers every construct in it', () => {
    expect(trySynth((stack) => {
      cluster(stack, 'A', 'a', true);
      cluster(stack, 'B', 'b', true);
      waive(stack, 'TLSF001', GOOD);
    }, K8S).error).toBeUndefined();
  });

  test('a waiver that covers no violation fails synth, so it cannot approve a later change unseen', () => {
    const { error } = trySynth((stack) => waive(cluster(stack), 'TLSF001', GOOD), K8S);
    expect(error).toBeInstanceOf(PolicyViolationError);
    expect(error!.message).toContain('[TLSF001] test/Db: the waiver covers no violation of TLSF001; remove it');
  });
});

describe('configurePolicy', () => {
  test('tightens limits: a 90-day maximum makes the default one-year leaf a TLSF006 violation', () => {
    const stack = newStack();
    configurePolicy(stack, { maxLeafValidityDays: 90 });
    new ClientCertificate(stack, 'App', { ca: new CertificateAuthority(stack, 'Ca'), subject: { commonName: 'app' } });
    const r = evaluate(stack).results.find((x) => x.rule.id === 'TLSF006')!;
    expect(r.violations.map((v) => v.message)).toEqual(['valid 8760 hours (365.0 days), above 2160 hours (90 days)']);
    expect(evaluate(stack).settings).toEqual({ maxLeafValidityDays: 90, minTlsVersion: 'TLSv1.2', minRsaBits: 2048 });
  });

  test.each([
    [{ maxLeafValidityDays: 500 }, /`policy.maxLeafValidityDays` must be a whole number of days from 1 to 398 \(use a waiver for a longer validity\), got 500/],
    [{ minRsaBits: 1024 }, /`policy.minRsaBits` must be a whole number of bits from 2048 to 16384 \(use a waiver for a smaller key\), got 1024/],
    [{ minTlsVersion: 'TLSv1.1' }, /`policy.minTlsVersion` must be "TLSv1.2" or "TLSv1.3" \(use a waiver for an older version\), got "TLSv1.1"/],
  ])('cannot loosen: %o', (settings, message) => {
    const stack = newStack();
    expect(() => configurePolicy(stack, settings as never)).toThrow(message);
  });
});
