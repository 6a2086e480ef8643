import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import * as ts from 'typescript';
import { parse } from 'yaml';
import { cleanupPack, packOnce } from '../hostile/pack';
import { COMMENT_LIMIT } from '../../constructs/policy/diff';
import { removeAll, synthVariant } from './fixtures';

// tlsfleet as a consumer installs it: `npm pack` of this repository, extracted by the hostile catalogue's harness,
// its bin linked by npm itself (`npm rebuild`, which links a package's `bin` into node_modules/.bin). Then
// `npx tlsfleet diff` and scripts/review-comment.sh run against two commits of examples/alternator-tls in a
// temporary git repository. No network: npm runs --offline, the dependencies are this repository's install.

const root = resolve(__dirname, '..', '..');
const dirs: string[] = [];
let consumer: string;

const WAIVER_REASON = 'The legacy importer cannot verify a CA until the Q3 rewrite ships (INV-412).';

beforeAll(() => {
  consumer = packOnce().consumer;
  writeFileSync(join(consumer, 'package.json'), JSON.stringify({ name: 'review-consumer', private: true, dependencies: { tlsfleet: '0.1.0' } }));
  execFileSync('npm', ['rebuild', 'tlsfleet', '--offline', '--ignore-scripts', '--no-audit', '--no-fund'], { cwd: consumer, stdio: 'pipe' });
}, 300_000);
afterAll(() => {
  removeAll(dirs);
  cleanupPack();
});

function npx(args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync('npx', ['--no-install', 'tlsfleet', ...args], { cwd: consumer, encoding: 'utf8', env: { ...process.env, npm_config_offline: 'true' } });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('the packed bin', () => {
  test('npm links it; npx tlsfleet diff exits 0 (not worse), 1 (worse), 2 (unreadable input or bad usage)', () => {
    expect(readFileSync(join(consumer, 'node_modules', '.bin', 'tlsfleet'), 'utf8').startsWith('#!/usr/bin/env node\n')).toBe(true);
    const base = synthVariant();
    const same = synthVariant();
    const worse = synthVariant({ plaintextWithWaiver: { reason: WAIVER_REASON } });
    dirs.push(base, same, worse);
    const none = npx(['diff', base, same]);
    expect(none).toEqual({ status: 0, stdout: '**tlsfleet posture diff: no change** to listeners, waivers, rule results, certificates, key deliveries, trust or clusters.\n', stderr: '' });
    const w = npx(['diff', base, worse]);
    expect(w.status).toBe(1);
    expect(w.stdout).toMatch(/^\*\*tlsfleet posture diff: worse\.\*\*/);
    expect(npx(['diff', worse, base])).toMatchObject({ status: 0, stdout: expect.stringMatching(/^\*\*tlsfleet posture diff: not worse\.\*\*/) });
    const missing = npx(['diff', base, join(base, 'nope')]);
    expect(missing).toMatchObject({ status: 2, stdout: '' });
    expect(missing.stderr).toBe(`tlsfleet diff: ${join(base, 'nope', 'tlsfleet', 'report.json')}: cannot be read (ENOENT): is ${join(base, 'nope')} a cdktf.out directory of a synth with tlsfleet?\n`);
    expect(npx(['diff', '--help'])).toMatchObject({ status: 0, stdout: expect.stringContaining('Exit codes:') });
    expect(npx(['review'])).toMatchObject({ status: 2, stderr: expect.stringContaining('unknown command "review"') });
  });
});

/** examples/alternator-tls as a consumer's app: TypeScript transpiled to JavaScript, importing the package. */
function writeApp(repo: string, stackSource: string): void {
  const app = join(repo, 'examples', 'alternator-tls');
  mkdirSync(app, { recursive: true });
  const js = (src: string): string => ts.transpileModule(src, { compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true } }).outputText;
  writeFileSync(join(app, 'stack.js'), js(stackSource.replace("from '../../constructs'", "from 'tlsfleet'")));
  writeFileSync(join(app, 'main.js'), js(readFileSync(join(root, 'examples', 'alternator-tls', 'main.ts'), 'utf8')));
  writeFileSync(join(repo, 'examples', 'kubeconfig.js'), js(readFileSync(join(root, 'examples', 'kubeconfig.ts'), 'utf8')));
  writeFileSync(join(app, 'cdktf.json'), JSON.stringify({ language: 'typescript', app: 'node main.js', projectId: 'review-test' }));
}

/** The edit of the pull request: a client added, and Alternator on plain HTTP with its waiver. */
function pullRequest(source: string): string {
  const edits: [string, string][] = [
    ['ScyllaRackProps, TaintEffect, TolerationOperator,', 'ScyllaRackProps, TaintEffect, TolerationOperator, waive,'],
    ['certificateSource: AlternatorCertificateSource.TLSFLEET,', 'certificateSource: AlternatorCertificateSource.TLSFLEET,\n        insecureEnableHttp: true,'],
    ["this.cluster.addClient('Inventory',", `waive(this.cluster, 'TLSF001', { reason: ${JSON.stringify(WAIVER_REASON)}, approvedBy: 'security-review@example.com' });\n    this.cluster.addClient('Billing', { name: 'billing', namespace: 'billing' });\n    this.cluster.addClient('Inventory',`],
  ];
  return edits.reduce((src, [from, to]) => {
    if (!src.includes(from)) throw new Error(`examples/alternator-tls/stack.ts no longer contains ${JSON.stringify(from)}: update this test's edit`);
    return src.replace(from, to);
  }, source);
}

describe('scripts/review-comment.sh', () => {
  test('two commits of an example: the comment has the diff first, then report.md, within one comment', () => {
    const repo = mkdtempSync(join(tmpdir(), 'tlsfleet-review-repo-'));
    dirs.push(repo);
    const git = (...args: string[]): string => execFileSync('git', args, {
      cwd: repo, encoding: 'utf8',
      env: { ...process.env, GIT_AUTHOR_NAME: 'Test', GIT_AUTHOR_EMAIL: 'test@example.com', GIT_COMMITTER_NAME: 'Test', GIT_COMMITTER_EMAIL: 'test@example.com' },
    });
    git('init', '--quiet', '--initial-branch=main');
    writeFileSync(join(repo, '.gitignore'), 'node_modules\ncdktf.out\n');
    writeFileSync(join(repo, 'package.json'), JSON.stringify({ name: 'shop-infra', private: true, dependencies: { tlsfleet: '0.1.0' } }));
    symlinkSync(join(consumer, 'node_modules'), join(repo, 'node_modules'));
    const stack = readFileSync(join(root, 'examples', 'alternator-tls', 'stack.ts'), 'utf8');
    writeApp(repo, stack);
    git('add', '.');
    git('commit', '--quiet', '-m', 'alternator-tls');
    writeApp(repo, pullRequest(stack));
    git('commit', '--quiet', '-am', 'a client and plain HTTP for it');

    const keep = join(repo, '..', `${repo.split('/').pop()}-keep`);
    dirs.push(keep);
    const comment = join(repo, '..', `${repo.split('/').pop()}-comment.md`);
    dirs.push(comment);
    const run = spawnSync('bash', [join(root, 'scripts', 'review-comment.sh'), 'HEAD~1', 'HEAD', 'examples/alternator-tls'], {
      cwd: repo, encoding: 'utf8', env: { ...process.env, TLSFLEET_COMMENT: comment, TLSFLEET_REVIEW_KEEP: keep, TLSFLEET_BIN: '' },
    });
    expect({ status: run.status, stderr: run.stderr }).toEqual({ status: 1, stderr: '' });
    expect(run.stdout).toBe(`comment written to ${comment}: ${readFileSync(comment, 'utf8').split('\n')[0]}\n`);

    const text = readFileSync(comment, 'utf8');
    expect(text.length).toBeLessThanOrEqual(COMMENT_LIMIT);
    const [diff, ...rest] = text.split('\n\n---\n\n');
    expect(diff.split('\n')[0]).toMatch(/^\*\*tlsfleet posture diff: worse\.\*\* \d+ of \d+ change\(s\) weaken security: .*new waiver \(1\)/);
    const worse = diff.slice(diff.indexOf('### Weakens security'), diff.indexOf('\n### ', diff.indexOf('### Weakens security') + 1));
    expect(worse).toContain('New waiver: `TLSF001` Plaintext listener (high) on `alternator-tls/Shop`, covering 1 violation(s), approved by security\\-review\\@example\\.com. Reason: The legacy importer cannot verify a CA until the Q3 rewrite ships \\(INV\\-412\\)\\.');
    expect(worse).toContain('Listener opened: `alternator-tls/Shop` datacenter `eu-west-1`: Alternator on port 8000');
    expect(diff).toContain('Client certificate added: `alternator-tls/Shop/Billing/Certificate`');
    // report.md of the head follows the diff, whole or cut with the notice.
    const report = readFileSync(join(keep, 'head', 'tlsfleet', 'report.md'), 'utf8').replace(/\n+$/, '');
    const shown = rest.join('\n\n---\n\n').replace(/\n+$/, '');
    expect(shown === report || (shown.includes('*report.md cut here to fit one comment') && report.startsWith(shown.slice(0, shown.lastIndexOf('\n\n*report.md cut here'))))).toBe(true);
    expect(existsSync(join(keep, 'head', 'tlsfleet', 'report.sarif'))).toBe(true);
    // The worktrees are gone again.
    expect(git('worktree', 'list').trim().split('\n')).toHaveLength(1);

    // The same commit twice: exit 0 and the one line, then report.md.
    const same = spawnSync('bash', [join(root, 'scripts', 'review-comment.sh'), 'HEAD', 'HEAD', 'examples/alternator-tls'], { cwd: repo, encoding: 'utf8', env: { ...process.env, TLSFLEET_COMMENT: comment } });
    expect(same.status).toBe(0);
    expect(readFileSync(comment, 'utf8').split('\n\n---\n\n')[0]).toBe('**tlsfleet posture diff: no change** to listeners, waivers, rule results, certificates, key deliveries, trust or clusters.');
    // A ref that does not exist: exit 2 and why.
    const bad = spawnSync('bash', [join(root, 'scripts', 'review-comment.sh'), 'no-such-ref', 'HEAD', 'examples/alternator-tls'], { cwd: repo, encoding: 'utf8', env: { ...process.env, TLSFLEET_COMMENT: comment } });
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('cannot check out no-such-ref');
  }, 120_000);
});

describe('docs/ci/github-actions.yml', () => {
  test('synthesizes base and head, posts one comment, uploads report.sarif, fails on a worse posture', () => {
    const wf = parse(readFileSync(join(root, 'docs', 'ci', 'github-actions.yml'), 'utf8'));
    const steps: { name?: string; uses?: string; run?: string; if?: string; with?: Record<string, string> }[] = wf.jobs.review.steps;
    const checkouts = steps.filter((s) => s.uses?.startsWith('actions/checkout@'));
    expect(checkouts.map((s) => s.with?.ref)).toEqual(['${{ github.event.pull_request.base.sha }}', '${{ github.event.pull_request.head.sha }}']);
    expect(steps.filter((s) => /npx --no-install cdktf synth --output/.test(s.run ?? ''))).toHaveLength(2);
    const diff = steps.find((s) => (s.run ?? '').includes('tlsfleet" diff out/base out/head --with-report --output comment.md'));
    expect(diff).toBeDefined();
    expect(steps.filter((s) => s.uses?.startsWith('actions/github-script@')).map((s) => s.with?.script)).toEqual([expect.stringContaining("readFileSync('comment.md'")]);
    expect(steps.find((s) => s.uses?.startsWith('github/codeql-action/upload-sarif@'))?.with?.sarif_file).toBe('out/head/tlsfleet/report.sarif');
    expect(steps[steps.length - 1]).toMatchObject({ if: "steps.diff.outputs.code == '1'" });
    expect(wf.permissions).toEqual({ 'contents': 'read', 'pull-requests': 'write', 'security-events': 'write' });
  });
});
