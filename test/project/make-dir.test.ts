import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { mkdir, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { FolderError, makeDir, makeDirSync } from '../../src/project/make-dir.js';
import { BIN, ensureBuilt, ROOT } from '../harness/server.js';
import { useTempRoots } from '../harness/lifecycle.js';

const HAS_PROC = process.platform === 'linux' && existsSync('/proc/self');
const tempDir = useTempRoots(); // a fresh folder for each test (and any it makes), removed after it
let root: string;
beforeEach(async () => {
  root = await tempDir('lxp-mkdir-');
});

const failure = (fn: () => unknown): FolderError => {
  try {
    fn();
  } catch (e) {
    return e as FolderError;
  }
  throw new Error('expected an error');
};

describe('makeDir', () => {
  it('private: every folder it makes is 0700 whatever the umask; one that exists keeps its mode', async () => {
    const was = process.umask(0o022);
    try {
      await mkdir(path.join(root, 'mine'));
      makeDirSync(path.join(root, 'mine', 'a', 'b'), { private: true });
      const mode = (p: string) => (statSync(path.join(root, p)).mode & 0o777).toString(8);
      expect([mode('mine'), mode('mine/a'), mode('mine/a/b')]).toEqual(['755', '700', '700']);
      await makeDir(path.join(root, 'mine', 'c'), { private: true });
      expect(mode('mine/c')).toBe('700');
      makeDirSync(path.join(root, 'open'));
      expect(mode('open')).toBe('755');
    } finally {
      process.umask(was);
    }
  });

  it('makes a folder and its missing parents, and accepts one that exists', async () => {
    const dir = path.join(root, 'a', 'b', 'c');
    await makeDir(dir);
    expect(statSync(dir).isDirectory()).toBe(true);
    await makeDir(dir);
    makeDirSync(path.join(root, 'a'));
  });

  it('names the file that stands where a folder must be', async () => {
    await writeFile(path.join(root, 'afile'), '');
    const e = failure(() => makeDirSync(path.join(root, 'afile', 'sub', 'deeper')));
    expect(e).toBeInstanceOf(FolderError);
    expect(e.exitCode).toBe(2);
    expect(e.message).toBe(`cannot create the folder ${path.join(root, 'afile', 'sub', 'deeper')}: ${path.join(root, 'afile')} is a file, not a folder`);
    expect(existsSync(path.join(root, 'afile', 'sub'))).toBe(false);
  });

  it('names a dangling symbolic link instead of spinning on it', async () => {
    await symlink(path.join(root, 'gone'), path.join(root, 'link'));
    const e = failure(() => makeDirSync(path.join(root, 'link', 'sub')));
    expect(e.message).toMatch(/link is a symbolic link to something that does not exist/);
    expect(existsSync(path.join(root, 'gone'))).toBe(false);
  });

  it.runIf(HAS_PROC)('fails at once under /proc, where Node’s recursive mkdir loops forever', () => {
    const e = failure(() => makeDirSync('/proc/lxp-nope/sub'));
    expect(e).toBeInstanceOf(FolderError);
    expect(e.message).toBe('cannot create the folder /proc/lxp-nope: /proc does not allow new folders (a system or virtual file system) (ENOENT)');
  });

  it.runIf(process.getuid?.() !== 0)('says permission denied for a folder it may not write in', async () => {
    await mkdir(path.join(root, 'ro'), { mode: 0o500 });
    expect(failure(() => makeDirSync(path.join(root, 'ro', 'x'))).message).toMatch(/permission denied \(EACCES\)/);
  });
});

// The built CLI, with a guard against the old endless loop: a run that does not end in 30 s fails.
function lxp(args: string[], cwd: string) {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd, encoding: 'utf8', timeout: 30_000, env: { ...process.env, NO_COLOR: '1' } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr, timedOut: r.error !== undefined };
}

describe('folders lxp cannot make: a clear message, exit 2', () => {
  beforeAll(() => ensureBuilt());
  it.runIf(HAS_PROC)('lxp init /proc/nope', () => {
    const r = lxp(['init', '/proc/lxp-nope'], root);
    expect(r.timedOut).toBe(false);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('lxp: cannot create the folder /proc/lxp-nope: /proc does not allow new folders (a system or virtual file system) (ENOENT)\n');
  });

  it('lxp init afile/sub, where afile is a file (also with --json)', async () => {
    await writeFile(path.join(root, 'afile'), 'keep me');
    const r = lxp(['init', 'afile/sub'], root);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`lxp: cannot create the folder ${path.join(root, 'afile', 'sub')}: ${path.join(root, 'afile')} is a file, not a folder\n`);
    const j = lxp(['init', 'afile/sub', '--json'], root);
    expect(j.code).toBe(2);
    expect(JSON.parse(j.stdout)).toMatchObject({ command: 'init', outcome: 'error', exitCode: 2, error: { code: 'usage', message: expect.stringMatching(/afile is a file, not a folder/) } });
  });

  it('lxp server --data and --log under a file or /proc', async () => {
    await writeFile(path.join(root, 'afile'), '');
    const data = lxp(['server', '--data', 'afile/db'], root);
    expect(data.code).toBe(2);
    expect(data.stderr).toMatch(/^lxp: cannot create the folder .*afile[/\\]db: .*afile is a file, not a folder\n$/);
    const log = lxp(['server', '--data', ':memory:', '--log', 'afile/logs/requests.jsonl'], root);
    expect(log.code).toBe(2);
    expect(log.stderr).toMatch(/cannot create the folder .*afile[/\\]logs: .*afile is a file, not a folder/);
    if (HAS_PROC) {
      const proc = lxp(['server', '--data', '/proc/lxp-nope/db'], root);
      expect(proc.timedOut).toBe(false);
      expect(proc.code).toBe(2);
      expect(proc.stderr).toMatch(/cannot create the folder \/proc\/lxp-nope: /);
    }
  });
});

describe('the rule, kept', () => {
  it('no module of src/ makes folders with recursive mkdir (it spins on /proc): they use project/make-dir', () => {
    const offenders: string[] = [];
    const walk = (dir: string) => {
      for (const e of readdirSync(dir, { withFileTypes: true })) {
        const p = path.join(dir, e.name);
        if (e.isDirectory()) walk(p);
        else if (e.name.endsWith('.ts') && !p.endsWith(path.join('project', 'make-dir.ts')) && /mkdir(Sync)?\([^;]*?recursive:\s*true/.test(readFileSync(p, 'utf8'))) offenders.push(path.relative(ROOT, p));
      }
    };
    walk(path.join(ROOT, 'src'));
    expect(offenders).toEqual([]);
  });
});
