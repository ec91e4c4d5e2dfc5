// What a release needs from git, asked of the `git` binary (the one source of truth for a
// checkout; no library re-implements tags, describe and status the same way). Every call runs in
// the experience folder, so a folder inside a larger repository works.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { UsageError } from '../sync/errors.js';

const run = promisify(execFile);

export interface GitInfo {
  /** The tag at HEAD (highest version-sorted when several), or undefined. */
  tag?: string;
  /** The tag's annotation (subject and body), undefined for a lightweight tag. */
  annotation?: string;
  /** `git describe --tags --always`: the tag, or tag-N-gSHA, or the short sha. */
  describe: string;
  subject: string;
  shortSha: string;
  /** Paths inside the experience folder (not .lxp/) with uncommitted changes, untracked included. */
  dirtyPaths: string[];
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

export async function readGitInfo(dir: string): Promise<GitInfo> {
  const inside = await git(dir, ['rev-parse', '--is-inside-work-tree']).catch(() => '');
  if (inside.trim() !== 'true') throw new GitError(`${dir} is not inside a git work tree`);
  const head = await git(dir, ['log', '-1', '--format=%h%x00%s']).catch(() => {
    throw new GitError(`${dir}: the repository has no commit yet`);
  });
  const [shortSha, subject = ''] = head.trim().split('\0');
  const tags = (await git(dir, ['tag', '--points-at', 'HEAD', '--sort=-v:refname'])).split('\n').filter(Boolean);
  const tag = tags[0];
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
  const dirtyPaths = parsePorcelainZ(status);
  return { tag, annotation, describe, subject, shortSha, dirtyPaths };
}

/** Paths of `git status --porcelain=v1 -z`: "XY path", where a rename/copy is followed by its source. */
function parsePorcelainZ(text: string): string[] {
  const entries = text.split('\0').filter(Boolean);
  const paths: string[] = [];
  for (let i = 0; i < entries.length; i++) {
    const xy = entries[i].slice(0, 2);
    paths.push(entries[i].slice(3));
    if (/[RC]/.test(xy)) i++; // skip the rename/copy source
  }
  return paths;
}

export interface VersionFromGit {
  version: string;
  description: string;
  /** Where the name came from. */
  source: 'tag' | 'describe';
}

/** The release's version name and description from git (see `lxp release --from-git`). */
export function versionFromGit(info: GitInfo): VersionFromGit {
  const version = info.tag ?? info.describe;
  const description = info.annotation ?? `${info.subject} (${info.shortSha})`;
  return { version, description, source: info.tag !== undefined ? 'tag' : 'describe' };
}

/**
 * `lxp release --from-git`: the version name and description from git, refusing (exit 2) when
 * git cannot say, or when the folder has uncommitted changes (the release would match no commit)
 * unless `allowDirty`. An explicit name or description wins over git's.
 */
export async function releaseNameFromGit(
  dir: string,
  opts: { allowDirty?: boolean; version?: string; description?: string },
): Promise<{ info: GitInfo; version: string; description: string }> {
  let info: GitInfo;
  try {
    info = await readGitInfo(dir);
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
  if (info.dirtyPaths.length && !opts.allowDirty) {
    const shown = info.dirtyPaths.slice(0, 10).map((p) => `  ${p}`).join('\n');
    const more = info.dirtyPaths.length > 10 ? `\n  … and ${info.dirtyPaths.length - 10} more` : '';
    throw new UsageError(
      `the work tree has uncommitted changes in the folder, so the release would not match any commit:\n${shown}${more}\n` +
        'Commit or stash them, or pass --allow-dirty.',
    );
  }
  const fromGit = versionFromGit(info);
  return { info, version: opts.version ?? fromGit.version, description: opts.description ?? fromGit.description };
}

/** What a release's --json says about git. */
export function gitSummary(info: GitInfo): { tag: string | null; describe: string; commit: string; dirty: boolean } {
  return { tag: info.tag ?? null, describe: info.describe, commit: info.shortSha, dirty: info.dirtyPaths.length > 0 };
}
