// What a release needs from git, asked of the `git` binary (the one source of truth for a
// checkout; no library re-implements tags, describe and status the same way). Every call runs in
// the experience folder, so a folder inside a larger repository works.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { UsageError } from '../sync/errors.js';
import { IGNORE_FILE, loadIgnore } from '../project/load.js';
import { EXPERIENCE_FILES } from '../project/resources/load-files.js';
import { VIEW_TYPE_FOLDERS } from '../project/view.js';
import { orderTags } from './tag-order.js';

const run = promisify(execFile);

export interface GitInfo {
  /**
   * The tag at HEAD, or undefined: the one the CI job runs for when it names one at HEAD
   * (ciTag), else the highest as versions, a release above its pre-releases (v1.0.0 above
   * v1.0.0-rc.1).
   */
  tag?: string;
  /** Every tag at HEAD, highest version first (./tag-order.ts). */
  tags: string[];
  /** The tag the CI job runs for (ciTag), at HEAD or not; undefined outside such a job. */
  ciTag?: string;
  /** The tag's annotation (subject and body), undefined for a lightweight tag. */
  annotation?: string;
  /** `git describe --tags --always`: the tag, or tag-N-gSHA, or the short sha. */
  describe: string;
  subject: string;
  shortSha: string;
  /**
   * Files lxp reads into a version (view files and the three experience files that .lxpignore
   * does not ignore, and .lxpignore itself) with uncommitted changes, untracked included; as git
   * names them (from the repository's top). Other files of the folder (notes, README, users.csv,
   * preview sidecars) make no release differ from its commit, so they are not listed.
   */
  dirtyPaths: string[];
}

const VIEW_FOLDERS: ReadonlySet<string> = new Set(Object.values(VIEW_TYPE_FOLDERS));
const READ_FILES: ReadonlySet<string> = new Set([...EXPERIENCE_FILES, IGNORE_FILE]);

/** Whether a release reads `file` (relative to the experience folder, forward slashes). */
function releaseReads(file: string, ignored: (file: string) => boolean): boolean {
  if (file === IGNORE_FILE) return true; // it decides what is read
  const top = file.split('/')[0];
  const read = READ_FILES.has(file) || (VIEW_FOLDERS.has(top) && file.includes('/') && file.endsWith('.hbs'));
  return read && !ignored(file);
}

export class GitError extends Error {
  override readonly name = 'GitError';
}

async function git(dir: string, args: string[]): Promise<string> {
  try {
    const { stdout } = await run('git', args, { cwd: dir, maxBuffer: 16 * 1024 * 1024, env: { ...process.env, GIT_OPTIONAL_LOCKS: '0' } });
    return stdout;
  } catch (err) {
    const e = err as NodeJS.ErrnoException & { stderr?: string };
    if (e.code === 'ENOENT') throw new GitError('git is not installed (or not on PATH)');
    const detail = (e.stderr ?? '').trim().split('\n')[0] || e.message;
    throw new GitError(`git ${args[0]} failed in ${dir}: ${detail}`);
  }
}

/**
 * The tag a CI job was started for, if its CI says so: GitHub Actions (`GITHUB_REF_TYPE=tag`,
 * `GITHUB_REF_NAME`), GitLab CI (`CI_COMMIT_TAG`). Two tags on one commit (an RC, then the
 * release) each start a job; each must release its own tag.
 */
export function ciTag(env: NodeJS.ProcessEnv): string | undefined {
  if (env.GITHUB_REF_TYPE === 'tag' && env.GITHUB_REF_NAME) return env.GITHUB_REF_NAME;
  return env.CI_COMMIT_TAG || undefined;
}

export async function readGitInfo(dir: string, env: NodeJS.ProcessEnv = process.env): Promise<GitInfo> {
  const inside = await git(dir, ['rev-parse', '--is-inside-work-tree']).catch(() => '');
  if (inside.trim() !== 'true') throw new GitError(`${dir} is not inside a git work tree`);
  const head = await git(dir, ['log', '-1', '--format=%h%x00%s']).catch(() => {
    throw new GitError(`${dir}: the repository has no commit yet`);
  });
  const [shortSha, subject = ''] = head.trim().split('\0');
  // Version order whatever the prefix, a release above its pre-releases (./tag-order.ts); git's
  // own order (a suffix after "-" a pre-release) for the tags that are not versions.
  const tags = orderTags((await git(dir, ['-c', 'versionsort.suffix=-', 'tag', '--points-at', 'HEAD', '--sort=-v:refname'])).split('\n').filter(Boolean));
  const named = ciTag(env);
  const tag = named !== undefined && tags.includes(named) ? named : tags[0];
  let annotation: string | undefined;
  if (tag !== undefined) {
    const type = (await git(dir, ['cat-file', '-t', `refs/tags/${tag}`])).trim();
    if (type === 'tag') {
      const text = await git(dir, ['for-each-ref', '--format=%(contents:subject)%0a%0a%(contents:body)', `refs/tags/${tag}`]);
      annotation = text.trim() || undefined;
    }
  }
  const describe = (await git(dir, ['describe', '--tags', '--always'])).trim();
  // Scoped to the folder; .lxp/ holds lxp's own sync state, which a deploy rewrites.
  const status = await git(dir, ['status', '--porcelain=v1', '-z', '--untracked-files=all', '--', '.', ':(exclude).lxp']);
  // Porcelain paths start at the repository's top; the folder's own start after its prefix.
  const prefix = (await git(dir, ['rev-parse', '--show-prefix'])).trim();
  const ignored = await loadIgnore(dir);
  const inFolder = (p: string) => (p.startsWith(prefix) ? p.slice(prefix.length) : p);
  const dirtyPaths = parsePorcelainZ(status)
    .filter((e) => [e.path, ...(e.from !== undefined ? [e.from] : [])].some((p) => releaseReads(inFolder(p), ignored)))
    .map((e) => e.path);
  return { tag, tags, ...(named !== undefined ? { ciTag: named } : {}), annotation, describe, subject, shortSha, dirtyPaths };
}

/** Entries of `git status --porcelain=v1 -z`: "XY path", where a rename/copy is followed by its source. */
function parsePorcelainZ(text: string): { path: string; from?: string }[] {
  const entries = text.split('\0').filter(Boolean);
  const out: { path: string; from?: string }[] = [];
  for (let i = 0; i < entries.length; i++) {
    const xy = entries[i].slice(0, 2);
    const entry: { path: string; from?: string } = { path: entries[i].slice(3) };
    // A rename or copy: its source follows (a view file moved out of pages/ changes the release too).
    if (/[RC]/.test(xy) && i + 1 < entries.length) entry.from = entries[++i];
    out.push(entry);
  }
  return out;
}

/** What a description built from git adds when the folder had uncommitted changes (--allow-dirty). */
export const DIRTY_NOTE = '+ uncommitted changes';

export interface VersionFromGit {
  version: string;
  description: string;
  /** Where the name came from. */
  source: 'tag' | 'describe';
}

/** The release's version name and description from git (see `lxp release --from-git`). */
export function versionFromGit(info: GitInfo): VersionFromGit {
  const version = info.tag ?? info.describe;
  // A release of a dirty folder (--allow-dirty) is not the commit: its description says so.
  const dirty = info.dirtyPaths.length > 0;
  const description = info.annotation !== undefined ? (dirty ? `${info.annotation} (${DIRTY_NOTE})` : info.annotation) : `${info.subject} (${info.shortSha}${dirty ? ` ${DIRTY_NOTE}` : ''})`;
  return { version, description, source: info.tag !== undefined ? 'tag' : 'describe' };
}

/**
 * `lxp release --from-git`: the version name and description from git, refusing (exit 2) when
 * git cannot say, or when the folder has uncommitted changes (the release would match no commit)
 * unless `allowDirty`. An explicit name or description wins over git's.
 */
export async function releaseNameFromGit(
  dir: string,
  opts: { allowDirty?: boolean; version?: string; description?: string; env?: NodeJS.ProcessEnv },
): Promise<{ info: GitInfo; version: string; description: string }> {
  let info: GitInfo;
  try {
    info = await readGitInfo(dir, opts.env);
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
  if (info.dirtyPaths.length && !opts.allowDirty) {
    const shown = info.dirtyPaths.slice(0, 10).map((p) => `  ${p}`).join('\n');
    const more = info.dirtyPaths.length > 10 ? `\n  … and ${info.dirtyPaths.length - 10} more` : '';
    throw new UsageError(
      `the work tree has uncommitted changes in files the release reads, so it would not match any commit:\n${shown}${more}\n` +
        'Commit or stash them, or pass --allow-dirty.',
    );
  }
  const named = info.ciTag;
  if (opts.version === undefined && named !== undefined && !info.tags.includes(named)) {
    throw new UsageError(
      `this CI job runs for the tag ${named}, which is not at HEAD (${info.tags.length ? `HEAD's tags: ${info.tags.join(', ')}` : 'HEAD has no tag'}): check out the tag's commit, or name the version (lxp release <version> --from-git). Nothing was sent.`,
    );
  }
  const fromGit = versionFromGit(info);
  return { info, version: opts.version ?? fromGit.version, description: opts.description ?? fromGit.description };
}

/** What a release's --json says about git. */
export function gitSummary(info: GitInfo): { tag: string | null; tags: string[]; describe: string; commit: string; dirty: boolean } {
  return { tag: info.tag ?? null, tags: info.tags, describe: info.describe, commit: info.shortSha, dirty: info.dirtyPaths.length > 0 };
}
