// Obtains the ScyllaCluster CRD of scylla-operator v1.21.1, the schema every synthesized ScyllaCluster is checked
// against. Order: the cache (outside the clone), then the Go module proxy (the file ships in the module), then the
// copy in ../shared beside the clone. Conformance is never skipped: with no source, loading fails.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parse } from 'yaml';
import { cacheRoot, fileFromGoModule } from '../helpers/go-module';

export const OPERATOR_MODULE = 'github.com/scylladb/scylla-operator';
export const OPERATOR_VERSION = 'v1.21.1';
export const CRD_PATH_IN_MODULE = 'pkg/api/scylla/v1/scylla.scylladb.com_scyllaclusters.yaml';
export const PROJECT_ROOT = path.resolve(__dirname, '..', '..');
export const SHARED_CRD = path.resolve(PROJECT_ROOT, '..', 'shared', 'reference', 'scylla-operator-v1.21.1', 'scylla.scylladb.com_scyllaclusters.yaml');

/**
 * The CRD of operator 1.22 (from the operator's main branch days before the 1.22 branch; DOMAIN.md section 1: it adds
 * only `spec.enableParallelNodeOperations` to the spec). Read from ../shared, the Go proxy serves no operator module.
 */
export const SHARED_CRD_1_22 = path.resolve(PROJECT_ROOT, '..', 'shared', 'reference', 'scylla-operator-master-2026-08-21', 'scylla.scylladb.com_scyllaclusters.yaml');

let loaded122: LoadedCrd | undefined;

/** The operator 1.22 ScyllaCluster CRD; fails when the file is missing. */
export function loadScyllaClusterCrd122(): LoadedCrd {
  if (loaded122) return loaded122;
  if (!fs.existsSync(SHARED_CRD_1_22)) throw new Error(`ScyllaCluster CRD of operator 1.22 unavailable: no file at ${SHARED_CRD_1_22}`);
  const crd = parse(fs.readFileSync(SHARED_CRD_1_22, 'utf8'));
  const version = (crd.spec.versions as any[]).find((v) => v.name === 'v1');
  if (!version?.schema?.openAPIV3Schema) throw new Error(`${SHARED_CRD_1_22} has no v1 openAPIV3Schema`);
  loaded122 = { crd, schema: version.schema.openAPIV3Schema, source: `shared reference copy ${SHARED_CRD_1_22}` };
  return loaded122;
}

export interface LoadedCrd {
  /** The CRD document. */
  readonly crd: any;
  /** `openAPIV3Schema` of version v1. */
  readonly schema: any;
  /** Where it came from, for the log. */
  readonly source: string;
}

export function cacheFile(): string {
  return path.join(cacheRoot(), 'crd', `scylla-operator-${OPERATOR_VERSION}`, 'scylla.scylladb.com_scyllaclusters.yaml');
}

let loaded: LoadedCrd | undefined;

/** The CRD, loaded once per module instance (jest: once per test file). */
export function loadScyllaClusterCrd(): LoadedCrd {
  if (loaded) return loaded;
  const attempts: string[] = [];
  const cached = cacheFile();
  let text: string | undefined;
  let source = '';
  if (fs.existsSync(cached)) {
    text = fs.readFileSync(cached, 'utf8');
    source = `cache ${cached}`;
  } else {
    const fromModule = fileFromGoModule(OPERATOR_MODULE, OPERATOR_VERSION, CRD_PATH_IN_MODULE, attempts);
    if (fromModule) {
      fs.mkdirSync(path.dirname(cached), { recursive: true });
      fs.writeFileSync(cached, fromModule.text);
      text = fromModule.text;
      source = `Go module ${OPERATOR_MODULE}@${OPERATOR_VERSION} (${fromModule.file}), cached at ${cached}`;
    } else if (fs.existsSync(SHARED_CRD)) {
      text = fs.readFileSync(SHARED_CRD, 'utf8');
      source = `shared reference copy ${SHARED_CRD} (Go module unavailable: ${attempts.join('; ')})`;
    }
  }
  if (text === undefined) {
    throw new Error(`ScyllaCluster CRD unavailable: not cached at ${cached}; ${attempts.join('; ')}; no file at ${SHARED_CRD}`);
  }
  const crd = parse(text);
  if (crd?.kind !== 'CustomResourceDefinition' || crd?.metadata?.name !== 'scyllaclusters.scylla.scylladb.com') {
    throw new Error(`${source} is not the ScyllaCluster CRD (kind ${crd?.kind}, name ${crd?.metadata?.name})`);
  }
  const version = (crd.spec.versions as any[]).find((v) => v.name === 'v1');
  if (!version?.schema?.openAPIV3Schema) throw new Error(`${source} has no v1 openAPIV3Schema`);
  // eslint-disable-next-line no-console
  console.info(`[conformance] ScyllaCluster CRD from ${source}`);
  loaded = { crd, schema: version.schema.openAPIV3Schema, source };
  return loaded;
}
