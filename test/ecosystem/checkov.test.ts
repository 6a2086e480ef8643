// Checkov (PyPI, pinned in scripts/checkov.sh) on the synthesized output of the reference app and of every example:
// no failed check outside test/ecosystem/checkov-suppressions.ts, and no suppression without a finding.
// Skipped with a loud warning when checkov is not installed, except under CI=true where that fails.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import {
  CheckovFinding, CheckovRun, PROJECT_ROOT, applySuppressions, describeFinding, locateCheckov, pinnedCheckovVersion,
  runCheckov,
} from './checkov';
import { CHECKOV_SUPPRESSIONS } from './checkov-suppressions';

jest.setTimeout(600_000);

const SUITE = 'checkov (terraform_json) on every synthesized stack';
const INSTALL_HINT = 'run `bash .ci/run` (or `bash scripts/checkov.sh`) once to install the pinned checkov';
/** The resource types in tlsfleet's output that checkov has policies for (CKV_K8S_21, default namespace). */
const CHECKED_TYPES = ['kubernetes_secret_v1', 'kubernetes_config_map_v1'];

const located = locateCheckov();
if (!located.bin && process.env.CI !== 'true') {
  console.warn(`SKIPPING "${SUITE}": checkov is not installed:\n${located.how}\n${INSTALL_HINT}\n(set CI=true to make this a failure)`);
}

function exampleApps(): string[] {
  const dir = path.join(PROJECT_ROOT, 'examples');
  return fs.readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isDirectory() && fs.existsSync(path.join(dir, e.name, 'cdktf.json')))
    .map((e) => e.name);
}

/** `<type>.<name>` of every resource of the given types in a cdk.tf.json. */
function addresses(file: string, types: readonly string[]): string[] {
  const json = JSON.parse(fs.readFileSync(file, 'utf8'));
  return types.flatMap((t) => Object.keys(json.resource?.[t] ?? {}).map((n) => `${t}.${n}`)).sort();
}

/** The "### Checkov" subsection of the README, up to the next heading. */
function readmeSection(): string {
  const readme = fs.readFileSync(path.join(PROJECT_ROOT, 'README.md'), 'utf8');
  const m = /^### Checkov\n([\s\S]*?)(?=^#{1,3} )/m.exec(readme + '\n# end\n');
  return m ? m[1] : '';
}

if (!located.bin && process.env.CI === 'true') {
  describe(SUITE, () => {
    test('checkov is installed', () => {
      throw new Error(`CI=true: checkov is required and not installed (${located.how}); ${INSTALL_HINT}`);
    });
  });
}

(located.bin ? describe : describe.skip)(SUITE, () => {
  const bin = located.bin!;

  describe('the reference app and every example', () => {
    let out: string;
    const runs = new Map<string, CheckovRun>();
    const all = () => [...runs.values()].flatMap((r) => r.stacks);

    beforeAll(() => {
      out = fs.mkdtempSync(path.join(os.tmpdir(), 'tlsfleet-checkov-'));
      // Exactly what `npm run examples` does: each example's main.ts, and the root main.ts as cdktf.json runs it.
      const synth = spawnSync(process.execPath, [path.join(PROJECT_ROOT, 'scripts', 'synth-examples.js')], {
        cwd: PROJECT_ROOT, encoding: 'utf8', env: { ...process.env, CHECKPOINT_DISABLE: '1', SYNTH_EXAMPLES_OUT: out },
      });
      if (synth.status !== 0) throw new Error(`synth-examples.js failed (exit ${synth.status}):\n${synth.stdout}${synth.stderr}`);
      for (const app of fs.readdirSync(out).sort()) runs.set(app, runCheckov(bin, out, app));
      const lines = all().map((s) => `  ${s.stack}: passed ${s.passed.length}, failed ${s.failed.length}, skipped ${s.skipped.length}`);
      console.log(`checkov ${[...runs.values()][0]?.version} (${located.how})\n${[...runs.values()].map((r) => `  $ ${r.command}`).join('\n')}\n${lines.join('\n')}`);
    });
    afterAll(() => { if (out) fs.rmSync(out, { recursive: true, force: true }); });

    test('scans the reference app and every example, with the pinned checkov', () => {
      expect([...runs.keys()].sort()).toEqual([...exampleApps(), 'reference'].sort());
      for (const run of runs.values()) expect(run.version).toBe(pinnedCheckovVersion());
    });

    test('parses every stack: no parsing errors, and every Secret and ConfigMap is checked', () => {
      for (const [app, run] of runs) {
        expect({ app, parsingErrors: run.parsingErrors, count: run.summary.parsing_errors }).toEqual({ app, parsingErrors: [], count: 0 });
        const stacks = fs.readdirSync(path.join(out, app, 'stacks')).map((s) => `${app}/${s}`).sort();
        expect(run.stacks.map((s) => s.stack)).toEqual(stacks);
      }
      for (const s of all()) {
        expect({ stack: s.stack, passed: s.passed.length > 0 }).toEqual({ stack: s.stack, passed: true });
        const evaluated = new Set([...s.passed, ...s.failed].filter((f) => f.checkId === 'CKV_K8S_21').map((f) => f.resource));
        const expected = addresses(path.join(out, s.file), CHECKED_TYPES);
        expect(expected.length).toBeGreaterThan(0);
        expect({ stack: s.stack, evaluated: [...evaluated].sort() }).toEqual({ stack: s.stack, evaluated: expected });
      }
    });

    test('no failed check outside the suppressions, and nothing skipped by checkov itself', () => {
      const failed = all().flatMap((s) => s.failed);
      const { unsuppressed } = applySuppressions(failed, CHECKOV_SUPPRESSIONS);
      if (unsuppressed.length > 0) {
        throw new Error(`checkov: ${unsuppressed.length} failed check(s); fix the construct, or add a justified entry to ` +
          `test/ecosystem/checkov-suppressions.ts and the README's Checkov section:\n${unsuppressed.map(describeFinding).join('\n')}`);
      }
      expect(all().flatMap((s) => s.skipped).map(describeFinding)).toEqual([]);
    });

    test('every suppression is justified in the README and still needed', () => {
      const section = readmeSection();
      expect(section).not.toBe('');
      const failed = all().flatMap((s) => s.failed);
      const { stale } = applySuppressions(failed, CHECKOV_SUPPRESSIONS);
      expect(stale).toEqual([]);
      for (const s of CHECKOV_SUPPRESSIONS) {
        expect({ checkId: s.checkId, reasonLength: s.reason.trim().length >= 20 }).toEqual({ checkId: s.checkId, reasonLength: true });
        expect({ checkId: s.checkId, inReadme: section.includes(s.checkId) }).toEqual({ checkId: s.checkId, inReadme: true });
      }
    });
  });

  describe('the scan can fail', () => {
    let fixture: string;
    let failed: CheckovFinding[];

    beforeAll(() => {
      // Shaped like cdktf output: a Secret in the default namespace (CKV_K8S_21 fails) and a ConfigMap that passes.
      fixture = fs.mkdtempSync(path.join(os.tmpdir(), 'tlsfleet-checkov-fixture-'));
      const meta = (id: string) => ({ '//': { metadata: { path: `fixture/${id}`, uniqueId: id } } });
      const config = {
        '//': { metadata: { backend: 'local', stackName: 'fixture', version: '0.21.0' } },
        provider: { kubernetes: [{ config_path: '~/.kube/config' }] },
        resource: {
          kubernetes_secret_v1: {
            Leaky: { ...meta('Leaky'), metadata: { name: 'leaky', namespace: 'default' }, type: 'kubernetes.io/tls', data: { 'tls.crt': 'x', 'tls.key': 'y' } },
          },
          kubernetes_config_map_v1: { Fine: { ...meta('Fine'), metadata: { name: 'fine', namespace: 'db' }, data: { a: 'b' } } },
        },
        terraform: { required_providers: { kubernetes: { source: 'kubernetes', version: '2.38.0' } } },
      };
      fs.mkdirSync(path.join(fixture, 'app', 'stacks', 'fixture'), { recursive: true });
      fs.writeFileSync(path.join(fixture, 'app', 'stacks', 'fixture', 'cdk.tf.json'), JSON.stringify(config, null, 2));
      failed = runCheckov(bin, fixture, 'app').stacks.flatMap((s) => s.failed);
    });
    afterAll(() => { if (fixture) fs.rmSync(fixture, { recursive: true, force: true }); });

    test('a Secret in the default namespace is reported with its check id, address, construct path and file', () => {
      expect(failed.map(describeFinding)).toEqual([
        expect.stringMatching(/^CKV_K8S_21 ".*": app\/fixture kubernetes_secret_v1\.Leaky \(construct fixture\/Leaky\), app\/stacks\/fixture\/cdk\.tf\.json:\d+-\d+$/),
      ]);
    });

    test('a matching suppression accepts it; one that matches nothing is stale', () => {
      const reason = 'fixture: the default namespace is intended here';
      expect(applySuppressions(failed, [{ checkId: 'CKV_K8S_21', resource: 'kubernetes_secret_v1.Leaky', reason }]))
        .toEqual({ unsuppressed: [], stale: [] });
      const wrong = { checkId: 'CKV_K8S_21', resource: 'kubernetes_config_map_v1.Fine', reason };
      expect(applySuppressions(failed, [wrong])).toEqual({ unsuppressed: failed, stale: [wrong] });
    });
  });
});
