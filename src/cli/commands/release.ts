// `lxp release [version]`: deploy the folder to develop, create the version, point slugs and
// domains at it. `--from-git` names it from the tag at HEAD. See src/release/release.ts.
import type { Command } from 'commander';

const collect = (value: string, all: string[]) => [...all, value];

interface ReleaseFlags {
  message?: string;
  fromGit?: boolean;
  allowDirty?: boolean;
  slug: string[];
  domain: string[];
  dryRun?: boolean;
  yes?: boolean;
  force?: boolean;
  prune?: boolean;
  concurrency?: string;
  dir: string;
  target?: string;
  json?: boolean;
  quiet?: boolean;
}

export function define(program: Command): void {
  program
    .command('release')
    .description('deploy the folder to develop, create a version, and point slugs/domains at it')
    .argument('[version]', 'version name (with --from-git: the tag at HEAD, or git describe)')
    .option('-m, --message <text>', 'version description')
    .option('--from-git', 'version name and description from git (tag at HEAD / describe, annotation / commit subject)')
    .option('--allow-dirty', 'with --from-git: release even with uncommitted changes in the folder')
    .option('--slug <slug>', 'slug to point at the new version (repeatable)', collect, [])
    .option('--domain <domain>', 'custom domain to point at the new version (repeatable)', collect, [])
    .option('--dry-run', 'print the deploy plan, the version and the re-pointing; write nothing')
    .option('-y, --yes', 'do not ask (needed for a protected target without a terminal)')
    .option('--force', 'deploy over conflicts (as in lxp deploy)')
    .option('--prune', 'delete remote views the folder does not have, even ones made by hand (as in lxp deploy)')
    .option('--concurrency <n>', 'parallel requests while deploying (default: lxp.config.json "concurrency", else 8)')
    .option('--dir <dir>', 'experience folder', '.')
    .option('--target <name>', 'target from lxp.config.json')
    .option('--json', 'one JSON document on stdout (also on failure)')
    .option('-q, --quiet', 'print nothing but errors')
    .action(async (versionArg: string | undefined, opts: ReleaseFlags) => {
      const [{ UsageError }, session_, rel, git, fmt, out_, { confirm }, folder, adapter] = await Promise.all([
        import('../../sync/errors.js'),
        import('../../sync/connection.js'),
        import('../../release/release.js'),
        import('../../release/git.js'),
        import('../../release/format.js'),
        import('../../release/output.js'),
        import('../../release/confirm.js'),
        import('../../release/folder.js'),
        import('../../release/sync-adapter.js'),
      ]);
      const out = { json: !!opts.json, quiet: !!opts.quiet };
      await out_.runReporting(out, async () => {
        // The flag wins over the folder's lxp.config.json, which wins over the default.
        const { loadConfig } = await import('../../config/index.js');
        const concurrency = Number(opts.concurrency ?? loadConfig(opts.dir).concurrency ?? 8);
        if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 64) throw new UsageError('--concurrency must be an integer from 1 to 64');
        let version = versionArg;
        let description = opts.message;
        let gitInfo: import('../../release/git.js').GitInfo | undefined;
        if (opts.fromGit) {
          try {
            gitInfo = await git.readGitInfo(opts.dir);
          } catch (err) {
            throw new UsageError((err as Error).message);
          }
          if (gitInfo.dirtyPaths.length && !opts.allowDirty) {
            const shown = gitInfo.dirtyPaths.slice(0, 10).map((p) => `  ${p}`).join('\n');
            const more = gitInfo.dirtyPaths.length > 10 ? `\n  … and ${gitInfo.dirtyPaths.length - 10} more` : '';
            throw new UsageError(
              `the work tree has uncommitted changes in the folder, so the release would not match any commit:\n${shown}${more}\n` +
                'Commit or stash them, or pass --allow-dirty.',
            );
          }
          const fromGit = git.versionFromGit(gitInfo);
          version ??= fromGit.version;
          description ??= fromGit.description;
        }
        if (!version) throw new UsageError('name the version (lxp release <version>) or use --from-git');

        const session = await session_.connect({ dir: opts.dir, target: opts.target, say: opts.quiet || opts.json ? undefined : (line) => process.stderr.write(line + '\n') });
        try {
          if (session.target.protected && !opts.dryRun) {
            const ok = await confirm({
              question: `Release ${version} to protected target "${session.target.name}"?`,
              yes: !!opts.yes,
              refusal: `target "${session.target.name}" is protected: pass --yes to release without a terminal`,
            });
            if (!ok) throw new UsageError('release cancelled');
          }
          const result = await rel.release({
            client: session.client,
            version,
            description,
            slugs: opts.slug,
            domains: opts.domain,
            dryRun: !!opts.dryRun,
            loadFolder: () => folder.loadFolderViews(opts.dir),
            deploy: ({ dryRun }) =>
              adapter.deployFolder(session, { dir: opts.dir, dryRun, force: opts.force, prune: opts.prune, concurrency }),
          });
          const git_ = gitInfo ? { git: { tag: gitInfo.tag ?? null, describe: gitInfo.describe, commit: gitInfo.shortSha, dirty: gitInfo.dirtyPaths.length > 0 } } : {};
          out_.printResult(out, { target: session.target.name, ...result, ...git_ }, fmt.formatRelease(result));
        } finally {
          await session.close();
        }
      });
    });
}
