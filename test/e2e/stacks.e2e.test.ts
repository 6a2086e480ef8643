// Every synthesized stack, the reference app and each example, deployed for real: `terraform validate`, then against
// one real kube-apiserver per Kubernetes cluster it targets (with the ScyllaCluster CRD): every manifest accepted
// with strict field validation, `terraform apply` of everything, every leaf verified with openssl, a second plan with
// no changes (server-side defaults cause no drift), every object read back equal to what was synthesized, and
// `terraform destroy` removing all of it.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { requireKubeApiOrSkip } from './kube-api';
import { KubeTargetServers, providerAlias, startKubeTargets } from './kube-targets';
import { verifyAppliedPki } from './pki-checks';
import { liveObjects, strictDryRun, subsetMismatches } from './readback';
import { dropProvider, formatDiagnostics, plannedChanges, requireToolchainOrSkip, TerraformWorkdir } from './terraform-harness';

const root = resolve(__dirname, '..', '..');

/** Every cdktf app of the project: the root app and each examples/<name> with its own cdktf.json. */
function apps(): Array<{ name: string; dir: string }> {
  const examples = readdirSync(join(root, 'examples'))
    .filter((name) => existsSync(join(root, 'examples', name, 'cdktf.json')))
    .sort()
    .map((name) => ({ name: `examples/${name}`, dir: join(root, 'examples', name) }));
  return [{ name: 'reference app', dir: root }, ...examples];
}

/** Runs an app as its cdktf.json says into a fresh outdir; returns each stack's cdk.tf.json. */
function synthApp(dir: string): { outdir: string; stacks: Array<{ stack: string; file: string }> } {
  const outdir = mkdtempSync(join(tmpdir(), 'tlsfleet-stacks-'));
  const [cmd, ...args] = (JSON.parse(readFileSync(join(dir, 'cdktf.json'), 'utf8')).app as string).split(' ');
  execFileSync(cmd, args, { cwd: dir, env: { ...process.env, CDKTF_OUTDIR: outdir }, stdio: 'pipe' });
  const stacks = readdirSync(join(outdir, 'stacks')).sort().map((stack) => ({ stack, file: join(outdir, 'stacks', stack, 'cdk.tf.json') }));
  return { outdir, stacks };
}

const RUN = requireToolchainOrSkip('stacks deploy') && requireKubeApiOrSkip('stacks deploy');

(RUN ? describe : describe.skip)('every synthesized stack, deployed with real Terraform to real API servers', () => {
  for (const app of apps()) {
    describe(app.name, () => {
      const synthesized = synthApp(app.dir);
      afterAll(() => rmSync(synthesized.outdir, { recursive: true, force: true }));

      test('synthesizes at least one stack', () => {
        expect(synthesized.stacks.length).toBeGreaterThan(0);
      });

      for (const { stack, file } of synthesized.stacks) {
        describe(stack, () => {
          const synthesized = JSON.parse(readFileSync(file, 'utf8'));
          // No scylladbcloud provider can be had here: a stack with ScyllaDB Cloud resources is deployed without them
          // and without what reads them (test/scylla-cloud checks those against the provider's schema).
          const cloud = Object.keys({ ...synthesized.resource, ...synthesized.data }).some((t) => t.startsWith('scylladbcloud_'));
          const transform = cloud ? dropProvider('scylladbcloud') : undefined;
          const config = JSON.parse(JSON.stringify(synthesized));
          transform?.(config);
          let servers: KubeTargetServers;
          let wd: TerraformWorkdir;
          let applied: ReturnType<typeof liveObjects> = [];
          beforeAll(async () => {
            servers = await startKubeTargets(config);
            wd = new TerraformWorkdir(file, { env: servers.env, transform });
            wd.init();
          }, 180_000);
          afterAll(() => {
            wd?.cleanup();
            servers?.stop();
          });

          if (cloud) {
            test('only the ScyllaDB Cloud resources and what reads them are left out', () => {
              const left = (c: any) => Object.entries<any>({ ...c.resource }).flatMap(([t, g]) => Object.keys(g).map((n) => `${t}.${n}`));
              const dropped = left(synthesized).filter((a) => !left(config).includes(a));
              expect(dropped.length).toBeGreaterThan(0);
              for (const a of dropped) expect([a, a.startsWith('scylladbcloud_') || JSON.stringify(synthesized.resource[a.split('.')[0]][a.split('.')[1]]).includes('scylladbcloud_')]).toEqual([a, true]);
            });
          }

          test('terraform validate passes', () => {
            const result = wd.validate();
            expect({ valid: result.valid, diagnostics: formatDiagnostics(result) }).toEqual({ valid: true, diagnostics: '' });
          });

          test('every manifest passes strict field validation on its API server (nothing unknown, nothing pruned)', () => {
            expect(strictDryRun(config, servers)).toEqual([]);
          });

          test('applies; every leaf verifies with openssl; a second plan has no changes', () => {
            wd.apply();
            const state = wd.state();
            const leaves = Object.keys(config.resource?.tls_locally_signed_cert ?? {}).length;
            expect(verifyAppliedPki(state)).toHaveLength(leaves);
            expect(plannedChanges(wd.plan())).toEqual([]);
            applied = liveObjects(state, servers, config);
            const kinds = Object.keys(config.resource ?? {}).filter((t) => t.startsWith('kubernetes_'));
            const expected = kinds.reduce((n, t) => n + Object.keys(config.resource[t]).length, 0);
            expect(applied).toHaveLength(expected);
          }, 600_000);

          test('datacenters are created in declaration order, each once the one before reports Available', () => {
            const manifests = Object.entries((config.resource?.kubernetes_manifest ?? {}) as Record<string, any>);
            const ordered = manifests.filter(([, m]) => (m.depends_on ?? []).some((d: string) => d.startsWith('kubernetes_manifest.')));
            for (const [, m] of ordered) {
              const previous = config.resource.kubernetes_manifest[(m.depends_on as string[]).find((d) => d.startsWith('kubernetes_manifest.'))!.split('.')[1]];
              // The kubernetes provider creates a manifest with a server-side apply: a PATCH of the object's own URI.
              const event = (body: any, verb: string, sub = '') => {
                const uri = `/apis/scylla.scylladb.com/v1/namespaces/${body.manifest.metadata.namespace}/scyllaclusters/${body.manifest.metadata.name}${sub}`;
                const api = servers.api(providerAlias(body));
                // Not the dry-run apply the provider makes at plan time.
                return api.audit().find((e) => e.verb === verb && e.requestURI.split('?')[0] === uri && !/[?&]dryRun=/.test(e.requestURI) && (e.code ?? 0) < 300);
              };
              const available = event(previous, 'patch', '/status');
              const created = event(m, 'patch');
              expect({ available: !!available, created: !!created }).toEqual({ available: true, created: true });
              expect(created!.time > available!.time).toBe(true);
            }
            // Every example declares at most one cluster: all its datacenters but the first wait for another.
            expect(ordered.length).toBe(Math.max(0, manifests.length - 1));
          });

          test('every object read back from the API server is what was synthesized', () => {
            expect(applied.length).toBeGreaterThan(0);
            expect(applied.flatMap((o) => subsetMismatches(o.address, o.expected, o.live()))).toEqual([]);
          });

          test('terraform destroy removes everything it created', () => {
            expect(applied.length).toBeGreaterThan(0);
            wd.destroy();
            expect(applied.filter((o) => o.live() !== undefined).map((o) => o.address)).toEqual([]);
          }, 600_000);
        });
      }
    });
  }
});
