// A step of the CLI bundle (scripts/bundle-cli.mjs), on its chunks once written: see deferYaml.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

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
 * is left as it is (and the build says so), as is a bundle whose yaml chunk is not found.
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
    const decl = new RegExp(`^const (require_dist(?:\\$\\d+)?) = require\\("\\./${yamlChunk.replace(/[.$]/g, '\\$&')}"\\);\\n`, 'm').exec(code);
    if (!decl) continue;
    const chunkVar = decl[1];
    const chunkVarRe = new RegExp(`(?<![\\w$.])${chunkVar.replace('$', '\\$')}(?![\\w$])`, 'g');
    const init = new RegExp(`^var (import_[\\w$]+) = ${chunkVar.replace('$', '\\$')}\\.require_dist\\(\\);\\n`, 'm').exec(code);
    if (!init || code.match(chunkVarRe).length !== 2) throw new Error(`deferYaml: ${file} uses ${chunkVar} otherwise than to import yaml once`);
    const importVar = init[1];
    const uses = [...code.matchAll(new RegExp(`(?<![\\w$.])${importVar.replace('$', '\\$')}(?![\\w$])(\\.[A-Za-z_$][\\w$]*)?`, 'g'))];
    // The declaration itself, and otherwise only `import_x.<name>`.
    const names = new Set();
    for (const u of uses) {
      if (u.index === init.index + 4) continue;
      if (u[1] === undefined) throw new Error(`deferYaml: ${file} uses ${importVar} otherwise than as import_x.<name>`);
      names.add(u[1].slice(1));
    }
    const getters = [...names].sort().map((n) => `get ${n}() { return load().${n}; }`).join(', ');
    const lazy =
      `var ${importVar} = (() => { let yaml; const load = () => (yaml ??= require("./${yamlChunk}").require_dist()); ` +
      `return { ${getters} }; })(); // yaml, loaded on first use (scripts/defer-yaml.mjs)\n`;
    const out = code.slice(0, init.index) + lazy + code.slice(init.index + init[0].length);
    writeFileSync(full, out.replace(decl[0], ''));
    changed.push(file);
  }
  return changed;
}
