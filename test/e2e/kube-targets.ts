// One real API server per Kubernetes cluster a synthesized stack targets: each `kubernetes` provider block (by alias)
// is one cluster, reached through the kubeconfig context it names (`config_context`, or the current context). The
// namespaces each provider's resources write to are created before terraform runs. All servers share one kubeconfig,
// given to terraform as KUBE_CONFIG_PATH, the way the README tells users to deploy.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { KubeApi, startKubeApi, writeKubeconfig } from './kube-api';
import { TerraformJsonConfig } from './terraform-harness';

export interface KubeTarget {
  /** The provider alias ('' for the default provider). */
  readonly alias: string;
  /** The kubeconfig context the provider uses. */
  readonly context: string;
  readonly namespaces: readonly string[];
}

/** The alias of the kubernetes provider a resource body names (`kubernetes.eu` → `eu`); '' for the default one. */
export function providerAlias(body: { provider?: unknown } | undefined): string {
  return typeof body?.provider === 'string' ? body.provider.replace(/^kubernetes\.?/, '') : '';
}

/** The Kubernetes clusters a configuration targets, with the namespaces written in each. */
export function kubeTargets(config: TerraformJsonConfig): KubeTarget[] {
  const blocks = (config.provider?.kubernetes ?? []) as Array<{ alias?: string; config_context?: string }>;
  const byAlias = new Map<string, { context: string; namespaces: Set<string> }>();
  for (const b of blocks) byAlias.set(b.alias ?? '', { context: b.config_context ?? 'default', namespaces: new Set() });
  for (const [type, group] of Object.entries((config.resource ?? {}) as Record<string, Record<string, any>>)) {
    if (!type.startsWith('kubernetes_')) continue;
    for (const body of Object.values(group)) {
      const alias = providerAlias(body);
      const target = byAlias.get(alias);
      if (!target) throw new Error(`${type} uses provider "${body.provider}", which the configuration does not declare`);
      const metadata = Array.isArray(body.metadata) ? body.metadata[0] : body.metadata;
      const ns = body.manifest?.metadata?.namespace ?? metadata?.namespace;
      if (typeof ns === 'string' && ns !== '' && !ns.includes('${')) target.namespaces.add(ns);
    }
  }
  return [...byAlias].map(([alias, t]) => ({ alias, context: t.context, namespaces: [...t.namespaces].sort() }));
}

export interface KubeTargetServers {
  /** By provider alias ('' for the default provider). */
  readonly byAlias: ReadonlyMap<string, KubeApi>;
  /** One kubeconfig with every server's context; the first target's is current. */
  readonly kubeconfig: string;
  /** Environment for terraform: KUBE_CONFIG_PATH. */
  readonly env: NodeJS.ProcessEnv;
  /** The server behind the default provider (or the only one). */
  api(alias?: string): KubeApi;
  stop(): void;
}

/** Starts one API server per target (in sequence: two cores), with the CRD and namespaces. */
export async function startKubeTargets(config: TerraformJsonConfig, extraNamespaces: readonly string[] = []): Promise<KubeTargetServers> {
  // A datacenter with a successor waits for Available (multi-datacenter bootstrap order): stand in for the operator.
  const waits = Object.values((config.resource?.kubernetes_manifest ?? {}) as Record<string, any>).some((m) => m.wait);
  const targets = kubeTargets(config);
  if (targets.length === 0) throw new Error('the configuration declares no kubernetes provider');
  const started: Array<[string, KubeApi]> = [];
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tlsfleet-kubeconfig-'));
  const stop = () => {
    for (const [, api] of started) api.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  };
  try {
    const contexts = new Map<string, KubeApi>();
    for (const t of targets) {
      let api = contexts.get(t.context);
      if (!api) {
        api = await startKubeApi({ context: t.context, namespaces: [...t.namespaces, ...extraNamespaces] });
        if (waits) api.reportScyllaClustersAvailable();
        contexts.set(t.context, api);
      } else {
        for (const ns of t.namespaces) if (!api.get('namespace', ns)) api.kubectl(['create', 'namespace', ns]);
      }
      started.push([t.alias, api]);
    }
    const kubeconfig = writeKubeconfig(path.join(dir, 'kubeconfig'), [...contexts.values()]);
    const byAlias = new Map(started);
    return {
      byAlias,
      kubeconfig,
      env: { KUBE_CONFIG_PATH: kubeconfig },
      api: (alias = '') => {
        const api = byAlias.get(alias) ?? (byAlias.size === 1 ? [...byAlias.values()][0] : undefined);
        if (!api) throw new Error(`no API server for provider alias "${alias}"`);
        return api;
      },
      stop: () => {
        // Each server once, even when two aliases share a context.
        const seen = new Set<KubeApi>();
        for (const [, api] of started) if (!seen.has(api)) { seen.add(api); api.stop(); }
        fs.rmSync(dir, { recursive: true, force: true });
      },
    };
  } catch (e) {
    stop();
    throw e;
  }
}
