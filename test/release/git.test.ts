import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { GitError, readGitInfo, releaseNameFromGit, versionFromGit } from '../../src/release/git.js';
import { useTempRoots } from '../harness/lifecycle.js';

const tempDir = useTempRoots(); // a fresh repository for each test, removed after it

let repo: string;
const git = (...args: string[]) => execFileSync('git', args, { cwd: repo, encoding: 'utf8', env: { ...process.env, GIT_CONFIG_GLOBAL: '/dev/null' } });

beforeEach(async () => {
  repo = await tempDir('lxp-git-');
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

  it('a release sorts above its pre-releases: the final tag on an RC\'s commit is released as itself (review 6, H2)', async () => {
    git('tag', '-a', 'v11.0.0-rc.1', '-m', 'RC 1 of 11');
    git('tag', 'v10.9.0');
    expect((await readGitInfo(repo, {})).tag).toBe('v11.0.0-rc.1');
    git('tag', '-a', 'v11.0.0', '-m', 'Release 11');
    const info = await readGitInfo(repo, {});
    expect(info.tag).toBe('v11.0.0');
    expect(info.tags).toEqual(['v11.0.0', 'v11.0.0-rc.1', 'v10.9.0']);
    expect(versionFromGit(info)).toMatchObject({ version: 'v11.0.0', description: 'Release 11' });
  });

  it('orders tags as versions whatever their prefix (v, V or none), non-versions last (review 6b, L-g)', async () => {
    git('tag', '12.1.0');
    git('tag', 'v12.0.9');
    git('tag', 'prod-2026');
    // git's own version sort puts v12.0.9 first ("v" above "1").
    expect(await readGitInfo(repo, {})).toMatchObject({ tag: '12.1.0', tags: ['12.1.0', 'v12.0.9', 'prod-2026'] });
    git('tag', 'V12.10.0');
    git('tag', 'v12.2.0');
    git('tag', 'v12.10.0-rc.2');
    git('tag', 'v12.10.0-rc.10');
    git('tag', '1.9');
    const info = await readGitInfo(repo, {});
    expect(info.tags).toEqual(['V12.10.0', 'v12.10.0-rc.10', 'v12.10.0-rc.2', 'v12.2.0', '12.1.0', 'v12.0.9', '1.9', 'prod-2026']);
    expect(versionFromGit(info).version).toBe('V12.10.0');
    // The tag a CI job runs for still wins, and is read once (GitInfo.ciTag).
    expect(await readGitInfo(repo, { CI_COMMIT_TAG: 'v12.2.0' })).toMatchObject({ tag: 'v12.2.0', ciTag: 'v12.2.0' });
    expect((await readGitInfo(repo, {})).ciTag).toBeUndefined();
  });

  it('a CI job started for a tag at HEAD releases that tag (GitHub Actions, GitLab CI); one not at HEAD is not taken', async () => {
    git('tag', 'v3.0.0-rc.1');
    git('tag', 'v3.0.0');
    expect((await readGitInfo(repo, { GITHUB_REF_TYPE: 'tag', GITHUB_REF_NAME: 'v3.0.0-rc.1' })).tag).toBe('v3.0.0-rc.1');
    expect((await readGitInfo(repo, { GITHUB_REF_TYPE: 'branch', GITHUB_REF_NAME: 'v3.0.0-rc.1' })).tag).toBe('v3.0.0');
    expect((await readGitInfo(repo, { CI_COMMIT_TAG: 'v3.0.0-rc.1' })).tag).toBe('v3.0.0-rc.1');
    expect((await readGitInfo(repo, { CI_COMMIT_TAG: 'v9.9.9' })).tag).toBe('v3.0.0');
  });

  it('release --from-git refuses when the CI job runs for a tag that is not at HEAD (review 6b, L-g)', async () => {
    git('tag', 'v3.0.0');
    const err = await releaseNameFromGit(repo, { env: { CI_COMMIT_TAG: 'v9.9.9' } }).catch((e) => e);
    expect(err.message).toBe("this CI job runs for the tag v9.9.9, which is not at HEAD (HEAD's tags: v3.0.0): check out the tag's commit, or name the version (lxp release <version> --from-git). Nothing was sent.");
    expect((await releaseNameFromGit(repo, { env: { CI_COMMIT_TAG: 'v9.9.9' }, version: 'v4' })).version).toBe('v4');
    expect((await releaseNameFromGit(repo, { env: { CI_COMMIT_TAG: 'v3.0.0' } })).version).toBe('v3.0.0');
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

  it('counts only the files a release reads: views and experience files .lxpignore keeps, and .lxpignore (review 5, L10)', async () => {
    const exp = path.join(repo, 'exp');
    writeFileSync(path.join(exp, 'notes.txt'), 'scratch\n');
    writeFileSync(path.join(exp, 'README.md'), '# exp\n');
    writeFileSync(path.join(exp, 'users.csv'), 'email\n');
    writeFileSync(path.join(exp, 'pages', 'home.preview.json'), '{}');
    mkdirSync(path.join(exp, 'drafts'));
    writeFileSync(path.join(exp, 'drafts', 'x.hbs'), 'x\n');
    expect((await readGitInfo(exp)).dirtyPaths).toEqual([]);
    expect(versionFromGit(await readGitInfo(exp)).description).toMatch(/^Add home page \([0-9a-f]+\)$/);

    writeFileSync(path.join(exp, 'endpoints.yaml'), '[]\n');
    mkdirSync(path.join(exp, 'components'));
    writeFileSync(path.join(exp, 'components', 'scratch.hbs'), 'x\n');
    writeFileSync(path.join(exp, 'pages', 'wip.hbs'), 'x\n');
    expect((await readGitInfo(exp)).dirtyPaths.sort()).toEqual(['exp/components/scratch.hbs', 'exp/endpoints.yaml', 'exp/pages/wip.hbs']);
    // A view .lxpignore ignores is never read; .lxpignore itself decides what is read.
    writeFileSync(path.join(exp, '.lxpignore'), 'pages/wip.hbs\ncomponents/\n');
    expect((await readGitInfo(exp)).dirtyPaths.sort()).toEqual(['exp/.lxpignore', 'exp/endpoints.yaml']);
    git('add', '.');
    git('commit', '-q', '-m', 'More');
    expect((await readGitInfo(exp)).dirtyPaths).toEqual([]);
    // A view file moved out of pages/ (staged rename): the release loses the view.
    git('mv', 'exp/pages/home.hbs', 'exp/home.hbs');
    expect((await readGitInfo(exp)).dirtyPaths).toEqual(['exp/home.hbs']);
  });

  it('with uncommitted changes (--allow-dirty), the description says so: the version is not the commit', async () => {
    writeFileSync(path.join(repo, 'exp', 'pages', 'home.hbs'), '<h1>dirty</h1>\n');
    git('tag', 'v3');
    const sha = git('rev-parse', '--short', 'HEAD').trim();
    expect(versionFromGit(await readGitInfo(path.join(repo, 'exp')))).toEqual({ version: 'v3', description: `Add home page (${sha} + uncommitted changes)`, source: 'tag' });
    git('tag', '-a', 'v4', '-m', 'Fourth');
    expect(versionFromGit(await readGitInfo(path.join(repo, 'exp'))).description).toBe('Fourth (+ uncommitted changes)');
  });

  it('refuses a folder outside git', async () => {
    const outside = await tempDir('lxp-nogit-');
    await expect(readGitInfo(outside)).rejects.toThrow(GitError);
  });
});
