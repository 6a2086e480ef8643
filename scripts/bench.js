#!/usr/bin/env node
// Synth benchmarks: `npm run bench`. Speed targets live here, not in timed unit tests.
// Prints one line per case: median and min wall time over N runs, and the resource count.
'use strict';
const { execFileSync } = require('node:child_process');
const { mkdtempSync, readFileSync, rmSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join, resolve } = require('node:path');

const root = resolve(__dirname, '..');
const runs = Number(process.env.BENCH_RUNS || 5);

function time(label, cmd, args, stackFile, env = {}) {
  const samples = [];
  let resources = 0;
  for (let i = 0; i < runs; i++) {
    const outdir = mkdtempSync(join(tmpdir(), 'tlsfleet-bench-'));
    const start = process.hrtime.bigint();
    execFileSync(cmd, args, { cwd: root, stdio: 'pipe', env: { ...process.env, ...env, CDKTF_OUTDIR: outdir, CHECKPOINT_DISABLE: '1' } });
    samples.push(Number(process.hrtime.bigint() - start) / 1e6);
    const json = JSON.parse(readFileSync(join(outdir, 'stacks', stackFile, 'cdk.tf.json'), 'utf8'));
    resources = Object.values(json.resource || {}).reduce((n, byId) => n + Object.keys(byId).length, 0);
    rmSync(outdir, { recursive: true, force: true });
  }
  samples.sort((a, b) => a - b);
  const median = samples[Math.floor(samples.length / 2)];
  console.log(`${label.padEnd(38)} median ${median.toFixed(0).padStart(6)} ms   min ${samples[0].toFixed(0).padStart(6)} ms   ${resources} resources   (${runs} runs)`);
}

const app = JSON.parse(readFileSync(join(root, 'cdktf.json'), 'utf8')).app.split(' ');
time('reference app (node, as cdktf.json)', app[0], app.slice(1), 'reference');
time('fleet: 1 CA, 500 client certificates', process.execPath,
  ['-r', 'ts-node/register/transpile-only', join(root, 'scripts', 'bench-fleet.ts')], 'fleet', { BENCH_CLIENTS: '500' });
