// What an applied stack left in the API servers, compared with what terraform was told to write.
import { KubeTargetServers, providerAlias } from './kube-targets';
import { resourcesInState, TerraformJsonConfig, TerraformStateJson } from './terraform-harness';

export interface LiveObject {
  readonly address: string;
  /** What the object must contain (a subset of the live object). */
  readonly expected: any;
  /** The object as the API server returns it now; undefined once it is gone. */
  live(): any | undefined;
}

const KINDS: Record<string, string> = {
  kubernetes_secret_v1: 'secret',
  kubernetes_config_map_v1: 'configmap',
};

/**
 * Every Kubernetes object in the state, with what it must hold and a reader for its live version. The state does not
 * carry provider aliases, so `config` (the applied configuration) says which server each object is on.
 */
export function liveObjects(state: TerraformStateJson, servers: KubeTargetServers, config: TerraformJsonConfig): LiveObject[] {
  const out: LiveObject[] = [];
  const bodyOf = (address: string) => {
    const [type, name] = address.split('.');
    return config.resource?.[type]?.[name];
  };
  for (const type of [...Object.keys(KINDS), 'kubernetes_manifest']) {
    for (const r of resourcesInState(state, type)) {
      const api = servers.api(providerAlias(bodyOf(r.address)));
      if (type === 'kubernetes_manifest') {
        const m = r.values.manifest;
        const resource = `${m.kind.toLowerCase()}.${m.apiVersion.split('/')[0]}`;
        out.push({ address: r.address, expected: m, live: () => api.get(resource, m.metadata.name, m.metadata.namespace) });
        continue;
      }
      const meta = r.values.metadata[0];
      const data: Record<string, string> = r.values.data ?? {};
      const expected: any = {
        metadata: { name: meta.name, namespace: meta.namespace, ...(meta.labels && Object.keys(meta.labels).length ? { labels: meta.labels } : {}) },
        data: type === 'kubernetes_secret_v1'
          ? Object.fromEntries(Object.entries(data).map(([k, v]) => [k, Buffer.from(v, 'utf8').toString('base64')]))
          : data,
      };
      if (type === 'kubernetes_secret_v1') expected.type = r.values.type;
      out.push({ address: r.address, expected, live: () => api.get(KINDS[type], meta.name, meta.namespace) });
    }
  }
  return out;
}


/** Where `live` differs from `expected` (every key of expected must be in live with the same value). */
export function subsetMismatches(address: string, expected: any, live: any, at = ''): string[] {
  if (live === undefined) return [`${address}: missing from the API server`];
  if (expected === null || typeof expected !== 'object') {
    // int-or-string fields (resource quantities): the kubernetes provider sends "2" as the integer 2.
    if (typeof expected === 'string' && typeof live === 'number' && String(live) === expected) return [];
    return expected === live ? [] : [`${address}${at}: expected ${JSON.stringify(expected)}, API server has ${JSON.stringify(live)}`];
  }
  if (Array.isArray(expected)) {
    if (!Array.isArray(live) || live.length !== expected.length) {
      return [`${address}${at}: expected ${expected.length} items, API server has ${JSON.stringify(live)}`];
    }
    return expected.flatMap((e, i) => subsetMismatches(address, e, live[i], `${at}[${i}]`));
  }
  if (live === null || typeof live !== 'object') return [`${address}${at}: expected an object, API server has ${JSON.stringify(live)}`];
  return Object.keys(expected).flatMap((k) =>
    k in live ? subsetMismatches(address, expected[k], live[k], `${at}.${k}`) : [`${address}${at}.${k}: missing (pruned?) on the API server`]);
}

/**
 * Every kubernetes_manifest of the configuration through a server-side dry run with `--validate=strict`: an unknown
 * field is an error instead of being pruned silently. Returns the errors (empty when all pass).
 */
export function strictDryRun(config: TerraformJsonConfig, servers: KubeTargetServers): string[] {
  const errors: string[] = [];
  for (const [name, body] of Object.entries((config.resource?.kubernetes_manifest ?? {}) as Record<string, any>)) {
    const api = servers.api(providerAlias(body));
    try {
      api.kubectl(['apply', '--server-side', '--dry-run=server', '--validate=strict', '--field-manager=tlsfleet-strict-check', '-f', '-'],
        JSON.stringify(body.manifest));
    } catch (e) {
      errors.push(`kubernetes_manifest.${name}: ${(e as Error).message}`);
    }
  }
  return errors;
}
