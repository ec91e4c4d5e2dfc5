// The paths lxp writes to its JSON Schemas: lxp.config.json's "$schema" and the editor directive
// of the YAML files (`# yaml-language-server: $schema=…`). Apart from init.ts so that a pull
// (apply-pull-resources) and lxp import can use them without loading init and what it loads.
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The config schema this lxp ships (the file config/load.ts validates against): two folders above src/project/ and dist/project/. */
export const SCHEMA_URL = new URL('../../schema/lxp.config.schema.json', import.meta.url);
/** Where the schema sits when lxp is a dependency of the experience's repository (installed or `npm link lxp`ed). */
const INSTALLED_SCHEMA = ['node_modules', 'lxp', 'schema', 'lxp.config.schema.json'];

async function exists(p: string): Promise<boolean> {
  return stat(p).then(
    () => true,
    () => false,
  );
}

function relativePosix(from: string, to: string): string {
  const rel = path.relative(from, to).split(path.sep).join('/');
  return rel.startsWith('.') || path.isAbsolute(rel) ? rel : `./${rel}`;
}

/**
 * The "$schema" for an lxp.config.json in `dir`: through the nearest node_modules/lxp above it
 * when lxp is installed there (a path every checkout of the repository has after `npm install`),
 * else the path to the schema of the lxp that is running (lxp linked globally or run from its
 * own checkout): it exists on this machine, and `installed` says it may not on another.
 */
export async function schemaPathFor(dir: string, own: string = fileURLToPath(SCHEMA_URL)): Promise<{ path: string; installed: boolean }> {
  const abs = path.resolve(dir);
  for (let d = abs; ; d = path.dirname(d)) {
    const candidate = path.join(d, ...INSTALLED_SCHEMA);
    if (await exists(candidate)) return { path: relativePosix(abs, candidate), installed: true };
    if (path.dirname(d) === d) break;
  }
  return { path: relativePosix(abs, own), installed: false };
}

/**
 * The editor directive's schema paths for the YAML files of `dir` (endpoints, groups, experience):
 * found as schemaPathFor finds lxp.config.json's — the schema folder beside it — so that the
 * `# yaml-language-server: $schema=` line of a file written there points at a file that exists.
 */
export async function schemaRefFor(dir: string, own: string = fileURLToPath(SCHEMA_URL)): Promise<(schema: string) => string> {
  const folder = path.posix.dirname((await schemaPathFor(dir, own)).path);
  return (schema) => `${folder}/${schema}.schema.json`;
}
