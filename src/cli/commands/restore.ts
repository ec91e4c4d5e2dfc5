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
    .option('--dry-run', 'check the version and plan the pull; list what would change on develop and in the folder; change nothing')
    .option('--no-pull', 'leave the folder as it is')
    .option('--force', 'let the pull overwrite local changes (as in lxp pull)');
  addTargetOptions(cmd);
  addOutputOptions(cmd);
  cmd.action(async (version: string, flags: RestoreFlags) => {
    const [{ runCommand }, restore, { restoreSummary }, { restoreInterruption }] = await Promise.all([
      import('../shell.js'),
      import('../../release/restore.js'),
      import('../../release/restore-plan.js'),
      import('../output/restore-interruption.js'),
    ]);
    exit(
      await runCommand('restore', flags, io, async (sh) => {
        const dir = sh.folder();
        // Ctrl-C or SIGTERM: say on which side of "develop replaced" it stopped.
        let step: Parameters<typeof restoreInterruption>[0];
        sh.answerStopSignals((signal) => restoreInterruption(step, version, !!flags.dryRun, signal));
        const conn = await sh.connect();
        const run = await restore.restore({
          session: conn,
          dir,
          version,
          pull: flags.pull,
          force: flags.force,
          dryRun: flags.dryRun,
          onStep: (s) => {
            step = s;
          },
          confirm: (plan) =>
            sh.confirm(`Replace develop of "${conn.target.name}" with ${plan.version}? Unreleased changes in develop are lost.`, {
              refusal: 'restore replaces develop: pass --yes to restore without a terminal',
              show: restoreSummary(plan, { dryRun: true }).split('\n'),
            }),
        });
        const { plan } = run;
        return {
          outcome: run.restored ? 'restored' : 'dry-run',
          data: {
            version: plan.version,
            dryRun: !!flags.dryRun,
            restored: run.restored,
            pulled: run.restored && plan.pull,
            develop: plan.develop,
            files: plan.folder,
            kept: plan.kept,
            ...(run.pull ? { pull: run.pull } : {}),
          },
          text: restoreSummary(plan, { dryRun: !run.restored }).split('\n'),
        };
      }),
    );
  });
}
