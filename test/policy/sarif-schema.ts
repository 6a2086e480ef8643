// The SARIF 2.1.0 JSON schema (OASIS, errata 01), which report.sarif is validated against. It ships as test
// data in a public Go module; the test fetches it through the Go module proxy once and caches it outside
// the clone. There is no fallback and no skip: without the schema, the test fails.
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { cacheRoot, fileFromGoModule } from '../helpers/go-module';

const MODULE = 'github.com/securego/gosec/v2';
const VERSION = 'v2.30.0';
const FILE = 'report/sarif/testdata/sarif-schema-2.1.0.json';
/** sha256 of the schema file, so a different document cannot pass for it. */
const SHA256 = 'c3b4bb2d6093897483348925aaa73af03b3e3f4bd4ca38cef26dcb4212a2682e';

export function loadSarifSchema(): { schema: any; source: string } {
  const cached = path.join(cacheRoot(), 'sarif', `sarif-schema-2.1.0-${SHA256.slice(0, 12)}.json`);
  let text: string;
  let source: string;
  if (fs.existsSync(cached)) {
    text = fs.readFileSync(cached, 'utf8');
    source = `cache ${cached}`;
  } else {
    const attempts: string[] = [];
    const found = fileFromGoModule(MODULE, VERSION, FILE, attempts);
    if (!found) throw new Error(`SARIF 2.1.0 schema unavailable: ${attempts.join('; ')}`);
    text = found.text;
    source = `Go module ${MODULE}@${VERSION} (${FILE})`;
  }
  const digest = createHash('sha256').update(text).digest('hex');
  if (digest !== SHA256) throw new Error(`${source}: sha256 ${digest}, expected ${SHA256}`);
  if (!fs.existsSync(cached)) {
    fs.mkdirSync(path.dirname(cached), { recursive: true });
    fs.writeFileSync(cached, text);
  }
  return { schema: JSON.parse(text), source };
}
