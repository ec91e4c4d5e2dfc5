// `lxp release [version]`: deploy the folder to develop, create the version, point slugs and
// domains at it. `--from-git` names it from the tag at HEAD. The work: src/release/release.ts.
import type { Command } from 'commander';
import type { CommandIO } from '../io.js';
import { addConcurrencyOption, addOutputOptions, addTargetOptions, addYesOption, collect } from '../options.js';
import type { TargetFlags } from '../shell.js';
import type { ReleaseProgress } from '../output/release-interruption.js';
import type { StateStore } from '../../sync/state.js';

interface ReleaseFlags extends TargetFlags {
  message?: string;
  fromGit?: boolean;
  allowDirty?: boolean;
  slug: string[];
  domain: string[];
  dryRun?: boolean;
  force?: boolean;
  prune?: boolean;
  includeRemote?: boolean;
  strict?: boolean;
  concurrency?: string;
}

export function define(program: Command, io: CommandIO, exit: (code: number) => void): void {
  const cmd = program
    .command('release')
    .description('deploy the folder to develop, create a version, and point slugs/domains at it')
    .argument('[version]', 'version name (with --from-git: the tag at HEAD, or git describe)')
    .option('-m, --message <text>', 'version description')
    .option('--from-git', 'version name and description from git (tag at HEAD / describe, annotation / commit subject)')
    .option('--allow-dirty', 'with --from-git: release even with uncommitted changes in the folder')
    .option('--slug <slug>', 'slug to point at the new version (repeatable)', collect, [])
    .option('--domain <domain>', 'custom domain to point at the new version (repeatable)', collect, [])
    .option('--dry-run', 'print the deploy plan, the version and the re-pointing; write nothing');
  addYesOption(cmd);
  cmd
    .option('--force', 'deploy over conflicts (as in lxp deploy)')
    .option('--prune', 'delete remote views, endpoints, groups, slugs and domains the folder does not have, even ones made by hand (as in lxp deploy; never a slug or domain serving a version; --dry-run lists each delete)')
    .option('--include-remote', 'keep views only develop has (made in the Losant UI) and freeze them into the version')
    .option('--strict', 'unknown components and helpers are errors (exit 2, nothing sent), not warnings (default: lxp.config.json "strict")');
  addConcurrencyOption(cmd, 'requests in flight while deploying');
  addTargetOptions(cmd);
  addOutputOptions(cmd);
  cmd.action(async (versionArg: string | undefined, flags: ReleaseFlags) => {
    const [{ runCommand }, { UsageError }, { resolveConcurrency, resolveStrict }, { warningLines }, { refuseInvalidFolder }, rel, git, fmt, folder, adapter, { versionNameProblem }, { ReleaseError }, { releaseInterruption, noteDeployResult }] = await Promise.all([
      import('../shell.js'),
      import('../../sync/errors.js'),
      import('../flag-values.js'),
      import('../output/text.js'),
      import('../output/invalid-folder.js'),
      import('../../release/release.js'),
      import('../../release/git.js'),
      import('../../release/format.js'),
      import('../../release/folder.js'),
      import('../../release/sync-adapter.js'),
      import('../../release/version-name.js'),
      import('../../release/errors.js'),
      import('../output/release-interruption.js'),
    ]);
    exit(
      await runCommand('release', flags, io, async (sh) => {
        const dir = sh.folder();
        const concurrency = resolveConcurrency(flags.concurrency, dir);
        const strict = resolveStrict(flags.strict, dir);
        // Said once, before the deploy (a protected target's preview runs the release twice).
        let told = false;
        const tell = (warnings: Parameters<typeof warningLines>[0]) => {
          if (!told) for (const l of warningLines(warnings, sh.errStyle)) sh.note(l);
          told = true;
        };
        // Every envelope names the version and whether it is a dry run — a refused or failed one too (docs/releases.md).
        sh.about({ version: versionArg ?? null, dryRun: !!flags.dryRun });
        const named = flags.fromGit ? await git.releaseNameFromGit(dir, { allowDirty: flags.allowDirty, version: versionArg, description: flags.message, env: sh.io.env }) : undefined;
        const version = named?.version ?? versionArg;
        if (named && versionArg === undefined && named.info.tags.length > 1) {
          const why = named.info.tag === named.info.ciTag ? "the tag this CI job runs for" : 'the highest version; a CI job started for a tag releases that tag';
          sh.note(`HEAD has ${named.info.tags.length} tags (${named.info.tags.join(', ')}): releasing ${named.info.tag} (${why})`);
        }
        sh.about({ version: version ?? null });
        if (!version) throw new UsageError('name the version (lxp release <version>) or use --from-git');
        // The command line first (it costs nothing to check), then the folder, as deploy does: an
        // invalid one is refused before any connection or request.
        const nameProblem = versionNameProblem(version);
        if (nameProblem) throw new UsageError(`invalid version name "${version.slice(0, 80)}": ${nameProblem}`);
        // Ctrl-C or SIGTERM: save the deploy's sync state, say how far the release got (steps done
        // and not done) — from here on, so that a stop while the folder is read or the API reached
        // says no version was created too.
        const progress: ReleaseProgress = { finished: [], prune: !!flags.prune };
        let store: StateStore | undefined;
        sh.answerStopSignals(
          (signal, { drained }) => releaseInterruption(progress, version, !!flags.dryRun, signal, drained),
          () => store?.flushSync(),
        );
        const checked = await folder.checkReleaseFolder(dir, { strict });
        if (checked.issues.length > 0) return refuseInvalidFolder(sh, checked.issues, { warnings: checked.warnings });
        const conn = await sh.connect({ clientOptions: { ...sh.io.clientOptions, concurrency } });
        const run = (dryRun: boolean) =>
          rel.release({
            client: conn.client,
            version,
            description: named?.description ?? flags.message,
            slugs: flags.slug,
            domains: flags.domain,
            dryRun,
            loadFolder: () => folder.loadFolderViews(dir, { strict }),
            loadResources: () => folder.loadFolderVersionedResources(dir),
            loadDeclaredPointers: () => folder.loadFolderPointers(dir),
            includeRemote: flags.includeRemote,
            onWarnings: tell,
            onStep: (step) => {
              progress.step = step;
            },
            deploy: async (step) => {
              const deployed = await adapter.deployFolder(conn, {
                dir,
                dryRun: step.dryRun,
                force: flags.force,
                prune: flags.prune,
                includeRemote: flags.includeRemote,
                strict,
                env: sh.io.env,
                ...(step.dryRun
                  ? {}
                  : {
                      events: { onPlan: (plan) => void (progress.plan = plan), onResult: (r) => noteDeployResult(progress, r, sh.isStopping) },
                      onState: (s) => void (store = s),
                    }),
              });
              if (!step.dryRun) progress.deployed = deployed;
              return deployed;
            },
          });
        const result = await sh
          .confirmed((dryRun) => run(dryRun || !!flags.dryRun), {
            ask: conn.target.protected && !flags.dryRun,
            question: `Release ${version} to protected target "${conn.target.name}"?`,
            refusal: `target "${conn.target.name}" is protected: pass --yes to release without a terminal`,
            describe: fmt.formatRelease,
          })
          .catch((err: unknown) => {
            // A refused or failed release's envelope names the version and whether it was a dry run, as a finished one's does.
            if (err instanceof ReleaseError) err.about({ version, dryRun: !!flags.dryRun });
            throw err;
          });
        return {
          outcome: result.status,
          data: { ...result, ...(named ? { git: git.gitSummary(named.info) } : {}) },
          text: fmt.formatRelease(result).split('\n'),
        };
      }),
    );
  });
}
