#!/usr/bin/env node
// Synthesizes every example app: each examples/<name>/ with a cdktf.json is run with its cdktf.json `app` command
// (`node -r ../../scripts/ts-cache.js main.ts`) in its own directory, writing examples/<name>/cdktf.out.
// The reference app (root main.ts, stack module in examples/reference/) is synthesized into ./cdktf.out.
// Any failure is reported with the app's output and makes the script exit non-zero.
// SYNTH_EXAMPLES_OUT=<dir> writes <dir>/<name>/ instead (tests use it so they never touch the working tree);
// SYNTH_EXAMPLES_DIR=<dir> synthesizes the apps in <dir> only (tests use it to prove failures are loud).
'use strict';
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const examplesDir = process.env.SYNTH_EXAMPLES_DIR ? path.resolve(process.env.SYNTH_EXAMPLES_DIR) : path.join(root, 'examples');

/** The apps to synthesize: { name, dir } with a main.ts in dir. */
function apps() {
  const found = fs.readdirSync(examplesDir, { withFileTypes: true })
    .filter((e) => e.isDirectory() && fs.existsSync(path.join(examplesDir, e.name, 'cdktf.json')))
    .map((e) => ({ name: e.name, dir: path.join(examplesDir, e.name) }))
    .sort((a, b) => a.name.localeCompare(b.name));
  if (!process.env.SYNTH_EXAMPLES_DIR && fs.existsSync(path.join(root, 'main.ts'))) found.push({ name: 'reference', dir: root });
  return found;
}

/** The app command of a cdktf.json, split on spaces; the default is the reference app's. */
function appCommand(dir) {
  const config = JSON.parse(fs.readFileSync(path.join(dir, 'cdktf.json'), 'utf8'));
  return (config.app || `node -r ${path.relative(dir, path.join(root, 'scripts', 'ts-cache.js'))} main.ts`).split(' ');
}

function synth(app) {
  const main = path.join(app.dir, 'main.ts');
  if (!fs.existsSync(main)) throw new Error(`${app.name}: no main.ts in ${app.dir}`);
  const outdir = process.env.SYNTH_EXAMPLES_OUT
    ? path.resolve(process.env.SYNTH_EXAMPLES_OUT, app.name)
    : path.join(app.dir, 'cdktf.out');
  fs.rmSync(outdir, { recursive: true, force: true });
  fs.mkdirSync(path.dirname(outdir), { recursive: true });
  const [cmd, ...args] = appCommand(app.dir);
  const run = spawnSync(cmd === 'node' ? process.execPath : cmd, args, {
    cwd: app.dir,
    encoding: 'utf8',
    env: { ...process.env, CHECKPOINT_DISABLE: '1', CDKTF_OUTDIR: outdir },
  });
  if (run.error) throw new Error(`${app.name}: could not run node: ${run.error.message}`);
  if (run.status !== 0) {
    throw new Error(`${app.name}: synth failed (exit ${run.status}, signal ${run.signal})\n${run.stdout}${run.stderr}`);
  }
  const stacksDir = path.join(outdir, 'stacks');
  const stacks = fs.existsSync(stacksDir) ? fs.readdirSync(stacksDir).filter((s) => fs.existsSync(path.join(stacksDir, s, 'cdk.tf.json'))) : [];
  if (stacks.length === 0) throw new Error(`${app.name}: synth wrote no stack under ${stacksDir}`);
  return stacks.map((s) => path.relative(process.cwd(), path.join(stacksDir, s, 'cdk.tf.json')));
}

let failed = 0;
const list = apps();
if (list.length === 0) {
  console.error(`no example apps found under ${examplesDir}`);
  process.exit(1);
}
for (const app of list) {
  try {
    const files = synth(app);
    console.log(`ok   ${app.name}: ${files.join(', ')}`);
  } catch (e) {
    failed++;
    console.error(`FAIL ${e.message}`);
  }
}
if (failed) {
  console.error(`${failed} of ${list.length} example apps failed to synthesize`);
  process.exit(1);
}
