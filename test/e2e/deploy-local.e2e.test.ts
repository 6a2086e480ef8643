// `npm run deploy:local`, the README's deploy of the reference app to a local API server, run as a user runs it:
// the real `cdktf deploy` and `cdktf destroy`, and nothing left behind (servers, their directory, state files).
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { requireKubeApiOrSkip } from './kube-api';
import { requireToolchainOrSkip } from './terraform-harness';

const root = resolve(__dirname, '..', '..');
const RUN = requireToolchainOrSkip('deploy:local') && requireKubeApiOrSkip('deploy:local');

(RUN ? describe : describe.skip)('npm run deploy:local', () => {
  test('deploys the reference app with cdktf deploy, lists it, destroys it and cleans up', () => {
    if (existsSync(join(root, 'terraform.reference.tfstate'))) throw new Error('terraform.reference.tfstate exists in the project: deploy:local refuses to run');
    const res = spawnSync(process.execPath, ['scripts/deploy-local.js'], { cwd: root, encoding: 'utf8', timeout: 600_000, env: { ...process.env, FORCE_COLOR: '0' } });
    const out = `${res.stdout}\n${res.stderr}`;
    expect({ status: res.status, tail: res.stdout.trim().split('\n').pop() }).toEqual({
      status: 0, tail: "deploy:local: deployed, listed and destroyed; nothing tlsfleet wrote is left",
    });
    const added = /Apply complete! Resources: (\d+) added, 0 changed, 0 destroyed/.exec(out)?.[1];
    expect(Number(added)).toBeGreaterThan(20);
    expect(out).toMatch(/scyllacluster\.scylla\.scylladb\.com\/db/);
    expect(out).toContain(`Destroy complete! Resources: ${added} destroyed`);
    const kubeconfig = /kubeconfig (\S+)/.exec(out)![1];
    expect(existsSync(dirname(kubeconfig))).toBe(false);
    expect(existsSync(join(root, 'terraform.reference.tfstate'))).toBe(false);
  }, 600_000);
});
