#!/usr/bin/env node
// `node scripts/bundle-cli.mjs` (the last step of `npm run build`): bundles the compiled CLI
// (dist/cli/main.js and every module it imports, dynamic imports kept as lazily loaded chunks)
// with the packages every sync command loads at start-up into dist/cli-bundle/, which bin/lxp.js
// runs. Why: Node resolves, reads and links each ES module separately — a first deploy loaded ~500
// files — and Node 20 has no compile cache. One bundle cut `lxp deploy`'s CPU by ~8 % and its
// memory by ~15 MB (bench/analysis.md, issue 14). dist/ stays as tsc wrote it: it is the library
// (`import … from 'lxp'`) and the fallback bin/lxp.js uses when the bundle is missing or older.
//
// Bundled: lxp's own code and the packages of PACKAGES (with what they import). Every other
// package stays an ordinary import from node_modules: the server's, the watcher's and the
// renderer's (loaded only by their commands), better-sqlite3 (native), and any package that finds
// its own files by __dirname (write-file-atomic), which a bundle would break.
// dist/cli-bundle/ sits two folders below the package root like every dist/<folder>/, so the
// `new URL('../../templates/', import.meta.url)` paths of the code resolve the same from it.
//
// The bundle is CommonJS (main.cjs and its chunks, *.cjs), not ES modules, for Node 20: there a
// CommonJS file can be compiled through a V8 code cache (bin/code-cache.js), an ES module cannot,
// and Node 20 loads CommonJS faster (no module linking; a builtin required is not enumerated,
// which for node:tls alone read every root certificate). Node 22.1+ caches either kind itself.
// import.meta.url becomes the file's URL; every import() becomes a require() (a cached script
// cannot import() on Node 20, see bin/code-cache.js), and the build fails if one is left.
// Packages outside the bundle that are ES modules only (chokidar, d3-format) are then required,
// which Node does from 20.19 and 22.12 (process.features.require_module; bin/lxp.js runs dist/
// on a Node without it).
import { readdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'rolldown';
import { parseAst } from 'rolldown/parseAst';
import { lazyCommanderChildProcess } from './lazy-child-process.mjs';
import { deferChunk, deferYaml } from './defer-chunks.mjs';
import { lazyIntlFormatters } from './lazy-intl.mjs';
import { validatorRuntimeImports } from './validator-imports.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const BUNDLE_DIR = path.join(ROOT, 'dist', 'cli-bundle');

/** Packages lxp's code imports that go into the bundle: what status, deploy, pull and diff load at start-up. */
const PACKAGES = new Set(['commander', 'got', 'p-queue', 'p-limit', 'yaml', 'fast-glob', 'ignore', 'picomatch', 'jsonc-parser', 'env-paths', 'fastest-levenshtein']);

/**
 * Single files of other packages that go into the bundle: ajv's runtime helpers and ajv-formats'
 * format checks, which the generated validators use (scripts/validator-imports.mjs), so they
 * load with their chunk, through the code cache, not from node_modules at every start. Not ajv
 * itself: nothing the CLI loads at start-up compiles a schema.
 */
const FILES = /^(ajv\/dist\/runtime\/|ajv-formats\/dist\/formats(\.js)?$)/;

const packageOf = (id) => (id.startsWith('@') ? id.split('/').slice(0, 2).join('/') : id.split('/')[0]);
const isBare = (id) => !id.startsWith('.') && !id.startsWith('/') && !id.startsWith('\0') && !/^[a-z]+:/i.test(id);
const inNodeModules = (file) => file !== undefined && file.split(path.sep).includes('node_modules');

// Built beside, then swapped in by renames: a CLI started meanwhile (test workers build and spawn
// at once) finds the old bundle, the new one, or none (and runs dist/), never half of one.
const fresh = `${BUNDLE_DIR}.${process.pid}.tmp`;
const stale = `${BUNDLE_DIR}.${process.pid}.old`;
rmSync(fresh, { recursive: true, force: true });
await build({
  input: { main: path.join(ROOT, 'dist', 'cli', 'main.js') },
  platform: 'node',
  // jsonc-parser's "main" is a UMD build whose require()s a bundler cannot follow; its "module" is ESM.
  // http2-wrapper (got's, for HTTP/2, which lxp never uses) is replaced by a stub: see the stub's header.
  resolve: { mainFields: ['module', 'main'], alias: { 'http2-wrapper': path.join(ROOT, 'scripts', 'http2-wrapper-stub.mjs') } },
  external: (id, importer) => {
    if (/^node:/.test(id) || !isBare(id)) return false;
    // A package's own imports are bundled with it; lxp's imports only for the packages above.
    if (inNodeModules(importer)) return false;
    return !PACKAGES.has(packageOf(id)) && !FILES.test(id);
  },
  // lxp's own modules do nothing when they load but define things (no module is imported for its
  // effects): one whose exports a chunk does not use is not loaded with it. Without this, a barrel
  // (project/resources/index.js) loaded every module it re-exports — the experience files'
  // readers, validators and writers — for any one name of it.
  treeshake: { moduleSideEffects: (id, external) => external || inNodeModules(id) || !id.startsWith(path.join(ROOT, 'dist') + path.sep) },
  plugins: [lazyIntlFormatters(), lazyCommanderChildProcess(), validatorRuntimeImports()],
  output: { dir: fresh, format: 'cjs', dynamicImportInCjs: false, entryFileNames: '[name].cjs', chunkFileNames: '[name]-[hash].cjs' },
  logLevel: 'warn',
});
deferYaml(fresh);
deferChunk(fresh, 'load-files-', 'field-checks-');
for (const file of readdirSync(fresh)) {
  const found = dynamicImportIn(readFileSync(path.join(fresh, file), 'utf8'));
  if (found === undefined) continue;
  rmSync(fresh, { recursive: true, force: true });
  throw new Error(`bundle-cli: ${file} still has an import() at offset ${found}; a chunk compiled through the code cache cannot run it on Node 20`);
}
try {
  renameSync(BUNDLE_DIR, stale);
} catch (err) {
  if (err.code !== 'ENOENT') throw err;
}
try {
  renameSync(fresh, BUNDLE_DIR);
} catch (err) {
  // Another build put its bundle there in between: same sources, same bundle.
  if (err.code !== 'ENOTEMPTY' && err.code !== 'EEXIST') throw err;
}
rmSync(fresh, { recursive: true, force: true });
rmSync(stale, { recursive: true, force: true });

/** Offset of the first import() expression in a chunk's code, or undefined. */
function dynamicImportIn(code) {
  const stack = [parseAst(code)];
  while (stack.length > 0) {
    const node = stack.pop();
    if (node === null || typeof node !== 'object') continue;
    if (Array.isArray(node)) {
      stack.push(...node);
      continue;
    }
    if (node.type === 'ImportExpression') return node.start;
    for (const key in node) if (key !== 'type') stack.push(node[key]);
  }
  return undefined;
}
