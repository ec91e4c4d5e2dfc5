// `lxp restore <version>`: replace develop with a version's contents, then pull so the folder
// matches. Asks first (develop's unreleased edits are lost), or --yes. The work: src/release/restore.ts.
import type { Command } from 'commander';
import type { CommandIO } from '../io.js';
import { addOutputOptions, addTargetOptions, addYesOption } from '../options.js';
import type { TargetFlags } from '../shell.js';

interface RestoreFlags extends TargetFlags {
  dryRun?: boolean;
  pull: boolean;
  force?: boolean;
}

export function define(program: Command, io: CommandIO, exit: (code: number) => void): void {
  const cmd = program
    .command('restore')
    .description("replace develop with a version's contents, then pull them into the folder")
    .argument('<version>', 'version name');
  addYesOption(cmd, 'do not ask (needed without a terminal)');
  cmd
    .option('--dry-run', 'check the version exists; change nothing')
    .option('--no-pull', 'leave the folder as it is')
    .option('--force', 'let the pull overwrite local changes (as in lxp pull)');
  addTargetOptions(cmd);
  addOutputOptions(cmd);
  cmd.action(async (version: string, flags: RestoreFlags) => {
    const [{ runCommand }, restore, adapter] = await Promise.all([import('../shell.js'), import('../../release/restore.js'), import('../../release/sync-adapter.js')]);
    exit(
      await runCommand('restore', flags, io, async (sh) => {
        const dir = sh.folder();
        const conn = await sh.connect();
        const name = await restore.checkRestorable(conn.client, version);
        const what = `replace develop with ${name}${flags.pull ? ' and pull it into the folder' : ''}`;
        if (flags.dryRun) {
          return { outcome: 'dry-run', data: { version: name, dryRun: true, restored: false, pulled: false }, text: [`Dry run: would ${what}.`] };
        }
        await sh.confirm(`Replace develop of "${conn.target.name}" with ${name}? Unreleased changes in develop are lost.`, {
          refusal: 'restore replaces develop: pass --yes to restore without a terminal',
          show: [`Restore would ${what}.`],
        });
        const result = await restore.restoreDevelop({ client: conn.client, version: name });
        const pulled = flags.pull ? await adapter.pullFolder(conn, { dir, force: flags.force, version: name }) : undefined;
        return {
          outcome: 'restored',
          data: { ...result, pulled: flags.pull, ...(pulled !== undefined ? { pull: pulled } : {}) },
          text: [`Develop now holds ${name}${flags.pull ? '; the folder was pulled to match' : ' (the folder was not pulled: run lxp pull)'}.`],
        };
      }),
    );
  });
}
