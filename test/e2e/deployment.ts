// A stack applied to a real API server of its own, for tests that then change it step by step (day-2 changes, CA
// rotation, adding a datacenter).
import { rmSync } from 'node:fs';
import { TerraformStack } from 'cdktf';
import { synthToFile } from '../helpers/synth';
import { KubeApi, startKubeApi } from './kube-api';
import { TerraformWorkdir } from './terraform-harness';

export interface Deployment {
  readonly api: KubeApi;
  readonly wd: TerraformWorkdir;
}

/** Starts an API server with `namespaces`, then `terraform init` and `apply` of `file` against it. */
export async function deploy(file: string, namespaces: readonly string[], options: { reportAvailable?: boolean } = {}): Promise<Deployment> {
  const api = await startKubeApi({ namespaces });
  if (options.reportAvailable) api.reportScyllaClustersAvailable();
  const wd = new TerraformWorkdir(file, { env: { KUBE_CONFIG_PATH: api.kubeconfig } });
  try {
    wd.init();
    wd.apply();
  } catch (e) {
    wd.cleanup();
    api.stop();
    throw e;
  }
  return { api, wd };
}

/** Synthesized stacks of one test file, removed together at the end. */
export class Synths {
  private readonly outdirs: string[] = [];

  /** Synthesizes `build` into a kept outdir and returns its cdk.tf.json. */
  public file(build: (stack: TerraformStack) => void, stackId: string): string {
    const s = synthToFile(build, stackId);
    this.outdirs.push(s.outdir);
    return s.file;
  }

  public remove(): void {
    for (const d of this.outdirs.splice(0)) rmSync(d, { recursive: true, force: true });
  }
}

/** Removes the workdir, stops the server and removes the synthesized stacks (each part may be missing). */
export function undeploy(d: Partial<Deployment> | undefined, synths?: Synths): void {
  d?.wd?.cleanup();
  d?.api?.stop();
  synths?.remove();
}
