// lxp installed where people use it: packed with `npm pack`, installed as a dev dependency of an
// experience repository, run with `npx lxp`. Also: the build a git-URL install runs (`prepare`)
// works from a fresh clone's tracked files alone.
//
// The install uses --prefer-offline (npm's cache first) and --ignore-scripts: better-sqlite3,
// the one dependency with an install script, compiles from source on this network for minutes,
// and only the local server needs it — this test deploys to a server started here, on loopback,
// which is what a CI job deploying to Losant does too. The project's own `npm ci` builds it.
import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, readFile, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { useOpener, useTempRoots } from '../harness/lifecycle.js';
import { ensureBuilt, ROOT, startTestServer, type TestServer } from '../harness/server.js';

const VERSION = (JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;
const run = promisify(execFile);

/** The environment of a person's shell: nothing from the npm process running these tests. */
function cleanEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!/^(npm_(package|lifecycle|command|config_ignore_scripts)|INIT_CWD$|LOSANT_)/i.test(k)) env[k] = v;
  return { ...env, NO_COLOR: '1', ...extra };
}

async function sh(cmd: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = cleanEnv()) {
  try {
    const r = await run(cmd, args, { cwd, env, maxBuffer: 64 * 1024 * 1024 });
    return { code: 0, stdout: r.stdout, stderr: r.stderr };
  } catch (err) {
    const e = err as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof e.code === 'number' ? e.code : 1, stdout: e.stdout ?? '', stderr: e.stderr ?? '' };
  }
}

// One folder and one server for the file, stopped and removed after its last test.
const tempDir = useTempRoots('file');
const startServer = useOpener(startTestServer, 'file');
let root: string;
let server: TestServer;
beforeAll(async () => {
  ensureBuilt(); // the tarball packs dist/ as built
  root = await tempDir('lxp-install-');
  server = await startServer();
});

describe('lxp as a dev dependency of an experience repository', () => {
  it('npm pack → npm install --save-dev <tarball> (no EBADENGINE) → npx lxp --version, init, deploy', async () => {
    // The tarball, from the built dist/ (--ignore-scripts: prepare would only build it again).
    const packed = await sh('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', root], ROOT);
    expect(packed.code, packed.stderr).toBe(0);
    const [{ filename, files }] = JSON.parse(packed.stdout) as [{ filename: string; files: { path: string }[] }];
    const contents = files.map((f) => f.path);
    expect(contents).toEqual(expect.arrayContaining(['bin/lxp.js', 'dist/cli/main.js', 'schema/lxp.config.schema.json', 'templates/lxp.config.json', 'templates/gitignore', 'package.json', 'README.md', 'docs/commands.md', 'dist/cli-bundle/main.cjs', 'bin/code-cache.js', 'bin/package.json']));
    expect(contents.filter((f) => f.startsWith('src/') || f.startsWith('test/'))).toEqual([]);

    const repo = path.join(root, 'my-experience');
    await mkdir(repo);
    await writeFile(path.join(repo, 'package.json'), JSON.stringify({ name: 'my-experience', private: true }, null, 2));
    const install = await sh('npm', ['install', '--save-dev', '--prefer-offline', '--no-audit', '--no-fund', '--ignore-scripts', path.join(root, filename)], repo);
    expect(install.code, install.stderr).toBe(0);
    // Node 20 must install without an engine warning (fastify's light-my-request once pulled cookie@2, Node ≥ 22).
    expect(`${install.stdout}${install.stderr}`).not.toMatch(/EBADENGINE/);
    const pkg = JSON.parse(await readFile(path.join(repo, 'package.json'), 'utf8'));
    expect(pkg.devDependencies.lxp).toMatch(/^file:.*\.tgz$/);

    // `npx lxp …` as the README says; `--no --` only makes sure npx never fetches some other "lxp".
    const version = await sh('npx', ['--no', '--', 'lxp', '--version'], repo);
    expect(version.code, version.stderr).toBe(0);
    expect(version.stdout.trim()).toBe(VERSION);

    const init = await sh('npx', ['--no', '--', 'lxp', 'init'], repo);
    expect(init.code, init.stderr).toBe(0);
    expect(init.stdout).toMatch(/^  npx lxp deploy/m);
    expect(init.stdout).not.toMatch(/own copy/);
    const schema = JSON.parse(await readFile(path.join(repo, 'lxp.config.json'), 'utf8')).$schema;
    expect(schema).toBe('./node_modules/lxp/schema/lxp.config.schema.json');
    expect(existsSync(path.join(repo, schema))).toBe(true);

    const nested = await sh('npx', ['--no', '--', 'lxp', 'init', 'site', '--json'], repo);
    expect(nested.code, nested.stderr).toBe(0);
    expect(JSON.parse(nested.stdout)).toMatchObject({ command: 'init', outcome: 'created', exitCode: 0, schema: '../node_modules/lxp/schema/lxp.config.schema.json', schemaInstalled: true });
    expect(existsSync(path.join(repo, 'site', '../node_modules/lxp/schema/lxp.config.schema.json'))).toBe(true);

    // What a CI job does next: deploy to an application named by the environment.
    const env = cleanEnv({ LOSANT_API_URL: server.url, LOSANT_APPLICATION_ID: server.applicationId, LOSANT_API_TOKEN: server.token });
    const deployed = await sh('npx', ['--no', '--', 'lxp', 'deploy', '--json'], repo, env);
    expect(deployed.code, deployed.stderr).toBe(0);
    const report = JSON.parse(deployed.stdout);
    expect(report.outcome).toBe('done');
    // lxp init's template: four views and the endpoint at /; experience.yaml declares no setting
    // (develop's are left alone: review 5, C2).
    expect(report.changes.map((c: { action: string; resource: string; name: string }) => `${c.action} ${c.resource} ${c.name}`).sort()).toEqual([
      'create endpoint home',
      'create view footer',
      'create view header',
      'create view home',
      'create view main',
    ]);
    const status = await sh('npx', ['--no', '--', 'lxp', 'status', '--exit-code'], repo, env);
    expect(status.code, status.stderr).toBe(0);
  }, 300_000); // npm install and six npx runs: minutes on a busy 2-core machine

  it('the build a git-URL install runs (prepare) works from a fresh clone', async () => {
    const clone = path.join(root, 'clone');
    const cloned = await sh('git', ['clone', '--quiet', '--no-hardlinks', ROOT, clone], root);
    expect(cloned.code, cloned.stderr).toBe(0);
    // The dependencies are the lock file's (`npm ci` installs them in a git install); the build must
    // need nothing but the clone's tracked files besides.
    await symlink(path.join(ROOT, 'node_modules'), path.join(clone, 'node_modules'), 'dir');
    const prepared = await sh('npm', ['run', 'prepare'], clone);
    expect(prepared.code, prepared.stderr).toBe(0);
    const version = await sh(process.execPath, [path.join(clone, 'bin', 'lxp.js'), '--version'], clone);
    expect(version.stdout.trim()).toBe(VERSION);
    const pkg = JSON.parse(await readFile(path.join(clone, 'package.json'), 'utf8'));
    expect(pkg.scripts.prepare).toBe('npm run build');
    for (const f of pkg.files as string[]) expect(existsSync(path.join(clone, f)), f).toBe(true);
  }, 300_000);
});
