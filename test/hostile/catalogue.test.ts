import { writeFileSync } from 'node:fs';
import { COMMAND_CASES } from './cases-commands';
import { IDENTITY_CASES } from './cases-identity';
import { KEY_MATERIAL_CASES } from './cases-key-material';
import { KUBERNETES_CASES } from './cases-kubernetes';
import { LISTENER_CASES } from './cases-listeners';
import { MESSAGE_CASES } from './cases-messages';
import { REPORT_CASES } from './cases-report';
import { SQL_CASES } from './cases-sql';
import { STACK_CASES } from './cases-stacks';
import { TEMPLATE_CASES } from './cases-templates';
import { WAIVER_CASES } from './cases-waivers';
import { env, generateFixtures } from './fixtures';
import { cleanupPack, packOnce } from './pack';
import { runCase } from './runner';
import type { CaseResult, HostileCase } from './types';

/**
 * A catalogue of hostile inputs, run through the public API of tlsfleet as installed from `npm pack`.
 * Each case either must be refused (TlsfleetValidationError or PolicyViolationError naming path, field,
 * value and what is allowed, without key text, with nothing written) or must render safely.
 * Set TLSFLEET_HOSTILE_SUMMARY=<file> to get every case's one-line outcome as JSON.
 */
const CASES: HostileCase[] = [
  ...KEY_MATERIAL_CASES, ...IDENTITY_CASES, ...LISTENER_CASES, ...TEMPLATE_CASES, ...COMMAND_CASES, ...KUBERNETES_CASES,
  ...WAIVER_CASES, ...STACK_CASES, ...REPORT_CASES, ...SQL_CASES, ...MESSAGE_CASES,
];

const results: CaseResult[] = [];

beforeAll(() => {
  env.packed = packOnce();
  env.fx = generateFixtures(env.packed.work);
}, 900_000);

afterAll(() => {
  const file = process.env.TLSFLEET_HOSTILE_SUMMARY;
  if (file) writeFileSync(file, JSON.stringify({ total: CASES.length, run: results.length, passed: results.filter((r) => r.ok).length, results }, null, 2) + '\n');
  cleanupPack();
});

test('the catalogue holds at least 170 cases with unique ids', () => {
  expect(CASES.length).toBeGreaterThanOrEqual(170);
  expect(new Set(CASES.map((c) => c.id)).size).toBe(CASES.length);
});

const classes = [...new Set(CASES.map((c) => c.class))];

describe.each(classes)('%s', (cls) => {
  const cases = CASES.filter((c) => c.class === cls);
  test.each(cases.map((c): [string, HostileCase] => [`${c.id} ${c.description}`, c]))('%s', (_name, c) => {
    const result = runCase(c, env.packed!.lib);
    results.push(result);
    if (!result.ok) throw new Error(`${c.id}: ${result.actual}`);
  }, 180_000);
});
