import { mkdir, readdir, readFile, stat, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { removeViewFile, writeViewFile } from '../../src/project/write.js';
import { useTempRoots } from '../harness/lifecycle.js';

const tempDir = useTempRoots(); // a fresh folder for each test (and any it makes), removed after it
let root: string;
let dir: string;
let outside: string;
beforeEach(async () => {
  root = await tempDir('lxp-write-');
  dir = path.join(root, 'site');
  outside = path.join(root, 'outside');
  await mkdir(dir);
  await mkdir(outside);
});

describe('writeViewFile', () => {
  it('writes many files into one new folder at once (mkdir race)', async () => {
    const files = Array.from({ length: 40 }, (_, i) => `pages/new/deeper/p${i}.hbs`);
    await Promise.all(files.map((f, i) => writeViewFile(root, f, `body ${i}`)));
    const names = await readdir(path.join(root, 'pages/new/deeper'));
    expect(names.sort()).toEqual(files.map((f) => path.basename(f)).sort());
  });

  it('writes a file, creating its folders, and overwrites it', async () => {
    await writeViewFile(dir, 'pages/admin/users.hbs', 'one');
    await writeViewFile(dir, 'pages/admin/users.hbs', 'two');
    expect(await readFile(path.join(dir, 'pages/admin/users.hbs'), 'utf8')).toBe('two');
    expect(await readdir(path.join(dir, 'pages/admin'))).toEqual(['users.hbs']); // no temp files left
  });

  it.each(['../x.hbs', 'pages/../../x.hbs', '/etc/x.hbs', 'pages//x.hbs', 'pages/./x.hbs', 'pages\\..\\x.hbs', 'C:/x.hbs', ''])(
    'refuses %j',
    async (file) => {
      await expect(writeViewFile(dir, file, 'x')).rejects.toThrow(/refusing/);
      expect(await readdir(outside)).toEqual([]);
      expect(await readdir(root)).toEqual(['outside', 'site']);
    },
  );

  it('refuses to write through a symlinked folder that leads outside', async () => {
    await mkdir(path.join(dir, 'pages'));
    await symlink(outside, path.join(dir, 'pages', 'evil'));
    await expect(writeViewFile(dir, 'pages/evil/x.hbs', 'x')).rejects.toThrow(/outside the experience folder/);
    await expect(writeViewFile(dir, 'pages/evil/deeper/x.hbs', 'x')).rejects.toThrow(/outside/);
    expect(await readdir(outside)).toEqual([]);
  });

  it('refuses to write through a symlinked file', async () => {
    await writeFile(path.join(outside, 'target.txt'), 'keep');
    await mkdir(path.join(dir, 'pages'));
    await symlink(path.join(outside, 'target.txt'), path.join(dir, 'pages', 'x.hbs'));
    await expect(writeViewFile(dir, 'pages/x.hbs', 'pwned')).rejects.toThrow(/symbolic link/);
    expect(await readFile(path.join(outside, 'target.txt'), 'utf8')).toBe('keep');
  });

  it('follows a symlink that stays inside the folder', async () => {
    await mkdir(path.join(dir, 'shared'));
    await mkdir(path.join(dir, 'pages'));
    await symlink(path.join(dir, 'shared'), path.join(dir, 'pages', 'shared'));
    await writeViewFile(dir, 'pages/shared/x.hbs', 'ok');
    expect(await readFile(path.join(dir, 'shared/x.hbs'), 'utf8')).toBe('ok');
  });
});

describe('removeViewFile', () => {
  it('removes the file and prunes the folders it leaves empty, keeping the type folder', async () => {
    await writeViewFile(dir, 'pages/a/b/c.hbs', 'x');
    await writeViewFile(dir, 'pages/a/keep.hbs', 'x');
    await removeViewFile(dir, 'pages/a/b/c.hbs');
    expect(await readdir(path.join(dir, 'pages/a'))).toEqual(['keep.hbs']);
    await removeViewFile(dir, 'pages/a/keep.hbs');
    expect(await readdir(path.join(dir, 'pages'))).toEqual([]);
    expect((await stat(path.join(dir, 'pages'))).isDirectory()).toBe(true);
  });

  it('is quiet about a file already gone, and refuses paths outside', async () => {
    await expect(removeViewFile(dir, 'pages/nope/x.hbs')).resolves.toBeUndefined();
    await writeFile(path.join(outside, 'x.hbs'), 'keep');
    await expect(removeViewFile(dir, '../outside/x.hbs')).rejects.toThrow(/refusing/);
    await mkdir(path.join(dir, 'pages'), { recursive: true });
    await symlink(outside, path.join(dir, 'pages', 'evil'));
    await expect(removeViewFile(dir, 'pages/evil/x.hbs')).rejects.toThrow(/outside/);
    expect(await readFile(path.join(outside, 'x.hbs'), 'utf8')).toBe('keep');
  });
});
