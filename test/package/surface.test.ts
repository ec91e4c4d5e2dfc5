// The package's public surface: an `exports` map (the root, package.json, the config schema —
// nothing under dist/), everything the docs import from `lxp` exported by the root, no deep
// import in the docs, and a command module that does not load is an error, not a missing command.
import { spawnSync } from 'node:child_process';
import { readFileSync, readdirSync, existsSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildProgram, COMMANDS } from '../../src/cli/main.js';
import { processIO } from '../../src/cli/io.js';
import { ensureBuilt, ROOT } from '../harness/server.js';

const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8'));

/** README.md and docs/*.md. */
function docs(): Array<{ file: string; text: string }> {
  const files = ['README.md', ...(existsSync(path.join(ROOT, 'docs')) ? readdirSync(path.join(ROOT, 'docs')).filter((f) => f.endsWith('.md')).map((f) => `docs/${f}`) : [])];
  return files.map((file) => ({ file, text: readFileSync(path.join(ROOT, file), 'utf8') }));
}

/** Runs `node --input-type=module -e <code>` in the package folder (so `lxp` resolves to this package). */
function node(code: string): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', code], { cwd: ROOT, encoding: 'utf8' });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('package surface', () => {
  beforeAll(() => ensureBuilt(), 180_000);

  it('has an exports map: the root, package.json and the config schema', () => {
    expect(Object.keys(pkg.exports).sort()).toEqual(['.', './package.json', './schema/lxp.config.schema.json']);
    expect(pkg.exports['.']).toEqual({ types: './dist/index.d.ts', default: './dist/index.js' });
    expect(existsSync(path.join(ROOT, 'dist', 'index.d.ts'))).toBe(true);
  });

  it('`lxp` resolves to the root; a deep import of dist/ is refused', () => {
    const root = node("const m = await import('lxp'); console.log(typeof m.startWatch, typeof m.deploy, typeof m.runCli);");
    expect(root.stderr).toBe('');
    expect(root.stdout.trim()).toBe('function function function');
    const deep = node("await import('lxp/dist/watch/index.js');");
    expect(deep.status).not.toBe(0);
    expect(deep.stderr).toContain('ERR_PACKAGE_PATH_NOT_EXPORTED');
    const schema = node("import { createRequire } from 'node:module'; console.log(createRequire(import.meta.url).resolve('lxp/schema/lxp.config.schema.json'));");
    expect(schema.stdout.trim()).toBe(path.join(ROOT, 'schema', 'lxp.config.schema.json'));
  });

  it('every name the docs import from `lxp` is exported by the root, and no doc deep-imports', async () => {
    const root = await import('../../src/index.js');
    for (const { file, text } of docs()) {
      expect(text, file).not.toMatch(/from ['"]lxp\/(?!package\.json|schema\/)/);
      for (const m of text.matchAll(/import\s*\{([^}]*)\}\s*from\s*['"]lxp['"]/g)) {
        for (const name of m[1].split(',').map((n) => n.trim().replace(/^type\s+/, '')).filter(Boolean)) {
          expect(name in root || /^[A-Z]/.test(name), `${file}: ${name}`).toBe(true); // types vanish at run time
        }
      }
    }
  });

  it('a command module that fails to load is an error, never a missing command', async () => {
    const broken = { ...COMMANDS, deploy: () => Promise.reject(Object.assign(new Error("Cannot find module 'dist/cli/commands/deploy.js'"), { code: 'ERR_MODULE_NOT_FOUND' })) };
    await expect(buildProgram(processIO(), () => {}, broken)).rejects.toThrow(/Cannot find module/);
    const program = await buildProgram(processIO(), () => {});
    expect(program.commands.map((c) => c.name())).toEqual(Object.keys(COMMANDS));
  });
});
