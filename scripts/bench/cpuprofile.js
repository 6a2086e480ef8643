#!/usr/bin/env node
// Summarizes a V8 .cpuprofile (from `node --cpu-prof`): top functions by self time, and self
// time per package or project folder, and functions by total time (self and callees).
// Usage: node scripts/bench/cpuprofile.js <file> [top=25] [project root, if the profile ran a copy]
'use strict';
const { readFileSync } = require('node:fs');
const { relative, resolve } = require('node:path');

const projectRootDefault = resolve(__dirname, '..', '..');

/** Where a script belongs: an npm package name, a project folder, or a node built-in. */
function owner(url, root) {
  if (!url) return '(native/vm)';
  const path = url.replace(/^file:\/\//, '');
  const nm = path.lastIndexOf('node_modules/');
  if (nm >= 0) {
    const parts = path.slice(nm + 'node_modules/'.length).split('/');
    return parts[0].startsWith('@') ? `${parts[0]}/${parts[1]}` : parts[0];
  }
  if (path.startsWith('node:') || !path.startsWith('/')) return 'node (internal)';
  const rel = relative(root, path);
  return rel.startsWith('..') ? path : `./${rel.split('/').slice(0, 2).join('/')}`;
}

/** A short name for a script: `cdktf lib/resolve.js`, `constructs/policy/report.js`. */
function place(url, root) {
  const path = url.replace(/^file:\/\//, '');
  const nm = path.lastIndexOf('node_modules/');
  if (nm >= 0) {
    const pkg = owner(url, root);
    return `${pkg} ${path.slice(nm + 'node_modules/'.length + pkg.length + 1)}`;
  }
  if (!path.startsWith('/')) return path;
  const rel = relative(root, path);
  return rel.startsWith('..') ? path : rel;
}

/** `root`: where the project's files are in the profile (the bench runs a transpiled copy). */
function summarize(file, top = 25, root = projectRootDefault) {
  const profile = JSON.parse(readFileSync(file, 'utf8'));
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const selfUs = new Map();
  // timeDeltas[i] is the time before sample i; attribute it to that sample's node.
  profile.samples.forEach((id, i) => selfUs.set(id, (selfUs.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));
  const byFunction = new Map();
  const byOwner = new Map();
  let total = 0;
  for (const [id, us] of selfUs) {
    const { callFrame } = byId.get(id);
    const url = callFrame.url;
    const where = url ? `${place(url, root)}:${callFrame.lineNumber + 1}` : '';
    const key = `${callFrame.functionName || '(anonymous)'} ${where}`.trim();
    byFunction.set(key, (byFunction.get(key) ?? 0) + us);
    const o = owner(url, root);
    byOwner.set(o, (byOwner.get(o) ?? 0) + us);
    total += us;
  }
  // Total (inclusive) time: each sample counts once for every distinct function on its stack.
  const parent = new Map();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const inclusive = new Map();
  for (const [id, us] of selfUs) {
    const seen = new Set();
    for (let at = id; at !== undefined; at = parent.get(at)) {
      const { callFrame } = byId.get(at);
      if (!callFrame.url) continue;
      const key = `${callFrame.functionName || '(anonymous)'} ${place(callFrame.url, root)}:${callFrame.lineNumber + 1}`;
      if (seen.has(key)) continue;
      seen.add(key);
      inclusive.set(key, (inclusive.get(key) ?? 0) + us);
    }
  }
  const ms = (us) => (us / 1000).toFixed(0).padStart(7);
  const pct = (us) => ((100 * us) / total).toFixed(1).padStart(5);
  const lines = [`${file}: ${(total / 1000).toFixed(0)} ms sampled`, '', 'self ms     %  function'];
  [...byFunction].sort((a, b) => b[1] - a[1]).slice(0, top).forEach(([k, us]) => lines.push(`${ms(us)} ${pct(us)}  ${k}`));
  lines.push('', 'total ms     %  function (self and callees)');
  [...inclusive].sort((a, b) => b[1] - a[1]).slice(0, top).forEach(([k, us]) => lines.push(`${ms(us)} ${pct(us)}  ${k}`));
  lines.push('', 'self ms     %  package or folder');
  [...byOwner].sort((a, b) => b[1] - a[1]).slice(0, top).forEach(([k, us]) => lines.push(`${ms(us)} ${pct(us)}  ${k}`));
  const policy = policyTime(profile, byId, parent, selfUs, root);
  lines.push('', `policy (self and callees of constructs/policy/, its synthesizer wrapper attach.js excepted): ${ms(policy).trim()} ms, ${pct(policy).trim()}%`);
  return lines.join('\n');
}

/**
 * The policy's own cost: samples with a frame of constructs/policy/ on the stack, other than
 * attach.js, which only wraps cdktf's synth (the render to cdk.tf.json every app pays for).
 */
function policyTime(profile, byId, parent, selfUs, root) {
  let us = 0;
  for (const [id, t] of selfUs) {
    for (let at = id; at !== undefined; at = parent.get(at)) {
      const url = byId.get(at).callFrame.url;
      const rel = url ? place(url, root) : '';
      if (rel.startsWith('constructs/policy/') && rel !== 'constructs/policy/attach.js') { us += t; break; }
    }
  }
  return us;
}

module.exports = { summarize };

if (require.main === module) {
  if (!process.argv[2]) {
    console.error('usage: node scripts/bench/cpuprofile.js <file.cpuprofile> [top]');
    process.exit(2);
  }
  console.log(summarize(process.argv[2], Number(process.argv[3] ?? 25), process.argv[4] ? resolve(process.argv[4]) : projectRootDefault));
}
