import { execFileSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { GitError, readGitInfo, versionFromGit } from '../../src/release/git.js';

let repo: string;
const git = (...args: string[]) => execFileSync('git', args, { cwd: repo, encoding: 'utf8', env: { ...process.env, GIT_CONFIG_GLOBAL: '/dev/null' } });

beforeEach(() => {
  repo = mkdtempSync(path.join(tmpdir(), 'lxp-git-'));
  git('init', '-q', '-b', 'main');
  git('config', 'user.email', 'ci@example.com');
  git('config', 'user.name', 'CI');
  git('config', 'commit.gpgsign', 'false');
  git('config', 'tag.gpgsign', 'false');
  mkdirSync(path.join(repo, 'exp', 'pages'), { recursive: true });
  writeFileSync(path.join(repo, 'exp', 'pages', 'home.hbs'), '<h1>hi</h1>\n');
  git('add', '.');
  git('commit', '-q', '-m', 'Add home page');
});
afterEach(() => rmSync(repo, { recursive: true, force: true }));

describe('readGitInfo / versionFromGit', () => {
  it('uses an annotated tag and its annotation', async () => {
    git('tag', '-a', 'v1.0.0', '-m', 'First release\n\nWith notes.');
    const info = await readGitInfo(path.join(repo, 'exp'));
    expect(info.tag).toBe('v1.0.0');
    expect(versionFromGit(info)).toEqual({ version: 'v1.0.0', description: 'First release\n\nWith notes.', source: 'tag' });
    expect(info.dirtyPaths).toEqual([]);
  });

  it('uses a lightweight tag with the commit subject and short sha', async () => {
    git('tag', 'v2');
    const info = await readGitInfo(repo);
    const sha = git('rev-parse', '--short', 'HEAD').trim();
    expect(versionFromGit(info)).toEqual({ version: 'v2', description: `Add home page (${sha})`, source: 'tag' });
  });

  it('picks the highest version among several tags at HEAD', async () => {
    git('tag', 'v1.9.0');
    git('tag', 'v1.10.0');
    expect((await readGitInfo(repo)).tag).toBe('v1.10.0');
  });

  it('falls back to git describe when HEAD has no tag', async () => {
    git('tag', 'v1.0.0');
    writeFileSync(path.join(repo, 'exp', 'pages', 'about.hbs'), 'about\n');
    git('add', '.');
    git('commit', '-q', '-m', 'About page');
    const info = await readGitInfo(repo);
    expect(info.tag).toBeUndefined();
    const v = versionFromGit(info);
    expect(v.source).toBe('describe');
    expect(v.version).toMatch(/^v1\.0\.0-1-g[0-9a-f]+$/);
    expect(v.description).toMatch(/^About page \([0-9a-f]+\)$/);
  });

  it('reports uncommitted and untracked files in the folder, but not .lxp/ nor other folders', async () => {
    writeFileSync(path.join(repo, 'exp', 'pages', 'home.hbs'), '<h1>changed</h1>\n');
    writeFileSync(path.join(repo, 'exp', 'pages', 'new.hbs'), 'new\n');
    mkdirSync(path.join(repo, 'exp', '.lxp'));
    writeFileSync(path.join(repo, 'exp', '.lxp', 'state.json'), '{}');
    writeFileSync(path.join(repo, 'elsewhere.txt'), 'x');
    const info = await readGitInfo(path.join(repo, 'exp'));
    expect(info.dirtyPaths.sort()).toEqual(['exp/pages/home.hbs', 'exp/pages/new.hbs']);
  });

  it('refuses a folder outside git', async () => {
    const outside = mkdtempSync(path.join(tmpdir(), 'lxp-nogit-'));
    try {
      await expect(readGitInfo(outside)).rejects.toThrow(GitError);
    } finally {
      rmSync(outside, { recursive: true, force: true });
    }
  });
});
