// `lxp restore <version>`: replace develop with a version's contents, then pull so the folder
// matches. Asks first (develop's unreleased edits are lost), or --yes.
import type { Command } from 'commander';

interface RestoreFlags {
  yes?: boolean;
  dryRun?: boolean;
  pull: boolean;
  force?: boolean;
  dir: string;
  target?: string;
  json?: boolean;
  quiet?: boolean;
}

export function define(program: Command): void {
  program
    .command('restore')
    .description("replace develop with a version's contents, then pull them into the folder")
    .argument('<version>', 'version name')
    .option('-y, --yes', 'do not ask')
    .option('--dry-run', 'check the version exists; change nothing')
    .option('--no-pull', 'leave the folder as it is')
    .option('--force', 'let the pull overwrite local changes (as in lxp pull)')
    .option('--dir <dir>', 'experience folder', '.')
    .option('--target <name>', 'target from lxp.config.json')
    .option('--json', 'one JSON document on stdout')
    .option('-q, --quiet', 'print nothing but errors')
    .action(async (version: string, opts: RestoreFlags) => {
      const [{ UsageError }, { connect }, restore, { printResult, runReporting }, { confirm }, adapter] = await Promise.all([
        import('../../sync/errors.js'),
        import('../../sync/connection.js'),
        import('../../release/restore.js'),
        import('../../release/output.js'),
        import('../../release/confirm.js'),
        import('../../release/sync-adapter.js'),
      ]);
      const out = { json: !!opts.json, quiet: !!opts.quiet };
      await runReporting(out, async () => {
        const session = await connect({ dir: opts.dir, target: opts.target, say: opts.quiet || opts.json ? undefined : (line) => process.stderr.write(line + '\n') });
        try {
          const name = await restore.checkRestorable(session.client, version);
          if (opts.dryRun) {
            printResult(out, { target: session.target.name, version: name, dryRun: true, restored: false }, `Dry run: would replace develop with ${name}${opts.pull ? ' and pull it into the folder' : ''}.`);
            return;
          }
          const ok = await confirm({
            question: `Replace develop of "${session.target.name}" with ${name}? Unreleased changes in develop are lost.`,
            yes: !!opts.yes,
            refusal: 'restore replaces develop: pass --yes to restore without a terminal',
          });
          if (!ok) throw new UsageError('restore cancelled');
          const result = await restore.restoreDevelop({ client: session.client, version: name });
          const pulled = opts.pull ? await adapter.pullFolder(session, { dir: opts.dir, force: opts.force, version: name }) : undefined;
          printResult(
            out,
            { target: session.target.name, ...result, pulled: opts.pull, ...(pulled !== undefined ? { pull: pulled } : {}) },
            `Develop now holds ${name}${opts.pull ? '; the folder was pulled to match' : ' (folder not pulled: run lxp pull)'}.`,
          );
        } finally {
          await session.close();
        }
      });
    });
}
