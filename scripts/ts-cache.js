'use strict';
// Runs the project's TypeScript under plain node: `node -r ./scripts/ts-cache.js main.ts` (what cdktf.json does).
//
// Like ts-node in transpile-only mode (TypeScript's transpileModule with the tsconfig's options, no type check:
// `npm test` type-checks), but each file's JavaScript is kept in node_modules/.cache/tlsfleet-ts, keyed by the
// sha256 of its source, the tsconfig and the TypeScript version. A synth whose files are unchanged loads no
// compiler at all; ts-node spends about a second of every run transpiling. `npm ci` fills the cache (`prepare`).
//
// `node scripts/ts-cache.js --warm` transpiles main.ts and every .ts file under constructs/ and examples/ into the cache.
const crypto = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '..');
const CACHE = process.env.TLSFLEET_TS_CACHE || path.join(ROOT, 'node_modules', '.cache', 'tlsfleet-ts');
const FORMAT = '1'; // bump when the cached form changes
const tsconfigText = fs.readFileSync(path.join(ROOT, 'tsconfig.json'), 'utf8');
const tsVersion = JSON.parse(fs.readFileSync(require.resolve('typescript/package.json', { paths: [ROOT] }), 'utf8')).version;
const salt = `${FORMAT}\0${tsVersion}\0${tsconfigText}\0`;

let ts;
let compilerOptions;

function transpile(source, filename) {
  if (!ts) {
    ts = require(require.resolve('typescript', { paths: [ROOT] }));
    const config = ts.parseConfigFileTextToJson('tsconfig.json', tsconfigText).config;
    const { options } = ts.convertCompilerOptionsFromJson(config.compilerOptions, ROOT);
    compilerOptions = { ...options, declaration: false, sourceMap: false, inlineSourceMap: false };
  }
  const out = ts.transpileModule(source, { compilerOptions, fileName: filename, reportDiagnostics: false });
  return out.outputText;
}

/** The JavaScript for `filename`, from the cache when its source is unchanged. */
function compile(filename) {
  const source = fs.readFileSync(filename, 'utf8');
  const key = crypto.createHash('sha256').update(salt).update(path.relative(ROOT, filename)).update('\0').update(source).digest('hex');
  const cached = path.join(CACHE, key.slice(0, 2), `${key}.js`);
  try {
    return fs.readFileSync(cached, 'utf8');
  } catch {
    const js = transpile(source, filename);
    try {
      fs.mkdirSync(path.dirname(cached), { recursive: true });
      const tmp = `${cached}.${process.pid}.tmp`;
      fs.writeFileSync(tmp, js);
      fs.renameSync(tmp, cached);
    } catch {
      // A read-only cache only costs speed.
    }
    return js;
  }
}

require.extensions['.ts'] = function loadTypeScript(module, filename) {
  if (filename.includes(`${path.sep}node_modules${path.sep}`)) throw new Error(`${filename}: TypeScript inside node_modules is not transpiled`);
  module._compile(compile(filename), filename);
};

function warm() {
  const files = [path.join(ROOT, 'main.ts')];
  const walk = (dir) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory() && e.name !== 'node_modules' && e.name !== 'cdktf.out') walk(p);
      else if (e.isFile() && e.name.endsWith('.ts') && !e.name.endsWith('.d.ts')) files.push(p);
    }
  };
  for (const dir of ['constructs', 'examples']) walk(path.join(ROOT, dir));
  for (const f of files) compile(f);
  console.log(`ts-cache: ${files.length} files in ${path.relative(ROOT, CACHE)}`);
}

if (require.main === module && process.argv[2] === '--warm') {
  try {
    warm();
  } catch (e) {
    // Never fail an install over a cache: the first synth transpiles instead.
    console.warn(`ts-cache: not warmed (${e.message})`);
  }
}

module.exports = { compile, CACHE };
