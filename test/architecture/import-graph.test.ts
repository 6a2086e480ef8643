import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

/**
 * The tree is the architecture: core under pki under scylla / scylla-cloud / singlestore, the
 * policy on top. These checks read the import statements of constructs/ (type-only imports
 * included: a type cycle is still a cycle for a reader).
 */
const root = resolve(__dirname, '..', '..', 'constructs');

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? files(p) : p.endsWith('.ts') ? [p] : [];
  });
}

function resolveImport(from: string, spec: string): string | undefined {
  if (!spec.startsWith('.')) return undefined;
  const base = resolve(dirname(from), spec);
  for (const candidate of [`${base}.ts`, join(base, 'index.ts')]) {
    try {
      if (statSync(candidate).isFile()) return candidate;
    } catch { /* next */ }
  }
  throw new Error(`${relative(root, from)} imports ${spec}, which does not exist`);
}

const graph = new Map<string, string[]>();
for (const f of files(root)) {
  const text = readFileSync(f, 'utf8');
  const specs = [...text.matchAll(/^(?:import|export)\s[^;]*?from\s+'([^']+)'/gms)].map((m) => m[1]);
  graph.set(f, specs.map((s) => resolveImport(f, s)).filter((x): x is string => x !== undefined));
}
const rel = (f: string): string => relative(root, f);
const layer = (f: string): string => rel(f).split('/')[0];

describe('import graph of constructs/', () => {
  test('pki, scylla, scylla-cloud and singlestore import nothing from policy; core imports only core; cli imports only policy and core', () => {
    const wrong: string[] = [];
    for (const [f, deps] of graph) {
      for (const d of deps) {
        const from = layer(f);
        const to = layer(d);
        if (['pki', 'scylla', 'scylla-cloud', 'singlestore', 'core'].includes(from) && to === 'policy') wrong.push(`${rel(f)} -> ${rel(d)}`);
        if (from === 'core' && to !== 'core') wrong.push(`${rel(f)} -> ${rel(d)}`);
        if (from === 'pki' && !['pki', 'core'].includes(to)) wrong.push(`${rel(f)} -> ${rel(d)}`);
        if (from === 'policy' && !['policy', 'core'].includes(to)) wrong.push(`${rel(f)} -> ${rel(d)}`);
        // The bin (cli) reads synth output through the policy; nothing imports the bin.
        if ((from === 'cli' && !['cli', 'policy', 'core'].includes(to)) || (from !== 'cli' && to === 'cli')) wrong.push(`${rel(f)} -> ${rel(d)}`);
      }
    }
    expect(wrong).toEqual([]);
  });

  test('there are no import cycles', () => {
    const cycles: string[] = [];
    const state = new Map<string, 'open' | 'done'>();
    const stack: string[] = [];
    const visit = (f: string): void => {
      if (state.get(f) === 'done') return;
      if (state.get(f) === 'open') {
        cycles.push([...stack.slice(stack.indexOf(f)), f].map(rel).join(' -> '));
        return;
      }
      state.set(f, 'open');
      stack.push(f);
      for (const d of graph.get(f) ?? []) visit(d);
      stack.pop();
      state.set(f, 'done');
    };
    for (const f of graph.keys()) visit(f);
    expect(cycles).toEqual([]);
  });

  test('no file is over about 400 lines (one concern per file)', () => {
    const long = [...graph.keys()].map((f) => [rel(f), readFileSync(f, 'utf8').split('\n').length] as const).filter(([, n]) => n > 420);
    expect(long).toEqual([]);
  });

  test('the index exports a deliberate list, not every file', () => {
    for (const index of ['index.ts', 'pki/index.ts', 'scylla/index.ts', 'scylla-cloud/index.ts', 'singlestore/index.ts', 'policy/index.ts']) {
      const text = readFileSync(join(root, index), 'utf8');
      const starred = [...text.matchAll(/export \* from '([^']+)'/g)].map((m) => m[1]);
      // The package root re-exports the curated per-folder indexes, nothing below them.
      expect({ index, starred: starred.filter((s) => !(index === 'index.ts' && /^\.\/(pki|scylla|scylla-cloud|singlestore|policy)$/.test(s))) }).toEqual({ index, starred: [] });
    }
  });
});
