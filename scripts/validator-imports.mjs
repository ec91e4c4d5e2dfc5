// A rolldown plugin of the CLI bundle (scripts/bundle-cli.mjs): see validatorRuntimeImports.
/**
 * The validators scripts/generate-validators.mjs writes (ajv's standalone code) require() ajv's
 * small runtime helpers (ajv/dist/runtime/…) and ajv-formats' format checks by name, through a
 * createRequire: the bundler cannot follow those, so every command that checked lxp.config.json
 * found, read and compiled them in node_modules (~2–5 ms of every start, outside the code cache).
 * In the bundle each such require() becomes an import of the same file, which the bundle then
 * holds: its chunk loads them, through the code cache. What they export is the same either way:
 * the bundle's import of a CommonJS file is its module.exports, as require() gave (node mode).
 * The generated modules themselves are left as they are (dist/ and the tests load them as
 * written). A require() of anything else, or one this plugin no longer finds, fails the build,
 * so the bundle never quietly keeps a require() by name the code cache cannot help.
 */
export function validatorRuntimeImports() {
  const preamble = "import { createRequire } from 'node:module';";
  const makeRequire = 'const require = createRequire(import.meta.url);';
  const comment = "// The generated code require()s ajv's small runtime helpers (and ajv-formats' format checks) by name.";
  const known = /^(ajv\/dist\/runtime\/[\w.-]+|ajv-formats\/dist\/formats)$/;
  return {
    name: 'lxp-validator-runtime-imports',
    transform: {
      filter: { id: /[\\/]generated[\\/][^\\/]+\.validate\.js$/ },
      handler(code, id) {
        if (!code.includes(preamble) || !code.includes(makeRequire)) {
          if (/\brequire\(/.test(code)) throw new Error(`bundle-cli: ${id} requires by name in a way validatorRuntimeImports does not know`);
          return null;
        }
        const names = new Map();
        const body = code
          .replace(preamble, '')
          .replace(makeRequire, '')
          .replace(comment, '')
          .replace(/\brequire\("([^"]+)"\)/g, (_, file) => {
            if (!known.test(file)) throw new Error(`bundle-cli: ${id} requires ${file}, which validatorRuntimeImports does not know`);
            if (!names.has(file)) names.set(file, `lxpValidatorRuntime${names.size}`);
            return names.get(file);
          });
        if (/\brequire\b/.test(body.replace(/"(?:[^"\\]|\\.)*"/g, '""'))) throw new Error(`bundle-cli: ${id} still uses require after validatorRuntimeImports`);
        const imports = [...names].map(([file, name]) => `import ${name} from '${file}.js';\n`).join('');
        return { code: imports + body, map: null };
      },
    },
  };
}
