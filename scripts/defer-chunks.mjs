// Steps of the CLI bundle (scripts/bundle-cli.mjs), on its chunks once written: see deferYaml and
// deferChunk.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseAst } from 'rolldown/parseAst';

/**
 * How a chunk's code uses the variable `name` (parsed, so no string, comment or spread can
 * mislead): the names read as `name.<x>` (reads: how many such reads), its declarations, and
 * any other use (assigned, passed, spread, read by a computed key…).
 */
function usesOf(code, name) {
  const out = { names: new Set(), reads: 0, declarations: 0, other: 0 };
  const stack = [[parseAst(code), undefined]];
  while (stack.length > 0) {
    const [node, parent] = stack.pop();
    if (node === null || typeof node !== 'object') continue;
    if (Array.isArray(node)) {
      for (const child of node) stack.push([child, parent]);
      continue;
    }
    if (node.type === 'Identifier' && node.name === name) {
      if (parent?.type === 'MemberExpression' && parent.object === node && !parent.computed && parent.property.type === 'Identifier') {
        out.names.add(parent.property.name);
        out.reads++;
      } else if (parent?.type === 'VariableDeclarator' && parent.id === node) out.declarations++;
      else out.other++;
      continue;
    }
    for (const key in node) if (key !== 'type') stack.push([node[key], node]);
  }
  return out;
}

/**
 * The yaml package is loaded on its first use, not with the chunks that import it. Most runs never
 * parse YAML: a views-only folder whose front matter is plain `key: words` lines is read without
 * it (project/parse.ts), lxp.config.json needs it only to give the line of a problem
 * (config/load.ts), and the experience files' checks only when one of those files is there. Yet
 * the chunks that import it (the config's, the folder reader's) loaded and ran its chunk at every
 * start: ~230 KB of code, reading its code cache, deserialising and evaluating its ~60 modules.
 *
 * How: in a chunk that holds an import of yaml, the bundler wrote
 *     const require_dist$1 = require("./dist-<hash>.cjs");   // the chunk that holds yaml
 *     var import_dist = require_dist$1.require_dist();        // yaml's exports
 * and used it only as `import_dist.<name>`. Both lines become one object whose getters, for those
 * names, require the chunk and evaluate yaml the first time any is read, then hand on what yaml
 * exports: the same functions and classes, only later. yaml does nothing when it loads but define
 * them, so when it loads changes nothing else. A chunk that uses either variable in any other way
 * fails the build; a bundle whose yaml chunk is not found is left as it is.
 * Returns the names of the chunks changed.
 */
export function deferYaml(dir) {
  const files = readdirSync(dir).filter((f) => f.endsWith('.cjs'));
  const yamlChunk = files.find((f) => {
    const code = readFileSync(path.join(dir, f), 'utf8');
    return code.includes('\n// node_modules/yaml/dist/index.js\nvar require_dist = ');
  });
  if (yamlChunk === undefined) return [];
  const changed = [];
  for (const file of files) {
    if (file === yamlChunk) continue;
    const full = path.join(dir, file);
    const code = readFileSync(full, 'utf8');
    const chunkFile = yamlChunk.replace(/[.$]/g, '\\$&');
    // The bundler writes one of two shapes: the chunk in a variable, then yaml's exports from it —
    //     const require_dist$1 = require("./dist-<hash>.cjs");
    //     var import_dist = require_dist$1.require_dist();
    // — or both at once: `var import_dist = require("./dist-<hash>.cjs").require_dist();`.
    const oneLine = new RegExp(`^var (import_[\\w$]+) = require\\("\\./${chunkFile}"\\)\\.require_dist\\(\\);\\n`, 'm').exec(code);
    const decl = oneLine ? undefined : new RegExp(`^const (require_dist(?:\\$\\d+)?) = require\\("\\./${chunkFile}"\\);\\n`, 'm').exec(code);
    if (!oneLine && !decl) continue;
    let init = oneLine;
    if (decl) {
      const chunkVar = decl[1];
      init = new RegExp(`^var (import_[\\w$]+) = ${chunkVar.replace('$', '\\$')}\\.require_dist\\(\\);\\n`, 'm').exec(code);
      const chunkUses = init && usesOf(code, chunkVar);
      // Declared once and read once: `require_dist$1.require_dist()`.
      if (!init || chunkUses.declarations !== 1 || chunkUses.other !== 0 || [...chunkUses.names].join() !== 'require_dist' || chunkUses.reads !== 1) {
        throw new Error(`deferYaml: ${file} uses ${chunkVar} otherwise than to import yaml once`);
      }
    }
    const importVar = init[1];
    const uses = usesOf(code, importVar);
    if (uses.declarations !== 1 || uses.other !== 0) throw new Error(`deferYaml: ${file} uses ${importVar} otherwise than as ${importVar}.<name>`);
    const names = uses.names;
    const getters = [...names].sort().map((n) => `get ${n}() { return load().${n}; }`).join(', ');
    const lazy =
      `var ${importVar} = (() => { let yaml; const load = () => (yaml ??= require("./${yamlChunk}").require_dist()); ` +
      `return { ${getters} }; })(); // yaml, loaded on first use (scripts/defer-chunks.mjs)\n`;
    const out = code.slice(0, init.index) + lazy + code.slice(init.index + init[0].length);
    writeFileSync(full, decl ? out.replace(decl[0], '') : out);
    changed.push(file);
  }
  // No chunk may still load yaml with it: a shape of the bundler's this does not know would
  // otherwise undo the deferral in silence (it did once: a views-only status loaded yaml again).
  for (const file of files) {
    if (file === yamlChunk) continue;
    const eager = readFileSync(path.join(dir, file), 'utf8')
      .split('\n')
      .filter((line) => line.includes(`require("./${yamlChunk}")`) && !line.includes('(scripts/defer-chunks.mjs)'));
    if (eager.length > 0) throw new Error(`deferYaml: ${file} still loads yaml with it: ${eager[0].trim()}`);
  }
  return changed;
}

/** A getter object for `names`, each reading it from what load() returns (load() runs once). */
function lazyObject(varName, loader, names, why) {
  const getters = [...names].sort().map((n) => `get ${n}() { return load().${n}; }`).join(', ');
  return `var ${varName} = (() => { let loaded; const load = () => (loaded ??= ${loader}); return { ${getters} }; })(); // ${why}\n`;
}

/**
 * One of lxp's own chunks loaded on first use by another that imports it, not with it: the chunk
 * of the experience files' checks and generated validators (field-checks-*, ~175 KB) is imported
 * by the folder's reader of those files (load-files-*), which a views-only folder runs without
 * ever checking a field — it has none of those files. The importer wrote
 *     const require_field_checks = require("./field-checks-<hash>.cjs");
 * and reads it only as `require_field_checks.<name>`: that becomes an object whose getters require
 * the chunk the first time any is read. lxp's modules do nothing when they load but define things
 * (the bundle is built on that: treeshake.moduleSideEffects), so when it loads changes nothing
 * else. A use of any other shape fails the build. Returns the names of the chunks changed.
 */
export function deferChunk(dir, importerPrefix, targetPrefix) {
  const files = readdirSync(dir).filter((f) => f.endsWith('.cjs'));
  const target = files.filter((f) => f.startsWith(targetPrefix));
  const importers = files.filter((f) => f.startsWith(importerPrefix));
  if (target.length !== 1 || importers.length !== 1) throw new Error(`deferChunk: expected one ${targetPrefix}* and one ${importerPrefix}* chunk, found ${target.length} and ${importers.length}`);
  const full = path.join(dir, importers[0]);
  const code = readFileSync(full, 'utf8');
  const decl = new RegExp(`^const (require_[\\w$]+) = require\\("\\./${target[0].replace(/[.$]/g, '\\$&')}"\\);\\n`, 'm').exec(code);
  if (!decl) throw new Error(`deferChunk: ${importers[0]} does not require ${target[0]} as expected`);
  const uses = usesOf(code, decl[1]);
  if (uses.declarations !== 1 || uses.other !== 0) throw new Error(`deferChunk: ${importers[0]} uses ${decl[1]} otherwise than as ${decl[1]}.<name>`);
  const names = uses.names;
  const lazy = lazyObject(decl[1], `require("./${target[0]}")`, names, `${targetPrefix.replace(/-$/, '')}, loaded on first use (scripts/defer-chunks.mjs)`);
  writeFileSync(full, code.slice(0, decl.index) + lazy + code.slice(decl.index + decl[0].length));
  return [importers[0]];
}
