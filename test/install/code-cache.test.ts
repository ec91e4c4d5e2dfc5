// The V8 code cache of the CLI bundle (bin/code-cache.js, used by bin/lxp.js on a Node without
// its own compile cache): a cache that is missing, corrupt, unreadable, unwritable, for another
// build of a chunk or refused by V8 is never used, never fails a command, and is written again.
// The hook is tried in a child process on a two-file bundle made here (so the outcome of each
// file can be read), then on the real CLI.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { mkdir, readFile, rm, stat, utimes, writeFile } from 'node:fs/promises';
import module from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import vm from 'node:vm';
import envPaths from 'env-paths';
import { beforeAll, describe, expect, it } from 'vitest';
import { useTempRoots } from '../harness/lifecycle.js';
import { BIN, ensureBuilt, ROOT } from '../harness/server.js';

const CODE_CACHE = pathToFileURL(path.join(ROOT, 'bin', 'code-cache.js')).href;
type CodeCache = {
  encodeEntry(source: string, data: Buffer): Buffer;
  decodeEntry(entry: Buffer, source: string): Buffer | undefined;
  userCacheDir(env?: NodeJS.ProcessEnv, platform?: string, home?: string): string;
};
const { encodeEntry, decodeEntry, userCacheDir } = (await import(CODE_CACHE)) as CodeCache;

const MAIN = "const b = require('./b.cjs');\nexports.value = () => b.twice(21) + ':' + require('node:path').basename(__filename);\n";
const B = 'exports.twice = (x) => x * 2;\n';

const tempDir = useTempRoots('file'); // every folder of the file, removed after its last test
let root: string;
let bundle: string;
let cache: string;
let runner: string;
beforeAll(async () => {
  root = await tempDir('lxp-code-cache-');
  bundle = path.join(root, 'bundle');
  cache = path.join(root, 'code-cache', 'this-node');
  await mkdir(bundle);
  runner = path.join(root, 'run.mjs');
  await writeFile(
    runner,
    `import Module from 'node:module';\nimport { installCodeCache } from ${JSON.stringify(CODE_CACHE)};\n` +
      `const [bundleDir, dir] = process.argv.slice(2);\nconst outcomes = installCodeCache({ bundleDir, dir });\n` +
      `const main = Module.createRequire(import.meta.url)(bundleDir + '/main.cjs');\n` +
      `console.log(JSON.stringify({ value: main.value(), outcomes: Object.fromEntries(outcomes) }));\n`,
  );
});

async function writeBundle(b = B): Promise<void> {
  await writeFile(path.join(bundle, 'main.cjs'), MAIN);
  await writeFile(path.join(bundle, 'b.cjs'), b);
}

function run(dir = cache): { value: string; outcomes: Record<string, string>; stderr: string } {
  const r = spawnSync(process.execPath, [runner, bundle, dir], { encoding: 'utf8' });
  expect(r.status, r.stderr).toBe(0);
  return { ...JSON.parse(r.stdout), stderr: r.stderr };
}

/** The entry of a chunk is there and holds data for the chunk's current text. */
function validEntry(name: string): boolean {
  const file = path.join(cache, `${name}.v8`);
  return existsSync(file) && decodeEntry(readFileSync(file), readFileSync(path.join(bundle, name), 'utf8')) !== undefined;
}

describe('the code cache hook (bin/code-cache.js)', () => {
  it("lives in env-paths' cache folder for lxp, the server's too", () => {
    expect(userCacheDir()).toBe(envPaths('lxp').cache);
    expect(userCacheDir({ XDG_CACHE_HOME: '/x' }, 'linux', '/home/u')).toBe(path.join('/x', 'lxp-nodejs'));
    expect(userCacheDir({}, 'linux', '/home/u')).toBe(path.join('/home/u', '.cache', 'lxp-nodejs'));
    expect(userCacheDir({}, 'darwin', '/Users/u')).toBe(path.join('/Users/u', 'Library', 'Caches', 'lxp-nodejs'));
    expect(userCacheDir({ LOCALAPPDATA: 'C:\\L' }, 'win32', 'C:\\U')).toBe(path.join('C:\\L', 'lxp-nodejs', 'Cache'));
  });

  it('writes an entry per chunk on the first run and uses them on the next', async () => {
    await writeBundle();
    const first = run();
    expect(first).toEqual({ value: '42:main.cjs', outcomes: { 'main.cjs': 'miss', 'b.cjs': 'miss' }, stderr: '' });
    expect(validEntry('main.cjs') && validEntry('b.cjs')).toBe(true);
    const stamp = (await stat(path.join(cache, 'main.cjs.v8'))).mtimeMs;
    expect(run()).toEqual({ value: '42:main.cjs', outcomes: { 'main.cjs': 'hit', 'b.cjs': 'hit' }, stderr: '' });
    expect((await stat(path.join(cache, 'main.cjs.v8'))).mtimeMs).toBe(stamp); // a hit writes nothing
  });

  it('ignores a corrupt or truncated entry, runs the chunk as it is, and writes the entry again', async () => {
    await writeBundle();
    run();
    const entry = await readFile(path.join(cache, 'main.cjs.v8'));
    entry[entry.length - 10] ^= 0xff; // a flipped bit in V8's data: only the checksum sees it
    await writeFile(path.join(cache, 'main.cjs.v8'), entry);
    await writeFile(path.join(cache, 'b.cjs.v8'), (await readFile(path.join(cache, 'b.cjs.v8'))).subarray(0, 30));
    expect(run()).toEqual({ value: '42:main.cjs', outcomes: { 'main.cjs': 'miss', 'b.cjs': 'miss' }, stderr: '' });
    expect(validEntry('main.cjs') && validEntry('b.cjs')).toBe(true);
    expect(run().outcomes).toEqual({ 'main.cjs': 'hit', 'b.cjs': 'hit' });
  });

  it("ignores an entry made for another build of the chunk, even one of the same length (V8 checks only the length)", async () => {
    await writeBundle();
    run();
    await writeBundle(B.replace('x * 2', 'x * 3'));
    expect(run()).toEqual({ value: '63:main.cjs', outcomes: { 'main.cjs': 'hit', 'b.cjs': 'miss' }, stderr: '' });
    expect(validEntry('b.cjs')).toBe(true);
  });

  it('compiles as usual when V8 refuses an entry, and replaces it', async () => {
    await writeBundle();
    // Our header for b.cjs's text around V8's data for another script: V8 refuses it.
    const other = new vm.Script('exports.other = function () { return [1, 2, 3].map((n) => n + 1); };\n');
    await mkdir(cache, { recursive: true });
    await writeFile(path.join(cache, 'b.cjs.v8'), encodeEntry(B, other.createCachedData()));
    expect(run()).toMatchObject({ value: '42:main.cjs', outcomes: { 'b.cjs': 'rejected' } });
    expect(run().outcomes['b.cjs']).toBe('hit');
  });

  it('never fails for an entry it cannot read or a folder it cannot write', async () => {
    await writeBundle();
    await rm(cache, { recursive: true, force: true });
    await mkdir(path.join(cache, 'main.cjs.v8'), { recursive: true }); // a folder where the entry should be
    expect(run()).toEqual({ value: '42:main.cjs', outcomes: { 'main.cjs': 'miss', 'b.cjs': 'miss' }, stderr: '' });
    const notAFolder = path.join(root, 'a-file');
    await writeFile(notAFolder, 'x');
    expect(run(path.join(notAFolder, 'code-cache', 'this-node'))).toEqual({ value: '42:main.cjs', outcomes: { 'main.cjs': 'miss', 'b.cjs': 'miss' }, stderr: '' });
    expect(readdirSync(root).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it("drops the entries of chunks the bundle no longer has, and other keys' folders untouched for 30 days, when it writes", async () => {
    await writeBundle();
    await rm(path.dirname(cache), { recursive: true, force: true });
    await mkdir(cache, { recursive: true });
    await writeFile(path.join(cache, 'gone-1234.cjs.v8'), 'old');
    const [old, recent] = [path.join(path.dirname(cache), 'v18-old'), path.join(path.dirname(cache), 'v22-recent')];
    for (const folder of [old, recent]) await mkdir(folder);
    const monthAgo = new Date(Date.now() - 31 * 24 * 3600 * 1000);
    await utimes(old, monthAgo, monthAgo);
    run();
    expect(readdirSync(cache).sort()).toEqual(['b.cjs.v8', 'main.cjs.v8']);
    expect(readdirSync(path.dirname(cache)).sort()).toEqual(['this-node', 'v22-recent']);
  });
});

describe.skipIf('enableCompileCache' in module)("lxp's own start on Node 20 (Node 22.1+ uses Node's compile cache)", () => {
  let home: string;
  beforeAll(async () => {
    ensureBuilt();
    home = await tempDir('lxp-code-cache-home-');
  });
  const lxp = (args: string[], extra: NodeJS.ProcessEnv = {}) =>
    spawnSync(process.execPath, [BIN, ...args], { cwd: home, encoding: 'utf8', env: { PATH: process.env.PATH, HOME: home, XDG_CACHE_HOME: path.join(home, 'xdg'), NO_COLOR: '1', ...extra } });
  const entriesDir = () => {
    const base = path.join(home, 'xdg', 'lxp-nodejs', 'code-cache');
    const keys = existsSync(base) ? readdirSync(base) : [];
    return keys.length === 1 ? path.join(base, keys[0]) : undefined;
  };

  it('is written to the user cache folder, reused, and a damaged one changes nothing the user sees', async () => {
    const version = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')).version;
    const off = lxp(['--version'], { LXP_NO_CODE_CACHE: '1' });
    expect([off.status, off.stdout.trim(), off.stderr]).toEqual([0, version, '']);
    expect(entriesDir()).toBeUndefined();

    const first = lxp(['status']); // not an experience folder: the status chunk is required lazily
    const dir = entriesDir()!;
    expect(dir).toBeDefined();
    const names = readdirSync(dir);
    expect(names).toContain('main.cjs.v8');
    const before = Object.fromEntries(names.map((n) => [n, readFileSync(path.join(dir, n))]));
    const again = lxp(['status']);
    expect([again.status, again.stdout, again.stderr]).toEqual([first.status, first.stdout, first.stderr]);
    for (const n of names) expect(readFileSync(path.join(dir, n)).equals(before[n]), n).toBe(true);

    for (const n of names) await writeFile(path.join(dir, n), 'not a cache');
    const damaged = lxp(['status']);
    expect([damaged.status, damaged.stdout, damaged.stderr]).toEqual([first.status, first.stdout, first.stderr]);
    const bundleDir = path.join(ROOT, 'dist', 'cli-bundle');
    for (const n of names) expect(decodeEntry(readFileSync(path.join(dir, n)), readFileSync(path.join(bundleDir, n.slice(0, -3)), 'utf8')), n).toBeDefined();
  });
});
