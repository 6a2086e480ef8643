#!/usr/bin/env node
// `npm run deploy:local`: the reference deployment deployed for real, without a cluster. Starts etcd and a
// kube-apiserver on 127.0.0.1 (built by scripts/kube-apiserver.sh, cached), installs the ScyllaCluster CRD, creates the
// namespaces, runs the README's `cdktf deploy reference` against it with KUBE_CONFIG_PATH, lists what it created, runs
// `cdktf destroy reference`, and stops the servers. Nothing runs an operator, so no ScyllaDB pod starts: this shows
// what Terraform applies, not a running database.
//
// It refuses to run when terraform.reference.tfstate exists (that may be the state of a real deployment), and removes
// the state files it wrote. TLSFLEET_DEPLOY_LOCAL_KEEP=1 keeps the servers and the deployment until Ctrl-C.
'use strict';
require('ts-node').register({ transpileOnly: true, compilerOptions: { module: 'commonjs' } });
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { startKubeApi } = require('../test/e2e/kube-api');
const { kubeTargets } = require('../test/e2e/kube-targets');

const root = path.resolve(__dirname, '..');
const STACK = 'reference';
const stateFiles = [`terraform.${STACK}.tfstate`, `terraform.${STACK}.tfstate.backup`].map((f) => path.join(root, f));

function run(cmd, args, env, capture = false) {
  const res = spawnSync(cmd, args, { cwd: root, env, stdio: capture ? ['ignore', 'pipe', 'inherit'] : 'inherit', encoding: 'utf8' });
  if (res.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed (exit ${res.status ?? res.signal})`);
  return res.stdout;
}

async function main() {
  for (const f of stateFiles) {
    if (fs.existsSync(f)) throw new Error(`${path.basename(f)} exists (the state of another deployment?): move it away first`);
  }
  const env = { ...process.env, CHECKPOINT_DISABLE: '1' };
  delete env.TF_CLI_CONFIG_FILE; // may point at a missing file on some machines
  const mirror = run('bash', [path.join(root, 'scripts', 'providers.sh')], env, true).trim().split('\n').pop();
  if (mirror) env.TF_CLI_ARGS_init = `-plugin-dir=${mirror}`;

  // The namespaces the stack writes to, from a synth of its own.
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'tlsfleet-deploy-local-'));
  run(process.execPath, ['-r', './scripts/ts-cache.js', 'main.ts'], { ...env, CDKTF_OUTDIR: outdir });
  const config = JSON.parse(fs.readFileSync(path.join(outdir, 'stacks', STACK, 'cdk.tf.json'), 'utf8'));
  fs.rmSync(outdir, { recursive: true, force: true });
  const namespaces = kubeTargets(config).flatMap((t) => t.namespaces);

  console.log(`deploy:local: starting etcd and kube-apiserver on 127.0.0.1 (namespaces: ${namespaces.join(', ')})`);
  const api = await startKubeApi({ namespaces });
  env.KUBE_CONFIG_PATH = api.kubeconfig;
  console.log(`deploy:local: API server ${api.url}, kubeconfig ${api.kubeconfig}`);
  let deployed = false;
  try {
    const cdktf = path.join(root, 'node_modules', '.bin', 'cdktf');
    run(cdktf, ['deploy', STACK, '--auto-approve', '--skip-provider-lock'], env);
    deployed = true;
    console.log('\ndeploy:local: what the API server holds now:');
    console.log(api.kubectl(['get', 'scyllaclusters,secrets,configmaps', '-A', '-l', 'app.kubernetes.io/managed-by=tlsfleet']));
    if (process.env.TLSFLEET_DEPLOY_LOCAL_KEEP === '1') {
      console.log(`deploy:local: kept running; try: KUBECONFIG=${api.kubeconfig} kubectl get scyllacluster -A -o yaml. Ctrl-C ends it.`);
      await new Promise((resolve) => process.once('SIGINT', resolve));
    }
    run(cdktf, ['destroy', STACK, '--auto-approve', '--skip-provider-lock'], env);
    deployed = false;
    const left = api.kubectl(['get', 'scyllaclusters,secrets,configmaps', '-A', '-l', 'app.kubernetes.io/managed-by=tlsfleet', '-o', 'name']).trim();
    if (left) throw new Error(`left after destroy:\n${left}`);
    console.log('deploy:local: deployed, listed and destroyed; nothing tlsfleet wrote is left');
  } finally {
    api.stop();
    if (!deployed) for (const f of stateFiles) fs.rmSync(f, { force: true });
  }
}

main().catch((e) => {
  console.error(`deploy:local: ${e.message}`);
  process.exit(1);
});
